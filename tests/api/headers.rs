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

/// How a page's policy lets its inline scripts run.
#[derive(Debug, PartialEq)]
enum Allowed {
    /// A fresh nonce, on every inline script: a page rendered for this response.
    Nonce(String),
    /// Each inline script's SHA-256, and no nonce anywhere: a page from the render cache.
    Hashes(Vec<String>),
}

/// Every inline script the page runs (JSON-LD blocks are data and need no allowance): its start
/// tag and its text.
fn inline_scripts(html: &str) -> Vec<(&str, &str)> {
    script_tags(html)
        .into_iter()
        .filter(|tag| !tag.contains("application/ld+json"))
        .map(|tag| {
            let at = html.find(tag).unwrap() + tag.len();
            (tag, &html[at..at + html[at..].find("</script>").unwrap()])
        })
        .collect()
}

/// A page's policy carries a fresh nonce that every inline script carries too, or (a page from the
/// render cache) the hash of every inline script and no nonce.
async fn check_page(app: &TestApp, path: &str) -> Allowed {
    use base64::Engine as _;
    use sha2::Digest as _;
    let r = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(r.status(), 200, "{path}");
    let nonce = assert_security_headers(&r);
    let script_src = directives(&header(&r, "content-security-policy"))["script-src"].clone();
    let html = r.text().await.unwrap();
    let scripts = inline_scripts(&html);
    assert!(
        scripts.iter().any(|(t, _)| t.contains("type=\"module\"")),
        "{path}: no hydration script in {html}"
    );
    match nonce {
        Some(nonce) => {
            assert!(nonce.len() >= 16, "a nonce of at least 96 bits: {nonce}");
            for (tag, _) in scripts {
                assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "{path}: {tag} lacks the nonce {nonce}");
            }
            Allowed::Nonce(nonce)
        }
        None => {
            assert!(!html.contains("nonce="), "{path}: a cached page keeps no nonce");
            let hashes: Vec<String> =
                script_src.iter().filter(|s| s.starts_with("'sha256-")).cloned().collect();
            for (tag, text) in scripts {
                let hash =
                    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes()));
                assert!(
                    hashes.contains(&format!("'sha256-{hash}'")),
                    "{path}: {tag} is not allowed by {script_src:?}"
                );
            }
            Allowed::Hashes(hashes)
        }
    }
}

