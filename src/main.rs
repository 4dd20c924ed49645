//! Thin binary: all logic lives in the library's `cli` module.
fn main() {
    restore_default_sigpipe();
    std::process::exit(exrank::cli::main());
}

/// Rust ignores SIGPIPE, so `exrank minor big.txt | head -1` made `println!` panic
/// (exit 101, a backtrace) when `head` closed the pipe. With the default disposition the
/// process ends quietly on a closed pipe, as `cat` and every other filter does.
#[cfg(unix)]
fn restore_default_sigpipe() {
    extern "C" {
        fn signal(signum: i32, handler: usize) -> usize;
    }
    const SIGPIPE: i32 = 13;
    const SIG_DFL: usize = 0;
    // SAFETY: setting a signal's disposition to the default before any thread starts.
    unsafe {
        signal(SIGPIPE, SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_default_sigpipe() {}
