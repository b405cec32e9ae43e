//! Use cases. Each public function validates its input, checks who may do it, and runs in at most
//! one transaction. Pages, server functions and REST handlers call these and nothing below them.

pub mod accounts;
pub mod articles;
pub mod brigades;
pub mod claims;
pub mod demo;
pub mod export;
pub mod imports;
pub mod invites;
pub mod matching;
pub mod moderation;
pub mod password;
pub mod queue;
pub mod standing;
pub mod throttle;
pub mod validate;
