//! The compiled site's files (WASM, JS, CSS under `pkg/`) at URLs that name their build:
//! `/assets/{build}/pkg/…`, where `build` is a digest of the files themselves. Pages link to them
//! there, so a browser may keep them for a year without asking again (`immutable`), and a new
//! build is new URLs: a browser never pairs a page with another build's code, which after an
//! upgrade would leave it unable to load a lazily loaded chunk or to hydrate at all.
//!
//! A page opened before an upgrade still names the earlier build's URLs, and loads its code from
//! them as the reader moves on (most components are lazily loaded chunks). So a server started with
//! `CLAIMCHECK_KEEP_BUILDS` above 0 (`claimcheck serve` keeps 3) copies the files it serves to
//! `{CLAIMCHECK_BUILDS_DIR}/{build}/` once (by default `builds/` beside the site folder, which
//! `cargo leptos build` empties), serves its own build from there, and serves the files of the few
//! builds it finds there that started most recently before it; older copies are deleted. Servers
//! that share the folder, or whose deployment carries it over, keep each other's too.
//!
//! `/pkg/…` still answers (for tools, and for pages of releases from before versioned URLs),
//! with `Cache-Control: no-cache`: those URLs do not change with the build, so a browser must not
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
    /// Earlier builds whose files are kept under `builds/` and served too, most recent first.
    pub earlier: Vec<String>,
    /// This build's files were kept too, and are served from there.
    current_kept: bool,
    /// Where builds' files are kept: `{kept}/{build}/pkg/…`.
    kept: PathBuf,
    /// Under `cargo leptos watch` the files change while the server runs (CSS is rebuilt
    /// without a restart), so they are served for revalidation instead of kept.
    watching: bool,
}

/// A year: the longest lifetime caches honour. A build's URLs never serve other bytes.
const KEEP: &str = "public, max-age=31536000, immutable";
/// For URLs whose bytes change from build to build.
const REVALIDATE: &str = "no-cache";
/// The folder beside the site folder where builds' files are kept, one folder per build (beside,
/// not inside: `cargo leptos build` empties the site folder).
pub const KEPT: &str = "builds";
/// The file in a kept build's folder whose modification time says when that build last started.
const SERVED: &str = "served";

impl Assets {
    /// Reads the site's `pkg/` folder once, at start-up. A missing folder (a server with no
    /// browser build, as in tests) is an empty build, still with a digest of its own.
    pub fn new(site_root: PathBuf) -> Assets {
        Assets::keeping(site_root, PathBuf::new(), 0)
    }

    /// As `new`, and with `keep` above 0 keeps this build's files in the folder `kept` and serves
    /// the `keep` earlier builds found there that started most recently. Failing to keep them (a
    /// read-only site folder) is logged, not fatal: the current build is served either way.
    pub fn keeping(site_root: PathBuf, kept: PathBuf, keep: usize) -> Assets {
        let mut paths = Vec::new();
        list_files(&site_root.join("pkg"), &mut paths);
        paths.sort();
        // Read once: the bytes kept under `builds/` are the bytes the digest names.
        let files: Vec<(PathBuf, Vec<u8>)> =
            paths.into_iter().filter_map(|p| std::fs::read(&p).ok().map(|bytes| (p, bytes))).collect();
        let mut digest = sha2::Sha256::new();
        for (path, bytes) in &files {
            let name = path.strip_prefix(&site_root).unwrap_or(path);
            digest.update(name.to_string_lossy().as_bytes());
            digest.update([0]);
            digest.update((bytes.len() as u64).to_le_bytes());
            digest.update(bytes);
        }
        let build: String = digest.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
        let watching = std::env::var_os("LEPTOS_WATCH").is_some();
        // Under `cargo leptos watch` every save is a build: none is worth keeping.
        let earlier = if keep == 0 || watching || files.is_empty() {
            None
        } else {
            keep_builds(&site_root, &kept, &build, &files, keep)
                .inspect_err(|e| {
                    tracing::warn!(
                        error = %e,
                        folder = %kept.display(),
                        "could not keep this build's files; pages opened before an upgrade will not find theirs"
                    )
                })
                .ok()
        };
        if let Some(earlier) = earlier.as_ref().filter(|e| !e.is_empty()) {
            tracing::info!(builds = ?earlier, "serving the files of earlier builds too");
        }
        Assets {
            root: format!("/assets/{build}"),
            build,
            site_root,
            current_kept: earlier.is_some(),
            earlier: earlier.unwrap_or_default(),
            kept,
            watching,
        }
    }

