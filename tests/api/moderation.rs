//! Moderation over HTTP: each admin action, its effect on public views, tallies and status, the
//! queue, and the append-only audit log.

use crate::helpers::{
    call, claim_detail, claim_ids, form_post_back, get_page, is_postgres, register, register_admin,
    spawn_app, submit_article, TestApp, BORDER as ARTICLE,
};
use serde_json::{json, Value};

struct World {
    app: TestApp,
    admin: String,
    ana: String,
    article: i64,
    claims: Vec<i64>,
}

async fn world() -> World {
    let app = spawn_app().await;
    let admin = register_admin(&app, "boss").await;
    let ana = register(&app, "ana").await;
    let a = submit_article(&app, &ana, "Border shootout", ARTICLE).await;
    let claims = claim_ids(&a);
    assert!(claims.len() >= 4, "the fixture gives at least four claims");
    World { app, admin, ana, article: a["id"].as_i64().unwrap(), claims }
}

async fn source(w: &World, cookie: &str, claim: i64, url: &str) -> i64 {
    let (s, v) = call(
        &w.app,
        "POST",
        &format!("/api/claims/{claim}/sources"),
        Some(cookie),
        Some(json!({ "url": url, "stance": "supports" })),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    v["id"].as_i64().unwrap()
}

async fn vote(w: &World, cookie: &str, claim: i64, verdict: &str, sources: &[i64]) -> (u16, Value) {
    call(
        &w.app,
        "POST",
        &format!("/api/claims/{claim}/votes"),
        Some(cookie),
        Some(json!({ "verdict": verdict, "source_ids": sources })),
    )
    .await
}

async fn moderate(w: &World, claim: i64, body: Value) -> (u16, Value) {
    call(&w.app, "POST", &format!("/api/claims/{claim}/moderation"), Some(&w.admin), Some(body)).await
}

async fn audit(w: &World, query: &str) -> Vec<Value> {
    let (s, page) =
        call(&w.app, "GET", &format!("/api/moderation/audit?{query}"), Some(&w.admin), None).await;
    assert_eq!(s, 200, "{page}");
    page["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_flagged_claim_shows_in_the_queue_and_hiding_it_takes_it_out_of_public_view_but_keeps_its_votes() {
    let mut w = world().await;
    let bo = register(&w.app, "bob").await;
    let c = w.claims[0];
    let s = source(&w, &w.ana, c, "https://evidence.example/a").await;
    assert_eq!(vote(&w, &w.ana, c, "verified", &[s]).await.0, 200);
    let flag = json!({ "reason": "duplicate" });
    assert_eq!(
        call(&w.app, "POST", &format!("/api/claims/{c}/flags"), Some(&w.ana), Some(flag)).await.0,
        201
    );
    let flag = json!({ "reason": "other", "details": "reads like an advert" });
    assert_eq!(call(&w.app, "POST", &format!("/api/claims/{c}/flags"), Some(&bo), Some(flag)).await.0, 201);

    let (_, q) = call(&w.app, "GET", "/api/moderation/queue", Some(&w.admin), None).await;
    let item = &q["flagged"][0];
    assert_eq!(item["target_type"], "claim");
    assert_eq!(item["target_id"], c);
    assert_eq!(item["article_id"], w.article);
    assert_eq!(item["flags"].as_array().unwrap().len(), 2);
    assert_eq!(item["reasons"].as_array().unwrap().len(), 2, "{item}");

    // A reason is required.
    let (s422, e) = moderate(&w, c, json!({ "action": "hide" })).await;
    assert_eq!(s422, 422, "{e}");
    assert_eq!(e["field"], "reason");

    let (s200, hidden) =
        moderate(&w, c, json!({ "action": "hide", "reason": "duplicate of the next claim" })).await;
    assert_eq!(s200, 200, "{hidden}");
    assert_eq!(hidden["visibility"], "hidden");
    assert_eq!(hidden["tally"]["verified"], 1, "votes are kept");

    // Gone for readers and reviewers: article, claim, export, list counts.
    let (_, public) = call(&w.app, "GET", &format!("/api/articles/{}", w.article), None, None).await;
    assert!(!claim_ids(&public).contains(&c));
    assert_eq!(call(&w.app, "GET", &format!("/api/claims/{c}"), None, None).await.0, 404);
    assert_eq!(call(&w.app, "GET", &format!("/api/claims/{c}"), Some(&bo), None).await.0, 404);
    let (_, export) =
        call(&w.app, "GET", &format!("/api/articles/{}/export?format=json", w.article), None, None).await;
    assert!(export["claims"].as_array().unwrap().iter().all(|x| x["id"] != c));
    let (_, list) = call(&w.app, "GET", "/api/articles", None, None).await;
    assert_eq!(list["items"][0]["claim_count"], (w.claims.len() - 1) as i64);
    let (_, page) = get_page(&w.app, &format!("/articles/{}", w.article), None).await;
    assert!(!page.contains(&format!("data-claim=\"{c}\"")), "the rendered page leaves the hidden claim out");
    // Nobody can vote on it now, and a reviewer is not told it exists (404, not 409).
    assert_eq!(vote(&w, &bo, c, "not_a_claim", &[]).await.0, 404);

    // Admins still see it, marked.
    let (_, admin_view) =
        call(&w.app, "GET", &format!("/api/articles/{}", w.article), Some(&w.admin), None).await;
    assert!(claim_ids(&admin_view).contains(&c));
    // The flags were resolved with the action: the queue is empty.
    let (_, q) = call(&w.app, "GET", "/api/moderation/queue", Some(&w.admin), None).await;
    assert!(q["flagged"].as_array().unwrap().is_empty(), "{q}");

    let entries = audit(&w, "action=claim.hide").await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["actor"], "boss");
    assert_eq!(entries[0]["target_type"], "claim");
    assert_eq!(entries[0]["target_id"], c);
    assert_eq!(entries[0]["reason"], "duplicate of the next claim");
    assert_eq!(entries[0]["before"]["visibility"], "visible");
    assert_eq!(entries[0]["after"]["visibility"], "hidden");

    // Restore brings it back with its votes.
    let (_, restored) = moderate(&w, c, json!({ "action": "restore" })).await;
    assert_eq!(restored["visibility"], "visible");
    let (_, public) = call(&w.app, "GET", &format!("/api/claims/{c}"), None, None).await;
    assert_eq!(public["claim"]["tally"]["verified"], 1);
    w.app.shutdown().await;
}

#[tokio::test]
async fn removing_is_a_soft_delete_and_repeating_an_action_is_a_conflict() {
    let mut w = world().await;
    let c = w.claims[1];
    assert_eq!(moderate(&w, c, json!({ "action": "remove", "reason": "not in the article" })).await.0, 200);
    assert_eq!(moderate(&w, c, json!({ "action": "remove", "reason": "again" })).await.0, 409);
    let (_, admin_view) =
        call(&w.app, "GET", &format!("/api/articles/{}", w.article), Some(&w.admin), None).await;
    assert!(!claim_ids(&admin_view).contains(&c), "removed claims leave even the admin's article view");
    let (s, kept) = call(&w.app, "GET", &format!("/api/claims/{c}"), Some(&w.admin), None).await;
    assert_eq!(s, 200, "the row is kept");
    assert_eq!(kept["claim"]["visibility"], "removed");
    assert_eq!(moderate(&w, c, json!({ "action": "restore" })).await.0, 200);
    assert_eq!(moderate(&w, c, json!({ "action": "explode", "reason": "x" })).await.0, 422);
    assert_eq!(moderate(&w, 999_999, json!({ "action": "hide", "reason": "x" })).await.0, 404);
    w.app.shutdown().await;
}

#[tokio::test]
async fn a_locked_claim_shows_the_editorial_verdict_whatever_the_votes_until_unlocked() {
    let mut w = world().await;
    let c = w.claims[0];
    let s = source(&w, &w.ana, c, "https://evidence.example/b").await;
    let mut reviewers = vec![w.ana.clone()];
    for n in ["rev1", "rev2"] {
        reviewers.push(register(&w.app, n).await);
    }
    for r in &reviewers {
        assert_eq!(vote(&w, r, c, "verified", &[s]).await.0, 200);
    }
    let (_, before) = call(&w.app, "GET", &format!("/api/claims/{c}"), None, None).await;
    assert_eq!(before["claim"]["status"], "verified");

    assert_eq!(
        moderate(&w, c, json!({ "action": "lock", "reason": "x" })).await.0,
        422,
        "a verdict is needed"
    );
    assert_eq!(
        moderate(&w, c, json!({ "action": "lock", "verdict": "verified" })).await.0,
        422,
        "and a reason"
    );
    let (s200, locked) = moderate(
        &w,
        c,
        json!({ "action": "lock", "verdict": "disputed", "reason": "the ministry retracted it" }),
    )
    .await;
    assert_eq!(s200, 200, "{locked}");
    assert_eq!(locked["status"], "disputed");
    assert_eq!(locked["crowd_status"], "verified");
    assert_eq!(locked["locked"], true);
    assert_eq!(locked["editorial"]["verdict"], "disputed");
    assert_eq!(locked["editorial"]["reason"], "the ministry retracted it");
    assert_eq!(locked["editorial"]["by"], "boss");

    // More crowd votes do not move the status a reader sees.
    let r3 = register(&w.app, "rev3").await;
    let (_, after_vote) = vote(&w, &r3, c, "verified", &[s]).await;
    assert_eq!(after_vote["status"], "disputed");
    assert_eq!(after_vote["tally"]["verified"], 4);
    let (_, list) = call(&w.app, "GET", "/api/articles?status=disputed", None, None).await;
    assert_eq!(list["total"], 1, "the list filters on the editorial status");
    let (_, export) =
        call(&w.app, "GET", &format!("/api/articles/{}/export?format=json", w.article), None, None).await;
    let exported = export["claims"].as_array().unwrap().iter().find(|x| x["id"] == c).unwrap().clone();
    assert_eq!(exported["status"], "disputed");
    assert_eq!(exported["editorial"], true);

    let (_, unlocked) = moderate(&w, c, json!({ "action": "unlock" })).await;
    assert_eq!(unlocked["status"], "verified");
    assert_eq!(unlocked["locked"], false);
    assert_eq!(moderate(&w, c, json!({ "action": "unlock" })).await.0, 409);
    w.app.shutdown().await;
}

#[tokio::test]
async fn editing_a_statement_keeps_the_revision_in_the_history_and_the_audit_log() {
    let mut w = world().await;
    let c = w.claims[2];
    let (_, old) = call(&w.app, "GET", &format!("/api/claims/{c}"), None, None).await;
    let old_statement = old["claim"]["statement"].as_str().unwrap().to_string();
    assert_eq!(moderate(&w, c, json!({ "action": "edit" })).await.0, 422, "edit needs a statement");
    let (s, edited) =
        moderate(&w, c, json!({ "action": "edit", "statement": "  Four armed men crossed the border.  " }))
            .await;
    assert_eq!(s, 200, "{edited}");
    assert_eq!(edited["statement"], "Four armed men crossed the border.");
    let (_, detail) = call(&w.app, "GET", &format!("/api/claims/{c}"), None, None).await;
    let history = detail["claim"]["statement"].clone();
    assert_eq!(history, "Four armed men crossed the border.");
    assert!(detail["history"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["action"] == "edited" && h["username"] == "boss"));
    let entries = audit(&w, "action=claim.edit").await;
    assert_eq!(entries[0]["before"]["statement"], old_statement.as_str());
    assert_eq!(entries[0]["after"]["statement"], "Four armed men crossed the border.");
    w.app.shutdown().await;
}

#[tokio::test]
async fn merging_moves_sources_and_votes_and_leaves_exactly_one_vote_per_reviewer() {
    let mut w = world().await;
    let (dup, into) = (w.claims[0], w.claims[1]);
    let both = register(&w.app, "both").await;
    let only_dup = register(&w.app, "onlydup").await;
    // The same URL on both claims, and one only on the duplicate.
    let shared_on_dup = source(&w, &w.ana, dup, "https://evidence.example/shared").await;
    let extra_on_dup = source(&w, &w.ana, dup, "https://evidence.example/extra").await;
    let shared_on_into = source(&w, &w.ana, into, "https://evidence.example/shared").await;
    assert_eq!(vote(&w, &both, dup, "disputed", &[shared_on_dup]).await.0, 200);
    assert_eq!(vote(&w, &both, into, "verified", &[shared_on_into]).await.0, 200);
    assert_eq!(vote(&w, &only_dup, dup, "verified", &[shared_on_dup, extra_on_dup]).await.0, 200);
    assert_eq!(vote(&w, &w.ana, into, "verified", &[shared_on_into]).await.0, 200);

    let merge_path = format!("/api/claims/{dup}/merge");
    let merge = |body: Value| call(&w.app, "POST", &merge_path, Some(&w.admin), Some(body));
    assert_eq!(merge(json!({ "into": into })).await.0, 422, "a reason is required");
    assert_eq!(merge(json!({ "into": dup, "reason": "x" })).await.0, 422, "not into itself");
    assert_eq!(
        merge(json!({ "into": 999_999, "reason": "x" })).await.0,
        422,
        "not into a claim that does not exist"
    );
    let (s, merged) = merge(json!({ "into": into, "reason": "same statement twice" })).await;
    assert_eq!(s, 200, "{merged}");
    assert_eq!(merged["id"], into);
    assert_eq!(merged["tally"]["verified"], 3, "both, onlydup and ana: one vote each: {merged}");
    assert_eq!(merged["tally"]["disputed"], 0, "the reviewer who voted on both keeps the target's vote");
    assert_eq!(merged["status"], "verified");

    let (_, detail) = call(&w.app, "GET", &format!("/api/claims/{into}"), None, None).await;
    let mut voters: Vec<String> = detail["votes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["username"].as_str().unwrap().to_string())
        .collect();
    voters.sort();
    assert_eq!(voters, ["ana", "both", "onlydup"]);
    let urls: Vec<&str> =
        detail["sources"].as_array().unwrap().iter().map(|s| s["url"].as_str().unwrap()).collect();
    assert_eq!(urls.len(), 2, "the shared URL once, plus the moved one: {urls:?}");
    let moved = detail["votes"].as_array().unwrap().iter().find(|v| v["username"] == "onlydup").unwrap();
    let mut cited: Vec<i64> =
        moved["source_ids"].as_array().unwrap().iter().map(|i| i.as_i64().unwrap()).collect();
    cited.sort();
    let mut expected = vec![shared_on_into, extra_on_dup];
    expected.sort();
    assert_eq!(cited, expected, "citations follow their sources to the target");

    let (_, gone) = call(&w.app, "GET", &format!("/api/claims/{dup}"), Some(&w.admin), None).await;
    assert_eq!(gone["claim"]["visibility"], "removed");
    assert_eq!(gone["claim"]["merged_into"], into);
    assert_eq!(gone["claim"]["tally"]["verified"], 0);
    let (s, again) = merge(json!({ "into": into, "reason": "again" })).await;
    assert_eq!(s, 409);
    assert!(
        again["error"].as_str().unwrap().contains(&format!("already merged into claim {into}")),
        "{again}"
    );
    for cited in [&[shared_on_into][..], &[]] {
        // With no source cited too: "add a source first" would send the reviewer to a dead end.
        let (s, e) = vote(&w, &both, dup, "verified", cited).await;
        assert_eq!(s, 404, "{e}");
        assert!(e["error"].as_str().unwrap().contains(&format!("merged into claim {into}")), "{e}");
    }
    // Every change says where it went, to admins (who can see the merged claim) and readers alike.
    let changes = [
        ("votes", Some(&w.admin), json!({ "verdict": "not_a_claim" })),
        ("sources", Some(&w.admin), json!({ "url": "https://stats.example/late", "stance": "context" })),
        ("flags", Some(&w.admin), json!({ "reason": "duplicate" })),
        ("requests", None, json!({})),
    ];
    for (what, cookie, body) in changes {
        let path = format!("/api/claims/{dup}/{what}");
        let (s, e) = call(&w.app, "POST", &path, cookie.map(String::as_str), Some(body)).await;
        assert_eq!(s, 404, "{what}: {e}");
        assert!(e["error"].as_str().unwrap().contains(&format!("merged into claim {into}")), "{what}: {e}");
    }
    let entries = audit(&w, &format!("action=claim.merge&target_id={dup}")).await;
    assert_eq!(entries[0]["after"]["moved_votes"], 1);
    assert_eq!(entries[0]["after"]["dropped_duplicate_votes"], 1);

    // On the article page, a link to the duplicate opens the claim it was merged into.
    let (s, page) = get_page(&w.app, &format!("/articles/{}?claim={dup}", w.article), None).await;
    assert_eq!(s, 200);
    assert!(page.contains(r#"data-testid="claim-merged""#), "{page}");
    assert!(
        page.contains(&format!(r#"href="/claims/{into}" class="permalink""#)),
        "its panel is open: {page}"
    );
    // The duplicate's page (its link lives on in exports) opens the claim it was merged into;
    // the API keeps answering 404 for it, naming that claim.
    let (s, page) = get_page(&w.app, &format!("/claims/{dup}"), None).await;
    assert_eq!(s, 200);
    assert!(page.contains(&format!("Claim #{dup} was merged into this one")), "{page}");
    assert!(
        page.contains(&format!("href=\"/articles/{}?claim={into}\"", w.article)),
        "the page is the target's"
    );
    let (s, e) = call(&w.app, "GET", &format!("/api/claims/{dup}"), None, None).await;
    assert_eq!(s, 404);
    assert!(e["error"].as_str().unwrap().contains(&format!("merged into claim {into}")), "{e}");
    // Admins see the merged claim itself, with a link on.
    let (_, admin_page) = get_page(&w.app, &format!("/claims/{dup}"), Some(&w.admin)).await;
    assert!(admin_page.contains(&format!("href=\"/claims/{into}\"")), "{admin_page}");
    assert!(!admin_page.contains("was merged into this one"));
    w.app.shutdown().await;
}

#[tokio::test]
async fn claims_of_another_article_cannot_be_merged() {
    let mut w = world().await;
    let (_, other) = call(
        &w.app,
        "POST",
        "/api/articles",
        Some(&w.ana),
        Some(json!({ "title": "Other", "body": "The dam is 120 m tall, engineers said on Friday." })),
    )
    .await;
    let other_claim = other["claims"][0]["id"].as_i64().unwrap();
    let (s, e) = call(
        &w.app,
        "POST",
        &format!("/api/claims/{}/merge", w.claims[0]),
        Some(&w.admin),
        Some(json!({ "into": other_claim, "reason": "dup" })),
    )
    .await;
    assert_eq!(s, 422, "{e}");
    assert_eq!(e["field"], "into");
    w.app.shutdown().await;
}

#[tokio::test]
async fn hidden_sources_leave_public_view_and_cannot_be_cited() {
    let mut w = world().await;
    let c = w.claims[0];
    let s = source(&w, &w.ana, c, "https://spam.example/buy-now").await;
    let (s201, f) = call(
        &w.app,
        "POST",
        &format!("/api/sources/{s}/flags"),
        Some(&w.ana),
        Some(json!({ "reason": "spam" })),
    )
    .await;
    assert_eq!(s201, 201, "{f}");
    let (_, q) = call(&w.app, "GET", "/api/moderation/queue", Some(&w.admin), None).await;
    assert_eq!(q["flagged"][0]["target_type"], "source");
    assert_eq!(q["flagged"][0]["claim_id"], c);

    let path = format!("/api/sources/{s}/moderation");
    assert_eq!(call(&w.app, "POST", &path, Some(&w.admin), Some(json!({ "action": "hide" }))).await.0, 422);
    let (s200, hidden) =
        call(&w.app, "POST", &path, Some(&w.admin), Some(json!({ "action": "hide", "reason": "spam link" })))
            .await;
    assert_eq!(s200, 200, "{hidden}");
    assert_eq!(hidden["visibility"], "hidden");
    let (_, public) = call(&w.app, "GET", &format!("/api/claims/{c}"), None, None).await;
    assert!(public["sources"].as_array().unwrap().is_empty());
    let (_, admin) = call(&w.app, "GET", &format!("/api/claims/{c}"), Some(&w.admin), None).await;
    assert_eq!(admin["sources"][0]["visibility"], "hidden");
    assert_eq!(vote(&w, &w.ana, c, "verified", &[s]).await.0, 422, "a hidden source cannot be cited");
    // Adding the hidden link again is told why it cannot be, not that it is "already a source".
    let (s409, again) = call(
        &w.app,
        "POST",
        &format!("/api/claims/{c}/sources"),
        Some(&w.ana),
        Some(json!({ "url": admin["sources"][0]["url"], "stance": "supports" })),
    )
    .await;
    assert_eq!(s409, 409, "{again}");
    assert!(again["error"].as_str().unwrap().contains("moderator hid"), "{again}");
    // Nor by another spelling of the same page.
    let respelled = "http://www.spam.example/buy-now?utm_source=tw";
    let (s409, again) = call(
        &w.app,
        "POST",
        &format!("/api/claims/{c}/sources"),
        Some(&w.ana),
        Some(json!({ "url": respelled, "stance": "supports" })),
    )
    .await;
    assert_eq!(s409, 409, "{again}");
    let (_, csv) = get_page(&w.app, &format!("/api/articles/{}/export?format=csv", w.article), None).await;
    assert!(!csv.contains("spam.example"));
    assert_eq!(
        call(&w.app, "POST", &path, Some(&w.admin), Some(json!({ "action": "remove", "reason": "spam" })))
            .await
            .0,
        200
    );
    let (_, admin) = call(&w.app, "GET", &format!("/api/claims/{c}"), Some(&w.admin), None).await;
    assert!(admin["sources"].as_array().unwrap().is_empty(), "removed sources leave even the admin's view");
    w.app.shutdown().await;
}

#[tokio::test]
async fn a_locked_article_takes_no_votes_and_an_archived_one_leaves_the_list() {
    let mut w = world().await;
    let c = w.claims[0];
    let s = source(&w, &w.ana, c, "https://evidence.example/c").await;
    let path = format!("/api/articles/{}/moderation", w.article);
    assert_eq!(call(&w.app, "POST", &path, Some(&w.admin), Some(json!({ "action": "lock" }))).await.0, 422);
    let (s200, a) = call(
        &w.app,
        "POST",
        &path,
        Some(&w.admin),
        Some(json!({ "action": "lock", "reason": "election silence" })),
    )
    .await;
    assert_eq!(s200, 200, "{a}");
    assert_eq!(a["locked"], true);
    let (s409, e) = vote(&w, &w.ana, c, "verified", &[s]).await;
    assert_eq!(s409, 409, "{e}");
    assert!(e["error"].as_str().unwrap().contains("locked"));
    let queue_path = format!("/api/review/queue?article={}", w.article);
    let (_, q) = call(&w.app, "GET", &queue_path, Some(&w.ana), None).await;
    assert_eq!((q["total"].as_i64(), q["closed"].as_str()), (Some(0), Some("locked")), "{q}");
    // A claim that closed before its verdict does not ask for the votes it cannot get.
    let (_, panel) = get_page(&w.app, &format!("/articles/{}?claim={c}", w.article), None).await;
    assert!(panel.contains("(the article takes no more votes)"), "{panel}");
    assert_eq!(call(&w.app, "POST", &path, Some(&w.admin), Some(json!({ "action": "unlock" }))).await.0, 200);
    let (_, panel) = get_page(&w.app, &format!("/articles/{}?claim={c}", w.article), None).await;
    assert!(!panel.contains("(the article takes no more votes)"), "{panel}");
    assert_eq!(vote(&w, &w.ana, c, "verified", &[s]).await.0, 200);

    assert_eq!(
        call(&w.app, "POST", &path, Some(&w.admin), Some(json!({ "action": "archive", "reason": "old" })))
            .await
            .0,
        200
    );
    let (_, list) = call(&w.app, "GET", "/api/articles", None, None).await;
    assert_eq!(list["total"], 0);
    let (_, archived) = call(&w.app, "GET", "/api/articles?archived=true", None, None).await;
    assert_eq!(archived["total"], 1);
    assert_eq!(
        call(&w.app, "GET", &format!("/api/articles/{}", w.article), None, None).await.0,
        200,
        "still readable"
    );
    assert_eq!(vote(&w, &w.ana, c, "disputed", &[s]).await.0, 409, "archived articles are read-only");
    w.app.shutdown().await;
}

/// A page with a row of the same form per item shows a plain form post's error once, at the top,
/// not under every row (leptos hands it to every copy of the form).
#[tokio::test]
async fn without_javascript_an_error_on_a_page_of_rows_shows_once() {
    let mut w = world().await;
    let _bob = register(&w.app, "bob").await;
    let (_, me) = call(&w.app, "GET", "/api/auth/me", Some(&w.ana), None).await;
    let ana_id = me["id"].as_i64().unwrap().to_string();
    let form = [("user_id", ana_id.as_str()), ("action", "disable")];
    let back = form_post_back(&w.app, "moderate_user", &w.admin, "/admin/users", &form).await;
    assert!(back.contains("__err"), "{back}");
    let (_, html) = get_page(&w.app, &back, Some(&w.admin)).await;
    assert_eq!(html.matches("a reason is required to disable").count(), 1, "{html}");
    // Creating an account waits for JavaScript: its password is shown once, in the answer.
    assert!(html.contains("Creating an account needs JavaScript"), "{html}");
    w.app.shutdown().await;
}

/// An article merge archives the copy while it holds every claim of both articles: a vote that
/// waited for one of those claims is refused once it gets it, not counted on the archived copy.
#[tokio::test]
async fn a_vote_that_waited_for_an_archiving_transaction_finds_the_article_archived() {
    let mut w = world().await;
    let c = w.claims[0];
    let s = source(&w, &w.ana, c, "https://evidence.example/waiting").await;
    // What a merge does first, held open: the article archived, its claims locked.
    let mut conn = w.app.state.db.pool().acquire().await.unwrap();
    let begin = if is_postgres() { "BEGIN" } else { "BEGIN IMMEDIATE" };
    sqlx::query(begin).execute(&mut *conn).await.unwrap();
    sqlx::query("UPDATE articles SET archived = 1 WHERE id = $1")
        .bind(w.article)
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query("UPDATE claims SET version = version + 1 WHERE article_id = $1")
        .bind(w.article)
        .execute(&mut *conn)
        .await
        .unwrap();
    let commit_later = async move {
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        sqlx::query("COMMIT").execute(&mut *conn).await.unwrap();
    };
    let cited = [s];
    let ((status, e), ()) = tokio::join!(vote(&w, &w.ana, c, "verified", &cited), commit_later);
    assert_eq!(status, 409, "the vote waited for the claim and then found the article archived: {e}");
    assert!(e["error"].as_str().unwrap().contains("archived"), "{e}");
    let claim = claim_detail(&w.app, c).await;
    assert_eq!(claim["votes"].as_array().map(Vec::len), Some(0), "{claim}");
    w.app.shutdown().await;
}

/// Without JavaScript a failed article action comes back to the article page, where the closed
/// moderation tools open on its error; a successful one comes back saying what was done.
#[tokio::test]
async fn without_javascript_a_failed_article_merge_shows_its_error_on_the_page() {
    let mut w = world().await;
    let id = w.article.to_string();
    let form = [("article_id", id.as_str()), ("into", id.as_str()), ("reason", "same story")];
    let back = form_post_back(&w.app, "merge_article", &w.admin, &format!("/articles/{id}"), &form).await;
    assert!(back.contains("__err"), "{back}");
    let (s, html) = get_page(&w.app, &back, Some(&w.admin)).await;
    assert_eq!(s, 200);
    assert!(html.contains("an article cannot be merged into itself"), "{html}");
    let tools_tag = |html: &str| {
        html.split("<details")
            .map(|t| t.split('>').next().unwrap_or_default().to_string())
            .find(|t| t.contains("article-moderation"))
    };
    assert!(tools_tag(&html).is_some_and(|t| t.contains(" open")), "the tools open on the error: {html}");
    // Without an error they stay closed.
    let (_, html) = get_page(&w.app, &format!("/articles/{id}"), Some(&w.admin)).await;
    assert!(tools_tag(&html).is_some_and(|t| !t.contains(" open")), "{html}");

    // The same for a claim's tools in its panel (they load after the panel).
    let claim = w.claims[0].to_string();
    let page = format!("/articles/{id}?claim={claim}");
    let form = [("claim_id", claim.as_str()), ("action", "lock"), ("reason", "checked by the desk")];
    let back = form_post_back(&w.app, "moderate_claim", &w.admin, &page, &form).await;
    let (_, html) = get_page(&w.app, &back, Some(&w.admin)).await;
    let claim_tools = html
        .split("<details")
        .map(|t| t.split('>').next().unwrap_or_default().to_string())
        .find(|t| t.contains("claim-moderation"));
    assert!(claim_tools.is_some_and(|t| t.contains(" open")), "{html}");

    // A success comes back with what was done, and without the earlier error.
    let form = [("article_id", id.as_str()), ("action", "lock"), ("reason", "checked by the desk")];
    let done = form_post_back(&w.app, "moderate_article", &w.admin, &back, &form).await;
    assert!(done.contains("__done=moderate_article") && !done.contains("__err"), "{done}");
    assert!(done.contains(&format!("claim={claim}")), "the page's own query stays: {done}");
    let (_, html) = get_page(&w.app, &done, Some(&w.admin)).await;
    assert!(
        html.contains(r#"data-testid="form-done""#) && html.contains("written to the audit log"),
        "{html}"
    );
    // Readers opening such a link see the page, not a cached copy without the line or with it.
    let (_, html) = get_page(&w.app, &done, None).await;
    assert!(html.contains(r#"data-testid="form-done""#), "{html}");
    let (_, html) = get_page(&w.app, &format!("/articles/{id}"), None).await;
    assert!(!html.contains(r#"data-testid="form-done""#), "{html}");
    // With JavaScript (JSON accepted) the answer is the function's own, with no redirect.
    let r = crate::helpers::no_redirects()
        .post(w.app.url("/rpc/moderate_article"))
        .header("cookie", &w.admin)
        .header("accept", "application/json")
        .header("referer", w.app.url(&page))
        .form(&[("article_id", id.as_str()), ("action", "unlock"), ("reason", "reopened")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    w.app.shutdown().await;
}

#[tokio::test]
async fn disabling_ends_sessions_and_can_exclude_votes_until_enabled() {
    let mut w = world().await;
    let c = w.claims[0];
    let s = source(&w, &w.ana, c, "https://evidence.example/d").await;
    let troll = register(&w.app, "troll").await;
    assert_eq!(vote(&w, &troll, c, "disputed", &[s]).await.0, 200);
    assert_eq!(vote(&w, &w.ana, c, "verified", &[s]).await.0, 200);
    let (_, me) = call(&w.app, "GET", "/api/auth/me", Some(&troll), None).await;
    let troll_id = me["id"].as_i64().unwrap();

    let path = format!("/api/users/{troll_id}/disable");
    assert_eq!(
        call(&w.app, "POST", &path, Some(&w.admin), Some(json!({}))).await.0,
        422,
        "a reason is required"
    );
    let (s200, u) = call(
        &w.app,
        "POST",
        &path,
        Some(&w.admin),
        Some(json!({ "reason": "vote brigading", "exclude_votes": true })),
    )
    .await;
    assert_eq!(s200, 200, "{u}");
    assert_eq!(u["disabled"], true);
    assert_eq!(u["votes_excluded"], true);
    assert_eq!(call(&w.app, "GET", "/api/auth/me", Some(&troll), None).await.0, 401, "their session ended");
    let (_, claim) = call(&w.app, "GET", &format!("/api/claims/{c}"), None, None).await;
    assert_eq!(claim["claim"]["tally"]["disputed"], 0, "excluded from consensus");
    assert_eq!(claim["votes"].as_array().unwrap().len(), 2, "but kept");
    // Disabling again, the box unticked, does not quietly count the votes again.
    let (s409, again) =
        call(&w.app, "POST", &path, Some(&w.admin), Some(json!({ "reason": "once more" }))).await;
    assert_eq!(s409, 409, "{again}");
    assert!(again["error"].as_str().unwrap().contains("stay excluded"), "{again}");
    let (_, claim) = call(&w.app, "GET", &format!("/api/claims/{c}"), None, None).await;
    assert_eq!(claim["claim"]["tally"]["disputed"], 0, "still excluded");

    let enable = format!("/api/users/{troll_id}/enable");
    let (s200, u) = call(&w.app, "POST", &enable, Some(&w.admin), None).await;
    assert_eq!(s200, 200, "{u}");
    assert_eq!(u["disabled"], false);
    let (_, claim) = call(&w.app, "GET", &format!("/api/claims/{c}"), None, None).await;
    assert_eq!(claim["claim"]["tally"]["disputed"], 1, "counted again");
    assert_eq!(call(&w.app, "POST", &enable, Some(&w.admin), Some(json!({}))).await.0, 409);

    // Roles.
    let role = format!("/api/users/{troll_id}/role");
    assert_eq!(call(&w.app, "POST", &role, Some(&w.admin), Some(json!({ "role": "overlord" }))).await.0, 422);
    let (_, u) = call(&w.app, "POST", &role, Some(&w.admin), Some(json!({ "role": "admin" }))).await;
    assert_eq!(u["role"], "admin");
    let (_, boss) = call(&w.app, "GET", "/api/auth/me", Some(&w.admin), None).await;
    let boss_id = boss["id"].as_i64().unwrap();
    let (s422, _) = call(
        &w.app,
        "POST",
        &format!("/api/users/{boss_id}/role"),
        Some(&w.admin),
        Some(json!({ "role": "reviewer" })),
    )
    .await;
    assert_eq!(s422, 422, "admins cannot demote themselves");
    let (s422, _) = call(
        &w.app,
        "POST",
        &format!("/api/users/{boss_id}/disable"),
        Some(&w.admin),
        Some(json!({ "reason": "oops" })),
    )
    .await;
    assert_eq!(s422, 422, "nor disable themselves");
    let (_, users) = call(&w.app, "GET", "/api/users?q=tro", Some(&w.admin), None).await;
    assert_eq!(users["total"], 1);
    assert_eq!(users["items"][0]["vote_count"], 1);
    let actions: Vec<String> = audit(&w, "target_type=user")
        .await
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    assert!(
        actions.starts_with(&["user.promote".into(), "user.enable".into(), "user.disable".into()]),
        "{actions:?}"
    );
    w.app.shutdown().await;
}

#[tokio::test]
async fn the_queue_lists_new_manual_claims_and_contested_claims_until_handled() {
    let mut w = world().await;
    let (s, manual) = call(
        &w.app,
        "POST",
        &format!("/api/articles/{}/claims", w.article),
        Some(&w.ana),
        Some(json!({ "start": 0, "end": 8 })),
    )
    .await;
    assert_eq!(s, 201, "{manual}");
    let manual_id = manual["id"].as_i64().unwrap();
    let c = w.claims[0];
    let src = source(&w, &w.ana, c, "https://evidence.example/e").await;
    let (r1, r2) = (register(&w.app, "rev1").await, register(&w.app, "rev2").await);
    vote(&w, &w.ana, c, "verified", &[src]).await;
    vote(&w, &r1, c, "disputed", &[src]).await;
    vote(&w, &r2, c, "not_a_claim", &[]).await;

    let (_, q) = call(&w.app, "GET", "/api/moderation/queue", Some(&w.admin), None).await;
    assert_eq!(q["manual"][0]["claim_id"], manual_id);
    assert_eq!(q["manual"][0]["created_by"], "ana");
    assert_eq!(q["contested"][0]["claim_id"], c, "{q}");

    assert_eq!(moderate(&w, manual_id, json!({ "action": "approve" })).await.0, 200);
    assert_eq!(
        moderate(&w, c, json!({ "action": "lock", "verdict": "disputed", "reason": "settled" })).await.0,
        200
    );
    let (_, q) = call(&w.app, "GET", "/api/moderation/queue", Some(&w.admin), None).await;
    assert!(q["manual"].as_array().unwrap().is_empty(), "{q}");
    assert!(q["contested"].as_array().unwrap().is_empty(), "{q}");
    w.app.shutdown().await;
}

#[tokio::test]
async fn single_flags_are_resolved_or_dismissed_once() {
    let mut w = world().await;
    let c = w.claims[0];
    let (_, f) = call(
        &w.app,
        "POST",
        &format!("/api/claims/{c}/flags"),
        Some(&w.ana),
        Some(json!({ "reason": "wrong_span" })),
    )
    .await;
    let flag = f["id"].as_i64().unwrap();
    let path = format!("/api/flags/{flag}");
    assert_eq!(call(&w.app, "POST", &path, Some(&w.admin), Some(json!({ "action": "maybe" }))).await.0, 422);
    let (s, done) = call(
        &w.app,
        "POST",
        &path,
        Some(&w.admin),
        Some(json!({ "action": "dismiss", "note": "span is fine" })),
    )
    .await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["state"], "dismissed");
    assert_eq!(
        call(&w.app, "POST", &path, Some(&w.admin), Some(json!({ "action": "resolve" }))).await.0,
        409
    );
    assert_eq!(
        call(&w.app, "POST", "/api/flags/999999", Some(&w.admin), Some(json!({ "action": "resolve" })))
            .await
            .0,
        404
    );
    // The reviewer may flag the claim again now that the first flag is closed.
    let again = json!({ "reason": "wrong_span" });
    assert_eq!(
        call(&w.app, "POST", &format!("/api/claims/{c}/flags"), Some(&w.ana), Some(again)).await.0,
        201
    );
    let entries = audit(&w, "target_type=flag").await;
    assert_eq!(entries[0]["action"], "flag.dismiss");
    assert_eq!(entries[0]["reason"], "span is fine");
    w.app.shutdown().await;
}

#[tokio::test]
async fn the_audit_log_is_append_only_filterable_and_exports_as_csv() {
    let mut w = world().await;
    let c = w.claims[0];
    moderate(&w, c, json!({ "action": "hide", "reason": "=HYPERLINK(\"http://evil.example\")" })).await;
    moderate(&w, c, json!({ "action": "restore" })).await;
    assert_eq!(audit(&w, "target_type=claim").await.len(), 2);
    assert_eq!(audit(&w, "actor=BOSS&action=claim.restore").await.len(), 1, "actor matches without case");
    assert_eq!(
        call(&w.app, "GET", "/api/moderation/audit?target_type=planet", Some(&w.admin), None).await.0,
        422
    );
    assert_eq!(call(&w.app, "GET", "/api/moderation/audit?format=xml", Some(&w.admin), None).await.0, 422);

    let r = reqwest::Client::new()
        .get(w.app.url("/api/moderation/audit?format=csv&target_type=claim"))
        .header(reqwest::header::COOKIE, &w.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = r.text().await.unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,at,actor_id,actor,action,target_type,target_id,reason,before,after"
    );
    assert_eq!(csv.lines().count(), 3);
    assert!(csv.contains("'=HYPERLINK"), "formula-like cells are neutralised: {csv}");

    // No endpoint changes or deletes entries.
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
        let (s, _) = call(&w.app, method, "/api/moderation/audit", Some(&w.admin), Some(json!({}))).await;
        assert!(s == 405 || s == 404, "{method} /api/moderation/audit answered {s}");
    }
    // And the database refuses it too, on SQLite and on PostgreSQL.
    let pool = w.app.state.db.pool();
    assert!(sqlx::query("UPDATE audit_log SET reason = 'edited'").execute(pool).await.is_err());
    assert!(sqlx::query("DELETE FROM audit_log").execute(pool).await.is_err());
    let entries = audit(&w, "target_type=claim").await;
    assert_eq!(entries.len(), 2, "both entries are intact");
    assert_eq!(entries[1]["reason"], "=HYPERLINK(\"http://evil.example\")");
    w.app.shutdown().await;
}

#[tokio::test]
async fn moderation_pages_render_for_admins_and_refuse_everyone_else() {
    let mut w = world().await;
    let c = w.claims[0];
    call(&w.app, "POST", &format!("/api/claims/{c}/flags"), Some(&w.ana), Some(json!({ "reason": "spam" })))
        .await;
    let (s, html) = get_page(&w.app, "/admin", Some(&w.admin)).await;
    assert_eq!(s, 200);
    assert!(html.contains("data-testid=\"flagged-item\""), "the queue lists the flagged claim");
    let (s, html) = get_page(&w.app, "/admin", Some(&w.ana)).await;
    assert_eq!(s, 403, "{html}");
    assert!(html.contains("only admins"));
    let (s, _) = get_page(&w.app, "/admin/audit", None).await;
    assert_eq!(s, 401);
    let (s, _) = get_page(&w.app, "/admin/users", Some(&w.admin)).await;
    assert_eq!(s, 200);
    // The fact-check import form too: only admins see it.
    let (s, html) = get_page(&w.app, "/admin/factchecks", Some(&w.admin)).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("id=\"fc-text\"") && html.contains("href=\"/admin/factchecks\""),
        "the form and its tab"
    );
    for (who, status) in [(Some(&w.ana), 403), (None, 401)] {
        let (s, html) = get_page(&w.app, "/admin/factchecks", who.map(String::as_str)).await;
        assert_eq!(s, status, "{html}");
        assert!(!html.contains("id=\"fc-text\""), "no form for {who:?}");
    }
    w.app.shutdown().await;
}

#[tokio::test]
async fn merging_a_copy_of_an_article_moves_its_review_into_the_other_and_archives_it() {
    let mut app = spawn_app().await;
    let admin = register_admin(&app, "boss").await;
    let ana = register(&app, "ana").await;
    let bo = register(&app, "bob").await;
    // Characters of more than one byte before the claims: offsets are in characters.
    let shared = "Gdańsk — the port handled 41,000 containers in March, a record for the month. \
                  The mayor said on Tuesday that 12 cranes would be replaced by 2028. \
                  Officials said 300 workers were hired in 2025.";
    let submit = |title: &'static str, body: String| {
        let (app, ana) = (&app, &ana);
        async move {
            let (s, a) = call(
                app,
                "POST",
                "/api/articles",
                Some(ana),
                Some(json!({ "title": title, "body": body, "url": "https://harbour.example/news/41000" })),
            )
            .await;
            assert_eq!(s, 201, "{a}");
            a
        }
    };
    let live = submit("Harbour record", shared.to_string()).await;
    let copy_body = format!("{shared} A second terminal opened in 2019 at a cost of $40 million.");
    let copy = submit("Harbour record (again)", copy_body.clone()).await;
    let (live_id, copy_id) = (live["id"].as_i64().unwrap(), copy["id"].as_i64().unwrap());
    let claim_on = |a: &Value, word: &str| crate::helpers::claim_mentioning(a, word);
    let (live_record, copy_record) = (claim_on(&live, "41,000"), claim_on(&copy, "41,000"));
    let copy_terminal = claim_on(&copy, "terminal");
    // A claim added by hand on the copy over text the live article has, but no claim of it covers.
    let cranes = "12 cranes would be replaced by 2028";
    let start = copy_body[..copy_body.find(cranes).unwrap()].chars().count();
    let (s, manual) = call(
        &app,
        "POST",
        &format!("/api/articles/{copy_id}/claims"),
        Some(&bo),
        Some(json!({ "start": start, "end": start + cranes.chars().count() })),
    )
    .await;
    assert_eq!(s, 201, "{manual}");
    let manual_id = manual["id"].as_i64().unwrap();
    // An editorial verdict on the copy's claim about the workers, none on the live one's.
    let copy_workers = claim_on(&copy, "workers");
    let (s, locked) = call(
        &app,
        "POST",
        &format!("/api/claims/{copy_workers}/moderation"),
        Some(&admin),
        Some(json!({ "action": "lock", "verdict": "disputed", "reason": "the port's payroll says 120" })),
    )
    .await;
    assert_eq!(s, 200, "{locked}");
    // A reader asked for a check of the copy's record claim.
    let (s, asked) = call(&app, "POST", &format!("/api/claims/{copy_record}/requests"), None, None).await;
    assert_eq!(s, 201, "{asked}");
    // Sources on both copies (one link on both), and votes split between them: bob on both (the
    // live one's stands), ana only on the copy.
    let add_source = |claim: i64, url: &'static str| {
        let (app, ana) = (&app, &ana);
        async move {
            let (s, v) = call(
                app,
                "POST",
                &format!("/api/claims/{claim}/sources"),
                Some(ana),
                Some(json!({ "url": url, "stance": "supports" })),
            )
            .await;
            assert_eq!(s, 201, "{v}");
            v["id"].as_i64().unwrap()
        }
    };
    let stats_live = add_source(live_record, "https://port.example/stats/march").await;
    let stats_copy = add_source(copy_record, "https://port.example/stats/march").await;
    let report_copy = add_source(copy_record, "https://harbour.example/annual-report").await;
    let vote = |cookie: &str, claim: i64, verdict: &'static str, cited: Vec<i64>| {
        let (app, cookie) = (&app, cookie.to_string());
        async move {
            let (s, v) = call(
                app,
                "POST",
                &format!("/api/claims/{claim}/votes"),
                Some(&cookie),
                Some(json!({ "verdict": verdict, "source_ids": cited })),
            )
            .await;
            assert_eq!(s, 200, "{v}");
        }
    };
    vote(&bo, live_record, "verified", vec![stats_live]).await;
    vote(&bo, copy_record, "disputed", vec![report_copy]).await;
    vote(&ana, copy_record, "verified", vec![stats_copy, report_copy]).await;
    // Both copies name each other until the merge.
    let (_, before) = call(&app, "GET", &format!("/api/articles/{live_id}"), None, None).await;
    assert_eq!(before["copies"][0]["id"], copy_id);

    let path = format!("/api/articles/{copy_id}/merge");
    let merge = |cookie: &str, body: Value| {
        let (app, path, cookie) = (&app, path.clone(), cookie.to_string());
        async move { call(app, "POST", &path, Some(&cookie), Some(body)).await }
    };
    let refusals = [
        (&ana, json!({ "into": live_id, "reason": "copy" }), 403, None),
        (&admin, json!({ "into": live_id }), 422, Some("reason")),
        (&admin, json!({ "into": copy_id, "reason": "copy" }), 422, Some("into")),
        (&admin, json!({ "into": 999_999, "reason": "copy" }), 422, Some("into")),
        (&admin, json!({ "into": 0, "reason": "copy" }), 422, Some("into")),
    ];
    for (cookie, body, status, field) in refusals {
        let (s, e) = merge(cookie, body.clone()).await;
        assert_eq!(s, status, "{body}: {e}");
        if let Some(field) = field {
            assert_eq!(e["field"], field, "{body}: {e}");
        }
    }
    let (s, e) = call(
        &app,
        "POST",
        "/api/articles/999999/merge",
        Some(&admin),
        Some(json!({ "into": live_id, "reason": "copy" })),
    )
    .await;
    assert_eq!(s, 404, "{e}");
    // An article that shares none of the copy's text is a mistyped id: nothing would merge or move.
    let unrelated = crate::helpers::submit_article(
        &app,
        &ana,
        "Budget",
        "The council approved a budget of 12 million euros for 2027 on Monday.",
    )
    .await;
    let (s, e) = merge(&admin, json!({ "into": unrelated["id"], "reason": "copy" })).await;
    assert_eq!((s, e["field"].as_str()), (422, Some("into")), "{e}");
    assert!(e["error"].as_str().unwrap().contains("nor any of its claims' text"), "{e}");
    // So is one with no claim at all, under another link or none.
    let bare =
        crate::helpers::submit_article(&app, &ana, "Bare", "Advertisement\n\nShare this article").await;
    assert_eq!(bare["claims"], json!([]), "{bare}");
    let bare_merge = format!("/api/articles/{}/merge", bare["id"]);
    let (s, e) =
        call(&app, "POST", &bare_merge, Some(&admin), Some(json!({ "into": live_id, "dry_run": true })))
            .await;
    assert_eq!((s, e["field"].as_str()), (422, Some("into")), "{e}");
    let (_, still) = call(&app, "GET", &format!("/api/articles/{copy_id}"), None, None).await;
    assert_eq!(still["archived"], false, "nothing was written: {still}");

    let (s, e) = merge(&admin, json!({ "into": unrelated["id"], "dry_run": true })).await;
    assert_eq!((s, e["field"].as_str()), (422, Some("into")), "a preview refuses the same: {e}");

    // A preview (no reason needed) says what the merge would do and writes nothing.
    let (s, preview) = merge(&admin, json!({ "into": live_id, "dry_run": true })).await;
    assert_eq!(s, 200, "{preview}");
    assert_eq!(preview["dry_run"], true, "{preview}");
    let (_, still) = call(&app, "GET", &format!("/api/articles/{copy_id}"), None, None).await;
    assert_eq!(
        (still["archived"].clone(), still["merged_into"].clone()),
        (json!(false), Value::Null),
        "{still}"
    );
    let (_, untouched) = call(&app, "GET", &format!("/api/articles/{live_id}"), None, None).await;
    assert_eq!(untouched, before, "the live article is as it was");
    let (_, log) = call(&app, "GET", "/api/moderation/audit?action=article.merge", Some(&admin), None).await;
    assert_eq!(log["items"], json!([]), "a preview is not audited: {log}");

    let (s, report) = merge(&admin, json!({ "into": live_id, "reason": "the same page twice" })).await;
    assert_eq!(s, 200, "{report}");
    let mut previewed = preview.clone();
    previewed["dry_run"] = json!(false);
    assert_eq!(report, previewed, "the merge did what its preview said");
    assert_eq!(report["into"], json!({ "id": live_id, "title": "Harbour record" }));
    assert_eq!(report["moved_claims"], 1, "the hand-made claim: {report}");
    assert_eq!(report["kept_claims"], 1, "the terminal is only in the copy: {report}");
    let merged = report["merged_claims"].as_i64().unwrap();
    assert!(merged >= 1, "{report}");
    assert_eq!(report["moved_votes"], 1, "ana's; bo's vote on the live claim stands: {report}");
    assert_eq!(report["dropped_votes"], 1, "{report}");
    assert_eq!(report["moved_sources"], 1, "{report}");

    // The live article carries on: the votes, the source and the added claim are there.
    let detail = crate::helpers::claim_detail(&app, live_record).await;
    assert_eq!(detail["claim"]["tally"]["verified"], 2, "{detail}");
    assert_eq!(detail["claim"]["tally"]["disputed"], 0, "{detail}");
    assert_eq!(detail["check_requests"]["requests"], 1, "the reader's request came along: {detail}");
    let urls: Vec<&str> =
        detail["sources"].as_array().unwrap().iter().map(|s| s["url"].as_str().unwrap()).collect();
    assert_eq!(urls.len(), 2, "the shared link once, and the moved one: {urls:?}");
    let moved = detail["votes"].as_array().unwrap().iter().find(|v| v["username"] == "ana").unwrap();
    let mut cited: Vec<i64> =
        moved["source_ids"].as_array().unwrap().iter().map(|i| i.as_i64().unwrap()).collect();
    cited.sort();
    let mut expected = vec![stats_live, report_copy];
    expected.sort();
    assert_eq!(cited, expected, "citations follow their sources into the live article");
    let (_, after) = call(&app, "GET", &format!("/api/articles/{live_id}"), None, None).await;
    let body: Vec<char> = after["body"].as_str().unwrap().chars().collect();
    let added = after["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["quote"]["exact"] == cranes)
        .unwrap_or_else(|| panic!("the hand-made claim is on the live article: {after}"));
    assert_eq!(added["origin"], "manual");
    assert_eq!(added["id"], manual_id, "moved whole, under its own id");
    let (s0, e0) = (added["start"].as_u64().unwrap() as usize, added["end"].as_u64().unwrap() as usize);
    assert_eq!(body[s0..e0].iter().collect::<String>(), cranes, "anchored in the live article's text");
    for f in added["facts"].as_array().unwrap() {
        let (fs, fe) = (f["start"].as_u64().unwrap() as usize, f["end"].as_u64().unwrap() as usize);
        assert_eq!(body[fs..fe].iter().collect::<String>(), f["text"].as_str().unwrap(), "{f}");
    }
    assert_eq!(after["copies"], json!([]), "a merged copy is no longer a copy: {after}");
    let live_workers = claim_on(&after, "workers");
    let workers = crate::helpers::claim_detail(&app, live_workers).await;
    assert_eq!(workers["claim"]["status"], "disputed", "the editorial verdict came along: {workers}");
    assert_eq!(workers["claim"]["editorial"]["verdict"], "disputed", "{workers}");

    // The copy is archived, points there, and keeps only what the live article lacks.
    let (_, gone) = call(&app, "GET", &format!("/api/articles/{copy_id}"), None, None).await;
    assert_eq!(gone["archived"], true);
    assert_eq!(gone["merged_into"], json!({ "id": live_id, "title": "Harbour record" }));
    assert!(gone.get("copies").is_none_or(|c| c == &json!([])), "{gone}");
    let left: Vec<i64> = claim_ids(&gone);
    assert_eq!(left, [copy_terminal], "{gone}");
    let (_, page) = get_page(&app, &format!("/articles/{copy_id}"), None).await;
    assert!(page.contains(r#"data-testid="article-merged""#), "{page}");
    assert!(page.contains(&format!(r#"href="/articles/{live_id}""#)), "{page}");
    assert!(!page.contains("to propose one"), "an archived copy invites no new claims: {page}");
    let (_, archived) = call(&app, "GET", "/api/articles?archived=true", None, None).await;
    let listed = archived["items"].as_array().unwrap().iter().find(|a| a["id"] == copy_id).cloned();
    assert_eq!(listed.map(|a| a["merged_into"].clone()), Some(json!(live_id)), "{archived}");
    let (_, list) = get_page(&app, "/?archived=true", None).await;
    assert!(list.contains(&format!(r#"Merged into <a href="/articles/{live_id}">"#)), "{list}");
    let (s, export) =
        call(&app, "GET", &format!("/api/articles/{copy_id}/export?format=json"), None, None).await;
    assert_eq!(s, 200);
    assert_eq!(export["article"]["archived"], true, "{export}");
    let into = export["article"]["merged_into"].as_str().unwrap_or_default();
    assert!(
        into.ends_with(&format!("/articles/{live_id}")),
        "the export names where the review went: {export}"
    );
    for format in ["json", "csv", "claimreview"] {
        let r =
            reqwest::get(app.url(&format!("/api/articles/{copy_id}/export?format={format}"))).await.unwrap();
        let link = r.headers().get("link").map(|v| v.to_str().unwrap().to_string());
        assert_eq!(link, Some(format!("<{into}>; rel=\"successor-version\"")), "{format}");
    }
    let r = reqwest::get(app.url(&format!("/api/articles/{live_id}/export?format=csv"))).await.unwrap();
    assert!(r.headers().get("link").is_none(), "only a merged copy has a successor");
    // A link to a claim of the copy that was merged leads to the claim it was merged into.
    let r = crate::helpers::no_redirects()
        .get(app.url(&format!("/articles/{copy_id}?claim={copy_record}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(r.headers()["location"], format!("/articles/{live_id}?claim={live_record}").as_str());
    // The copy's review queue is the live article's, and says so.
    let (s, q) = call(&app, "GET", &format!("/api/review/queue?article={copy_id}"), Some(&bo), None).await;
    assert_eq!(s, 200, "{q}");
    assert_eq!(q["article"]["id"], live_id, "{q}");
    assert!(q["items"].as_array().unwrap().iter().all(|i| i["article_id"] == live_id), "{q}");
    let (_, page) = get_page(&app, &format!("/review?article={copy_id}"), Some(&bo)).await;
    assert!(page.contains(r#"data-testid="queue-merged""#), "{page}");
    assert!(page.contains(&format!(r#"data-testid="queue-back"><a href="/articles/{live_id}""#)), "{page}");
    // Nothing takes votes there any more.
    let (s, _) = call(
        &app,
        "POST",
        &format!("/api/claims/{copy_terminal}/votes"),
        Some(&ana),
        Some(json!({ "verdict": "not_a_claim" })),
    )
    .await;
    assert_eq!(s, 409, "archived");

    // Once only, and never into a merged copy.
    let (s, e) = merge(&admin, json!({ "into": live_id, "reason": "again" })).await;
    assert_eq!(s, 409, "{e}");
    let (s, e) = call(
        &app,
        "POST",
        &format!("/api/articles/{live_id}/merge"),
        Some(&admin),
        Some(json!({ "into": copy_id, "reason": "backwards" })),
    )
    .await;
    assert_eq!((s, e["field"].as_str()), (422, Some("into")), "{e}");
    let (s, page) = call(
        &app,
        "GET",
        &format!("/api/moderation/audit?action=article.merge&target_id={copy_id}"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(s, 200);
    let entry = &page["items"][0];
    assert_eq!(entry["reason"], "the same page twice");
    assert_eq!(entry["after"]["merged_into"], live_id);
    assert_eq!(entry["after"]["kept_claims"], 1);
    assert_eq!(entry["after"]["claims"].as_array().unwrap().len(), claim_ids(&copy).len() + 1, "{entry}");
    // Each claim's reviewers find what happened to it under the claim too.
    for (action, claim) in [("claim.merge", copy_record), ("claim.move", manual_id)] {
        let (_, page) = call(
            &app,
            "GET",
            &format!("/api/moderation/audit?action={action}&target_id={claim}"),
            Some(&admin),
            None,
        )
        .await;
        assert_eq!(page["items"][0]["reason"], "the same page twice", "{action}: {page}");
    }
    // A merged copy stays archived as it is.
    for action in ["unarchive", "lock", "unlock"] {
        let (s, e) = call(
            &app,
            "POST",
            &format!("/api/articles/{copy_id}/moderation"),
            Some(&admin),
            Some(json!({ "action": action, "reason": "oops" })),
        )
        .await;
        assert_eq!(s, 409, "{action}: {e}");
    }
    // Links to a claim merged away lead on.
    let (s, e) = call(&app, "GET", &format!("/api/claims/{copy_record}"), None, None).await;
    assert_eq!(s, 404);
    assert!(e["error"].as_str().unwrap().contains(&format!("merged into claim {live_record}")), "{e}");
    // The moved votes' history and the reviewers' activity follow them to the surviving claim.
    let history: Vec<&str> =
        detail["history"].as_array().unwrap().iter().map(|h| h["username"].as_str().unwrap()).collect();
    assert!(history.contains(&"ana"), "ana's vote came with its history: {history:?}");
    vote(&bo, live_record, "verified", vec![report_copy]).await;
    let (_, activity) = call(&app, "GET", "/api/activity", Some(&ana), None).await;
    assert!(
        activity["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["claim_id"] == live_record && i["kind"] == "vote"),
        "{activity}"
    );
    // A copy with no claim under the same link is no mistyped id: it merges (and is archived).
    let third = submit("Harbour record (a third time)", "Advertisement\n\nShare this article".into()).await;
    let third_merge = format!("/api/articles/{}/merge", third["id"]);
    let body = json!({ "into": live_id, "reason": "the same link" });
    let (s, report) = call(&app, "POST", &third_merge, Some(&admin), Some(body)).await;
    assert_eq!(
        (s, report["merged_claims"].clone(), report["kept_claims"].clone()),
        (200, json!(0), json!(0)),
        "{report}"
    );
    app.shutdown().await;
}
