//! The rendered-page cache for readers without a session: a second read is served from memory,
//! and any change shown on the page (a vote, moderation) is seen on the very next read.

use crate::helpers::{call, claim_ids, register, register_admin, spawn_app, submit_article, TestApp};
use serde_json::json;

async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> (String, String) {
    let mut req = reqwest::Client::new().get(app.url(path));
    if let Some(c) = cookie {
        req = req.header(reqwest::header::COOKIE, c);
    }
    let r = req.send().await.unwrap();
    assert_eq!(r.status(), 200);
    let cache =
        r.headers().get("x-render-cache").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (cache, r.text().await.unwrap())
}

/// The values of every `nonce="…"` attribute.
fn nonces(html: &str) -> Vec<&str> {
    html.split("nonce=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect()
}

fn without_nonces(html: &str) -> String {
    let mut out = html.to_string();
    for n in nonces(html) {
        out = out.replace(&format!(" nonce=\"{n}\""), "");
    }
    out
}

#[tokio::test]
async fn readers_get_cached_pages_that_never_show_a_stale_verdict() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let admin = register_admin(&app, "boss").await;
    let a = submit_article(
        &app,
        &ana,
        "Cache",
        "The bridge is 765 km long, officials said on Monday. It cost $3 billion in 2019.",
    )
    .await;
    let (id, claim) = (a["id"].as_i64().unwrap(), claim_ids(&a)[0]);
    let path = format!("/articles/{id}");

    let (first, html) = page(&app, &path, None).await;
    assert_eq!(first, "miss");
    assert!(html.contains("✓0 ✗0 ∅0"));
    let (second, again) = page(&app, &path, None).await;
    assert_eq!(second, "hit");
    assert!(!nonces(&html).is_empty());
    assert!(nonces(&again).is_empty(), "a cached page carries no nonce (its scripts are allowed by hash)");
    assert_eq!(without_nonces(&html), again, "and is otherwise the same page");

    // A vote changes the page: the next read renders again and shows it.
    let (s, _) = call(
        &app,
        "POST",
        &format!("/api/claims/{claim}/votes"),
        Some(&ana),
        Some(json!({ "verdict": "not_a_claim" })),
    )
    .await;
    assert_eq!(s, 200);
    let (after_vote, html) = page(&app, &path, None).await;
    assert_eq!(after_vote, "miss");
    assert!(html.contains("✓0 ✗0 ∅1"), "the new tally is on the page");

    // Moderation too.
    let (s, _) = call(
        &app,
        "POST",
        &format!("/api/claims/{claim}/moderation"),
        Some(&admin),
        Some(json!({ "action": "hide", "reason": "test" })),
    )
    .await;
    assert_eq!(s, 200);
    let (after_hide, html) = page(&app, &path, None).await;
    assert_eq!(after_hide, "miss");
    assert!(!html.contains(&format!("data-claim=\"{claim}\"")));

    // Signed-in pages are personal and never cached.
    let (signed_in, html) = page(&app, &path, Some(&ana)).await;
    assert_eq!(signed_in, "");
    assert!(html.contains("ana"));
    assert!(page(&app, &path, None).await.0 == "hit");
    app.shutdown().await;
}

/// A reader's check request changes the count every reader's cached page shows; the asking
/// browser's own page (it says "You asked") is never shared.
#[tokio::test]
async fn a_check_request_shows_on_readers_cached_pages() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let a = submit_article(&app, &ana, "Asked", "The tunnel is 57 km long, engineers said in 2016.").await;
    let (id, claim) = (a["id"].as_i64().unwrap(), claim_ids(&a)[0]);
    let path = format!("/articles/{id}?claim={claim}");
    let (first, html) = page(&app, &path, None).await;
    assert_eq!(first, "miss");
    assert!(html.contains("No reader has asked for a check yet."), "{html}");
    assert_eq!(page(&app, &path, None).await.0, "hit");

    let asked =
        reqwest::Client::new().post(app.url(&format!("/api/claims/{claim}/requests"))).send().await.unwrap();
    assert_eq!(asked.status(), 201);
    let cookie = asked.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let (after, html) = page(&app, &path, None).await;
    assert_eq!(after, "miss");
    assert!(html.contains("1 reader asked for a check."));
    assert!(html.contains("Ask for a check"), "others may still ask");
    let (own, html) = page(&app, &path, Some(&cookie)).await;
    assert_eq!(own, "");
    assert!(html.contains("You asked for a check"));
    assert!(!html.contains(">Ask for a check<"));
    app.shutdown().await;
}

