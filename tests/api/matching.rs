//! "Previously checked": importing fact-checks, matching submitted claims against them (and against
//! claims of other articles), confirming a match and finding it in the export; a changed figure;
//! malformed files refused whole. Runs on SQLite, or PostgreSQL with TEST_DATABASE_URL.

use crate::helpers::{
    call, claim_detail, claim_mentioning, register, register_admin, spawn_app, submit_article,
    upload_factchecks, MATCHING_ARTICLE as ARTICLE, MATCHING_REVIEWS as REVIEWS,
};
use serde_json::{json, Value};

fn match_to<'a>(detail: &'a Value, url: &str) -> &'a Value {
    detail["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["url"] == url)
        .unwrap_or_else(|| panic!("no match to {url}: {}", detail["matches"]))
}

#[tokio::test]
async fn a_restated_claim_is_matched_confirmed_and_exported() {
    let app = spawn_app().await;
    let admin = register_admin(&app, "editor").await;
    let ana = register(&app, "ana").await;

    let (status, report) = upload_factchecks(&app, Some(&admin), "?format=claimreview", REVIEWS).await;
    assert_eq!(status, 201, "{report}");
    assert_eq!((report["rows"].as_i64(), report["added"].as_i64()), (Some(3), Some(3)));
    // Idempotent: the same file again adds nothing.
    let (status, again) = upload_factchecks(&app, Some(&admin), "", REVIEWS).await;
    assert_eq!(status, 201, "{again}");
    assert_eq!((again["added"].as_i64(), again["updated"].as_i64()), (Some(0), Some(3)));
    let (_, library) = call(&app, "GET", "/api/factchecks", None, None).await;
    assert_eq!(library["total"], 3, "{library}");
    let (_, found) = call(&app, "GET", "/api/factchecks?q=shark%20on%20a%20flooded%20road", None, None).await;
    assert_eq!(found["items"][0]["url"], "https://facts.example/motorway-shark", "{found}");

    let article = submit_article(&app, &ana, "Council budget", ARTICLE).await;
    let bridge = claim_mentioning(&article, "Harlow");
    let d = claim_detail(&app, bridge).await;
    let m = match_to(&d, "https://facts.example/harlow-footbridge");
    assert_eq!(m["kind"], "factcheck");
    assert_eq!(m["rating"], "Mostly true");
    assert_eq!(m["publisher"], "Valley Fact Desk");
    assert_eq!(m["date"], "2024-05-02");
    assert_eq!(m["figures"], "agree");
    assert_eq!(m["state"], "proposed");
    assert!(m["score"].as_f64().unwrap() > 0.25, "{m}");
    assert!(d["matches"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["url"] != "https://facts.example/motorway-shark"));

    // Confirming needs a session and a known decision.
    let path = format!("/api/claims/{bridge}/matches/{}", m["id"]);
    let (status, _) = call(&app, "POST", &path, None, Some(json!({ "decision": "confirm" }))).await;
    assert_eq!(status, 401);
    let (status, err) = call(&app, "POST", &path, Some(&ana), Some(json!({ "decision": "maybe" }))).await;
    assert_eq!((status, err["field"].as_str()), (422, Some("decision")));
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/claims/{bridge}/matches/999999"),
        Some(&ana),
        Some(json!({ "decision": "confirm" })),
    )
    .await;
    assert_eq!(status, 404);
    let (status, confirmed) =
        call(&app, "POST", &path, Some(&ana), Some(json!({ "decision": "confirm" }))).await;
    assert_eq!(status, 200, "{confirmed}");
    assert_eq!(confirmed["state"], "confirmed");
    let d = claim_detail(&app, bridge).await;
    assert_eq!(match_to(&d, "https://facts.example/harlow-footbridge")["state"], "confirmed");
    assert!(
        d["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["action"] == "match_confirmed" && h["username"] == "ana"),
        "{}",
        d["history"]
    );

    let id = article["id"].as_i64().unwrap();
    let (status, doc) =
        call(&app, "GET", &format!("/api/articles/{id}/export?format=json"), None, None).await;
    assert_eq!(status, 200);
    let exported = doc["claims"].as_array().unwrap().iter().find(|c| c["id"] == bridge).unwrap();
    assert_eq!(
        exported["previously_checked"],
        json!([{ "claim": "Riverside council spent 12 million dollars on the new Harlow footbridge.",
                 "rating": "Mostly true", "publisher": "Valley Fact Desk",
                 "url": "https://facts.example/harlow-footbridge", "date": "2024-05-02" }])
    );
    let csv = reqwest::get(app.url(&format!("/api/articles/{id}/export?format=csv")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(rows.headers().unwrap().iter().next_back(), Some("previously_checked"));
    let cells: Vec<String> = rows
        .records()
        .map(|r| r.unwrap())
        .find(|r| r[3] == bridge.to_string())
        .map(|r| r.iter().map(str::to_string).collect())
        .unwrap();
    assert!(cells.last().unwrap().contains("https://facts.example/harlow-footbridge"), "{cells:?}");

    // A later article restating the claim finds the earlier one of ours too ("also in").
    let later = submit_article(
        &app,
        &ana,
        "Bridge follow-up",
        "Riverside council paid $12 million for the Harlow footbridge, the mayor confirmed on Friday.",
    )
    .await;
    let again = claim_mentioning(&later, "Harlow");
    let d = claim_detail(&app, again).await;
    let ours = d["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "claim")
        .unwrap_or_else(|| panic!("{}", d["matches"]));
    assert_eq!(ours["article_title"], "Council budget");
    assert!(ours["url"].as_str().unwrap().ends_with(&format!("/claims/{bridge}")));
}

#[tokio::test]
async fn a_changed_figure_is_related_but_different() {
    let app = spawn_app().await;
    let admin = register_admin(&app, "editor").await;
    let ana = register(&app, "ana").await;
    let (status, _) = upload_factchecks(&app, Some(&admin), "", REVIEWS).await;
    assert_eq!(status, 201);
    let article = submit_article(&app, &ana, "Seizure", ARTICLE).await;
    let seizure = claim_mentioning(&article, "Port Vell");
    let d = claim_detail(&app, seizure).await;
    let m = match_to(&d, "https://facts.example/port-vell-seizure");
    assert_eq!(m["figures"], "differ", "{m}");
    assert_eq!(m["rating"], "False");
    // It is never confirmed as the same claim; it can be dismissed.
    let path = format!("/api/claims/{seizure}/matches/{}", m["id"]);
    let (status, err) = call(&app, "POST", &path, Some(&ana), Some(json!({ "decision": "confirm" }))).await;
    assert_eq!(status, 409, "{err}");
    assert!(err["error"].as_str().unwrap().contains("figures differ"), "{err}");
    let d = claim_detail(&app, seizure).await;
    let m = match_to(&d, "https://facts.example/port-vell-seizure");
    assert_eq!(m["state"], "proposed", "nothing changed: {m}");
    let (status, m) = call(&app, "POST", &path, Some(&ana), Some(json!({ "decision": "dismiss" }))).await;
    assert_eq!((status, m["state"].as_str()), (200, Some("dismissed")), "{m}");
}

#[tokio::test]
async fn a_malformed_file_is_refused_whole_with_its_bad_lines() {
    let app = spawn_app().await;
    let admin = register_admin(&app, "editor").await;
    let ana = register(&app, "ana").await;
    let good = r#"{"claimReviewed":"Tap water in Lowmoor contains lead.","url":"https://facts.example/lowmoor","author":{"name":"Desk"},"reviewRating":{"alternateName":"False"}}"#;
    let lines = format!(
        "{good}\n{{\"claimReviewed\":\"no url here\",\"reviewRating\":{{\"alternateName\":\"False\"}}}}\n{}\nthis is not json\n",
        good.replace("lowmoor\"", "lowmoor-2\"")
    );
    for empty in ["", " \n\n"] {
        let (status, err) = upload_factchecks(&app, Some(&admin), "", empty).await;
        assert_eq!((status, err["field"].as_str()), (422, Some("file")), "{err}");
        assert!(err["error"].as_str().unwrap().contains("the file is empty"), "{err}");
    }
    let (status, err) = upload_factchecks(&app, Some(&admin), "?format=claimreview", &lines).await;
    assert_eq!(status, 422, "{err}");
    let msg = err["error"].as_str().unwrap();
    assert!(msg.contains("line 2") && msg.contains("line 4") && !msg.contains("line 1:"), "{msg}");
    assert_eq!(err["field"], "file");

    let tsv = "id\tclaim\ttitle\n1\tThe Lowmoor reservoir is empty.\tEmpty reservoir?\n2\tmissing a column\n";
    let (status, err) = upload_factchecks(&app, Some(&admin), "?format=tsv", tsv).await;
    assert_eq!(status, 422, "{err}");
    assert!(err["error"].as_str().unwrap().contains("line 3"), "{err}");
    let (status, err) = upload_factchecks(&app, Some(&admin), "?format=xml", tsv).await;
    assert_eq!((status, err["field"].as_str()), (422, Some("format")));

    let (_, library) = call(&app, "GET", "/api/factchecks", None, None).await;
    assert_eq!(library["total"], 0, "nothing stored: {library}");

    // Only admins upload.
    assert_eq!(upload_factchecks(&app, None, "", good).await.0, 401);
    assert_eq!(upload_factchecks(&app, Some(&ana), "", good).await.0, 403);
}

#[tokio::test]
async fn the_command_line_imports_and_ranks_the_library() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_claimcheck");
    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "id\tclaim\ttitle\nv1\tA claim\tA title\nv2\n").unwrap();
    let out = std::process::Command::new(bin)
        .args(["factchecks", "import"])
        .arg(&bad)
        .env("DATABASE_URL", &app.database_url)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("line 3"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let good = dir.path().join("claims.tsv");
    std::fs::write(
        &good,
        "id\tclaim\ttitle\nv1\tThe Lowmoor reservoir ran dry in August.\tDid Lowmoor reservoir run dry?\n\
         v2\tA photograph shows a shark on a flooded motorway.\tShark on the motorway\n",
    )
    .unwrap();
    let out = std::process::Command::new(bin)
        .args(["factchecks", "import", "--format", "tsv", "--publisher", "Desk"])
        .arg(&good)
        .env("DATABASE_URL", &app.database_url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let queries = dir.path().join("q.tsv");
    std::fs::write(
        &queries,
        "\ttext\nq1\tWow the #LowmoorReservoir is completely dry this August https://t.co/x\n",
    )
    .unwrap();
    let out = std::process::Command::new(bin)
        .args(["match", "--top", "2"])
        .arg(&queries)
        .env("DATABASE_URL", &app.database_url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let run = String::from_utf8(out.stdout).unwrap();
    let first: Vec<&str> = run.lines().next().unwrap().split(' ').collect();
    assert_eq!(
        (first[0], first[1], first[2], first[3], first[5]),
        ("q1", "Q0", "v1", "1", "claimcheck"),
        "{run}"
    );
}
