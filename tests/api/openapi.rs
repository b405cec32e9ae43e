//! The OpenAPI document at /api/openapi.json: valid OpenAPI 3.x naming every REST operation.

use crate::helpers::spawn_app;
use serde_json::Value;

/// The contract of issue 5: every path with the methods it must offer.
const CONTRACT: &[(&str, &[&str])] = &[
    ("/api/auth/register", &["post"]),
    ("/api/auth/login", &["post"]),
    ("/api/auth/logout", &["post"]),
    ("/api/auth/me", &["get"]),
    ("/api/articles", &["get", "post"]),
    ("/api/articles/{id}", &["get"]),
    ("/api/articles/{id}/claims", &["post"]),
    ("/api/articles/{id}/export", &["get"]),
    ("/api/claims/{id}", &["get"]),
    ("/api/claims/{id}/sources", &["post"]),
    ("/api/claims/{id}/votes", &["post", "delete"]),
    ("/api/claims/{id}/flags", &["post"]),
    // Issue 6: moderation.
    ("/api/claims/{id}/moderation", &["post"]),
    ("/api/claims/{id}/merge", &["post"]),
    ("/api/sources/{id}/moderation", &["post"]),
    ("/api/sources/{id}/flags", &["post"]),
    ("/api/articles/{id}/moderation", &["post"]),
    ("/api/flags/{id}", &["post"]),
    ("/api/users", &["get"]),
    ("/api/users/{id}/disable", &["post"]),
    ("/api/users/{id}/enable", &["post"]),
    ("/api/users/{id}/role", &["post"]),
    ("/api/moderation/queue", &["get"]),
    ("/api/moderation/audit", &["get"]),
    // Issue 18: reviewer standing and invitations.
    ("/api/users/{id}/standing", &["post"]),
    ("/api/invites", &["get", "post"]),
    ("/api/invites/{token}", &["delete"]),
    ("/api/reviewers/{username}", &["get"]),
    ("/api/moderation/brigades/disable", &["post"]),
    // Issue 19: import.
    ("/api/import", &["post"]),
    // Issue 20: previously checked.
    ("/api/factchecks", &["get", "post"]),
    ("/api/claims/{id}/matches/{match_id}", &["post"]),
    // Issue 22: the crowd's daily loop.
    ("/api/review/queue", &["get"]),
    ("/api/claims/{id}/requests", &["post"]),
    ("/api/activity", &["get"]),
    // Issue 21: the password lifecycle.
    ("/api/auth/password", &["post"]),
    ("/api/auth/sessions", &["get"]),
    ("/api/auth/sessions/{id}", &["delete"]),
    // Merging a copy of an article into another.
    ("/api/articles/{id}/merge", &["post"]),
];

