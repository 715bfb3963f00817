//! What a command-line program of this workspace sets up for its process.

/// Lets a write to a pipe whose reader has gone end the process quietly, as
/// it ends other command-line tools (`eseutil tables DB | head`), instead of
/// failing the write: Rust programs start with `SIGPIPE` ignored, so every
/// later `println!` would panic on the broken pipe. For programs only, not
/// for a library inside someone else's process. Does nothing off Linux.
pub fn default_sigpipe() {
    #[cfg(target_os = "linux")]
    // SAFETY: `signal` with a valid signal number and `SIG_DFL` only changes
    // this process's disposition of `SIGPIPE`; it is called at the start of
    // `main`, before any thread that could be writing to a pipe exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
