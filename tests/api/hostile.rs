//! Hostile input, table-driven: every endpoint (JSON API and server functions) gets markup, script
//! URLs, SQL fragments, oversized and malformed bodies, absurd numbers and ids, wrong content types
//! and methods. Each row says who sends what and what must come back: a 4xx with a JSON message that
//! says what to fix (and no change in what is stored), or a 2xx that stores the text verbatim. Never a
//! 5xx. At the end the server-rendered pages that show the stored text are checked for escaping.

use crate::helpers::{
    call, form_encode, get_page, no_redirects, register, register_admin, register_with_id, spawn_app,
    TestApp, PASSWORD,
};
use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE};
use serde_json::{json, Value};

/// Text that looks like an attack but is legitimate content: stored verbatim, shown escaped.
const XSS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "'><iframe src=javascript:alert(1)></iframe>",
    "</textarea></title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<!--<script>alert(1)//-->",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<style>*{display:none}</style><body onload=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt; {{7*7}} ${alert(1)}",
];

const SQL: &[&str] = &[
    "' OR 1=1 --",
    "\"; DROP TABLE claims; --",
    "1'; DELETE FROM users WHERE '1'='1",
    "%' OR title LIKE '%",
];

/// URLs that must never be stored: script and data schemes, credentials, no host, relative.
const BAD_URLS: &[&str] = &[
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "javascript://example.org/%0Aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "https://user:pw@evil.example/",
    "http://",
    "https:///nohost.example/x",
    "https:nohost.example",
];

/// Path segments that are not ids.
const BAD_IDS: &[&str] = &[
    "0",
    "-1",
    "abc",
    "1.5",
    "9223372036854775808",
    "99999999999999999999999999",
    "%00",
    "1%20OR%201=1",
    "1%27%3B%20DROP%20TABLE%20claims%3B--",
    "%EF%BC%91",
];

fn hostile_text() -> Vec<&'static str> {
    XSS.iter().chain(SQL).copied().collect()
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anon,
    Reviewer,
    Admin,
}

#[derive(Clone, Debug)]
enum Expect {
    /// A 4xx with a JSON message; nothing stored changes.
    Refused,
    /// This 4xx with a JSON message; nothing stored changes.
    RefusedWith(u16),
    /// A 2xx; `value` is found verbatim in what `readback` answers (an admin GET; `{id}` and
    /// `{claim_id}` are taken from the response).
    Stored { readback: String, value: String },
    /// A 2xx.
    Accepted,
    /// Anything but a 5xx (HTML pages decide their own answer).
    NoServerError,
}

struct Case {
    name: String,
    method: &'static str,
    path: String,
    content_type: Option<String>,
    body: Vec<u8>,
    who: Who,
    expect: Expect,
}

fn json_case(
    name: impl Into<String>,
    method: &'static str,
    path: impl Into<String>,
    body: Value,
    who: Who,
    expect: Expect,
) -> Case {
    Case {
        name: name.into(),
        method,
        path: path.into(),
        content_type: Some("application/json".into()),
        body: serde_json::to_vec(&body).unwrap(),
        who,
        expect,
    }
}

fn raw_case(
    name: impl Into<String>,
    method: &'static str,
    path: impl Into<String>,
    content_type: Option<&str>,
    body: impl Into<Vec<u8>>,
    who: Who,
    expect: Expect,
) -> Case {
    Case {
        name: name.into(),
        method,
        path: path.into(),
        content_type: content_type.map(str::to_string),
        body: body.into(),
        who,
        expect,
    }
}

/// A server function call as a browser form would send it (with `Accept: application/json`, added
/// for every /rpc row, so errors come back as JSON instead of a redirect).
fn rpc_case(
    name: impl Into<String>,
    endpoint: &str,
    pairs: &[(&str, &str)],
    who: Who,
    expect: Expect,
) -> Case {
    raw_case(
        name,
        "POST",
        format!("/rpc/{endpoint}"),
        Some("application/x-www-form-urlencoded"),
        form_encode(pairs),
        who,
        expect,
    )
}

fn stored(readback: impl Into<String>, value: &str) -> Expect {
    Expect::Stored { readback: readback.into(), value: value.to_string() }
}

/// The message a 4xx body carries: `{error}` from the JSON API, the `AppError` from server functions.
fn message(v: &Value) -> Option<String> {
    v.get("error")
        .and_then(Value::as_str)
        .or_else(|| v.pointer("/detail/message").and_then(Value::as_str))
        .or_else(|| v.get("detail").and_then(Value::as_str))
        .filter(|m| !m.trim().is_empty())
        .map(str::to_string)
}

fn contains_string(v: &Value, needle: &str) -> bool {
    match v {
        Value::String(s) => s == needle,
        Value::Array(items) => items.iter().any(|i| contains_string(i, needle)),
        Value::Object(map) => map.values().any(|i| contains_string(i, needle)),
        _ => false,
    }
}

struct Ctx {
    reviewer: String,
    admin: String,
}

async fn get_json(app: &TestApp, path: &str, cookie: &str) -> Value {
    let r = reqwest::Client::new().get(app.url(path)).header(COOKIE, cookie).send().await.unwrap();
    assert!(r.status().is_success(), "GET {path}: {}", r.status());
    r.json().await.unwrap()
}

/// Everything a refused request must leave as it was: row counts and a fingerprint of the text and
/// states of every table a request could write, read straight from the database.
async fn counts(app: &TestApp) -> Vec<i64> {
    use sqlx::Row;
    const SNAPSHOT: &str = "SELECT \
        (SELECT count(*) FROM articles), \
        (SELECT CAST(coalesce(sum(length(title) + length(body) + locked * 2 + archived * 4), 0) AS BIGINT) FROM articles), \
        (SELECT count(*) FROM claims), \
        (SELECT CAST(coalesce(sum(length(statement) + length(visibility)), 0) AS BIGINT) FROM claims), \
        (SELECT count(*) FROM claim_revisions), \
        (SELECT count(*) FROM sources), \
        (SELECT CAST(coalesce(sum(length(url) + length(title) + length(excerpt) + length(visibility)), 0) AS BIGINT) FROM sources), \
        (SELECT count(*) FROM votes), \
        (SELECT count(*) FROM vote_history), \
        (SELECT count(*) FROM flags), \
        (SELECT count(*) FROM flags WHERE state = 'open'), \
        (SELECT count(*) FROM users), \
        (SELECT count(*) FROM users WHERE disabled = 1 OR role = 'admin'), \
        (SELECT count(*) FROM audit_log), \
        (SELECT count(*) FROM factchecks), \
        (SELECT count(*) FROM claim_matches WHERE state <> 'proposed')";
    let row = sqlx::query(SNAPSHOT).fetch_one(app.state.db.pool()).await.expect("snapshot query");
    (0..row.len()).map(|i| row.try_get::<i64, _>(i).expect("a count")).collect()
}

