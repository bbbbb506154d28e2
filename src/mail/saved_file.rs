//! Saving a file that came with a request where its reader asks: always a
//! new file, never one that is there already nor through a link planted
//! under its name (a link named like the attachment would otherwise make
//! the save overwrite the link's target, or create a file outside the
//! folder through a dangling one).

use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::domain::attachment::{numbered_file_name, safe_file_name};

/// How many numbered names are tried before giving up.
const TRIES: u32 = 10_000;

/// Writes `content` to a new file in `folder` named after `name` (made
/// safe): `notes.txt`, else `notes (2).txt`, and so on; the path written.
/// Nothing that exists is opened, and a link is never followed.
pub fn save_new(folder: &Path, name: &str, content: &[u8]) -> std::io::Result<PathBuf> {
    let name = safe_file_name(name);
    for n in 1..=TRIES {
        let path = folder.join(numbered_file_name(&name, n));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .custom_flags(libc::O_NOFOLLOW)
            .mode(0o644)
            .open(&path)
        {
            Ok(mut file) => {
                if let Err(e) = file.write_all(content).and_then(|()| file.sync_all()) {
                    // Half a file is worse than none.
                    let _ = std::fs::remove_file(&path);
                    return Err(e);
                }
                return Ok(path);
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        ErrorKind::AlreadyExists,
        format!("{TRIES} files named like {name} are there already"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_under_the_name_is_never_followed_and_nothing_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        let folder = dir.path().join("saved");
        std::fs::create_dir(&folder).unwrap();
        let target = outside.join("bashrc");
        std::fs::write(&target, "mine").unwrap();
        std::os::unix::fs::symlink(&target, folder.join("notes.txt")).unwrap();
        std::os::unix::fs::symlink(outside.join("planted"), folder.join("notes (2).txt")).unwrap();

        let first = save_new(&folder, "notes.txt", b"one").unwrap();
        let second = save_new(&folder, "notes.txt", b"two").unwrap();
        assert_eq!(first, folder.join("notes (3).txt"));
        assert_eq!(second, folder.join("notes (4).txt"));
        assert_eq!(std::fs::read(&first).unwrap(), b"one");
        assert_eq!(std::fs::read(&second).unwrap(), b"two");
        assert_eq!(std::fs::read(&target).unwrap(), b"mine");
        assert!(!outside.join("planted").exists());
    }
}
