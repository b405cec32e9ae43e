//! The crowd's daily loop over HTTP: the review queue's order and filters, readers' check requests,
//! and the activity on a reviewer's claims with its unread count. Runs on SQLite, and on
//! PostgreSQL with TEST_DATABASE_URL.

use crate::helpers::{
    call, fresh_database_url, register, register_admin, spawn_app, spawn_app_with_config, TestApp,
};
use serde_json::{json, Value};

/// Six sentences with figures; each becomes one claim of ours (written for these tests).
const SENTENCES: [&str; 6] = [
    "The harbour authority counted 412 ships in March.",
    "Fuel prices rose by 8 percent over the winter.",
    "The mayor said 3,000 homes would be built by 2027.",
    "Ferry traffic fell to 1.2 million passengers last year.",
    "Officials reported 57 new jobs at the port.",
    "The council spent 14 million euros on roads.",
];

/// Submits an article of `SENTENCES` and returns its id and one claim id per sentence (a manual
/// claim on the sentence, or the extracted claim already on exactly that range). Every other
/// extracted claim is settled (verified) so it stays out of the queue.
async fn article_with_claims(app: &TestApp, cookie: &str, title: &str) -> (i64, Vec<i64>) {
    let body = SENTENCES.join(" ");
    let (status, article) =
        call(app, "POST", "/api/articles", Some(cookie), Some(json!({ "title": title, "body": body }))).await;
    assert_eq!(status, 201, "{article}");
    let article_id = article["id"].as_i64().unwrap();
    let mut ids = Vec::new();
    let mut start = 0usize;
    for s in SENTENCES {
        let end = start + s.chars().count();
        let path = format!("/api/articles/{article_id}/claims");
        let (status, claim) =
            call(app, "POST", &path, Some(cookie), Some(json!({ "start": start, "end": end }))).await;
        let id = match status {
            201 => claim["id"].as_i64().unwrap(),
            409 => article["claims"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["start"] == start && c["end"] == end)
                .and_then(|c| c["id"].as_i64())
                .expect("the claim on this range"),
            other => panic!("manual claim: {other} {claim}"),
        };
        ids.push(id);
        start = end + 1;
    }
    let (_, full) = call(app, "GET", &format!("/api/articles/{article_id}"), None, None).await;
    for c in full["claims"].as_array().unwrap() {
        let id = c["id"].as_i64().unwrap();
        if !ids.contains(&id) {
            set_tally(app, id, (3, 0, 0), "verified").await;
        }
    }
    (article_id, ids)
}

/// Prepares a claim's counted tallies and stored status directly (the queue reads only these).
async fn set_tally(app: &TestApp, claim_id: i64, (v, d, n): (i64, i64, i64), status: &str) {
    sqlx::query(
        "UPDATE claims SET verified_count = $1, disputed_count = $2, not_a_claim_count = $3, status = $4 WHERE id = $5",
    )
    .bind(v)
    .bind(d)
    .bind(n)
    .bind(status)
    .bind(claim_id)
    .execute(app.state.db.pool())
    .await
    .unwrap();
}

async fn queue(app: &TestApp, cookie: &str, query: &str) -> Value {
    let (status, body) = call(app, "GET", &format!("/api/review/queue{query}"), Some(cookie), None).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn ids_and_reasons(page: &Value) -> Vec<(i64, String)> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_i64().unwrap(), i["reason"].as_str().unwrap().to_string()))
        .collect()
}

/// A request from a browser without the asker cookie (a new browser each time).
async fn ask_anonymously(app: &TestApp, claim_id: i64) -> (u16, Value) {
    call(app, "POST", &format!("/api/claims/{claim_id}/requests"), None, None).await
}

