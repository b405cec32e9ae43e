//! Test harness: starts the real app on port 0 with a fresh database and speaks HTTP to it.
//! SQLite by default (a temp file); set TEST_DATABASE_URL=postgres://USER:PASS@HOST/postgres to run the
//! same suite on PostgreSQL, with a new database created per test.
//!
//! The request helpers below send to any `Target`: the in-process app (`TestApp`), the real binary
//! run as a child process (`instance::Instance`), or a plain base URL. Every module of the test
//! binary uses them; a helper that only some modules need belongs here all the same.

pub mod instance;

use claimcheck::server::config::Config;
use claimcheck::server::db::Db;
use claimcheck::server::http::Server;
use claimcheck::server::state::AppState;
use reqwest::header::{COOKIE, SET_COOKIE};
use serde_json::{json, Value};
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
/// standing suite (`tests/api/standing.rs`) starts the app with `spawn_app_with` and the product
/// default.
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
    // tested with them on in tests/api/abuse.rs.
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

// --- requests: anything with a base URL -------------------------------------------------------------

/// Where a helper sends its requests: the in-process app, a child process of the binary, or a base
/// URL such as `http://127.0.0.1:PORT`.
pub trait Target {
    fn base(&self) -> &str;
}

impl Target for TestApp {
    fn base(&self) -> &str {
        &self.base
    }
}

impl Target for str {
    fn base(&self) -> &str {
        self
    }
}

impl Target for String {
    fn base(&self) -> &str {
        self
    }
}

impl<T: Target + ?Sized> Target for &T {
    fn base(&self) -> &str {
        (**self).base()
    }
}

pub const PASSWORD: &str = "correct horse battery";

/// A client that neither follows redirects nor keeps cookies: a new browser, whose every answer is
/// seen as it was sent.
pub fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// Sends a request with an optional cookie and JSON body; returns the status and the JSON body
/// (Null when the body is not JSON).
pub async fn call(
    to: &(impl Target + ?Sized),
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let url = format!("{}{path}", to.base());
    let mut req = reqwest::Client::new().request(method.parse().unwrap(), &url);
    if let Some(c) = cookie {
        req = req.header(COOKIE, c);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// GETs a page with an optional cookie; returns the status and the body as text.
pub async fn get_page(to: &(impl Target + ?Sized), path: &str, cookie: Option<&str>) -> (u16, String) {
    let mut req = reqwest::Client::new().get(format!("{}{path}", to.base()));
    if let Some(c) = cookie {
        req = req.header(COOKIE, c);
    }
    let r = req.send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// A response header's value; panics, naming the URL, when the response has none.
pub fn header(r: &reqwest::Response, name: &str) -> String {
    r.headers().get(name).unwrap_or_else(|| panic!("no {name} on {}", r.url())).to_str().unwrap().to_string()
}

/// Posts `pairs` as a browser without JavaScript posts a form (urlencoded, HTML accepted), with an
/// optional cookie; redirects are not followed.
pub async fn post_form(
    to: &(impl Target + ?Sized),
    path: &str,
    cookie: Option<&str>,
    pairs: &[(&str, &str)],
) -> reqwest::Response {
    let mut req = no_redirects()
        .post(format!("{}{path}", to.base()))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .body(form_encode(pairs));
    if let Some(c) = cookie {
        req = req.header(COOKIE, c);
    }
    req.send().await.unwrap()
}

/// Posts `pairs` to the server function `function` as a browser without JavaScript does from the
/// page at `from` (HTML accepted, that page as the Referer), with the session `cookie`; returns
/// where the answer's redirect leads, as a path of the app.
pub async fn form_post_back(
    to: &(impl Target + ?Sized),
    function: &str,
    cookie: &str,
    from: &str,
    pairs: &[(&str, &str)],
) -> String {
    let r = no_redirects()
        .post(format!("{}/rpc/{function}", to.base()))
        .header(COOKIE, cookie)
        .header("accept", "text/html")
        .header("referer", format!("{}{from}", to.base()))
        .form(pairs)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{function}: {}", r.status());
    let back = r.headers()["location"].to_str().unwrap();
    back.strip_prefix(to.base()).unwrap_or(back).to_string()
}

/// `pairs` as an `application/x-www-form-urlencoded` body (or query string).
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    let url = reqwest::Url::parse_with_params("http://x/", pairs).unwrap();
    url.query().unwrap_or("").to_string()
}

// --- accounts and sessions ------------------------------------------------------------------------

/// The `claimcheck_session=…` pair a response sets, if it sets one (a cookie it expires with
/// `Max-Age=0` does not count).
pub fn session_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("claimcheck_session=") && !v.contains("Max-Age=0"))
        .map(|v| v.split(';').next().unwrap().to_string())
}

/// Sends a registration for `name` with `PASSWORD` from a new browser and returns the response as it
/// is. `forwarded_for` is the X-Forwarded-For header a proxy in front of the app would add (None: no
/// proxy).
pub async fn register_from(
    to: &(impl Target + ?Sized),
    name: &str,
    forwarded_for: Option<&str>,
) -> reqwest::Response {
    let mut req = no_redirects()
        .post(format!("{}/api/auth/register", to.base()))
        .json(&json!({ "username": name, "password": PASSWORD }));
    if let Some(f) = forwarded_for {
        req = req.header("x-forwarded-for", f);
    }
    req.send().await.unwrap()
}

