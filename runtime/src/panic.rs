//! One log event per panicking handler instead of the default hook's lines on stderr.

use std::cell::{Cell, RefCell};
use std::sync::Once;

thread_local! {
    /// Whether this thread is polling a route handler now.
    static IN_HANDLER: Cell<bool> = const { Cell::new(false) };
    /// Where the handler being polled panicked, recorded by the hook.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `poll` marked as a route handler's code, for the hook.
pub(crate) fn guarded<T>(poll: impl FnOnce() -> T) -> T {
    let outer = IN_HANDLER.with(|flag| flag.replace(true));
    let result = poll();
    IN_HANDLER.with(|flag| flag.set(outer));
    result
}

/// The location the hook recorded for the last panic of a handler on this thread.
pub(crate) fn take_location() -> Option<String> {
    LOCATION.with(|location| location.borrow_mut().take())
}

/// Installs a panic hook that keeps panics of route handlers out of stderr.
///
/// A panicking handler always answers `500` and logs one `tracing` error event with
/// the method, the route, the message and, with this hook, the panic's `file:line:col`.
/// Without it, Rust's default hook also prints its own lines (and a backtrace note) to
/// stderr for every panic, which floods the log under a burst of failing requests.
/// Panics anywhere else (in `main`, in spawned tasks) still go to the hook that was
/// installed before, unchanged.
///
/// [`serve`](crate::serve()) installs it; call it yourself when serving another way.
/// Calling it more than once is harmless.
///
/// ```
/// app_router::install_panic_hook();
/// ```
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_HANDLER.with(Cell::get) {
                let location = info.location().map(ToString::to_string);
                LOCATION.with(|slot| *slot.borrow_mut() = location);
            } else {
                previous(info);
            }
        }));
    });
}
