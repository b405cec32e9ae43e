//! The authorization matrix: every state-changing endpoint and server function, for each kind of
//! caller (anonymous, reviewer, disabled reviewer, admin). New endpoints join the table.

use crate::helpers::{call, no_redirects, register, register_with_id, sign_in, spawn_app, PASSWORD};
use claimcheck::server::service::accounts;
use reqwest::header::COOKIE;
use serde_json::json;

enum Body {
    None,
    Json(String),
    Form(String),
}

#[tokio::test]
async fn authorization_matrix() {
    let mut app = spawn_app().await;
    let reviewer = register(&app, "rev").await;
    let disabled = register(&app, "off").await;
    register(&app, "boss").await;
    accounts::set_role_by_name(
        &app.state.db,
        &app.state.config.rule,
        "boss",
        claimcheck::model::Role::Admin,
        "test",
    )
    .await
    .unwrap();
    let admin = sign_in(&app, "boss", PASSWORD).await;

    // Fixtures the rows act on, made by the reviewer before the disabled account is switched off.
    let (_, article) = call(
        &app,
        "POST",
        "/api/articles",
        Some(&reviewer),
        Some(json!({ "title": "Matrix", "body": "The bridge is 765 km long, officials said on Monday. It cost $3 billion in 2019." })),
    )
    .await;
    let article_id = article["id"].as_i64().unwrap();
    let claim_id = article["claims"][0]["id"].as_i64().unwrap();
    let other_claim = article["claims"][1]["id"].as_i64().expect("the fixture has two claims");
    let (_, source) = call(
        &app,
        "POST",
        &format!("/api/claims/{claim_id}/sources"),
        Some(&reviewer),
        Some(json!({ "url": "https://fixture.example/", "stance": "supports" })),
    )
    .await;
    let source_id = source["id"].as_i64().unwrap();
    // An open flag for the admin to decide, raised by the account about to be disabled.
    let (_, flag) = call(
        &app,
        "POST",
        &format!("/api/claims/{claim_id}/flags"),
        Some(&disabled),
        Some(json!({ "reason": "spam" })),
    )
    .await;
    let flag_id = flag["id"].as_i64().unwrap();
    let (victim_id, _) = register_with_id(&app, "victim").await;
    accounts::set_disabled_by_name(&app.state.db, &app.state.config.rule, "off", true, "test").await.unwrap();

    // {n} in a body becomes the caller's index, so each caller's request is new (no duplicate errors).
    let a = article_id;
    let c = claim_id;
    let s = source_id;
    let rows: Vec<(&str, String, Body, [u16; 4])> = vec![
        ("GET", "/api/auth/me".into(), Body::None, [401, 200, 401, 200]),
        (
            "POST",
            "/api/articles".into(),
            Body::Json(r#"{"title":"T{n}","body":"It rained 5 mm on Monday."}"#.into()),
            [401, 201, 401, 201],
        ),
        (
            "POST",
            format!("/api/articles/{a}/claims"),
            Body::Json(r#"{"start":{n},"end":40}"#.into()),
            [401, 201, 401, 201],
        ),
        (
            "POST",
            format!("/api/claims/{c}/sources"),
            Body::Json(r#"{"url":"https://s{n}.example/","stance":"context"}"#.into()),
            [401, 201, 401, 201],
        ),
        (
            "POST",
            format!("/api/claims/{c}/votes"),
            Body::Json(format!(r#"{{"verdict":"verified","source_ids":[{s}]}}"#)),
            [401, 200, 401, 200],
        ),
        ("DELETE", format!("/api/claims/{c}/votes"), Body::None, [401, 200, 401, 200]),
        (
            "POST",
            format!("/api/claims/{c}/flags"),
            Body::Json(r#"{"reason":"other","details":"d{n}"}"#.into()),
            [401, 201, 401, 201],
        ),
        ("POST", "/rpc/current_user".into(), Body::Form(String::new()), [200, 200, 200, 200]),
        // Import stores nothing, but fetching pages for strangers is not a public service.
        (
            "POST",
            "/api/import".into(),
            Body::Json(
                r#"{"html":"<article><p>Saved page {n}: it rained 5 mm on Monday.</p></article>"}"#.into(),
            ),
            [401, 200, 401, 200],
        ),
        ("POST", "/rpc/get_import_prefill".into(), Body::Form(String::new()), [200, 200, 200, 200]),
        (
            "POST",
            "/rpc/submit_article".into(),
            Body::Form("title=F{n}&body=It+rained+5+mm+on+Monday.".into()),
            [401, 200, 401, 200],
        ),
        (
            "POST",
            "/rpc/add_claim".into(),
            Body::Form(format!("article_id={a}&start={{n}}&end=41")),
            [401, 200, 401, 200],
        ),
        (
            "POST",
            "/rpc/add_source".into(),
            Body::Form(format!("claim_id={c}&url=https%3A%2F%2Fr{{n}}.example%2F&stance=refutes")),
            [401, 200, 401, 200],
        ),
        (
            "POST",
            "/rpc/vote".into(),
            Body::Form(format!("claim_id={c}&verdict=not_a_claim")),
            [401, 200, 401, 200],
        ),
        ("POST", "/rpc/retract_vote".into(), Body::Form(format!("claim_id={c}")), [401, 200, 401, 200]),
        (
            "POST",
            "/rpc/flag_claim".into(),
            Body::Form(format!("claim_id={other_claim}&reason=spam")),
            [401, 200, 401, 200],
        ),
        // Moderation: admins only (401 anonymous, 403 reviewers).
        (
            "POST",
            format!("/api/sources/{s}/flags"),
            Body::Json(r#"{"reason":"other","details":"d{n}"}"#.into()),
            [401, 201, 401, 201],
        ),
        ("GET", "/api/moderation/queue".into(), Body::None, [401, 403, 401, 200]),
        ("GET", "/api/moderation/audit".into(), Body::None, [401, 403, 401, 200]),
        ("GET", "/api/moderation/audit?format=csv".into(), Body::None, [401, 403, 401, 200]),
        ("GET", "/api/users".into(), Body::None, [401, 403, 401, 200]),
        (
            "POST",
            format!("/api/claims/{other_claim}/moderation"),
            Body::Json(r#"{"action":"approve"}"#.into()),
            [401, 403, 401, 200],
        ),
        (
            "POST",
            format!("/api/claims/{c}/merge"),
            Body::Json(format!(r#"{{"into":{c},"reason":"self"}}"#)),
            [401, 403, 401, 422],
        ),
        (
            "POST",
            format!("/api/flags/{flag_id}"),
            Body::Json(r#"{"action":"dismiss"}"#.into()),
            [401, 403, 401, 200],
        ),
        (
            "POST",
            format!("/api/sources/{s}/moderation"),
            Body::Json(r#"{"action":"hide","reason":"spam"}"#.into()),
            [401, 403, 401, 200],
        ),
        (
            "POST",
            format!("/api/users/{victim_id}/role"),
            Body::Json(r#"{"role":"admin"}"#.into()),
            [401, 403, 401, 200],
        ),
        (
            "POST",
            format!("/api/users/{victim_id}/disable"),
            Body::Json(r#"{"reason":"spam account"}"#.into()),
            [401, 403, 401, 200],
        ),
        ("POST", format!("/api/users/{victim_id}/enable"), Body::None, [401, 403, 401, 200]),
        ("POST", "/rpc/moderation_queue".into(), Body::Form(String::new()), [401, 403, 401, 200]),
        ("POST", "/rpc/list_users".into(), Body::Form(String::new()), [401, 403, 401, 200]),
        (
            "POST",
            "/rpc/moderate_claim".into(),
            Body::Form(format!("claim_id={other_claim}&action=approve")),
            [401, 403, 401, 200],
        ),
        (
            "POST",
            "/rpc/moderate_user".into(),
            Body::Form(format!("user_id={victim_id}&action=demote")),
            [401, 403, 401, 200],
        ),
        // The crowd's daily loop: the queue and activity need an account; anyone may ask for a check
        // (a reader without an account as a new browser each time), once per account per claim.
        ("GET", "/api/review/queue".into(), Body::None, [401, 200, 401, 200]),
        ("GET", format!("/api/review/queue?article={a}"), Body::None, [401, 200, 401, 200]),
        ("GET", "/api/activity".into(), Body::None, [401, 200, 401, 200]),
        ("POST", format!("/api/claims/{other_claim}/requests"), Body::None, [201, 201, 201, 201]),
        ("POST", format!("/api/claims/{other_claim}/requests"), Body::None, [201, 409, 201, 409]),
        ("POST", "/rpc/review_queue".into(), Body::Form(String::new()), [401, 200, 401, 200]),
        ("POST", "/rpc/loop_counts".into(), Body::Form(String::new()), [200, 200, 200, 200]),
        ("POST", "/rpc/my_activity".into(), Body::Form(String::new()), [401, 200, 401, 200]),
        ("POST", "/rpc/ask_for_check".into(), Body::Form(format!("claim_id={c}")), [200, 200, 200, 200]),
        // Merging an article into itself: refused for what it is, once past the role check.
        (
            "POST",
            format!("/api/articles/{a}/merge"),
            Body::Json(format!(r#"{{"into":{a},"reason":"self"}}"#)),
            [401, 403, 401, 422],
        ),
        (
            "POST",
            "/rpc/merge_article".into(),
            Body::Form(format!("article_id={a}&into={a}&reason=self")),
            [401, 403, 401, 422],
        ),
        (
            "POST",
            format!("/api/articles/{a}/moderation"),
            Body::Json(r#"{"action":"lock","reason":"embargo"}"#.into()),
            [401, 403, 401, 200],
        ),
        // The fact-check library: everyone reads, admins import, reviewers decide on matches.
        ("GET", "/api/factchecks".into(), Body::None, [200, 200, 200, 200]),
        ("GET", "/api/factchecks?q=rain".into(), Body::None, [200, 200, 200, 200]),
        (
            "POST",
            "/api/factchecks?format=tsv".into(),
            Body::Json("id\tclaim\ttitle\nz{n}\tIt rained 5 mm on Monday.\tRain\n".into()),
            [401, 403, 401, 201],
        ),
        (
            "POST",
            format!("/api/claims/{c}/matches/999999"),
            Body::Json(r#"{"decision":"confirm"}"#.into()),
            [401, 404, 401, 404],
        ),
        ("POST", "/rpc/list_factchecks".into(), Body::Form(String::new()), [200, 200, 200, 200]),
        (
            "POST",
            "/rpc/import_factchecks".into(),
            Body::Form("text=id%09claim%09title%0Ay{n}%09It+rained.%09Rain%0A&format=tsv".into()),
            [401, 403, 401, 200],
        ),
        (
            "POST",
            "/rpc/decide_match".into(),
            Body::Form(format!("claim_id={c}&match_id=999999&decision=confirm")),
            [401, 404, 401, 404],
        ),
        // The account page (issue 21): one's own sessions and password; a wrong current password is
        // refused (and counted like a failed sign-in), someone else's or an unknown session is not found.
        ("GET", "/api/auth/sessions".into(), Body::None, [401, 200, 401, 200]),
        ("DELETE", "/api/auth/sessions/0000000000000000".into(), Body::None, [401, 404, 401, 404]),
        (
            "POST",
            "/api/auth/password".into(),
            Body::Json(r#"{"current":"not the password {n}","new":"another long passphrase"}"#.into()),
            [401, 422, 401, 422],
        ),
        ("POST", "/rpc/my_sessions".into(), Body::Form(String::new()), [401, 200, 401, 200]),
        (
            "POST",
            "/rpc/end_my_session".into(),
            Body::Form("id=0000000000000000".into()),
            [401, 404, 401, 404],
        ),
        (
            "POST",
            "/rpc/change_password".into(),
            Body::Form("current=wrong+{n}&new=another+long+passphrase".into()),
            [401, 422, 401, 422],
        ),
        ("POST", "/api/auth/logout".into(), Body::None, [204, 204, 204, 204]),
    ];
    let callers = [None, Some(&reviewer), Some(&disabled), Some(&admin)];
    for (method, path, body, expected) in &rows {
        for (who, cookie) in callers.iter().enumerate() {
            let mut req = no_redirects().request(method.parse().unwrap(), app.url(path));
            if let Some(c) = cookie {
                req = req.header(COOKIE, c.as_str());
            }
            req = match body {
                Body::None => req,
                Body::Json(b) => {
                    req.header("content-type", "application/json").body(b.replace("{n}", &who.to_string()))
                }
                Body::Form(b) => req
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("accept", "application/json")
                    .body(b.replace("{n}", &who.to_string())),
            };
            let resp = req.send().await.unwrap();
            let status = resp.status().as_u16();
            let text = resp.text().await.unwrap_or_default();
            assert_eq!(status, expected[who], "{method} {path} as caller #{who}: {status} {text}");
        }
    }
    app.shutdown().await;
}
