//! SQL for the account page: one account's own sessions and its password.

use sqlx::{AnyConnection, AnyPool};

/// The live sessions of `user_id`: (id_hash, data, expires_at), newest expiry first.
pub async fn sessions_of(
    pool: &AnyPool,
    user_id: i64,
    now: i64,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id_hash, data, expires_at FROM sessions WHERE user_id = $1 AND expires_at > $2 \
         ORDER BY expires_at DESC LIMIT 200",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(pool)
    .await
}

/// Deletes the session of `user_id` whose id_hash starts with the 16 hex digits `public_id`.
pub async fn delete_session(
    conn: &mut AnyConnection,
    user_id: i64,
    public_id: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND substr(id_hash, 1, 16) = $2")
        .bind(user_id)
        .bind(public_id)
        .execute(conn)
        .await?
        .rows_affected())
}

/// Deletes every session of `user_id` except `keep` (an id_hash).
pub async fn delete_other_sessions(
    conn: &mut AnyConnection,
    user_id: i64,
    keep: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(user_id)
        .bind(keep)
        .execute(conn)
        .await?
        .rows_affected())
}

pub async fn set_password(
    conn: &mut AnyConnection,
    user_id: i64,
    hash: &str,
    must_change: bool,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3")
        .bind(hash)
        .bind(i64::from(must_change))
        .bind(user_id)
        .execute(conn)
        .await?
        .rows_affected())
}