#[tokio::test]
async fn the_queue_orders_near_quorum_contested_requested_then_newest_unreviewed() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let admin = register_admin(&app, "root").await;
    let (a, ac) = article_with_claims(&app, &ana, "Older article").await;
    let (b, bc) = article_with_claims(&app, &ana, "Newer article").await;
    let (c, _) = article_with_claims(&app, &ana, "Archived article").await;

    set_tally(&app, ac[0], (1, 0, 0), "pending").await; // two counted votes short
    set_tally(&app, ac[1], (1, 1, 0), "pending").await; // one short
    set_tally(&app, ac[2], (1, 1, 1), "contested").await;
    for _ in 0..2 {
        assert_eq!(ask_anonymously(&app, ac[3]).await.0, 201);
    }
    assert_eq!(ask_anonymously(&app, ac[4]).await.0, 201);
    // ac[5], bc[0], bc[1] stay unreviewed; the rest of b is hidden, locked or settled.
    let hide = json!({ "action": "hide", "reason": "off topic" });
    let (s, body) =
        call(&app, "POST", &format!("/api/claims/{}/moderation", bc[2]), Some(&admin), Some(hide)).await;
    assert_eq!(s, 200, "{body}");
    let lock = json!({ "action": "lock", "verdict": "verified", "reason": "editor checked" });
    let (s, body) =
        call(&app, "POST", &format!("/api/claims/{}/moderation", bc[3]), Some(&admin), Some(lock)).await;
    assert_eq!(s, 200, "{body}");
    set_tally(&app, bc[4], (0, 3, 0), "disputed").await;
    set_tally(&app, bc[5], (0, 0, 3), "not_a_claim").await;
    let archive = json!({ "action": "archive", "reason": "old news" });
    let (s, body) =
        call(&app, "POST", &format!("/api/articles/{c}/moderation"), Some(&admin), Some(archive)).await;
    assert_eq!(s, 200, "{body}");

    let page = queue(&app, &ana, "").await;
    let expected: Vec<(i64, String)> = [
        (ac[1], "near_quorum"),
        (ac[0], "near_quorum"),
        (ac[2], "contested"),
        (ac[3], "requested"),
        (ac[4], "requested"),
        (bc[0], "unreviewed"),
        (bc[1], "unreviewed"),
        (ac[5], "unreviewed"),
    ]
    .into_iter()
    .map(|(id, r)| (id, r.to_string()))
    .collect();
    assert_eq!(ids_and_reasons(&page), expected, "{page}");
    assert_eq!(page["total"], 8);

    // Each item is a claim as the article view shows it, with its article and the request count.
    let first = &page["items"][0];
    assert_eq!(first["article_id"], a);
    assert_eq!(first["article_title"], "Older article");
    assert_eq!(first["statement"], SENTENCES[1]);
    assert_eq!(first["status"], "pending");
    assert_eq!(first["tally"]["disputed"], 1);
    assert!(first["quote"]["exact"].is_string());
    assert_eq!(page["items"][3]["requests"], 2);

    // A page, and one article's claims.
    let two = queue(&app, &ana, "?limit=2").await;
    assert_eq!(ids_and_reasons(&two), expected[..2].to_vec());
    assert_eq!(two["total"], 8, "the total counts the whole queue");
    let only_b = queue(&app, &ana, &format!("?article={b}")).await;
    assert_eq!(ids_and_reasons(&only_b), expected[5..7].to_vec());
    assert_eq!(only_b["total"], 2);
    let archived = queue(&app, &ana, &format!("?article={c}")).await;
    assert_eq!(archived["items"], json!([]));
    assert_eq!(archived["total"], 0);

    // Hidden claims never appear, for anyone, however the queue is asked for.
    for cookie in [&ana, &admin] {
        for q in ["", "?limit=100", &format!("?article={b}")] {
            let page = queue(&app, cookie, q).await;
            assert!(ids_and_reasons(&page).iter().all(|(id, _)| *id != bc[2] && *id != bc[3]), "{page}");
        }
    }
    app.shutdown().await;
}

#[tokio::test]
async fn voting_takes_a_claim_out_of_my_queue_but_not_out_of_others() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let bob = register(&app, "bob").await;
    let (_, ids) = article_with_claims(&app, &ana, "Harbour figures").await;
    let before = queue(&app, &ana, "").await;
    assert_eq!(before["total"], 6);
    assert!(ids_and_reasons(&before).iter().any(|(id, _)| *id == ids[0]));

    let vote = json!({ "verdict": "not_a_claim" });
    let (s, body) =
        call(&app, "POST", &format!("/api/claims/{}/votes", ids[0]), Some(&ana), Some(vote)).await;
    assert_eq!(s, 200, "{body}");

    let mine = queue(&app, &ana, "").await;
    assert!(ids_and_reasons(&mine).iter().all(|(id, _)| *id != ids[0]), "{mine}");
    assert_eq!(mine["total"], 5);
    let theirs = queue(&app, &bob, "").await;
    assert!(ids_and_reasons(&theirs).iter().any(|(id, _)| *id == ids[0]), "{theirs}");
    assert_eq!(theirs["total"], 6);

    // Retracting puts it back.
    let (s, _) = call(&app, "DELETE", &format!("/api/claims/{}/votes", ids[0]), Some(&ana), None).await;
    assert_eq!(s, 200);
    assert_eq!(queue(&app, &ana, "").await["total"], 6);
    app.shutdown().await;
}

