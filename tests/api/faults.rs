//! Faults: the real binary on a SQLite file, killed with SIGKILL in the middle of a vote storm and
//! restarted, must keep every vote it answered 2xx, its tallies, its sessions and an intact file;
//! SIGTERM must let the requests already being handled finish.

use crate::helpers::instance::Instance;
use crate::helpers::{
    add_source, call, register, register_with_id, submit_article, BORDER, HARD_CASES, UNICODE,
};
use serde_json::{json, Value};
use sqlx::Connection;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Claims in the storm, at least: 16 reviewers make it 768 votes or more.
const MIN_CLAIMS: usize = 48;
const REVIEWERS: usize = 16;
const KILLS: usize = 4;
const VERDICTS: [&str; 3] = ["verified", "disputed", "not_a_claim"];

/// What reviewer `r` says about claim number `k`: every (reviewer, claim) pair is voted once, so
/// every 2xx answer names exactly one row the database must hold.
fn verdict(r: usize, k: usize) -> &'static str {
    VERDICTS[(r + k) % 3]
}

struct Setup {
    /// (user id, session cookie) per reviewer.
    reviewers: Vec<(i64, String)>,
    names: Vec<String>,
    article_ids: Vec<i64>,
    /// (claim id, id of a source on it).
    claims: Vec<(i64, i64)>,
}

async fn set_up(base: &str) -> Setup {
    let names: Vec<String> = (0..REVIEWERS).map(|i| format!("storm{i:02}")).collect();
    let mut reviewers = Vec::new();
    for name in &names {
        reviewers.push(register_with_id(base, name).await);
    }
    let cookie = reviewers[0].1.clone();
    let mut article_ids = Vec::new();
    let mut claims = Vec::new();
    // The fixtures, submitted again and again (each copy gets claims of its own) until the storm
    // is big enough.
    for (title, body) in
        [("Border shootout", BORDER), ("Hard cases", HARD_CASES), ("Unicode", UNICODE)].repeat(8)
    {
        if claims.len() >= MIN_CLAIMS {
            break;
        }
        let article = submit_article(base, &cookie, title, body).await;
        article_ids.push(article["id"].as_i64().unwrap());
        for c in article["claims"].as_array().unwrap() {
            let id = c["id"].as_i64().unwrap();
            claims.push((id, add_source(base, &cookie, id).await));
        }
    }
    assert!(claims.len() >= MIN_CLAIMS, "the fixtures gave only {} claims", claims.len());
    Setup { reviewers, names, article_ids, claims }
}

fn vote_body(r: usize, k: usize, source_id: i64) -> Value {
    let v = verdict(r, k);
    json!({ "verdict": v, "source_ids": if v == "not_a_claim" { vec![] } else { vec![source_id] } })
}

