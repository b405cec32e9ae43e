//! Everything that only exists on the server: command line, configuration, HTTP, services, SQL.

pub mod assets;
pub mod auth;
pub mod cli;
pub mod cli_matching;
pub mod client_addr;
pub mod config;
pub mod db;
pub mod export;
pub mod fetch;
pub mod housekeeping;
pub mod http;
pub mod import_cli;
pub mod import_form;
pub mod links;
pub mod matching_index;
pub mod openapi;
pub mod password_policy;
pub mod render_cache;
pub mod rest;
pub mod service;
pub mod state;
pub mod telemetry;
pub mod time;
pub mod transport;
pub mod write_limit;