/// A change committed by another process on the same database (here a second pool, as the command
/// line would) shows on the very next read: on SQLite the WAL index's header moved, so the entry's
/// stamp is read again; on PostgreSQL the stamp is read every time.
#[tokio::test]
async fn a_change_from_another_process_shows_at_once() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let a = submit_article(
        &app,
        &ana,
        "Elsewhere",
        "The dam holds 4.2 billion cubic metres of water, engineers said in 2021.",
    )
    .await;
    let (id, claim) = (a["id"].as_i64().unwrap(), claim_ids(&a)[0]);
    let path = format!("/articles/{id}");
    assert_eq!(page(&app, &path, None).await.0, "miss");
    assert_eq!(page(&app, &path, None).await.0, "hit");

    let other = claimcheck::server::db::Db::connect(&app.database_url).await.unwrap();
    sqlx::query(
        "UPDATE claims SET statement = 'Edited elsewhere: 4.3 billion', version = version + 1 WHERE id = $1",
    )
    .bind(claim)
    .execute(other.pool())
    .await
    .unwrap();
    other.close().await;

    let (state, html) = page(&app, &path, None).await;
    assert_eq!(state, "miss");
    assert!(html.contains("Edited elsewhere: 4.3 billion"));
    assert_eq!(page(&app, &path, None).await.0, "hit");
    app.shutdown().await;
}

/// The article list (`/`) is cached for readers too, and shows a new article, a verdict's tally and
/// an archived article on the very next read; a change to anything else (a sign-in, a new account)
/// leaves the cached list in place. Searches are rendered every time.
#[tokio::test]
async fn readers_get_a_cached_article_list_that_follows_every_change() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let admin = register_admin(&app, "boss").await;
    let canal = "The canal is 193 km long, engineers said in 2015.";
    let first = submit_article(&app, &ana, "First listed", canal).await;
    let (miss, html) = page(&app, "/", None).await;
    assert_eq!(miss, "miss");
    assert!(html.contains("First listed"));
    assert_eq!(page(&app, "/?utm_source=feed", None).await.0, "hit", "a stray parameter is the same list");

    // Writes that the list does not show leave it cached.
    register(&app, "bea").await;
    assert_eq!(page(&app, "/", None).await.0, "hit");

    let second = submit_article(&app, &ana, "Second listed", canal).await;
    let (state, html) = page(&app, "/", None).await;
    assert_eq!(state, "miss");
    assert!(html.contains("Second listed"), "a new article is listed at once");
    assert_eq!(page(&app, "/", None).await.0, "hit");

    // A vote moves a claim's status, which the list's distribution bar counts.
    let claim = first["claims"][0]["id"].as_i64().unwrap();
    let (s, _) = call(
        &app,
        "POST",
        &format!("/api/claims/{claim}/votes"),
        Some(&ana),
        Some(json!({ "verdict": "not_a_claim" })),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(page(&app, "/", None).await.0, "miss");

    // Archiving takes the article off the default list.
    let id = second["id"].as_i64().unwrap();
    let (s, body) = call(
        &app,
        "POST",
        &format!("/api/articles/{id}/moderation"),
        Some(&admin),
        Some(json!({ "action": "archive", "reason": "test" })),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    let (state, html) = page(&app, "/", None).await;
    assert_eq!(state, "miss");
    assert!(!html.contains("Second listed"));
    let (_, html) = page(&app, "/?archived=true", None).await;
    assert!(html.contains("Second listed"));

    // A search is rendered every time; signed-in readers get their own page.
    assert_eq!(page(&app, "/?q=First", None).await.0, "");
    assert_eq!(page(&app, "/?q=First", None).await.0, "");
    assert_eq!(page(&app, "/", Some(&ana)).await.0, "");
    app.shutdown().await;
}

/// Browsers ask for brotli or gzip: a cached page goes out compressed, each coding made once, and
/// says so (Content-Encoding, Vary), while a client that asks for neither gets the bytes as they are.
#[tokio::test]
async fn cached_pages_go_out_in_the_coding_the_reader_accepts() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let a =
        submit_article(&app, &ana, "Coded", "The tower is 330 metres tall, its owners said in 2019.").await;
    let path = format!("/articles/{}", a["id"]);
    let get = |accept: &'static str| {
        let url = app.url(&path);
        async move {
            let r = reqwest::Client::new().get(url).header("accept-encoding", accept).send().await.unwrap();
            assert_eq!(r.status(), 200);
            let h = |name: &str| {
                r.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
            };
            let vary: Vec<String> = r
                .headers()
                .get_all("vary")
                .iter()
                .map(|v| v.to_str().unwrap().to_ascii_lowercase())
                .collect();
            let out = (h("x-render-cache"), h("content-encoding"), h("content-length"), vary);
            (out, r.bytes().await.unwrap().len())
        }
    };
    let ((first, _, _, _), _) = get("identity").await;
    assert_eq!(first, "miss");
    for (accept, coding) in [("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("identity", "")] {
        let ((cache, encoding, length, vary), size) = get(accept).await;
        assert_eq!((cache.as_str(), encoding.as_str()), ("hit", coding), "{accept}");
        assert_eq!(length, size.to_string(), "{accept}: Content-Length is the body's");
        assert!(vary.iter().any(|v| v.contains("accept-encoding")), "{accept}: {vary:?}");
        assert!(vary.iter().any(|v| v.contains("cookie")), "{accept}: {vary:?}");
    }
    app.shutdown().await;
}
