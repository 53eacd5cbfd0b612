//! The Kotlin `suspend` and Swift `async` forms of the calls. Each runs the blocking call
//! on a small thread pool the library owns (the `blocking` crate's: threads start on
//! demand and end when idle), so the caller's thread, a coroutine dispatcher or the main
//! actor, is never blocked.
//!
//! Cancelling the caller (Kotlin `withTimeout`, Swift task cancellation) drops the
//! future at once: a call not yet started never runs; one in flight finishes on its pool
//! thread, and its result is dropped there, its connection going back to the pool (or
//! closed) as after any call. Nothing of it reaches the caller.
use crate::error::PipedriveError;

/// Runs `call` on the blocking pool and waits for it without blocking.
pub(crate) async fn unblock<T: Send + 'static>(
    call: impl FnOnce() -> Result<T, PipedriveError> + Send + 'static,
) -> Result<T, PipedriveError> {
    blocking::unblock(call).await
}
