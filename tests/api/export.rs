//! Exports over HTTP and from the command line: each format parsed back and compared with what
//! `GET /api/articles/{id}` shows for the same article.

use crate::helpers::{call, get_page, header, register, spawn_app, TestApp};
use serde_json::{json, Value};

const ARTICLE: &str = include_str!("../fixtures/export/harbour.txt");
/// A statement a spreadsheet would run, with quotes and a comma that must survive CSV quoting.
const TRICKY: &str = "=HYPERLINK(\"http://evil.example\", \"click\")";

/// An article with one verified claim (three votes citing a source) and a manual claim whose
/// statement is a formula; returns the article as the API shows it afterwards.
async fn reviewed_article(app: &TestApp) -> Value {
    let cookies = [register(app, "ana").await, register(app, "bo1").await, register(app, "cy1").await];
    let (status, article) = call(
        app,
        "POST",
        "/api/articles",
        Some(&cookies[0]),
        Some(json!({ "title": "Harbour, \"expanded\"", "body": ARTICLE, "url": "https://news.example/harbour", "publisher": "Example Gazette" })),
    )
    .await;
    assert_eq!(status, 201, "{article}");
    let id = article["id"].as_i64().unwrap();
    assert!(!article["claims"].as_array().unwrap().is_empty());
    let claim_id = article["claims"][0]["id"].as_i64().unwrap();
    let (status, source) = call(
        app,
        "POST",
        &format!("/api/claims/{claim_id}/sources"),
        Some(&cookies[0]),
        Some(json!({ "url": "https://port.example/annual-report", "stance": "supports", "excerpt": "1.2 million, \"containers\"" })),
    )
    .await;
    assert_eq!(status, 201, "{source}");
    let sid = source["id"].as_i64().unwrap();
    for c in &cookies {
        let (status, v) = call(
            app,
            "POST",
            &format!("/api/claims/{claim_id}/votes"),
            Some(c),
            Some(json!({ "verdict": "verified", "source_ids": [sid] })),
        )
        .await;
        assert_eq!(status, 200, "{v}");
    }
    let start = ARTICLE.chars().count() - 10;
    let (status, manual) = call(
        app,
        "POST",
        &format!("/api/articles/{id}/claims"),
        Some(&cookies[1]),
        Some(json!({ "start": start, "end": start + 5, "statement": TRICKY })),
    )
    .await;
    assert_eq!(status, 201, "{manual}");
    let (_, view) = call(app, "GET", &format!("/api/articles/{id}"), None, None).await;
    assert!(view["claims"].as_array().unwrap().iter().any(|c| c["status"] == "verified"));
    view
}

async fn export(app: &TestApp, id: i64, format: &str) -> reqwest::Response {
    reqwest::get(app.url(&format!("/api/articles/{id}/export?format={format}"))).await.unwrap()
}

#[tokio::test]
async fn the_json_export_agrees_with_the_api() {
    let mut app = spawn_app().await;
    let view = reviewed_article(&app).await;
    let id = view["id"].as_i64().unwrap();
    let r = export(&app, id, "json").await;
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "content-type"), "application/json");
    assert_eq!(header(&r, "content-disposition"), format!("attachment; filename=\"article-{id}.json\""));
    let doc: Value = r.json().await.unwrap();
    assert_eq!(doc["schema_version"], 1);
    for key in ["id", "title", "url", "publisher", "published_date", "created_at"] {
        assert_eq!(doc["article"][key], view[key], "{key}");
    }
    let (claims, api) = (doc["claims"].as_array().unwrap(), view["claims"].as_array().unwrap());
    assert_eq!(claims.len(), api.len());
    for (c, a) in claims.iter().zip(api) {
        for key in
            ["id", "start", "end", "quote", "statement", "kind", "facts", "status", "tally", "explanation"]
        {
            assert_eq!(c[key], a[key], "{key}");
        }
        assert_eq!(c["editorial"], a["locked"]);
        assert!(c["permalink"].as_str().unwrap().ends_with(&format!("/claims/{}", a["id"])));
    }
    let verified = claims.iter().find(|c| c["status"] == "verified").unwrap();
    assert_eq!(
        verified["sources"],
        json!([{ "url": "https://port.example/annual-report", "title": verified["sources"][0]["title"],
                 "publisher": "port.example", "excerpt": "1.2 million, \"containers\"", "stance": "supports" }])
    );
    app.shutdown().await;
}