/// 16 reviewers vote on every claim at once while the server is SIGKILLed four times and
/// restarted. A request that fails in transit (the process died under it) is sent again, so in the
/// end every pair has a 2xx answer; a vote answered 2xx is never sent again, so if the database
/// lost it after a crash, its row would be missing at the end.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn votes_answered_2xx_survive_repeated_sigkill_mid_storm() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("claimcheck.db");
    let url = format!("sqlite://{}", db_path.display());
    let mut server = Instance::start(&url, dir.path(), "server").await;
    let setup = set_up(&server.base).await;
    let total = REVIEWERS * setup.claims.len();

    let base = Arc::new(RwLock::new(server.base.clone()));
    let (ok_tx, mut ok_rx) = tokio::sync::watch::channel(0usize);
    let ok_tx = Arc::new(ok_tx);
    let in_flight = Arc::new(AtomicUsize::new(0));
    // Requests cut off by a kill, and requests refused while no server was up.
    let cut_off = Arc::new(AtomicUsize::new(0));
    let refused = Arc::new(AtomicUsize::new(0));
    let client = reqwest::Client::builder().timeout(Duration::from_secs(60)).build().unwrap();

    let mut workers = Vec::new();
    for (r, (_, cookie)) in setup.reviewers.iter().enumerate() {
        let (base, ok_tx, in_flight, cut_off, refused, client) = (
            base.clone(),
            ok_tx.clone(),
            in_flight.clone(),
            cut_off.clone(),
            refused.clone(),
            client.clone(),
        );
        let cookie = cookie.clone();
        let claims = setup.claims.clone();
        workers.push(tokio::spawn(async move {
            // Each reviewer walks the claims from a different starting point.
            let mut todo: std::collections::VecDeque<usize> =
                (0..claims.len()).map(|i| (i + r * 5) % claims.len()).collect();
            let mut unexpected = Vec::new();
            while let Some(k) = todo.pop_front() {
                let (claim_id, source_id) = claims[k];
                let url = format!("{}/api/claims/{claim_id}/votes", base.read().unwrap());
                in_flight.fetch_add(1, Ordering::SeqCst);
                let sent = client
                    .post(&url)
                    .header(reqwest::header::COOKIE, &cookie)
                    .json(&vote_body(r, k, source_id))
                    .send()
                    .await;
                // A 2xx only counts once its whole body arrived.
                let answer = match sent {
                    Ok(resp) => {
                        let status = resp.status().as_u16();
                        resp.bytes().await.map(|body| (status, body))
                    }
                    Err(e) => Err(e),
                };
                in_flight.fetch_sub(1, Ordering::SeqCst);
                match answer {
                    Ok((200, _)) => ok_tx.send_modify(|n| *n += 1),
                    Ok((status, body)) => unexpected
                        .push(format!("claim {claim_id}: {status} {}", String::from_utf8_lossy(&body))),
                    Err(e) => {
                        // The server died under the request (or is down): its outcome is unknown,
                        // so it is sent again once a server answers.
                        if e.is_connect() { &refused } else { &cut_off }.fetch_add(1, Ordering::SeqCst);
                        todo.push_back(k);
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                }
            }
            unexpected
        }));
    }

    // Kill when a sixth, two sixths, ... of the votes have been answered: mid-storm by construction.
    let mut kills = Vec::new();
    for n in 1..=KILLS {
        let threshold = total * n / (KILLS + 2);
        ok_rx.wait_for(|ok| *ok >= threshold).await.unwrap();
        let (ok_at_kill, flying) = (*ok_rx.borrow(), in_flight.load(Ordering::SeqCst));
        server.kill();
        assert!(ok_at_kill < total, "kill {n} came after the storm ended; it proves nothing");
        server = Instance::start(&url, dir.path(), "server").await;
        *base.write().unwrap() = server.base.clone();
        kills.push((ok_at_kill, flying));
    }
    let mut unexpected = Vec::new();
    for w in workers {
        unexpected.extend(w.await.unwrap());
    }
    assert!(unexpected.is_empty(), "answers other than 200 or a dropped connection: {unexpected:#?}");
    assert_eq!(*ok_rx.borrow(), total, "every pair ends with a 2xx answer");

    // Sessions made before the first kill still work.
    for (name, (_, cookie)) in setup.names.iter().zip(&setup.reviewers) {
        let (status, me) = call(&server, "GET", "/api/auth/me", Some(cookie), None).await;
        assert_eq!((status, me["username"].as_str()), (200, Some(name.as_str())), "{me}");
    }
    // The API shows every vote in the tallies.
    let expected = expected_tallies(&setup);
    for id in &setup.article_ids {
        let (status, article) = call(&server, "GET", &format!("/api/articles/{id}"), None, None).await;
        assert_eq!(status, 200);
        for c in article["claims"].as_array().unwrap() {
            let want = expected[&c["id"].as_i64().unwrap()];
            let got = (
                c["tally"]["verified"].as_i64().unwrap(),
                c["tally"]["disputed"].as_i64().unwrap(),
                c["tally"]["not_a_claim"].as_i64().unwrap(),
            );
            assert_eq!(got, want, "tally of claim {}", c["id"]);
        }
    }

    // One more crash, then read the file itself.
    server.kill();
    let mut conn = sqlx::SqliteConnection::connect(&url).await.expect("open the database file");
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut conn).await.unwrap();
    assert_eq!(integrity, "ok");
    let rows: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT claim_id, user_id, verdict FROM votes").fetch_all(&mut conn).await.unwrap();
    let stored: BTreeSet<(i64, i64, String)> = rows.iter().cloned().collect();
    assert_eq!(stored.len(), rows.len(), "one vote per reviewer per claim");
    let mut answered = BTreeSet::new();
    for (r, (user_id, _)) in setup.reviewers.iter().enumerate() {
        for (k, (claim_id, _)) in setup.claims.iter().enumerate() {
            answered.insert((*claim_id, *user_id, verdict(r, k).to_string()));
        }
    }
    let missing: Vec<_> = answered.difference(&stored).collect();
    let extra: Vec<_> = stored.difference(&answered).collect();
    assert!(missing.is_empty(), "votes answered 2xx but not stored: {missing:?}");
    assert!(extra.is_empty(), "stored votes nobody cast: {extra:?}");
    // The stored counters (SQL increments in the vote transaction) equal the vote rows.
    let mut counted: BTreeMap<i64, (i64, i64, i64)> = BTreeMap::new();
    for (claim_id, _, v) in &rows {
        let t = counted.entry(*claim_id).or_default();
        match v.as_str() {
            "verified" => t.0 += 1,
            "disputed" => t.1 += 1,
            _ => t.2 += 1,
        }
    }
    let counters: Vec<(i64, i64, i64, i64)> =
        sqlx::query_as("SELECT id, verified_count, disputed_count, not_a_claim_count FROM claims")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    assert_eq!(counters.len(), setup.claims.len());
    for (id, v, d, n) in counters {
        assert_eq!((v, d, n), counted[&id], "stored tally of claim {id}");
    }
    conn.close().await.unwrap();

    eprintln!(
        "storm: {total} votes answered 2xx over {} claims by {REVIEWERS} reviewers; {KILLS} SIGKILLs at \
         (answered, in flight) {kills:?}; {} requests cut off by a kill and {} refused while down, all \
         sent again; {:.1}s",
        setup.claims.len(),
        cut_off.load(Ordering::SeqCst),
        refused.load(Ordering::SeqCst),
        started.elapsed().as_secs_f64()
    );
}

