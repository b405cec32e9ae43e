//! SQL for what reviewers add to a claim: `sources`, `votes`, `vote_history`, `flags`; and `settings`.

use sqlx::{AnyConnection, AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct SourceRow {
    pub id: i64,
    pub claim_id: i64,
    pub url: String,
    pub title: String,
    pub publisher: String,
    pub excerpt: String,
    pub stance: crate::values::Stance,
    pub added_by: String,
    pub created_at: i64,
    pub visibility: crate::values::Visibility,
}

pub struct NewSourceRow<'a> {
    pub claim_id: i64,
    pub url: &'a str,
    pub title: &'a str,
    pub publisher: &'a str,
    pub excerpt: &'a str,
    pub stance: crate::values::Stance,
    pub added_by: i64,
    pub created_at: i64,
}

/// (url, visibility) of every source of the claim, hidden and removed ones included (a claim holds
/// at most the source cap).
pub async fn source_urls(
    conn: &mut AnyConnection,
    claim_id: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as::<_, (String, String)>("SELECT url, visibility FROM sources WHERE claim_id = $1")
        .bind(claim_id)
        .fetch_all(conn)
        .await
}

pub async fn insert_source(conn: &mut AnyConnection, s: &NewSourceRow<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO sources (claim_id, url, title, publisher, excerpt, stance, added_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(s.claim_id)
    .bind(s.url)
    .bind(s.title)
    .bind(s.publisher)
    .bind(s.excerpt)
    .bind(s.stance)
    .bind(s.added_by)
    .bind(s.created_at)
    .fetch_one(conn)
    .await
}

const SOURCE_SELECT: &str = "SELECT s.id, s.claim_id, s.url, s.title, s.publisher, s.excerpt, s.stance, \
     u.username AS added_by, s.created_at, s.visibility FROM sources s JOIN users u ON u.id = s.added_by";

/// A claim's sources in the order they were added: visible ones, plus hidden ones when `with_hidden`.
pub async fn sources_for_claim(
    pool: &AnyPool,
    claim_id: i64,
    with_hidden: bool,
) -> Result<Vec<SourceRow>, sqlx::Error> {
    sqlx::query_as::<_, SourceRow>(&format!(
        "{SOURCE_SELECT} WHERE s.claim_id = $1 \
         AND (s.visibility = 'visible' OR ($2 = 1 AND s.visibility = 'hidden')) ORDER BY s.id"
    ))
    .bind(claim_id)
    .bind(i64::from(with_hidden))
    .fetch_all(pool)
    .await
}

/// Every visible source of every claim of an article, in claim then source order: one query for an export.
pub async fn sources_for_article(pool: &AnyPool, article_id: i64) -> Result<Vec<SourceRow>, sqlx::Error> {
    sqlx::query_as::<_, SourceRow>(&format!(
        "{SOURCE_SELECT} JOIN claims c ON c.id = s.claim_id WHERE c.article_id = $1 AND s.visibility = 'visible' \
         ORDER BY s.claim_id, s.id"
    ))
    .bind(article_id)
    .fetch_all(pool)
    .await
}

pub async fn source_by_id(pool: &AnyPool, id: i64) -> Result<Option<SourceRow>, sqlx::Error> {
    sqlx::query_as::<_, SourceRow>(&format!("{SOURCE_SELECT} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

// --- votes ------------------------------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct VoteRow {
    pub user_id: i64,
    pub username: String,
    pub verdict: crate::values::Verdict,
    pub note: String,
    pub source_ids: String,
    pub updated_at: i64,
    pub counted: i64,
}

pub async fn votes_for_claim(pool: &AnyPool, claim_id: i64) -> Result<Vec<VoteRow>, sqlx::Error> {
    sqlx::query_as::<_, VoteRow>(
        "SELECT v.user_id, u.username, v.verdict, v.note, v.source_ids, v.updated_at, \
         CASE WHEN u.standing = 'trusted' AND u.votes_excluded = 0 THEN 1 ELSE 0 END AS counted FROM votes v \
         JOIN users u ON u.id = v.user_id WHERE v.claim_id = $1 ORDER BY v.updated_at, v.id",
    )
    .bind(claim_id)
    .fetch_all(pool)
    .await
}

/// (username, verdict, note, at), oldest first.
/// One page of a claim's vote history, newest first: at most `limit` entries with an id below
/// `before` (all when None). Rows: (id, username, verdict, note, at).
pub async fn history_page(
    pool: &AnyPool,
    claim_id: i64,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<(i64, String, String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT h.id, u.username, h.verdict, h.note, h.created_at FROM vote_history h JOIN users u ON u.id = h.user_id \
         WHERE h.claim_id = $1 AND h.id < $2 ORDER BY h.id DESC LIMIT $3",
    )
    .bind(claim_id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// When vote history entry `id` of `claim_id` was written.
pub async fn history_entry_at(pool: &AnyPool, claim_id: i64, id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT created_at FROM vote_history WHERE claim_id = $1 AND id = $2")
        .bind(claim_id)
        .bind(id)
        .fetch_optional(pool)
        .await
}

// --- flags ------------------------------------------------------------------------------------

pub async fn insert_flag(
    conn: &mut AnyConnection,
    target_type: &str,
    target_id: i64,
    user_id: i64,
    reason: crate::values::FlagReason,
    details: &str,
    at: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO flags (target_type, target_id, user_id, reason, details, state, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'open', $6) RETURNING id",
    )
    .bind(target_type)
    .bind(target_id)
    .bind(user_id)
    .bind(reason)
    .bind(details)
    .bind(at)
    .fetch_one(conn)
    .await
}

pub async fn flag_by_id(pool: &AnyPool, id: i64) -> Result<Option<crate::model::FlagView>, sqlx::Error> {
    let row: Option<(i64, String, i64, crate::values::FlagReason, String, String)> =
        sqlx::query_as("SELECT id, target_type, target_id, reason, details, state FROM flags WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(id, target_type, target_id, reason, details, state)| crate::model::FlagView {
        id,
        target_type,
        target_id,
        reason,
        details,
        state,
    }))
}

// --- settings ---------------------------------------------------------------------------------

pub async fn get_setting(pool: &AnyPool, key: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(key).fetch_optional(pool).await
}

pub async fn put_setting(conn: &mut AnyConnection, key: &str, value: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(conn)
        .await?;
    Ok(())
}
