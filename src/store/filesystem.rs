//! Telling whether the database sits on a network file system, where
//! SQLite's locking is only as good as the file system's.

use std::path::Path;

/// `statfs` magic numbers of network and user-space file systems.
const NETWORK_MAGIC: &[(i64, &str)] = &[
    (0x6969, "NFS"),
    (0x517B, "SMB"),
    (0xFF53_4D42, "CIFS"),
    (0xFE53_4D42, "SMB2"),
    (0x6573_5546, "FUSE"),
    (0x5346_414F, "AFS"),
    (0x00C3_6400, "Ceph"),
    (0x0102_1997, "9P"),
];

/// The name of the network file system holding `path`, or None when local.
pub fn network_filesystem(path: &Path) -> Option<&'static str> {
    let probe = if path.exists() { path } else { path.parent()? };
    let probe = if probe.as_os_str().is_empty() {
        Path::new(".")
    } else {
        probe
    };
    let c_path = std::ffi::CString::new(probe.as_os_str().as_encoded_bytes()).ok()?;
    // SAFETY: statfs(2) fills the zeroed struct we own from a NUL-terminated path.
    let magic = unsafe {
        let mut stat: libc::statfs = std::mem::zeroed();
        if libc::statfs(c_path.as_ptr(), &mut stat) != 0 {
            return None;
        }
        stat.f_type as i64
    };
    NETWORK_MAGIC
        .iter()
        .find(|(m, _)| *m == magic)
        .map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_directory_is_not_a_network_drive() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(network_filesystem(&dir.path().join("x.db")), None);
    }
}
