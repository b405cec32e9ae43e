//! Scale-out: two app instances, separate processes of the real binary, sharing one database and
//! nothing else. On the PostgreSQL pass (TEST_DATABASE_URL=postgres://…) that is a fresh
//! PostgreSQL database; otherwise both processes open one SQLite file, the one-machine version of
//! the same deployment. Either way: sessions and the login throttle are shared, votes through both
//! at once sum exactly, and neither instance ever shows a verdict older than the last vote.

use crate::helpers::instance::Instance;
use crate::helpers::{
    add_source, call, fresh_database_url, is_postgres, register, sign_in, submit_article, BORDER, HARD_CASES,
    PASSWORD, UNICODE,
};
use serde_json::{json, Value};
use std::time::Instant;

const REVIEWERS: usize = 32;
const VERDICTS: [&str; 3] = ["verified", "disputed", "not_a_claim"];

/// Starts A and B at the same moment, so both run their start-up migrations at once.
async fn two_instances(dir: &std::path::Path, url: &str) -> (Instance, Instance) {
    tokio::join!(Instance::start(url, dir, "a"), Instance::start(url, dir, "b"))
}

fn tally(c: &Value) -> (i64, i64, i64) {
    let t = &c["tally"];
    (t["verified"].as_i64().unwrap(), t["disputed"].as_i64().unwrap(), t["not_a_claim"].as_i64().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_share_sessions_votes_and_fresh_verdicts() {
    let started = Instant::now();
    let (url, _db_dir) = fresh_database_url().await;
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_instances(dir.path(), &url).await;
    let backend = if is_postgres() { "PostgreSQL" } else { "one SQLite file" };

    // A session made on A works on B; signing out on B ends it on A.
    register(&a, "alice").await;
    let alice = sign_in(&a, "alice", PASSWORD).await;
    let (status, me) = call(&b.base, "GET", "/api/auth/me", Some(&alice), None).await;
    assert_eq!((status, me["username"].as_str()), (200, Some("alice")), "A's session on B");
    let (status, _) = call(&b.base, "POST", "/api/auth/logout", Some(&alice), None).await;
    assert_eq!(status, 204);
    for (name, inst) in [("A", &a), ("B", &b)] {
        let (status, _) = call(&inst.base, "GET", "/api/auth/me", Some(&alice), None).await;
        assert_eq!(status, 401, "signed out on B, the session must be over on {name}");
    }

    // The login throttle is counted in the database: failures on A and on B add up.
    let wrong = json!({ "username": "alice", "password": "not the password" });
    for i in 0..5 {
        let inst = if i % 2 == 0 { &a } else { &b };
        let (status, _) = call(&inst.base, "POST", "/api/auth/login", None, Some(wrong.clone())).await;
        assert_eq!(status, 401, "failure {i}");
    }
    for inst in [&a, &b] {
        let (status, _) = call(&inst.base, "POST", "/api/auth/login", None, Some(wrong.clone())).await;
        assert_eq!(status, 429, "5 failures across A and B throttle both");
    }

    // 32 reviewers, half registered on A and half on B, vote on every claim at once, each through
    // the instance it registered on.
    let mut reviewers = Vec::new();
    for i in 0..REVIEWERS {
        let inst = if i % 2 == 0 { &a } else { &b };
        reviewers.push(register(inst, &format!("rev{i:02}")).await);
    }
    let mut article_ids = Vec::new();
    let mut claims = Vec::new();
    for (title, body) in [("Border shootout", BORDER), ("Unicode", UNICODE)] {
        let article = submit_article(&a.base, &reviewers[0], title, body).await;
        article_ids.push(article["id"].as_i64().unwrap());
        for c in article["claims"].as_array().unwrap() {
            let id = c["id"].as_i64().unwrap();
            claims.push((id, add_source(&b.base, &reviewers[1], id).await));
        }
    }
    let verdict = |r: usize, k: usize| VERDICTS[(r + 2 * k) % 3];
    let mut tasks = Vec::new();
    for (r, cookie) in reviewers.iter().enumerate() {
        let base = if r % 2 == 0 { a.base.clone() } else { b.base.clone() };
        let (cookie, claims) = (cookie.clone(), claims.clone());
        tasks.push(tokio::spawn(async move {
            let mut failed = Vec::new();
            for (k, (claim_id, source_id)) in claims.iter().enumerate() {
                let v = verdict(r, k);
                let body = json!({ "verdict": v, "source_ids": if v == "not_a_claim" { vec![] } else { vec![*source_id] } });
                let (status, answer) =
                    call(&base, "POST", &format!("/api/claims/{claim_id}/votes"), Some(&cookie), Some(body)).await;
                if status != 200 {
                    failed.push(format!("{base} claim {claim_id}: {status} {answer}"));
                }
            }
            failed
        }));
    }
    let mut failed = Vec::new();
    for t in tasks {
        failed.extend(t.await.unwrap());
    }
    assert!(failed.is_empty(), "every vote is accepted: {failed:#?}");
    let votes = REVIEWERS * claims.len();
    let mut shown = Vec::new();
    for id in &article_ids {
        let path = format!("/api/articles/{id}");
        let (_, from_a) = call(&a.base, "GET", &path, None, None).await;
        let (_, from_b) = call(&b.base, "GET", &path, None, None).await;
        assert_eq!(from_a["claims"], from_b["claims"], "A and B show the same claims, tallies and statuses");
        shown.extend(from_a["claims"].as_array().unwrap().iter().cloned());
    }
    assert_eq!(shown.len(), claims.len());
    for (k, c) in shown.iter().enumerate() {
        assert_eq!(c["id"].as_i64(), Some(claims[k].0));
        let mut want = (0, 0, 0);
        for r in 0..REVIEWERS {
            match verdict(r, k) {
                "verified" => want.0 += 1,
                "disputed" => want.1 += 1,
                _ => want.2 += 1,
            }
        }
        assert_eq!(tally(c), want, "claim {}", c["id"]);
    }

    // A vote on one instance shows at once on the other, in the JSON and in the server-rendered
    // page, whatever either of them read before (a render cache must not serve the old verdict).
    let fresh = submit_article(&b.base, &reviewers[2], "Hard cases", HARD_CASES).await;
    let fresh_id = fresh["id"].as_i64().unwrap();
    let claim_id = fresh["claims"][0]["id"].as_i64().unwrap();
    let source_id = add_source(&a.base, &reviewers[2], claim_id).await;
    let voters = &reviewers[3..6];
    // (voter, through, verdict or retract, expected tally, expected status)
    let steps = [
        (0, 1, "verified", (1, 0, 0), "pending"),
        (1, 1, "verified", (2, 0, 0), "pending"),
        (2, 0, "verified", (3, 0, 0), "verified"),
        (0, 1, "disputed", (2, 1, 0), "verified"),
        (1, 0, "disputed", (1, 2, 0), "disputed"),
        (1, 1, "not_a_claim", (1, 1, 1), "contested"),
        (2, 0, "retract", (0, 1, 1), "pending"),
    ];
    let instances = [&a, &b];
    for (voter, through, v, want_tally, want_status) in steps {
        let (writer, reader) = (instances[through], instances[1 - through]);
        // Both instances have just read the claim as it was.
        for inst in instances {
            page_row(inst, fresh_id, claim_id).await;
            call(&inst.base, "GET", &format!("/api/articles/{fresh_id}"), None, None).await;
        }
        let vote_path = format!("/api/claims/{claim_id}/votes");
        let (status, answer) = if v == "retract" {
            call(&writer.base, "DELETE", &vote_path, Some(&voters[voter]), None).await
        } else {
            let body = json!({ "verdict": v, "source_ids": if v == "not_a_claim" { vec![] } else { vec![source_id] } });
            call(&writer.base, "POST", &vote_path, Some(&voters[voter]), Some(body)).await
        };
        assert_eq!(status, 200, "{answer}");
        assert_eq!(
            (tally(&answer), answer["status"].as_str().unwrap()),
            (want_tally, want_status),
            "{answer}"
        );

        let (_, read) = call(&reader.base, "GET", &format!("/api/articles/{fresh_id}"), None, None).await;
        let c = read["claims"].as_array().unwrap().iter().find(|c| c["id"] == claim_id).unwrap();
        assert_eq!(
            (tally(c), c["status"].as_str().unwrap()),
            (want_tally, want_status),
            "the JSON on the other instance after {v} through {}",
            writer.base
        );
        let row = page_row(reader, fresh_id, claim_id).await;
        let shown = format!("✓{} ✗{} ∅{}", want_tally.0, want_tally.1, want_tally.2);
        assert!(row.contains(&shown), "the page on the other instance shows {shown} after {v}: {row}");
        assert!(
            row.contains(&format!("status-{want_status}")),
            "the page on the other instance shows {want_status} after {v}: {row}"
        );
    }
    eprintln!(
        "scale-out on {backend}: {votes} concurrent votes through two processes summed exactly; 7 votes \
         seen at once on the other instance; {:.1}s",
        started.elapsed().as_secs_f64()
    );
}

/// The server-rendered row of one claim in the article page's claim list (its status badge and
/// "✓verified ✗disputed ∅not-a-claim" tally).
async fn page_row(inst: &Instance, article_id: i64, claim_id: i64) -> String {
    let r = reqwest::get(inst.url(&format!("/articles/{article_id}"))).await.unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    let marker = format!("data-claim-row=\"{claim_id}\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no row for claim {claim_id} in the page"));
    let rest = &html[start..];
    rest[..rest.find("</li>").unwrap_or(rest.len())].to_string()
}