/// Runs one row; returns what went wrong, if anything, and the id the response names (for `{last}`).
async fn run_case(app: &TestApp, ctx: &Ctx, case: &Case, last: Option<i64>) -> (Vec<String>, Option<i64>) {
    let mut problems = Vec::new();
    let last = last.map(|l| l.to_string()).unwrap_or_else(|| "0".into());
    let path = case.path.replace("{last}", &last);
    let body = if case.body.len() < 100_000 {
        match std::str::from_utf8(&case.body) {
            Ok(s) => s.replace("{last}", &last).into_bytes(),
            Err(_) => case.body.clone(),
        }
    } else {
        case.body.clone()
    };
    let refusal = matches!(case.expect, Expect::Refused | Expect::RefusedWith(_));
    let before = if refusal { Some(counts(app).await) } else { None };

    let mut req = no_redirects().request(case.method.parse().unwrap(), app.url(&path));
    match case.who {
        Who::Anon => {}
        Who::Reviewer => req = req.header(COOKIE, &ctx.reviewer),
        Who::Admin => req = req.header(COOKIE, &ctx.admin),
    }
    if let Some(ct) = &case.content_type {
        req = req.header(CONTENT_TYPE, ct.as_str());
    }
    if path.starts_with("/rpc/") {
        req = req.header(ACCEPT, "application/json");
    }
    if !body.is_empty() {
        req = req.body(body);
    }
    let resp = match req.send().await {
        Ok(r) => r,
        Err(e) => return (vec![format!("{}: the request failed: {e}", case.name)], None),
    };
    let status = resp.status().as_u16();
    let is_json = resp
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    let text = resp.text().await.unwrap_or_default();
    let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let shown = text.chars().take(300).collect::<String>();
    let who = format!("{} [{} {path} as {:?}]", case.name, case.method, case.who);

    if status >= 500 {
        problems.push(format!("{who}: a server error {status}: {shown}"));
        return (problems, None);
    }
    match &case.expect {
        Expect::Refused | Expect::RefusedWith(_) => {
            if let Expect::RefusedWith(want) = case.expect {
                if status != want {
                    problems.push(format!("{who}: expected {want}, got {status}: {shown}"));
                }
            }
            if !(400..500).contains(&status) {
                problems.push(format!("{who}: expected a 4xx, got {status}: {shown}"));
            } else if !is_json || message(&value).is_none() {
                problems.push(format!("{who}: {status} without a JSON message: {shown:?}"));
            } else if path.starts_with("/api/") && value.get("field").is_none() {
                problems.push(format!("{who}: {status} without `field`: {shown}"));
            }
            let after = counts(app).await;
            if Some(&after) != before.as_ref() {
                problems.push(format!("{who}: refused, yet stored data changed: {before:?} -> {after:?}"));
            }
        }
        Expect::Stored { readback, value: want } => {
            if !(200..300).contains(&status) {
                problems.push(format!("{who}: expected a 2xx, got {status}: {shown}"));
            } else {
                let id = value["id"].as_i64().map(|i| i.to_string()).unwrap_or_default();
                let claim_id = value["claim_id"].as_i64().map(|i| i.to_string()).unwrap_or_default();
                let back_path = readback.replace("{id}", &id).replace("{claim_id}", &claim_id);
                let back = get_json(app, &back_path, &ctx.admin).await;
                if !contains_string(&back, want) {
                    problems.push(format!("{who}: {want:?} was not stored verbatim (read back {back_path})"));
                }
            }
        }
        Expect::Accepted => {
            if !(200..300).contains(&status) {
                problems.push(format!("{who}: expected a 2xx, got {status}: {shown}"));
            }
        }
        Expect::NoServerError => {}
    }
    let created = if (200..300).contains(&status) { value["id"].as_i64() } else { None };
    (problems, created)
}

// --- rendered pages ----------------------------------------------------------------------------

/// The text between `<script…>` and `</script>` removed, so tag checks see markup only.
fn without_script_bodies(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    while let Some(open) = lower[i..].find("<script") {
        let open = i + open;
        let Some(gt) = lower[open..].find('>') else { break };
        out.push_str(&html[i..open + gt + 1]);
        match lower[open + gt..].find("</script") {
            Some(close) => i = open + gt + close,
            None => {
                i = html.len();
                break;
            }
        }
    }
    out.push_str(&html[i.min(html.len())..]);
    out
}

/// Up to 80 bytes either side of `at`, for a failure message.
fn context(html: &str, at: usize) -> String {
    let mut from = at.saturating_sub(80);
    while !html.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (at + 80).min(html.len());
    while !html.is_char_boundary(to) {
        to += 1;
    }
    html[from..to].to_string()
}

/// What must never be in a page that shows hostile text.
fn escaping_problems(page: &str, html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for p in XSS.iter().chain(SQL).filter(|p| p.contains('<')) {
        if let Some(at) = html.find(p) {
            problems.push(format!("{page}: the payload {p:?} appears unescaped: …{}…", context(html, at)));
        }
    }
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<script>alert",
        "<img src=x",
        "<svg onload",
        "<iframe src=javascript",
        "<style>*",
        "<body onload",
        "<!--<script",
    ] {
        if let Some(at) = lower.find(bad) {
            problems.push(format!("{page}: {bad:?} appears in the page: …{}…", context(html, at)));
        }
    }
    let markup = without_script_bodies(&lower);
    for tag in markup.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")) {
        // Attribute names only: quoted values (an encoded URL may spell "onload=") are dropped.
        let mut quote = None;
        let names: String = tag
            .chars()
            .filter(|&ch| match quote {
                Some(q) if ch == q => {
                    quote = None;
                    false
                }
                Some(_) => false,
                None if ch == '"' || ch == '\'' => {
                    quote = Some(ch);
                    false
                }
                None => true,
            })
            .collect();
        for attr in ["onerror=", "onload=", "onclick=", "onmouseover=", "onfocus="] {
            if names.split_whitespace().any(|part| part.starts_with(attr)) {
                problems.push(format!("{page}: an event handler inside a tag: <{tag}>"));
            }
        }
        for attr in ["href=", "src=", "action=", "formaction="] {
            let mut rest = tag;
            while let Some(at) = rest.find(attr) {
                let value = rest[at + attr.len()..].trim_start_matches(['"', '\'']).trim_start();
                for scheme in ["javascript:", "data:", "vbscript:"] {
                    if value.starts_with(scheme) {
                        problems.push(format!("{page}: a {scheme} URL in <{tag}>"));
                    }
                }
                rest = &rest[at + attr.len()..];
            }
        }
    }
    problems
}

#[test]
fn the_page_checks_catch_unescaped_markup_and_pass_escaped_text() {
    assert!(!escaping_problems("t", "<p><script>alert(1)</script></p>").is_empty());
    assert!(!escaping_problems("t", "<p><a href='javascript:void(0)'>x</a></p>").is_empty());
    assert!(!escaping_problems("t", "<div><img src=y onerror=go()></div>").is_empty());
    assert!(!escaping_problems(
        "t",
        "<script type=\"application/ld+json\">{\"a\":\"<!--<script>\"}</script>"
    )
    .is_empty());
    let fine =
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><a href=\"https://e.org/%3Csvg%20onload=x\">x</a>\
        <script>if (a<b) {}</script>";
    assert_eq!(escaping_problems("t", fine), Vec::<String>::new());
}

// --- the table -----------------------------------------------------------------------------------

struct Fixture {
    article: i64,
    other_article: i64,
    claim: i64,
    locked_claim: i64,
    source: i64,
    victim: i64,
    merge_from: i64,
    merge_into: i64,
}

fn body_text() -> String {
    (1..=80).map(|i| format!("Report {i} says the bridge is {i}0 km long and cost ${i} million. ")).collect()
}