/// Expected (verified, disputed, not_a_claim) per claim id.
fn expected_tallies(setup: &Setup) -> BTreeMap<i64, (i64, i64, i64)> {
    let mut out = BTreeMap::new();
    for (k, (claim_id, _)) in setup.claims.iter().enumerate() {
        let mut t = (0, 0, 0);
        for r in 0..REVIEWERS {
            match verdict(r, k) {
                "verified" => t.0 += 1,
                "disputed" => t.1 += 1,
                _ => t.2 += 1,
            }
        }
        out.insert(*claim_id, t);
    }
    out
}

/// A POST whose handler is running: its headers are read and the handler has started reading the
/// body (the server sent `100 Continue`), but the body has not been sent yet.
struct Held {
    what: String,
    stream: TcpStream,
    body: Vec<u8>,
}

async fn hold(port: u16, path: &str, cookie: &str, body: Value, what: String) -> Held {
    let body = serde_json::to_vec(&body).unwrap();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nExpect: 100-continue\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let interim = read_head(&mut stream).await;
    assert!(interim.starts_with("HTTP/1.1 100"), "{what}: expected 100 Continue, got {interim:?}");
    Held { what, stream, body }
}

/// Reads up to and including the blank line that ends a response head.
async fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        let n = tokio::time::timeout(Duration::from_secs(60), stream.read(&mut byte))
            .await
            .expect("the server answers within a minute")
            .expect("read");
        assert_eq!(n, 1, "connection closed inside a response head: {:?}", String::from_utf8_lossy(&head));
        head.push(byte[0]);
    }
    String::from_utf8(head).unwrap()
}

