//! Test harness: starts the real app on port 0 with a fresh database and speaks HTTP to it.
//! SQLite by default (a temp file); set TEST_DATABASE_URL=postgres://USER:PASS@HOST/postgres to run the
//! same suite on PostgreSQL, with a new database created per test.
#![allow(dead_code)]

use claimcheck::server::config::Config;
use claimcheck::server::db::Db;
use claimcheck::server::http::Server;
use claimcheck::server::state::AppState;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub struct TestApp {
    pub addr: SocketAddr,
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub database_url: String,
    shutdown: Option<oneshot::Sender<()>>,
    handle: Option<JoinHandle<anyhow::Result<()>>>,
    _dir: Option<tempfile::TempDir>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub fn is_postgres() -> bool {
    std::env::var("TEST_DATABASE_URL").map(|u| u.starts_with("postgres")).unwrap_or(false)
}

/// A URL for a database nobody else uses.
pub async fn fresh_database_url() -> (String, Option<tempfile::TempDir>) {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin) if admin.starts_with("postgres") => {
            use sqlx::Connection;
            let name = format!(
                "cc_test_{}_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::SeqCst),
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
            );
            let mut conn = sqlx::PgConnection::connect(&admin).await.expect("connect to TEST_DATABASE_URL");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .expect("create test database");
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            (format!("{base}/{name}"), None)
        }
        _ => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}/claimcheck.db", dir.path().display());
            (url, Some(dir))
        }
    }
}

pub async fn spawn_app() -> TestApp {
    let (url, dir) = fresh_database_url().await;
    spawn_app_on(url, dir).await
}

/// The app as the suites written before reviewer standing expect it: accounts registered over the
/// API start trusted (CLAIMCHECK_TRUST_NEW_ACCOUNTS), so three of their votes settle a claim. The
/// standing suite (`tests/standing.rs`) starts the app with `spawn_app_with` and the product default.
pub async fn spawn_app_on(url: String, dir: Option<tempfile::TempDir>) -> TestApp {
    spawn_app_configured(url, dir, |c| c.trust_new_accounts = true).await
}

/// A fresh database and the product's defaults, changed by `configure`.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    let (url, dir) = fresh_database_url().await;
    spawn_app_configured(url, dir, configure).await
}

/// Starts the app with a given configuration (its database URL names the fresh database).
pub async fn spawn_app_with_config(config: Config, dir: Option<tempfile::TempDir>) -> TestApp {
    let url = config.database_url.expose().to_string();
    spawn_app_configured(url, dir, move |c| *c = config).await
}

pub async fn spawn_app_configured(
    url: String,
    dir: Option<tempfile::TempDir>,
    configure: impl FnOnce(&mut Config),
) -> TestApp {
    let mut config = Config::for_database(&url);
    // The suites register many accounts and write a lot from one address; the abuse limits are
    // tested with them on in tests/abuse.rs.
    config.limit_register_per_hour = 0;
    config.limit_writes_per_minute = 0;
    configure(&mut config);
    let db = Db::connect(&url).await.expect("connect");
    db.migrate().await.expect("migrate");
    let server = Server::build_with_db(config, db).await.expect("build server");
    let addr = server.local_addr();
    let state = server.state().clone();
    let (tx, rx) = oneshot::channel::<()>();
    let handle = tokio::spawn(server.run(async move {
        let _ = rx.await;
    }));
    let app = TestApp {
        addr,
        base: format!("http://{addr}"),
        client: reqwest::Client::builder().cookie_store(true).build().unwrap(),
        state,
        database_url: url,
        shutdown: Some(tx),
        handle: Some(handle),
        _dir: dir,
    };
    app.wait_healthy().await;
    app
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Polls /healthz until it answers 200; never sleeps blindly.
    pub async fn wait_healthy(&self) {
        for _ in 0..200 {
            if let Ok(r) = self.client.get(self.url("/healthz")).send().await {
                if r.status() == 200 {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("server at {} never became healthy", self.addr);
    }

    /// Asks the server to stop and waits until it has.
    pub async fn shutdown(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.handle.take() {
            h.await.expect("server task").expect("server ran cleanly");
        }
    }

    pub fn trigger_shutdown(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }

    pub async fn join(&mut self) -> anyhow::Result<()> {
        match self.handle.take() {
            Some(h) => h.await.expect("server task"),
            None => Ok(()),
        }
    }

    /// Hands back the temp folder so a restarted server can reuse the same file.
    pub fn take_dir(&mut self) -> Option<tempfile::TempDir> {
        self._dir.take()
    }
}

// --- JSON API helpers shared by the suites --------------------------------------------------------

pub const PASSWORD: &str = "correct horse battery";

/// Registers `name` and returns its session cookie (`claimcheck_session=…`).
pub async fn register(app: &TestApp, name: &str) -> String {
    let r = reqwest::Client::new()
        .post(app.url("/api/auth/register"))
        .json(&serde_json::json!({ "username": name, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "register {name}");
    r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string()
}

/// Registers `name` and makes it an admin (the role takes effect on the next request).
pub async fn register_admin(app: &TestApp, name: &str) -> String {
    let cookie = register(app, name).await;
    claimcheck::server::service::accounts::set_role_by_name(
        &app.state.db,
        &app.state.config.rule,
        name,
        claimcheck::model::Role::Admin,
        "test set-up",
    )
    .await
    .unwrap();
    cookie
}

/// Sends a request with an optional cookie and JSON body; returns the status and the JSON body
/// (Null when the body is not JSON).
pub async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut req = reqwest::Client::new().request(method.parse().unwrap(), app.url(path));
    if let Some(c) = cookie {
        req = req.header(reqwest::header::COOKIE, c);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}
