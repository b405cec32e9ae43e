//! A cache of server-rendered pages for readers without a session, which is nearly all traffic on
//! a published verdict: article pages (and their reports), and the article list (`/`). Each entry
//! is stored with a *render stamp* read from the database. An article page's stamp is its claim
//! count, the sum of its claim versions and its lock state: every change that alters the page (a
//! vote, a source, a new claim, any moderation action) bumps a claim version in the same
//! transaction. The list's stamp is the site's version, which triggers move forward on every
//! change to any article or claim. A request whose fresh stamp differs from the stored one renders
//! again. The stamp comes from the shared database, so an instance never serves a verdict that a
//! vote on another instance has already changed.

use super::db::{self, ChangeMarker};
use super::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Mutex;

/// An article page: (claims, sum of claim versions, locked, archived). The list: (site version, 0,
/// 0, 0).
pub type Stamp = (i64, i64, i64, i64);

/// List pages past this one are rendered every time: few readers page that far, and a cache entry
/// per page number would let random page numbers evict the pages readers do open.
const MAX_CACHED_LIST_PAGE: u32 = 10;

/// How many pages can render at once (different pages may share a stripe and then wait in turn).
const RENDER_STRIPES: usize = 64;

/// Largest page kept (an article body is at most 1 MB; its page a few times that).
const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

struct Entry {
    stamp: Stamp,
    /// SQLite: the database's change marker read just before `stamp` was last read. While the
    /// marker is the same nothing has been committed since, so the stamp still holds.
    marker: Option<ChangeMarker>,
    page: Page,
    seq: u64,
}

/// A rendered page cut at its nonce, so each response can get a fresh one cheaply: the body's parts
/// around every `nonce="…"` value, and the Content-Security-Policy header's text around its nonce.
#[derive(Clone)]
struct Page {
    headers: HeaderMap,
    parts: Vec<Bytes>,
    csp: Option<(String, String)>,
    /// The length of `parts` together (the page without its nonces).
    len: usize,
}

impl Page {
    fn new(headers: HeaderMap, body: Bytes) -> Page {
        let len = body.len();
        let whole = |headers| Page { headers, parts: vec![body.clone()], csp: None, len };
        let Some(old) = nonce_of(&headers) else { return whole(headers) };
        let Some(csp) = headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()) else {
            return whole(headers);
        };
        let Some(at) = csp.find(&format!("'nonce-{old}'")) else { return whole(headers) };
        let csp =
            (csp[..at + "'nonce-".len()].to_string(), csp[at + "'nonce-".len() + old.len()..].to_string());
        let Ok(html) = std::str::from_utf8(&body) else { return whole(headers) };
        let attr = format!("nonce=\"{old}\"");
        let mut parts = Vec::new();
        let mut from = 0;
        for (i, _) in html.match_indices(&attr) {
            let value = i + "nonce=\"".len();
            parts.push(body.slice(from..value));
            from = value + old.len();
        }
        parts.push(body.slice(from..));
        let len = parts.iter().map(Bytes::len).sum();
        Page { headers, parts, csp: Some(csp), len }
    }

    /// The page as one response, with a fresh nonce when it has one. The body goes out as the
    /// cached parts with the nonce between them, not copied into one buffer.
    fn respond(&self) -> Response {
        let mut headers = self.headers.clone();
        let mut chunks = Vec::with_capacity(self.parts.len() * 2);
        let mut len = self.len;
        match &self.csp {
            None => chunks.extend(self.parts.iter().cloned()),
            Some((before, after)) => {
                let fresh = Bytes::from(fresh_nonce());
                for (i, part) in self.parts.iter().enumerate() {
                    if i > 0 {
                        chunks.push(fresh.clone());
                        len += fresh.len();
                    }
                    chunks.push(part.clone());
                }
                // The original nonces were cut out of `len` in `Page::new`.
                if let Ok(v) = HeaderValue::from_maybe_shared(Bytes::from(format!(
                    "{before}{}{after}",
                    std::str::from_utf8(&fresh).unwrap_or_default()
                ))) {
                    headers.insert(header::CONTENT_SECURITY_POLICY, v);
                }
            }
        }
        let mut resp = Response::new(Body::new(Chunks { chunks: chunks.into(), len: len as u64 }));
        *resp.headers_mut() = headers;
        resp.headers_mut().insert("x-render-cache", HeaderValue::from_static("hit"));
        resp
    }
}

