//! Server functions: thin adapters from the browser to `server::service`. Each one finds the shared
//! state in context, calls exactly one service function and returns its result unchanged.

pub mod account;
pub mod articles;
pub mod auth;
pub mod import;
pub mod matching;
pub mod moderation;
pub mod queue;
pub mod standing;
pub mod workspace;
