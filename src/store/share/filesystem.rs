//! Naming the file system a desk sits on, from the mount table, and what
//! its kind says about locks between machines. The kind is a hint shown to
//! people (doctor, the header); whether locks really are shared is proven
//! at run time by the announcements (`presence`).

use std::path::{Component, Path, PathBuf};

use serde::Serialize;

/// How far a lock taken on this file system reaches, by its kind alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "reach", content = "why")]
pub enum LockReach {
    /// A disk of this machine: every copy that can open the file runs on
    /// this kernel, which sees every lock.
    Local,
    /// A network client whose locks usually reach the server (kernel NFS,
    /// SMB, cluster file systems).
    Network,
    /// Locks stay on each machine: two machines can both "hold" the write
    /// lock. Known unsafe for a team even before a second machine shows up.
    PerMachine(String),
}

/// The file system holding a desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileSystem {
    /// As the mount table names it (`ext4`, `fuse.sshfs`, `nfs4`), with a
    /// sync client's name in front when the folder is synchronised.
    pub name: String,
    pub mount_point: PathBuf,
    /// What is mounted: a device, `server:/export`, `//server/share`.
    pub source: String,
    pub locks: LockReach,
}

impl FileSystem {
    /// Shown in the header and by doctor: a short name when it matters.
    pub fn is_local(&self) -> bool {
        self.locks == LockReach::Local
    }
}

/// One line of `/proc/self/mountinfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    pub mount_point: PathBuf,
    pub fs_type: String,
    pub source: String,
    /// Per-mount and per-superblock options together.
    pub options: Vec<String>,
}

/// Parses one mountinfo line: `id parent maj:min root mount-point options
/// [optional fields…] - type source super-options`.
pub fn parse_mount_line(line: &str) -> Option<Mount> {
    let (before, after) = line.split_once(" - ")?;
    let fields: Vec<&str> = before.split(' ').collect();
    let mount_point = unescape(fields.get(4)?);
    let mut options: Vec<String> = fields.get(5)?.split(',').map(str::to_string).collect();
    let mut rest = after.split(' ');
    let fs_type = unescape(rest.next()?);
    let source = unescape(rest.next().unwrap_or(""));
    options.extend(rest.next().unwrap_or("").split(',').map(str::to_string));
    Some(Mount {
        mount_point: PathBuf::from(mount_point),
        fs_type,
        source,
        options,
    })
}

/// The mount table escapes space, tab, newline and backslash as `\ooo`.
fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes
            .get(i + 1..i + 4)
            .filter(|d| d.iter().all(|b| (b'0'..=b'7').contains(b)));
        match (bytes[i], octal) {
            (b'\\', Some(d)) => {
                out.push((d[0] - b'0') * 64 + (d[1] - b'0') * 8 + (d[2] - b'0'));
                i += 4;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The mount that holds `dir`: the longest mount point above it, the last
/// one listed when several are mounted on the same point.
pub fn mount_holding<'a>(mounts: &'a [Mount], dir: &Path) -> Option<&'a Mount> {
    mounts
        .iter()
        .filter(|m| dir.starts_with(&m.mount_point))
        .max_by_key(|m| m.mount_point.components().count())
        .and_then(|best| mounts.iter().rev().find(|m| m.mount_point == best.mount_point))
}

/// FUSE clients that implement locking themselves, so their locks reach
/// the other machines.
const FUSE_WITH_LOCKS: &[&str] = &[
    "glusterfs",
    "ceph-fuse",
    "ceph",
    "lizardfs",
    "mfs",
    "juicefs",
    "beegfs",
];

/// Kernel clients of network and cluster file systems.
const NETWORK: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "ceph",
    "glusterfs",
    "lustre",
    "gpfs",
    "ocfs2",
    "gfs2",
    "afs",
    "9p",
    "beegfs",
    "orangefs",
    "virtiofs",
    "ncpfs",
    "coda",
];