/// A body sent as a few shared buffers, with its exact length up front (so it goes out with a
/// Content-Length, not chunked).
struct Chunks {
    chunks: std::collections::VecDeque<Bytes>,
    len: u64,
}

impl http_body::Body for Chunks {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        let next = self.chunks.pop_front();
        if let Some(c) = &next {
            self.len -= c.len() as u64;
        }
        std::task::Poll::Ready(next.map(|c| Ok(http_body::Frame::data(c))))
    }

    fn is_end_stream(&self) -> bool {
        self.chunks.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.len)
    }
}

pub struct RenderCache {
    budget_bytes: usize,
    inner: Mutex<Inner>,
    /// One render at a time per page (striped by key): when a page is missing or stale, the
    /// readers who ask for it together wait for one render instead of each rendering it, which on
    /// a cold cache under load stalled every request behind dozens of identical renders.
    renders: Vec<tokio::sync::Mutex<()>>,
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
        let renders = (0..RENDER_STRIPES).map(|_| tokio::sync::Mutex::new(())).collect();
        RenderCache { budget_bytes, inner: Mutex::new(Inner::default()), renders }
    }

    fn render_turn(&self, key: &str) -> &tokio::sync::Mutex<()> {
        use std::hash::{Hash, Hasher};
        // Fixed keys, so one page always maps to the same stripe.
        let mut h = std::hash::DefaultHasher::new();
        key.hash(&mut h);
        &self.renders[(h.finish() % RENDER_STRIPES as u64) as usize]
    }

    /// The entry, if nothing has been committed to the database since its stamp was read.
    fn get_unchanged(&self, key: &str, marker: &ChangeMarker) -> Option<Page> {
        let inner = self.inner.lock().ok()?;
        let e = inner.entries.get(key)?;
        (e.marker.as_ref() == Some(marker)).then(|| e.page.clone())
    }

    /// The entry, if its stamp is still `stamp` (read after `marker`), which it then remembers.
    fn get(&self, key: &str, stamp: Stamp, marker: Option<ChangeMarker>) -> Option<Page> {
        let mut inner = self.inner.lock().ok()?;
        let e = inner.entries.get_mut(key)?;
        if e.stamp != stamp {
            return None;
        }
        e.marker = marker;
        Some(e.page.clone())
    }

    fn put(&self, key: String, stamp: Stamp, marker: Option<ChangeMarker>, page: Page) {
        let size = page.len;
        if size > self.budget_bytes {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else { return };
        inner.seq += 1;
        let seq = inner.seq;
        let entry = Entry { stamp, marker, page, seq };
        if let Some(old) = inner.entries.insert(key, entry) {
            inner.bytes -= old.page.len;
        }
        inner.bytes += size;
        // Over budget: drop the entries written longest ago.
        while inner.bytes > self.budget_bytes {
            let Some(oldest) = inner.entries.iter().min_by_key(|(_, e)| e.seq).map(|(k, _)| k.clone()) else {
                break;
            };
            if let Some(e) = inner.entries.remove(&oldest) {
                inner.bytes -= e.page.len;
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

/// What a cacheable page shows, and so which stamp tells whether it changed.
#[derive(Debug, PartialEq)]
enum Shows {
    Article(i64),
    List,
}

/// What the page at `uri` shows and its cache key (without the day), or `None` when it is not
/// cached. An article page is known by its path and its `claim` parameter, the one query parameter
/// it reads, so random query strings cannot fill the cache and evict real pages. The list is known
/// by its page number, status filter and archive switch as the page reads them; a search (`q`), a
/// page past `MAX_CACHED_LIST_PAGE`, an unknown status or a repeated parameter is rendered every
/// time.
fn cacheable(uri: &axum::http::Uri) -> Option<(Shows, String)> {
    let path = uri.path();
    if path == "/" {
        return list_key(uri.query().unwrap_or("")).map(|key| (Shows::List, key));
    }
    let id = article_of(path)?;
    // The page parses the first `claim` as a number and ignores it otherwise; so does the key.
    let claim = uri
        .query()
        .and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("claim=")))
        .and_then(|v| v.parse::<i64>().ok());
    let key = match claim {
        Some(c) => format!("{path}?claim={c}"),
        None => path.to_string(),
    };
    Some((Shows::Article(id), key))
}

fn list_key(query: &str) -> Option<String> {
    let (mut page, mut status, mut archived) = (None, None, None);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let slot = match name {
            "page" => &mut page,
            "status" => &mut status,
            "archived" => &mut archived,
            "q" if value.is_empty() => continue,
            "q" => return None,
            _ => continue,
        };
        if slot.replace(value).is_some() {
            return None;
        }
    }
    // As the page reads them: a page that is not a number is page 1, and so is 0.
    let page = page.and_then(|p| p.parse::<u32>().ok()).unwrap_or(1).max(1);
    if page > MAX_CACHED_LIST_PAGE {
        return None;
    }
    let status = match status.filter(|s| !s.is_empty()) {
        None => "",
        Some(s) => crate::consensus::Status::parse(s)?.as_str(),
    };
    let archived = archived == Some("true");
    Some(format!("/?page={page}&status={status}&archived={archived}"))
}

fn has_session(req: &Request) -> bool {
    req.headers().get_all(header::COOKIE).iter().any(|v| {
        v.to_str().is_ok_and(|s| {
            // A browser that asked for a check sees that it did: not a page to share.
            s.contains(super::auth::SESSION_COOKIE) || s.contains(super::rest::queue::ASKER_COOKIE)
        })
    })
}

/// The nonce in a page's Content-Security-Policy header, if it has one.
fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let csp = headers.get(header::CONTENT_SECURITY_POLICY)?.to_str().ok()?;
    let start = csp.find("'nonce-")? + "'nonce-".len();
    let len = csp[start..].find('\'')?;
    Some(csp[start..start + len].to_string())
}

