//! Transport hardening that follows from where the site is served: the session cookie's name and
//! `Secure` flag, Strict-Transport-Security over https, a warning at start over plain http on a
//! public address, and the caching headers of responses that depend on the session.

use super::auth::Actor;
use super::config::Config;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// Whether readers reach the site over https (CLAIMCHECK_PUBLIC_URL says so).
pub fn is_https(config: &Config) -> bool {
    config.public_url.to_ascii_lowercase().starts_with("https://")
}

/// The session cookie's name: with the `__Host-` prefix over https, which browsers accept only
/// when the cookie is `Secure`, has `Path=/` and no `Domain`, so a sibling subdomain cannot
/// plant or overwrite it.
pub fn session_cookie_name(config: &Config) -> &'static str {
    if is_https(config) {
        "__Host-claimcheck_session"
    } else {
        super::auth::SESSION_COOKIE
    }
}

pub fn secure_cookies(config: &Config) -> bool {
    config.secure_cookies || is_https(config)
}

/// Logs a warning when the server listens on a non-loopback address and tells readers to use
/// plain http: passwords and session cookies would then cross the network readable.
pub fn warn_if_plain_http(config: &Config) {
    if let Some(why) = plain_http_warning(config) {
        tracing::warn!("{why}");
    }
}

pub fn plain_http_warning(config: &Config) -> Option<String> {
    if is_https(config) || config.site_addr.ip().is_loopback() {
        return None;
    }
    Some(format!(
        "serving on {} over plain http ({}): passwords and session cookies cross the network unencrypted; \
         put the site behind https and set CLAIMCHECK_PUBLIC_URL=https://…",
        config.site_addr, config.public_url
    ))
}

/// Paths whose responses always depend on who asks (never stored by a browser or a proxy).
fn session_dependent(path: &str) -> bool {
    const PREFIXES: &[&str] =
        &["/admin", "/account", "/api/auth/", "/api/users", "/api/moderation/", "/rpc/", "/review"];
    // Whole segments: `/review` is the reviewer's queue, `/reviewers/{name}` a public page.
    PREFIXES.iter().any(|p| {
        let p = p.trim_end_matches('/');
        path.strip_prefix(p).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// The compiled site's files (`/assets/{build}/pkg/…`, `/pkg/…`) and the public folder's
/// (`/favicon.svg`, at the top level) are the same for everyone: a signed-in browser may keep
/// them. A page whose last segment has a dot (`/reviewers/ann.lee`) is not one of them.
pub(crate) fn is_static_file(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/assets/")
        || (path.rfind('/') == Some(0) && path.contains('.'))
}

/// Middleware (inside `resolve_actor`, so it sees the actor): `Cache-Control: no-store` on every
/// response that depends on the session: anything a signed-in account is sent, and the admin,
/// account and session endpoints for anyone.
pub async fn no_store(req: Request, next: Next) -> Response {
    let signed_in = matches!(req.extensions().get::<Actor>(), Some(Actor::User(_)));
    let path = req.uri().path();
    let sensitive = session_dependent(path) || (signed_in && !is_static_file(path));
    let mut resp = next.run(req).await;
    if sensitive {
        resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

/// Middleware (outermost, so cached pages get it too): `Vary: Cookie` on pages, and HSTS when
/// the site is served over https.
pub async fn headers(State(https): State<bool>, req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    let is_html =
        h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        h.append(header::VARY, HeaderValue::from_static("cookie"));
    }
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(public_url: &str, addr: &str) -> Config {
        let mut c = Config::for_database("sqlite::memory:");
        c.public_url = public_url.into();
        c.site_addr = addr.parse().unwrap();
        c
    }

    #[test]
    fn https_public_urls_get_a_secure_host_prefixed_cookie() {
        let c = config("https://claims.example", "0.0.0.0:3000");
        assert!(secure_cookies(&c));
        assert_eq!(session_cookie_name(&c), "__Host-claimcheck_session");
        assert_eq!(plain_http_warning(&c), None);
    }

    #[test]
    fn plain_http_on_a_public_address_warns_but_loopback_does_not() {
        assert!(plain_http_warning(&config("http://claims.example", "0.0.0.0:3000")).is_some());
        assert!(plain_http_warning(&config("http://127.0.0.1:3000", "127.0.0.1:3000")).is_none());
        assert_eq!(
            session_cookie_name(&config("http://127.0.0.1:3000", "127.0.0.1:3000")),
            "claimcheck_session"
        );
    }

    #[test]
    fn the_site_files_are_static_and_pages_and_the_api_are_not() {
        assert!(is_static_file("/pkg/claimcheck.wasm") && is_static_file("/favicon.svg"));
        assert!(is_static_file("/assets/0123456789abcdef/pkg/chunk_1.wasm"));
        for page in
            ["/articles/3", "/api/openapi.json", "/", "/reviewers/ann.lee", "/api/articles/1/export.csv"]
        {
            assert!(!is_static_file(page), "{page}");
        }
    }

    #[test]
    fn admin_and_account_answers_depend_on_the_session() {
        for p in [
            "/admin",
            "/admin/users",
            "/api/users",
            "/api/auth/me",
            "/api/moderation/audit",
            "/account",
            "/review",
        ] {
            assert!(session_dependent(p), "{p}");
        }
        for p in ["/", "/articles/3", "/api/articles", "/api/claims/4", "/reviewers/ann.lee", "/accounts"] {
            assert!(!session_dependent(p), "{p}");
        }
    }
}
