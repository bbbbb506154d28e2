//! Files beside the desk that anyone who can write its folder can plant:
//! an announcement, the damage report. Only a regular file is ever opened
//! there — a FIFO waits for a writer for ever (every copy, `doctor`
//! included, would hang on it), a device or socket is nobody's
//! announcement — and never through a link.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// Opens `path` to read when it is a regular file; `Ok(None)` when it is
/// something else (a FIFO, socket, device, folder or link). Opening never
/// waits: O_NONBLOCK for the FIFO, O_NOFOLLOW for the link, and the type
/// checked on what was opened.
pub fn open_regular(path: &Path) -> io::Result<Option<File>> {
    let file = match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(file.metadata()?.is_file().then_some(file))
}

/// What `path` is when it is not a regular file ("a FIFO", "a link"), for
/// the line that says to remove it; None for a regular file or nothing.
pub fn not_regular(path: &Path) -> Option<&'static str> {
    let kind = std::fs::symlink_metadata(path).ok()?.file_type();
    Some(if kind.is_file() {
        return None;
    } else if kind.is_symlink() {
        "a link"
    } else if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a device"
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_or_a_link_is_never_opened_and_never_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("planted.json");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid C string naming a path in our own temp folder.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        assert!(open_regular(&fifo).unwrap().is_none());
        assert_eq!(not_regular(&fifo), Some("a FIFO"));
        let real = dir.path().join("real.json");
        std::fs::write(&real, "x").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert!(open_regular(&link).unwrap().is_none());
        assert_eq!(not_regular(&link), Some("a link"));
        assert!(open_regular(&real).unwrap().is_some());
        assert_eq!(not_regular(&real), None);
        assert_eq!(not_regular(&dir.path().join("none")), None);
    }
}
