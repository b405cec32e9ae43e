//! claimcheck: crowdsourced fact-checking of news articles.
//! The crate compiles twice: with `ssr` as the server (axum + sqlx), with `hydrate` as the browser bundle.
//! Everything server-only lives under `server/` behind the `ssr` feature.
#![forbid(unsafe_code)]
// The browser build (wasm-release) nests view types deeper than the default 128 allows.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod consensus;
pub mod error;
pub mod extract;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod server;

/// Browser entry point: attaches the reactive app to the server-rendered HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