    /// The folder `/assets/{build}/pkg/…` is served from, when that build is this one or kept.
    /// This build's own files come from its kept copy when there is one: a later release may
    /// replace `pkg/` while this server still runs, and its URLs must keep their bytes.
    fn folder_of(&self, build: &str) -> Option<PathBuf> {
        if build == self.build && !self.current_kept {
            Some(self.site_root.clone())
        } else if build == self.build || self.earlier.iter().any(|b| b == build) {
            Some(self.kept.join(build))
        } else {
            None
        }
    }
}

/// A build's name as `Assets` writes it: 16 lowercase hex digits (a folder name, never a path).
fn is_build_name(name: &str) -> bool {
    name.len() == 16 && name.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A half-made copy left by a server that stopped while copying is deleted after this long.
const STALE_COPY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Copies this build's files to `builds/{build}/pkg/` (once: a folder already there has the same
/// bytes, as its name is their digest), marks it as started now, deletes all but the `keep` most
/// recently started earlier builds, and names those, most recent first.
fn keep_builds(
    site_root: &std::path::Path,
    kept: &std::path::Path,
    build: &str,
    files: &[(PathBuf, Vec<u8>)],
    keep: usize,
) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(kept)?;
    let mine = kept.join(build);
    if !mine.is_dir() {
        // Copied aside, then renamed into place: a server starting beside this one never serves
        // a half-copied build, and whichever renames second finds the folder there and stops.
        let partial = kept.join(format!(".{build}.{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&partial);
        for (file, bytes) in files {
            let Ok(name) = file.strip_prefix(site_root) else { continue };
            let to = partial.join(name);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&to, bytes)?;
        }
        if std::fs::rename(&partial, &mine).is_err() {
            std::fs::remove_dir_all(&partial)?;
        }
    }
    let now = std::time::SystemTime::now();
    let stamp =
        |t: std::time::SystemTime| t.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    std::fs::write(mine.join(SERVED), stamp(now).to_string())?;
    let mut others = Vec::new();
    for entry in std::fs::read_dir(kept)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.starts_with('.') {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > STALE_COPY));
            if old {
                let _ = std::fs::remove_dir_all(&path);
            }
            continue;
        }
        if name == build || !is_build_name(&name) || !path.is_dir() {
            continue;
        }
        // When it last started, as it wrote it (file times may be coarse or copied).
        let started = std::fs::read_to_string(path.join(SERVED))
            .ok()
            .and_then(|s| s.trim().parse::<u128>().ok())
            .unwrap_or(0);
        others.push((started, name));
    }
    // Most recently started first; ties by name, so every server keeps the same ones.
    others.sort_by(|a, b| b.cmp(a));
    for (_, name) in others.iter().skip(keep) {
        // Another server may have deleted it first; any other failure leaves it for next time.
        if let Err(e) = std::fs::remove_dir_all(kept.join(name)) {
            if e.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!(error = %e, build = %name, "could not delete an old build's files");
            }
        }
    }
    Ok(others.into_iter().take(keep).map(|(_, name)| name).collect())
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