#[tokio::test]
async fn pages_carry_a_csp_whose_nonce_is_on_each_inline_script_and_new_each_time() {
    let mut app = spawn_app().await;
    let id = article(&app).await;
    let home = check_page(&app, "/").await;
    assert!(matches!(home, Allowed::Nonce(_)), "rendered for this response: {home:?}");
    let again = check_page(&app, "/").await;
    assert!(matches!(again, Allowed::Hashes(_)), "from the render cache: {again:?}");
    assert_eq!(check_page(&app, "/").await, again, "the same scripts, the same hashes");
    for path in [format!("/articles/{id}"), "/login".into()] {
        let first = check_page(&app, &path).await;
        assert!(matches!(first, Allowed::Nonce(_)), "{path}");
        let second = check_page(&app, &path).await;
        assert_ne!(first, second, "{path}: a nonce is used for one response only");
    }
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

/// A server on a site folder of our own: `pkg/claimcheck.js` with brotli and gzip copies whose
/// bytes differ from what compressing on the fly would give (so a test can tell which file was
/// sent), and a stylesheet. Returns the base URL, the JavaScript, and what stops the server.
async fn serve_site(
    site: &std::path::Path,
) -> (String, String, impl FnOnce() -> tokio::task::JoinHandle<()>) {
    serve_site_keeping(site, 0).await
}

/// As `serve_site`, keeping `keep` earlier builds' files as `claimcheck serve` does.
async fn serve_site_keeping(
    site: &std::path::Path,
    keep: usize,
) -> (String, String, impl FnOnce() -> tokio::task::JoinHandle<()>) {
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let js = "export function hello() { return 'hello'; }\n".repeat(40);
    std::fs::write(pkg.join("claimcheck.js"), &js).unwrap();
    std::fs::write(pkg.join("claimcheck.js.br"), b"brotli copy").unwrap();
    std::fs::write(pkg.join("claimcheck.js.gz"), b"gzip copy").unwrap();
    std::fs::write(pkg.join("claimcheck.css"), "body { margin: 0 }\n").unwrap();

    let (url, dir) = fresh_database_url().await;
    let mut config = Config::for_database(&url);
    config.site_root = site.to_path_buf();
    config.keep_builds = keep;
    // Beside the site folder, as `claimcheck serve` keeps them (callers that keep give a site
    // folder inside a temporary one).
    config.builds_dir = site.parent().unwrap().join("builds");
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let server = Server::build_with_db(config, db).await.unwrap();
    let base = format!("http://{}", server.local_addr());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(server.run(async move {
        let _ = rx.await;
    }));
    let stop = move || {
        tx.send(()).unwrap();
        tokio::spawn(async move {
            handle.await.unwrap().unwrap();
            drop(dir);
        })
    };
    (base, js, stop)
}

#[tokio::test]
async fn precompressed_assets_are_sent_as_they_are_with_their_encoding() {
    let site = tempfile::tempdir().unwrap();
    let (base, js, stop) = serve_site(site.path()).await;
    let client = reqwest::Client::new();
    let get = |encoding: &'static str| {
        let mut req = client.get(format!("{base}/pkg/claimcheck.js"));
        if !encoding.is_empty() {
            req = req.header(ACCEPT_ENCODING, encoding);
        }
        async move { req.send().await.unwrap() }
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
    stop().await.unwrap();
}

#[tokio::test]
async fn pages_link_the_site_files_at_their_builds_url_which_browsers_may_keep() {
    let site = tempfile::tempdir().unwrap();
    let (base, js, stop) = serve_site(site.path()).await;
    let client = reqwest::Client::new();
    let get = |path: String, headers: Vec<(&'static str, String)>| {
        let mut req = client.get(format!("{base}{path}"));
        for (k, v) in headers {
            req = req.header(k, v);
        }
        async move { req.send().await.unwrap() }
    };

    // The page names this build: /assets/{16 hex digits}/pkg/…, for the code and the stylesheet.
    let html = get("/".into(), vec![]).await.text().await.unwrap();
    let at = html.find("/assets/").expect("the page links the build's files");
    let build = &html[at + "/assets/".len()..][..16];
    assert!(build.bytes().all(|b| b.is_ascii_hexdigit()), "{build}");
    let root = format!("/assets/{build}/pkg");
    assert!(html.contains(&format!("{root}/claimcheck.js")), "the hydration script");
    assert!(html.contains(&format!("href=\"{root}/claimcheck.css\"")), "the stylesheet");
    assert!(!html.contains("\"/pkg/"), "no link outside the build's URL");

    // There, the files are kept for a year, compressed copies included.
    const KEEP: &str = "public, max-age=31536000, immutable";
    let r = get(format!("{root}/claimcheck.js"), vec![("accept-encoding", "br".into())]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "cache-control"), KEEP);
    assert_eq!(header(&r, "content-encoding"), "br");
    let modified = header(&r, "last-modified");
    assert_eq!(&r.bytes().await.unwrap()[..], b"brotli copy");
    let r = get(format!("{root}/claimcheck.js"), vec![]).await;
    assert_eq!((r.status().as_u16(), header(&r, "cache-control")), (200, KEEP.to_string()));
    assert_eq!(r.text().await.unwrap(), js);
    // A browser that asks again is told nothing changed.
    let r = get(format!("{root}/claimcheck.js"), vec![("if-modified-since", modified)]).await;
    assert_eq!(r.status(), 304);

    // Another build's URL, a missing file, a folder and a way out of the folder (to a file that is
    // there) are not found, and not kept.
    std::fs::write(site.path().join("secret.txt"), "not a site file").unwrap();
    std::fs::create_dir_all(site.path().join("pkg/snippets")).unwrap();
    for path in [
        "/assets/0123456789abcdef/pkg/claimcheck.js".to_string(),
        format!("{root}/nothing.wasm"),
        format!("{root}/snippets"),
        format!("{root}/%2e%2e/secret.txt"),
        format!("{root}/..%2fsecret.txt"),
    ] {
        let r = get(path.clone(), vec![]).await;
        assert_eq!(r.status(), 404, "{path}");
        assert_ne!(r.headers().get("cache-control").map(|v| v.to_str().unwrap()), Some(KEEP), "{path}");
    }

    // The build written with a percent-escape is the same build, and the same file.
    let escaped = format!("/assets/%{:02X}{}/pkg/claimcheck.js", build.as_bytes()[0], &build[1..]);
    let r = get(escaped, vec![]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), js);

    // The unversioned URL still answers, for pages rendered before an upgrade, but is not kept.
    let r = get("/pkg/claimcheck.js".into(), vec![]).await;
    assert_eq!((r.status().as_u16(), header(&r, "cache-control")), (200, "no-cache".to_string()));
    stop().await.unwrap();
}

