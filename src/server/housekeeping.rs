//! The background task that keeps the abuse tables small, off the request path: expired
//! sessions, sign-in failures and registration attempts past the longest window they count in,
//! failures beyond a fixed cap, and the write limiter's idle accounts.

use super::state::AppState;
use super::time::now_millis;
use std::time::Duration;

/// Failures and registration attempts count for at most an hour.
const LONGEST_WINDOW_MS: i64 = 3_600_000;
/// However many failures arrive within the hour, at most this many of the newest are kept.
pub const MAX_FAILURE_ROWS: i64 = 100_000;
/// How often the task runs by default.
pub const DEFAULT_EVERY: Duration = Duration::from_secs(10 * 60);

/// One pass; returns the rows deleted.
pub async fn run_once(state: &AppState) -> anyhow::Result<u64> {
    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    let n = super::db::abuse::prune(&mut tx, now, now - LONGEST_WINDOW_MS, MAX_FAILURE_ROWS).await?;
    tx.commit().await?;
    state.writes.forget_idle();
    Ok(n)
}

/// Runs `run_once` every `every` (the first time one period after start, not while the server
/// starts), until the returned handle is aborted.
pub fn spawn(state: AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let every = every.max(Duration::from_millis(10));
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match run_once(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(deleted = n, "housekeeping"),
                Err(e) => tracing::warn!(error = %e, "housekeeping failed; trying again later"),
            }
        }
    })
}
