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
use std::sync::{Arc, Mutex, OnceLock};

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
    page: Arc<Page>,
    seq: u64,
}

/// A rendered page as readers get it from the cache: the same bytes for every reader, so each
/// compressed form is made once (when the first reader who accepts it asks) instead of on every
/// response. Compressing on every response was four fifths of what a cached page cost a browser
/// (brotli: 1.6-1.9 ms a response against 0.35 ms for the bytes alone).
///
/// A rendered page carries a nonce in its Content-Security-Policy and on its inline scripts, and a
/// nonce must not be shared between responses. A cached page instead allows its inline scripts by
/// their SHA-256 hashes (CSP level 2), which hold for every response because the scripts never
/// change, and the old nonce is taken out of the page.
struct Page {
    headers: HeaderMap,
    body: Bytes,
    gzip: OnceLock<Bytes>,
    br: OnceLock<Bytes>,
}

/// A content coding a reader accepts, best first.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl Page {
    /// The page to keep, or `None` when its scripts cannot be told apart (then it is not cached).
    fn new(mut headers: HeaderMap, body: Bytes) -> Option<Page> {
        headers.remove(header::CONTENT_LENGTH);
        let Some(nonce) = nonce_of(&headers) else {
            return Some(Page::plain(headers, body));
        };
        let csp = headers.get(header::CONTENT_SECURITY_POLICY)?.to_str().ok()?;
        let html = std::str::from_utf8(&body).ok()?;
        let (html, hashes) = scripts_by_hash(html, &nonce)?;
        let csp = csp.replace(&format!("'nonce-{nonce}'"), &hashes.join(" ")).replace("  ", " ");
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_str(&csp).ok()?);
        Some(Page::plain(headers, Bytes::from(html)))
    }

    fn plain(headers: HeaderMap, body: Bytes) -> Page {
        Page { headers, body, gzip: OnceLock::new(), br: OnceLock::new() }
    }

    /// The page as one response in `coding`, compressing it the first time it is asked for.
    fn respond(&self, coding: Coding) -> Response {
        let (body, encoding) = match coding {
            Coding::Brotli => (self.br.get_or_init(|| brotli(&self.body)).clone(), Some("br")),
            Coding::Gzip => (self.gzip.get_or_init(|| gzip(&self.body)).clone(), Some("gzip")),
            Coding::Identity => (self.body.clone(), None),
        };
        let mut headers = self.headers.clone();
        if let Some(e) = encoding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
        }
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        headers.insert("x-render-cache", HeaderValue::from_static("hit"));
        let mut resp = Response::new(Body::from(body));
        *resp.headers_mut() = headers;
        resp
    }

    /// What the entry counts against the cache's budget (the compressed forms are a fraction more).
    fn len(&self) -> usize {
        self.body.len()
    }
}

/// The page without its `nonce="…"` attributes, and the CSP hash source (`'sha256-…'`) of each
/// distinct inline script that carried the nonce; `None` when a script is not closed.
fn scripts_by_hash(html: &str, nonce: &str) -> Option<(String, Vec<String>)> {
    use base64::Engine as _;
    use sha2::Digest as _;
    let attr = format!(" nonce=\"{nonce}\"");
    let mut hashes: Vec<String> = Vec::new();
    let mut from = 0;
    while let Some(at) = html[from..].find(&attr).map(|i| i + from) {
        // The attribute is inside a start tag; the script's text runs from the tag's end to the
        // first `</script` (an HTML parser ends it there too).
        let open = html[..at].rfind('<')?;
        let is_script = html[open..at].to_ascii_lowercase().starts_with("<script");
        let text = at + html[at..].find('>')? + 1;
        if is_script {
            let len = html[text..].find("</script")?;
            let digest = sha2::Sha256::digest(&html.as_bytes()[text..text + len]);
            let source = format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest));
            if !hashes.contains(&source) {
                hashes.push(source);
            }
        }
        from = text;
    }
    Some((html.replace(&attr, ""), hashes))
}

fn gzip(body: &[u8]) -> Bytes {
    use std::io::Write as _;
    let mut out =
        flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), flate2::Compression::new(6));
    // Writing to a Vec cannot fail.
    let _ = out.write_all(body);
    Bytes::from(out.finish().unwrap_or_default())
}

/// Brotli at quality 9: within a few per cent of the smallest (11) at a tenth of its time; made
/// once per page and stamp.
fn brotli(body: &[u8]) -> Bytes {
    use std::io::Write as _;
    let mut out = Vec::with_capacity(body.len() / 4);
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 9, 22);
        let _ = w.write_all(body);
    }
    Bytes::from(out)
}

