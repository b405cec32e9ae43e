//! One module per route.

pub mod account;
pub mod articles;
