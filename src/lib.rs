//! claimcheck: crowdsourced fact-checking of news articles.
//! The crate compiles twice: with `ssr` as the server (axum + sqlx), with `hydrate` as the browser bundle.
//! Everything server-only lives under `server/` behind the `ssr` feature.
#![deny(unsafe_code)]
// The browser build (wasm-release) nests view types deeper than the default 128 allows.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod consensus;
pub mod error;
pub mod extract;
#[cfg(feature = "ssr")]
pub mod import;
/// Server-only: the browser never matches.
#[cfg(feature = "ssr")]
pub mod matching;
pub mod model;
pub mod model_account;
pub mod model_standing;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod server;
pub mod values;
pub mod wire;

/// Room for wasm-split's data layout; never read. `cargo leptos build --split` lays the read-only data
/// segment out again per module (main and each lazily loaded chunk), and if the new layout comes out
/// longer than the linked segment, even by a few bytes of alignment padding, it gives up and keeps the
/// whole segment, every chunk's text included, in the main module (about 38 KB more for every page;
/// see BENCHMARKS.md "Bundle"). Nothing references this array, so no module receives it: the linked
/// segment is this much longer than the sum of what the modules need, and the layout fits.
#[cfg(all(feature = "hydrate", target_arch = "wasm32"))]
#[used]
static SPLIT_DATA_SLACK: [u8; 4096] = [0x5a; 4096];

/// Browser entry point: attaches the reactive app to the server-rendered HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    components::crowd::watch_interaction();
    wasm_bindgen_futures::spawn_local(async {
        // Forms loaded on demand must be in before hydration reaches them (see `components::tools`).
        components::tools::preload_if_rendered().await;
        // Asynchronous hydration: a lazily loaded route (see `pages::lazy`) hydrates once its chunk
        // is in.
        leptos::mount::hydrate_lazy(app::App);
    });
}
