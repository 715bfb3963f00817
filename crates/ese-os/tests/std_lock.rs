//! `StdFs::lock_exclusive` on real files: a lock held elsewhere for good is
//! refused once `LOCK_GRACE` has passed, and a lock let go while the grace
//! runs is taken, including the case the grace is for: a child process forked
//! while this process held the lock keeps the lock's file open until it starts
//! its program (here: until it exits), after the parent closed its own handle.

#![cfg(target_os = "linux")]

use ese_os::{FileSystem, StdFs, LOCK_GRACE};
use std::io::ErrorKind;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A file of its own for one test, removed with its folder when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("ese-os-lock-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("db.edb"), b"x").unwrap();
        Scratch(dir)
    }

    fn file(&self) -> PathBuf {
        self.0.join("db.edb")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_lock_held_throughout_is_refused_after_the_grace() {
    let s = Scratch::new("held");
    let fs = StdFs;
    let first = fs.lock_exclusive(&s.file()).unwrap();
    assert!(first.is_some());
    let t = Instant::now();
    let e = fs.lock_exclusive(&s.file()).unwrap_err();
    let waited = t.elapsed();
    assert_eq!(e.kind(), ErrorKind::WouldBlock, "{e}");
    assert!(e.to_string().contains("in use"), "{e}");
    assert!(waited >= LOCK_GRACE, "refused after {waited:?}");
    assert!(waited < LOCK_GRACE + Duration::from_secs(5), "{waited:?}");
    drop(first);
    assert!(fs.lock_exclusive(&s.file()).unwrap().is_some());
}

#[test]
fn a_lock_let_go_during_the_grace_is_taken() {
    let s = Scratch::new("let-go");
    let fs = StdFs;
    let first = fs.lock_exclusive(&s.file()).unwrap().unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(LOCK_GRACE / 8);
        drop(first);
    });
    let second = fs.lock_exclusive(&s.file()).unwrap();
    assert!(second.is_some());
    release.join().unwrap();
}

#[test]
fn a_lock_a_forked_child_still_holds_for_a_moment_is_taken() {
    let s = Scratch::new("fork");
    let fs = StdFs;
    let first = fs.lock_exclusive(&s.file()).unwrap().unwrap();
    // SAFETY: the child calls only async-signal-safe functions (`nanosleep`,
    // `_exit`) before it ends; it shares the parent's open file descriptions,
    // the lock's included, as a child about to start a program does.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        let pause = libc::timespec {
            tv_sec: 0,
            tv_nsec: 30_000_000,
        };
        // SAFETY: as above; the child ends here without running the parent's
        // destructors.
        unsafe {
            libc::nanosleep(&pause, std::ptr::null_mut());
            libc::_exit(0);
        }
    }
    // The parent lets its lock go while the child still holds the file open.
    drop(first);
    let t = Instant::now();
    let second = fs.lock_exclusive(&s.file());
    let waited = t.elapsed();
    let mut status = 0;
    // SAFETY: waits for the child forked above; `status` outlives the call.
    let reaped = unsafe { libc::waitpid(pid, &mut status, 0) };
    assert_eq!(reaped, pid);
    assert!(
        second.as_ref().is_ok_and(Option::is_some),
        "{second:?} after {waited:?}"
    );
}
