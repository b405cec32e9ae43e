//! Abuse resistance (issue 21) over real HTTP, with the limits on: registration and sign-in
//! throttles, the bounded hashing queue, client addresses behind proxies, redirects after sign-in,
//! cookies and caching headers, the render cache's key.

use crate::helpers::{
    call, claim_ids, form_encode, login, login_from, no_redirects, register, register_admin, register_from,
    session_cookie, sign_in, spawn_app_with, submit_article, TestApp, PASSWORD,
};
use reqwest::header::{CACHE_CONTROL, LOCATION, SET_COOKIE, VARY};
use serde_json::{json, Value};

/// Runs every future on its own task at once and collects the results in order.
async fn parallel<T: Send + 'static>(
    futures: impl IntoIterator<Item = impl std::future::Future<Output = T> + Send + 'static>,
) -> Vec<T> {
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

fn retry_after(r: &reqwest::Response) -> u64 {
    r.headers()["retry-after"].to_str().unwrap().parse().unwrap()
}

// --- 1. registration and sign-in ---------------------------------------------------------------

#[tokio::test]
async fn registrations_are_limited_per_client_address() {
    let mut app = spawn_app_with(|c| c.limit_register_per_hour = 3).await;
    for i in 0..3 {
        assert_eq!(register_from(&app, &format!("reg{i}"), None).await.status(), 201, "attempt {i}");
    }
    let r = register_from(&app, "reg3", None).await;
    assert_eq!(r.status(), 429);
    let wait = retry_after(&r);
    assert!((1..=3600).contains(&wait), "{wait}");
    let body: Value = r.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("too many registrations"), "{body}");
    // The refused attempt created nothing.
    assert_eq!(login(&app, "reg3", PASSWORD).await.status(), 401);
    app.shutdown().await;
}

#[tokio::test]
async fn the_registration_limit_of_zero_turns_it_off() {
    let mut app = spawn_app_with(|c| c.limit_register_per_hour = 0).await;
    for i in 0..12 {
        assert_eq!(register_from(&app, &format!("open{i}"), None).await.status(), 201);
    }
    app.shutdown().await;
}

#[tokio::test]
async fn a_parallel_burst_of_wrong_passwords_cannot_pass_the_throttle_together() {
    let mut app = spawn_app_with(|_| {}).await;
    register(&app, "target").await;
    let url = app.url("/api/auth/login");
    let statuses = parallel((0..16).map(|_| {
        let url = url.clone();
        async move {
            let body = json!({ "username": "target", "password": "a wrong password" });
            no_redirects().post(url).json(&body).send().await.unwrap().status().as_u16()
        }
    }))
    .await;
    let verified = statuses.iter().filter(|s| **s == 401).count();
    assert!(statuses.iter().all(|s| *s == 401 || *s == 429), "{statuses:?}");
    assert!(verified <= 5, "at most 5 wrong passwords a minute are checked, got {verified}: {statuses:?}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_stranger_cannot_lock_an_account_out_but_one_address_is_limited_per_account() {
    let mut app = spawn_app_with(|c| c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()]).await;
    register(&app, "owner").await;
    // A stranger fails 5 times (then their address waits a minute) ...
    for _ in 0..5 {
        assert_eq!(login_from(&app, "owner", "guess guess", Some("198.51.100.9")).await.status(), 401);
    }
    assert_eq!(login_from(&app, "owner", "guess guess", Some("198.51.100.9")).await.status(), 429);
    // ... and earlier failures against this account from that address fill its hourly budget.
    let name = claimcheck::server::service::throttle::name_key("owner");
    let an_hour_ago_but_one_minute = claimcheck::server::time::now_millis() - 30 * 60_000;
    for _ in 0..10 {
        let mut conn = app.state.db.pool().acquire().await.unwrap();
        claimcheck::server::db::users::record_login_failure(
            &mut conn,
            "203.0.113.50",
            &name,
            an_hour_ago_but_one_minute,
        )
        .await
        .unwrap();
    }
    let r = login_from(&app, "owner", PASSWORD, Some("203.0.113.50")).await;
    assert_eq!(r.status(), 429, "10 failures an hour for this account from this address");
    assert!(retry_after(&r) > 60);
    // The owner, from their own address, is not locked out.
    assert_eq!(login_from(&app, "owner", PASSWORD, Some("192.0.2.1")).await.status(), 200);
    app.shutdown().await;
}

