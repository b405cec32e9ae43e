//! One module per route.

pub mod account;
pub mod account_settings;
pub mod activity;
pub mod admin;
pub mod article;
pub mod articles;
pub mod claim;
pub mod factchecks;
// The `#[lazy]` machinery links each route to its chunk through `extern` imports and exports.
#[allow(unsafe_code)]
pub mod lazy;
pub mod report;
pub mod review;
pub mod standing;
pub mod submit;