async fn document() -> Value {
    let mut app = spawn_app().await;
    let r = app.client.get(app.url("/api/openapi.json")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let content_type = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(content_type.starts_with("application/json"), "{content_type}");
    let text = r.text().await.unwrap();
    app.shutdown().await;
    serde_json::from_str(&text).expect("the document is JSON")
}

#[tokio::test]
async fn the_document_is_openapi_3_and_lists_every_operation_of_the_contract() {
    let doc = document().await;
    let version = doc["openapi"].as_str().expect("an openapi version string");
    assert!(version.starts_with("3."), "{version}");
    assert_eq!(doc["info"]["title"], "claimcheck");
    let paths = doc["paths"].as_object().expect("paths");
    for (path, methods) in CONTRACT {
        let item = paths.get(*path).unwrap_or_else(|| panic!("{path} is missing from the document"));
        for m in *methods {
            let op = &item[*m];
            assert!(op.is_object(), "{m} {path} is missing");
            assert!(
                op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{m} {path} has no responses"
            );
        }
        // Every documented path parameter is declared.
        if path.contains("{id}") {
            for m in *methods {
                let params = item[*m]["parameters"].as_array().unwrap_or_else(|| panic!("{m} {path} params"));
                assert!(params.iter().any(|p| p["name"] == "id" && p["in"] == "path"), "{m} {path}");
            }
        }
    }
    assert_eq!(paths.len(), CONTRACT.len(), "paths beyond the contract: {:?}", paths.keys());
}

#[tokio::test]
async fn errors_and_enums_are_described_as_the_api_sends_them() {
    let doc = document().await;
    let schemas = &doc["components"]["schemas"];
    let error = &schemas["ErrorBody"];
    assert_eq!(error["required"], serde_json::json!(["error"]), "{error}");
    assert!(error["properties"]["field"].is_object());

    let status: Vec<&str> =
        schemas["Status"]["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    for s in ["unreviewed", "pending", "verified", "disputed", "contested", "not_a_claim"] {
        assert!(status.contains(&s), "{s} missing from {status:?}");
    }
    let kinds = schemas["ClaimKind"]["enum"].as_array().unwrap();
    assert!(kinds.contains(&"datetime".into()) && kinds.contains(&"attribution".into()), "{kinds:?}");

    // A validation failure is documented with the shared error body.
    let submit_422 = &doc["paths"]["/api/articles"]["post"]["responses"]["422"];
    assert_eq!(submit_422["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ErrorBody");
    // Throttled sign-ins say when to retry.
    assert!(doc["paths"]["/api/auth/login"]["post"]["responses"]["429"]["headers"]["Retry-After"].is_object());
    // So do limited registrations and writes (issue 21).
    for (path, m) in [
        ("/api/auth/register", "post"),
        ("/api/articles", "post"),
        ("/api/claims/{id}/votes", "post"),
        ("/api/claims/{id}/votes", "delete"),
        ("/api/claims/{id}/sources", "post"),
        ("/api/claims/{id}/flags", "post"),
        ("/api/sources/{id}/flags", "post"),
        ("/api/articles/{id}/claims", "post"),
        ("/api/auth/password", "post"),
    ] {
        assert!(
            doc["paths"][path][m]["responses"]["429"]["headers"]["Retry-After"].is_object(),
            "{m} {path}"
        );
    }
}

#[tokio::test]
async fn changes_need_the_session_cookie_and_reading_does_not() {
    let doc = document().await;
    let scheme = &doc["components"]["securitySchemes"]["session_cookie"];
    assert_eq!(scheme["type"], "apiKey");
    assert_eq!(scheme["in"], "cookie");
    assert_eq!(scheme["name"], "claimcheck_session");

    let needs_cookie = |path: &str, m: &str| {
        doc["paths"][path][m]["security"]
            .as_array()
            .is_some_and(|s| s.iter().any(|r| r.get("session_cookie").is_some()))
    };
    for (path, m) in [
        ("/api/articles", "post"),
        ("/api/articles/{id}/claims", "post"),
        ("/api/claims/{id}/sources", "post"),
        ("/api/claims/{id}/votes", "post"),
        ("/api/claims/{id}/votes", "delete"),
        ("/api/claims/{id}/flags", "post"),
        ("/api/auth/me", "get"),
        ("/api/claims/{id}/moderation", "post"),
        ("/api/claims/{id}/merge", "post"),
        ("/api/sources/{id}/moderation", "post"),
        ("/api/users/{id}/disable", "post"),
        ("/api/users/{id}/enable", "post"),
        ("/api/users/{id}/role", "post"),
        ("/api/moderation/queue", "get"),
        ("/api/moderation/audit", "get"),
        ("/api/factchecks", "post"),
        ("/api/claims/{id}/matches/{match_id}", "post"),
        ("/api/auth/password", "post"),
        ("/api/auth/sessions", "get"),
        ("/api/auth/sessions/{id}", "delete"),
    ] {
        assert!(needs_cookie(path, m), "{m} {path} should name the session cookie");
        assert!(doc["paths"][path][m]["responses"]["401"].is_object(), "{m} {path} should document 401");
    }
    for (path, m) in [
        ("/api/articles", "get"),
        ("/api/articles/{id}", "get"),
        ("/api/claims/{id}", "get"),
        ("/api/factchecks", "get"),
    ] {
        assert!(!needs_cookie(path, m), "{m} {path} is public");
    }
}
