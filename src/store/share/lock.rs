//! Open-file-description locks on an announcement file. They belong to the
//! open file, not the process, so closing some other descriptor of the
//! same file (or a second copy in the same process) never drops them, and
//! a test from the same process sees them as another machine would.

use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;

fn whole_file(kind: libc::c_short) -> libc::flock {
    // SAFETY: flock is plain data; zero is a valid value for every field
    // (and l_pid must be 0 for OFD locks).
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = kind;
    lock.l_whence = libc::SEEK_SET as libc::c_short;
    lock.l_start = 0;
    lock.l_len = 0;
    lock
}

/// Takes a write lock on the whole file, without waiting.
pub fn hold(file: &File) -> io::Result<()> {
    let mut lock = whole_file(libc::F_WRLCK as libc::c_short);
    // SAFETY: fcntl reads the flock we own through a valid descriptor.
    if unsafe { libc::fcntl(file.as_raw_fd(), libc::F_OFD_SETLK, &mut lock) } == -1 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Whether some other open file (another copy, here or on another
/// machine whose locks reach us) holds a lock on the file.
pub fn held_elsewhere(file: &File) -> io::Result<bool> {
    let mut lock = whole_file(libc::F_WRLCK as libc::c_short);
    // SAFETY: fcntl fills the flock we own through a valid descriptor.
    if unsafe { libc::fcntl(file.as_raw_fd(), libc::F_OFD_GETLK, &mut lock) } == -1 {
        return Err(io::Error::last_os_error());
    }
    Ok(lock.l_type != libc::F_UNLCK as libc::c_short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_is_seen_through_another_open_of_the_same_file_and_goes_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a");
        let holder = File::create(&path).unwrap();
        let observer = File::open(&path).unwrap();
        assert!(!held_elsewhere(&observer).unwrap());
        hold(&holder).unwrap();
        assert!(held_elsewhere(&observer).unwrap());
        // Closing an unrelated descriptor of the file keeps the lock.
        drop(File::open(&path).unwrap());
        assert!(held_elsewhere(&observer).unwrap());
        drop(holder);
        assert!(!held_elsewhere(&observer).unwrap());
    }
}
