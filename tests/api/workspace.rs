//! The reviewer's workspace over HTTP: submit, read, manual claims, sources, votes, consensus, flags.

use crate::helpers::{
    call, claim_ids, form_encode, get_page, post_form, register, register_admin, spawn_app, submit_article,
    TestApp, BORDER as ARTICLE,
};
use reqwest::header::COOKIE;
use serde_json::{json, Value};

async fn submit(app: &TestApp, cookie: &str) -> Value {
    let (status, article) = call(
        app,
        "POST",
        "/api/articles",
        Some(cookie),
        Some(json!({ "title": "Border shootout", "body": ARTICLE, "url": "https://news.example/border", "publisher": "Example News", "published_date": "2023-03-14" })),
    )
    .await;
    assert_eq!(status, 201, "{article}");
    article
}

#[tokio::test]
async fn submitting_an_article_stores_it_exactly_with_extracted_claims() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let article = submit(&app, &ana).await;
    assert_eq!(article["body"], ARTICLE, "the body is stored exactly as submitted");
    assert_eq!(article["submitted_by"], "ana");
    let claims = article["claims"].as_array().unwrap();
    assert!(claims.len() >= 4, "{}", claims.len());
    let chars: Vec<char> = ARTICLE.chars().collect();
    for c in claims {
        let (s, e) = (c["start"].as_u64().unwrap() as usize, c["end"].as_u64().unwrap() as usize);
        assert_eq!(chars[s..e].iter().collect::<String>(), c["quote"]["exact"].as_str().unwrap());
        assert_eq!(c["status"], "unreviewed");
        assert_eq!(c["tally"], json!({ "verified": 0, "disputed": 0, "not_a_claim": 0 }));
        assert_eq!(c["locked"], false);
        for key in ["id", "statement", "kind", "score", "facts"] {
            assert!(!c[key].is_null(), "{key} in {c}");
        }
    }
    assert!(claims.iter().any(|c| c["facts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["text"].as_str().unwrap().contains("219 km"))));
    assert!(!claims.iter().any(|c| c["quote"]["exact"].as_str().unwrap().contains("Share this article")));

    // Readers need no account.
    let id = article["id"].as_i64().unwrap();
    let (status, read) = call(&app, "GET", &format!("/api/articles/{id}"), None, None).await;
    assert_eq!(status, 200);
    assert_eq!(read["claims"], article["claims"]);
    let (status, list) = call(&app, "GET", "/api/articles", None, None).await;
    assert_eq!(status, 200);
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["distribution"]["unreviewed"], claims.len());
    app.shutdown().await;
}

#[tokio::test]
async fn bad_articles_get_a_field_error_and_nothing_is_stored() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let big = "a".repeat(1_000_001);
    let cases = vec![
        (json!({ "title": " ", "body": "Text." }), "title"),
        (json!({ "title": "T", "body": "   " }), "body"),
        (json!({ "title": "T", "body": big }), "body"),
        (json!({ "title": "T", "body": "a\u{0}b" }), "body"),
        (json!({ "title": "T", "body": "Text.", "url": "javascript:alert(1)" }), "url"),
        (json!({ "title": "T", "body": "Text.", "published_date": "yesterday" }), "published_date"),
    ];
    for (body, field) in cases {
        let (status, err) = call(&app, "POST", "/api/articles", Some(&ana), Some(body)).await;
        assert_eq!(status, 422, "{err}");
        assert_eq!(err["field"], field, "{err}");
    }
    let r = reqwest::Client::new()
        .post(app.url("/api/articles"))
        .header(COOKIE, &ana)
        .header("content-type", "application/json")
        .body(b"{\"title\":\"T\",\"body\":\"\xff\xfe\"}".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "invalid UTF-8");
    let (status, _) =
        call(&app, "POST", "/api/articles", Some(""), Some(json!({ "title": "T", "body": "Text." }))).await;
    assert_eq!(status, 401, "anonymous readers cannot submit");
    assert_eq!(call(&app, "GET", "/api/articles", None, None).await.1["total"], 0);
    app.shutdown().await;
}

