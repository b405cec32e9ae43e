//! One module per route.

pub mod articles;
