//! SQL for reviewer standing (locks, promotion, the earning record), invitations, the public
//! reviewer record and the brigading signal.

use super::Backend;
use crate::values::Standing;
use sqlx::{AnyConnection, AnyPool, FromRow};

/// PostgreSQL: holds the voter's row (shared) until the vote commits, so a standing change of that
/// voter (which updates the row) waits for votes in flight and they wait for it: no vote is
/// counted by the standing it had before a change that has already recounted its claims. SQLite
/// runs one writer at a time and needs nothing.
pub async fn share_lock_user(conn: &mut AnyConnection, backend: Backend, id: i64) -> Result<(), sqlx::Error> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT id FROM users WHERE id = $1 FOR SHARE").bind(id).fetch_all(conn).await?;
    }
    Ok(())
}

pub async fn set_standing(conn: &mut AnyConnection, id: i64, standing: Standing) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("UPDATE users SET standing = $1 WHERE id = $2")
        .bind(standing)
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected())
}

/// Makes a new account trusted unless, on PostgreSQL, another transaction holds its row (a vote
/// of that account in flight): then false, and the check runs again at the next verdict.
pub async fn promote_if_free(
    conn: &mut AnyConnection,
    backend: Backend,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let sql = match backend {
        Backend::Postgres => {
            "UPDATE users SET standing = 'trusted' WHERE id = \
             (SELECT id FROM users WHERE id = $1 AND standing = 'new' FOR UPDATE SKIP LOCKED)"
        }
        Backend::Sqlite => "UPDATE users SET standing = 'trusted' WHERE id = $1 AND standing = 'new'",
    };
    Ok(sqlx::query(sql).bind(id).execute(conn).await?.rows_affected() == 1)
}

/// Locks (PostgreSQL) and lists the claims the account has a current vote on, in id order. With
/// `nowait` a claim another transaction holds fails the statement (SQLSTATE 55P03) instead of waiting.
pub async fn lock_claims_voted_by(
    conn: &mut AnyConnection,
    backend: Backend,
    user_id: i64,
    nowait: bool,
) -> Result<Vec<i64>, sqlx::Error> {
    let lock = match (backend, nowait) {
        (Backend::Sqlite, _) => "",
        (Backend::Postgres, false) => " FOR UPDATE",
        (Backend::Postgres, true) => " FOR UPDATE NOWAIT",
    };
    sqlx::query_scalar(&format!(
        "SELECT id FROM claims WHERE id IN (SELECT claim_id FROM votes WHERE user_id = $1) ORDER BY id{lock}"
    ))
    .bind(user_id)
    .fetch_all(conn)
    .await
}

pub fn is_lock_unavailable(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.code().as_deref() == Some("55P03"))
}

/// New, enabled accounts with a current vote on the claim.
pub async fn new_voters_on(conn: &mut AnyConnection, claim_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT v.user_id FROM votes v JOIN users u ON u.id = v.user_id WHERE v.claim_id = $1 \
         AND u.standing = 'new' AND u.votes_excluded = 0 AND u.disabled = 0 ORDER BY v.user_id",
    )
    .bind(claim_id)
    .fetch_all(conn)
    .await
}

/// A new account's record toward earning standing.
#[derive(Debug, FromRow)]
pub struct EarnRow {
    pub created_at: i64,
    /// Votes cast before their claim reached a verdict, agreeing with it.
    pub agreed: i64,
    /// Votes on claims with a verdict, disagreeing with it (whenever cast).
    pub disagreed: i64,
}

