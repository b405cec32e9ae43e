//! Everything that only exists on the server: command line, configuration, HTTP, services, SQL.

pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod export;
pub mod http;
pub mod openapi;
pub mod render_cache;
pub mod rest;
pub mod rest_queue;
pub mod service;
pub mod state;
pub mod telemetry;
pub mod time;
