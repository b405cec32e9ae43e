//! SQL for `users`, `sessions` and `login_failures`.

use crate::values::Standing;
use sqlx::{AnyConnection, AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub role: String,
    pub disabled: i64,
    pub created_at: i64,
    pub votes_excluded: i64,
    pub standing: Standing,
    /// 1 after `user reset-password`: the account must choose a new password first.
    pub must_change_password: i64,
}

const USER_COLUMNS: &str =
    "id, username, password_hash, role, disabled, created_at, votes_excluded, standing, must_change_password";

pub async fn insert(
    conn: &mut AnyConnection,
    username: &str,
    password_hash: &str,
    role: &str,
    standing: Standing,
    created_at: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO users (username, password_hash, role, disabled, created_at, standing) \
         VALUES ($1, $2, $3, 0, $4, $5) RETURNING id",
    )
    .bind(username)
    .bind(password_hash)
    .bind(role)
    .bind(created_at)
    .bind(standing)
    .fetch_one(conn)
    .await
}

pub async fn by_username(pool: &AnyPool, username: &str) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as::<_, UserRow>(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE lower(username) = lower($1)"
    ))
    .bind(username)
    .fetch_optional(pool)
    .await
}

pub async fn by_id(pool: &AnyPool, id: i64) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as::<_, UserRow>(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn set_role(conn: &mut AnyConnection, id: i64, role: &str) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
        .bind(role)
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected())
}

pub async fn set_disabled(conn: &mut AnyConnection, id: i64, disabled: bool) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
        .bind(i64::from(disabled))
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected())
}

pub async fn update_password_hash(pool: &AnyPool, id: i64, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

// --- sessions ---------------------------------------------------------------------------------

/// Inserts a new session; false when the id is already taken (the caller picks another).
pub async fn session_create(
    conn: &mut AnyConnection,
    id_hash: &str,
    user_id: Option<i64>,
    data: &str,
    expires_at: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, data, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id_hash) DO NOTHING",
    )
    .bind(id_hash)
    .bind(user_id)
    .bind(data)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn session_save(
    conn: &mut AnyConnection,
    id_hash: &str,
    user_id: Option<i64>,
    data: &str,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, data, expires_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (id_hash) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, expires_at = excluded.expires_at",
    )
    .bind(id_hash)
    .bind(user_id)
    .bind(data)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn session_load(
    pool: &AnyPool,
    id_hash: &str,
    now: i64,
) -> Result<Option<(String, i64)>, sqlx::Error> {
    sqlx::query_as::<_, (String, i64)>(
        "SELECT data, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2",
    )
    .bind(id_hash)
    .bind(now)
    .fetch_optional(pool)
    .await
}

/// A live session and its account in one read, for resolving who sent a request: the session's
/// data and, when it belongs to an account that still exists, that account's name, role and
/// disabled flag (read now, so a disable or demotion applies to the very next request).
#[derive(Debug, Clone, FromRow)]
pub struct SessionActorRow {
    pub data: String,
    pub user_id: Option<i64>,
    pub username: Option<String>,
    pub role: Option<String>,
    pub disabled: Option<i64>,
    pub standing: Option<Standing>,
    pub must_change_password: Option<i64>,
}

pub async fn session_actor(
    pool: &AnyPool,
    id_hash: &str,
    now: i64,
) -> Result<Option<SessionActorRow>, sqlx::Error> {
    sqlx::query_as::<_, SessionActorRow>(
        "SELECT s.data, u.id AS user_id, u.username, u.role, u.disabled, u.standing, u.must_change_password \
         FROM sessions s LEFT JOIN users u ON u.id = s.user_id \
         WHERE s.id_hash = $1 AND s.expires_at > $2",
    )
    .bind(id_hash)
    .bind(now)
    .fetch_optional(pool)
    .await
}

pub async fn session_delete(conn: &mut AnyConnection, id_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(conn).await?;
    Ok(())
}

pub async fn sessions_delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?
        .rows_affected())
}

pub async fn sessions_delete_expired(pool: &AnyPool, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected())
}

// --- login failures ---------------------------------------------------------------------------

pub async fn record_login_failure(
    conn: &mut AnyConnection,
    ip: &str,
    username: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO login_failures (ip, username, at) VALUES ($1, $2, $3)")
        .bind(ip)
        .bind(username)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Which failures to count: from one address, or against one account name.
#[derive(Clone, Copy)]
pub enum FailureKey<'a> {
    Ip(&'a str),
    Username(&'a str),
}

/// Failures since `since` for `key`: (count, oldest time).
pub async fn login_failures(
    pool: &AnyPool,
    key: FailureKey<'_>,
    since: i64,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    // The column name comes from this enum, never from input.
    let (column, value) = match key {
        FailureKey::Ip(v) => ("ip", v),
        FailureKey::Username(v) => ("username", v),
    };
    sqlx::query_as::<_, (i64, Option<i64>)>(&format!(
        "SELECT COUNT(*), MIN(at) FROM login_failures WHERE {column} = $1 AND at > $2"
    ))
    .bind(value)
    .bind(since)
    .fetch_one(pool)
    .await
}

pub async fn prune_login_failures(conn: &mut AnyConnection, before: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE at <= $1").bind(before).execute(conn).await?;
    Ok(())
}
