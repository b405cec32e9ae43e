//! The integration tests: one test binary (`cargo test --features ssr --test api`), one module per
//! area, all over real HTTP against the app on port 0 with a fresh database. The harness and the
//! request helpers every module uses are in `helpers`; fixtures are read from `tests/fixtures`.
//!
//! Run them one at a time (`-- --test-threads=1`, as `make test` and `make check` do): each test
//! starts a whole server, and two servers shutting down side by side in one process were seen to
//! answer 503 from the other's closed pool. One module or test: `cargo test --features ssr --test
//! api auth::` or `... --test api sessions_survive_a_server_restart`.

mod helpers;

mod abuse;
mod auth;
mod authz;
mod demo;
mod export;
mod faults;
mod foundation;
mod headers;
mod hostile;
mod import;
mod matching;
mod matching_library;
mod moderation;
mod openapi;
mod queue;
mod render_cache;
mod scale_out;
mod standing;
mod workspace;
