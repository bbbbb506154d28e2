//! Two machines on a share whose locks are not shared, on one machine: two
//! `bindfs` FUSE mounts of one folder. Each mount's kernel keeps its own
//! locks and its own page cache, as sshfs or smbnetfs clients on two
//! machines do.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct TwoMachines {
    pub root: tempfile::TempDir,
    /// The folder as the server holds it.
    pub real: PathBuf,
    /// The folder as machine A and machine B see it.
    pub a: PathBuf,
    pub b: PathBuf,
    mounted: Vec<PathBuf>,
}

/// Unmounts, waiting a little for copies still closing their files (an
/// app's worker thread ends just after its screen), then lazily.
fn unmount(point: &Path) {
    for _ in 0..20 {
        let ok = Command::new("fusermount")
            .arg("-u")
            .arg(point)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = Command::new("umount").arg("-l").arg(point).status();
}

impl TwoMachines {
    /// Mounts the two views, or says why it cannot: in CI that fails the
    /// test (`.ci/run` installs bindfs); on a developer's machine without
    /// bindfs the test is skipped with the reason printed.
    pub fn mount() -> Option<TwoMachines> {
        let missing = if !Path::new("/dev/fuse").exists() {
            Some("/dev/fuse is missing")
        } else if Command::new("bindfs").arg("--version").output().is_err() {
            Some("bindfs is not installed (apt-get install bindfs)")
        } else {
            None
        };
        if let Some(why) = missing {
            super::skip_unless_ci(why);
            return None;
        }
        let root = tempfile::tempdir().expect("temp dir");
        let real = root.path().join("server");
        let a = root.path().join("machine-a");
        let b = root.path().join("machine-b");
        for d in [&real, &a, &b] {
            std::fs::create_dir(d).unwrap();
        }
        let mut two = TwoMachines {
            root,
            real: real.clone(),
            a: a.clone(),
            b: b.clone(),
            mounted: Vec::new(),
        };
        for point in [&a, &b] {
            let out = Command::new("bindfs")
                .arg(&real)
                .arg(point)
                .output()
                .expect("run bindfs");
            assert!(
                out.status.success(),
                "bindfs failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            two.mounted.push(point.clone());
        }
        Some(two)
    }

    pub fn desk_a(&self) -> PathBuf {
        self.a.join("desk.db")
    }

    pub fn desk_b(&self) -> PathBuf {
        self.b.join("desk.db")
    }

    pub fn desk_real(&self) -> PathBuf {
        self.real.join("desk.db")
    }
}

impl Drop for TwoMachines {
    fn drop(&mut self) {
        for point in self.mounted.drain(..) {
            unmount(&point);
        }
    }
}
