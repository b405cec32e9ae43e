//! A cache of server-rendered article pages for readers without a session, which is nearly all
//! traffic on a published verdict. Each entry is stored with the article's *render stamp* read from
//! the database (claim count, the sum of claim versions, and the article's lock state). Every
//! change that alters the page (a vote, a source, a new claim, any moderation action) bumps a claim
//! version in the same transaction, so a request whose fresh stamp differs from the stored one
//! renders again. The stamp comes from the shared database, so an instance never serves a verdict
//! that a vote on another instance has already changed.

use super::db;
use super::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Mutex;

/// (claims, sum of claim versions, locked, archived).
pub type Stamp = (i64, i64, i64, i64);

/// Largest page kept (an article body is at most 1 MB; its page a few times that).
const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

struct Entry {
    stamp: Stamp,
    headers: HeaderMap,
    body: Bytes,
    seq: u64,
}

pub struct RenderCache {
    budget_bytes: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<String, Entry>,
    bytes: usize,
    seq: u64,
}

impl RenderCache {
    /// A cache holding at most `budget_bytes` of HTML (0 turns it off).
    pub fn new(budget_bytes: usize) -> Self {
        RenderCache { budget_bytes, inner: Mutex::new(Inner::default()) }
    }

    fn get(&self, key: &str, stamp: Stamp) -> Option<(HeaderMap, Bytes)> {
        let inner = self.inner.lock().ok()?;
        let e = inner.entries.get(key)?;
        (e.stamp == stamp).then(|| (e.headers.clone(), e.body.clone()))
    }

