//! Reviewer standing, invitations and the publication gate, over HTTP with the product defaults:
//! accounts registered through the API start `new`, and their votes do not count.

use crate::helpers::{
    add_source, call, claim_detail, claim_ids, get_page, register, register_admin, sign_in, spawn_app_with,
    submit_article, TestApp, PASSWORD,
};
use claimcheck::server::config::{EarnRule, Registration};
use serde_json::{json, Value};

const BODY: &str = "The bridge is 765 km long, officials said on Monday. It cost $3 billion in 2019. \
Traffic rose 12% in March, the ministry said. About 40,000 people crossed it on the first day.";

async fn me(app: &TestApp, cookie: &str) -> Value {
    let (status, me) = call(app, "GET", "/api/auth/me", Some(cookie), None).await;
    assert_eq!(status, 200, "{me}");
    me
}

/// An article with at least three claims; returns (article id, claim ids).
async fn article(app: &TestApp, cookie: &str) -> (i64, Vec<i64>) {
    let a = submit_article(app, cookie, "Bridge", BODY).await;
    let claims = claim_ids(&a);
    assert!(claims.len() >= 3, "{a}");
    (a["id"].as_i64().unwrap(), claims)
}

async fn vote(app: &TestApp, cookie: &str, claim: i64, verdict: &str, source: i64) -> Value {
    let (status, c) = call(
        app,
        "POST",
        &format!("/api/claims/{claim}/votes"),
        Some(cookie),
        Some(json!({ "verdict": verdict, "source_ids": [source] })),
    )
    .await;
    assert_eq!(status, 200, "{c}");
    c
}

async fn claim(app: &TestApp, id: i64) -> Value {
    claim_detail(app, id).await["claim"].clone()
}

async fn set_standing(app: &TestApp, admin: &str, cookie_of: &str, standing: &str) -> Value {
    let id = me(app, cookie_of).await["id"].as_i64().unwrap();
    let (status, u) = call(
        app,
        "POST",
        &format!("/api/users/{id}/standing"),
        Some(admin),
        Some(json!({ "standing": standing, "reason": "test" })),
    )
    .await;
    assert_eq!(status, 200, "{u}");
    u
}

async fn text(app: &TestApp, path: &str) -> String {
    get_page(app, path, None).await.1
}

async fn claim_reviews(app: &TestApp, article: i64) -> Vec<Value> {
    let body = text(app, &format!("/api/articles/{article}/export?format=claimreview")).await;
    serde_json::from_str::<Value>(&body).unwrap().as_array().unwrap().clone()
}

fn has_json_ld(html: &str) -> bool {
    html.contains("application/ld+json")
}

fn defaults() -> impl FnOnce(&mut claimcheck::server::config::Config) {
    |_| {}
}

