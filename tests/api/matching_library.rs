//! The library kept in step with claims: an import (web upload or command line) re-matches the
//! claims without a verdict submitted before it, leaves settled claims and reviewers' decisions
//! alone; `claimcheck match` ranks our settled claims too, by permalink. Runs on SQLite, or
//! PostgreSQL with TEST_DATABASE_URL.

use crate::helpers::{
    call, claim_detail, claim_mentioning, register, register_admin, spawn_app, submit_article,
    upload_factchecks, TestApp, MATCHING_ARTICLE as ARTICLE, MATCHING_REVIEWS as REVIEWS,
};
use serde_json::{json, Value};

/// Uploads a library file as an admin (201); returns the import report.
async fn upload(app: &TestApp, cookie: &str, body: &str) -> Value {
    let (status, report) = upload_factchecks(app, Some(cookie), "", body).await;
    assert_eq!(status, 201, "{report}");
    report
}

/// The claim's matches to library entries (not to other claims of ours).
async fn library_matches(app: &TestApp, claim_id: i64) -> Vec<Value> {
    let d = claim_detail(app, claim_id).await;
    d["matches"].as_array().unwrap().iter().filter(|m| m["kind"] == "factcheck").cloned().collect()
}

#[tokio::test]
async fn an_upload_reaches_claims_submitted_before_it_and_keeps_decisions() {
    let app = spawn_app().await;
    let admin = register_admin(&app, "editor").await;
    let ana = register(&app, "ana").await;

    let article = submit_article(&app, &ana, "Council budget", ARTICLE).await;
    let bridge = claim_mentioning(&article, "Harlow");
    let seizure = claim_mentioning(&article, "Port Vell");
    assert!(library_matches(&app, bridge).await.is_empty(), "the library is empty so far");

    let report = upload(&app, &admin, REVIEWS).await;
    assert_eq!(report["added"], 3, "{report}");
    assert_eq!(report["rematched"], 2, "the bridge and the seizure claims: {report}");
    let found = library_matches(&app, bridge).await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["url"], "https://facts.example/harlow-footbridge");
    assert_eq!(
        (found[0]["rating"].as_str(), found[0]["state"].as_str()),
        (Some("Mostly true"), Some("proposed"))
    );
    assert_eq!(found[0]["figures"], "agree");
    let found = library_matches(&app, seizure).await;
    assert_eq!(found[0]["url"], "https://facts.example/port-vell-seizure", "{found:?}");
    assert_eq!(found[0]["figures"], "differ", "10 kg against 100 kg");

    // A reviewer confirms; the same file again changes nothing and re-matches nothing.
    let path = format!("/api/claims/{bridge}/matches/{}", library_matches(&app, bridge).await[0]["id"]);
    let (status, _) = call(&app, "POST", &path, Some(&ana), Some(json!({ "decision": "confirm" }))).await;
    assert_eq!(status, 200);
    let again = upload(&app, &admin, REVIEWS).await;
    assert_eq!((again["added"].as_i64(), again["rematched"].as_i64()), (Some(0), Some(0)), "{again}");

    // A corrected rating re-matches the claim; the confirmed match stays confirmed, once, with the
    // new rating.
    let corrected = REVIEWS.replace("\"Mostly true\"", "\"Half true\"");
    let report = upload(&app, &admin, &corrected).await;
    assert_eq!((report["added"].as_i64(), report["rematched"].as_i64()), (Some(0), Some(1)), "{report}");
    let found = library_matches(&app, bridge).await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0]["rating"].as_str(), found[0]["state"].as_str()),
        (Some("Half true"), Some("confirmed"))
    );
}

#[tokio::test]
async fn a_command_line_import_rematches_open_claims_and_match_ranks_settled_ones() {
    let app = spawn_app().await;
    let admin = register_admin(&app, "editor").await;
    let ana = register(&app, "ana").await;
    let open = submit_article(
        &app,
        &ana,
        "Drought",
        "The Lowmoor reservoir ran dry in August 2024, the water board said.",
    )
    .await;
    let open = claim_mentioning(&open, "Lowmoor");
    let settled = submit_article(
        &app,
        &ana,
        "Drought again",
        "The Lowmoor reservoir ran dry in August 2024, according to the water board. Gulls nested on \
         the Harlow footbridge for the first time in 2023, wardens reported.",
    )
    .await;
    let gulls = claim_mentioning(&settled, "Gulls");
    let settled = claim_mentioning(&settled, "Lowmoor");
    for id in [settled, gulls] {
        let (status, body) = call(
            &app,
            "POST",
            &format!("/api/claims/{id}/moderation"),
            Some(&admin),
            Some(json!({ "action": "lock", "verdict": "verified", "reason": "checked by the desk" })),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }

    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_claimcheck");
    let file = dir.path().join("claims.tsv");
    std::fs::write(
        &file,
        "id\tclaim\ttitle\nv1\tThe Lowmoor reservoir ran dry in August 2024.\tDid Lowmoor reservoir run dry?\n\
         v2\tA photograph shows a shark on a flooded motorway.\tShark on the motorway\n",
    )
    .unwrap();
    let out = std::process::Command::new(bin)
        .args(["factchecks", "import", "--format", "tsv", "--publisher", "Desk"])
        .arg(&file)
        .env("DATABASE_URL", &app.database_url)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("1 claims without a verdict newly matched"), "{stdout}");
    let found = library_matches(&app, open).await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0]["publisher"].as_str(), found[0]["state"].as_str()),
        (Some("Desk"), Some("proposed"))
    );
    assert!(library_matches(&app, settled).await.is_empty(), "a settled claim is not re-matched");

    // `match` ranks the whole library: imported entries by id, our settled claims by permalink.
    let queries = dir.path().join("q.tsv");
    std::fs::write(&queries, "id\ttext\nq1\tGulls are nesting on the #HarlowFootbridge this spring\n")
        .unwrap();
    let out = std::process::Command::new(bin)
        .args(["match", "--top", "1", "--public-url", "https://news.example/"])
        .arg(&queries)
        .env("DATABASE_URL", &app.database_url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let run = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        run.split(' ').take(4).collect::<Vec<_>>(),
        ["q1", "Q0", &format!("https://news.example/claims/{gulls}"), "1"],
        "{run}"
    );
}
