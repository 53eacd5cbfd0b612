//! The Kotlin `suspend` and Swift `async` forms of the calls. Each runs the blocking call
//! on a small thread pool the library owns (the `blocking` crate's: threads start on
//! demand and end when idle), so the caller's thread, a coroutine dispatcher or the main
//! actor, is never blocked.
//!
//! Cancelling the caller (Kotlin `withTimeout`, Swift task cancellation) drops the
//! future at once: a call not yet started never runs; one in flight finishes on its pool
//! thread, and its result is dropped there, its connection going back to the pool (or
//! closed) as after any call. Nothing of it reaches the caller.
//!
//! The pool sees one job type whatever the call returns: the result crosses as
//! `Box<dyn Any>` and is unboxed by the caller. A pool task instantiated per call type
//! cost about 14 KB of the shipped library per operation.
use crate::error::PipedriveError;
use std::any::Any;

type Answer = Box<dyn Any + Send>;
type Job = Box<dyn FnOnce() -> Answer + Send>;

/// The one pool task: runs a job.
async fn on_pool(job: Job) -> Answer {
    blocking::unblock(job).await
}

/// Runs `call` on the blocking pool and waits for it without blocking.
pub(crate) async fn unblock<T: Send + 'static>(
    call: impl FnOnce() -> Result<T, PipedriveError> + Send + 'static,
) -> Result<T, PipedriveError> {
    let answer = on_pool(Box::new(move || Box::new(call()) as Answer)).await;
    match answer.downcast::<Result<T, PipedriveError>>() {
        Ok(result) => *result,
        // Unreachable: the job above boxed exactly this type.
        Err(_) => Err(PipedriveError::Internal {
            detail: "an async call's answer had another type".to_owned(),
        }),
    }
}