#[tokio::test]
async fn three_reviewers_with_sources_turn_a_claim_verified() {
    let mut app = spawn_app().await;
    let cookies = [register(&app, "ana").await, register(&app, "bo1").await, register(&app, "cy1").await];
    let article = submit(&app, &cookies[0]).await;
    let claim_id = article["claims"][0]["id"].as_i64().unwrap();
    let path = format!("/api/claims/{claim_id}");

    // A verdict without a source is refused.
    let (status, err) = call(
        &app,
        "POST",
        &format!("{path}/votes"),
        Some(&cookies[0]),
        Some(json!({ "verdict": "verified" })),
    )
    .await;
    assert_eq!((status, err["field"].as_str()), (422, Some("source_ids")));

    let (status, source) = call(
        &app,
        "POST",
        &format!("{path}/sources"),
        Some(&cookies[0]),
        Some(json!({ "url": "https://www.stats.example/report#p2", "stance": "supports", "excerpt": "219 km" })),
    )
    .await;
    assert_eq!(status, 201, "{source}");
    assert_eq!(source["url"], "https://www.stats.example/report");
    assert_eq!(source["publisher"], "stats.example");
    let sid = source["id"].as_i64().unwrap();
    let (status, err) = call(
        &app,
        "POST",
        &format!("{path}/sources"),
        Some(&cookies[1]),
        Some(json!({ "url": "https://WWW.stats.example/report", "stance": "context" })),
    )
    .await;
    assert_eq!((status, err["field"].as_str()), (422, Some("url")), "same URL twice");
    let (status, _) = call(
        &app,
        "POST",
        &format!("{path}/sources"),
        Some(&cookies[1]),
        Some(json!({ "url": "javascript:alert(1)", "stance": "supports" })),
    )
    .await;
    assert_eq!(status, 422);

    let (_, c) = call(
        &app,
        "POST",
        &format!("{path}/votes"),
        Some(&cookies[0]),
        Some(json!({ "verdict": "verified", "source_ids": [sid] })),
    )
    .await;
    assert_eq!(c["status"], "pending");
    let (_, c) = call(
        &app,
        "POST",
        &format!("{path}/votes"),
        Some(&cookies[1]),
        Some(json!({ "verdict": "verified", "source_ids": [sid], "note": "matches" })),
    )
    .await;
    assert_eq!(c["status"], "pending");
    let (_, c) = call(
        &app,
        "POST",
        &format!("{path}/votes"),
        Some(&cookies[2]),
        Some(json!({ "verdict": "disputed", "source_ids": [sid] })),
    )
    .await;
    assert_eq!(c["status"], "verified");
    assert_eq!(c["explanation"], "2 of 3 reviewers verified, quorum 3");
    assert_eq!(c["tally"], json!({ "verified": 2, "disputed": 1, "not_a_claim": 0 }));

    // Changing a vote replaces it; retracting removes it; history keeps all of it.
    let (_, c) = call(
        &app,
        "POST",
        &format!("{path}/votes"),
        Some(&cookies[0]),
        Some(json!({ "verdict": "disputed", "source_ids": [sid] })),
    )
    .await;
    assert_eq!(c["status"], "disputed");
    let (status, c) = call(&app, "DELETE", &format!("{path}/votes"), Some(&cookies[0]), None).await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["tally"], json!({ "verified": 1, "disputed": 1, "not_a_claim": 0 }));
    assert_eq!(c["status"], "pending");
    let (_, detail) = call(&app, "GET", &path, None, None).await;
    assert_eq!(detail["votes"].as_array().unwrap().len(), 2);
    assert_eq!(detail["sources"].as_array().unwrap().len(), 1);
    let actions: Vec<&str> =
        detail["history"].as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["verified", "verified", "disputed", "disputed", "retracted"]);
    app.shutdown().await;
}

#[tokio::test]
async fn not_a_claim_votes_need_no_source_and_count_toward_consensus() {
    let mut app = spawn_app().await;
    let cookies = [register(&app, "ana").await, register(&app, "bo1").await, register(&app, "cy1").await];
    let article = submit(&app, &cookies[0]).await;
    let path = format!("/api/claims/{}/votes", article["claims"][1]["id"]);
    let mut last = Value::Null;
    for c in &cookies {
        let (status, v) = call(&app, "POST", &path, Some(c), Some(json!({ "verdict": "not_a_claim" }))).await;
        assert_eq!(status, 200);
        last = v;
    }
    assert_eq!(last["status"], "not_a_claim");
    let (_, list) = call(&app, "GET", "/api/articles?status=not_a_claim", None, None).await;
    assert_eq!(list["total"], 1);
    let (_, list) = call(&app, "GET", "/api/articles?status=verified", None, None).await;
    assert_eq!(list["total"], 0);
    let (status, err) = call(&app, "GET", "/api/articles?status=bogus", None, None).await;
    assert_eq!((status, err["field"].as_str()), (422, Some("status")));
    app.shutdown().await;
}

