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
    fn hex_round_trips() {
        let l = link(None, &note("x"));
        assert_eq!(from_hex(&to_hex(&l)), Some(l));
        assert_eq!(from_hex("zz"), None);
    }
}
