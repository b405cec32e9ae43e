//! `POST /api/import` against a site this test serves on 127.0.0.1: a good page, every refusal of the
//! fetcher (private address, redirect to one, too many redirects, too large, too slow, not HTML), a
//! page in a legacy character set, the hourly limit, saved pages, and claims on an imported body.
//! Runs on SQLite, or on PostgreSQL with TEST_DATABASE_URL.

use crate::helpers::{call, register, spawn_app_with, TestApp};
use axum::body::Body;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use claimcheck::server::fetch::FetchPolicy;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::time::Duration;

const ARTICLE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Reservoir levels fall for a third month - Upland Gazette</title>
<meta property="og:title" content="Reservoir levels fall for a third month">
<meta property="og:site_name" content="Upland Gazette">
<meta property="article:published_time" content="2025-06-02T07:00:00Z">
<meta name="author" content="Dana Whitfield">
<link rel="canonical" href="https://gazette.example/news/reservoirs">
</head>
<body>
<nav><a href="/">Home</a> <a href="/weather">Weather</a></nav>
<div class="subscribe-banner"><p>Subscribe for $1 a week, cancel at any time, 50% off your first 3 months!</p></div>
<article>
<h1>Reservoir levels fall for a third month</h1>
<div class="article-body">
<p>Reservoirs in the upland region held 61% of their capacity at the end of May, down from 78% a year earlier, the water authority said on Monday.</p>
<p>Rainfall in May was 42 mm, less than half of the 30-year average for the month, according to the national weather service.</p>
<p>The authority said it would not introduce a hosepipe ban before July, but asked households to cut their use by 10 litres a day.</p>
</div>
<aside class="related"><a href="/x">Dry spring hits farmers: 3,000 acres unplanted</a></aside>
</article>
<footer><p>Copyright 2025 Upland Gazette. 12 Market Street, 2 floors up.</p></footer>
</body>
</html>"#;

/// A page in windows-1252, declared only by the HTTP header.
fn latin1_page() -> Vec<u8> {
    let mut page = b"<html><head><title>Caf\xe9 prices</title></head><body><article>".to_vec();
    page.extend_from_slice(
        b"<p>The price of a caf\xe9 cr\xe8me in the old town rose to \x804.20 this year, up from \x803.90, the survey found.</p>",
    );
    page.extend_from_slice(b"</article></body></html>");
    page
}

