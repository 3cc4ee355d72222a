//! Letting large values go without waiting for it.

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
