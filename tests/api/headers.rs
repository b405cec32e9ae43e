//! Security headers on pages, the API and static files, and precompressed assets sent with the
//! right Content-Encoding.

use crate::helpers::{fresh_database_url, header, register, spawn_app, submit_article, TestApp};
use claimcheck::server::config::Config;
use claimcheck::server::db::Db;
use claimcheck::server::http::Server;
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING};

/// Registers a reviewer, submits an article and returns its id.
async fn article(app: &TestApp) -> i64 {
    let cookie = register(app, "hana").await;
    let body = "The new breakwater is 765 metres long. It cost 12 million euros, the council said on Monday.";
    submit_article(app, &cookie, "Harbour works", body).await["id"].as_i64().unwrap()
}

/// The directives of a Content-Security-Policy, by name.
fn directives(csp: &str) -> std::collections::HashMap<String, Vec<String>> {
    csp.split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace().map(str::to_string);
            Some((words.next()?, words.collect()))
        })
        .collect()
}

/// Checks what every response must carry, and returns the CSP's nonce if it has one.
fn assert_security_headers(r: &reqwest::Response) -> Option<String> {
    let what = r.url().path().to_string();
    assert_eq!(header(r, "x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header(r, "referrer-policy"), "strict-origin-when-cross-origin", "{what}");
    let csp = header(r, "content-security-policy");
    let d = directives(&csp);
    assert_eq!(d["frame-ancestors"], ["'none'"], "{what}: {csp}");
    assert_eq!(d["object-src"], ["'none'"], "{what}: {csp}");
    assert_eq!(d["base-uri"], ["'self'"], "{what}: {csp}");
    assert_eq!(d["default-src"], ["'self'"], "{what}: {csp}");
    let script = &d["script-src"];
    assert!(script.contains(&"'self'".to_string()), "{what}: {csp}");
    assert!(script.contains(&"'wasm-unsafe-eval'".to_string()), "WASM must be allowed to compile: {csp}");
    for never in ["'unsafe-inline'", "'unsafe-eval'", "*", "data:"] {
        assert!(!script.iter().any(|s| s == never), "{what}: script-src allows {never}: {csp}");
    }
    let nonces: Vec<_> =
        script.iter().filter_map(|s| s.strip_prefix("'nonce-")?.strip_suffix('\'')).collect();
    assert!(nonces.len() <= 1, "{csp}");
    nonces.first().map(|n| n.to_string())
}

/// Every `<script` start tag in the page, whole.
fn script_tags(html: &str) -> Vec<&str> {
    html.match_indices("<script").map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1]).collect()
}

/// A page's policy carries a fresh nonce, and every script the page runs inline carries it too;
/// JSON-LD blocks are data and need none.
async fn check_page(app: &TestApp, path: &str) -> String {
    let r = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(r.status(), 200, "{path}");
    let nonce = assert_security_headers(&r).unwrap_or_else(|| panic!("{path}: the page's CSP has no nonce"));
    assert!(nonce.len() >= 16, "a nonce of at least 96 bits: {nonce}");
    let html = r.text().await.unwrap();
    let tags = script_tags(&html);
    assert!(tags.iter().any(|t| t.contains("type=\"module\"")), "{path}: no hydration script in {html}");
    for tag in tags {
        if tag.contains("application/ld+json") {
            continue;
        }
        assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "{path}: {tag} lacks the nonce {nonce}");
    }
    nonce
}

#[tokio::test]
async fn pages_carry_a_csp_whose_nonce_is_on_each_inline_script_and_new_each_time() {
    let mut app = spawn_app().await;
    let id = article(&app).await;
    let home = check_page(&app, "/").await;
    let again = check_page(&app, "/").await;
    assert_ne!(home, again, "a nonce is used for one response only");
    check_page(&app, &format!("/articles/{id}")).await;
    check_page(&app, "/login").await;
    app.shutdown().await;
}

#[tokio::test]
async fn api_responses_and_error_pages_carry_the_headers_without_a_nonce() {
    let mut app = spawn_app().await;
    let id = article(&app).await;
    for path in ["/api/articles".to_string(), format!("/api/articles/{id}"), "/api/articles/999999".into()] {
        let r = app.client.get(app.url(&path)).send().await.unwrap();
        assert!(r.status() == 200 || r.status() == 404, "{path}: {}", r.status());
        assert_eq!(assert_security_headers(&r), None, "{path}: no inline script to allow");
    }
    let r = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_security_headers(&r);
    // The not-found page is rendered by leptos, so it gets a nonce like any other page.
    let r = app.client.get(app.url("/no/such/page")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let nonce = assert_security_headers(&r).expect("the 404 page's CSP has a nonce");
    let html = r.text().await.unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the 404 page's scripts carry the CSP's nonce");
    app.shutdown().await;
}

#[tokio::test]
async fn precompressed_assets_are_sent_as_they_are_with_their_encoding() {
    // A site folder of our own, with copies whose bytes differ from what compressing on the fly
    // would give, so the test can tell which file was sent.
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let js = "export function hello() { return 'hello'; }\n".repeat(40);
    std::fs::write(pkg.join("claimcheck.js"), &js).unwrap();
    std::fs::write(pkg.join("claimcheck.js.br"), b"brotli copy").unwrap();
    std::fs::write(pkg.join("claimcheck.js.gz"), b"gzip copy").unwrap();

    let (url, _dir) = fresh_database_url().await;
    let mut config = Config::for_database(&url);
    config.site_root = site.path().to_path_buf();
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let server = Server::build_with_db(config, db).await.unwrap();
    let base = format!("http://{}", server.local_addr());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(server.run(async move {
        let _ = rx.await;
    }));

    let client = reqwest::Client::new();
    let get = |encoding: &'static str| {
        let client = client.clone();
        let url = format!("{base}/pkg/claimcheck.js");
        async move {
            let mut req = client.get(url);
            if !encoding.is_empty() {
                req = req.header(ACCEPT_ENCODING, encoding);
            }
            req.send().await.unwrap()
        }
    };
    for (accept, encoding, body) in [
        ("br, gzip", Some("br"), "brotli copy".as_bytes()),
        ("gzip", Some("gzip"), b"gzip copy"),
        ("", None, js.as_bytes()),
    ] {
        let r = get(accept).await;
        assert_eq!(r.status(), 200, "Accept-Encoding: {accept}");
        assert_eq!(r.headers().get(CONTENT_ENCODING).map(|v| v.to_str().unwrap()), encoding, "{accept}");
        assert!(header(&r, "content-type").contains("javascript"), "{accept}");
        assert_eq!(header(&r, "vary").to_ascii_lowercase(), "accept-encoding", "{accept}");
        assert_security_headers(&r);
        assert_eq!(&r.bytes().await.unwrap()[..], body, "Accept-Encoding: {accept}");
    }
    tx.send(()).unwrap();
    handle.await.unwrap().unwrap();
}
