//! A PgBouncer in front of a test cluster, as the README sets one up for a
//! team: session pooling, one pool per login (so the server still sees who
//! connects), listening only on a Unix socket in a temporary folder, and
//! stopped when the `Pooler` is dropped. Debian's `pgbouncer` package
//! provides it; CI installs it. Without it a test says why it is skipped,
//! except in CI (`CI` set), where it fails.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use super::postgres::{path, unprivileged, Cluster, DATABASE};

const PROGRAM: &str = "/usr/sbin/pgbouncer";

pub struct Pooler {
    dir: tempfile::TempDir,
    port: u16,
    child: Child,
}

impl Pooler {
    /// A PgBouncer for `cluster`'s desk database that lets `logins` in, or
    /// None (with the reason printed) when it is not installed on a
    /// developer's machine.
    pub fn start(cluster: &Cluster, logins: &[&str]) -> Option<Pooler> {
        if !Path::new(PROGRAM).is_file() {
            super::skip_unless_ci("PgBouncer is not installed (Debian package `pgbouncer`)");
            return None;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).expect("chmod");
        let port = cluster.port() + 1;
        // The database line names no user: each login gets its own pool of
        // server connections under its own name.
        let config = format!(
            "[databases]\n\
             {DATABASE} = host={socket} port={server_port} dbname={DATABASE}\n\
             [pgbouncer]\n\
             listen_addr =\n\
             listen_port = {port}\n\
             unix_socket_dir = {dir}\n\
             auth_type = trust\n\
             auth_file = {dir}/users.txt\n\
             pool_mode = session\n\
             logfile = {dir}/pgbouncer.log\n\
             pidfile = {dir}/pgbouncer.pid\n",
            socket = path(cluster.socket_dir()),
            server_port = cluster.port(),
            dir = path(dir.path()),
        );
        let users: String = logins.iter().map(|l| format!("\"{l}\" \"\"\n")).collect();
        for (name, text) in [("pgbouncer.ini", config), ("users.txt", users)] {
            let file = dir.path().join(name);
            std::fs::write(&file, text).expect("pgbouncer files");
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        }
        let child = unprivileged(Path::new(PROGRAM))
            .arg(dir.path().join("pgbouncer.ini"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("pgbouncer");
        let pooler = Pooler { dir, port, child };
        let socket = pooler.dir.path().join(format!(".s.PGSQL.{port}"));
        let start = Instant::now();
        while !socket.exists() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "pgbouncer did not start: {}",
                std::fs::read_to_string(pooler.dir.path().join("pgbouncer.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(pooler)
    }

    /// The desk's database through the pooler, for `login`.
    pub fn address_as(&self, login: &str) -> String {
        format!(
            "postgresql://{login}@localhost:{}/{DATABASE}?host={}",
            self.port,
            self.dir.path().display()
        )
    }

    fn pid(&self) -> Option<i32> {
        std::fs::read_to_string(self.dir.path().join("pgbouncer.pid"))
            .ok()
            .and_then(|t| t.trim().parse().ok())
    }

    pub fn log(&self) -> PathBuf {
        self.dir.path().join("pgbouncer.log")
    }
}

impl Drop for Pooler {
    fn drop(&mut self) {
        // SIGINT: PgBouncer closes its connections and exits.
        if let Some(pid) = self.pid() {
            // SAFETY: a signal to the process the pid file names.
            unsafe { libc::kill(pid, libc::SIGINT) };
        }
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if let Some(pid) = self.pid() {
            // SAFETY: as above.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
