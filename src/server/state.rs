//! The state every request handler and server function can reach.

use super::auth::Passwords;
use super::config::Config;
use super::db::Db;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

/// Cheap to clone (one reference count): axum clones the state for every middleware on every
/// request, and cloning the fields one by one (the leptos options alone are a dozen strings) was a
/// fifth of the CPU time of serving a cached page.
#[derive(Clone)]
pub struct AppState(Arc<StateInner>);

impl std::ops::Deref for AppState {
    type Target = StateInner;
    fn deref(&self) -> &StateInner {
        &self.0
    }
}

pub struct StateInner {
    pub db: Db,
    pub config: Arc<Config>,
    pub leptos_options: LeptosOptions,
    pub passwords: Arc<Passwords>,
    /// Rendered pages (articles, reports, the list) for readers without a session (see `render_cache`).
    pub render_cache: Arc<super::render_cache::RenderCache>,
    /// The fact-check library's matching index (see `matching_index`).
    pub library: Arc<super::matching_index::LibraryIndex>,
    /// The per-account write limit (see `write_limit`).
    pub writes: Arc<super::write_limit::WriteLimit>,
    /// Where pages link to the compiled site's files (see `assets`).
    pub assets: super::assets::Assets,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl AppState {
    /// The one place the shared state is put together: the server passes the site it serves, the
    /// command line (which serves nothing) a default.
    pub fn new(config: Config, db: Db, leptos_options: LeptosOptions) -> anyhow::Result<AppState> {
        let render_cache = Arc::new(super::render_cache::RenderCache::new(config.render_cache_bytes));
        let passwords = Arc::new(Passwords::with_queue(config.limit_hash_queue)?);
        let writes = Arc::new(super::write_limit::WriteLimit::new(config.limit_writes_per_minute));
        let assets = super::assets::Assets::keeping(
            config.site_root.clone(),
            config.builds_dir.clone(),
            config.keep_builds,
        );
        Ok(AppState(Arc::new(StateInner {
            db,
            config: Arc::new(config),
            leptos_options,
            passwords,
            render_cache,
            library: Arc::new(super::matching_index::LibraryIndex::new()),
            writes,
            assets,
        })))
    }
}
