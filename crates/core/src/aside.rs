//! Work done on a second thread where there is one: letting large values go without
//! waiting for it, and independent pieces of work in two halves.

/// How many items (path items, requests, definitions) a piece of work needs before a second
/// thread for it saves more than starting the thread costs (some tens of microseconds).
pub const WORTH_A_THREAD: usize = 64;

/// Lets `value` go on a thread of its own (outside WebAssembly), so that the caller goes on
/// while it is freed: freeing a parsed 12 MB document node by node is a thirtieth of its
/// conversion. The thread is not waited for. Within WebAssembly, or when no thread can be
/// started, the value is let go here.
pub fn drop_aside<T: Send + 'static>(value: T) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        // A thread that cannot start takes the value with it: it is let go here then.
        let _started = std::thread::Builder::new()
            .name("drop".into())
            .spawn(move || drop(value));
    }
    #[cfg(target_arch = "wasm32")]
    drop(value);
}

/// Runs `here` on this thread and `other` on a second one, and returns both results. Within
/// WebAssembly, or when no thread can be started, `other` runs here after `here` (so it is
/// called once either way). A panic in `other` is raised again here.
pub fn beside<H, O: Send>(here: impl FnOnce() -> H, mut other: impl FnMut() -> O + Send) -> (H, O) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let (done, out) = std::thread::scope(|scope| {
            // The thread borrows `other`: one that cannot start leaves it to be run here.
            let started = std::thread::Builder::new()
                .name("beside".into())
                .spawn_scoped(scope, &mut other);
            let done = here();
            match started.map(|handle| handle.join()) {
                Ok(Ok(out)) => (done, Some(out)),
                Ok(Err(panic)) => std::panic::resume_unwind(panic),
                Err(_) => (done, None),
            }
        });
        match out {
            Some(out) => (done, out),
            None => (done, other()),
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        let done = here();
        (done, other())
    }
}

/// Runs `work` on the two halves of `items`, each with a state of its own, and returns the
/// states in the order of the halves: outside WebAssembly the second half is done on a thread
/// of its own (when there are at least `min` items, below which a thread costs more than it
/// saves). `work` must not depend on the other half having been done: the result is then what
/// one pass over all the items, in order, would give, with the states to be merged in order.
/// A panic in the second half is raised again here.
pub fn in_halves<T: Send, S: Default + Send>(
    items: &mut [T],
    min: usize,
    work: impl Fn(&mut [T], &mut S) + Sync,
) -> (S, S) {
    let mut first = S::default();
    let mut second = S::default();
    let halves = if items.len() >= min.max(2) {
        items.split_at_mut_checked(items.len() / 2)
    } else {
        None
    };
    // Too few items: one pass, the second state stays empty.
    let Some((head, tail)) = halves else {
        work(items, &mut first);
        return (first, second);
    };
    beside(|| work(head, &mut first), || work(tail, &mut second));
    (first, second)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    struct Flag(Arc<AtomicBool>);

    impl Drop for Flag {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }

    /// Each item doubled, and the items seen in order, per half.
    fn double(items: &mut [u64], seen: &mut Vec<u64>) {
        for i in items {
            seen.push(*i);
            *i *= 2;
        }
    }

    #[test]
    fn halves_give_what_one_pass_gives() {
        for (len, min) in [(0, 4), (1, 4), (3, 4), (4, 4), (5, 4), (1000, 4), (7, 100)] {
            let mut items: Vec<u64> = (0..len as u64).collect();
            let (first, second) = in_halves(&mut items, min, double);
            let mut in_turn: Vec<u64> = (0..len as u64).collect();
            let mut all = Vec::new();
            double(&mut in_turn, &mut all);
            assert_eq!(items, in_turn, "{len}");
            assert_eq!([first.clone(), second.clone()].concat(), all, "{len}");
            let split = len >= min && len >= 2;
            assert_eq!(second.is_empty(), !split, "{len} {min}");
            if split {
                assert_eq!(first.len(), len / 2);
            }
        }
    }

    #[test]
    fn the_second_half_runs_on_another_thread() {
        let main = std::thread::current().id();
        let mut items = [0u8; 8];
        let (first, second) = in_halves(&mut items, 2, |_, seen: &mut Vec<_>| {
            seen.push(std::thread::current().id());
        });
        assert_eq!(first, [main]);
        assert_eq!(second.len(), 1);
        assert!(second.iter().all(|id| *id != main));
    }

    #[test]
    #[should_panic(expected = "second half")]
    fn a_panic_in_the_second_half_is_raised_again() {
        let mut items = [1, 2, 3, 4];
        in_halves(&mut items, 2, |half, _: &mut ()| {
            if half.contains(&4) {
                panic!("second half");
            }
        });
    }

    #[test]
    fn beside_gives_both_results_and_runs_the_other_once() {
        let mut calls = 0;
        let here = std::thread::current().id();
        let (a, (b, there)) = beside(
            || 1,
            || {
                calls += 1;
                (2, std::thread::current().id())
            },
        );
        assert_eq!((a, b, calls), (1, 2, 1));
        #[cfg(not(target_arch = "wasm32"))]
        assert_ne!(there, here);
    }

    #[test]
    fn a_value_given_aside_is_let_go() {
        let dropped = Arc::new(AtomicBool::new(false));
        drop_aside(Flag(Arc::clone(&dropped)));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !dropped.load(Ordering::SeqCst) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert!(dropped.load(Ordering::SeqCst));
    }
}
