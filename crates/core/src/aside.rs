//! Work done on a second thread where there is one: letting large values go without
//! waiting for it, and independent pieces of work taken in turn by two threads.

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

/// How many pieces a piece of work is cut into for [`in_pieces`] and [`take_in_turn`]: enough
/// that two threads taking them in turn end close together, whatever the pieces' sizes.
pub const PIECES: usize = 24;

/// Runs `work` on each of `pieces`, taken in turn by this thread and a second one (outside
/// WebAssembly; within it, or when no thread can be started, all of them here), and returns
/// the results in the pieces' order. A piece is taken once. A panic in `work` on the second
/// thread is raised again here (the pieces it had not reached are then left undone).
pub fn take_in_turn<P: Send, R: Send>(pieces: Vec<P>, work: impl Fn(P) -> R + Sync) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::Mutex;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let slots: Vec<Mutex<Option<P>>> =
            pieces.into_iter().map(|p| Mutex::new(Some(p))).collect();
        let next = AtomicUsize::new(0);
        let take = || {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(slot) = slots.get(i) else {
                    return done;
                };
                // A lock poisoned by a panic (raised again by `beside`) leaves its piece undone.
                if let Some(piece) = slot.lock().ok().and_then(|mut p| p.take()) {
                    done.push((i, work(piece)));
                }
            }
        };
        // The closure holds only shared borrows: each thread gets a copy.
        let (mut done, theirs) = beside(take, take);
        done.extend(theirs);
        done.sort_unstable_by_key(|(i, _)| *i);
        done.into_iter().map(|(_, r)| r).collect()
    }
    #[cfg(target_arch = "wasm32")]
    {
        pieces.into_iter().map(work).collect()
    }
}

/// Runs `work` on runs of `items`, each with a state of its own, and returns the states in
/// the runs' order. From `min` items on (outside WebAssembly), the items are cut into
/// [`PIECES`] runs taken in turn by two threads ([`take_in_turn`]); below, where a thread
/// costs more than it saves, or within WebAssembly, one run of all the items is done here. `work` must not depend on another run having been done:
/// the result is then what one pass over all the items, in order, would give, with the states
/// to be merged in order. A panic in `work` on the second thread is raised again here.
pub fn in_pieces<T: Send, S: Default + Send>(
    items: &mut [T],
    min: usize,
    work: impl Fn(&mut [T], &mut S) + Sync,
) -> Vec<S> {
    let run = |items: &mut [T]| {
        let mut state = S::default();
        work(items, &mut state);
        state
    };
    #[cfg(not(target_arch = "wasm32"))]
    if items.len() >= min.max(2) {
        let len = items.len().div_ceil(PIECES);
        return take_in_turn(items.chunks_mut(len).collect(), run);
    }
    // One thread: one run, without cutting (the WebAssembly module then holds no pieces).
    let _ = min;
    vec![run(items)]
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
    fn pieces_give_what_one_pass_gives() {
        for (len, min) in [
            (0, 4),
            (1, 4),
            (3, 4),
            (4, 4),
            (5, 4),
            (30, 2),
            (1000, 4),
            (7, 100),
        ] {
            let mut items: Vec<u64> = (0..len as u64).collect();
            let states = in_pieces(&mut items, min, double);
            let mut in_turn: Vec<u64> = (0..len as u64).collect();
            let mut all = Vec::new();
            double(&mut in_turn, &mut all);
            assert_eq!(items, in_turn, "{len}");
            assert_eq!(states.concat(), all, "{len}");
            let cut = len >= min && len >= 2;
            let expected = if cut {
                len.div_ceil(len.div_ceil(PIECES))
            } else {
                1
            };
            assert_eq!(states.len(), expected, "{len} {min}");
            assert!(states.iter().all(|s| cut == (s.len() < len)), "{len}");
        }
    }

    #[test]
    fn pieces_are_taken_by_both_threads_and_come_back_in_order() {
        let main = std::thread::current().id();
        // Each piece waits until the other thread has taken one, so neither takes them all.
        let started = AtomicBool::new(false);
        let order: Vec<usize> = (0..PIECES).collect();
        let done = take_in_turn(order.clone(), |i| {
            let here = std::thread::current().id();
            if here != main {
                started.store(true, Ordering::SeqCst);
            }
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while !started.load(Ordering::SeqCst) && std::time::Instant::now() < deadline {
                std::thread::yield_now();
            }
            (i, here)
        });
        assert_eq!(done.iter().map(|(i, _)| *i).collect::<Vec<_>>(), order);
        assert!(done.iter().any(|(_, t)| *t == main));
        assert!(done.iter().any(|(_, t)| *t != main));
    }

    #[test]
    #[should_panic(expected = "one piece")]
    fn a_panic_on_the_second_thread_is_raised_again() {
        let main = std::thread::current().id();
        let mut items = [0u8; 64];
        in_pieces(&mut items, 2, |_, _: &mut ()| {
            if std::thread::current().id() != main {
                panic!("one piece");
            }
            // Leaves pieces for the other thread.
            std::thread::sleep(std::time::Duration::from_millis(1));
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