fn table(f: &Fixture) -> Vec<Case> {
    use Expect::*;
    use Who::*;
    let (a, b, c, s) = (f.article, f.other_article, f.claim, f.source);
    let mut rows = Vec::new();

    // Searches first, while the only titles are the fixtures': SQL and LIKE fragments match nothing.
    for q in SQL.iter().chain(&["%", "_", "\\"]) {
        let path = format!("/api/articles?q={}", form_encode(&[("", q)]).trim_start_matches('='));
        rows.push(raw_case(format!("search for {q:?} finds nothing"), "GET", path, None, "", Anon, Accepted));
    }

    // --- text fields that take any text: stored verbatim -------------------------------------
    let mut span = 0i64;
    for (i, p) in hostile_text().into_iter().enumerate() {
        let article = "/api/articles/{id}".to_string();
        rows.push(json_case(
            format!("article title {i}"),
            "POST",
            "/api/articles",
            json!({"title": p, "body": "It rained 5 mm on Monday."}),
            Reviewer,
            stored(&article, p),
        ));
        rows.push(json_case(
            format!("article body {i}"),
            "POST",
            "/api/articles",
            json!({"title": format!("Body {i}"), "body": format!("{p} The bridge is 765 km long. {p}")}),
            Reviewer,
            stored(&article, &format!("{p} The bridge is 765 km long. {p}")),
        ));
        rows.push(json_case(
            format!("article publisher {i}"),
            "POST",
            "/api/articles",
            json!({"title": format!("Publisher {i}"), "body": "It rained 5 mm.", "publisher": p}),
            Reviewer,
            stored(&article, p),
        ));
        let claim = "/api/claims/{claim_id}".to_string();
        rows.push(json_case(
            format!("source title {i}"),
            "POST",
            format!("/api/claims/{c}/sources"),
            json!({"url": format!("https://title{i}.example/"), "title": p, "stance": "supports"}),
            Reviewer,
            stored(&claim, p),
        ));
        rows.push(json_case(
            format!("source publisher {i}"),
            "POST",
            format!("/api/claims/{c}/sources"),
            json!({"url": format!("https://publisher{i}.example/"), "publisher": p, "stance": "refutes"}),
            Reviewer,
            stored(&claim, p),
        ));
        rows.push(json_case(
            format!("source excerpt {i}"),
            "POST",
            format!("/api/claims/{c}/sources"),
            json!({"url": format!("https://excerpt{i}.example/"), "excerpt": p, "stance": "context"}),
            Reviewer,
            stored(&claim, p),
        ));
        // The source just made gets a flag whose details are the payload; it stays open for /admin.
        rows.push(json_case(
            format!("source flag details {i}"),
            "POST",
            "/api/sources/{last}/flags",
            json!({"reason": "other", "details": p}),
            Reviewer,
            stored("/api/moderation/queue", p),
        ));
        span += 1;
        rows.push(json_case(
            format!("manual claim statement {i}"),
            "POST",
            format!("/api/articles/{a}/claims"),
            json!({"start": span * 13 + 1, "end": span * 13 + 40, "statement": p}),
            Reviewer,
            stored("/api/claims/{id}", p),
        ));
        rows.push(json_case(
            format!("vote note {i}"),
            "POST",
            format!("/api/claims/{c}/votes"),
            json!({"verdict": "not_a_claim", "note": p}),
            Reviewer,
            stored(format!("/api/claims/{c}"), p),
        ));
        rows.push(json_case(
            format!("claim flag details {i}"),
            "POST",
            format!("/api/claims/{c}/flags"),
            json!({"reason": "other", "details": p}),
            Reviewer,
            stored("/api/moderation/queue", p),
        ));
        rows.push(json_case(
            format!("flag dismissal note {i}"),
            "POST",
            "/api/flags/{last}",
            json!({"action": "dismiss", "note": p}),
            Admin,
            stored("/api/moderation/audit", p),
        ));
        rows.push(json_case(
            format!("moderation: edit statement {i}"),
            "POST",
            format!("/api/claims/{}/moderation", f.locked_claim),
            json!({"action": "edit", "statement": p}),
            Admin,
            stored(format!("/api/claims/{}", f.locked_claim), p),
        ));
        rows.push(json_case(
            format!("moderation: hide reason {i}"),
            "POST",
            format!("/api/claims/{c}/moderation"),
            json!({"action": "hide", "reason": p}),
            Admin,
            stored("/api/moderation/audit", p),
        ));
        rows.push(json_case(
            format!("moderation: restore reason {i}"),
            "POST",
            format!("/api/claims/{c}/moderation"),
            json!({"action": "restore", "reason": p}),
            Admin,
            stored("/api/moderation/audit", p),
        ));
        rows.push(json_case(
            format!("moderation: source hide reason {i}"),
            "POST",
            format!("/api/sources/{s}/moderation"),
            json!({"action": "hide", "reason": p}),
            Admin,
            stored("/api/moderation/audit", p),
        ));
        rows.push(json_case(
            format!("moderation: source restore {i}"),
            "POST",
            format!("/api/sources/{s}/moderation"),
            json!({"action": "restore", "reason": p}),
            Admin,
            Accepted,
        ));
        rows.push(json_case(
            format!("moderation: article lock reason {i}"),
            "POST",
            format!("/api/articles/{b}/moderation"),
            json!({"action": "lock", "reason": p}),
            Admin,
            stored("/api/moderation/audit", p),
        ));
        rows.push(json_case(
            format!("moderation: article unlock {i}"),
            "POST",
            format!("/api/articles/{b}/moderation"),
            json!({"action": "unlock", "reason": p}),
            Admin,
            Accepted,
        ));
        rows.push(json_case(
            format!("moderation: disable reason {i}"),
            "POST",
            format!("/api/users/{}/disable", f.victim),
            json!({"reason": p}),
            Admin,
            stored("/api/moderation/audit", p),
        ));
        rows.push(json_case(
            format!("moderation: enable reason {i}"),
            "POST",
            format!("/api/users/{}/enable", f.victim),
            json!({"reason": p}),
            Admin,
            stored("/api/moderation/audit", p),
        ));
        rows.push(json_case(
            format!("register: username {i}"),
            "POST",
            "/api/auth/register",
            json!({"username": p, "password": PASSWORD}),
            Anon,
            Refused,
        ));
        rows.push(json_case(
            format!("register: password {i}"),
            "POST",
            "/api/auth/register",
            json!({"username": format!("pw{i}"), "password": format!("{p} {PASSWORD}")}),
            Anon,
            Accepted,
        ));
    }
    rows.push(json_case(
        "moderation: edit to a comment-opening statement",
        "POST",
        format!("/api/claims/{}/moderation", f.locked_claim),
        json!({"action": "edit", "statement": XSS[6]}),
        Admin,
        stored(format!("/api/claims/{}", f.locked_claim), XSS[6]),
    ));
    // The edited claim gets an editorial verdict, so its (hostile) statement is published as JSON-LD.
    rows.push(json_case(
        "moderation: lock the hostile statement",
        "POST",
        format!("/api/claims/{}/moderation", f.locked_claim),
        json!({"action": "lock", "verdict": "verified", "reason": XSS[6]}),
        Admin,
        stored("/api/moderation/audit", XSS[6]),
    ));
    rows.push(json_case(
        "moderation: merge reason",
        "POST",
        format!("/api/claims/{}/merge", f.merge_from),
        json!({"into": f.merge_into, "reason": XSS[0]}),
        Admin,
        stored("/api/moderation/audit", XSS[0]),
    ));
    rows.push(json_case(
        "moderation: role reason",
        "POST",
        format!("/api/users/{}/role", f.victim),
        json!({"role": "admin", "reason": XSS[1]}),
        Admin,
        stored("/api/moderation/audit", XSS[1]),
    ));
    rows.push(json_case(
        "moderation: role back",
        "POST",
        format!("/api/users/{}/role", f.victim),
        json!({"role": "reviewer", "reason": XSS[2]}),
        Admin,
        stored("/api/moderation/audit", XSS[2]),
    ));
    rows.push(json_case(
        "login: SQL in the username",
        "POST",
        "/api/auth/login",
        json!({"username": "' OR 1=1 --", "password": "x"}),
        Anon,
        RefusedWith(401),
    ));
    rows.push(json_case(
        "login: SQL in the password",
        "POST",
        "/api/auth/login",
        json!({"username": "reviewer", "password": "' OR '1'='1"}),
        Anon,
        RefusedWith(401),
    ));

    // URLs with markup in them are legitimate, stored normalised (percent-encoded).
    rows.push(json_case("article url with markup", "POST", "/api/articles",
        json!({"title": "Url", "body": "It rained.", "url": "https://example.org/?q=<script>alert(1)</script>"}),
        Reviewer, stored("/api/articles/{id}", "https://example.org/?q=%3Cscript%3Ealert(1)%3C/script%3E")));
    rows.push(json_case(
        "source url with markup",
        "POST",
        format!("/api/claims/{c}/sources"),
        json!({"url": "https://example.org/\"><svg onload=alert(1)>", "stance": "context"}),
        Reviewer,
        stored("/api/claims/{claim_id}", "https://example.org/%22%3E%3Csvg%20onload=alert(1)%3E"),
    ));

    // --- URLs that must be refused ---------------------------------------------------------------
    for (i, u) in BAD_URLS.iter().enumerate() {
        rows.push(json_case(
            format!("article url {u:?}"),
            "POST",
            "/api/articles",
            json!({"title": format!("Bad url {i}"), "body": "It rained.", "url": u}),
            Reviewer,
            RefusedWith(422),
        ));
    }
    // A source must also be a link readers can open: not on this computer or a private network.
    let unreachable =
        ["http://[::1]/", "http://127.0.0.1:8080/report", "http://localhost/a", "http://10.0.0.7/memo"];
    for u in BAD_URLS.iter().chain(&unreachable) {
        rows.push(json_case(
            format!("source url {u:?}"),
            "POST",
            format!("/api/claims/{c}/sources"),
            json!({"url": u, "stance": "supports"}),
            Reviewer,
            RefusedWith(422),
        ));
    }

    // --- NUL characters in every text field --------------------------------------------------------
    let nul = "a\u{0}b";
    let nul_rows: Vec<(&str, String, Value, Who)> = vec![
        ("article title", "/api/articles".into(), json!({"title": nul, "body": "x"}), Reviewer),
        ("article body", "/api/articles".into(), json!({"title": "t", "body": nul}), Reviewer),
        (
            "article publisher",
            "/api/articles".into(),
            json!({"title": "t", "body": "x", "publisher": nul}),
            Reviewer,
        ),
        (
            "article url",
            "/api/articles".into(),
            json!({"title": "t", "body": "x", "url": "https://a.example/\u{0}"}),
            Reviewer,
        ),
        (
            "article date",
            "/api/articles".into(),
            json!({"title": "t", "body": "x", "published_date": "2024-01-01\u{0}"}),
            Reviewer,
        ),
        (
            "claim statement",
            format!("/api/articles/{a}/claims"),
            json!({"start": 2, "end": 9, "statement": nul}),
            Reviewer,
        ),
        (
            "source title",
            format!("/api/claims/{c}/sources"),
            json!({"url": "https://nul1.example/", "title": nul, "stance": "supports"}),
            Reviewer,
        ),
        (
            "source publisher",
            format!("/api/claims/{c}/sources"),
            json!({"url": "https://nul2.example/", "publisher": nul, "stance": "supports"}),
            Reviewer,
        ),
        (
            "source excerpt",
            format!("/api/claims/{c}/sources"),
            json!({"url": "https://nul3.example/", "excerpt": nul, "stance": "supports"}),
            Reviewer,
        ),
        (
            "source stance",
            format!("/api/claims/{c}/sources"),
            json!({"url": "https://nul4.example/", "stance": "supports\u{0}"}),
            Reviewer,
        ),
        (
            "vote note",
            format!("/api/claims/{c}/votes"),
            json!({"verdict": "not_a_claim", "note": nul}),
            Reviewer,
        ),
        (
            "flag details",
            format!("/api/claims/{c}/flags"),
            json!({"reason": "other", "details": nul}),
            Reviewer,
        ),
        (
            "moderation reason",
            format!("/api/claims/{c}/moderation"),
            json!({"action": "hide", "reason": nul}),
            Admin,
        ),
        (
            "moderation statement",
            format!("/api/claims/{c}/moderation"),
            json!({"action": "edit", "statement": nul}),
            Admin,
        ),
        (
            "username",
            "/api/auth/register".into(),
            json!({"username": "nul\u{0}user", "password": PASSWORD}),
            Anon,
        ),
        ("disable reason", format!("/api/users/{}/disable", f.victim), json!({"reason": nul}), Admin),
    ];
    for (field, path, body, who) in nul_rows {
        rows.push(json_case(format!("NUL in {field}"), "POST", path, body, who, RefusedWith(422)));
    }

    // --- oversized text ------------------------------------------------------------------------------
    let long = "x".repeat(3_000);
    rows.push(json_case(
        "title over 300 characters",
        "POST",
        "/api/articles",
        json!({"title": long, "body": "x"}),
        Reviewer,
        RefusedWith(422),
    ));
    rows.push(json_case(
        "body over 1 MB",
        "POST",
        "/api/articles",
        json!({"title": "t", "body": "x".repeat(1_000_001)}),
        Reviewer,
        RefusedWith(422),
    ));
    rows.push(json_case(
        "excerpt over 2000 characters",
        "POST",
        format!("/api/claims/{c}/sources"),
        json!({"url": "https://long.example/", "excerpt": long, "stance": "supports"}),
        Reviewer,
        RefusedWith(422),
    ));
    rows.push(json_case(
        "note over 2000 characters",
        "POST",
        format!("/api/claims/{c}/votes"),
        json!({"verdict": "not_a_claim", "note": long}),
        Reviewer,
        RefusedWith(422),
    ));
    rows.push(json_case(
        "url over 2048 characters",
        "POST",
        format!("/api/claims/{c}/sources"),
        json!({"url": format!("https://long.example/{long}"), "stance": "supports"}),
        Reviewer,
        RefusedWith(422),
    ));
    rows.push(json_case(
        "username of 10,000 characters",
        "POST",
        "/api/auth/register",
        json!({"username": "u".repeat(10_000), "password": PASSWORD}),
        Anon,
        RefusedWith(422),
    ));
    rows.push(json_case(
        "login with a 1 MB password",
        "POST",
        "/api/auth/login",
        json!({"username": "reviewer", "password": "p".repeat(1_000_000)}),
        Anon,
        RefusedWith(401),
    ));

    // --- 10 MB bodies: over the 2 MiB request limit ---------------------------------------------
    let ten_mb = {
        let mut v = br#"{"title":"big","body":""#.to_vec();
        v.extend(std::iter::repeat_n(b'x', 10 * 1024 * 1024));
        v.extend(br#""}"#);
        v
    };
    for (path, who) in [
        ("/api/articles".to_string(), Reviewer),
        ("/api/auth/register".to_string(), Anon),
        ("/api/auth/login".to_string(), Anon),
        (format!("/api/claims/{c}/sources"), Reviewer),
        (format!("/api/claims/{c}/votes"), Reviewer),
        (format!("/api/users/{}/enable", f.victim), Admin),
    ] {
        rows.push(raw_case(
            format!("10 MB JSON to {path}"),
            "POST",
            path,
            Some("application/json"),
            ten_mb.clone(),
            who,
            RefusedWith(413),
        ));
    }
    let mut ten_mb_form = b"title=big&body=".to_vec();
    ten_mb_form.extend(std::iter::repeat_n(b'x', 10 * 1024 * 1024));
    rows.push(raw_case(
        "10 MB form to /rpc/submit_article",
        "POST",
        "/rpc/submit_article",
        Some("application/x-www-form-urlencoded"),
        ten_mb_form,
        Reviewer,
        RefusedWith(413),
    ));

    // --- malformed JSON on every JSON endpoint -------------------------------------------------------
    let deep = {
        let mut v = b"{\"title\":".to_vec();
        v.extend(std::iter::repeat_n(b'[', 10_000));
        v.extend(std::iter::repeat_n(b']', 10_000));
        v.push(b'}');
        v
    };
    let deep_objects = {
        let mut s = String::new();
        for _ in 0..10_000 {
            s.push_str("{\"a\":");
        }
        s.push('1');
        s.push_str(&"}".repeat(10_000));
        s.into_bytes()
    };
    let json_endpoints: Vec<(String, Who)> = vec![
        ("/api/auth/register".into(), Anon),
        ("/api/auth/login".into(), Anon),
        ("/api/articles".into(), Reviewer),
        (format!("/api/articles/{a}/claims"), Reviewer),
        (format!("/api/claims/{c}/sources"), Reviewer),
        (format!("/api/claims/{c}/votes"), Reviewer),
        (format!("/api/claims/{c}/flags"), Reviewer),
        (format!("/api/sources/{s}/flags"), Reviewer),
        (format!("/api/claims/{c}/moderation"), Admin),
        (format!("/api/claims/{c}/merge"), Admin),
        (format!("/api/sources/{s}/moderation"), Admin),
        (format!("/api/articles/{b}/moderation"), Admin),
        (format!("/api/articles/{b}/merge"), Admin),
        ("/api/flags/1".into(), Admin),
        (format!("/api/users/{}/disable", f.victim), Admin),
        (format!("/api/users/{}/enable", f.victim), Admin),
        (format!("/api/users/{}/role", f.victim), Admin),
    ];
    let malformed: Vec<(&str, Vec<u8>)> = vec![
        ("invalid UTF-8", b"{\"title\":\"\xff\xfe\xc3\x28\",\"body\":\"x\"}".to_vec()),
        ("10,000 nested arrays", deep.clone()),
        ("10,000 nested objects", deep_objects.clone()),
        ("truncated JSON", b"{\"title\":".to_vec()),
        ("a JSON array", b"[]".to_vec()),
        ("JSON null", b"null".to_vec()),
        ("1e400", b"1e400".to_vec()),
    ];
    for (path, who) in &json_endpoints {
        // `enable` takes an optional body, so a malformed one may also meet "not disabled" (409).
        let expect = if path.ends_with("/enable") { Refused } else { RefusedWith(422) };
        for (what, bytes) in &malformed {
            rows.push(raw_case(
                format!("{what} to {path}"),
                "POST",
                path.clone(),
                Some("application/json"),
                bytes.clone(),
                *who,
                expect.clone(),
            ));
        }
        // Wrong content types: the JSON is fine, the label is not.
        let ok_json = br#"{"title":"t","body":"x"}"#.to_vec();
        for ct in ["text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"] {
            rows.push(raw_case(
                format!("{ct} to {path}"),
                "POST",
                path.clone(),
                Some(ct),
                ok_json.clone(),
                *who,
                Refused,
            ));
        }
        rows.push(raw_case(
            format!("no content type to {path}"),
            "POST",
            path.clone(),
            None,
            ok_json.clone(),
            *who,
            Refused,
        ));
    }

    // --- numbers: huge, negative, fractional, of the wrong type --------------------------------------
    let claims = format!("/api/articles/{a}/claims");
    for (what, body) in [
        ("start 2^63", r#"{"start":9223372036854775808,"end":10}"#),
        ("end 2^64", r#"{"start":1,"end":18446744073709551616}"#),
        ("start 1e400", r#"{"start":1e400,"end":10}"#),
        ("start -1", r#"{"start":-1,"end":10}"#),
        ("start = end", r#"{"start":10,"end":10}"#),
        ("end past the body", r#"{"start":1,"end":9223372036854775807}"#),
        ("start -2^63", r#"{"start":-9223372036854775808,"end":10}"#),
        ("start 1.5", r#"{"start":1.5,"end":10}"#),
        ("start as text", r#"{"start":"1","end":10}"#),
        ("start NaN", r#"{"start":NaN,"end":10}"#),
    ] {
        rows.push(raw_case(
            format!("claim range: {what}"),
            "POST",
            claims.clone(),
            Some("application/json"),
            body,
            Reviewer,
            RefusedWith(422),
        ));
    }
    let votes = format!("/api/claims/{c}/votes");
    for (what, body) in [
        ("source id 2^63", r#"{"verdict":"verified","source_ids":[9223372036854775808]}"#.to_string()),
        ("source id -1", r#"{"verdict":"verified","source_ids":[-1]}"#.to_string()),
        ("source id 0", r#"{"verdict":"verified","source_ids":[0]}"#.to_string()),
        ("source id i64::MAX", r#"{"verdict":"verified","source_ids":[9223372036854775807]}"#.to_string()),
        ("source ids as text", r#"{"verdict":"verified","source_ids":"1"}"#.to_string()),
        ("verified without sources", r#"{"verdict":"verified","source_ids":[]}"#.to_string()),
        ("unknown verdict", r#"{"verdict":"<script>alert(1)</script>","source_ids":[]}"#.to_string()),
        ("SQL verdict", r#"{"verdict":"verified' OR 1=1 --","source_ids":[]}"#.to_string()),
    ] {
        rows.push(raw_case(
            format!("vote: {what}"),
            "POST",
            votes.clone(),
            Some("application/json"),
            body,
            Reviewer,
            RefusedWith(422),
        ));
    }
    for (what, into) in [
        ("2^63", "9223372036854775808"),
        ("-1", "-1"),
        ("0", "0"),
        ("i64::MAX", "9223372036854775807"),
        ("1e400", "1e400"),
    ] {
        rows.push(raw_case(
            format!("merge into {what}"),
            "POST",
            format!("/api/claims/{c}/merge"),
            Some("application/json"),
            format!(r#"{{"into":{into},"reason":"dup"}}"#),
            Admin,
            Refused,
        ));
        rows.push(raw_case(
            format!("article merge into {what}"),
            "POST",
            format!("/api/articles/{b}/merge"),
            Some("application/json"),
            format!(r#"{{"into":{into},"reason":"copy"}}"#),
            Admin,
            Refused,
        ));
    }
    rows.push(raw_case(
        "disable with exclude_votes as text",
        "POST",
        format!("/api/users/{}/disable", f.victim),
        Some("application/json"),
        r#"{"reason":"r","exclude_votes":"yes"}"#,
        Admin,
        RefusedWith(422),
    ));

    // Unknown words where a fixed set is expected.
    for (path, body, who) in [
        (
            format!("/api/claims/{c}/sources"),
            json!({"url": "https://w.example/", "stance": "' OR 1=1 --"}),
            Reviewer,
        ),
        (format!("/api/claims/{c}/flags"), json!({"reason": "<script>alert(1)</script>"}), Reviewer),
        (format!("/api/claims/{c}/moderation"), json!({"action": "drop table"}), Admin),
        (
            format!("/api/claims/{c}/moderation"),
            json!({"action": "lock", "verdict": "<b>yes</b>", "reason": "r"}),
            Admin,
        ),
        (format!("/api/sources/{s}/moderation"), json!({"action": "'; DROP TABLE sources; --"}), Admin),
        (format!("/api/articles/{b}/moderation"), json!({"action": "<script>"}), Admin),
        (format!("/api/users/{}/role", f.victim), json!({"role": "superuser' --"}), Admin),
        ("/api/flags/1".to_string(), json!({"action": "<img src=x onerror=alert(1)>"}), Admin),
    ] {
        rows.push(json_case(format!("unknown word to {path}"), "POST", path, body, who, RefusedWith(422)));
    }

    // --- ids in paths -------------------------------------------------------------------------------
    let id_endpoints: Vec<(&'static str, &str, Option<Value>, Who)> = vec![
        ("GET", "/api/articles/{x}", None, Anon),
        ("GET", "/api/articles/{x}/export?format=json", None, Anon),
        ("POST", "/api/articles/{x}/claims", Some(json!({"start": 0, "end": 5})), Reviewer),
        ("POST", "/api/articles/{x}/moderation", Some(json!({"action": "lock", "reason": "r"})), Admin),
        ("POST", "/api/articles/{x}/merge", Some(json!({"into": 1, "reason": "r"})), Admin),
        ("GET", "/api/claims/{x}", None, Anon),
        (
            "POST",
            "/api/claims/{x}/sources",
            Some(json!({"url": "https://id.example/", "stance": "supports"})),
            Reviewer,
        ),
        ("POST", "/api/claims/{x}/votes", Some(json!({"verdict": "not_a_claim"})), Reviewer),
        ("DELETE", "/api/claims/{x}/votes", None, Reviewer),
        ("POST", "/api/claims/{x}/flags", Some(json!({"reason": "spam"})), Reviewer),
        ("POST", "/api/claims/{x}/moderation", Some(json!({"action": "approve"})), Admin),
        ("POST", "/api/claims/{x}/merge", Some(json!({"into": c, "reason": "r"})), Admin),
        ("POST", "/api/sources/{x}/flags", Some(json!({"reason": "spam"})), Reviewer),
        ("POST", "/api/sources/{x}/moderation", Some(json!({"action": "hide", "reason": "r"})), Admin),
        ("POST", "/api/flags/{x}", Some(json!({"action": "dismiss"})), Admin),
        ("POST", "/api/users/{x}/disable", Some(json!({"reason": "r"})), Admin),
        ("POST", "/api/users/{x}/enable", None, Admin),
        ("POST", "/api/users/{x}/role", Some(json!({"role": "admin"})), Admin),
        ("POST", "/api/claims/{x}/requests", None, Anon),
        ("POST", "/api/claims/{x}/requests", None, Reviewer),
    ];
    for (method, template, body, who) in &id_endpoints {
        for id in BAD_IDS {
            let path = template.replace("{x}", id);
            let name = format!("id {id:?}: {method} {template}");
            rows.push(match body {
                Some(b) => json_case(name, method, path, b.clone(), *who, Refused),
                None => raw_case(name, method, path, None, "", *who, Refused),
            });
        }
    }
    for id in BAD_IDS {
        for template in ["/api/claims/{x}/matches/1".to_string(), format!("/api/claims/{c}/matches/{{x}}")] {
            let path = template.replace("{x}", id);
            let name = format!("id {id:?}: POST {template}");
            rows.push(json_case(name, "POST", path, json!({"decision": "confirm"}), Reviewer, Refused));
        }
    }

    // --- the fact-check library: hostile text stored verbatim, bad files refused whole ---------------
    for (i, p) in
        hostile_text().into_iter().enumerate().filter(|(_, p)| !p.trim().is_empty() && !p.contains('\0'))
    {
        let review = json!({
            "claimReviewed": p,
            "url": format!("https://hostile.example/check-{i}"),
            "author": {"name": "Hostile Desk"},
            "reviewRating": {"alternateName": p}
        });
        rows.push(raw_case(
            format!("fact-check import: text {i}"),
            "POST",
            "/api/factchecks?format=claimreview",
            Some("text/plain"),
            serde_json::to_vec(&review).unwrap(),
            Admin,
            stored("/api/factchecks", p.trim()),
        ));
    }
    let bad_files: Vec<(&str, String)> = vec![
        ("a NUL character", "id\tclaim\ttitle\n1\ta\u{0}b\tt\n".into()),
        ("a javascript: url", json!({"claimReviewed": "x", "url": "javascript:alert(1)", "author": {"name": "d"}, "reviewRating": {"alternateName": "False"}}).to_string()),
        ("an unclosed array", "[{\"claimReviewed\": \"x\"".into()),
        ("only a header", "id\tclaim\ttitle\n".into()),
        ("an empty file", String::new()),
        ("a date that is not a date", json!({"claimReviewed": "x", "url": "https://d.example/", "author": {"name": "d"}, "datePublished": "<script>", "reviewRating": {"alternateName": "False"}}).to_string()),
    ];
    for (what, file) in bad_files {
        rows.push(raw_case(
            format!("fact-check import with {what}"),
            "POST",
            "/api/factchecks",
            Some("text/plain"),
            file,
            Admin,
            Refused,
        ));
    }
    rows.push(raw_case(
        "fact-check import: unknown format",
        "POST",
        "/api/factchecks?format=xml",
        Some("text/plain"),
        "id\tclaim\ttitle\n",
        Admin,
        RefusedWith(422),
    ));
    rows.push(raw_case(
        "fact-check import: not UTF-8",
        "POST",
        "/api/factchecks",
        Some("text/plain"),
        vec![0xff, 0xfe, 0x00],
        Admin,
        RefusedWith(422),
    ));
    for q in SQL.iter().chain(&["%", "_", "\\"]) {
        let path = format!("/api/factchecks?q={}", form_encode(&[("", q)]).trim_start_matches('='));
        rows.push(raw_case(format!("library search for {q:?}"), "GET", path, None, "", Anon, Accepted));
    }
    rows.push(raw_case(
        "library search over 500 characters",
        "GET",
        format!("/api/factchecks?q={}", "a".repeat(501)),
        None,
        "",
        Anon,
        RefusedWith(422),
    ));
    rows.push(json_case(
        "match decision: unknown word",
        "POST",
        format!("/api/claims/{c}/matches/1"),
        json!({"decision": "maybe"}),
        Reviewer,
        RefusedWith(422),
    ));

    for id in BAD_IDS {
        for p in ["/articles/{x}", "/claims/{x}", "/articles/{x}/report"] {
            rows.push(raw_case(
                format!("page with id {id:?}"),
                "GET",
                p.replace("{x}", id),
                None,
                "",
                Anon,
                NoServerError,
            ));
        }
    }

    // --- query strings --------------------------------------------------------------------------------
    for (what, q, expect) in [
        ("page=abc", "/api/articles?page=abc", RefusedWith(422)),
        ("page=-1", "/api/articles?page=-1", RefusedWith(422)),
        ("page=2^32", "/api/articles?page=4294967296", RefusedWith(422)),
        ("page=1e400", "/api/articles?page=1e400", RefusedWith(422)),
        ("page=0", "/api/articles?page=0", Accepted),
        ("page=4294967295", "/api/articles?page=4294967295", Accepted),
        ("unknown status", "/api/articles?status=%3Cscript%3E", RefusedWith(422)),
        ("SQL status", "/api/articles?status=verified%27%20OR%201%3D1%20--", RefusedWith(422)),
        ("archived=maybe", "/api/articles?archived=maybe", RefusedWith(422)),
        ("q over 200 characters", &format!("/api/articles?q={}", "a".repeat(201)), RefusedWith(422)),
        ("q with invalid UTF-8", "/api/articles?q=%FF%FE", Accepted),
        ("q with a NUL", "/api/articles?q=a%00b", RefusedWith(422)),
        ("users q with a NUL", "/api/users?q=a%00b", RefusedWith(422)),
        ("audit actor with a NUL", "/api/moderation/audit?actor=a%00b", RefusedWith(422)),
        ("audit action with a NUL", "/api/moderation/audit?action=a%00b", RefusedWith(422)),
        ("bare percent", "/api/articles?q=%", Accepted),
        ("repeated keys", "/api/articles?page=1&page=2", RefusedWith(422)),
        ("no key", "/api/articles?=&&=x", Accepted),
        ("export format unknown", &format!("/api/articles/{a}/export?format=%3Cscript%3E"), RefusedWith(422)),
        ("export format missing", &format!("/api/articles/{a}/export"), RefusedWith(422)),
        ("audit target_id 2^63", "/api/moderation/audit?target_id=9223372036854775808", RefusedWith(422)),
        ("audit page -1", "/api/moderation/audit?page=-1", RefusedWith(422)),
        (
            "audit target_type SQL",
            "/api/moderation/audit?target_type=claim%27%20OR%201%3D1",
            RefusedWith(422),
        ),
        ("audit format xml", "/api/moderation/audit?format=xml", RefusedWith(422)),
        ("audit actor SQL", "/api/moderation/audit?actor=%27%20OR%201%3D1%20--", Accepted),
        ("users page abc", "/api/users?page=abc", RefusedWith(422)),
        ("users q SQL", "/api/users?q=%27%20OR%201%3D1%20--", Accepted),
    ] {
        rows.push(raw_case(format!("query: {what}"), "GET", q.to_string(), None, "", Admin, expect));
    }

    // --- methods ---------------------------------------------------------------------------------------
    for (method, path) in [
        ("PUT", "/api/articles".to_string()),
        ("DELETE", "/api/articles".to_string()),
        ("PATCH", format!("/api/articles/{a}")),
        ("DELETE", format!("/api/articles/{a}")),
        ("GET", "/api/auth/login".to_string()),
        ("PUT", "/api/auth/me".to_string()),
        ("GET", format!("/api/claims/{c}/sources")),
        ("PUT", format!("/api/claims/{c}/votes")),
        ("GET", format!("/api/claims/{c}/moderation")),
        ("DELETE", "/api/users".to_string()),
        ("POST", "/api/moderation/audit".to_string()),
        ("POST", "/api/openapi.json".to_string()),
    ] {
        rows.push(raw_case(format!("{method} {path}"), method, path, None, "", Admin, RefusedWith(405)));
    }
    rows.push(raw_case("unknown API path", "GET", "/api/nothing/here", None, "", Anon, RefusedWith(404)));

    // --- server functions ----------------------------------------------------------------------------
    for (i, p) in XSS.iter().enumerate().take(4) {
        rows.push(rpc_case(
            format!("rpc submit_article title {i}"),
            "submit_article",
            &[("title", p), ("body", "It rained 5 mm on Monday.")],
            Reviewer,
            stored("/api/articles/{id}", p),
        ));
        rows.push(rpc_case(
            format!("rpc add_source excerpt {i}"),
            "add_source",
            &[
                ("claim_id", &c.to_string()),
                ("url", &format!("https://rpc{i}.example/")),
                ("excerpt", p),
                ("stance", "context"),
            ],
            Reviewer,
            stored("/api/claims/{claim_id}", p),
        ));
        rows.push(rpc_case(
            format!("rpc vote note {i}"),
            "vote",
            &[("claim_id", &c.to_string()), ("verdict", "not_a_claim"), ("note", p)],
            Reviewer,
            stored(format!("/api/claims/{c}"), p),
        ));
        rows.push(rpc_case(
            format!("rpc register username {i}"),
            "register",
            &[("username", p), ("password", PASSWORD)],
            Anon,
            RefusedWith(422),
        ));
    }
    for u in BAD_URLS.iter().take(6) {
        rows.push(rpc_case(
            format!("rpc add_source url {u:?}"),
            "add_source",
            &[("claim_id", &c.to_string()), ("url", u), ("stance", "supports")],
            Reviewer,
            RefusedWith(422),
        ));
        rows.push(rpc_case(
            format!("rpc submit_article url {u:?}"),
            "submit_article",
            &[("title", "t"), ("body", "x"), ("url", u)],
            Reviewer,
            RefusedWith(422),
        ));
    }
    let cs = c.to_string();
    for (what, endpoint, pairs, who) in [
        ("claim_id not a number", "vote", vec![("claim_id", "abc"), ("verdict", "not_a_claim")], Reviewer),
        (
            "claim_id 2^63",
            "vote",
            vec![("claim_id", "9223372036854775808"), ("verdict", "not_a_claim")],
            Reviewer,
        ),
        ("claim_id missing", "vote", vec![("verdict", "not_a_claim")], Reviewer),
        ("claim_id -1", "vote", vec![("claim_id", "-1"), ("verdict", "not_a_claim")], Reviewer),
        (
            "source_ids not numbers",
            "vote",
            vec![("claim_id", &cs), ("verdict", "verified"), ("source_ids[0]", "x")],
            Reviewer,
        ),
        (
            "NUL in a note",
            "vote",
            vec![("claim_id", &cs), ("verdict", "not_a_claim"), ("note", "a\u{0}b")],
            Reviewer,
        ),
        (
            "start 2^63",
            "add_claim",
            vec![("article_id", "1"), ("start", "9223372036854775808"), ("end", "5")],
            Reviewer,
        ),
        ("start -1", "add_claim", vec![("article_id", "1"), ("start", "-1"), ("end", "5")], Reviewer),
        ("article id 0", "get_article", vec![("id", "0")], Anon),
        ("article id text", "get_article", vec![("id", "<script>")], Anon),
        ("claim id -1", "get_claim", vec![("id", "-1")], Anon),
        ("report id 2^64", "get_report", vec![("id", "18446744073709551616")], Anon),
        (
            "unknown moderation action",
            "moderate_claim",
            vec![("claim_id", &cs), ("action", "<script>")],
            Admin,
        ),
        (
            "unknown user action",
            "moderate_user",
            vec![("user_id", "1"), ("action", "'; DROP TABLE users; --")],
            Admin,
        ),
        (
            "flag reason markup",
            "flag_claim",
            vec![("claim_id", &cs), ("reason", "<img src=x onerror=alert(1)>")],
            Reviewer,
        ),
        ("login SQL", "login", vec![("username", "' OR 1=1 --"), ("password", "x")], Anon),
        ("list page -1", "list_articles", vec![("page", "-1")], Anon),
        ("search status markup", "search_articles", vec![("query[status]", "<script>")], Anon),
    ] {
        rows.push(rpc_case(format!("rpc {endpoint}: {what}"), endpoint, &pairs, who, Refused));
    }
    for (what, ct, body) in [
        (
            "invalid UTF-8",
            Some("application/x-www-form-urlencoded"),
            b"claim_id=1&verdict=not_a_claim&note=%FF%FE".to_vec(),
        ),
        (
            "raw invalid UTF-8 bytes",
            Some("application/x-www-form-urlencoded"),
            b"claim_id=1&verdict=\xff\xfe".to_vec(),
        ),
        ("a JSON body", Some("application/json"), br#"{"claim_id":1,"verdict":"not_a_claim"}"#.to_vec()),
        (
            "multipart",
            Some("multipart/form-data; boundary=x"),
            b"--x\r\nContent-Disposition: form-data; name=\"claim_id\"\r\n\r\n1\r\n--x--\r\n".to_vec(),
        ),
        ("text/plain", Some("text/plain"), b"claim_id=1&verdict=not_a_claim".to_vec()),
        ("no content type", None, b"claim_id=1&verdict=not_a_claim".to_vec()),
        (
            "deeply nested keys",
            Some("application/x-www-form-urlencoded"),
            format!("claim_id{}=1", "[a]".repeat(5_000)).into_bytes(),
        ),
    ] {
        rows.push(raw_case(
            format!("rpc vote with {what}"),
            "POST",
            "/rpc/vote",
            ct,
            body,
            Reviewer,
            Refused,
        ));
    }
    // --- import: links that must never be fetched, hostile pages ------------------------------------
    for url in [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "gopher://example.org/",
        "http://user:pw@example.org/",
        "http://127.0.0.1:1/",
        "http://0x7f000001/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost/",
        "   ",
    ] {
        rows.push(json_case(
            format!("import {url:?}"),
            "POST",
            "/api/import",
            json!({ "url": url }),
            Reviewer,
            RefusedWith(422),
        ));
    }
    rows.push(json_case(
        "import with no url or html",
        "POST",
        "/api/import",
        json!({}),
        Reviewer,
        RefusedWith(422),
    ));
    rows.push(json_case(
        "import url as a number",
        "POST",
        "/api/import",
        json!({ "url": 5 }),
        Reviewer,
        RefusedWith(422),
    ));
    rows.push(json_case(
        "import by a stranger",
        "POST",
        "/api/import",
        json!({ "html": "<p>x</p>" }),
        Anon,
        RefusedWith(401),
    ));
    for (i, p) in hostile_text().into_iter().enumerate() {
        let html = format!("<html><head><title>{p}</title><meta property=og:site_name content=\"{p}\"></head><body><article><p>{p} It rained 5 mm on Monday, the weather service said. {p}</p></article></body></html>");
        rows.push(json_case(
            format!("import hostile page {i}"),
            "POST",
            "/api/import",
            json!({ "html": html }),
            Reviewer,
            NoServerError,
        ));
    }
    for (what, html) in [
        ("20,000 nested divs", "<div>".repeat(20_000) + "<p>deep</p>"),
        ("5,000 nested bold", "<b>".repeat(5_000) + "<p>bold</p>"),
        (
            "broken JSON-LD",
            "<script type=application/ld+json>{\"@type\":\"Article\",</script><p>x</p>".into(),
        ),
        ("NUL bytes", "<p>a\u{0}b</p>".into()),
    ] {
        rows.push(json_case(
            format!("import {what}"),
            "POST",
            "/api/import",
            json!({ "html": html }),
            Reviewer,
            NoServerError,
        ));
    }
    rows.push(raw_case(
        "import form post without a link",
        "POST",
        "/submit",
        Some("application/x-www-form-urlencoded"),
        "import_url=javascript%3Aalert(1)",
        Reviewer,
        NoServerError,
    ));
    rows.push(raw_case(
        "import form post as a broken multipart",
        "POST",
        "/submit",
        Some("multipart/form-data; boundary=zz"),
        "--zz\r\nContent-Disposition: form-data; name=\"import_file\"\r\n\r\n<p>cut",
        Reviewer,
        NoServerError,
    ));
    // --- the review queue, check requests, activity ------------------------------------------------
    for q in [
        "limit=0",
        "limit=-1",
        "limit=101",
        "limit=99999999999999999999",
        "limit=%3Cscript%3E",
        "article=0",
        "article=-5",
        "article=9223372036854775808",
        "article=1%20OR%201=1",
        "article=%27%3B%20DROP%20TABLE%20claims%3B--",
        "article=99999",
        "limit=5&limit=6",
    ] {
        rows.push(raw_case(
            format!("review queue with {q}"),
            "GET",
            format!("/api/review/queue?{q}"),
            None,
            "",
            Reviewer,
            Refused,
        ));
    }
    rows.push(raw_case(
        "review queue unknown parameter",
        "GET",
        "/api/review/queue?evil=%3Cscript%3E",
        None,
        "",
        Reviewer,
        Accepted,
    ));
    rows.push(raw_case(
        "activity with a body",
        "GET",
        "/api/activity",
        Some("application/json"),
        "{\"x\":1}",
        Reviewer,
        Accepted,
    ));
    rows.push(raw_case("activity by POST", "POST", "/api/activity", None, "", Reviewer, Refused));
    rows.push(raw_case(
        "check request with a JSON body",
        "POST",
        format!("/api/claims/{c}/requests"),
        Some("application/json"),
        "{\"claim_id\": \"<script>\"}",
        Reviewer,
        Accepted,
    ));
    rows.push(raw_case(
        "the same check request again",
        "POST",
        format!("/api/claims/{c}/requests"),
        None,
        "",
        Reviewer,
        RefusedWith(409),
    ));
    for (what, endpoint, pairs) in [
        ("limit -5", "review_queue", vec![("limit", "-5")]),
        ("limit markup", "review_queue", vec![("limit", "<script>")]),
        ("article 0", "review_queue", vec![("article", "0")]),
        ("article 2^64", "review_queue", vec![("article", "18446744073709551616")]),
        ("claim markup", "ask_for_check", vec![("claim_id", "<script>")]),
        ("claim -1", "ask_for_check", vec![("claim_id", "-1")]),
        ("no claim", "ask_for_check", vec![]),
        ("claim 0", "ask_for_check", vec![("claim_id", "0")]),
    ] {
        rows.push(rpc_case(format!("rpc {endpoint}: {what}"), endpoint, &pairs, Reviewer, Refused));
    }

    // Issue 21: the account endpoints and the claim history cursor. Bad new passwords are refused
    // before the current one is checked, so none of these counts as a failed sign-in.
    for (what, body) in [
        ("not JSON", "current=x&new=y".to_string()),
        ("no new", r#"{"current":"correct horse battery"}"#.to_string()),
        ("numbers", r#"{"current":1,"new":2}"#.to_string()),
        ("new too short", r#"{"current":"correct horse battery","new":"<script>"}"#.to_string()),
        ("new too long", format!(r#"{{"current":"x","new":"{}"}}"#, "<b>".repeat(400))),
        ("common new", r#"{"current":"x","new":"1234567890"}"#.to_string()),
    ] {
        rows.push(raw_case(
            format!("password change: {what}"),
            "POST",
            "/api/auth/password",
            Some("application/json"),
            body,
            Reviewer,
            Refused,
        ));
    }
    for id in ["%3Cscript%3E", "'%20OR%201=1--", "..%2F..%2Fetc", "ffffffffffffffffffff", "0"] {
        rows.push(raw_case(
            format!("end session {id}"),
            "DELETE",
            format!("/api/auth/sessions/{id}"),
            None,
            "",
            Reviewer,
            RefusedWith(404),
        ));
    }
    for cursor in ["%3Cscript%3E", "-1", "0", "9223372036854775808", "1e3"] {
        rows.push(raw_case(
            format!("claim history before {cursor}"),
            "GET",
            format!("/api/claims/{c}?history_before={cursor}"),
            None,
            "",
            Reviewer,
            RefusedWith(422),
        ));
    }
    rows.push(rpc_case(
        "rpc change_password: no new",
        "change_password",
        &[("current", "x")],
        Reviewer,
        Refused,
    ));
    rows.push(rpc_case(
        "rpc end_my_session: markup",
        "end_my_session",
        &[("id", "<script>")],
        Reviewer,
        RefusedWith(404),
    ));
    rows.push(raw_case(
        "rpc with GET",
        "GET",
        "/rpc/vote?claim_id=1&verdict=not_a_claim",
        None,
        "",
        Reviewer,
        NoServerError,
    ));
    rows.push(raw_case(
        "unknown rpc",
        "POST",
        "/rpc/drop_tables",
        Some("application/x-www-form-urlencoded"),
        "",
        Reviewer,
        NoServerError,
    ));

    rows
}

#[tokio::test]
async fn hostile_input_is_refused_or_stored_verbatim_and_always_shown_escaped() {
    let mut app = spawn_app().await;
    let reviewer = register(&app, "reviewer").await;
    let admin = register_admin(&app, "boss").await;
    let (victim, _) = register_with_id(&app, "victim").await;

    let post = |path: String, body: Value, cookie: String| {
        let app = &app;
        async move {
            let (status, answer) = call(app, "POST", &path, Some(&cookie), Some(body)).await;
            assert!((200..300).contains(&status), "fixture {path}: {status} {answer}");
            answer
        }
    };
    let article =
        post("/api/articles".into(), json!({"title": "Fixture", "body": body_text()}), reviewer.clone())
            .await;
    let a = article["id"].as_i64().unwrap();
    let claims = article["claims"].as_array().unwrap();
    assert!(claims.len() >= 2, "the fixture proposes at least two claims");
    let (c, locked_claim) = (claims[0]["id"].as_i64().unwrap(), claims[1]["id"].as_i64().unwrap());
    let other = post(
        "/api/articles".into(),
        json!({"title": "Other", "body": "It rained 5 mm on Monday."}),
        reviewer.clone(),
    )
    .await;
    let source = post(
        format!("/api/claims/{c}/sources"),
        json!({"url": "https://fixture.example/", "stance": "supports"}),
        reviewer.clone(),
    )
    .await;
    let m1 =
        post(format!("/api/articles/{a}/claims"), json!({"start": 3, "end": 30}), reviewer.clone()).await;
    let m2 =
        post(format!("/api/articles/{a}/claims"), json!({"start": 4, "end": 31}), reviewer.clone()).await;
    let fixture = Fixture {
        article: a,
        other_article: other["id"].as_i64().unwrap(),
        claim: c,
        locked_claim,
        source: source["id"].as_i64().unwrap(),
        victim,
        merge_from: m2["id"].as_i64().unwrap(),
        merge_into: m1["id"].as_i64().unwrap(),
    };
    let ctx = Ctx { reviewer: reviewer.clone(), admin: admin.clone() };

    let rows = table(&fixture);
    let mut problems = Vec::new();
    let mut last = None;
    for case in &rows {
        let (mut p, created) = run_case(&app, &ctx, case, last).await;
        problems.append(&mut p);
        if created.is_some() {
            last = created;
        }
    }

    // Search for SQL fragments now that titles contain them: only the articles that really do.
    let found = get_json(
        &app,
        &format!("/api/articles?q={}", form_encode(&[("", "' OR 1=1 --")]).trim_start_matches('=')),
        &admin,
    )
    .await;
    let total = found["total"].as_i64().unwrap();
    let all = get_json(&app, "/api/articles", &admin).await["total"].as_i64().unwrap();
    if total >= all {
        problems.push(format!("a search for ' OR 1=1 -- matched every article ({total} of {all})"));
    }

    // Rendered pages: every article, the claims of the fixture, the report, the admin area.
    let mut pages: Vec<(String, Option<&str>)> = vec![
        ("/".into(), None),
        ("/?page=2".into(), None),
        ("/?archived=true".into(), None),
        (format!("/?q={}", form_encode(&[("", XSS[0])]).trim_start_matches('=')), None),
        (format!("/?status={}", form_encode(&[("", XSS[2])]).trim_start_matches('=')), None),
        (
            format!("/login?next={}", form_encode(&[("", "javascript:alert(1)")]).trim_start_matches('=')),
            None,
        ),
        ("/admin".into(), Some(admin.as_str())),
        ("/admin/audit".into(), Some(admin.as_str())),
        ("/admin/audit?page=2".into(), Some(admin.as_str())),
        ("/admin/users".into(), Some(admin.as_str())),
        ("/review".into(), Some(admin.as_str())),
        ("/review?limit=%3Cscript%3E&article=%3Cscript%3E".into(), Some(reviewer.as_str())),
        ("/activity".into(), Some(reviewer.as_str())),
        ("/activity".into(), Some(admin.as_str())),
    ];
    for page_no in 1..=5 {
        let list = get_json(&app, &format!("/api/articles?page={page_no}"), &admin).await;
        for item in list["items"].as_array().unwrap() {
            let id = item["id"].as_i64().unwrap();
            pages.push((format!("/articles/{id}"), None));
            pages.push((format!("/articles/{id}/report"), None));
        }
    }
    let full = get_json(&app, &format!("/api/articles/{a}"), &admin).await;
    for claim in full["claims"].as_array().unwrap() {
        let id = claim["id"].as_i64().unwrap();
        pages.push((format!("/claims/{id}"), None));
        pages.push((format!("/claims/{id}"), Some(admin.as_str())));
    }
    pages.push((format!("/articles/{a}"), Some(admin.as_str())));
    pages.push((format!("/articles/{a}"), Some(reviewer.as_str())));
    // The fact-check library holds the hostile imports.
    pages.push(("/factchecks".to_string(), None));
    pages.push(("/factchecks?page=2".to_string(), None));

    let mut shown_escaped = std::collections::HashSet::new();
    for (path, cookie) in &pages {
        let (status, html) = get_page(&app, path, *cookie).await;
        if status >= 500 {
            problems.push(format!("page {path}: {status}"));
        }
        problems.extend(escaping_problems(path, &html));
        if html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") {
            shown_escaped.insert(path.split('?').next().unwrap().split('/').nth(1).unwrap_or("").to_string());
        }
    }
    // The checks above are only worth something if the hostile text was on the pages at all.
    for area in ["", "articles", "claims", "admin"] {
        if !shown_escaped.contains(area) {
            problems.push(format!(
                "no page under /{area} showed the escaped payload; the page checks proved nothing"
            ));
        }
    }
    let (_, claim_page) = get_page(&app, &format!("/claims/{locked_claim}"), None).await;
    if !claim_page.contains("application/ld+json") {
        problems.push("the locked hostile claim has no JSON-LD to check".into());
    }

    let cases = rows.len();
    assert!(cases >= 200, "the table has {cases} rows");
    assert!(
        problems.is_empty(),
        "{} problem(s) in {cases} hostile cases:\n{}",
        problems.len(),
        problems.join("\n")
    );
    app.shutdown().await;
}

#[tokio::test]
async fn a_wrong_method_is_told_where_to_find_the_right_ones() {
    let mut app = spawn_app().await;
    let r = reqwest::Client::new().get(app.url("/api/auth/logout")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers()["allow"], "POST");
    let body: Value = r.json().await.unwrap();
    let error = body["error"].as_str().unwrap();
    assert!(error.starts_with("GET is not allowed at this address; "), "{error}");
    assert!(error.contains("POST") || error.contains("the Allow header"), "{error}");
    app.shutdown().await;
}