/// Registers `name` (201) and returns the new account's id and its session cookie.
pub async fn register_with_id(to: &(impl Target + ?Sized), name: &str) -> (i64, String) {
    let (cookie, user) = registered(to, name).await;
    (user["id"].as_i64().unwrap_or_else(|| panic!("register {name}: no id in {user}")), cookie)
}

/// Registers `name` (201) and returns its session cookie (`claimcheck_session=…`).
pub async fn register(to: &(impl Target + ?Sized), name: &str) -> String {
    registered(to, name).await.0
}

async fn registered(to: &(impl Target + ?Sized), name: &str) -> (String, Value) {
    let r = register_from(to, name, None).await;
    let status = r.status();
    let cookie = session_cookie(&r);
    let body = r.text().await.unwrap_or_default();
    assert_eq!(status, 201, "register {name}: {body}");
    let cookie = cookie.unwrap_or_else(|| panic!("register {name}: no session cookie"));
    (cookie, serde_json::from_str(&body).unwrap_or(Value::Null))
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

/// Sends a sign-in from a new browser and returns the response as it is. `forwarded_for` as for
/// `register_from`.
pub async fn login_from(
    to: &(impl Target + ?Sized),
    name: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> reqwest::Response {
    let mut req = no_redirects()
        .post(format!("{}/api/auth/login", to.base()))
        .json(&json!({ "username": name, "password": password }));
    if let Some(f) = forwarded_for {
        req = req.header("x-forwarded-for", f);
    }
    req.send().await.unwrap()
}

/// Sends a sign-in from a new browser, not behind a proxy; the response as it is.
pub async fn login(to: &(impl Target + ?Sized), name: &str, password: &str) -> reqwest::Response {
    login_from(to, name, password, None).await
}

/// Signs in (200) and returns the new session's cookie.
pub async fn sign_in(to: &(impl Target + ?Sized), name: &str, password: &str) -> String {
    let r = login(to, name, password).await;
    assert_eq!(r.status(), 200, "sign in {name}");
    session_cookie(&r).unwrap_or_else(|| panic!("sign in {name}: no session cookie"))
}

// --- articles, claims, sources -------------------------------------------------------------------

/// Submits an article (201) and returns it as the API answers.
pub async fn submit_article(to: &(impl Target + ?Sized), cookie: &str, title: &str, body: &str) -> Value {
    let (status, article) =
        call(to, "POST", "/api/articles", Some(cookie), Some(json!({ "title": title, "body": body }))).await;
    assert_eq!(status, 201, "{article}");
    article
}

/// The ids of an article's claims, in the order the API lists them.
pub fn claim_ids(article: &Value) -> Vec<i64> {
    article["claims"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect()
}

/// The id of the article's claim whose statement mentions `word`.
pub fn claim_mentioning(article: &Value, word: &str) -> i64 {
    article["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["statement"].as_str().unwrap().contains(word))
        .unwrap_or_else(|| panic!("no claim mentions {word}: {article}"))["id"]
        .as_i64()
        .unwrap()
}

/// Cites `https://evidence.example/{claim_id}` on the claim, supporting it (201); returns the
/// source's id.
pub async fn add_source(to: &(impl Target + ?Sized), cookie: &str, claim_id: i64) -> i64 {
    let (status, source) = call(
        to,
        "POST",
        &format!("/api/claims/{claim_id}/sources"),
        Some(cookie),
        Some(json!({ "url": format!("https://evidence.example/{claim_id}"), "stance": "supports" })),
    )
    .await;
    assert_eq!(status, 201, "{source}");
    source["id"].as_i64().unwrap()
}

/// The claim with its sources, votes, matches and history (200).
pub async fn claim_detail(to: &(impl Target + ?Sized), claim_id: i64) -> Value {
    let (status, detail) = call(to, "GET", &format!("/api/claims/{claim_id}"), None, None).await;
    assert_eq!(status, 200, "{detail}");
    detail
}

/// Uploads a fact-check library file (the body as it is; `query` may name its format) with an
/// optional cookie; returns the status and the JSON report.
pub async fn upload_factchecks(
    to: &(impl Target + ?Sized),
    cookie: Option<&str>,
    query: &str,
    body: &str,
) -> (u16, Value) {
    let mut req =
        reqwest::Client::new().post(format!("{}/api/factchecks{query}", to.base())).body(body.to_string());
    if let Some(c) = cookie {
        req = req.header(COOKIE, c);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

// --- fixtures used by more than one module --------------------------------------------------------

/// News text for the claim extractor (tests/fixtures/extract).
pub const BORDER: &str = include_str!("../../fixtures/extract/border.txt");
pub const HARD_CASES: &str = include_str!("../../fixtures/extract/hard_cases.txt");
pub const UNICODE: &str = include_str!("../../fixtures/extract/unicode.txt");

/// A fact-check library (a JSON array of ClaimReview items) and an article with claims to match
/// against it (the matching and matching_library modules).
pub const MATCHING_REVIEWS: &str = include_str!("../../fixtures/matching/reviews.json");
pub const MATCHING_ARTICLE: &str = "Budget papers released on Monday show that the Harlow footbridge \
cost Riverside council $12 million. Separately, customs at Port Vell seized 10 kg of cocaine concealed in \
crates of bananas last week, officials said.";