#[tokio::test]
async fn after_an_upgrade_pages_opened_before_it_still_load_their_builds_files() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let build_of = |html: &str| {
        let at = html.find("/assets/").expect("the page links the build's files");
        html[at + "/assets/".len()..][..16].to_string()
    };
    let (base, js, stop) = serve_site_keeping(&site, 3).await;
    let before = build_of(&reqwest::get(format!("{base}/")).await.unwrap().text().await.unwrap());
    stop().await.unwrap();

    // The upgrade: a new chunk (serve_site writes the other files as they were).
    std::fs::write(site.join("pkg/claimcheck_chunk_1.wasm"), b"new code").unwrap();
    let (base, _, stop) = serve_site_keeping(&site, 3).await;
    let after = build_of(&reqwest::get(format!("{base}/")).await.unwrap().text().await.unwrap());
    assert_ne!(after, before);
    // The running server's own files change under it no more than a release's do; the earlier
    // build's are its copies, whatever happens to pkg/ now.
    std::fs::write(site.join("pkg/claimcheck.js"), "export const upgraded = true;\n").unwrap();

    const KEEP: &str = "public, max-age=31536000, immutable";
    let client = reqwest::Client::new();
    // The earlier build's page asks for its own files, and gets their bytes, compressed copies too.
    let r = client.get(format!("{base}/assets/{before}/pkg/claimcheck.js")).send().await.unwrap();
    assert_eq!((r.status().as_u16(), header(&r, "cache-control")), (200, KEEP.to_string()));
    assert_eq!(r.text().await.unwrap(), js);
    let r = client
        .get(format!("{base}/assets/{before}/pkg/claimcheck.js"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&r, "content-encoding"), "br");
    assert_eq!(&r.bytes().await.unwrap()[..], b"brotli copy");
    // The new chunk is the new build's alone.
    let r = client.get(format!("{base}/assets/{after}/pkg/claimcheck_chunk_1.wasm")).send().await.unwrap();
    assert_eq!(&r.bytes().await.unwrap()[..], b"new code");
    let r = client.get(format!("{base}/assets/{before}/pkg/claimcheck_chunk_1.wasm")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    // The running build's URLs keep their bytes though pkg/ changed under it (a later release):
    // they come from its kept copy.
    let r = client.get(format!("{base}/assets/{after}/pkg/claimcheck.js")).send().await.unwrap();
    assert_eq!(r.text().await.unwrap(), js);
    // A build never served here is still not found.
    let r = client.get(format!("{base}/assets/0123456789abcdef/pkg/claimcheck.js")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    stop().await.unwrap();
}