#[tokio::test]
async fn a_search_matches_every_word_in_any_order_in_the_title_or_the_claims() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let tram = "The city approved a budget of 40 million euros for the new line on Monday.";
    submit_article(&app, &ana, "Tram line extension", tram).await;
    submit_article(&app, &ana, "Harbour works", "The new breakwater is 765 metres long, the council said.")
        .await;
    let total = |q: &'static str| {
        let app = &app;
        async move {
            let path = format!("/api/articles?q={}", form_encode(&[("", q)]).trim_start_matches('='));
            let (s, list) = call(app, "GET", &path, None, None).await;
            assert_eq!(s, 200, "{q}: {list}");
            list["total"].as_i64().unwrap()
        }
    };
    // Words in any order, one from the title and one from a claim, any case, extra spaces.
    assert_eq!(total("tram budget").await, 1);
    assert_eq!(total("  BUDGET   tram ").await, 1);
    assert_eq!(total("765 metres").await, 1);
    assert_eq!(total("metres 765").await, 1);
    // Every word must match somewhere: none of them is enough on its own.
    assert_eq!(total("tram breakwater").await, 0);
    assert_eq!(total("new").await, 2);
    // A LIKE wildcard is a character like any other.
    assert_eq!(total("tram %").await, 0);

    // The list page says why it is empty.
    for (path, says) in [
        ("/?q=tram%20breakwater", "No articles match."),
        ("/?archived=true", "No archived articles."),
        ("/?page=99", "No articles on this page."),
    ] {
        let (_, html) = get_page(&app, path, None).await;
        assert!(html.contains(says), "{path}: {html}");
        assert!(!html.contains("No articles yet"), "{path}");
    }
    app.shutdown().await;
}

#[tokio::test]
async fn manual_claims_are_anchored_in_code_points() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let body = "Łódź 🚀 reported 12 new cases. São Paulo reported 30.";
    let (_, article) =
        call(&app, "POST", "/api/articles", Some(&ana), Some(json!({ "title": "Cases", "body": body })))
            .await;
    let id = article["id"].as_i64().unwrap();
    let start = body.chars().position(|c| c == 'S').unwrap();
    let end = body.chars().count() - 1; // without the full stop, so it differs from the proposal
    let (status, claim) = call(
        &app,
        "POST",
        &format!("/api/articles/{id}/claims"),
        Some(&ana),
        Some(json!({ "start": start, "end": end })),
    )
    .await;
    assert_eq!(status, 201, "{claim}");
    assert_eq!(claim["quote"]["exact"], "São Paulo reported 30");
    assert_eq!(claim["quote"]["suffix"], ".");
    assert_eq!(claim["origin"], "manual");
    assert_eq!(claim["quote"]["prefix"], "Łódź 🚀 reported 12 new cases. ");
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/articles/{id}/claims"),
        Some(&ana),
        Some(json!({ "start": start, "end": end })),
    )
    .await;
    assert_eq!(status, 409, "the same span twice");
    for bad in [
        json!({ "start": 5, "end": 5 }),
        json!({ "start": -1, "end": 3 }),
        json!({ "start": 0, "end": 9999 }),
        json!({ "start": 4, "end": 5 }),
    ] {
        let (status, err) =
            call(&app, "POST", &format!("/api/articles/{id}/claims"), Some(&ana), Some(bad.clone())).await;
        assert_eq!(status, 422, "{bad} -> {err}");
    }
    let (status, _) =
        call(&app, "POST", "/api/articles/99999/claims", Some(&ana), Some(json!({ "start": 0, "end": 3 })))
            .await;
    assert_eq!(status, 404);
    app.shutdown().await;
}