    fn put(&self, key: String, stamp: Stamp, headers: HeaderMap, body: Bytes) {
        if body.len() > self.budget_bytes {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else { return };
        inner.seq += 1;
        let seq = inner.seq;
        if let Some(old) = inner.entries.insert(key, Entry { stamp, headers, body: body.clone(), seq }) {
            inner.bytes -= old.body.len();
        }
        inner.bytes += body.len();
        // Over budget: drop the entries written longest ago.
        while inner.bytes > self.budget_bytes {
            let Some(oldest) = inner.entries.iter().min_by_key(|(_, e)| e.seq).map(|(k, _)| k.clone()) else {
                break;
            };
            if let Some(e) = inner.entries.remove(&oldest) {
                inner.bytes -= e.body.len();
            }
        }
    }

    pub fn len(&self) -> usize {
        self.inner.lock().map(|i| i.entries.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The article id of a cacheable page: `/articles/{id}` and `/articles/{id}/report`.
fn article_of(path: &str) -> Option<i64> {
    let rest = path.strip_prefix("/articles/")?;
    let id = rest.strip_suffix("/report").unwrap_or(rest);
    id.parse::<i64>().ok().filter(|n| *n > 0)
}

fn has_session(req: &Request) -> bool {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .any(|v| v.to_str().is_ok_and(|s| s.contains(super::auth::SESSION_COOKIE)))
}

/// The nonce in a page's Content-Security-Policy header, if it has one.
fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let csp = headers.get(header::CONTENT_SECURITY_POLICY)?.to_str().ok()?;
    let start = csp.find("'nonce-")? + "'nonce-".len();
    let len = csp[start..].find('\'')?;
    Some(csp[start..start + len].to_string())
}

/// Swaps the page's nonce for a fresh one in the header and on every `nonce="…"` attribute.
/// None when the page has no nonce (nothing to do).
fn renonce(headers: &mut HeaderMap, body: &Bytes) -> Option<String> {
    use rand::Rng;
    let old = nonce_of(headers)?;
    let html = std::str::from_utf8(body).ok()?;
    let fresh: String = {
        let mut rng = rand::rng();
        (0..24)
            .map(|_| {
                char::from(
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                        [rng.random_range(0..62)],
                )
            })
            .collect()
    };
    let csp = headers
        .get(header::CONTENT_SECURITY_POLICY)?
        .to_str()
        .ok()?
        .replace(&format!("'nonce-{old}'"), &format!("'nonce-{fresh}'"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_str(&csp).ok()?);
    Some(html.replace(&format!("nonce=\"{old}\""), &format!("nonce=\"{fresh}\"")))
}

/// Serves a page from the cache when its stamp still matches, else renders it and keeps it.
pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let cache = &state.render_cache;
    if cache.budget_bytes == 0 || req.method() != Method::GET || has_session(&req) {
        return next.run(req).await;
    }
    let Some(article_id) = article_of(req.uri().path()) else {
        return next.run(req).await;
    };
    // The page embeds ClaimReview markup dated today, so the day is part of the key.
    let key = format!("{}|{}", super::service::export::today(), req.uri());
    // Read before rendering: if a change lands while the page renders, the entry carries the older
    // stamp and the next request renders again.
    let stamp = match db::articles::render_stamp(state.db.pool(), article_id).await {
        Ok(Some(s)) => s,
        _ => return next.run(req).await,
    };
    if let Some((mut headers, body)) = cache.get(&key, stamp) {
        // A nonce must not be reused across responses: the page gets a fresh one, in its
        // Content-Security-Policy and on its inline scripts alike.
        let body = match renonce(&mut headers, &body) {
            Some(fresh) => Bytes::from(fresh),
            None => body,
        };
        let mut resp = (StatusCode::OK, body).into_response();
        *resp.headers_mut() = headers;
        resp.headers_mut().insert("x-render-cache", HeaderValue::from_static("hit"));
        return resp;
    }
    let resp = next.run(req).await;
    let is_html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if resp.status() != StatusCode::OK || !is_html || resp.headers().contains_key(header::SET_COOKIE) {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        return (StatusCode::SERVICE_UNAVAILABLE, "the page could not be rendered; retry").into_response();
    };
    cache.put(key, stamp, parts.headers.clone(), bytes.clone());
    let mut resp = Response::from_parts(parts, Body::from(bytes));
    resp.headers_mut().insert("x-render-cache", HeaderValue::from_static("miss"));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_page_gets_a_fresh_nonce_in_header_and_scripts() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"),
        );
        let body = Bytes::from_static(
            b"<script nonce=\"abc123\">a</script><p>nonce=abc123</p><script nonce=\"abc123\">b</script>",
        );
        let html = renonce(&mut headers, &body).unwrap();
        let fresh = nonce_of(&headers).unwrap();
        assert_ne!(fresh, "abc123");
        assert_eq!(html.matches(&format!("nonce=\"{fresh}\"")).count(), 2);
        assert!(html.contains("<p>nonce=abc123</p>"), "only attributes change");
        assert!(renonce(&mut HeaderMap::new(), &body).is_none());
    }

    #[test]
    fn only_article_pages_and_reports_are_cached() {
        assert_eq!(article_of("/articles/12"), Some(12));
        assert_eq!(article_of("/articles/12/report"), Some(12));
        assert_eq!(article_of("/articles/abc"), None);
        assert_eq!(article_of("/articles/-1"), None);
        assert_eq!(article_of("/claims/3"), None);
        assert_eq!(article_of("/"), None);
    }

    #[test]
    fn a_changed_stamp_misses_and_the_budget_evicts_the_oldest_entry() {
        let cache = RenderCache::new(10);
        cache.put("a".into(), (1, 1, 0, 0), HeaderMap::new(), Bytes::from_static(b"aaaaaa"));
        assert!(cache.get("a", (1, 1, 0, 0)).is_some());
        assert!(cache.get("a", (1, 2, 0, 0)).is_none(), "a vote bumped a version");
        cache.put("b".into(), (1, 1, 0, 0), HeaderMap::new(), Bytes::from_static(b"bbbbbb"));
        assert!(cache.get("a", (1, 1, 0, 0)).is_none(), "evicted to stay within 10 bytes");
        assert_eq!(cache.len(), 1);
        cache.put("huge".into(), (1, 1, 0, 0), HeaderMap::new(), Bytes::from_static(b"0123456789abc"));
        assert!(cache.get("huge", (1, 1, 0, 0)).is_none(), "larger than the whole budget");
    }
}