/// What the kind of a mount says about its locks.
pub fn classify(mount: &Mount) -> LockReach {
    let fs = mount.fs_type.as_str();
    let has = |o: &str| mount.options.iter().any(|x| x == o);
    if fs == "fuseblk" {
        // A local disk driven from user space (NTFS, exFAT).
        return LockReach::Local;
    }
    if fs == "fuse" || fs.starts_with("fuse.") {
        let client = fs.strip_prefix("fuse.").unwrap_or("");
        if FUSE_WITH_LOCKS.contains(&client) {
            return LockReach::Network;
        }
        let name = if client.is_empty() {
            "this FUSE client"
        } else {
            client
        };
        return LockReach::PerMachine(format!(
            "{name} keeps locks on each machine (FUSE clients such as sshfs, smbnetfs and rclone do)"
        ));
    }
    if fs.starts_with("nfs") {
        if has("nolock")
            || mount
                .options
                .iter()
                .any(|o| o == "local_lock=all" || o == "local_lock=posix")
        {
            return LockReach::PerMachine(
                "the NFS share is mounted with local locks (nolock or local_lock)".into(),
            );
        }
        return LockReach::Network;
    }
    if fs == "cifs" || fs == "smb3" {
        if has("nobrl") {
            return LockReach::PerMachine(
                "the SMB share is mounted with nobrl (locks are not sent to the server)".into(),
            );
        }
        return LockReach::Network;
    }
    if NETWORK.contains(&fs) {
        return LockReach::Network;
    }
    LockReach::Local
}

/// Folders kept in step between machines by a sync client, found by the
/// marker the client leaves in the folder it syncs.
const SYNC_MARKERS: &[(&str, &str)] = &[
    (".dropbox", "Dropbox"),
    (".dropbox.cache", "Dropbox"),
    (".stfolder", "Syncthing"),
    (".owncloudsync.log", "Nextcloud"),
    (".nextcloudsync.log", "Nextcloud"),
    (".sync/ID", "Resilio Sync"),
    (".megaignore", "MEGA"),
];

/// Folder names the clients without a marker use by default.
const SYNC_FOLDER_NAMES: &[(&str, &str)] = &[
    ("OneDrive", "OneDrive"),
    ("Dropbox", "Dropbox"),
    ("Nextcloud", "Nextcloud"),
];

/// The sync client whose folder holds `dir`, looking no higher than the
/// mount point.
pub fn sync_client(dir: &Path, mount_point: &Path) -> Option<&'static str> {
    for folder in dir.ancestors() {
        for (marker, client) in SYNC_MARKERS {
            if folder.join(marker).exists() {
                return Some(client);
            }
        }
        if let Some(Component::Normal(name)) = folder.components().next_back() {
            let name = name.to_string_lossy();
            for (prefix, client) in SYNC_FOLDER_NAMES {
                if name == *prefix || name.starts_with(&format!("{prefix} - ")) {
                    return Some(client);
                }
            }
        }
        if folder == mount_point {
            break;
        }
    }
    None
}

