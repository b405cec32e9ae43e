//! The same-origin check: a state-changing request a browser marks as cross-site is refused.

use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Middleware: a state-changing request that a browser marks as cross-site is refused with 403
/// before it reaches any handler. Requests without Origin/Sec-Fetch-Site (curl, API clients) carry
/// no ambient browser credentials to abuse and pass.
pub async fn reject_cross_site(req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        if let Some(why) = cross_site_reason(req.headers()) {
            let body = serde_json::json!({ "error": format!("cross-site request refused: {why}") });
            return (StatusCode::FORBIDDEN, axum::Json(body)).into_response();
        }
    }
    next.run(req).await
}

fn cross_site_reason(headers: &header::HeaderMap) -> Option<&'static str> {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site.eq_ignore_ascii_case("cross-site") {
            return Some("Sec-Fetch-Site is cross-site");
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("null");
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        let authority = origin.split_once("://").map(|(_, rest)| rest.trim_end_matches('/'));
        match authority {
            Some(a) if !host.is_empty() && a.eq_ignore_ascii_case(host) => {}
            _ => return Some("Origin does not match this site"),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn a_same_origin_post_passes() {
        assert_eq!(
            cross_site_reason(&headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")])),
            None
        );
    }

    #[test]
    fn a_foreign_origin_is_refused() {
        assert!(cross_site_reason(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000")
        ]))
        .is_some());
    }

    #[test]
    fn a_null_origin_is_refused() {
        assert!(cross_site_reason(&headers(&[("origin", "null"), ("host", "127.0.0.1:3000")])).is_some());
    }

    #[test]
    fn sec_fetch_site_cross_site_is_refused_even_without_origin() {
        assert!(cross_site_reason(&headers(&[("sec-fetch-site", "cross-site")])).is_some());
    }

    #[test]
    fn requests_without_browser_headers_pass() {
        assert_eq!(cross_site_reason(&headers(&[("host", "127.0.0.1:3000")])), None);
    }
}
