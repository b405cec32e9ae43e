//! SQL for the fact-check library (`factchecks`) and the matches proposed for claims (`claim_matches`).

use crate::matching::import::Row;
use sqlx::{AnyConnection, AnyPool, FromRow};

/// Rows per multi-row INSERT of an import (9 parameters each, well under SQLite's limit).
const CHUNK: usize = 100;

pub async fn count(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM factchecks").fetch_one(pool).await
}

pub async fn count_conn(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM factchecks").fetch_one(conn).await
}

/// Inserts the rows, or brings an existing entry (same publisher and url or id) up to date; an entry
/// whose fields did not change keeps its `updated_at`, so re-importing a file changes nothing.
pub async fn upsert(conn: &mut AnyConnection, rows: &[Row], now: i64) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(CHUNK) {
        let mut sql = String::from(
            "INSERT INTO factchecks (publisher, ext_id, claim, title, rating, url, date, appearance, created_at, updated_at) VALUES ",
        );
        for i in 0..chunk.len() {
            let b = i * 9;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8,
                b + 9,
                b + 9
            ));
        }
        sql.push_str(
            " ON CONFLICT (publisher, ext_id) DO UPDATE SET claim = excluded.claim, title = excluded.title, \
             rating = excluded.rating, url = excluded.url, date = excluded.date, appearance = excluded.appearance, \
             updated_at = excluded.updated_at \
             WHERE factchecks.claim <> excluded.claim OR factchecks.title <> excluded.title \
             OR factchecks.rating <> excluded.rating OR COALESCE(factchecks.url, '') <> COALESCE(excluded.url, '') \
             OR COALESCE(factchecks.date, '') <> COALESCE(excluded.date, '') \
             OR COALESCE(factchecks.appearance, '') <> COALESCE(excluded.appearance, '')",
        );
        let mut q = sqlx::query(&sql);
        for r in chunk {
            q = q
                .bind(r.publisher.as_str())
                .bind(r.ext_id.as_str())
                .bind(r.claim.as_str())
                .bind(r.title.as_str())
                .bind(r.rating.as_str())
                .bind(r.url.as_deref())
                .bind(r.date.as_deref())
                .bind(r.appearance.as_deref())
                .bind(now);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// What the in-memory index was built from: when any of these moves, the index is out of date.
/// (library entries: count, highest id, latest change; claims: count, highest id; statement edits)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, FromRow)]
pub struct LibraryKey {
    pub fc_count: i64,
    pub fc_max: i64,
    pub fc_changed: i64,
    pub claim_count: i64,
    pub claim_max: i64,
    pub edits: i64,
}

pub async fn library_key(pool: &AnyPool) -> Result<LibraryKey, sqlx::Error> {
    sqlx::query_as::<_, LibraryKey>(
        "SELECT (SELECT COUNT(*) FROM factchecks) AS fc_count, \
                (SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM factchecks) AS fc_max, \
                (SELECT CAST(COALESCE(MAX(updated_at), 0) AS BIGINT) FROM factchecks) AS fc_changed, \
                (SELECT COUNT(*) FROM claims) AS claim_count, \
                (SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM claims) AS claim_max, \
                (SELECT COUNT(*) FROM claim_revisions) AS edits",
    )
    .fetch_one(pool)
    .await
}

#[derive(Debug, FromRow)]
pub struct IndexedFactCheck {
    pub id: i64,
    pub claim: String,
    pub title: String,
}

pub async fn all_for_index(pool: &AnyPool) -> Result<Vec<IndexedFactCheck>, sqlx::Error> {
    sqlx::query_as::<_, IndexedFactCheck>("SELECT id, claim, title FROM factchecks ORDER BY id")
        .fetch_all(pool)
        .await
}

#[derive(Debug, FromRow)]
pub struct IndexedClaim {
    pub id: i64,
    pub article_id: i64,
    pub statement: String,
}

/// Claims above `after` (all of them from 0), for the index.
pub async fn claims_for_index(pool: &AnyPool, after: i64) -> Result<Vec<IndexedClaim>, sqlx::Error> {
    sqlx::query_as::<_, IndexedClaim>(
        "SELECT id, article_id, statement FROM claims WHERE id > $1 ORDER BY id",
    )
    .bind(after)
    .fetch_all(pool)
    .await
}

/// (claim id, statement, facts JSON) of an article's visible claims, or of the given claims.
pub async fn claims_to_match(
    pool: &AnyPool,
    article_id: Option<i64>,
    ids: &[i64],
) -> Result<Vec<(i64, i64, String, String)>, sqlx::Error> {
    match article_id {
        Some(a) => {
            sqlx::query_as(
                "SELECT id, article_id, statement, facts FROM claims WHERE article_id = $1 AND visibility = 'visible' ORDER BY id",
            )
            .bind(a)
            .fetch_all(pool)
            .await
        }
        None => {
            let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
            if list.is_empty() {
                return Ok(Vec::new());
            }
            sqlx::query_as(&format!(
                "SELECT id, article_id, statement, facts FROM claims WHERE id IN ({list}) AND visibility = 'visible' ORDER BY id"
            ))
            .fetch_all(pool)
            .await
        }
    }
}

/// A match to store: to a library entry or to another claim.
pub struct NewMatch {
    pub claim_id: i64,
    pub factcheck_id: Option<i64>,
    pub other_claim_id: Option<i64>,
    pub score: f64,
    pub figures: &'static str,
}

/// Drops the claim's undecided proposals (decided ones stay as reviewers left them).
pub async fn clear_proposed(conn: &mut AnyConnection, claim_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM claim_matches WHERE claim_id = $1 AND state = 'proposed'")
        .bind(claim_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Adds a proposal unless the pair is already there (proposed, confirmed or dismissed).
pub async fn insert_match(conn: &mut AnyConnection, m: &NewMatch, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO claim_matches (claim_id, factcheck_id, other_claim_id, score, figures, state, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'proposed', $6) ON CONFLICT DO NOTHING",
    )
    .bind(m.claim_id)
    .bind(m.factcheck_id)
    .bind(m.other_claim_id)
    .bind(m.score)
    .bind(m.figures)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, FromRow)]
pub struct MatchRow {
    pub id: i64,
    pub claim_id: i64,
    pub factcheck_id: Option<i64>,
    pub other_claim_id: Option<i64>,
    pub score: f64,
    pub figures: String,
    pub state: String,
    pub claim: Option<String>,
    pub rating: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub other_status: Option<String>,
    pub other_created_at: Option<i64>,
    pub other_article_id: Option<i64>,
    pub other_article_title: Option<String>,
    pub other_visibility: Option<crate::values::Visibility>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<i64>,
}

const MATCH_SELECT: &str = "SELECT m.id, m.claim_id, m.factcheck_id, m.other_claim_id, m.score, m.figures, m.state, \
     COALESCE(f.claim, o.statement) AS claim, f.rating, f.publisher, f.url, f.date, \
     o.status AS other_status, o.created_at AS other_created_at, o.article_id AS other_article_id, \
     oa.title AS other_article_title, o.visibility AS other_visibility, u.username AS decided_by_name, m.decided_at \
     FROM claim_matches m \
     LEFT JOIN factchecks f ON f.id = m.factcheck_id \
     LEFT JOIN claims o ON o.id = m.other_claim_id \
     LEFT JOIN articles oa ON oa.id = o.article_id \
     LEFT JOIN users u ON u.id = m.decided_by";

/// The claim's matches: confirmed first, then by closeness.
pub async fn for_claim(pool: &AnyPool, claim_id: i64) -> Result<Vec<MatchRow>, sqlx::Error> {
    sqlx::query_as::<_, MatchRow>(&format!(
        "{MATCH_SELECT} WHERE m.claim_id = $1 \
         ORDER BY CASE m.state WHEN 'confirmed' THEN 0 WHEN 'proposed' THEN 1 ELSE 2 END, m.score DESC, m.id"
    ))
    .bind(claim_id)
    .fetch_all(pool)
    .await
}

/// Confirmed matches of an article's claims (for the export).
pub async fn confirmed_for_article(pool: &AnyPool, article_id: i64) -> Result<Vec<MatchRow>, sqlx::Error> {
    sqlx::query_as::<_, MatchRow>(&format!(
        "{MATCH_SELECT} JOIN claims c ON c.id = m.claim_id WHERE c.article_id = $1 AND m.state = 'confirmed' \
         ORDER BY m.claim_id, m.score DESC, m.id"
    ))
    .bind(article_id)
    .fetch_all(pool)
    .await
}

/// Sets a match's state; `None` when the claim has no such match.
pub async fn decide(
    conn: &mut AnyConnection,
    claim_id: i64,
    match_id: i64,
    state: &str,
    by: i64,
    at: i64,
) -> Result<Option<String>, sqlx::Error> {
    let before: Option<String> =
        sqlx::query_scalar("SELECT state FROM claim_matches WHERE id = $1 AND claim_id = $2")
            .bind(match_id)
            .bind(claim_id)
            .fetch_optional(&mut *conn)
            .await?;
    if before.is_some() {
        sqlx::query("UPDATE claim_matches SET state = $1, decided_by = $2, decided_at = $3 WHERE id = $4")
            .bind(state)
            .bind(by)
            .bind(at)
            .bind(match_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(before)
}

#[derive(Debug, FromRow)]
pub struct LibraryRow {
    pub id: i64,
    pub kind: String,
    pub claim: String,
    pub title: String,
    pub rating: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub created_at: i64,
}

/// Imported fact-checks and our settled claims (verified or disputed, visible), newest first.
const LIBRARY: &str = "SELECT id, 'factcheck' AS kind, claim, title, rating, publisher, url, date, created_at FROM factchecks \
     UNION ALL \
     SELECT c.id, 'claim' AS kind, c.statement AS claim, a.title AS title, c.status AS rating, NULL AS publisher, \
            NULL AS url, NULL AS date, c.created_at FROM claims c JOIN articles a ON a.id = c.article_id \
     WHERE c.visibility = 'visible' AND c.status IN ('verified', 'disputed')";

pub async fn library_count(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM ({LIBRARY}) lib")).fetch_one(pool).await
}

pub async fn library_page(pool: &AnyPool, limit: i64, offset: i64) -> Result<Vec<LibraryRow>, sqlx::Error> {
    sqlx::query_as::<_, LibraryRow>(&format!(
        "SELECT * FROM ({LIBRARY}) lib ORDER BY created_at DESC, kind, id DESC LIMIT $1 OFFSET $2"
    ))
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await
}

pub async fn factchecks_by_ids(pool: &AnyPool, ids: &[i64]) -> Result<Vec<LibraryRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    sqlx::query_as::<_, LibraryRow>(&format!(
        "SELECT * FROM ({LIBRARY}) lib WHERE kind = 'factcheck' AND id IN ({list})"
    ))
    .fetch_all(pool)
    .await
}

/// (library id, docid) of every imported entry: the url, or the imported id when there is none.
pub async fn docids(pool: &AnyPool) -> Result<Vec<(i64, String, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, COALESCE(url, ext_id), claim, title FROM factchecks ORDER BY id")
        .fetch_all(pool)
        .await
}

/// Library entries added or changed by an import stamped `since` (their `updated_at`).
pub async fn changed_since(pool: &AnyPool, since: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT id FROM factchecks WHERE updated_at >= $1 ORDER BY id")
        .bind(since)
        .fetch_all(pool)
        .await
}

/// Up to `limit` visible claims without a verdict above id `after`, in id order:
/// (claim id, article id, statement, facts JSON).
pub async fn unsettled_claims_after(
    pool: &AnyPool,
    after: i64,
    limit: i64,
) -> Result<Vec<(i64, i64, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, article_id, statement, facts FROM claims WHERE id > $1 AND visibility = 'visible' \
         AND status NOT IN ('verified', 'disputed', 'not_a_claim') ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Drops the claim's undecided proposals of library entries (those of other claims stay).
pub async fn clear_proposed_factchecks(conn: &mut AnyConnection, claim_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM claim_matches WHERE claim_id = $1 AND state = 'proposed' AND factcheck_id IS NOT NULL",
    )
    .bind(claim_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Our settled, visible claims (those the library lists) as `claimcheck match` ranks them:
/// (claim id, statement).
pub async fn settled_claims_for_match(pool: &AnyPool) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, statement FROM claims WHERE visibility = 'visible' AND status IN ('verified', 'disputed') ORDER BY id",
    )
    .fetch_all(pool)
    .await
}