#[tokio::test]
async fn a_check_request_raises_an_unreviewed_claim_above_unrequested_ones() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let bob = register(&app, "bob").await;
    let (_, ids) = article_with_claims(&app, &ana, "Harbour figures").await;
    let page = queue(&app, &ana, "").await;
    assert_eq!(ids_and_reasons(&page)[0], (ids[0], "unreviewed".to_string()), "text order at first");

    // A signed-out reader asks; the browser gets its cookie, and asking again from it is refused.
    let reader = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let url = app.url(&format!("/api/claims/{}/requests", ids[5]));
    let r = reader.post(&url).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("claimcheck_asker=") && cookie.contains("HttpOnly"), "{cookie}");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body, json!({ "claim_id": ids[5], "requests": 1, "asked": true, "open": true }));
    let again = reader.post(&url).send().await.unwrap();
    assert_eq!(again.status(), 409);
    // The claim itself says so, to that browser only.
    let detail_url = app.url(&format!("/api/claims/{}", ids[5]));
    let mine: Value = reader.get(&detail_url).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        mine["check_requests"],
        json!({ "claim_id": ids[5], "requests": 1, "asked": true, "open": true })
    );
    let (_, other) = call(&app, "GET", &format!("/api/claims/{}", ids[5]), None, None).await;
    assert_eq!(
        other["check_requests"],
        json!({ "claim_id": ids[5], "requests": 1, "asked": false, "open": true })
    );

    // A signed-in reviewer asks too (once).
    let (s, body) = call(&app, "POST", &format!("/api/claims/{}/requests", ids[5]), Some(&bob), None).await;
    assert_eq!((s, body["requests"].clone()), (201, json!(2)));
    let (s, _) = call(&app, "POST", &format!("/api/claims/{}/requests", ids[5]), Some(&bob), None).await;
    assert_eq!(s, 409);

    let page = queue(&app, &ana, "").await;
    let order = ids_and_reasons(&page);
    assert_eq!(order[0], (ids[5], "requested".to_string()), "{page}");
    assert_eq!(page["items"][0]["requests"], 2);
    assert_eq!(order[1..].iter().map(|(id, _)| *id).collect::<Vec<_>>(), ids[..5].to_vec());

    let (_, detail) = call(&app, "GET", &format!("/api/claims/{}", ids[5]), Some(&bob), None).await;
    assert_eq!(
        (detail["check_requests"]["requests"].clone(), detail["check_requests"]["asked"].clone()),
        (json!(2), json!(true))
    );

    // Claims with a verdict take no requests; unknown and hidden claims are 404.
    set_tally(&app, ids[1], (3, 0, 0), "verified").await;
    assert_eq!(ask_anonymously(&app, ids[1]).await.0, 409);
    let (_, settled) = call(&app, "GET", &format!("/api/claims/{}", ids[1]), None, None).await;
    assert_eq!(settled["check_requests"]["open"], false, "{settled}");
    assert_eq!(ask_anonymously(&app, 999_999).await.0, 404);
    app.shutdown().await;
}

#[tokio::test]
async fn check_requests_are_limited_per_client_address() {
    let (url, dir) = fresh_database_url().await;
    let mut config = claimcheck::server::config::Config::for_database(&url);
    config.limit_check_requests = 2;
    let mut app = spawn_app_with_config(config, dir).await;
    let ana = register(&app, "ana").await;
    let (_, ids) = article_with_claims(&app, &ana, "Harbour figures").await;
    assert_eq!(ask_anonymously(&app, ids[0]).await.0, 201);
    assert_eq!(ask_anonymously(&app, ids[1]).await.0, 201);
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/claims/{}/requests", ids[2])))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
    let body: Value = r.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("too many"), "{body}");
    app.shutdown().await;
}