/// The site the tests import from.
async fn serve_site() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let html = |body: Vec<u8>, ct: &'static str| ([(header::CONTENT_TYPE, ct)], body).into_response();
    let app = Router::new()
        .route(
            "/good",
            get(move || async move { html(ARTICLE.as_bytes().to_vec(), "text/html; charset=utf-8") }),
        )
        .route(
            "/xhtml",
            get(move || async move { html(ARTICLE.as_bytes().to_vec(), "application/xhtml+xml") }),
        )
        .route("/latin1", get(move || async move { html(latin1_page(), "text/html; charset=windows-1252") }))
        .route("/image", get(move || async move { html(vec![0x89, b'P', b'N', b'G'], "image/png") }))
        .route("/gone", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/slow",
            get(|| async {
                // Longer than the app's fetch timeout (1 s here); the fetcher gives up first.
                tokio::time::sleep(Duration::from_secs(30)).await;
                "too late"
            }),
        )
        .route(
            "/trickle",
            get(|| async {
                // Answers at once, then the body trickles past the app's fetch timeout (1 s here):
                // a chunk every 300 ms, for 3 s in all.
                let every = Some(tokio::time::interval(Duration::from_millis(300)));
                Response::builder()
                    .header(header::CONTENT_TYPE, "text/html")
                    .body(Body::new(Repeat { chunk: "<p>more</p>".into(), left: 10, every }))
                    .unwrap()
            }),
        )
        .route(
            "/huge",
            get(|| async {
                // 6 MB in 64 KiB chunks with no Content-Length: only counting while reading catches it.
                Response::builder().header(header::CONTENT_TYPE, "text/html").body(huge_body()).unwrap()
            }),
        )
        .route(
            "/huge-declared",
            get(|| async {
                let mut body = b"<html><body><p>".to_vec();
                body.resize(6 * 1024 * 1024, b'a');
                ([(header::CONTENT_TYPE, "text/html")], body).into_response()
            }),
        )
        .route(
            "/hop/{n}",
            get(|Path(n): Path<u32>| async move {
                let to = if n == 0 { "/good".to_string() } else { format!("/hop/{}", n - 1) };
                (StatusCode::FOUND, [(header::LOCATION, to)]).into_response()
            }),
        )
        .route(
            "/to-metadata",
            get(|| async {
                (StatusCode::FOUND, [(header::LOCATION, "http://169.254.169.254/latest/meta-data/")])
                    .into_response()
            }),
        )
        .route(
            "/to-localhost",
            get(move || async move {
                // Same machine, but under a name the allow list does not hold.
                let to = format!("http://localhost:{}/good", addr.port());
                (StatusCode::FOUND, [(header::LOCATION, to)]).into_response()
            }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// A body of `left` copies of `chunk` with no declared length (sent chunked).
/// A body of `left` copies of `chunk`, each sent at once or, with `every`, on the next tick.
struct Repeat {
    chunk: axum::body::Bytes,
    left: usize,
    every: Option<tokio::time::Interval>,
}

impl http_body::Body for Repeat {
    type Data = axum::body::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        if self.left == 0 {
            return std::task::Poll::Ready(None);
        }
        if self.every.as_mut().is_some_and(|every| every.poll_tick(cx).is_pending()) {
            return std::task::Poll::Pending;
        }
        self.left -= 1;
        std::task::Poll::Ready(Some(Ok(http_body::Frame::data(self.chunk.clone()))))
    }
}

fn huge_body() -> Body {
    let mut chunk = b"<p>".to_vec();
    chunk.resize(64 * 1024, b'x');
    Body::new(Repeat { chunk: chunk.into(), left: 96, every: None })
}

async fn app_allowing(site: SocketAddr, per_hour: u32) -> TestApp {
    spawn_app_with(|c| {
        c.fetch = FetchPolicy {
            timeout: Duration::from_secs(1),
            allow_hosts: FetchPolicy::parse_allow_hosts(&format!("127.0.0.1:{}", site.port())),
        };
        c.imports_per_hour = per_hour;
    })
    .await
}

async fn import(app: &TestApp, cookie: &str, body: Value) -> (u16, Value) {
    call(app, "POST", "/api/import", Some(cookie), Some(body)).await
}

fn error_of(v: &Value) -> String {
    v["error"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn a_good_page_comes_back_as_fields_and_nothing_is_stored() {
    let site = serve_site().await;
    let mut app = app_allowing(site, 30).await;
    let cookie = register(&app, "importer").await;

    let (status, a) = import(&app, &cookie, json!({ "url": format!("http://{site}/good") })).await;
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["title"], "Reservoir levels fall for a third month");
    assert_eq!(a["byline"], "Dana Whitfield");
    assert_eq!(a["publisher"], "Upland Gazette");
    assert_eq!(a["published_date"], "2025-06-02");
    assert_eq!(a["url"], "https://gazette.example/news/reservoirs");
    assert_eq!(a["language"], "en");
    let body = a["body"].as_str().unwrap();
    assert!(body.starts_with("Reservoirs in the upland region held 61%"), "{body}");
    assert_eq!(body.split("\n\n").count(), 3, "{body}");
    for furniture in ["Subscribe", "Home", "Dry spring", "Copyright"] {
        assert!(!body.contains(furniture), "{furniture} in {body}");
    }
    // The same through application/xhtml+xml and through two redirects.
    let (status, b) = import(&app, &cookie, json!({ "url": format!("http://{site}/xhtml") })).await;
    assert_eq!((status, &b["body"]), (200, &a["body"]));
    let (status, c) = import(&app, &cookie, json!({ "url": format!("http://{site}/hop/2") })).await;
    assert_eq!((status, &c["body"]), (200, &a["body"]));

    let (_, list) = call(&app, "GET", "/api/articles", None, None).await;
    assert_eq!(list["total"], 0, "an import stores no article");
    app.shutdown().await;
}

#[tokio::test]
async fn each_refusal_is_a_422_that_says_what_happened() {
    let site = serve_site().await;
    let mut app = app_allowing(site, 0).await;
    let cookie = register(&app, "refused").await;
    let cases: Vec<(String, &str)> = vec![
        (format!("http://{site}/to-metadata"), "that address is on a private network"),
        (format!("http://{site}/to-localhost"), "that address is on a private network"),
        ("http://10.0.0.1/".into(), "that address is on a private network"),
        ("http://[::1]/".into(), "that address is on a private network"),
        (format!("http://{site}/hop/6"), "the page redirected more than 5 times"),
        (format!("http://{site}/huge"), "the page is larger than 5 MB"),
        (format!("http://{site}/huge-declared"), "the page is larger than 5 MB"),
        (format!("http://{site}/slow"), "the site did not answer within 1 s"),
        (format!("http://{site}/trickle"), "the site did not answer within 1 s"),
        (format!("http://{site}/image"), "not an HTML page (image/png)"),
        (format!("http://{site}/gone"), "the site answered 404 Not Found"),
        ("ftp://example.org/file".into(), "only http:// and https:// URLs are allowed"),
    ];
    for (url, want) in cases {
        let (status, v) = import(&app, &cookie, json!({ "url": url })).await;
        assert_eq!(status, 422, "{url}: {v}");
        assert_eq!(error_of(&v), want, "{url}: {v}");
        assert_eq!(v["field"], "url", "{url}: {v}");
    }
    // Five redirects are fine; the sixth is one too many (above).
    let (status, v) = import(&app, &cookie, json!({ "url": format!("http://{site}/hop/4") })).await;
    assert_eq!(status, 200, "{v}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_local_site_is_private_unless_the_allow_list_names_it() {
    let site = serve_site().await;
    let mut app = spawn_app_with(|c| c.fetch.timeout = Duration::from_secs(2)).await;
    let cookie = register(&app, "nolist").await;
    let (status, v) = import(&app, &cookie, json!({ "url": format!("http://{site}/good") })).await;
    assert_eq!((status, error_of(&v).as_str()), (422, "that address is on a private network"), "{v}");
    app.shutdown().await;

    // The right host on another port is still refused.
    let mut app = spawn_app_with(|c| {
        c.fetch.allow_hosts = FetchPolicy::parse_allow_hosts(&format!("127.0.0.1:{}", site.port() ^ 1))
    })
    .await;
    let cookie = register(&app, "otherport").await;
    let (status, v) = import(&app, &cookie, json!({ "url": format!("http://{site}/good") })).await;
    assert_eq!((status, error_of(&v).as_str()), (422, "that address is on a private network"), "{v}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_page_in_a_legacy_character_set_is_decoded() {
    let site = serve_site().await;
    let mut app = app_allowing(site, 30).await;
    let cookie = register(&app, "latin").await;
    let (status, v) = import(&app, &cookie, json!({ "url": format!("http://{site}/latin1") })).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["title"], "Café prices");
    let body = v["body"].as_str().unwrap();
    assert!(body.contains("café crème") && body.contains("€4.20"), "{body}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_saved_page_is_imported_without_fetching_and_links_count_against_the_hourly_limit() {
    let site = serve_site().await;
    let mut app = app_allowing(site, 2).await;
    let cookie = register(&app, "limited").await;
    let good = json!({ "url": format!("http://{site}/good") });
    assert_eq!(import(&app, &cookie, good.clone()).await.0, 200);
    assert_eq!(import(&app, &cookie, good.clone()).await.0, 200);
    let (status, v) = import(&app, &cookie, good.clone()).await;
    assert_eq!(status, 429, "{v}");
    assert!(error_of(&v).contains("2 links an hour"), "{v}");
    // Saved pages are not fetched, so not limited; their URL is used for the publisher.
    let (status, v) =
        import(&app, &cookie, json!({ "html": "<p>A saved page with enough words in it to count as a body.</p>", "url": "https://www.saved.example/a" }))
            .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["publisher"], "saved.example");
    assert_eq!(v["url"], "https://www.saved.example/a");
    // Another reviewer has their own allowance.
    let other = register(&app, "other").await;
    assert_eq!(import(&app, &other, good).await.0, 200);
    app.shutdown().await;
}

#[tokio::test]
async fn bad_requests_are_refused_with_a_field() {
    let site = serve_site().await;
    let mut app = app_allowing(site, 30).await;
    let cookie = register(&app, "bad").await;
    let (status, v) =
        call(&app, "POST", "/api/import", None, Some(json!({ "url": format!("http://{site}/good") }))).await;
    assert_eq!(status, 401, "{v}");
    let (status, v) = import(&app, &cookie, json!({})).await;
    assert_eq!((status, v["field"].as_str()), (422, Some("url")), "{v}");
    let (status, v) =
        import(&app, &cookie, json!({ "html": "<script>alert(1)</script><nav>Home</nav>" })).await;
    assert_eq!((status, error_of(&v).as_str()), (422, "found no article text on that page"), "{v}");
    let (status, v) = import(&app, &cookie, json!({ "url": "javascript:alert(1)" })).await;
    assert_eq!((status, v["field"].as_str()), (422, Some("url")), "{v}");
    // A page nested thousands deep is refused for that, by name, and not as a page without text.
    let deep = "<div>".repeat(20_000) + "<p>deep</p>";
    let (status, v) = import(&app, &cookie, json!({ "html": deep })).await;
    assert_eq!((status, v["field"].as_str()), (422, Some("html")), "{v}");
    assert!(error_of(&v).contains("nests its elements more than 4000 deep"), "{v}");
    app.shutdown().await;
}

#[tokio::test]
async fn claims_on_an_imported_body_come_from_the_article_not_the_page_furniture() {
    let site = serve_site().await;
    let mut app = app_allowing(site, 30).await;
    let cookie = register(&app, "claims").await;
    let (status, a) = import(&app, &cookie, json!({ "url": format!("http://{site}/good") })).await;
    assert_eq!(status, 200, "{a}");
    let submitted = json!({
        "title": a["title"], "body": a["body"], "url": a["url"],
        "publisher": a["publisher"], "published_date": a["published_date"],
    });
    let (status, article) = call(&app, "POST", "/api/articles", Some(&cookie), Some(submitted)).await;
    assert_eq!(status, 201, "{article}");
    assert_eq!(article["body"], a["body"], "the stored text is exactly the imported body");
    let claims = article["claims"].as_array().unwrap();
    assert!(claims.len() >= 2, "{article}");
    let body = a["body"].as_str().unwrap();
    for c in claims {
        let exact = c["quote"]["exact"].as_str().unwrap();
        assert!(body.contains(exact), "{exact}");
        for furniture in ["Subscribe", "$1 a week", "3,000 acres", "Market Street", "Copyright"] {
            assert!(!exact.contains(furniture), "a claim on page furniture: {exact}");
        }
    }
    assert!(claims.iter().any(|c| c["quote"]["exact"].as_str().unwrap().contains("61%")), "{article}");

    // Imported again, by link or as a saved page naming it, the page points to the article.
    assert!(a.get("already_submitted").is_none(), "{a}");
    let (status, again) = import(&app, &cookie, json!({ "url": format!("http://{site}/good") })).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["already_submitted"]["id"], article["id"], "{again}");
    assert_eq!(again["already_submitted"]["title"], article["title"]);
    let (_, saved) = import(&app, &cookie, json!({ "html": ARTICLE })).await;
    assert_eq!(saved["already_submitted"]["id"], article["id"], "the page's canonical link: {saved}");
    let link = format!("http://{site}/good");
    let page = crate::helpers::post_form(&app, "/submit", Some(&cookie), &[("import_url", &link)])
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"id="import-existing""#), "{page}");
    assert!(page.contains(&format!(r#"href="/articles/{}""#, article["id"])), "{page}");
    app.shutdown().await;
}

/// Runs `claimcheck import-html ARGS` with `stdin` on its standard input.
fn import_html(args: &[&str], stdin: &[u8]) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .arg("import-html")
        .args(args)
        .env("RUST_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run claimcheck import-html");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn the_import_command_reads_files_and_standard_input_and_writes_one_json_line_per_page() {
    let dir = tempfile::tempdir().unwrap();
    let (good, legacy) = (dir.path().join("good.html"), dir.path().join("legacy.html"));
    std::fs::write(&good, ARTICLE).unwrap();
    // No charset declared anywhere and bytes that are not UTF-8: read as UTF-8 with replacements,
    // never a failure.
    std::fs::write(&legacy, latin1_page()).unwrap();

    // One file: one object, the fields the API returns.
    let out = import_html(&[good.to_str().unwrap()], b"");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let one: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(one["title"], "Reservoir levels fall for a third month");
    assert_eq!(one["publisher"], "Upland Gazette");
    assert_eq!(one["byline"], "Dana Whitfield");
    assert_eq!(one["url"], "https://gazette.example/news/reservoirs");
    assert_eq!(one["language"], "en");
    assert!(one["body"].as_str().unwrap().starts_with("Reservoirs in the upland region held 61%"), "{one}");
    assert!(one.get("file").is_none(), "a single page has no file field: {one}");

    // Standard input ('-') beside a file: JSON Lines, each object naming its file, in order.
    let out = import_html(&["-", good.to_str().unwrap(), legacy.to_str().unwrap()], ARTICLE.as_bytes());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["file"], "-");
    assert_eq!(lines[1]["file"], good.to_str().unwrap());
    assert_eq!(lines[0]["body"], lines[1]["body"], "the same page gives the same article from anywhere");
    assert_eq!(lines[2]["file"], legacy.to_str().unwrap());

    // --url names the page when it has no canonical link of its own.
    let bare = "<html><body><article><p>The ferry carried 1,200 passengers on its first day, the operator said on Friday.</p></article></body></html>";
    let out = import_html(&["-", "--url", "https://harbour.example/ferry"], bare.as_bytes());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["url"], "https://harbour.example/ferry");
    assert_eq!(v["publisher"], "harbour.example");

    // A file that is not there: a failure that names it, nothing on standard output.
    let missing = dir.path().join("missing.html");
    let out = import_html(&[missing.to_str().unwrap()], b"");
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("missing.html"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