#[tokio::test]
async fn the_csv_export_parses_back_with_formulas_neutralised() {
    let mut app = spawn_app().await;
    let view = reviewed_article(&app).await;
    let id = view["id"].as_i64().unwrap();
    let r = export(&app, id, "csv").await;
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "content-type"), "text/csv; charset=utf-8");
    assert_eq!(header(&r, "content-disposition"), format!("attachment; filename=\"article-{id}.csv\""));
    let bytes = r.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_ref());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "article_id");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let api = view["claims"].as_array().unwrap();
    assert_eq!(rows.len(), api.len());
    for (row, a) in rows.iter().zip(api) {
        assert_eq!(&row[col("article_title")], "Harbour, \"expanded\"");
        assert_eq!(row[col("claim_id")], a["id"].to_string());
        assert_eq!(&row[col("status")], a["status"].as_str().unwrap());
        assert_eq!(row[col("verified")], a["tally"]["verified"].to_string());
        let statement = a["statement"].as_str().unwrap();
        if statement.starts_with('=') {
            assert_eq!(row[col("statement")], format!("'{statement}"));
        } else {
            assert_eq!(&row[col("statement")], statement);
        }
    }
    assert!(rows.iter().any(|r| &r[col("statement")] == format!("'{TRICKY}").as_str()));
    let verified = rows.iter().find(|r| &r[col("status")] == "verified").unwrap();
    assert_eq!(&verified[col("sources")], "https://port.example/annual-report");
    app.shutdown().await;
}

#[tokio::test]
async fn the_claimreview_export_reviews_each_claim_with_a_verdict() {
    let mut app = spawn_app().await;
    let view = reviewed_article(&app).await;
    let id = view["id"].as_i64().unwrap();
    let r = export(&app, id, "claimreview").await;
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "content-type"), "application/ld+json");
    assert_eq!(header(&r, "content-disposition"), format!("attachment; filename=\"article-{id}.jsonld\""));
    let reviews: Vec<Value> = r.json().await.unwrap();
    let verified: Vec<&Value> =
        view["claims"].as_array().unwrap().iter().filter(|c| c["status"] == "verified").collect();
    assert_eq!(reviews.len(), verified.len());
    let r = &reviews[0];
    assert_eq!(r["@context"], "https://schema.org");
    assert_eq!(r["@type"], "ClaimReview");
    assert_eq!(r["claimReviewed"], verified[0]["statement"]);
    assert!(r["url"].as_str().unwrap().ends_with(&format!("/claims/{}", verified[0]["id"])));
    assert_eq!(r["author"]["@type"], "Organization");
    assert_eq!(r["author"]["name"], "claimcheck");
    assert_eq!(r["datePublished"].as_str().unwrap().len(), 10);
    assert_eq!(r["reviewRating"]["ratingValue"], 5);
    assert_eq!(r["reviewRating"]["bestRating"], 5);
    assert_eq!(r["reviewRating"]["worstRating"], 1);
    assert_eq!(r["reviewRating"]["alternateName"], "True");
    assert_eq!(r["itemReviewed"]["@type"], "Claim");
    assert_eq!(r["itemReviewed"]["appearance"]["url"], "https://news.example/harbour");
    assert_eq!(r["itemReviewed"]["firstAppearance"]["url"], "https://news.example/harbour");
    app.shutdown().await;
}

#[tokio::test]
async fn a_bad_format_is_a_field_error_and_an_unknown_article_is_404() {
    let mut app = spawn_app().await;
    let view = reviewed_article(&app).await;
    let id = view["id"].as_i64().unwrap();
    for bad in ["xml", ""] {
        let r = export(&app, id, bad).await;
        assert_eq!(r.status(), 422, "{bad:?}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["field"], "format");
        assert!(body["error"].is_string());
    }
    let r = reqwest::get(app.url(&format!("/api/articles/{id}/export"))).await.unwrap();
    assert_eq!(r.status(), 422, "format is required");
    assert_eq!(export(&app, id + 1000, "json").await.status(), 404);
    app.shutdown().await;
}

/// Runs the binary against the test database; returns (success, stdout, stderr).
fn cli(app: &TestApp, args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .env("DATABASE_URL", &app.database_url)
        .env("RUST_LOG", "error")
        .env_remove("CLAIMCHECK_PUBLIC_URL")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_cli_exports_one_article_or_all_of_them() {
    let mut app = spawn_app().await;
    let view = reviewed_article(&app).await;
    let id = view["id"].as_i64().unwrap();
    let cookie = register(&app, "dee").await;
    let (status, second) = call(
        &app,
        "POST",
        "/api/articles",
        Some(&cookie),
        Some(json!({ "title": "Second", "body": "The bridge is 1,200 metres long, the council said on Monday." })),
    )
    .await;
    assert_eq!(status, 201, "{second}");
    let total_claims = view["claims"].as_array().unwrap().len() + second["claims"].as_array().unwrap().len();

    // One article to standard output, parsed back and compared with the API.
    let (ok, stdout, stderr) = cli(&app, &["export", "--article", &id.to_string(), "--format", "json"]);
    assert!(ok, "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["article"]["title"], view["title"]);
    let statuses =
        |claims: &Value| claims.as_array().unwrap().iter().map(|c| c["status"].clone()).collect::<Vec<_>>();
    assert_eq!(statuses(&doc["claims"]), statuses(&view["claims"]));
    assert!(doc["claims"][0]["permalink"].as_str().unwrap().starts_with("http://127.0.0.1:3000/claims/"));

    // To a file with --out.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("reviews.jsonld");
    let (ok, stdout, stderr) = cli(
        &app,
        &["export", "--article", &id.to_string(), "--format", "claimreview", "--out", file.to_str().unwrap()],
    );
    assert!(ok, "{stderr}");
    assert!(stdout.is_empty());
    let reviews: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0]["reviewRating"]["ratingValue"], 5);

    // Every article: CSV under one header, JSON Lines one document per article.
    let (ok, stdout, stderr) = cli(&app, &["export", "--all", "--format", "csv"]);
    assert!(ok, "{stderr}");
    let rows: Vec<csv::StringRecord> =
        csv::Reader::from_reader(stdout.as_bytes()).records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), total_claims);
    let (ok, stdout, stderr) = cli(&app, &["export", "--all", "--format", "json"]);
    assert!(ok, "{stderr}");
    let docs: Vec<Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["article"]["id"], id);
    assert_eq!(docs[1]["article"]["title"], "Second");

    // Mistakes are errors that say what is wrong, and leave no file behind.
    let missing = dir.path().join("missing.json");
    let (ok, _, stderr) =
        cli(&app, &["export", "--article", "999999", "--format", "json", "--out", missing.to_str().unwrap()]);
    assert!(!ok);
    assert!(stderr.contains("no such article"), "{stderr}");
    assert!(!missing.exists());
    let (ok, _, stderr) = cli(&app, &["export", "--all", "--format", "claimreview"]);
    assert!(!ok);
    assert!(stderr.contains("--article"), "{stderr}");
    app.shutdown().await;
}

