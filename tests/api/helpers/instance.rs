//! The real `claimcheck serve` binary as a child process, for tests that kill it (SIGKILL), stop it
//! (SIGTERM) or run two side by side. Each instance listens on a free loopback port and appends its
//! log to a file in the folder it is given, which failure messages quote. The request helpers in
//! `helpers` take an `Instance` as their `Target`.

use super::Target;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// A debug build on a loaded two-core machine can take a while to migrate and bind; this only
/// bounds a hang, it is not a performance requirement.
const STARTUP_LIMIT: Duration = Duration::from_secs(120);

pub struct Instance {
    child: Child,
    pub port: u16,
    pub base: String,
    pub log: PathBuf,
}

impl Instance {
    /// Starts `claimcheck serve` on `database_url` and waits until /healthz answers 200.
    /// `name` names the log file in `dir` (appended to across restarts).
    pub async fn start(database_url: &str, dir: &Path, name: &str) -> Instance {
        let site_root = dir.join("site");
        std::fs::create_dir_all(&site_root).expect("site root");
        let log = dir.join(format!("{name}.log"));
        let mut last_error = String::new();
        // A port picked here could be taken by someone else before the child binds it: try again.
        for _ in 0..5 {
            let port = free_port();
            let out = std::fs::OpenOptions::new().create(true).append(true).open(&log).expect("log file");
            let err = out.try_clone().expect("log file");
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_claimcheck"));
            for (key, _) in std::env::vars() {
                if key.starts_with("CLAIMCHECK_") {
                    cmd.env_remove(key);
                }
            }
            cmd.arg("serve")
                .env("DATABASE_URL", database_url)
                .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
                .env("LEPTOS_SITE_ROOT", &site_root)
                .env("RUST_LOG", "warn,claimcheck=info")
                // Written before reviewer standing: registered accounts' votes count (see spawn_app_on).
                .env("CLAIMCHECK_TRUST_NEW_ACCOUNTS", "1")
                // The suites register and write a lot from one address (limits: tests/api/abuse.rs).
                .env("CLAIMCHECK_LIMIT_REGISTER_PER_HOUR", "0")
                .env("CLAIMCHECK_LIMIT_WRITES_PER_MINUTE", "0")
                .stdin(Stdio::null())
                .stdout(out)
                .stderr(err);
            let child = cmd.spawn().expect("start the claimcheck binary");
            let mut instance =
                Instance { child, port, base: format!("http://127.0.0.1:{port}"), log: log.clone() };
            match instance.wait_healthy().await {
                Ok(()) => return instance,
                Err(e) if instance.log_tail().contains("Failed to bind") => last_error = e,
                Err(e) => panic!("{name} did not start: {e}\n--- log ---\n{}", instance.log_tail()),
            }
        }
        panic!("{name} could not bind a port: {last_error}");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Polls /healthz; fails early if the process exits.
    async fn wait_healthy(&mut self) -> Result<(), String> {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
        let deadline = Instant::now() + STARTUP_LIMIT;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("child status") {
                return Err(format!("the process exited with {status}"));
            }
            if let Ok(r) = client.get(self.url("/healthz")).send().await {
                if r.status() == 200 {
                    return Ok(());
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err(format!("/healthz did not answer 200 within {STARTUP_LIMIT:?}"))
    }

    /// SIGKILL: the process dies at once, mid-request, without running any shutdown code.
    pub fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reap the killed process");
    }

    /// SIGTERM: asks for a graceful shutdown.
    pub fn terminate(&self) {
        let status =
            Command::new("kill").args(["-TERM", &self.pid().to_string()]).status().expect("run kill -TERM");
        assert!(status.success(), "kill -TERM {} failed", self.pid());
    }

    /// Waits for the process to exit (polling, bounded so a hang fails the test).
    pub async fn wait_exit(&mut self, limit: Duration) -> ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                return status;
            }
            if Instant::now() > deadline {
                panic!("the server did not exit within {limit:?}\n--- log ---\n{}", self.log_tail());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The last few kilobytes of the log, for failure messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let start = text.len().saturating_sub(4000);
        let start = (start..text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
        text[start..].to_string()
    }
}

impl Target for Instance {
    fn base(&self) -> &str {
        &self.base
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A loopback port nothing listens on right now.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().unwrap().port()
}
