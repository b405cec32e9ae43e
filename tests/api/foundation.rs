//! The foundation over real HTTP: health, storage settings, migrations, pages, limits, shutdown.

use crate::helpers::{is_postgres, spawn_app, spawn_app_on};
use claimcheck::server::db::{self, Backend, Db};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn healthz_answers_200_when_the_database_answers() {
    let mut app = spawn_app().await;
    let r = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    app.shutdown().await;
}

#[tokio::test]
async fn healthz_answers_503_when_the_database_is_unreachable() {
    let mut app = spawn_app().await;
    app.state.db.close().await;
    let r = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    app.shutdown().await;
}

#[tokio::test]
async fn migrations_are_idempotent_across_restarts() {
    let mut app = spawn_app().await;
    let url = app.database_url.clone();
    let dir = app.take_dir();
    app.shutdown().await;

    // Again by hand, twice, then a second server on the same database.
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    db.migrate().await.unwrap();
    let applied: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations").fetch_one(db.pool()).await.unwrap();
    let files = std::fs::read_dir(if is_postgres() { "migrations/postgres" } else { "migrations/sqlite" })
        .unwrap()
        .count() as i64;
    assert_eq!(applied, files, "each migration is recorded exactly once");
    db.close().await;

    let mut again = spawn_app_on(url, dir).await;
    let r = again.client.get(again.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    again.shutdown().await;
}

#[tokio::test]
async fn sqlite_pragmas_are_in_force_on_every_connection() {
    if is_postgres() {
        eprintln!("SQLite-only check; this run is on PostgreSQL");
        return;
    }
    let mut app = spawn_app().await;
    let db = &app.state.db;
    assert_eq!(db.backend(), Backend::Sqlite);
    // Several reads so more than one pooled connection is likely to answer.
    for _ in 0..4 {
        assert_eq!(db.sqlite_pragma("journal_mode").await.unwrap(), "wal");
        assert_eq!(db.sqlite_pragma("synchronous").await.unwrap(), "1", "NORMAL is 1");
        assert_eq!(db.sqlite_pragma("foreign_keys").await.unwrap(), "1");
        let busy: i64 = db.sqlite_pragma("busy_timeout").await.unwrap().parse().unwrap();
        assert!(busy >= 5000, "busy_timeout {busy}");
    }
    app.shutdown().await;
}

#[tokio::test]
async fn write_transactions_on_sqlite_take_the_write_lock_up_front() {
    if is_postgres() {
        eprintln!("SQLite-only check; this run is on PostgreSQL");
        return;
    }
    let mut app = spawn_app().await;
    let db = &app.state.db;
    let mut tx = db.begin_write().await.unwrap();
    // While one IMMEDIATE transaction is open, a second writer must wait, not slip in.
    let second = tokio::time::timeout(std::time::Duration::from_millis(300), db.begin_write()).await;
    assert!(second.is_err(), "a second BEGIN IMMEDIATE should block while the first holds the lock");
    let id = db::articles::insert(
        &mut tx,
        &db::articles::NewArticle {
            title: "t",
            body: "b",
            url: None,
            publisher: None,
            published_date: None,
            created_at: 0,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert!(id > 0);
    app.shutdown().await;
}

#[tokio::test]
async fn the_home_page_is_server_rendered_with_the_hydration_script() {
    let mut app = spawn_app().await;
    let r = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let html = r.text().await.unwrap();
    assert!(html.contains("<h1>Articles</h1>"), "{html}");
    assert!(html.contains("No articles yet"), "empty database shows the empty state");
    assert!(html.contains("/pkg/claimcheck.js"), "hydration script is linked");
    app.shutdown().await;
}

#[tokio::test]
async fn articles_are_listed_newest_first_with_titles_escaped() {
    let mut app = spawn_app().await;
    let db = &app.state.db;
    for (i, title) in ["Older piece", "<script>alert(1)</script> & newer"].iter().enumerate() {
        let mut tx = db.begin_write().await.unwrap();
        db::articles::insert(
            &mut tx,
            &db::articles::NewArticle {
                title,
                body: "Body text.",
                url: None,
                publisher: Some("Example Daily"),
                published_date: None,
                created_at: 1_700_000_000_000 + i as i64,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
    let html = app.client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("<script>alert(1)</script>"), "titles must be escaped");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; newer"),
        "escaped title missing; the page was: {}",
        html.split("<main").nth(1).unwrap_or(&html)
    );
    let newer = html.find("&amp; newer").unwrap();
    let older = html.find("Older piece").unwrap();
    assert!(newer < older, "newest first");
    assert!(html.contains("2 articles"));
    app.shutdown().await;
}

#[tokio::test]
async fn unknown_paths_are_404_pages() {
    let mut app = spawn_app().await;
    let r = app.client.get(app.url("/no/such/page")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    app.shutdown().await;
}

#[tokio::test]
async fn pages_are_compressed_with_brotli_or_gzip_when_asked() {
    let mut app = spawn_app().await;
    for enc in ["br", "gzip"] {
        let r = app.client.get(app.url("/")).header("accept-encoding", enc).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-encoding"], enc);
    }
    app.shutdown().await;
}

#[tokio::test]
async fn oversized_request_bodies_are_refused_with_413() {
    let mut app = spawn_app().await;
    let big = vec![b'a'; 3 * 1024 * 1024];
    let r = app
        .client
        .post(app.url("/rpc/list_articles"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    app.shutdown().await;
}

#[tokio::test]
async fn an_unknown_server_function_is_404_whatever_it_is_sent() {
    let mut app = spawn_app().await;
    for content_type in [None, Some("application/x-www-form-urlencoded"), Some("application/json")] {
        let mut req = app.client.post(app.url("/rpc/nonexistent"));
        if let Some(ct) = content_type {
            req = req.header("content-type", ct).body("a=1");
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 404, "{content_type:?}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert!(body["error"].as_str().unwrap().contains("/rpc/nonexistent"), "{body}");
    }
    app.shutdown().await;
}

#[tokio::test]
async fn a_refused_request_with_a_late_body_leaves_the_connection_usable() {
    // A malformed id is refused before any handler reads the body. The body arriving after the
    // head used to find the connection closed, so the client saw a reset (and lost the answer).
    let mut app = spawn_app().await;
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let body = r#"{"into":1,"reason":"same claim"}"#;
    let head = format!(
        "POST /api/claims/abc/merge HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Accept: application/json\r\nContent-Length: {}\r\n\r\n",
        app.addr,
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let second = format!("GET /healthz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", app.addr);
    // The old server had closed by now; a write to it may fail, which is the bug too.
    let sent = stream.write_all(format!("{body}{second}").as_bytes()).await;
    let mut response = Vec::new();
    let read =
        tokio::time::timeout(std::time::Duration::from_secs(10), stream.read_to_end(&mut response)).await;
    let text = String::from_utf8_lossy(&response);
    assert!(
        sent.is_ok() && matches!(read, Ok(Ok(_))),
        "the connection broke: {sent:?} {read:?} after {text}"
    );
    assert!(text.starts_with("HTTP/1.1 4"), "{text}");
    assert_eq!(text.matches("HTTP/1.1 ").count(), 2, "both requests are answered: {text}");
    assert!(text.contains("HTTP/1.1 200"), "{text}");
    app.shutdown().await;
}

#[tokio::test]
async fn graceful_shutdown_finishes_an_in_flight_request() {
    let mut app = spawn_app().await;
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    // Start a request whose body we hold back. With `Expect: 100-continue` the server says
    // "100 Continue" once the handler starts reading the body: from then on the request is in flight.
    let head = format!(
        "POST /rpc/list_articles HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Accept: application/json\r\nExpect: 100-continue\r\nContent-Length: 6\r\n\r\n",
        app.addr
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 256];
    let mut got = Vec::new();
    while !String::from_utf8_lossy(&got).contains("100 Continue\r\n\r\n") {
        let n = stream.read(&mut buf).await.unwrap();
        assert!(n > 0, "connection closed before 100 Continue");
        got.extend_from_slice(&buf[..n]);
    }
    app.trigger_shutdown();
    // New connections are refused once shutdown has begun; poll for that instead of sleeping.
    let mut refused = false;
    for _ in 0..500 {
        if tokio::net::TcpStream::connect(app.addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(refused, "the listener should close when shutdown begins");
    stream.write_all(b"page=1").await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("\"items\""), "{text}");
    app.join().await.expect("server stopped cleanly");
}

#[tokio::test]
async fn a_query_parameter_that_does_not_fit_is_named_with_what_to_send() {
    use crate::helpers::{call, register_admin};
    let mut app = spawn_app().await;
    let admin = register_admin(&app, "ada").await;
    for (path, field, says) in [
        ("/api/articles?page=abc", "page", "page must be a whole number; pages start at 1"),
        ("/api/articles?page=-1", "page", "page must be a whole number; pages start at 1"),
        ("/api/users?page=x", "page", "page must be a whole number; pages start at 1"),
        ("/api/moderation/audit?page=4294967296", "page", "page must be a whole number; pages start at 1"),
        ("/api/factchecks?page=two", "page", "page must be a whole number; pages start at 1"),
        ("/api/moderation/audit?target_id=x", "target_id", "target_id must be the id of"),
        ("/api/articles?archived=maybe", "archived", "archived must be true or false"),
        // No advice written for it: serde's reason, still under the parameter's name.
        ("/api/moderation/audit?actor=a&actor=b", "actor", "give actor once"),
        ("/api/articles?page=1&page=2", "page", "give page once"),
        ("/api/claims/1?history_before=abc", "history_before", "history_before must be a history cursor"),
    ] {
        let (s, body) = call(&app, "GET", path, Some(&admin), None).await;
        assert_eq!((s, body["field"].as_str()), (422, Some(field)), "{path}: {body}");
        let error = body["error"].as_str().unwrap();
        assert!(error.contains(says), "{path}: {body}");
        assert!(!error.contains("Failed to deserialize"), "{path}: {body}");
    }
    app.shutdown().await;
}