/// 24 random letters and digits, as leptos makes them.
fn fresh_nonce() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..24)
        .map(|_| {
            char::from(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[rng.random_range(0..62)],
            )
        })
        .collect()
}

/// Serves a page from the cache when its stamp still matches, else renders it and keeps it.
pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let cache = &state.render_cache;
    if cache.budget_bytes == 0 || req.method() != Method::GET || has_session(&req) {
        return next.run(req).await;
    }
    let Some((shows, key)) = cacheable(req.uri()) else {
        return next.run(req).await;
    };
    // An article page embeds ClaimReview markup dated today, so the day is part of the key.
    let key = format!("{}|{key}", super::service::export::today());
    // SQLite: read before the stamp, so a commit that lands after it changes the marker and the
    // entry is checked again on the next request. PostgreSQL has no such marker: the stamp is read
    // every time, which is what lets instances share a database.
    let marker = state.db.change_marker();
    if let Some(page) = marker.as_ref().and_then(|m| cache.get_unchanged(&key, m)) {
        return page.respond();
    }
    // Read before rendering: if a change lands while the page renders, the entry carries the older
    // stamp and the next request renders again.
    let stamp = match shows {
        Shows::Article(id) => db::articles::render_stamp(state.db.pool(), id).await,
        Shows::List => db::articles::site_version(state.db.pool()).await.map(|v| Some((v, 0, 0, 0))),
    };
    let Ok(Some(stamp)) = stamp else {
        return next.run(req).await;
    };
    if let Some(page) = cache.get(&key, stamp, marker) {
        // A nonce must not be reused across responses: the page gets a fresh one, in its
        // Content-Security-Policy and on its inline scripts alike.
        return page.respond();
    }
    let _turn = cache.render_turn(&key).lock().await;
    // Someone else may have rendered it (at this stamp) while this request waited.
    if let Some(page) = cache.get(&key, stamp, marker) {
        return page.respond();
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
    cache.put(key, stamp, marker, Page::new(parts.headers.clone(), bytes.clone()));
    let mut resp = Response::from_parts(parts, Body::from(bytes));
    resp.headers_mut().insert("x-render-cache", HeaderValue::from_static("miss"));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body_of(resp: Response) -> String {
        let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn a_cached_page_gets_a_fresh_nonce_in_header_and_scripts() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"),
        );
        let body = Bytes::from_static(
            b"<script nonce=\"abc123\">a</script><p>nonce=abc123</p><script nonce=\"abc123\">b</script>",
        );
        let page = Page::new(headers, body);
        let (one, two) = (page.respond(), page.respond());
        let (fresh, other) = (nonce_of(one.headers()).unwrap(), nonce_of(two.headers()).unwrap());
        assert_ne!(fresh, "abc123");
        assert_ne!(fresh, other, "every response has its own");
        assert_eq!(
            one.headers()[header::CONTENT_SECURITY_POLICY],
            format!("script-src 'self' 'nonce-{fresh}' 'wasm-unsafe-eval'").as_str()
        );
        assert_eq!(
            body_of(one).await,
            format!(
                "<script nonce=\"{fresh}\">a</script><p>nonce=abc123</p><script nonce=\"{fresh}\">b</script>"
            ),
            "only the attributes change"
        );

        // A page without a nonce is served as it is.
        let plain = Page::new(HeaderMap::new(), Bytes::from_static(b"<p>nonce=\"abc123\"</p>"));
        assert_eq!(body_of(plain.respond()).await, "<p>nonce=\"abc123\"</p>");
    }

    fn key_of(uri: &str) -> Option<(Shows, String)> {
        cacheable(&uri.parse::<axum::http::Uri>().unwrap())
    }

    #[test]
    fn article_pages_reports_and_the_list_are_cached() {
        assert_eq!(article_of("/articles/12"), Some(12));
        assert_eq!(article_of("/articles/12/report"), Some(12));
        assert_eq!(article_of("/articles/abc"), None);
        assert_eq!(article_of("/articles/-1"), None);
        assert_eq!(article_of("/claims/3"), None);
        assert_eq!(
            key_of("/articles/12?utm=x&claim=3"),
            Some((Shows::Article(12), "/articles/12?claim=3".into()))
        );
        assert_eq!(key_of("/claims/3"), None);
        assert_eq!(key_of("/admin"), None);
        let list = |key: &str| Some((Shows::List, key.to_string()));
        assert_eq!(key_of("/"), list("/?page=1&status=&archived=false"));
        assert_eq!(key_of("/?utm_source=x&page=1&q="), list("/?page=1&status=&archived=false"));
        assert_eq!(key_of("/?page=0"), list("/?page=1&status=&archived=false"), "page 0 shows page 1");
        assert_eq!(key_of("/?page=abc"), list("/?page=1&status=&archived=false"));
        assert_eq!(key_of("/?status=disputed&page=2"), list("/?page=2&status=disputed&archived=false"));
        assert_eq!(key_of("/?archived=true"), list("/?page=1&status=&archived=true"));
        assert_eq!(key_of("/?q=bridge"), None, "searches are not kept");
        assert_eq!(key_of("/?page=11"), None, "nor pages far down the list");
        assert_eq!(key_of("/?status=bogus"), None, "nor an error page");
        assert_eq!(key_of("/?page=1&page=2"), None, "nor a parameter given twice");
    }

    fn page(body: &'static [u8]) -> Page {
        Page::new(HeaderMap::new(), Bytes::from_static(body))
    }

    #[test]
    fn a_changed_stamp_misses_and_the_budget_evicts_the_oldest_entry() {
        let cache = RenderCache::new(10);
        cache.put("a".into(), (1, 1, 0, 0), None, page(b"aaaaaa"));
        assert!(cache.get("a", (1, 1, 0, 0), None).is_some());
        assert!(cache.get("a", (1, 2, 0, 0), None).is_none(), "a vote bumped a version");
        cache.put("b".into(), (1, 1, 0, 0), None, page(b"bbbbbb"));
        assert!(cache.get("a", (1, 1, 0, 0), None).is_none(), "evicted to stay within 10 bytes");
        assert_eq!(cache.len(), 1);
        cache.put("huge".into(), (1, 1, 0, 0), None, page(b"0123456789abc"));
        assert!(cache.get("huge", (1, 1, 0, 0), None).is_none(), "larger than the whole budget");
    }

    #[test]
    fn a_page_always_renders_in_the_same_turn() {
        let cache = RenderCache::new(100);
        let turn = cache.render_turn("2026-11-28|/articles/1") as *const _;
        assert!((0..10).all(|_| std::ptr::eq(cache.render_turn("2026-11-28|/articles/1"), turn)));
    }

    #[test]
    fn an_entry_is_trusted_without_its_stamp_only_while_the_marker_stands_still() {
        let cache = RenderCache::new(100);
        let (before, after) = ([1u8; 48], [2u8; 48]);
        cache.put("a".into(), (1, 1, 0, 0), Some(before), page(b"aaaaaa"));
        assert!(cache.get_unchanged("a", &before).is_some());
        assert!(cache.get_unchanged("a", &after).is_none(), "something was committed");
        // Reading the stamp again (unchanged) under the new marker trusts the entry again.
        assert!(cache.get("a", (1, 1, 0, 0), Some(after)).is_some());
        assert!(cache.get_unchanged("a", &after).is_some());
        // Without a marker (PostgreSQL) nothing is trusted without its stamp.
        assert!(cache.get("a", (1, 1, 0, 0), None).is_some());
        assert!(cache.get_unchanged("a", &after).is_none());
    }
}