#[tokio::test]
async fn three_fresh_accounts_publish_nothing_and_three_trusted_reviewers_settle_the_claim() {
    let mut app = spawn_app_with(defaults()).await;
    let admin = register_admin(&app, "boss").await;
    assert_eq!(me(&app, &admin).await["standing"], "trusted", "admins are always trusted");
    let (article_id, claims) = article(&app, &admin).await;
    let c = claims[0];
    let s = add_source(&app, &admin, c).await;

    // Three accounts registered a minute ago vote "verified".
    let mut fresh = Vec::new();
    for name in ["sock1", "sock2", "sock3"] {
        let cookie = register(&app, name).await;
        assert_eq!(me(&app, &cookie).await["standing"], "new");
        vote(&app, &cookie, c, "verified", s).await;
        fresh.push(cookie);
    }
    let view = claim(&app, c).await;
    assert_eq!(view["status"], "unreviewed", "{view}");
    assert_eq!(view["tally"], json!({ "verified": 0, "disputed": 0, "not_a_claim": 0 }));
    assert_eq!(view["pending_votes"], 3);
    assert_eq!(
        view["explanation"],
        "No counted votes yet; 3 needed for a verdict; 3 votes from new reviewers not counted yet"
    );
    // The votes are stored and shown, marked as not counted.
    let d = claim_detail(&app, c).await;
    assert_eq!(d["votes"].as_array().unwrap().len(), 3);
    assert!(d["votes"].as_array().unwrap().iter().all(|v| v["counted"] == false), "{d}");

    // Out of every ClaimReview and every export's verdict.
    assert!(claim_reviews(&app, article_id).await.is_empty());
    assert!(!has_json_ld(&text(&app, &format!("/articles/{article_id}")).await));
    assert!(!has_json_ld(&text(&app, &format!("/claims/{c}")).await));
    let export: Value =
        serde_json::from_str(&text(&app, &format!("/api/articles/{article_id}/export?format=json")).await)
            .unwrap();
    let row = export["claims"].as_array().unwrap().iter().find(|x| x["id"] == c).unwrap().clone();
    assert_eq!(row["status"], "unreviewed");
    assert_eq!(row["counted_votes"], 0);
    assert_eq!(row["pending_votes"], 3);
    let csv = text(&app, &format!("/api/articles/{article_id}/export?format=csv")).await;
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with("permalink,counted_votes,pending_votes,previously_checked"), "{header}");
    let line = csv.lines().find(|l| l.contains(&format!("/claims/{c}"))).unwrap();
    assert!(line.contains(",unreviewed,"), "{line}");
    assert!(line.ends_with(",0,3,"), "{line}");

    // Three trusted reviewers settle it.
    let mut trusted = Vec::new();
    for name in ["ana", "ben", "cyd"] {
        let cookie = register(&app, name).await;
        let u = set_standing(&app, &admin, &cookie, "trusted").await;
        assert_eq!(u["standing"], "trusted");
        assert_eq!(me(&app, &cookie).await["standing"], "trusted");
        trusted.push(cookie);
    }
    for (i, cookie) in trusted.iter().enumerate() {
        let v = vote(&app, cookie, c, "verified", s).await;
        assert_eq!(v["tally"]["verified"], i as i64 + 1);
    }
    let view = claim(&app, c).await;
    assert_eq!(view["status"], "verified");
    assert_eq!(view["pending_votes"], 3);
    assert_eq!(
        view["explanation"],
        "3 of 3 counted reviewers verified, quorum 3; 3 votes from new reviewers not counted yet"
    );
    let reviews = claim_reviews(&app, article_id).await;
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0]["reviewRating"]["alternateName"], "True");
    assert!(has_json_ld(&text(&app, &format!("/claims/{c}")).await));

    // Revoking one trusted reviewer's standing takes their vote out at once (status re-derived).
    let u = set_standing(&app, &admin, &trusted[2], "new").await;
    assert_eq!(u["standing"], "new");
    let view = claim(&app, c).await;
    assert_eq!(view["status"], "pending", "{view}");
    assert_eq!(view["tally"]["verified"], 2);
    assert_eq!(view["pending_votes"], 4);
    assert!(claim_reviews(&app, article_id).await.is_empty());
    // Granting it back counts it again.
    set_standing(&app, &admin, &trusted[2], "trusted").await;
    assert_eq!(claim(&app, c).await["status"], "verified");

    // Both changes are in the audit log with their reason.
    let (_, log) = call(&app, "GET", "/api/moderation/audit?action=user.untrust", Some(&admin), None).await;
    assert_eq!(log["total"], 1, "{log}");
    assert_eq!(log["items"][0]["reason"], "test");
    assert_eq!(log["items"][0]["after"]["standing"], "new");
    app.shutdown().await;
}

#[tokio::test]
async fn a_new_reviewer_whose_votes_match_later_verdicts_earns_standing() {
    let mut app = spawn_app_with(|c| c.earn = EarnRule { votes: 2, max_disagree: 1, min_age_ms: 0 }).await;
    let admin = register_admin(&app, "boss").await;
    let (_, claims) = article(&app, &admin).await;
    let (a, b, c) = (claims[0], claims[1], claims[2]);
    let sa = add_source(&app, &admin, a).await;
    let sb = add_source(&app, &admin, b).await;
    let sc = add_source(&app, &admin, c).await;
    let mut trusted = Vec::new();
    for name in ["ana", "ben", "cyd"] {
        let cookie = register(&app, name).await;
        set_standing(&app, &admin, &cookie, "trusted").await;
        trusted.push(cookie);
    }
    let newbie = register(&app, "newbie").await;
    vote(&app, &newbie, a, "verified", sa).await;
    vote(&app, &newbie, b, "disputed", sb).await;
    vote(&app, &newbie, c, "verified", sc).await;

    // Claim a settles as the newbie said: one agreement, not enough yet.
    for t in &trusted {
        vote(&app, t, a, "verified", sa).await;
    }
    assert_eq!(me(&app, &newbie).await["standing"], "new");
    // Two counted votes on c: pending, with the newbie's vote waiting.
    vote(&app, &trusted[0], c, "verified", sc).await;
    vote(&app, &trusted[1], c, "verified", sc).await;
    assert_eq!(claim(&app, c).await["status"], "pending");

    // Claim b settles disputed, as the newbie said: the second agreement earns standing without an
    // admin, and the earlier vote on c now counts, settling it.
    for t in &trusted {
        vote(&app, t, b, "disputed", sb).await;
    }
    assert_eq!(me(&app, &newbie).await["standing"], "trusted");
    let view = claim(&app, c).await;
    assert_eq!(view["status"], "verified", "{view}");
    assert_eq!(view["tally"]["verified"], 3);
    assert_eq!(view["pending_votes"], 0);
    assert_eq!(claim(&app, a).await["tally"]["verified"], 4);

    let (_, log) = call(&app, "GET", "/api/moderation/audit?action=user.trust", Some(&admin), None).await;
    let earned: Vec<&Value> =
        log["items"].as_array().unwrap().iter().filter(|e| e["after"]["username"] == "newbie").collect();
    assert_eq!(earned.len(), 1, "{log}");
    assert!(earned[0]["reason"].as_str().unwrap().starts_with("earned"), "{log}");

    // The public record shows it.
    let (status, r) = call(&app, "GET", "/api/reviewers/newbie", None, None).await;
    assert_eq!(status, 200);
    assert_eq!(r["standing"], "trusted");
    assert_eq!(r["counted_votes"], 3);
    assert_eq!(r["settled_votes"], 3);
    assert_eq!(r["agreed_votes"], 3);
    assert_eq!(r["agreement"], 1.0);
    app.shutdown().await;
}