/// Finishes a held request and reads its whole response: status and JSON body, checked complete
/// against Content-Length.
async fn finish(mut held: Held) -> (u16, Value) {
    held.stream
        .write_all(&held.body)
        .await
        .unwrap_or_else(|e| panic!("{}: sending the body: {e}", held.what));
    let head = read_head(&mut held.stream).await;
    let status: u16 = head[9..12].parse().unwrap();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap())
        })
        .unwrap_or_else(|| panic!("{}: no Content-Length in {head:?}", held.what));
    let mut body = vec![0u8; length];
    tokio::time::timeout(Duration::from_secs(60), held.stream.read_exact(&mut body))
        .await
        .expect("the body arrives within a minute")
        .unwrap_or_else(|e| panic!("{}: the response body was cut short: {e}", held.what));
    (status, serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{}: body is not JSON: {e}", held.what)))
}

/// SIGTERM while requests are being handled: the server stops accepting connections, finishes
/// every request it had started (here: article submissions, which run extraction, and votes), and
/// exits with status 0.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_finishes_requests_in_flight_and_exits_cleanly() {
    const EACH: usize = 8;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("claimcheck.db").display());
    let mut server = Instance::start(&url, dir.path(), "server").await;
    let mut reviewers = Vec::new();
    for i in 0..EACH {
        reviewers.push(register(&server, &format!("term{i}")).await);
    }
    let article = submit_article(&server, &reviewers[0], "Border shootout", BORDER).await;
    let claim_id = article["claims"][0]["id"].as_i64().unwrap();
    let (_, source) = call(
        &server,
        "POST",
        &format!("/api/claims/{claim_id}/sources"),
        Some(&reviewers[0]),
        Some(json!({ "url": "https://evidence.example/a", "stance": "supports" })),
    )
    .await;
    let source_id = source["id"].as_i64().unwrap();

    let mut held = Vec::new();
    for (i, cookie) in reviewers.iter().enumerate() {
        let submit = json!({ "title": format!("Submitted during shutdown {i}"), "body": HARD_CASES });
        held.push(hold(server.port, "/api/articles", cookie, submit, format!("submission {i}")).await);
        let vote = json!({ "verdict": "verified", "source_ids": [source_id] });
        let path = format!("/api/claims/{claim_id}/votes");
        held.push(hold(server.port, &path, cookie, vote, format!("vote {i}")).await);
    }

    server.terminate();
    // Once the listener is gone the server has seen the signal; only then are the bodies sent, so
    // every one of these requests is finished during the shutdown.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match TcpStream::connect(("127.0.0.1", server.port)).await {
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => break,
            _ if Instant::now() > deadline => panic!("the server kept accepting connections after SIGTERM"),
            _ => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
    let tasks: Vec<_> = held.into_iter().map(|h| tokio::spawn(finish(h))).collect();
    let mut statuses = BTreeMap::new();
    for (i, t) in tasks.into_iter().enumerate() {
        let (status, body) = t.await.unwrap();
        let want = if i % 2 == 0 { 201 } else { 200 };
        assert_eq!(status, want, "request {i}: {body}");
        *statuses.entry(status).or_insert(0) += 1;
    }
    let exit = server.wait_exit(Duration::from_secs(60)).await;
    assert_eq!(exit.code(), Some(0), "exit status after SIGTERM\n--- log ---\n{}", server.log_tail());

    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let articles: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM articles").fetch_one(&mut conn).await.unwrap();
    let votes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM votes WHERE claim_id = $1")
        .bind(claim_id)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!((articles, votes), (1 + EACH as i64, EACH as i64));
    conn.close().await.unwrap();
    eprintln!("SIGTERM with {} requests in flight: answered {statuses:?}, exit 0", 2 * EACH);
}
