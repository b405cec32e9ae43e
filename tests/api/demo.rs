//! `claimcheck demo`: the sample article with every status at once, refused on a database that
//! already holds articles unless --force.

use crate::helpers::{fresh_database_url, spawn_app_on, TestApp};
use serde_json::Value;
use std::process::{Command, Output};

fn run_demo(database_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .arg("demo")
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "error")
        .env_remove("CLAIMCHECK_QUORUM")
        .env_remove("CLAIMCHECK_THRESHOLD")
        .output()
        .expect("run claimcheck demo")
}

fn article_id(out: &Output) -> i64 {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().find_map(|l| l.strip_prefix("open it at /articles/")).expect(&stdout);
    line.trim().parse().unwrap()
}

async fn get(app: &TestApp, path: &str) -> Value {
    let r = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.json().await.unwrap()
}

const STATUSES: [&str; 6] = ["verified", "disputed", "contested", "pending", "not_a_claim", "unreviewed"];

#[tokio::test]
async fn the_demo_shows_every_status_and_refuses_to_run_twice_without_force() {
    let (url, dir) = fresh_database_url().await;
    let out = run_demo(&url, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let id = article_id(&out);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    for s in STATUSES {
        assert!(
            stdout.lines().any(|l| l.trim_start().starts_with(s)),
            "{s} missing from the summary:\n{stdout}"
        );
    }

    // A second run without --force changes nothing and says why.
    let again = run_demo(&url, &[]);
    assert!(!again.status.success());
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("already holds 1 article") && stderr.contains("--force"), "{stderr}");

    let mut app = spawn_app_on(url.clone(), dir).await;
    let article = get(&app, &format!("/api/articles/{id}")).await;
    let claims = article["claims"].as_array().unwrap();
    for s in STATUSES {
        assert!(claims.iter().any(|c| c["status"] == s), "no {s} claim in {article}");
        assert!(article["distribution"][s].as_i64().unwrap() >= 1, "{s}");
    }
    let list = get(&app, "/api/articles").await;
    assert_eq!(list["total"], 1, "the refused run added nothing");

    // The verified claim cites sources, carries the reviewers' votes and explains itself.
    let verified = claims.iter().find(|c| c["status"] == "verified").unwrap();
    let detail = get(&app, &format!("/api/claims/{}", verified["id"])).await;
    assert!(!detail["sources"].as_array().unwrap().is_empty());
    let voters: Vec<&str> =
        detail["votes"].as_array().unwrap().iter().map(|v| v["username"].as_str().unwrap()).collect();
    assert!(voters.iter().all(|u| u.starts_with("demo_")), "{voters:?}");
    assert!(verified["explanation"].as_str().unwrap().contains("verified"), "{verified}");

    // The page furniture never became a claim.
    assert!(!claims.iter().any(|c| c["quote"]["exact"].as_str().unwrap().contains("Share this article")));

    // With --force a second copy is added and the demo reviewers are reused, not duplicated.
    let forced = run_demo(&url, &["--force"]);
    assert!(forced.status.success(), "{}", String::from_utf8_lossy(&forced.stderr));
    let second = article_id(&forced);
    assert_ne!(second, id);
    let article = get(&app, &format!("/api/articles/{second}")).await;
    for s in STATUSES {
        assert!(article["distribution"][s].as_i64().unwrap() >= 1, "{s} after --force");
    }
    assert_eq!(get(&app, "/api/articles").await["total"], 2);
    app.shutdown().await;
}
