//! The history's hash chain: each event's hash covers the hash of the event
//! before it and every field of its own, so an event changed, deleted or
//! slipped in by anything other than Frontdesk breaks the chain from there
//! on. Anyone who can write the file can also rebuild the whole chain: the
//! chain's head, noted elsewhere (doctor prints it), is what proves that.

use sha2::{Digest, Sha256};

/// Bytes of each link: 128 bits, plenty against accidents and forgery by
/// editing, and a sixth of the room of the events' text on a busy desk.
pub const LINK_BYTES: usize = 16;

pub type Link = [u8; LINK_BYTES];

/// The fields of an event that its link covers.
#[derive(Debug, Clone, Copy)]
pub struct Chained<'a> {
    pub request_id: super::RequestId,
    pub at: i64,
    pub actor: &'a str,
    pub login: Option<&'a str>,
    pub host: Option<&'a str>,
    pub kind: &'a str,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
    pub body: Option<&'a str>,
    /// The files that came with it (none for most events, whose links
    /// are as they were before files were chained).
    pub files: &'a [SealedFile],
}

/// What an event's link covers of a file that came with it: its name,
/// type and size, whether its bytes were kept, and their SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedFile {
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub kept: bool,
    pub sha256: Vec<u8>,
}

/// The SHA-256 a file is kept with: of its bytes, or of none when only
/// its name and size were kept.
pub fn file_digest(content: Option<&[u8]>) -> Vec<u8> {
    Sha256::digest(content.unwrap_or_default()).to_vec()
}

/// The link of an event that follows `previous` (None for the first).
pub fn link(previous: Option<&Link>, e: &Chained<'_>) -> Link {
    let mut hash = Sha256::new();
    hash.update(previous.map_or([0u8; LINK_BYTES], |p| *p));
    hash.update(e.request_id.0.to_le_bytes());
    hash.update(e.at.to_le_bytes());
    for field in [
        Some(e.actor),
        e.login,
        e.host,
        Some(e.kind),
        e.old_value,
        e.new_value,
        e.body,
    ] {
        match field {
            None => hash.update([0u8]),
            Some(text) => {
                hash.update([1u8]);
                hash.update((text.len() as u64).to_le_bytes());
                hash.update(text.as_bytes());
            }
        }
    }
    if !e.files.is_empty() {
        hash.update([2u8]);
        hash.update((e.files.len() as u64).to_le_bytes());
        for f in e.files {
            for text in [&f.name, &f.content_type] {
                hash.update((text.len() as u64).to_le_bytes());
                hash.update(text.as_bytes());
            }
            hash.update(f.size.to_le_bytes());
            hash.update([u8::from(f.kept)]);
            hash.update((f.sha256.len() as u64).to_le_bytes());
            hash.update(&f.sha256);
        }
    }
    let full = hash.finalize();
    let mut out = [0u8; LINK_BYTES];
    out.copy_from_slice(&full[..LINK_BYTES]);
    out
}

pub fn to_hex(link: &[u8]) -> String {
    link.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn from_hex(text: &str) -> Option<Link> {
    if text.len() != LINK_BYTES * 2 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; LINK_BYTES];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(body: &'static str) -> Chained<'static> {
        Chained {
            request_id: crate::domain::RequestId(1),
            at: 1_795_000_000,
            actor: "ana",
            login: Some("ana"),
            host: Some("desk1"),
            kind: "note",
            old_value: None,
            new_value: None,
            body: Some(body),
            files: &[],
        }
    }

    #[test]
    fn every_field_and_the_previous_link_count() {
        let a = link(None, &note("x"));
        assert_ne!(a, link(None, &note("y")));
        assert_ne!(link(Some(&a), &note("x")), link(None, &note("x")));
        let empty_body = Chained {
            body: Some(""),
            ..note("x")
        };
        let no_body = Chained {
            body: None,
            ..note("x")
        };
        assert_ne!(link(None, &empty_body), link(None, &no_body));
        let moved = Chained {
            actor: "an",
            login: Some("aana"),
            ..note("x")
        };
        let unmoved = Chained {
            actor: "ana",
            login: Some("ana"),
            ..note("x")
        };
        assert_ne!(
            link(None, &moved),
            link(None, &unmoved),
            "fields cannot bleed into each other"
        );
    }

    #[test]
    fn a_files_bytes_name_and_size_count_and_no_files_keeps_old_links() {
        let file = |content: &[u8], name: &str| SealedFile {
            name: name.into(),
            content_type: "text/plain".into(),
            size: content.len() as i64,
            kept: true,
            sha256: file_digest(Some(content)),
        };
        // A link as links were before files were chained (worked out apart).
        assert_eq!(
            to_hex(&link(None, &note("x"))),
            "98e7be78e4d745d726399b386b387126"
        );
        let one = [file(b"invoice", "a.pdf")];
        let with = Chained {
            files: &one,
            ..note("x")
        };
        assert_ne!(link(None, &with), link(None, &note("x")));
        for other in [file(b"invoicE", "a.pdf"), file(b"invoice", "b.pdf")] {
            let changed = [other];
            assert_ne!(
                link(
                    None,
                    &Chained {
                        files: &changed,
                        ..note("x")
                    }
                ),
                link(None, &with)
            );
        }
        assert_eq!(file_digest(None), file_digest(Some(b"")));
    }

    #[test]
    fn hex_round_trips() {
        let l = link(None, &note("x"));
        assert_eq!(from_hex(&to_hex(&l)), Some(l));
        assert_eq!(from_hex("zz"), None);
    }
}