#[tokio::test]
async fn an_editorial_lock_settles_a_claim_and_counts_toward_earning() {
    let mut app = spawn_app_with(|c| c.earn = EarnRule { votes: 1, max_disagree: 0, min_age_ms: 0 }).await;
    let admin = register_admin(&app, "boss").await;
    let (_, claims) = article(&app, &admin).await;
    let s = add_source(&app, &admin, claims[0]).await;
    let newbie = register(&app, "newbie").await;
    vote(&app, &newbie, claims[0], "disputed", s).await;
    let (status, out) = call(
        &app,
        "POST",
        &format!("/api/claims/{}/moderation", claims[0]),
        Some(&admin),
        Some(json!({ "action": "lock", "verdict": "disputed", "reason": "official correction" })),
    )
    .await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(me(&app, &newbie).await["standing"], "trusted");
    let view = claim(&app, claims[0]).await;
    assert_eq!(view["tally"]["disputed"], 1);
    assert_eq!(view["pending_votes"], 0);
    app.shutdown().await;
}

#[tokio::test]
async fn a_reviewer_who_is_too_young_or_disagrees_too_often_does_not_earn_standing() {
    let mut app =
        spawn_app_with(|c| c.earn = EarnRule { votes: 1, max_disagree: 0, min_age_ms: 3_600_000 }).await;
    let admin = register_admin(&app, "boss").await;
    let (_, claims) = article(&app, &admin).await;
    let s = add_source(&app, &admin, claims[0]).await;
    let mut trusted = Vec::new();
    for name in ["ana", "ben", "cyd"] {
        let cookie = register(&app, name).await;
        set_standing(&app, &admin, &cookie, "trusted").await;
        trusted.push(cookie);
    }
    let young = register(&app, "young").await;
    vote(&app, &young, claims[0], "verified", s).await;
    for t in &trusted {
        vote(&app, t, claims[0], "verified", s).await;
    }
    assert_eq!(me(&app, &young).await["standing"], "new", "an hour has not passed");

    // Old enough, but with a disagreement on record: still new (at most 0 allowed here).
    sqlx::query("UPDATE users SET created_at = 0").execute(app.state.db.pool()).await.unwrap();
    let s1 = add_source(&app, &admin, claims[1]).await;
    let s2 = add_source(&app, &admin, claims[2]).await;
    vote(&app, &young, claims[1], "disputed", s1).await;
    vote(&app, &young, claims[2], "verified", s2).await;
    for t in &trusted {
        vote(&app, t, claims[1], "verified", s1).await;
    }
    assert_eq!(me(&app, &young).await["standing"], "new", "one vote disagreed with its verdict");
    app.shutdown().await;
}