/// `GET /assets/{build}/pkg/{*file}`: the file from the site's `pkg/` folder, or a kept earlier
/// build's (its brotli or gzip copy when the browser takes one), to be kept for a year. Any other
/// build's URL answers 404: its bytes are gone, and this build's would not fit the page that asked.
pub async fn serve(
    State(state): State<AppState>,
    Path((build, _file)): Path<(String, String)>,
    req: Request,
) -> Response {
    let assets = &state.assets;
    let Some(folder) = assets.folder_of(&build) else {
        return (
            StatusCode::NOT_FOUND,
            "These files belong to another build of claimcheck; reload the page to get this one's.",
        )
            .into_response();
    };
    // The path as sent (still percent-encoded) from its `/pkg/` on: `ServeDir` decodes it and
    // refuses `..` and the like. The route matched `/assets/{build}/pkg/…`, so it is there.
    let (mut parts, _) = req.into_parts();
    let rest = parts.uri.path().strip_prefix("/assets/").and_then(|p| p.split_once('/')).map(|(_, r)| r);
    let Some(Ok(uri)) = rest.filter(|r| r.starts_with("pkg/")).map(|r| format!("/{r}").parse::<Uri>()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    parts.uri = uri;
    // Files only: a folder is not found (not redirected to its unversioned URL).
    let files =
        ServeDir::new(folder).precompressed_br().precompressed_gzip().append_index_html_on_directories(false);
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

    #[test]
    fn earlier_builds_stay_served_until_more_recent_ones_push_them_out() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path().join("site");
        let kept = site.path().join(KEPT);
        let pkg = root.join("pkg");
        std::fs::create_dir_all(pkg.join("snippets")).unwrap();
        let release = |n: u32| {
            std::fs::write(pkg.join("claimcheck.wasm"), format!("build {n}")).unwrap();
            std::fs::write(pkg.join("snippets/loader.js"), format!("loader {n}")).unwrap();
            // Started a little later each time, as releases are.
            std::thread::sleep(std::time::Duration::from_millis(20));
            Assets::keeping(root.clone(), kept.clone(), 2)
        };
        let first = release(1);
        assert!(first.earlier.is_empty());
        // This build's own URLs are served from its kept copy, which no later release replaces.
        assert_eq!(first.folder_of(&first.build), Some(kept.join(&first.build)));
        let second = release(2);
        assert_eq!(second.earlier, vec![first.build.clone()]);
        // The earlier build's own bytes, from its folder, in the layout the URLs name.
        let folder = second.folder_of(&first.build).unwrap();
        assert_eq!(std::fs::read_to_string(folder.join("pkg/claimcheck.wasm")).unwrap(), "build 1");
        assert_eq!(std::fs::read_to_string(folder.join("pkg/snippets/loader.js")).unwrap(), "loader 1");
        let third = release(3);
        assert_eq!(third.earlier, vec![second.build.clone(), first.build.clone()]);
        let fourth = release(4);
        assert_eq!(fourth.earlier, vec![third.build.clone(), second.build.clone()]);
        assert!(!kept.join(&first.build).exists(), "the oldest is deleted");
        assert_eq!(fourth.folder_of(&first.build), None);
        // A rollback to a kept build serves it as the current one, and keeps the others.
        let back = release(3);
        assert_eq!(back.build, third.build);
        assert_eq!(back.earlier, vec![fourth.build.clone(), second.build.clone()]);
        // Nothing that is not a build's name is ever a folder to serve from.
        for name in ["..", "../pkg", "", "ABCDEF0123456789", "builds"] {
            assert_eq!(back.folder_of(name), None, "{name}");
        }
        // Keeping none touches nothing and serves only the current build.
        let none = Assets::new(root.clone());
        assert!(none.earlier.is_empty());
        assert!(kept.join(&fourth.build).exists());
    }

    #[test]
    fn a_site_folder_it_cannot_write_still_serves_the_current_build() {
        let site = tempfile::tempdir().unwrap();
        let pkg = site.path().join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("claimcheck.js"), "one").unwrap();
        // `builds` taken by a file: the copy fails, the server starts.
        std::fs::write(site.path().join(KEPT), "not a folder").unwrap();
        let assets = Assets::keeping(site.path().to_path_buf(), site.path().join(KEPT), 3);
        assert!(assets.earlier.is_empty());
        assert_eq!(assets.folder_of(&assets.build), Some(site.path().to_path_buf()));
        assert_eq!(assets.build, Assets::new(site.path().to_path_buf()).build);
    }
}
