//! One module per route.

pub mod account;
pub mod admin;
pub mod article;
pub mod articles;
pub mod claim;
pub mod report;
pub mod submit;