#[tokio::test]
async fn invitations_gate_registration_and_say_why_they_are_refused() {
    let mut app = spawn_app_with(|c| c.registration = Registration::Invite).await;
    // The first admin comes from the command line (here: the service it calls).
    claimcheck::server::service::accounts::create_user(
        &app.state.db,
        &app.state.passwords,
        "boss",
        PASSWORD,
        claimcheck::model::Role::Admin,
        false,
    )
    .await
    .unwrap();
    let (status, login) = call(
        &app,
        "POST",
        "/api/auth/login",
        None,
        Some(json!({ "username": "boss", "password": PASSWORD })),
    )
    .await;
    assert_eq!(status, 200, "{login}");
    assert_eq!(login["standing"], "trusted");
    let admin = sign_in(&app, "boss", PASSWORD).await;

    let reg = |name: &str, invite: Option<&str>| {
        let mut body = json!({ "username": name, "password": PASSWORD });
        if let Some(t) = invite {
            body["invite"] = json!(t);
        }
        body
    };
    let (status, e) = call(&app, "POST", "/api/auth/register", None, Some(reg("walkin", None))).await;
    assert_eq!(status, 403);
    assert!(e["error"].as_str().unwrap().contains("invitation"), "{e}");

    let (status, inv) = call(&app, "POST", "/api/invites", Some(&admin), Some(json!({}))).await;
    assert_eq!(status, 201, "{inv}");
    let token = inv["token"].as_str().unwrap().to_string();
    assert!(inv["url"].as_str().unwrap().ends_with(&format!("/register?invite={token}")), "{inv}");
    assert!(inv["expires_at"].is_string());
    assert_eq!(inv["standing"], "new");

    let (status, u) =
        call(&app, "POST", "/api/auth/register", None, Some(reg("invited", Some(&token)))).await;
    assert_eq!(status, 201, "{u}");
    assert_eq!(u["standing"], "new");
    let (status, e) = call(&app, "POST", "/api/auth/register", None, Some(reg("again", Some(&token)))).await;
    assert_eq!(status, 403);
    assert!(e["error"].as_str().unwrap().contains("already been used"), "{e}");
    let (status, e) = call(&app, "POST", "/api/auth/register", None, Some(reg("guess", Some("nope")))).await;
    assert_eq!(status, 403);
    assert!(e["error"].as_str().unwrap().contains("does not exist"), "{e}");

    // A trusted invitation, revoked before use.
    let (_, inv) =
        call(&app, "POST", "/api/invites", Some(&admin), Some(json!({ "standing": "trusted" }))).await;
    let revoked = inv["token"].as_str().unwrap().to_string();
    let (status, r) = call(&app, "DELETE", &format!("/api/invites/{revoked}"), Some(&admin), None).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["state"], "revoked");
    let (status, e) = call(&app, "POST", "/api/auth/register", None, Some(reg("late", Some(&revoked)))).await;
    assert_eq!(status, 403);
    assert!(e["error"].as_str().unwrap().contains("revoked"), "{e}");
    let (status, _) = call(&app, "DELETE", &format!("/api/invites/{revoked}"), Some(&admin), None).await;
    assert_eq!(status, 409);

    // An expired one.
    let (_, inv) = call(
        &app,
        "POST",
        "/api/invites",
        Some(&admin),
        Some(json!({ "standing": "trusted", "expires_hours": 1 })),
    )
    .await;
    let expired = inv["token"].as_str().unwrap().to_string();
    sqlx::query("UPDATE invitations SET expires_at = 1 WHERE token = $1")
        .bind(&expired)
        .execute(app.state.db.pool())
        .await
        .unwrap();
    let (status, e) = call(&app, "POST", "/api/auth/register", None, Some(reg("slow", Some(&expired)))).await;
    assert_eq!(status, 403);
    assert!(e["error"].as_str().unwrap().contains("expired"), "{e}");

    // A trusted invitation makes a trusted reviewer.
    let (_, inv) =
        call(&app, "POST", "/api/invites", Some(&admin), Some(json!({ "standing": "trusted" }))).await;
    let (status, u) =
        call(&app, "POST", "/api/auth/register", None, Some(reg("colleague", inv["token"].as_str()))).await;
    assert_eq!(status, 201);
    assert_eq!(u["standing"], "trusted");

    let (status, list) = call(&app, "GET", "/api/invites", Some(&admin), None).await;
    assert_eq!(status, 200);
    let states: Vec<&str> = list.as_array().unwrap().iter().map(|i| i["state"].as_str().unwrap()).collect();
    assert_eq!(states.len(), 4);
    for s in ["used", "revoked", "expired"] {
        assert!(states.contains(&s), "{states:?}");
    }
    let (_, log) =
        call(&app, "GET", "/api/moderation/audit?target_type=invitation", Some(&admin), None).await;
    let actions: Vec<&str> =
        log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "invite.create").count(), 4, "{actions:?}");
    assert_eq!(actions.iter().filter(|a| **a == "invite.use").count(), 2, "{actions:?}");
    assert_eq!(actions.iter().filter(|a| **a == "invite.revoke").count(), 1, "{actions:?}");
    app.shutdown().await;
}