#[tokio::test]
async fn a_disabled_account_with_the_right_password_gets_the_same_401_as_a_wrong_one() {
    let mut app = spawn_app_with(|_| {}).await;
    register(&app, "gone").await;
    claimcheck::server::service::accounts::set_disabled_by_name(
        &app.state.db,
        &app.state.config.rule,
        "gone",
        true,
        "test",
    )
    .await
    .unwrap();
    let right = login(&app, "gone", PASSWORD).await;
    let wrong = login(&app, "gone", "not the password").await;
    assert_eq!(right.status(), 401);
    assert_eq!(wrong.status(), 401);
    assert_eq!(right.text().await.unwrap(), wrong.text().await.unwrap());
    app.shutdown().await;
}

#[tokio::test]
async fn a_flood_of_registrations_meets_a_full_hash_queue_and_readers_keep_getting_200() {
    let mut app = spawn_app_with(|c| {
        c.limit_register_per_hour = 0;
        c.limit_hash_queue = 1;
    })
    .await;
    let cookie = register(&app, "writer").await;
    let (s, a) = call(
        &app,
        "POST",
        "/api/articles",
        Some(&cookie),
        Some(json!({ "title": "Flood", "body": "The bridge is 765 km long, officials said on Monday. It cost $3 billion in 2019." })),
    )
    .await;
    assert_eq!(s, 201, "{a}");
    let article = format!("/articles/{}", a["id"]);
    let register_url = app.url("/api/auth/register");
    let flood = parallel((0..24).map(|i| {
        let url = register_url.clone();
        async move {
            let body = json!({ "username": format!("flood{i}"), "password": PASSWORD });
            let r = no_redirects().post(url).json(&body).send().await.unwrap();
            let wait = r.headers().get("retry-after").map(|v| v.to_str().unwrap().parse::<u64>().unwrap());
            (r.status().as_u16(), wait)
        }
    }));
    let readers = parallel((0..24).map(|i| {
        let url = app.url(if i % 2 == 0 { "/" } else { &article });
        async move { no_redirects().get(url).send().await.unwrap().status().as_u16() }
    }));
    let (flood, readers) = tokio::join!(flood, readers);
    let mut busy = 0;
    for (status, wait) in &flood {
        match status {
            201 => {}
            429 => {
                busy += 1;
                assert!(wait.unwrap() >= 1);
            }
            other => panic!("a registration got {other}"),
        }
    }
    assert!(busy > 0, "24 hashes at once against a queue of 1 must turn some away");
    assert!(readers.iter().all(|s| *s == 200), "{readers:?}");
    app.shutdown().await;
}

// --- 2. client address -----------------------------------------------------------------------