#[tokio::test]
async fn flags_allow_one_open_flag_per_reviewer_per_claim() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let article = submit(&app, &ana).await;
    let path = format!("/api/claims/{}/flags", article["claims"][0]["id"]);
    let (status, flag) = call(&app, "POST", &path, Some(&ana), Some(json!({ "reason": "duplicate" }))).await;
    assert_eq!(status, 201, "{flag}");
    assert_eq!(flag["state"], "open");
    let (status, _) = call(&app, "POST", &path, Some(&ana), Some(json!({ "reason": "spam" }))).await;
    assert_eq!(status, 409);
    let (status, err) = call(&app, "POST", &path, Some(&ana), Some(json!({ "reason": "because" }))).await;
    assert_eq!((status, err["field"].as_str()), (422, Some("reason")));
    app.shutdown().await;
}

#[tokio::test]
async fn ids_that_are_not_numbers_are_404_with_a_message() {
    let mut app = spawn_app().await;
    for path in ["/api/articles/abc", "/api/articles/-1", "/api/claims/99999999999999999999", "/api/claims/0"]
    {
        let (status, err) = call(&app, "GET", path, None, None).await;
        assert_eq!(status, 404, "{path}");
        assert!(err["error"].is_string());
    }
    app.shutdown().await;
}

/// 16 reviewers vote on every claim at once; the tallies must equal the accepted votes exactly.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_votes_are_all_counted() {
    let mut app = spawn_app().await;
    let mut cookies = Vec::new();
    for i in 0..16 {
        cookies.push(register(&app, &format!("rev{i:02}")).await);
    }
    let article = submit(&app, &cookies[0]).await;
    let claim_ids: Vec<i64> =
        article["claims"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    let mut sources = Vec::new();
    for id in &claim_ids {
        let (_, s) = call(
            &app,
            "POST",
            &format!("/api/claims/{id}/sources"),
            Some(&cookies[0]),
            Some(json!({ "url": format!("https://src.example/{id}"), "stance": "supports" })),
        )
        .await;
        sources.push(s["id"].as_i64().unwrap());
    }
    let mut tasks = Vec::new();
    for (r, cookie) in cookies.iter().enumerate() {
        for (k, id) in claim_ids.iter().enumerate() {
            let (base, path) = (app.base.clone(), format!("/api/claims/{id}/votes"));
            let cookie = cookie.clone();
            let verdict = ["verified", "disputed", "not_a_claim"][(r + k) % 3];
            let body = json!({ "verdict": verdict, "source_ids": if verdict == "not_a_claim" { vec![] } else { vec![sources[k]] } });
            tasks.push(tokio::spawn(async move {
                (call(&base, "POST", &path, Some(&cookie), Some(body)).await.0, verdict)
            }));
        }
    }
    let mut accepted = std::collections::HashMap::new();
    for t in tasks {
        let (status, verdict) = t.await.unwrap();
        assert_eq!(status, 200, "no vote may fail under contention");
        *accepted.entry(verdict).or_insert(0) += 1;
    }
    let (_, after) = call(&app, "GET", &format!("/api/articles/{}", article["id"]), None, None).await;
    let mut sum = std::collections::HashMap::new();
    for c in after["claims"].as_array().unwrap() {
        for k in ["verified", "disputed", "not_a_claim"] {
            *sum.entry(k).or_insert(0) += c["tally"][k].as_i64().unwrap();
        }
        assert_eq!(
            c["tally"]["verified"].as_i64().unwrap()
                + c["tally"]["disputed"].as_i64().unwrap()
                + c["tally"]["not_a_claim"].as_i64().unwrap(),
            16
        );
    }
    for k in ["verified", "disputed", "not_a_claim"] {
        assert_eq!(sum[k], accepted[k], "{k}");
    }
    app.shutdown().await;
}

