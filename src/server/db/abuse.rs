//! SQL for the abuse limits: registration attempts per client address, sign-in attempts counted
//! before they are verified, and the housekeeping that keeps both tables (and sessions) small.

use sqlx::{AnyConnection, AnyPool};

/// Registration attempts from `client` since `since`: (count, oldest time).
pub async fn registrations_since(
    pool: &AnyPool,
    client: &str,
    since: i64,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    sqlx::query_as::<_, (i64, Option<i64>)>(
        "SELECT COUNT(*), MIN(at) FROM registration_attempts WHERE client = $1 AND at > $2",
    )
    .bind(client)
    .bind(since)
    .fetch_one(pool)
    .await
}

pub async fn insert_registration(
    conn: &mut AnyConnection,
    client: &str,
    at: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO registration_attempts (client, at) VALUES ($1, $2) RETURNING id",
    )
    .bind(client)
    .bind(at)
    .fetch_one(conn)
    .await
}

pub async fn delete_registration(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM registration_attempts WHERE id = $1").bind(id).execute(conn).await?;
    Ok(())
}

/// A sign-in attempt, written before the password is verified; deleted again when it succeeds.
pub async fn insert_login_attempt(
    conn: &mut AnyConnection,
    client: &str,
    name_key: &str,
    at: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO login_failures (ip, username, at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(client)
    .bind(name_key)
    .bind(at)
    .fetch_one(conn)
    .await
}

pub async fn delete_login_attempt(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE id = $1").bind(id).execute(conn).await?;
    Ok(())
}

/// Failures against one account from one client address since `since`: (count, oldest time).
pub async fn pair_failures(
    pool: &AnyPool,
    client: &str,
    name_key: &str,
    since: i64,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    sqlx::query_as::<_, (i64, Option<i64>)>(
        "SELECT COUNT(*), MIN(at) FROM login_failures WHERE ip = $1 AND username = $2 AND at > $3",
    )
    .bind(client)
    .bind(name_key)
    .bind(since)
    .fetch_one(pool)
    .await
}

/// Housekeeping: deletes expired sessions, sign-in failures and registration attempts older than
/// `before`, and keeps at most `max_failures` of the newest failures. Returns rows deleted.
pub async fn prune(
    conn: &mut AnyConnection,
    now: i64,
    before: i64,
    max_failures: i64,
) -> Result<u64, sqlx::Error> {
    let mut n = 0;
    n += sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    n += sqlx::query("DELETE FROM login_failures WHERE at <= $1")
        .bind(before)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    n += sqlx::query("DELETE FROM registration_attempts WHERE at <= $1")
        .bind(before)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    n += sqlx::query(
        "DELETE FROM login_failures WHERE id <= \
         (SELECT id FROM login_failures ORDER BY id DESC LIMIT 1 OFFSET $1)",
    )
    .bind(max_failures)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(n)
}

/// Sources a claim carries (any visibility: a hidden spam source still took its place).
pub async fn source_count(conn: &mut AnyConnection, claim_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sources WHERE claim_id = $1")
        .bind(claim_id)
        .fetch_one(conn)
        .await
}

/// Manual claims an article carries.
pub async fn manual_claim_count(conn: &mut AnyConnection, article_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM claims WHERE article_id = $1 AND origin = 'manual'")
        .bind(article_id)
        .fetch_one(conn)
        .await
}
