//! Accounts, sessions, CSRF and throttling over real HTTP.

use crate::helpers::{
    fresh_database_url, get_page, login, no_redirects, register, session_cookie, spawn_app, spawn_app_on,
    TestApp, PASSWORD,
};
use claimcheck::server::service::accounts;
use reqwest::header::{COOKIE, SET_COOKIE};
use serde_json::{json, Value};

async fn me_status(app: &TestApp, cookie: &str) -> u16 {
    no_redirects().get(app.url("/api/auth/me")).header(COOKIE, cookie).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn registering_signs_in_with_a_hardened_cookie() {
    let mut app = spawn_app().await;
    let r = no_redirects()
        .post(app.url("/api/auth/register"))
        .json(&json!({ "username": "ana", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let set_cookie = r.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(set_cookie.starts_with("claimcheck_session="), "{set_cookie}");
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(set_cookie.contains("Path=/"), "{set_cookie}");
    assert!(!set_cookie.contains("Secure"), "plain http by default: {set_cookie}");
    let value = set_cookie.split(';').next().unwrap().trim_start_matches("claimcheck_session=").to_string();
    assert!(value.len() >= 22, "at least 128 bits of id: {value}");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["username"], "ana");
    assert_eq!(body["role"], "reviewer");
    assert!(body["id"].as_i64().unwrap() > 0);

    let me = no_redirects()
        .get(app.url("/api/auth/me"))
        .header(COOKIE, format!("claimcheck_session={value}"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    assert_eq!(me.json::<Value>().await.unwrap(), body);
    app.shutdown().await;
}

#[tokio::test]
async fn the_secure_flag_is_set_when_configured() {
    let (url, dir) = fresh_database_url().await;
    let mut config = claimcheck::server::config::Config::for_database(&url);
    config.secure_cookies = true;
    let db = claimcheck::server::db::Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let server = claimcheck::server::http::Server::build_with_db(config, db).await.unwrap();
    let addr = server.local_addr();
    let handle = tokio::spawn(server.run(async {
        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
    }));
    let r = no_redirects()
        .post(format!("http://{addr}/api/auth/register"))
        .json(&json!({ "username": "sec", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert!(r.headers()[SET_COOKIE].to_str().unwrap().contains("Secure"));
    handle.abort();
    drop(dir);
}

#[tokio::test]
async fn registration_errors_name_the_field_and_store_nothing() {
    let mut app = spawn_app().await;
    let cases = [
        (json!({ "username": "ab", "password": PASSWORD }), "username"),
        (json!({ "username": "has space", "password": PASSWORD }), "username"),
        (json!({ "username": "ana", "password": "short" }), "password"),
        (json!({ "username": "ana", "password": "x".repeat(1025) }), "password"),
        (json!({ "username": "ana", "password": "          " }), "password"),
        (json!({ "username": "ana", "password": "aaaaaaaaaa" }), "password"),
        (json!({ "username": "ana", "password": "1212121212" }), "password"),
    ];
    for (body, field) in cases {
        let r = no_redirects().post(app.url("/api/auth/register")).json(&body).send().await.unwrap();
        assert_eq!(r.status(), 422, "{body}");
        let err: Value = r.json().await.unwrap();
        assert_eq!(err["field"], field, "{err}");
        assert!(err["error"].as_str().unwrap().len() > 10);
    }
    // Not JSON at all.
    let r = no_redirects().post(app.url("/api/auth/register")).body("username=ana").send().await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.json::<Value>().await.unwrap()["error"].as_str().unwrap().contains("JSON"));
    // Nothing was stored: the name is still free.
    register(&app, "ana").await;
    // Taken, whatever the case.
    let r = no_redirects()
        .post(app.url("/api/auth/register"))
        .json(&json!({ "username": "ANA", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "username");
    app.shutdown().await;
}

#[tokio::test]
async fn the_stored_hash_is_argon2id_with_owasp_parameters() {
    let mut app = spawn_app().await;
    register(&app, "hashcheck").await;
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE username = 'hashcheck'")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
    assert!(!hash.contains(PASSWORD));
    app.shutdown().await;
}

#[tokio::test]
async fn login_returns_the_user_and_a_new_session_id() {
    let mut app = spawn_app().await;
    let first = register(&app, "bob").await;
    let r = login(&app, "BOB", PASSWORD).await;
    assert_eq!(r.status(), 200);
    let second = session_cookie(&r).unwrap();
    assert_ne!(first, second, "a fresh id on every sign-in");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["username"], "bob");
    assert_eq!(body["role"], "reviewer");
    assert_eq!(me_status(&app, &second).await, 200);
    app.shutdown().await;
}

#[tokio::test]
async fn signing_in_on_an_existing_session_replaces_its_id() {
    let mut app = spawn_app().await;
    let old = register(&app, "cyc").await;
    let r = no_redirects()
        .post(app.url("/api/auth/login"))
        .header(COOKIE, &old)
        .json(&json!({ "username": "cyc", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let new = session_cookie(&r).unwrap();
    assert_ne!(old, new);
    assert_eq!(me_status(&app, &old).await, 401, "the pre-login id is dead");
    assert_eq!(me_status(&app, &new).await, 200);
    app.shutdown().await;
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_answer() {
    let mut app = spawn_app().await;
    register(&app, "cyd").await;
    let wrong = login(&app, "cyd", "not the password").await;
    let unknown = login(&app, "nobody-here", "not the password").await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    assert!(
        !wrong
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.starts_with("claimcheck_session=")),
        "no session cookie, not even an expired one"
    );
    let (a, b) = (wrong.text().await.unwrap(), unknown.text().await.unwrap());
    assert_eq!(a, b);
    assert!(a.contains("invalid username or password"), "{a}");
    app.shutdown().await;
}

#[tokio::test]
async fn the_old_cookie_fails_after_logout() {
    let mut app = spawn_app().await;
    let cookie = register(&app, "dee").await;
    assert_eq!(me_status(&app, &cookie).await, 200);
    let r = no_redirects().post(app.url("/api/auth/logout")).header(COOKIE, &cookie).send().await.unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(me_status(&app, &cookie).await, 401, "the session is gone server-side, not just the cookie");
    let me: Value = no_redirects()
        .get(app.url("/api/auth/me"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(me["error"].is_string());
    app.shutdown().await;
}

#[tokio::test]
async fn repeated_failures_from_one_address_are_throttled_with_retry_after() {
    let mut app = spawn_app().await;
    register(&app, "eve").await;
    for i in 0..5 {
        assert_eq!(login(&app, "eve", "wrong password").await.status(), 401, "attempt {i}");
    }
    let r = login(&app, "eve", PASSWORD).await;
    assert_eq!(r.status(), 429, "even the right password waits once the limit is hit");
    let retry: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert!(r.json::<Value>().await.unwrap()["error"].as_str().unwrap().contains("too many"));
    app.shutdown().await;
}

#[tokio::test]
async fn failures_against_one_account_from_elsewhere_do_not_lock_its_owner_out() {
    let mut app = spawn_app().await;
    register(&app, "fay").await;
    // A distributed guess: many failures from many other addresses against one account.
    let name = claimcheck::server::service::throttle::name_key("fay");
    for i in 0..200 {
        let mut conn = app.state.db.pool().acquire().await.unwrap();
        claimcheck::server::db::users::record_login_failure(
            &mut conn,
            &format!("10.0.{}.{}", i / 250, i % 250),
            &name,
            claimcheck::server::time::now_millis(),
        )
        .await
        .unwrap();
    }
    assert_eq!(login(&app, "fay", PASSWORD).await.status(), 200, "the owner, elsewhere, still signs in");
    app.shutdown().await;
}

#[tokio::test]
async fn a_cross_site_post_is_refused_and_changes_nothing() {
    let mut app = spawn_app().await;
    let r = no_redirects()
        .post(app.url("/api/auth/register"))
        .header("origin", "https://evil.example")
        .json(&json!({ "username": "victim", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("cross-site"));
    let r = no_redirects()
        .post(app.url("/api/auth/register"))
        .header("sec-fetch-site", "cross-site")
        .json(&json!({ "username": "victim", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // A signed-in user's logout from a foreign page is refused too, and the session lives on.
    let cookie = register(&app, "victim").await;
    let r = no_redirects()
        .post(app.url("/api/auth/logout"))
        .header(COOKIE, &cookie)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(me_status(&app, &cookie).await, 200);
    // The same request from our own origin works.
    let r = no_redirects()
        .post(app.url("/api/auth/logout"))
        .header(COOKIE, &cookie)
        .header("origin", app.base.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    app.shutdown().await;
}

#[tokio::test]
async fn a_disabled_user_cannot_sign_in_and_their_sessions_end_at_once() {
    let mut app = spawn_app().await;
    let cookie = register(&app, "gus").await;
    assert_eq!(me_status(&app, &cookie).await, 200);
    accounts::set_disabled_by_name(&app.state.db, &app.state.config.rule, "gus", true, "test").await.unwrap();
    assert_eq!(me_status(&app, &cookie).await, 401);
    // The right password for a disabled account gets the same answer as a wrong one.
    let r = login(&app, "gus", PASSWORD).await;
    assert_eq!(r.status(), 401);
    let wrong = login(&app, "gus", "not the password").await;
    assert_eq!(r.text().await.unwrap(), wrong.text().await.unwrap());
    accounts::set_disabled_by_name(&app.state.db, &app.state.config.rule, "gus", false, "test")
        .await
        .unwrap();
    assert_eq!(login(&app, "gus", PASSWORD).await.status(), 200);
    app.shutdown().await;
}

#[tokio::test]
async fn sessions_survive_a_server_restart() {
    let mut app = spawn_app().await;
    let cookie = register(&app, "hal").await;
    let url = app.database_url.clone();
    let dir = app.take_dir();
    app.shutdown().await;
    let mut again = spawn_app_on(url, dir).await;
    assert_eq!(me_status(&again, &cookie).await, 200);
    again.shutdown().await;
}

#[tokio::test]
async fn the_cli_creates_admins_and_changes_roles() {
    let mut app = spawn_app().await;
    let bin = env!("CARGO_BIN_EXE_claimcheck");
    let run = |args: &[&str], stdin: &str| {
        use std::io::Write;
        let mut child = std::process::Command::new(bin)
            .args(args)
            .env("DATABASE_URL", &app.database_url)
            .env("RUST_LOG", "error")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let out = run(&["user", "create", "root", "--admin", "--password-stdin"], &format!("{PASSWORD}\n"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r = login(&app, "root", PASSWORD).await;
    assert_eq!(r.json::<Value>().await.unwrap()["role"], "admin");

    let out = run(&["user", "create", "gen"], "");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let generated = stdout.lines().find_map(|l| l.strip_prefix("password: ")).unwrap().to_string();
    assert_eq!(login(&app, "gen", &generated).await.status(), 200);

    assert!(run(&["user", "promote", "gen"], "").status.success());
    assert_eq!(login(&app, "gen", &generated).await.json::<Value>().await.unwrap()["role"], "admin");
    assert!(run(&["user", "demote", "gen"], "").status.success());
    assert_eq!(login(&app, "gen", &generated).await.json::<Value>().await.unwrap()["role"], "reviewer");

    let out = run(&["user", "create", "x", "--password-stdin"], "short\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 to 32"));
    let out = run(&["user", "promote", "nobody"], "");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no account named"));
    app.shutdown().await;
}

#[tokio::test]
async fn the_sign_in_page_carries_next_without_javascript() {
    let mut app = spawn_app().await;
    let (status, html) = get_page(&app, "/login?next=%2Freview%3Farticle%3D2", None).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"name="next" value="/review?article=2""#), "the form returns there: {html}");
    let (_, html) = get_page(&app, "/login", None).await;
    let at = html.find("name=\"next\"").expect("the field");
    assert!(html.contains(r#"name="next" value="/""#), "home by default: {}", &html[at - 30..at + 40]);
    app.shutdown().await;
}