/// The best coding the request's Accept-Encoding allows: brotli, then gzip, then the bytes as
/// they are. A coding given `q=0` is refused; `*` stands for any coding not named.
fn coding_for(headers: &HeaderMap) -> Coding {
    let q = |name: &str| -> Option<f32> {
        let mut star = None;
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            for item in value.to_str().unwrap_or("").split(',') {
                let mut parts = item.split(';');
                let coding = parts.next().unwrap_or("").trim();
                let weight = parts
                    .find_map(|p| p.trim().strip_prefix("q=").map(|v| v.trim().parse::<f32>().unwrap_or(0.0)))
                    .unwrap_or(1.0);
                if coding.eq_ignore_ascii_case(name) {
                    return Some(weight);
                }
                if coding == "*" {
                    star = Some(weight);
                }
            }
        }
        star
    };
    let (br, gz) = (q("br").unwrap_or(0.0), q("gzip").unwrap_or(0.0));
    if br > 0.0 && br >= gz {
        Coding::Brotli
    } else if gz > 0.0 {
        Coding::Gzip
    } else {
        Coding::Identity
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
    fn get_unchanged(&self, key: &str, marker: &ChangeMarker) -> Option<Arc<Page>> {
        let inner = self.inner.lock().ok()?;
        let e = inner.entries.get(key)?;
        (e.marker.as_ref() == Some(marker)).then(|| e.page.clone())
    }

    /// The entry, if its stamp is still `stamp` (read after `marker`), which it then remembers.
    fn get(&self, key: &str, stamp: Stamp, marker: Option<ChangeMarker>) -> Option<Arc<Page>> {
        let mut inner = self.inner.lock().ok()?;
        let e = inner.entries.get_mut(key)?;
        if e.stamp != stamp {
            return None;
        }
        e.marker = marker;
        Some(e.page.clone())
    }

    fn put(&self, key: String, stamp: Stamp, marker: Option<ChangeMarker>, page: Page) {
        let size = page.len();
        if size > self.budget_bytes {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else { return };
        inner.seq += 1;
        let seq = inner.seq;
        let entry = Entry { stamp, marker, page: Arc::new(page), seq };
        if let Some(old) = inner.entries.insert(key, entry) {
            inner.bytes -= old.page.len();
        }
        inner.bytes += size;
        // Over budget: drop the entries written longest ago.
        while inner.bytes > self.budget_bytes {
            let Some(oldest) = inner.entries.iter().min_by_key(|(_, e)| e.seq).map(|(k, _)| k.clone()) else {
                break;
            };
            if let Some(e) = inner.entries.remove(&oldest) {
                inner.bytes -= e.page.len();
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
/// it reads, so random query strings cannot fill the cache and evict real pages (a form's outcome
/// in the query is rendered every time). The list is known
/// by its page number, status filter and archive switch as the page reads them; a search (`q`), a
/// page past `MAX_CACHED_LIST_PAGE`, an unknown status or a repeated parameter is rendered every
/// time.
fn cacheable(uri: &axum::http::Uri) -> Option<(Shows, String)> {
    let path = uri.path();
    // What a form posted without JavaScript came back with (`__err`, `__done`) shows on the page.
    if uri.query().is_some_and(|q| q.contains("__err=") || q.contains("__done=")) {
        return None;
    }
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
    let coding = coding_for(req.headers());
    // SQLite: read before the stamp, so a commit that lands after it changes the marker and the
    // entry is checked again on the next request. PostgreSQL has no such marker: the stamp is read
    // every time, which is what lets instances share a database.
    let marker = state.db.change_marker();
    if let Some(page) = marker.as_ref().and_then(|m| cache.get_unchanged(&key, m)) {
        return page.respond(coding);
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
        return page.respond(coding);
    }
    let _turn = cache.render_turn(&key).lock().await;
    // Someone else may have rendered it (at this stamp) while this request waited.
    if let Some(page) = cache.get(&key, stamp, marker) {
        return page.respond(coding);
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
    if let Some(page) = Page::new(parts.headers.clone(), bytes.clone()) {
        cache.put(key, stamp, marker, page);
    }
    let mut resp = Response::from_parts(parts, Body::from(bytes));
    resp.headers_mut().insert("x-render-cache", HeaderValue::from_static("miss"));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn bytes_of(resp: Response) -> Vec<u8> {
        axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap().to_vec()
    }

    fn csp(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(value));
        headers
    }

    #[tokio::test]
    async fn a_cached_page_allows_its_scripts_by_hash_and_drops_the_nonce() {
        let body = Bytes::from_static(
            b"<script type=\"module\" nonce=\"abc123\">a</script><p>nonce=abc123</p>\
              <link rel=\"modulepreload\" nonce=\"abc123\" href=\"/pkg/x.js\">\
              <script nonce=\"abc123\">b</script><script nonce=\"abc123\">a</script>",
        );
        let page = Page::new(csp("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"), body).unwrap();
        let resp = page.respond(Coding::Identity);
        assert_eq!(
            resp.headers()[header::CONTENT_SECURITY_POLICY],
            "script-src 'self' 'sha256-ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=' \
             'sha256-PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0=' 'wasm-unsafe-eval'",
            "one hash per distinct script (\"a\", \"b\"), the nonce gone"
        );
        assert_eq!(
            String::from_utf8(bytes_of(resp).await).unwrap(),
            "<script type=\"module\">a</script><p>nonce=abc123</p><link rel=\"modulepreload\" href=\"/pkg/x.js\">\
             <script>b</script><script>a</script>",
            "only the attributes go"
        );

        // A script that never closes cannot be hashed: the page is not kept.
        assert!(Page::new(
            csp("script-src 'nonce-abc123'"),
            Bytes::from_static(b"<script nonce=\"abc123\">a")
        )
        .is_none());
        // A page without a nonce is kept as it is.
        let plain = Page::new(HeaderMap::new(), Bytes::from_static(b"<p>nonce=\"abc123\"</p>")).unwrap();
        assert_eq!(bytes_of(plain.respond(Coding::Identity)).await, b"<p>nonce=\"abc123\"</p>");
    }

    #[tokio::test]
    async fn each_coding_is_made_once_and_decodes_to_the_page() {
        use std::io::Read as _;
        let text: String = (0..2000).map(|i| format!("<li>claim {i}</li>")).collect();
        let page = Page::new(HeaderMap::new(), Bytes::from(text.clone())).unwrap();
        for coding in [Coding::Brotli, Coding::Gzip, Coding::Identity] {
            let resp = page.respond(coding);
            let encoding =
                resp.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap().to_string());
            let vary: Vec<_> =
                resp.headers().get_all(header::VARY).iter().map(|v| v.to_str().unwrap()).collect();
            assert!(vary.contains(&"accept-encoding"), "{vary:?}");
            let length: usize = resp.headers()[header::CONTENT_LENGTH].to_str().unwrap().parse().unwrap();
            let bytes = bytes_of(resp).await;
            assert_eq!(length, bytes.len());
            let mut decoded = String::new();
            match encoding.as_deref() {
                Some("br") => {
                    brotli::Decompressor::new(&bytes[..], 4096).read_to_string(&mut decoded).unwrap()
                }
                Some("gzip") => {
                    flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut decoded).unwrap()
                }
                None => {
                    assert_eq!(coding, Coding::Identity);
                    decoded = String::from_utf8(bytes.clone()).unwrap();
                    0
                }
                other => panic!("unexpected {other:?}"),
            };
            assert_eq!(decoded, text);
            assert!(
                coding == Coding::Identity || bytes.len() < text.len() / 5,
                "{coding:?}: {}",
                bytes.len()
            );
        }
        let first = page.br.get().unwrap().as_ptr();
        let _ = page.respond(Coding::Brotli);
        assert_eq!(page.br.get().unwrap().as_ptr(), first, "compressed once, then shared");
    }

    #[test]
    fn the_coding_follows_accept_encoding() {
        let coding = |value: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(value));
            coding_for(&h)
        };
        assert_eq!(coding_for(&HeaderMap::new()), Coding::Identity);
        assert_eq!(coding("gzip, deflate, br, zstd"), Coding::Brotli, "what browsers send");
        assert_eq!(coding("gzip"), Coding::Gzip);
        assert_eq!(coding("br;q=0, gzip"), Coding::Gzip);
        assert_eq!(coding("br;q=0.5, gzip;q=0.8"), Coding::Gzip);
        assert_eq!(coding("*"), Coding::Brotli);
        assert_eq!(coding("*;q=0"), Coding::Identity);
        assert_eq!(coding("identity"), Coding::Identity);
        assert_eq!(coding("GZIP ; q=1"), Coding::Gzip);
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
        Page::new(HeaderMap::new(), Bytes::from_static(body)).unwrap()
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