#[tokio::test]
async fn forwarding_headers_count_only_from_trusted_proxies_and_ipv6_per_64() {
    // Not trusted: X-Forwarded-For is ignored, every request is the peer's.
    let mut app = spawn_app_with(|c| c.limit_register_per_hour = 2).await;
    assert_eq!(register_from(&app, "fwda1", Some("198.51.100.1")).await.status(), 201);
    assert_eq!(register_from(&app, "fwda2", Some("198.51.100.2")).await.status(), 201);
    assert_eq!(register_from(&app, "fwda3", Some("198.51.100.3")).await.status(), 429);
    app.shutdown().await;

    // Trusted: each forwarded client has its own budget; a /64 shares one.
    let mut app = spawn_app_with(|c| {
        c.limit_register_per_hour = 2;
        c.trusted_proxies = claimcheck::server::client_addr::parse_trusted_proxies("127.0.0.0/8").unwrap();
    })
    .await;
    assert_eq!(register_from(&app, "fwdb1", Some("198.51.100.1")).await.status(), 201);
    assert_eq!(register_from(&app, "fwdb2", Some("198.51.100.1")).await.status(), 201);
    assert_eq!(register_from(&app, "fwdb3", Some("198.51.100.1")).await.status(), 429);
    assert_eq!(register_from(&app, "fwdb4", Some("198.51.100.2")).await.status(), 201);
    // A forged left-most entry does not help: the right-most untrusted hop is the client.
    assert_eq!(register_from(&app, "fwdb5", Some("203.0.113.7, 198.51.100.1")).await.status(), 429);
    assert_eq!(register_from(&app, "fwdc1", Some("2001:db8:1:2::1")).await.status(), 201);
    assert_eq!(register_from(&app, "fwdc2", Some("2001:db8:1:2:ffff::9")).await.status(), 201);
    assert_eq!(register_from(&app, "fwdc3", Some("2001:db8:1:2:abcd::5")).await.status(), 429, "same /64");
    assert_eq!(register_from(&app, "fwdc4", Some("2001:db8:1:3::1")).await.status(), 201, "another /64");
    // RFC 7239 Forwarded works as well.
    let r = no_redirects()
        .post(app.url("/api/auth/register"))
        .header("forwarded", "for=\"[2001:db8:9::1]:4711\";proto=https")
        .json(&json!({ "username": "fwdd1", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    app.shutdown().await;
}

// --- 3. redirect after sign-in -----------------------------------------------------------------

#[tokio::test]
async fn sign_in_follows_only_same_site_paths_and_never_panics() {
    let mut app = spawn_app_with(|c| c.limit_register_per_hour = 0).await;
    register(&app, "walker").await;
    for (next, expected) in [
        ("/articles/1", "/articles/1"),
        ("/\t/evil.example", "/"),
        ("/%09/evil.example", "/"),
        ("//evil.example", "/"),
        ("\\\\evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/articles\r\nSet-Cookie: x=1", "/"),
        ("/a\nb", "/"),
    ] {
        let body = form_encode(&[("username", "walker"), ("password", PASSWORD), ("next", next)]);
        let r = no_redirects()
            .post(app.url("/rpc/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html")
            .body(body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_redirection(), "{next:?}: {}", r.status());
        assert_eq!(r.headers()[LOCATION].to_str().unwrap(), expected, "{next:?}");
    }
    app.shutdown().await;
}

// --- 4. cookies and transport ------------------------------------------------------------------

#[tokio::test]
async fn over_https_the_session_cookie_is_secure_and_host_prefixed_with_hsts() {
    let mut app = spawn_app_with(|c| c.public_url = "https://claims.example".into()).await;
    let r = register_from(&app, "safe", None).await;
    assert_eq!(r.status(), 201);
    let cookie = r.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.starts_with("__Host-claimcheck_session="), "{cookie}");
    assert!(cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"), "{cookie}");
    assert!(r.headers()["strict-transport-security"].to_str().unwrap().contains("max-age="));
    let pair = cookie.split(';').next().unwrap().to_string();
    let (s, me) = call(&app, "GET", "/api/auth/me", Some(&pair), None).await;
    assert_eq!((s, me["username"].as_str()), (200, Some("safe")));
    for path in ["/", "/healthz", "/api/articles"] {
        let r = no_redirects().get(app.url(path)).send().await.unwrap();
        assert!(r.headers().contains_key("strict-transport-security"), "{path}");
    }
    app.shutdown().await;

    let mut app = spawn_app_with(|_| {}).await;
    let r = register_from(&app, "plain", None).await;
    let cookie = r.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.starts_with("claimcheck_session=") && !cookie.contains("Secure"), "{cookie}");
    assert!(!r.headers().contains_key("strict-transport-security"));
    app.shutdown().await;
}

#[tokio::test]
async fn session_dependent_answers_are_never_stored_and_pages_vary_on_cookie() {
    let mut app = spawn_app_with(|c| c.limit_register_per_hour = 0).await;
    let admin = register_admin(&app, "chief").await;
    register(&app, "ann.lee").await;
    for path in [
        "/api/auth/me",
        "/api/users",
        "/api/moderation/audit?format=csv",
        "/admin",
        "/admin/users",
        "/",
        // A page whose name has a dot is still a page, not a site file.
        "/reviewers/ann.lee",
    ] {
        let r = no_redirects().get(app.url(path)).header("cookie", &admin).send().await.unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        assert_eq!(r.headers().get(CACHE_CONTROL).map(|v| v.to_str().unwrap()), Some("no-store"), "{path}");
    }
    // The site's files are the same for everyone: a signed-in browser may keep them.
    let r = no_redirects().get(app.url("/favicon.svg")).header("cookie", &admin).send().await.unwrap();
    assert_ne!(r.headers().get(CACHE_CONTROL).map(|v| v.to_str().unwrap()), Some("no-store"));
    // Anonymous: the admin area still says no-store; a public page does not, but varies on Cookie.
    let r = no_redirects().get(app.url("/admin")).send().await.unwrap();
    assert_eq!(r.headers().get(CACHE_CONTROL).map(|v| v.to_str().unwrap()), Some("no-store"));
    for path in ["/reviewers/ann.lee", "/"] {
        let r = no_redirects().get(app.url(path)).send().await.unwrap();
        assert_ne!(r.headers().get(CACHE_CONTROL).map(|v| v.to_str().unwrap()), Some("no-store"), "{path}");
    }
    let r = no_redirects().get(app.url("/")).send().await.unwrap();
    let vary: Vec<String> =
        r.headers().get_all(VARY).iter().map(|v| v.to_str().unwrap().to_ascii_lowercase()).collect();
    assert!(vary.iter().any(|v| v.contains("cookie")), "{vary:?}");
    app.shutdown().await;
}

// --- 6. render cache ---------------------------------------------------------------------------

#[tokio::test]
async fn random_query_strings_share_one_render_cache_entry() {
    let mut app = spawn_app_with(|c| c.limit_register_per_hour = 0).await;
    let cookie = register(&app, "cacher").await;
    let (_, a) = call(
        &app,
        "POST",
        "/api/articles",
        Some(&cookie),
        Some(json!({ "title": "Keys", "body": "The bridge is 765 km long, officials said on Monday. It cost $3 billion in 2019." })),
    )
    .await;
    let path = format!("/articles/{}", a["id"]);
    let cache = |r: &reqwest::Response| {
        r.headers().get("x-render-cache").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
    };
    let r = no_redirects().get(app.url(&format!("{path}?x=1"))).send().await.unwrap();
    assert_eq!(cache(&r), "miss");
    let r = no_redirects().get(app.url(&format!("{path}?x=2&utm_source=spam"))).send().await.unwrap();
    assert_eq!(cache(&r), "hit", "another random query string is the same page");
    let claim = a["claims"][0]["id"].as_i64().unwrap();
    let r = no_redirects().get(app.url(&format!("{path}?claim={claim}"))).send().await.unwrap();
    assert_eq!(cache(&r), "miss", "the claim parameter is part of the key");
    let r = no_redirects().get(app.url(&format!("{path}?junk=1&claim={claim}"))).send().await.unwrap();
    assert_eq!(cache(&r), "hit");
    app.shutdown().await;
}

// --- 5. writes ---------------------------------------------------------------------------------

const BODY: &str = "The bridge is 765 km long, officials said on Monday. It cost $3 billion in 2019. \
                    About 40 percent of the workers came from abroad, the ministry said.";

async fn article(app: &TestApp, cookie: &str) -> (i64, Vec<i64>) {
    let a = submit_article(app, cookie, "Limits", BODY).await;
    (a["id"].as_i64().unwrap(), claim_ids(&a))
}

#[tokio::test]
async fn writes_are_limited_per_account_with_retry_after() {
    let mut app = spawn_app_with(|c| c.limit_writes_per_minute = 4).await;
    let ana = register(&app, "ana").await;
    let bob = register(&app, "bob").await;
    let (_, claims) = article(&app, &ana).await; // 1
    let c = claims[0];
    let flag = json!({ "reason": "duplicate" });
    assert_eq!(call(&app, "POST", &format!("/api/claims/{c}/flags"), Some(&ana), Some(flag)).await.0, 201); // 2
    let src = json!({ "url": "https://evidence.example/a", "stance": "supports" });
    assert_eq!(call(&app, "POST", &format!("/api/claims/{c}/sources"), Some(&ana), Some(src)).await.0, 201); // 3
    let vote = json!({ "verdict": "not_a_claim" });
    assert_eq!(
        call(&app, "POST", &format!("/api/claims/{c}/votes"), Some(&ana), Some(vote.clone())).await.0,
        200
    ); // 4
    let r = no_redirects()
        .delete(app.url(&format!("/api/claims/{c}/votes")))
        .header("cookie", &ana)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429, "the fifth write in a minute");
    assert!(retry_after(&r) >= 1);
    let body: Value = r.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("too many changes"), "{body}");
    // Manual claims count too, and nothing was written.
    let manual = json!({ "start": 0, "end": 10 });
    assert_eq!(
        call(&app, "POST", &format!("/api/articles/{}/claims", 1), Some(&ana), Some(manual)).await.0,
        429
    );
    // Another account has its own budget.
    assert_eq!(call(&app, "POST", &format!("/api/claims/{c}/votes"), Some(&bob), Some(vote)).await.0, 200);
    app.shutdown().await;
}

#[tokio::test]
async fn sources_per_claim_and_manual_claims_per_article_are_capped() {
    let mut app = spawn_app_with(|c| {
        c.limit_sources_per_claim = 2;
        c.limit_manual_claims_per_article = 1;
    })
    .await;
    let ana = register(&app, "ana").await;
    let (id, claims) = article(&app, &ana).await;
    let c = claims[0];
    for i in 0..2 {
        let src = json!({ "url": format!("https://evidence.example/{i}"), "stance": "context" });
        assert_eq!(
            call(&app, "POST", &format!("/api/claims/{c}/sources"), Some(&ana), Some(src)).await.0,
            201
        );
    }
    let src = json!({ "url": "https://evidence.example/2", "stance": "context" });
    let (s, e) = call(&app, "POST", &format!("/api/claims/{c}/sources"), Some(&ana), Some(src)).await;
    assert_eq!(s, 409, "{e}");
    assert!(e["error"].as_str().unwrap().contains("2 sources"), "{e}");
    let (s, e) = call(
        &app,
        "POST",
        &format!("/api/articles/{id}/claims"),
        Some(&ana),
        Some(json!({ "start": 0, "end": 10 })),
    )
    .await;
    assert_eq!(s, 201, "{e}");
    let (s, e) = call(
        &app,
        "POST",
        &format!("/api/articles/{id}/claims"),
        Some(&ana),
        Some(json!({ "start": 0, "end": 16 })),
    )
    .await;
    assert_eq!(s, 409, "{e}");
    assert!(e["error"].as_str().unwrap().contains("1 claims added by hand"), "{e}");
    app.shutdown().await;
}

#[tokio::test]
async fn claim_history_comes_in_pages_of_50_with_a_cursor() {
    let mut app = spawn_app_with(|_| {}).await;
    let ana = register(&app, "ana").await;
    let (_, claims) = article(&app, &ana).await;
    let c = claims[0];
    // 120 history entries: a vote cast and retracted 60 times.
    for i in 0..60 {
        let note = format!("round {i}");
        let (s, _) = call(
            &app,
            "POST",
            &format!("/api/claims/{c}/votes"),
            Some(&ana),
            Some(json!({ "verdict": "not_a_claim", "note": note })),
        )
        .await;
        assert_eq!(s, 200);
        assert_eq!(call(&app, "DELETE", &format!("/api/claims/{c}/votes"), Some(&ana), None).await.0, 200);
    }
    let mut seen = Vec::new();
    let mut path = format!("/api/claims/{c}");
    let mut pages = 0;
    loop {
        let (s, d) = call(&app, "GET", &path, None, None).await;
        assert_eq!(s, 200, "{d}");
        let page = d["history"].as_array().unwrap();
        assert!(page.len() <= 50, "{}", page.len());
        // Oldest first within a page, every page older than the one before.
        seen.splice(0..0, page.iter().cloned());
        pages += 1;
        match d["history_cursor"].as_i64() {
            Some(cursor) => path = format!("/api/claims/{c}?history_before={cursor}"),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 120);
    let notes: Vec<&str> =
        seen.iter().filter_map(|h| h["detail"].as_str()).filter(|d| !d.is_empty()).collect();
    let expected: Vec<String> = (0..60).map(|i| format!("round {i}")).collect();
    assert_eq!(notes, expected, "every entry once, in order");
    // A cursor that is not this claim's is refused with what to fix.
    let (s, e) = call(&app, "GET", &format!("/api/claims/{c}?history_before=999999"), None, None).await;
    assert_eq!(s, 404, "an unknown cursor: {e}");
    let (s, _) = call(&app, "GET", &format!("/api/claims/{c}?history_before=abc"), None, None).await;
    assert_eq!(s, 422);
    app.shutdown().await;
}

// --- 6. hidden claims --------------------------------------------------------------------------

#[tokio::test]
async fn a_hidden_claim_is_404_to_everyone_but_admins_on_every_route() {
    let mut app = spawn_app_with(|_| {}).await;
    let ana = register(&app, "ana").await;
    let admin = register_admin(&app, "boss").await;
    let (_, claims) = article(&app, &ana).await;
    let c = claims[0];
    let src = json!({ "url": "https://evidence.example/a", "stance": "supports" });
    let (_, s) = call(&app, "POST", &format!("/api/claims/{c}/sources"), Some(&ana), Some(src)).await;
    let source = s["id"].as_i64().unwrap();
    assert_eq!(
        call(
            &app,
            "POST",
            &format!("/api/claims/{c}/votes"),
            Some(&ana),
            Some(json!({ "verdict": "not_a_claim" }))
        )
        .await
        .0,
        200
    );
    let hide = json!({ "action": "hide", "reason": "test" });
    assert_eq!(
        call(&app, "POST", &format!("/api/claims/{c}/moderation"), Some(&admin), Some(hide)).await.0,
        200
    );

    // (method, path, body, anonymous gets): writes ask an anonymous caller to sign in first, which
    // says nothing about the claim; a reviewer always gets 404.
    let rows: Vec<(&str, String, Option<Value>, u16)> = vec![
        ("GET", format!("/api/claims/{c}"), None, 404),
        ("POST", format!("/api/claims/{c}/votes"), Some(json!({ "verdict": "not_a_claim" })), 401),
        ("DELETE", format!("/api/claims/{c}/votes"), None, 401),
        (
            "POST",
            format!("/api/claims/{c}/sources"),
            Some(json!({ "url": "https://x.example/", "stance": "context" })),
            401,
        ),
        ("POST", format!("/api/claims/{c}/flags"), Some(json!({ "reason": "spam" })), 401),
        ("POST", format!("/api/sources/{source}/flags"), Some(json!({ "reason": "spam" })), 401),
        ("POST", format!("/api/claims/{c}/requests"), None, 404),
    ];
    for (method, path, body, anonymous) in &rows {
        let (s, e) = call(&app, method, path, None, body.clone()).await;
        assert_eq!(s, *anonymous, "{method} {path} as anonymous: {e}");
        let (s, e) = call(&app, method, path, Some(&ana), body.clone()).await;
        assert_eq!(s, 404, "{method} {path} as a reviewer: {e}");
    }
    let page =
        no_redirects().get(app.url(&format!("/claims/{c}"))).header("cookie", &ana).send().await.unwrap();
    assert_eq!(page.status(), 404);
    // Admins see it, and are told why it takes no votes.
    assert_eq!(call(&app, "GET", &format!("/api/claims/{c}"), Some(&admin), None).await.0, 200);
    let (s, _) = call(
        &app,
        "POST",
        &format!("/api/claims/{c}/votes"),
        Some(&admin),
        Some(json!({ "verdict": "not_a_claim" })),
    )
    .await;
    assert_eq!(s, 409);
    app.shutdown().await;
}

// --- 7. housekeeping ---------------------------------------------------------------------------

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql).fetch_one(app.state.db.pool()).await.unwrap()
}