#[tokio::test]
async fn closed_registration_refuses_everyone_but_admins_still_create_accounts() {
    let mut app = spawn_app_with(|c| c.registration = Registration::Closed).await;
    let (status, e) = call(
        &app,
        "POST",
        "/api/auth/register",
        None,
        Some(json!({ "username": "walkin", "password": PASSWORD })),
    )
    .await;
    assert_eq!(status, 403);
    assert!(e["error"].as_str().unwrap().contains("closed"), "{e}");
    let u = claimcheck::server::service::accounts::create_user(
        &app.state.db,
        &app.state.passwords,
        "member",
        PASSWORD,
        claimcheck::model::Role::Reviewer,
        true,
    )
    .await
    .unwrap();
    assert_eq!(u.standing, claimcheck::values::Standing::Trusted);

    // An admin creates an account from the accounts page (its server function), password shown once.
    let admin = register_admin_closed(&app).await;
    let r = reqwest::Client::new()
        .post(app.url("/rpc/create_account"))
        .header("cookie", &admin)
        .form(&[("username", "guest"), ("trusted", "on")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let created: Value = r.json().await.unwrap();
    assert_eq!(created["standing"], "trusted");
    let password = created["password"].as_str().unwrap();
    let (status, me) = call(
        &app,
        "POST",
        "/api/auth/login",
        None,
        Some(json!({ "username": "guest", "password": password })),
    )
    .await;
    assert_eq!(status, 200, "{me}");
    // Reviewers cannot.
    let member = sign_in(&app, "member", PASSWORD).await;
    let r = reqwest::Client::new()
        .post(app.url("/rpc/create_account"))
        .header("cookie", &member)
        .form(&[("username", "sneaky")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    app.shutdown().await;
}

#[tokio::test]
async fn standing_changes_racing_a_vote_storm_lose_no_vote() {
    let mut app = spawn_app_with(defaults()).await;
    let admin = register_admin(&app, "boss").await;
    let (_, claims) = article(&app, &admin).await;
    let mut sources = Vec::new();
    for c in &claims {
        sources.push(add_source(&app, &admin, *c).await);
    }
    let mut voters = Vec::new();
    for i in 0..8 {
        let cookie = register(&app, &format!("storm{i}")).await;
        let id = me(&app, &cookie).await["id"].as_i64().unwrap();
        voters.push((id, cookie));
    }
    let mut tasks = Vec::new();
    for (i, (_, cookie)) in voters.iter().enumerate() {
        let (base, cookie, claims, sources) =
            (app.base.clone(), cookie.clone(), claims.clone(), sources.clone());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            for round in 0..10 {
                for (k, c) in claims.iter().enumerate() {
                    let verdict = if (i + round + k) % 3 == 0 { "disputed" } else { "verified" };
                    let r = if (i + round + k) % 5 == 4 {
                        client
                            .delete(format!("{base}/api/claims/{c}/votes"))
                            .header("cookie", &cookie)
                            .send()
                            .await
                    } else {
                        client
                            .post(format!("{base}/api/claims/{c}/votes"))
                            .header("cookie", &cookie)
                            .json(&json!({ "verdict": verdict, "source_ids": [sources[k]] }))
                            .send()
                            .await
                    };
                    let status = r.unwrap().status().as_u16();
                    assert!(status == 200 || status == 404, "vote answered {status}");
                }
            }
        }));
    }
    // Three admins' worth of standing changes at once, each flipping every voter.
    for lane in 0..3 {
        let (base, admin_cookie) = (app.base.clone(), admin.clone());
        let ids = voters.iter().map(|v| v.0).collect::<Vec<_>>();
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            for round in 0..8 {
                for (j, id) in ids.iter().enumerate() {
                    let standing = if (round + j + lane) % 2 == 0 { "trusted" } else { "new" };
                    let r = client
                        .post(format!("{base}/api/users/{id}/standing"))
                        .header("cookie", &admin_cookie)
                        .json(&json!({ "standing": standing }))
                        .send()
                        .await
                        .unwrap();
                    let status = r.status().as_u16();
                    assert!(status == 200 || status == 409, "standing answered {status}");
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    // Every claim's tally is exactly its counted votes, the pending count its other votes, and the
    // stored status the one the rule gives.
    let rule = app.state.config.rule;
    for c in &claims {
        let detail = claim_detail(&app, *c).await;
        let votes = detail["votes"].as_array().unwrap();
        let count = |verdict: &str, counted: bool| {
            votes.iter().filter(|v| v["verdict"] == verdict && v["counted"] == counted).count() as i64
        };
        let tally = &detail["claim"]["tally"];
        assert_eq!(tally["verified"], count("verified", true), "{detail}");
        assert_eq!(tally["disputed"], count("disputed", true), "{detail}");
        assert_eq!(tally["not_a_claim"], count("not_a_claim", true), "{detail}");
        let pending = votes.iter().filter(|v| v["counted"] == false).count() as i64;
        assert_eq!(detail["claim"]["pending_votes"], pending, "{detail}");
        let t = claimcheck::consensus::Tally {
            verified: count("verified", true),
            disputed: count("disputed", true),
            not_a_claim: count("not_a_claim", true),
        };
        assert_eq!(
            detail["claim"]["status"],
            claimcheck::consensus::evaluate(t, &rule).0.as_str(),
            "{detail}"
        );
    }
    app.shutdown().await;
}

#[tokio::test]
async fn the_moderation_queue_flags_a_brigade_and_one_action_disables_it() {
    let mut app = spawn_app_with(defaults()).await;
    let admin = register_admin(&app, "boss").await;
    let (_, claims) = article(&app, &admin).await;
    let c = claims[0];
    let s = add_source(&app, &admin, c).await;
    let mut socks = Vec::new();
    for name in ["sock1", "sock2", "sock3"] {
        let cookie = register(&app, name).await;
        vote(&app, &cookie, c, "disputed", s).await;
        socks.push(cookie);
    }
    let (status, q) = call(&app, "GET", "/api/moderation/queue", Some(&admin), None).await;
    assert_eq!(status, 200);
    let brigades = q["brigades"].as_array().unwrap();
    let entry =
        brigades.iter().find(|b| b["claim_id"] == c && b["kind"] == "same_way_burst").expect("a burst entry");
    assert_eq!(entry["verdict"], "disputed");
    let mut names: Vec<&str> =
        entry["accounts"].as_array().unwrap().iter().map(|a| a["username"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["sock1", "sock2", "sock3"]);
    let ids: Vec<i64> =
        entry["accounts"].as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect();

    let (status, e) = call(
        &app,
        "POST",
        "/api/moderation/brigades/disable",
        Some(&admin),
        Some(json!({ "user_ids": ids })),
    )
    .await;
    assert_eq!(status, 422, "a reason is required: {e}");
    let (status, out) = call(
        &app,
        "POST",
        "/api/moderation/brigades/disable",
        Some(&admin),
        Some(json!({ "user_ids": ids, "reason": "sock puppets" })),
    )
    .await;
    assert_eq!(status, 200, "{out}");
    assert!(out.as_array().unwrap().iter().all(|u| u["disabled"] == true && u["votes_excluded"] == true));
    assert_eq!(claim(&app, c).await["pending_votes"], 0);
    let (status, _) = call(&app, "GET", "/api/auth/me", Some(&socks[0]), None).await;
    assert_eq!(status, 401, "their sessions ended");
    let (_, q) = call(&app, "GET", "/api/moderation/queue", Some(&admin), None).await;
    assert!(q["brigades"].as_array().unwrap().is_empty(), "{q}");
    let (_, log) = call(&app, "GET", "/api/moderation/audit?action=user.disable", Some(&admin), None).await;
    assert_eq!(log["total"], 3);
    assert_eq!(log["items"][0]["reason"], "sock puppets");
    app.shutdown().await;
}

#[tokio::test]
async fn new_accounts_outnumbering_and_opposing_counted_votes_are_flagged() {
    let mut app = spawn_app_with(defaults()).await;
    let admin = register_admin(&app, "boss").await;
    let (_, claims) = article(&app, &admin).await;
    let c = claims[1];
    let s = add_source(&app, &admin, c).await;
    vote(&app, &admin, c, "verified", s).await;
    // Two new accounts, too few for a burst, oppose the one counted vote.
    for name in ["late1", "late2"] {
        let cookie = register(&app, name).await;
        vote(&app, &cookie, c, "disputed", s).await;
    }
    let (_, q) = call(&app, "GET", "/api/moderation/queue", Some(&admin), None).await;
    let entry =
        q["brigades"].as_array().unwrap().iter().find(|b| b["claim_id"] == c).expect("an entry").clone();
    assert_eq!(entry["kind"], "outnumber_counted");
    assert_eq!(entry["accounts"].as_array().unwrap().len(), 2);
    app.shutdown().await;
}

/// Who may call the new endpoints: anonymous, new reviewer, trusted reviewer, disabled, admin.
#[tokio::test]
async fn authorization_matrix_of_the_standing_endpoints() {
    let mut app = spawn_app_with(defaults()).await;
    let admin = register_admin(&app, "boss").await;
    let newbie = register(&app, "newbie").await;
    let trusted = register(&app, "trusty").await;
    set_standing(&app, &admin, &trusted, "trusted").await;
    let disabled = register(&app, "gone").await;
    claimcheck::server::service::accounts::set_disabled_by_name(
        &app.state.db,
        &app.state.config.rule,
        "gone",
        true,
        "test",
    )
    .await
    .unwrap();
    let target = register(&app, "target").await;
    let target_id = me(&app, &target).await["id"].as_i64().unwrap();
    let callers: [(&str, Option<&str>); 5] = [
        ("anonymous", None),
        ("new", Some(&newbie)),
        ("trusted", Some(&trusted)),
        ("disabled", Some(&disabled)),
        ("admin", Some(&admin)),
    ];

    // (method, path, body, expected per caller). Standing flips each time the admin succeeds, so
    // the body toggles per row instead.
    let mut rows: Vec<(&str, String, Option<Value>, [u16; 5])> = vec![
        ("GET", "/api/invites".into(), None, [401, 403, 403, 401, 200]),
        ("POST", "/api/invites".into(), Some(json!({})), [401, 403, 403, 401, 201]),
        ("GET", "/api/reviewers/trusty".into(), None, [200, 200, 200, 200, 200]),
        (
            "POST",
            format!("/api/users/{target_id}/standing"),
            Some(json!({ "standing": "trusted", "reason": "r" })),
            [401, 403, 403, 401, 200],
        ),
        (
            "POST",
            "/api/moderation/brigades/disable".into(),
            Some(json!({ "user_ids": [target_id], "reason": "r" })),
            // The target is trusted by the row above, so even the admin is refused: 422.
            [401, 403, 403, 401, 422],
        ),
    ];
    for (method, path, body, expected) in rows.drain(..) {
        for (i, (who, cookie)) in callers.iter().enumerate() {
            let (status, out) = call(&app, method, &path, *cookie, body.clone()).await;
            assert_eq!(status, expected[i], "{who} {method} {path}: {out}");
        }
    }
    // The same actions as the accounts page calls them (server functions, form posts). {n} in a
    // body becomes the caller's index, so each caller's request is new.
    let rpc_rows: Vec<(&str, String, [u16; 5])> = vec![
        ("/rpc/list_invites", String::new(), [401, 403, 403, 401, 200]),
        ("/rpc/create_invite", "trusted=on&expires_hours=2".into(), [401, 403, 403, 401, 200]),
        ("/rpc/reviewer_profile", "username=trusty".into(), [200, 200, 200, 200, 200]),
        ("/rpc/reviewer_profile", "username=nobody_here".into(), [404, 404, 404, 404, 404]),
        ("/rpc/create_account", "username=made_{n}&trusted=on".into(), [401, 403, 403, 401, 200]),
        // The target is trusted by now: even the admin is refused.
        ("/rpc/disable_brigade", format!("user_ids={target_id}&reason=r"), [401, 403, 403, 401, 422]),
    ];
    for (path, body, expected) in &rpc_rows {
        for (i, (who, cookie)) in callers.iter().enumerate() {
            let (status, out) = rpc(&app, path, *cookie, &body.replace("{n}", &i.to_string())).await;
            assert_eq!(status, expected[i], "{who} POST {path}: {out}");
        }
    }
    // Revoking needs a token; make one per caller so each row acts on an open invitation.
    for (i, (who, cookie)) in callers.iter().enumerate() {
        let (_, inv) = call(&app, "POST", "/api/invites", Some(&admin), Some(json!({}))).await;
        let token = inv["token"].as_str().unwrap();
        let (status, out) = call(&app, "DELETE", &format!("/api/invites/{token}"), *cookie, None).await;
        assert_eq!(status, [401, 403, 403, 401, 200][i], "{who} DELETE invite: {out}");
        let (_, inv) = call(&app, "POST", "/api/invites", Some(&admin), Some(json!({}))).await;
        let token = inv["token"].as_str().unwrap();
        let (status, out) = rpc(&app, "/rpc/revoke_invite", *cookie, &format!("token={token}")).await;
        assert_eq!(status, [401, 403, 403, 401, 200][i], "{who} /rpc/revoke_invite: {out}");
    }
    app.shutdown().await;
}

/// A server function called as the page's forms call it: a form post.
async fn rpc(app: &TestApp, path: &str, cookie: Option<&str>, form: &str) -> (u16, String) {
    let mut req = reqwest::Client::new()
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(form.to_string());
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let resp = req.send().await.unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap_or_default())
}

#[tokio::test]
async fn hostile_input_to_the_standing_endpoints_gets_a_4xx_that_says_what_to_fix() {
    let mut app = spawn_app_with(defaults()).await;
    let admin = register_admin(&app, "boss").await;
    let admin_id = me(&app, &admin).await["id"].as_i64().unwrap();
    let rev = register(&app, "rev").await;
    let rev_id = me(&app, &rev).await["id"].as_i64().unwrap();
    let long = "x".repeat(10_000);
    // (method, path, body, expected status, expected field)
    type Case<'a> = (&'a str, String, Option<Value>, u16, Option<&'a str>);
    let cases: Vec<Case> = vec![
        (
            "POST",
            format!("/api/users/{rev_id}/standing"),
            Some(json!({ "standing": "root" })),
            422,
            Some("standing"),
        ),
        ("POST", format!("/api/users/{rev_id}/standing"), Some(json!({ "standing": 1 })), 422, Some("body")),
        ("POST", format!("/api/users/{rev_id}/standing"), Some(json!({})), 422, Some("body")),
        ("POST", format!("/api/users/{rev_id}/standing"), Some(json!({ "standing": "new" })), 409, None),
        (
            "POST",
            format!("/api/users/{rev_id}/standing"),
            Some(json!({ "standing": "trusted", "reason": long })),
            422,
            Some("reason"),
        ),
        (
            "POST",
            format!("/api/users/{admin_id}/standing"),
            Some(json!({ "standing": "new" })),
            422,
            Some("standing"),
        ),
        ("POST", "/api/users/999999/standing".into(), Some(json!({ "standing": "trusted" })), 404, None),
        ("POST", "/api/users/abc/standing".into(), Some(json!({ "standing": "trusted" })), 404, None),
        ("POST", "/api/users/-1/standing".into(), Some(json!({ "standing": "trusted" })), 404, None),
        ("POST", "/api/invites".into(), Some(json!({ "standing": "admin" })), 422, Some("standing")),
        ("POST", "/api/invites".into(), Some(json!({ "expires_hours": 0 })), 422, Some("expires_hours")),
        ("POST", "/api/invites".into(), Some(json!({ "expires_hours": -5 })), 422, Some("expires_hours")),
        (
            "POST",
            "/api/invites".into(),
            Some(json!({ "expires_hours": 9_000_000_000_000_i64 })),
            422,
            Some("expires_hours"),
        ),
        ("POST", "/api/invites".into(), Some(json!({ "expires_hours": "soon" })), 422, Some("body")),
        ("POST", "/api/invites".into(), Some(json!([1, 2])), 422, Some("body")),
        ("DELETE", format!("/api/invites/{long}"), None, 404, None),
        ("DELETE", "/api/invites/%E2%80%AE%00".into(), None, 404, None),
        ("DELETE", "/api/invites/'%20OR%201=1--".into(), None, 404, None),
        ("GET", format!("/api/reviewers/{long}"), None, 404, None),
        ("GET", "/api/reviewers/%2E%2E%2Fetc".into(), None, 404, None),
        ("GET", "/api/reviewers/nobody".into(), None, 404, None),
        (
            "POST",
            "/api/moderation/brigades/disable".into(),
            Some(json!({ "user_ids": [], "reason": "r" })),
            422,
            Some("user_ids"),
        ),
        (
            "POST",
            "/api/moderation/brigades/disable".into(),
            Some(json!({ "user_ids": (1..=500).collect::<Vec<i64>>(), "reason": "r" })),
            422,
            Some("user_ids"),
        ),
        (
            "POST",
            "/api/moderation/brigades/disable".into(),
            Some(json!({ "user_ids": [admin_id], "reason": "r" })),
            422,
            Some("user_ids"),
        ),
        (
            "POST",
            "/api/moderation/brigades/disable".into(),
            Some(json!({ "user_ids": [424242], "reason": "r" })),
            422,
            Some("user_ids"),
        ),
        (
            "POST",
            "/api/moderation/brigades/disable".into(),
            Some(json!({ "user_ids": ["1"], "reason": "r" })),
            422,
            Some("body"),
        ),
    ];
    for (method, path, body, want, field) in cases {
        let (status, out) = call(&app, method, &path, Some(&admin), body.clone()).await;
        let shown: String = path.chars().take(60).collect();
        assert_eq!(status, want, "{method} {shown} {body:?}: {out}");
        assert!(out["error"].as_str().is_some_and(|e| !e.is_empty()), "{method} {shown}: {out}");
        if let Some(f) = field {
            assert_eq!(out["field"], f, "{method} {shown}: {out}");
        }
    }
    // Registration with a hostile invitation: 403 that says so, or 422 for the wrong JSON type.
    for (invite, want) in
        [(json!(long), 403), (json!("'; DROP TABLE users; --"), 403), (json!(7), 422), (json!(["a"]), 422)]
    {
        let (status, out) = call(
            &app,
            "POST",
            "/api/auth/register",
            None,
            Some(json!({ "username": "hostile", "password": PASSWORD, "invite": invite })),
        )
        .await;
        assert_eq!(status, want, "{out}");
        assert!(out["error"].is_string(), "{out}");
    }
    // Nothing above created the account.
    let (status, _) = call(&app, "GET", "/api/reviewers/hostile", None, None).await;
    assert_eq!(status, 404);
    app.shutdown().await;
}

/// With registration closed, the first admin comes from the command line (the service it calls).
async fn register_admin_closed(app: &TestApp) -> String {
    claimcheck::server::service::accounts::create_user(
        &app.state.db,
        &app.state.passwords,
        "closedboss",
        PASSWORD,
        claimcheck::model::Role::Admin,
        false,
    )
    .await
    .unwrap();
    sign_in(app, "closedboss", PASSWORD).await
}
