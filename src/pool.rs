//! Running a computation on a rayon worker thread.
//!
//! Why: a parallel call made from a thread outside the pool is injected into the pool's
//! queue and the caller sleeps on a latch until it is done, so every call pays a
//! cross-thread wake-up and the caller's core idles meanwhile. Dixon lifting makes
//! hundreds of small parallel calls (one per step): `exrank rank` on the n = 1000,
//! r = 999 benchmark matrix took 0.24–0.28 s from the main thread against 0.20 s with
//! the same work started on a worker. The public entry points of the engine therefore
//! move themselves onto a worker first.

/// `f()`, run on a worker of the current rayon pool (the global one when the caller is
/// outside every pool); on a worker already, simply `f()`.
pub(crate) fn on_worker<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    if rayon::current_thread_index().is_some() {
        f()
    } else {
        // `scope` runs its body on a worker of the global pool and waits for it.
        rayon::scope(|_| f())
    }
}