#[tokio::test]
async fn a_background_task_deletes_expired_sessions_and_old_failures_and_names_are_stored_hashed() {
    let mut app = spawn_app_with(|c| c.housekeeping_every = std::time::Duration::from_millis(20)).await;
    register(&app, "keeper").await;
    // A failed sign-in keeps a hash of the name, never the name typed.
    assert_eq!(login(&app, "Keeper.Typo", "wrong password!").await.status(), 401);
    let stored: String = sqlx::query_scalar("SELECT username FROM login_failures")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(stored.len(), 64);
    assert!(!stored.to_lowercase().contains("keeper"), "{stored}");

    let now = claimcheck::server::time::now_millis();
    let two_hours_ago = now - 2 * 3_600_000;
    {
        let mut conn = app.state.db.pool().acquire().await.unwrap();
        claimcheck::server::db::users::session_create(&mut conn, "expired-session", None, "{}", now - 1000)
            .await
            .unwrap();
        claimcheck::server::db::users::record_login_failure(&mut conn, "192.0.2.9", "old", two_hours_ago)
            .await
            .unwrap();
        claimcheck::server::db::abuse::insert_registration(&mut conn, "192.0.2.9", two_hours_ago)
            .await
            .unwrap();
    }
    let mut gone = false;
    for _ in 0..400 {
        let left = count(&app, "SELECT COUNT(*) FROM sessions WHERE id_hash = 'expired-session'").await
            + count(&app, "SELECT COUNT(*) FROM login_failures WHERE username = 'old'").await
            + count(&app, "SELECT COUNT(*) FROM registration_attempts").await;
        if left == 0 {
            gone = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert!(gone, "the task deleted what had expired");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM login_failures").await, 1, "the recent failure stays");
    app.shutdown().await;
}

#[tokio::test]
async fn failures_are_capped_to_the_newest() {
    let mut app = spawn_app_with(|_| {}).await;
    let now = claimcheck::server::time::now_millis();
    let mut conn = app.state.db.pool().acquire().await.unwrap();
    for i in 0..10 {
        claimcheck::server::db::users::record_login_failure(
            &mut conn,
            "192.0.2.1",
            &format!("n{i}"),
            now + i,
        )
        .await
        .unwrap();
    }
    claimcheck::server::db::abuse::prune(&mut conn, now, now - 3_600_000, 3).await.unwrap();
    drop(conn);
    let left: Vec<String> = sqlx::query_scalar("SELECT username FROM login_failures ORDER BY id")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(left, vec!["n7", "n8", "n9"]);
    app.shutdown().await;
}

// --- 8. password lifecycle ---------------------------------------------------------------------

const NEW_PASSWORD: &str = "a brand new passphrase";

async fn change(app: &TestApp, cookie: Option<&str>, current: &str, new: &str) -> reqwest::Response {
    let mut req =
        no_redirects().post(app.url("/api/auth/password")).json(&json!({ "current": current, "new": new }));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions() {
    let mut app = spawn_app_with(|_| {}).await;
    let first = register(&app, "ana").await;
    let second = sign_in(&app, "ana", PASSWORD).await;
    assert_eq!(change(&app, None, PASSWORD, NEW_PASSWORD).await.status(), 401);
    let r = change(&app, Some(&first), "not my password", NEW_PASSWORD).await;
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "current");
    let r = change(&app, Some(&first), PASSWORD, "1234567890").await;
    assert_eq!(r.status(), 422);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["field"], "new");
    assert!(e["error"].as_str().unwrap().contains("most common"), "{e}");
    let r = change(&app, Some(&first), PASSWORD, PASSWORD).await;
    assert_eq!(r.status(), 422);

    let r = change(&app, Some(&first), PASSWORD, NEW_PASSWORD).await;
    assert_eq!(r.status(), 204);
    let fresh = session_cookie(&r).expect("this session continues under a fresh cookie");
    assert_eq!(call(&app, "GET", "/api/auth/me", Some(&fresh), None).await.0, 200);
    assert_eq!(
        call(&app, "GET", "/api/auth/me", Some(&second), None).await.0,
        401,
        "the other session ended"
    );
    assert_eq!(
        call(&app, "GET", "/api/auth/me", Some(&first), None).await.0,
        401,
        "the old cookie id is gone"
    );
    assert_eq!(login(&app, "ana", PASSWORD).await.status(), 401);
    assert_eq!(login(&app, "ana", NEW_PASSWORD).await.status(), 200);
    app.shutdown().await;
}

#[tokio::test]
async fn registration_refuses_the_most_common_passwords() {
    let mut app = spawn_app_with(|_| {}).await;
    let r = no_redirects()
        .post(app.url("/api/auth/register"))
        .json(&json!({ "username": "weak", "password": "qwertyuiop" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "password");
    app.shutdown().await;
}

#[tokio::test]
async fn an_account_lists_and_ends_its_own_sessions_only() {
    let mut app = spawn_app_with(|_| {}).await;
    let laptop = register(&app, "ana").await;
    let phone = sign_in(&app, "ana", PASSWORD).await;
    let bob = register(&app, "bob").await;
    assert_eq!(call(&app, "GET", "/api/auth/sessions", None, None).await.0, 401);
    let (s, list) = call(&app, "GET", "/api/auth/sessions", Some(&laptop), None).await;
    assert_eq!(s, 200, "{list}");
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|x| x["current"] == true).count(), 1);
    let other = list.iter().find(|x| x["current"] == false).unwrap()["id"].as_str().unwrap().to_string();
    assert_eq!(other.len(), 16);
    // Bob cannot end Ana's session; nonsense ids are not found.
    assert_eq!(call(&app, "DELETE", &format!("/api/auth/sessions/{other}"), Some(&bob), None).await.0, 404);
    assert_eq!(call(&app, "DELETE", "/api/auth/sessions/nonsense", Some(&laptop), None).await.0, 404);
    assert_eq!(call(&app, "DELETE", "/api/auth/sessions/0000000000000000", Some(&laptop), None).await.0, 404);
    assert_eq!(call(&app, "GET", "/api/auth/me", Some(&phone), None).await.0, 200);
    assert_eq!(
        call(&app, "DELETE", &format!("/api/auth/sessions/{other}"), Some(&laptop), None).await.0,
        204
    );
    assert_eq!(call(&app, "GET", "/api/auth/me", Some(&phone), None).await.0, 401, "the phone is signed out");
    assert_eq!(call(&app, "GET", "/api/auth/me", Some(&laptop), None).await.0, 200);
    app.shutdown().await;
}

/// `claimcheck user reset-password NAME`: the temporary password it prints.
async fn reset_password(app: &TestApp, name: &str) -> String {
    claimcheck::server::service::password::reset_password_by_name(&app.state.db, &app.state.passwords, name)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_temporary_password_must_be_changed_before_anything_else() {
    let mut app = spawn_app_with(|_| {}).await;
    let old = register(&app, "ana").await;
    let writer = register(&app, "writer").await;
    let (_, claims) = article(&app, &writer).await;
    let temporary = reset_password(&app, "ana").await;
    assert_eq!(call(&app, "GET", "/api/auth/me", Some(&old), None).await.0, 401, "every session ended");
    assert_eq!(login(&app, "ana", PASSWORD).await.status(), 401);
    let cookie = sign_in(&app, "ana", &temporary).await;
    let vote = json!({ "verdict": "not_a_claim" });
    let path = format!("/api/claims/{}/votes", claims[0]);
    let (s, e) = call(&app, "POST", &path, Some(&cookie), Some(vote.clone())).await;
    assert_eq!((s, e["field"].as_str()), (403, Some("password")), "{e}");
    let r = no_redirects().get(app.url("/")).header("cookie", &cookie).send().await.unwrap();
    assert!(r.status().is_redirection());
    assert_eq!(r.headers()[LOCATION], "/account");
    let r = no_redirects().get(app.url("/account")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = change(&app, Some(&cookie), &temporary, NEW_PASSWORD).await;
    assert_eq!(r.status(), 204);
    let cookie = session_cookie(&r).unwrap();
    assert_eq!(call(&app, "POST", &path, Some(&cookie), Some(vote)).await.0, 200);
    // The reset is in the audit log.
    let admin = register_admin(&app, "boss").await;
    let (_, audit) = call(&app, "GET", "/api/moderation/audit", Some(&admin), None).await;
    assert!(audit["items"].as_array().unwrap().iter().any(|e| e["action"] == "password_reset"), "{audit}");
    // An admin with a temporary password reads nothing as an admin either (nor as anyone).
    let temporary = reset_password(&app, "boss").await;
    let boss = sign_in(&app, "boss", &temporary).await;
    for path in [
        "/api/users",
        "/api/invites",
        "/api/moderation/audit?format=csv",
        "/api/review/queue",
        "/api/articles",
    ] {
        let (s, e) = call(&app, "GET", path, Some(&boss), None).await;
        assert_eq!((s, e["field"].as_str()), (403, Some("password")), "{path}: {e}");
    }
    let (s, me) = call(&app, "GET", "/api/auth/me", Some(&boss), None).await;
    assert_eq!((s, me["username"].as_str()), (200, Some("boss")), "{me}");
    app.shutdown().await;
}

#[tokio::test]
async fn the_account_page_shows_the_forms_and_its_server_functions_work() {
    let mut app = spawn_app_with(|_| {}).await;
    let cookie = register(&app, "ana").await;
    let _phone = sign_in(&app, "ana", PASSWORD).await;
    let r = no_redirects().get(app.url("/account")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("change-password-form") && html.contains("name=\"new\""),
        "the form is in the page"
    );
    assert_eq!(html.matches("class=\"session\"").count(), 2, "both sessions are listed");
    let anonymous = no_redirects().get(app.url("/account")).send().await.unwrap().text().await.unwrap();
    assert!(anonymous.contains("to manage your account"));

    let form = |pairs: &[(&str, &str)]| form_encode(pairs);
    let r = no_redirects()
        .post(app.url("/rpc/change_password"))
        .header("cookie", &cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(form(&[("current", PASSWORD), ("new", NEW_PASSWORD)]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let cookie = session_cookie(&r).unwrap();
    let r = no_redirects()
        .post(app.url("/rpc/my_sessions"))
        .header("cookie", &cookie)
        .header("content-length", "0")
        .send()
        .await
        .unwrap();
    let list: Value = r.json().await.unwrap();
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");

    // Signing in with a temporary password through the form goes to the account page.
    let temporary = reset_password(&app, "ana").await;
    let r = no_redirects()
        .post(app.url("/rpc/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .body(form(&[("username", "ana"), ("password", &temporary), ("next", "/articles/1")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()[LOCATION], "/account");
    // Without JavaScript the change comes back to the account page, which says it was done.
    let cookie = session_cookie(&r).unwrap();
    let r = no_redirects()
        .post(app.url("/rpc/change_password"))
        .header("cookie", &cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("referer", app.url("/account"))
        .body(form(&[("current", &temporary), ("new", NEW_PASSWORD)]))
        .send()
        .await
        .unwrap();
    let back = r.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(back, app.url("/account?__done=change_password"));
    let cookie = session_cookie(&r).unwrap();
    let r = no_redirects().get(back).header("cookie", &cookie).send().await.unwrap();
    assert!(r.text().await.unwrap().contains("Password changed. Your other sessions have ended."));
    app.shutdown().await;
}