#[tokio::test]
async fn activity_lists_the_events_on_my_claims_newest_first_and_the_unread_count_resets() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let bob = register(&app, "bob").await;
    let carl = register(&app, "carl").await;
    let admin = register_admin(&app, "root").await;
    let (_, ids) = article_with_claims(&app, &ana, "Harbour figures").await;
    let (x, y, w, z) = (ids[0], ids[1], ids[2], ids[3]);
    let post = |path: String, cookie: String, body: Value| {
        let app = &app;
        async move {
            let (s, b) = call(app, "POST", &path, Some(&cookie), Some(body)).await;
            assert!(s == 200 || s == 201, "{path}: {s} {b}");
            b
        }
    };

    // A hidden source's arrival is not shown (only its moderation); carl's source below is hidden.
    // Before ana takes part, an admin locks x (its status changes by the lock, not by votes).
    let lock = json!({ "action": "lock", "verdict": "verified", "reason": "editor checked" });
    post(format!("/api/claims/{x}/moderation"), admin.clone(), lock).await;
    // Ana votes on x, adds a source to y, flags w: her claims. Her own actions are not news.
    post(format!("/api/claims/{x}/votes"), ana.clone(), json!({ "verdict": "not_a_claim" })).await;
    let src = json!({ "url": "https://stats.example/ships", "stance": "supports" });
    post(format!("/api/claims/{y}/sources"), ana.clone(), src).await;
    post(format!("/api/claims/{w}/flags"), ana.clone(), json!({ "reason": "spam" })).await;
    // Others act on them (and on z, which is not hers).
    post(format!("/api/claims/{x}/votes"), bob.clone(), json!({ "verdict": "not_a_claim" })).await;
    post(format!("/api/claims/{z}/votes"), bob.clone(), json!({ "verdict": "not_a_claim" })).await;
    let carl_src =
        json!({ "url": "https://port.example/report", "title": "Port report", "stance": "refutes" });
    let carl_source = post(format!("/api/claims/{y}/sources"), carl.clone(), carl_src).await;
    let hide = json!({ "action": "hide", "reason": "broken link" });
    post(format!("/api/sources/{}/moderation", carl_source["id"]), admin.clone(), hide.clone()).await;
    post(format!("/api/claims/{w}/moderation"), admin.clone(), hide).await;

    let (s, first) = call(&app, "GET", "/api/activity", Some(&ana), None).await;
    assert_eq!(s, 200, "{first}");
    let seen: Vec<(i64, String, String, String)> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["claim_id"].as_i64().unwrap(),
                e["kind"].as_str().unwrap().to_string(),
                e["detail"].as_str().unwrap().to_string(),
                e["actor"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: Vec<(i64, String, String, String)> = [
        (w, "moderation", "claim.hide", "root"),
        (y, "moderation", "source.hide", "root"),
        (x, "vote", "not_a_claim", "bob"),
        (x, "status", "verified", "root"),
        (x, "moderation", "claim.lock", "root"),
    ]
    .into_iter()
    .map(|(c, k, d, a)| (c, k.to_string(), d.to_string(), a.to_string()))
    .collect();
    assert_eq!(seen, expected, "{first}");
    assert_eq!(first["items"][3]["previous"], "unreviewed");
    assert_eq!(first["items"][1]["article_title"], "Harbour figures");
    assert_eq!(first["items"][1]["statement"], SENTENCES[1]);
    assert!(first["items"][0]["at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(first["unread"], 5, "never visited: every event is unread");
    assert!(first["items"].as_array().unwrap().iter().all(|e| e["unread"] == true));

    // The visit resets the count; the next event is the only unread one.
    let (_, second) = call(&app, "GET", "/api/activity", Some(&ana), None).await;
    assert_eq!(second["unread"], 0, "{second}");
    assert_eq!(second["items"].as_array().unwrap().len(), 5);
    assert!(second["items"].as_array().unwrap().iter().all(|e| e["unread"] == false));
    let src = json!({ "url": "https://ships.example/count", "stance": "context" });
    post(format!("/api/claims/{y}/sources"), bob.clone(), src).await;
    let (_, third) = call(&app, "GET", "/api/activity", Some(&ana), None).await;
    assert_eq!(third["unread"], 1, "{third}");
    assert_eq!(third["items"][0]["kind"], "source");
    assert_eq!(third["items"][0]["unread"], true);
    assert_eq!(third["items"][1]["unread"], false);

    // Someone with no claims has no activity; readers must sign in.
    let (_, carls) = call(&app, "GET", "/api/activity", Some(&carl), None).await;
    assert_eq!(carls["items"].as_array().unwrap().len(), 3, "carl added a source to y: {carls}");
    let (s, _) = call(&app, "GET", "/api/activity", None, None).await;
    assert_eq!(s, 401);
    app.shutdown().await;
}

#[tokio::test]
async fn a_vote_toggled_many_times_is_one_line_of_activity_and_the_panel_keeps_every_entry() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    let bob = register(&app, "bob").await;
    let (_, ids) = article_with_claims(&app, &ana, "Harbour figures").await;
    let x = ids[0];
    let vote = |cookie: &String, verdict: &str| {
        let body = json!({ "verdict": verdict });
        let (app, path, cookie) = (&app, format!("/api/claims/{x}/votes"), cookie.clone());
        async move { assert_eq!(call(app, "POST", &path, Some(&cookie), Some(body)).await.0, 200) }
    };
    vote(&ana, "not_a_claim").await;
    // Bob casts, changes and retracts his vote 30 times, and ends on a vote.
    for _ in 0..15 {
        vote(&bob, "not_a_claim").await;
        assert_eq!(call(&app, "DELETE", &format!("/api/claims/{x}/votes"), Some(&bob), None).await.0, 200);
    }
    vote(&bob, "not_a_claim").await;
    let (s, activity) = call(&app, "GET", "/api/activity", Some(&ana), None).await;
    assert_eq!(s, 200, "{activity}");
    let votes: Vec<&Value> =
        activity["items"].as_array().unwrap().iter().filter(|e| e["kind"] == "vote").collect();
    assert_eq!(votes.len(), 1, "one line for bob's latest vote: {activity}");
    assert_eq!(votes[0]["actor"], "bob");
    assert_eq!(votes[0]["detail"], "not_a_claim");
    // Bob's line, not 31 votes; and not the claim's one status change (to pending): ana's own vote
    // made it, which is no news to her.
    assert_eq!(activity["unread"], 1, "{activity}");
    assert!(activity["items"].as_array().unwrap().iter().all(|e| e["kind"] != "status"), "{activity}");
    // The claim's own history keeps every entry (31 of bob's and ana's one), paged.
    let (_, claim) = call(&app, "GET", &format!("/api/claims/{x}"), None, None).await;
    assert_eq!(claim["history"].as_array().unwrap().len(), 32, "{claim}");
    // Bob retracts last: the line says so.
    assert_eq!(call(&app, "DELETE", &format!("/api/claims/{x}/votes"), Some(&bob), None).await.0, 200);
    let (_, activity) = call(&app, "GET", "/api/activity", Some(&ana), None).await;
    let votes: Vec<&Value> =
        activity["items"].as_array().unwrap().iter().filter(|e| e["kind"] == "vote").collect();
    assert_eq!(votes.len(), 1, "{activity}");
    assert_eq!(votes[0]["detail"], "retracted");
    app.shutdown().await;
}

#[tokio::test]
async fn bad_queue_queries_are_field_errors() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    for (q, field) in [
        ("?limit=0", "limit"),
        ("?limit=101", "limit"),
        ("?article=-3", "article"),
        ("?limit=x", "limit"),
        ("?article=abc", "article"),
    ] {
        let (s, body) = call(&app, "GET", &format!("/api/review/queue{q}"), Some(&ana), None).await;
        assert_eq!((s, body["field"].as_str()), (422, Some(field)), "{q}: {body}");
        assert!(!body["error"].as_str().unwrap().contains("deserialize"), "{q}: {body}");
    }
    let (s, _) = call(&app, "GET", "/api/review/queue?article=424242", Some(&ana), None).await;
    assert_eq!(s, 404);
    let (s, _) = call(&app, "GET", "/api/review/queue", None, None).await;
    assert_eq!(s, 401);
    app.shutdown().await;
}