/// A word outside a fixed vocabulary (stance, verdict, flag reason, moderation action) is a field
/// error naming the field and its choices, from the JSON API and the forms alike.
#[tokio::test]
async fn unknown_words_are_field_errors_that_list_the_choices() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let admin = register_admin(&app, "root").await;
    let article =
        submit_article(&app, &ana, "Words", "The tunnel is 57 km long, engineers said in 2016.").await;
    let c = claim_ids(&article)[0];
    let cases = [
        (
            &ana,
            format!("/api/claims/{c}/sources"),
            json!({"url": "https://a.example/", "stance": "agrees"}),
            "stance",
            "stance must be one of: supports, refutes, context",
        ),
        (
            &ana,
            format!("/api/claims/{c}/votes"),
            json!({"verdict": "maybe"}),
            "verdict",
            "verdict must be one of: verified, disputed, not_a_claim",
        ),
        (
            &ana,
            format!("/api/claims/{c}/flags"),
            json!({"reason": "boring"}),
            "reason",
            "reason must be one of: duplicate, not_a_claim, wrong_span, abusive, spam, other",
        ),
        (
            &admin,
            format!("/api/claims/{c}/moderation"),
            json!({"action": "nuke", "reason": "x"}),
            "action",
            "action must be one of: hide, restore, remove, lock, unlock, edit, approve",
        ),
        (
            &admin,
            format!("/api/claims/{c}/moderation"),
            json!({"action": "lock", "reason": "x"}),
            "verdict",
            "verdict must be one of: verified, disputed",
        ),
        (
            &admin,
            format!("/api/claims/{c}/moderation"),
            json!({"action": "lock", "verdict": "not_a_claim", "reason": "x"}),
            "verdict",
            "verdict must be one of: verified, disputed",
        ),
    ];
    for (cookie, path, body, field, message) in cases {
        let (s, e) = call(&app, "POST", &path, Some(cookie), Some(body.clone())).await;
        assert_eq!(
            (s, e["field"].as_str(), e["error"].as_str()),
            (422, Some(field), Some(message)),
            "{path} {body}"
        );
    }
    // Spaces around a word are forgiven, as they always were.
    let (s, _) = call(
        &app,
        "POST",
        &format!("/api/claims/{c}/votes"),
        Some(&ana),
        Some(json!({"verdict": " not_a_claim "})),
    )
    .await;
    assert_eq!(s, 200);
    app.shutdown().await;
}