pub async fn earn_record(conn: &mut AnyConnection, user_id: i64) -> Result<Option<EarnRow>, sqlx::Error> {
    const SETTLED: &str = "SELECT COUNT(*) FROM votes v JOIN claims c ON c.id = v.claim_id \
         WHERE v.user_id = u.id AND c.settled_at IS NOT NULL AND c.visibility <> 'removed'";
    sqlx::query_as::<_, EarnRow>(&format!(
        "SELECT u.created_at, ({SETTLED} AND v.updated_at <= c.settled_at AND v.verdict = c.status) AS agreed, \
         ({SETTLED} AND v.verdict <> c.status) AS disagreed \
         FROM users u WHERE u.id = $1 AND u.standing = 'new' AND u.disabled = 0 AND u.votes_excluded = 0"
    ))
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

// --- invitations ------------------------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct InviteRow {
    pub id: i64,
    pub token: String,
    pub standing: Standing,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_by: Option<String>,
    pub used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

const INVITE_SELECT: &str = "SELECT i.id, i.token, i.standing, \
     (SELECT username FROM users WHERE users.id = i.created_by) AS created_by, i.created_at, i.expires_at, \
     (SELECT username FROM users WHERE users.id = i.used_by) AS used_by, i.used_at, i.revoked_at \
     FROM invitations i";

pub async fn insert_invite(
    conn: &mut AnyConnection,
    token: &str,
    standing: Standing,
    created_by: Option<i64>,
    created_at: i64,
    expires_at: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO invitations (token, standing, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(token)
    .bind(standing)
    .bind(created_by)
    .bind(created_at)
    .bind(expires_at)
    .fetch_one(conn)
    .await
}

/// Newest first.
pub async fn invites(pool: &AnyPool, limit: i64) -> Result<Vec<InviteRow>, sqlx::Error> {
    sqlx::query_as::<_, InviteRow>(&format!("{INVITE_SELECT} ORDER BY i.created_at DESC, i.token LIMIT $1"))
        .bind(limit)
        .fetch_all(pool)
        .await
}

pub async fn invite(conn: &mut AnyConnection, token: &str) -> Result<Option<InviteRow>, sqlx::Error> {
    sqlx::query_as::<_, InviteRow>(&format!("{INVITE_SELECT} WHERE i.token = $1"))
        .bind(token)
        .fetch_optional(conn)
        .await
}

/// Marks an open invitation used by `user_id`; false when it is not open (used, revoked, expired).
pub async fn use_invite(
    conn: &mut AnyConnection,
    token: &str,
    user_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE invitations SET used_by = $1, used_at = $2 WHERE token = $3 AND used_at IS NULL \
         AND revoked_at IS NULL AND expires_at > $2",
    )
    .bind(user_id)
    .bind(now)
    .bind(token)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// Revokes an unused invitation; false when it was already used or revoked.
pub async fn revoke_invite(conn: &mut AnyConnection, token: &str, now: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE invitations SET revoked_at = $1 WHERE token = $2 AND used_at IS NULL AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(token)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

// --- the public reviewer record ---------------------------------------------------------------

#[derive(Debug, FromRow)]
pub struct ReviewerRow {
    pub username: String,
    pub standing: Standing,
    pub role: String,
    pub created_at: i64,
    pub votes_excluded: i64,
    pub votes: i64,
    pub settled: i64,
    pub agreed: i64,
    pub sources: i64,
}

pub async fn reviewer(pool: &AnyPool, username: &str) -> Result<Option<ReviewerRow>, sqlx::Error> {
    const SETTLED: &str = "SELECT COUNT(*) FROM votes v JOIN claims c ON c.id = v.claim_id \
         WHERE v.user_id = u.id AND c.settled_at IS NOT NULL AND c.visibility = 'visible'";
    sqlx::query_as::<_, ReviewerRow>(&format!(
        "SELECT u.username, u.standing, u.role, u.created_at, u.votes_excluded, \
         (SELECT COUNT(*) FROM votes v WHERE v.user_id = u.id) AS votes, \
         ({SETTLED}) AS settled, ({SETTLED} AND v.verdict = c.status) AS agreed, \
         (SELECT COUNT(*) FROM sources s WHERE s.added_by = u.id AND s.visibility = 'visible') AS sources \
         FROM users u WHERE lower(u.username) = lower($1)"
    ))
    .bind(username)
    .fetch_optional(pool)
    .await
}

// --- brigading --------------------------------------------------------------------------------

/// A current vote of a new account on a visible claim.
#[derive(Debug, Clone, FromRow)]
pub struct NewVoteRow {
    pub claim_id: i64,
    pub user_id: i64,
    pub username: String,
    pub user_created_at: i64,
    pub verdict: String,
    pub updated_at: i64,
}

/// The most recent votes of new accounts (at most `limit`), by claim.
pub async fn new_account_votes(pool: &AnyPool, limit: i64) -> Result<Vec<NewVoteRow>, sqlx::Error> {
    sqlx::query_as::<_, NewVoteRow>(
        "SELECT v.claim_id, v.user_id, u.username, u.created_at AS user_created_at, v.verdict, v.updated_at \
         FROM votes v JOIN users u ON u.id = v.user_id JOIN claims c ON c.id = v.claim_id \
         WHERE u.standing = 'new' AND u.disabled = 0 AND u.votes_excluded = 0 AND c.visibility = 'visible' \
         ORDER BY v.updated_at DESC, v.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// (id, article_id, statement, verified, disputed, not_a_claim) of claims whose new accounts'
/// votes outnumber their counted ones.
pub async fn outnumbered_claims(
    pool: &AnyPool,
    limit: i64,
) -> Result<Vec<(i64, i64, String, i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, article_id, statement, verified_count, disputed_count, not_a_claim_count FROM claims \
         WHERE visibility = 'visible' AND verified_count + disputed_count + not_a_claim_count > 0 \
         AND pending_count > verified_count + disputed_count + not_a_claim_count ORDER BY id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// (article_id, statement) of claims, for labelling queue entries.
pub async fn claim_labels(pool: &AnyPool, ids: &[i64]) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    // Integers we produced: inlining them cannot inject anything.
    let list = ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    sqlx::query_as(&format!("SELECT id, article_id, statement FROM claims WHERE id IN ({list})"))
        .fetch_all(pool)
        .await
}
