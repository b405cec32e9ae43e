//! The compiled site's files (WASM, JS, CSS under `pkg/`) at URLs that name their build:
//! `/assets/{build}/pkg/…`, where `build` is a digest of the files themselves. Pages link to them
//! there, so a browser may keep them for a year without asking again (`immutable`), and a new
//! build is new URLs: a browser never pairs a page with another build's code, which after an
//! upgrade would leave it unable to load a lazily loaded chunk or to hydrate at all.
//!
//! `/pkg/…` still answers (for a page rendered before an upgrade, and for tools), with
//! `Cache-Control: no-cache`: those URLs do not change with the build, so a browser must not
//! reuse them unasked.

use super::state::AppState;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use sha2::Digest as _;
use std::path::PathBuf;
use tower::ServiceExt as _;
use tower_http::services::ServeDir;

/// Where pages find the files of the build this server serves.
#[derive(Debug, Clone)]
pub struct Assets {
    /// The first 16 hex digits of the SHA-256 of every file under `pkg/` (their paths and bytes,
    /// the brotli and gzip copies included: they are what most browsers get). Read once, at
    /// start-up: after a new build the server must be restarted, or the new files would go out
    /// under the old build's URL.
    pub build: String,
    /// What comes before `/pkg/…` in the pages' links: `/assets/{build}`.
    pub root: String,
    site_root: PathBuf,
    /// Under `cargo leptos watch` the files change while the server runs (CSS is rebuilt
    /// without a restart), so they are served for revalidation instead of kept.
    watching: bool,
}

/// A year: the longest lifetime caches honour. A build's URLs never serve other bytes.
const KEEP: &str = "public, max-age=31536000, immutable";
/// For URLs whose bytes change from build to build.
const REVALIDATE: &str = "no-cache";

impl Assets {
    /// Reads the site's `pkg/` folder once, at start-up. A missing folder (a server with no
    /// browser build, as in tests) is an empty build, still with a digest of its own.
    pub fn new(site_root: PathBuf) -> Assets {
        let mut files = Vec::new();
        list_files(&site_root.join("pkg"), &mut files);
        files.sort();
        let mut digest = sha2::Sha256::new();
        for path in &files {
            let Ok(bytes) = std::fs::read(path) else { continue };
            let name = path.strip_prefix(&site_root).unwrap_or(path);
            digest.update(name.to_string_lossy().as_bytes());
            digest.update([0]);
            digest.update((bytes.len() as u64).to_le_bytes());
            digest.update(&bytes);
        }
        let build: String = digest.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
        Assets {
            root: format!("/assets/{build}"),
            build,
            site_root,
            watching: std::env::var_os("LEPTOS_WATCH").is_some(),
        }
    }
}

fn list_files(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => list_files(&path, out),
            Ok(t) if t.is_file() => out.push(path),
            _ => {}
        }
    }
}

/// `GET /assets/{build}/pkg/{*file}`: the file from the site's `pkg/` folder (its brotli or gzip
/// copy when the browser takes one), to be kept for a year. Another build's URL answers 404:
/// its bytes are gone, and this build's would not fit the page that asked.
pub async fn serve(
    State(state): State<AppState>,
    Path((build, _file)): Path<(String, String)>,
    req: Request,
) -> Response {
    let assets = &state.assets;
    if build != assets.build {
        return (
            StatusCode::NOT_FOUND,
            "These files belong to another build of claimcheck; reload the page to get this one's.",
        )
            .into_response();
    }
    // The path as sent (still percent-encoded) from its `/pkg/` on: `ServeDir` decodes it and
    // refuses `..` and the like. The route matched `/assets/{build}/pkg/…`, so it is there.
    let (mut parts, _) = req.into_parts();
    let rest = parts.uri.path().strip_prefix("/assets/").and_then(|p| p.split_once('/')).map(|(_, r)| r);
    let Some(Ok(uri)) = rest.filter(|r| r.starts_with("pkg/")).map(|r| format!("/{r}").parse::<Uri>()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    parts.uri = uri;
    // Files only: a folder is not found (not redirected to its unversioned URL).
    let files = ServeDir::new(&assets.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false);
    let mut resp = match files.oneshot(Request::from_parts(parts, Body::empty())).await {
        Ok(resp) => resp.into_response(),
        Err(never) => match never {},
    };
    if resp.status().is_success() || resp.status() == StatusCode::NOT_MODIFIED {
        let policy = if assets.watching { REVALIDATE } else { KEEP };
        resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    resp
}

/// Middleware: `Cache-Control: no-cache` on the files under the unversioned `/pkg/`.
pub async fn revalidate_unversioned(req: Request, next: axum::middleware::Next) -> Response {
    let unversioned = req.uri().path().starts_with("/pkg/");
    let mut resp = next.run(req).await;
    if unversioned && !resp.headers().contains_key(header::CACHE_CONTROL) {
        resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_names_the_files_bytes() {
        let site = tempfile::tempdir().unwrap();
        let pkg = site.path().join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("claimcheck.js"), "one").unwrap();
        let first = Assets::new(site.path().to_path_buf());
        assert_eq!(first.build.len(), 16);
        assert_eq!(first.root, format!("/assets/{}", first.build));
        // The same bytes, the same build (every app server of one release agrees).
        assert_eq!(Assets::new(site.path().to_path_buf()).build, first.build);
        // Any change counts, a compressed copy's too: it is what most browsers get.
        std::fs::write(pkg.join("claimcheck.js.br"), "copy").unwrap();
        assert_ne!(Assets::new(site.path().to_path_buf()).build, first.build);
        std::fs::write(pkg.join("claimcheck.js"), "two").unwrap();
        assert_ne!(Assets::new(site.path().to_path_buf()).build, first.build);
        std::fs::write(pkg.join("chunk_1.wasm"), "").unwrap();
        let with_chunk = Assets::new(site.path().to_path_buf());
        std::fs::remove_file(pkg.join("chunk_1.wasm")).unwrap();
        assert_ne!(Assets::new(site.path().to_path_buf()).build, with_chunk.build);
    }
}