#[tokio::test]
async fn the_paste_form_without_javascript_keeps_the_text_when_refused_and_opens_the_article() {
    // Without JavaScript the paste form's button posts to /submit (its formaction).
    let mut app = spawn_app().await;
    let cookie = register(&app, "nojs").await;
    let post = |pairs: Vec<(&'static str, String)>| {
        let (app, cookie) = (&app, cookie.clone());
        async move {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post_form(app, "/submit", Some(&cookie), &pairs).await
        }
    };
    let fields = |url: &str| {
        vec![
            ("title", "Border shootout <b>live</b>".to_string()),
            ("body", ARTICLE.to_string()),
            ("url", url.to_string()),
            ("publisher", "Example News".to_string()),
            ("published_date", "2023-03-14".to_string()),
        ]
    };
    let refused = post(fields("ftp://files.example/border")).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains(r#"id="submit-error""#), "the reason is shown: {page}");
    assert!(!page.contains(r#"id="import-done""#), "nothing was imported: {page}");
    assert!(page.contains("http"), "{page}");
    assert!(page.contains(r#"value="Border shootout &lt;b&gt;live&lt;/b&gt;""#), "the title stays, escaped");
    let first_line = ARTICLE.lines().next().unwrap();
    assert!(page.contains(first_line.split('"').next().unwrap()), "the text stays");
    assert!(page.contains(r#"value="ftp://files.example/border""#), "the link to correct stays");
    let (_, list) = call(&app, "GET", "/api/articles", None, None).await;
    assert_eq!(list["total"], 0, "nothing stored: {list}");

    let sent = post(fields("")).await;
    assert_eq!(sent.status(), 303);
    let to = sent.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/articles/"), "{to}");
    let (status, page) = get_page(&app, &to, None).await;
    assert_eq!(status, 200);
    assert!(page.contains("Border shootout &lt;b&gt;live&lt;/b&gt;"), "{page}");

    // Signed out, the form says to sign in and still keeps the text.
    let anonymous =
        post_form(&app, "/submit", None, &[("title", "Kept"), ("body", "\nSome text to keep.")]).await;
    assert_eq!(anonymous.status(), 401);
    let page = anonymous.text().await.unwrap();
    assert!(
        page.contains("\n\nSome text to keep.</textarea>"),
        "a leading newline survives the browser: {page}"
    );
    // A form with a title and no text at all is the paste form too, refused for the missing text.
    let titled = post_form(&app, "/submit", Some(&cookie), &[("title", "Only a title")]).await;
    assert_eq!(titled.status(), 422);
    let page = titled.text().await.unwrap();
    assert!(page.contains(r#"value="Only a title""#) && page.contains(r#"id="submit-error""#), "{page}");
    app.shutdown().await;
}

#[tokio::test]
async fn an_article_names_the_other_articles_submitted_under_its_link() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let post = |title: &'static str, url: Option<&'static str>| {
        let (app, ana) = (&app, ana.clone());
        async move {
            let body = json!({ "title": title, "body": "The ferry carried 41,000 passengers in March.", "url": url });
            let (status, a) = call(app, "POST", "/api/articles", Some(&ana), Some(body)).await;
            assert_eq!(status, 201, "{a}");
            a
        }
    };
    let first = post("Ferry figures", Some("https://port.example/ferry")).await;
    assert_eq!(first["copies"], json!([]), "{first}");
    let second = post("Ferry figures <again>", Some("https://port.example/ferry")).await;
    let other = post("Unrelated", Some("https://port.example/other")).await;
    let none = post("No link", None).await;
    assert_eq!(
        second["copies"],
        json!([{ "id": first["id"], "title": "Ferry figures", "open": true }]),
        "{second}"
    );
    let (_, first) = call(&app, "GET", &format!("/api/articles/{}", first["id"]), None, None).await;
    assert_eq!(
        first["copies"],
        json!([{ "id": second["id"], "title": "Ferry figures <again>", "open": true }])
    );
    assert_eq!(other["copies"], json!([]));
    assert_eq!(none["copies"], json!([]));
    // Another spelling of the same link (www., a trailing slash, tracking parameters) is a copy too,
    // also for articles stored before links had keys (the server fills them in when it starts).
    let third =
        post("Ferry figures (shared)", Some("http://www.port.example/ferry/?utm_source=newsletter")).await;
    assert_eq!(third["copies"].as_array().map(Vec::len), Some(2), "{third}");
    sqlx::query("UPDATE articles SET url_key = NULL").execute(app.state.db.pool()).await.unwrap();
    app.state.db.migrate().await.unwrap();
    let (_, third) = call(&app, "GET", &format!("/api/articles/{}", third["id"]), None, None).await;
    assert_eq!(third["copies"].as_array().map(Vec::len), Some(2), "{third}");
    let (_, page) = get_page(&app, &format!("/articles/{}", first["id"]), None).await;
    assert!(page.contains(r#"data-testid="article-copies""#), "{page}");
    assert!(
        page.contains(&format!(r#"<a href="/articles/{}">Ferry figures &lt;again&gt;</a>"#, second["id"])),
        "{page}"
    );
    // A locked copy is still named, as not open: the merge form does not offer it.
    let admin = register_admin(&app, "boss").await;
    let option = format!(r#"<option value="{}""#, second["id"]);
    let (_, page) = get_page(&app, &format!("/articles/{}", first["id"]), Some(&admin)).await;
    assert!(page.contains(&option), "the merge form offers the copy: {page}");
    let lock = json!({ "action": "lock", "reason": "legal review" });
    let path = format!("/api/articles/{}/moderation", second["id"]);
    assert_eq!(call(&app, "POST", &path, Some(&admin), Some(lock)).await.0, 200);
    let (_, first) = call(&app, "GET", &format!("/api/articles/{}", first["id"]), None, None).await;
    assert_eq!(first["copies"][0]["open"], false, "{first}");
    let (_, page) = get_page(&app, &format!("/articles/{}", first["id"]), Some(&admin)).await;
    assert!(!page.contains(&option), "{page}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_body_with_a_direction_override_is_refused_and_a_title_loses_its_controls() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let sneaky =
        json!({ "title": "Roads", "body": "The council said \u{202E}42 percent of roads were repaired." });
    let (status, e) = call(&app, "POST", "/api/articles", Some(&ana), Some(sneaky)).await;
    assert_eq!((status, e["field"].as_str()), (422, Some("body")), "{e}");
    assert!(e["error"].as_str().unwrap().contains("at character 17"), "{e}");
    let (_, list) = call(&app, "GET", "/api/articles", None, None).await;
    assert_eq!(list["total"], 0);
    let fine = json!({ "title": "Roads \u{202E}fixed", "body": "The council said 42 percent of roads were repaired." });
    let (status, a) = call(&app, "POST", "/api/articles", Some(&ana), Some(fine)).await;
    assert_eq!(status, 201, "{a}");
    assert_eq!(a["title"], "Roads fixed");
    app.shutdown().await;
}