/// The file system that holds the desk file at `path` (which may not
/// exist yet).
pub fn file_system(path: &Path) -> Option<FileSystem> {
    let dir = super::desk_dir(path);
    let dir = std::fs::canonicalize(&dir).ok()?;
    let table = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    let mounts: Vec<Mount> = table.lines().filter_map(parse_mount_line).collect();
    let mount = mount_holding(&mounts, &dir)?;
    let mut fs = FileSystem {
        name: mount.fs_type.clone(),
        mount_point: mount.mount_point.clone(),
        source: mount.source.clone(),
        locks: classify(mount),
    };
    if let Some(client) = sync_client(&dir, &mount.mount_point) {
        fs.name = format!("{client} folder on {}", fs.name);
        fs.locks = LockReach::PerMachine(format!(
            "{client} copies the file between machines, and locks never travel with it"
        ));
    }
    Some(fs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mount(line: &str) -> Mount {
        parse_mount_line(line).expect("a mount line")
    }

    #[test]
    fn reads_the_fields_of_a_mount_line() {
        let m = mount("36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue");
        assert_eq!(m.mount_point, PathBuf::from("/mnt/parent"));
        assert_eq!(m.fs_type, "ext3");
        assert_eq!(m.source, "/dev/root");
        assert!(m.options.contains(&"noatime".to_string()));
        assert!(m.options.contains(&"errors=continue".to_string()));
    }

    #[test]
    fn a_line_without_optional_fields_and_escaped_spaces() {
        let m = mount(r"42 27 0:39 / /srv/help\040desk rw,relatime - fuse.sshfs ana@files:/srv rw,user_id=0");
        assert_eq!(m.mount_point, PathBuf::from("/srv/help desk"));
        assert_eq!(m.fs_type, "fuse.sshfs");
        assert_eq!(m.source, "ana@files:/srv");
    }

    #[test]
    fn broken_lines_are_skipped() {
        assert_eq!(parse_mount_line(""), None);
        assert_eq!(parse_mount_line("1 2 3"), None);
    }

    #[test]
    fn the_deepest_mount_holds_a_folder_and_the_last_of_an_overmount_wins() {
        let mounts = vec![
            mount("1 0 8:1 / / rw - ext4 /dev/sda1 rw"),
            mount("2 1 0:40 / /srv rw - nfs4 files:/srv rw"),
            mount("3 1 0:41 / /srv rw - fuse.sshfs files:/srv rw"),
            mount("4 1 0:42 / /srvx rw - tmpfs tmpfs rw"),
        ];
        assert_eq!(
            mount_holding(&mounts, Path::new("/srv/desk")).unwrap().fs_type,
            "fuse.sshfs"
        );
        assert_eq!(
            mount_holding(&mounts, Path::new("/home/ana")).unwrap().fs_type,
            "ext4"
        );
        assert_eq!(
            mount_holding(&mounts, Path::new("/srvx/a")).unwrap().fs_type,
            "tmpfs"
        );
    }

    #[test]
    fn kinds_of_file_system_and_their_locks() {
        let reach = |line: &str| classify(&mount(line));
        assert_eq!(reach("1 0 8:1 / / rw - ext4 /dev/sda1 rw"), LockReach::Local);
        assert_eq!(reach("1 0 8:1 / /m rw - fuseblk /dev/sdb1 rw"), LockReach::Local);
        assert_eq!(
            reach("1 0 0:5 / /m rw - nfs4 files:/srv rw,vers=4.2"),
            LockReach::Network
        );
        assert_eq!(
            reach("1 0 0:5 / /m rw - cifs //files/desk rw,vers=3.1.1"),
            LockReach::Network
        );
        assert_eq!(
            reach("1 0 0:5 / /m rw - fuse.glusterfs files:/vol rw"),
            LockReach::Network
        );
        for per_machine in [
            "1 0 0:5 / /m rw - fuse.sshfs ana@files:/srv rw",
            "1 0 0:5 / /m rw - fuse.smbnetfs smbnetfs rw",
            "1 0 0:5 / /m rw - fuse.rclone remote: rw",
            "1 0 0:5 / /m rw - fuse /tmp/real rw,user_id=0",
            "1 0 0:5 / /m rw - nfs files:/srv rw,nolock",
            "1 0 0:5 / /m rw - nfs4 files:/srv rw,local_lock=all",
            "1 0 0:5 / /m rw - cifs //files/desk rw,nobrl",
        ] {
            assert!(
                matches!(reach(per_machine), LockReach::PerMachine(_)),
                "{per_machine}"
            );
        }
    }

    #[test]
    fn a_sync_folder_is_found_by_its_marker_or_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let desk = dir.path().join("team/desk");
        std::fs::create_dir_all(&desk).unwrap();
        assert_eq!(sync_client(&desk, dir.path()), None);
        std::fs::create_dir(dir.path().join("team/.stfolder")).unwrap();
        assert_eq!(sync_client(&desk, dir.path()), Some("Syncthing"));
        let onedrive = dir.path().join("OneDrive - Contoso/desk");
        std::fs::create_dir_all(&onedrive).unwrap();
        assert_eq!(sync_client(&onedrive, dir.path()), Some("OneDrive"));
    }

    #[test]
    fn a_temporary_folder_is_on_a_local_file_system() {
        let dir = tempfile::tempdir().unwrap();
        let fs = file_system(&dir.path().join("x.db")).expect("found in the mount table");
        assert_eq!(fs.locks, LockReach::Local, "{fs:?}");
    }
}
