//! The per-user import counter: one row per import asked for, kept for an hour.

use super::Backend;
use sqlx::AnyConnection;

/// Takes one import for `user_id` at `now` if fewer than `limit` were taken after `since`; otherwise
/// returns the time of the oldest one still counted (when the next slot frees up). Run inside a write
/// transaction: on PostgreSQL the user's row is locked first, so instances sharing the database count
/// one request at a time per user; on SQLite the transaction is already the only writer.
pub async fn take_slot(
    conn: &mut AnyConnection,
    backend: Backend,
    user_id: i64,
    now: i64,
    since: i64,
    limit: i64,
) -> Result<Result<(), i64>, sqlx::Error> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM import_requests WHERE user_id = $1 AND at <= $2")
        .bind(user_id)
        .bind(since)
        .execute(&mut *conn)
        .await?;
    let (count, oldest) = sqlx::query_as::<_, (i64, Option<i64>)>(
        "SELECT COUNT(*), MIN(at) FROM import_requests WHERE user_id = $1 AND at > $2",
    )
    .bind(user_id)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    if count >= limit {
        return Ok(Err(oldest.unwrap_or(now)));
    }
    sqlx::query("INSERT INTO import_requests (user_id, at) VALUES ($1, $2)")
        .bind(user_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(Ok(()))
}
