//! Where mail waits: single `.eml` files, mbox files and Maildir folders.
//! A Maildir is handled as a mail client would: a message taken from
//! `new/` moves to `cur/` marked seen (`:2,S`), and seen mail in `cur/`
//! is left alone. An mbox cannot be changed under its writer, so its
//! messages stay and the desk's memory of Message-IDs keeps each from
//! being taken twice.

use std::fs;
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// Where one message came from, and so how it is marked handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    Mbox { path: PathBuf, number: usize },
    Maildir(PathBuf),
}

impl Origin {
    /// The place as printed in reports.
    pub fn shown(&self) -> String {
        match self {
            Origin::File(p) | Origin::Maildir(p) => p.display().to_string(),
            Origin::Mbox { path, number } => format!("{}#{number}", path.display()),
        }
    }
}

/// One message waiting: where it is, and its bytes.
pub struct Waiting {
    pub origin: Origin,
    pub raw: Vec<u8>,
}

/// Whether `path` is a Maildir folder (it has `new/` or `cur/`).
pub fn is_maildir(path: &Path) -> bool {
    path.join("new").is_dir() || path.join("cur").is_dir()
}

/// The messages waiting at `path`, one at a time, in the order they
/// arrived where that is known (file names in a Maildir begin with the
/// delivery time). Each is read only when its turn comes, so a backlog of
/// years is taken in the memory of one message.
pub type Messages = Box<dyn Iterator<Item = Result<Waiting, String>>>;

pub fn waiting(path: &Path) -> Result<Messages, String> {
    let meta = fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if meta.is_dir() {
        if !is_maildir(path) {
            return Err(format!(
                "{} is a folder but not a Maildir (it has no new/ or cur/ folder)",
                path.display()
            ));
        }
        return maildir(path);
    }
    let mut start = [0u8; 5];
    let read = {
        use std::io::Read;
        fs::File::open(path)
            .and_then(|mut f| f.read(&mut start))
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?
    };
    if &start[..read] == b"From " {
        return mbox(path);
    }
    let raw = fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(Box::new(std::iter::once(Ok(Waiting {
        origin: Origin::File(path.to_path_buf()),
        raw,
    }))))
}

fn mbox(path: &Path) -> Result<Messages, String> {
    let file = fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let shown = path.to_path_buf();
    let messages = mail_parser::mailbox::mbox::MessageIterator::new(BufReader::new(file))
        .enumerate()
        .map(move |(n, message)| {
            let message = message.map_err(|e| format!("cannot read {}: {e}", shown.display()))?;
            Ok(Waiting {
                origin: Origin::Mbox {
                    path: shown.clone(),
                    number: n + 1,
                },
                raw: message.unwrap_contents(),
            })
        });
    Ok(Box::new(messages))
}

/// The flags of a Maildir file name (`...:2,FS` → `FS`). Some fetchers
/// (mbsync on file systems that forbid `:`) write `!2,` instead.
fn flags(name: &str) -> &str {
    info(name).map_or("", |(_, _, f)| f)
}

/// A Maildir file name cut at its info part: the base, the separator
/// (`:` or `!`) and the flags.
fn info(name: &str) -> Option<(&str, char, &str)> {
    [':', '!'].into_iter().find_map(|sep| {
        name.rsplit_once(&format!("{sep}2,"))
            .map(|(base, flags)| (base, sep, flags))
    })
}

fn maildir(path: &Path) -> Result<Messages, String> {
    let mut names = Vec::new();
    for (folder, seen_ok) in [("new", true), ("cur", false)] {
        let dir = path.join(folder);
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            // Seen mail in cur/ was handled, by the desk or by a person.
            if !seen_ok && flags(&name).contains('S') {
                continue;
            }
            names.push(entry.path());
        }
    }
    names.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    // A message another reader moved meanwhile is simply not there.
    Ok(Box::new(names.into_iter().filter_map(|file| {
        fs::read(&file).ok().map(|raw| {
            Ok(Waiting {
                origin: Origin::Maildir(file),
                raw,
            })
        })
    })))
}

/// Marks a handled message as a mail client would: in a Maildir, moved to
/// `cur/` with the seen flag. Files and mboxes stay as they are.
pub fn mark_handled(origin: &Origin) -> Result<(), String> {
    let Origin::Maildir(file) = origin else {
        return Ok(());
    };
    let Some(name) = file.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Ok(());
    };
    let Some(folder) = file.parent().and_then(Path::parent) else {
        return Ok(());
    };
    let seen = match info(&name) {
        Some((base, sep, flags)) if flags.contains('S') => format!("{base}{sep}2,{flags}"),
        Some((base, sep, flags)) => {
            let mut all: Vec<char> = flags.chars().chain(['S']).collect();
            all.sort_unstable();
            format!("{base}{sep}2,{}", all.into_iter().collect::<String>())
        }
        None => format!("{name}:2,S"),
    };
    let to = folder.join("cur").join(seen);
    if to == *file {
        return Ok(());
    }
    fs::rename(file, &to).map_err(|e| format!("cannot move {} to cur/: {e}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handled_maildir_message_moves_to_cur_marked_seen() {
        let dir = tempfile::tempdir().expect("temp dir");
        for f in ["new", "cur", "tmp"] {
            fs::create_dir(dir.path().join(f)).expect("folder");
        }
        for (name, text) in [
            ("new/1700000000.1.host", "a"),
            ("cur/1700000001.2.host:2,F", "b"),
            ("cur/1700000002.3.host:2,S", "c"),
            // mbsync's separator where `:` is not allowed: seen, so left alone.
            ("cur/1700000003.4.host!2,RS", "d"),
            ("cur/1700000004.5.host!2,", "e"),
        ] {
            fs::write(dir.path().join(name), format!("Subject: {text}\r\n\r\nx")).expect("write");
        }
        let found: Vec<Waiting> = waiting(dir.path())
            .expect("read")
            .map(|w| w.expect("message"))
            .collect();
        assert_eq!(found.len(), 3, "the seen messages are left alone");
        for w in &found {
            mark_handled(&w.origin).expect("moved");
        }
        let mut cur: Vec<String> = fs::read_dir(dir.path().join("cur"))
            .expect("cur")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        cur.sort();
        assert_eq!(
            cur,
            [
                "1700000000.1.host:2,S",
                "1700000001.2.host:2,FS",
                "1700000002.3.host:2,S",
                "1700000003.4.host!2,RS",
                "1700000004.5.host!2,S"
            ]
        );
        assert_eq!(waiting(dir.path()).expect("read").count(), 0);
    }

    #[test]
    fn an_mbox_gives_each_message() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("inbox");
        fs::write(
            &path,
            "From a@example.org Mon Nov 23 10:00:00 2026\nSubject: one\n\nfirst\n\nFrom b@example.org Mon Nov 23 11:00:00 2026\nSubject: two\n\nsecond\n",
        )
        .expect("write");
        let found: Vec<Waiting> = waiting(&path)
            .expect("read")
            .map(|w| w.expect("message"))
            .collect();
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].origin.shown(), format!("{}#2", path.display()));
        assert!(String::from_utf8_lossy(&found[1].raw).contains("second"));
    }

    #[test]
    fn a_folder_that_is_no_maildir_is_refused_with_why() {
        let dir = tempfile::tempdir().expect("temp dir");
        let Err(err) = waiting(dir.path()) else {
            panic!("a plain folder was read as a Maildir")
        };
        assert!(err.contains("not a Maildir"), "{err}");
    }
}