/// The JSON of the page's `<script type="application/ld+json">`, if it has one.
fn json_ld(html: &str) -> Option<Value> {
    let open = html.find("<script type=\"application/ld+json\">")?;
    let rest = &html[open..];
    let start = rest.find('>')? + 1;
    let end = rest.find("</script>")?;
    Some(serde_json::from_str(&rest[start..end]).expect("the embedded JSON-LD parses"))
}

#[tokio::test]
async fn article_and_claim_pages_embed_their_claim_reviews() {
    let mut app = spawn_app().await;
    let view = reviewed_article(&app).await;
    let id = view["id"].as_i64().unwrap();
    let claims = view["claims"].as_array().unwrap();
    let verified = claims.iter().find(|c| c["status"] == "verified").unwrap();
    let html =
        app.client.get(app.url(&format!("/articles/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&format!("/api/articles/{id}/export?format=csv")), "export links");
    let ld = json_ld(&html).expect("the article page embeds ClaimReview");
    assert_eq!(ld.as_array().unwrap().len(), 1);
    assert_eq!(ld[0]["@type"], "ClaimReview");
    assert_eq!(ld[0]["claimReviewed"], verified["statement"]);

    let html = app
        .client
        .get(app.url(&format!("/claims/{}", verified["id"])))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let ld = json_ld(&html).expect("the claim permalink embeds its ClaimReview");
    assert!(ld[0]["url"].as_str().unwrap().ends_with(&format!("/claims/{}", verified["id"])));

    let unreviewed = claims.iter().find(|c| c["status"] == "unreviewed").unwrap();
    let html = app
        .client
        .get(app.url(&format!("/claims/{}", unreviewed["id"])))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(json_ld(&html).is_none(), "nothing to publish before a verdict");
    app.shutdown().await;
}

#[tokio::test]
async fn the_printable_report_lists_every_claim_with_its_verdict_and_evidence() {
    let mut app = spawn_app().await;
    let cookie = register(&app, "printer").await;
    let (_, article) = call(
        &app,
        "POST",
        "/api/articles",
        Some(&cookie),
        Some(json!({ "title": "Report <b>test</b>", "body": "The dam holds 4.2 billion cubic metres of water, engineers said on Tuesday. It opened in 1987." })),
    )
    .await;
    let id = article["id"].as_i64().unwrap();
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    call(
        &app,
        "POST",
        &format!("/api/claims/{claim}/sources"),
        Some(&cookie),
        Some(json!({ "url": "https://dams.example/registry", "stance": "supports", "excerpt": "4.2 billion m3" })),
    )
    .await;
    let (status, html) = get_page(&app, &format!("/articles/{id}/report"), None).await;
    assert_eq!(status, 200);
    assert!(html.contains("Report &lt;b&gt;test&lt;/b&gt;"), "titles are escaped");
    assert!(html.contains("https://dams.example/registry"));
    assert!(html.contains("4.2 billion m3"));
    assert_eq!(html.matches("class=\"report-claim\"").count(), article["claims"].as_array().unwrap().len());
    assert!(html.contains("No votes yet"));
    app.shutdown().await;
}