#[tokio::test]
async fn a_review_link_whose_article_is_not_a_number_says_so() {
    let mut app = spawn_app().await;
    let ana = register(&app, "ana").await;
    for bad in ["abc", "0", "-3"] {
        let (status, page) =
            crate::helpers::get_page(&app, &format!("/review?article={bad}"), Some(&ana)).await;
        assert_eq!(status, 200);
        assert!(page.contains(&format!("“{bad}” is not an article number")), "{bad}: {page}");
    }
    let (_, page) = crate::helpers::get_page(&app, "/review?article=7", Some(&ana)).await;
    assert!(!page.contains("is not an article number"), "{page}");
    // No such article: it is said, and not linked back to.
    assert!(!page.contains("queue-back"), "{page}");
    let article = crate::helpers::submit_article(
        &app,
        &ana,
        "Harbour figures",
        "The port handled 41,000 containers in March, a record for the month.",
    )
    .await;
    let id = article["id"].as_i64().unwrap();
    let (_, page) = crate::helpers::get_page(&app, &format!("/review?article={id}"), Some(&ana)).await;
    assert!(page.contains(&format!(r#"data-testid="queue-back"><a href="/articles/{id}""#)), "{page}");
    // Signed out, the sign-in link comes back to the same article's queue.
    let (_, page) = crate::helpers::get_page(&app, &format!("/review?article={id}"), None).await;
    assert!(page.contains(&format!(r#"href="/login?next=/review?article={id}""#)), "{page}");
    app.shutdown().await;
}
