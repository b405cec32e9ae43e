//! SQL for `claims` and `claim_revisions`.

use crate::values::Visibility;
use sqlx::{AnyConnection, AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct ClaimRow {
    pub id: i64,
    pub article_id: i64,
    pub start_offset: i64,
    pub end_offset: i64,
    pub quote_exact: String,
    pub quote_prefix: String,
    pub quote_suffix: String,
    pub statement: String,
    pub origin: String,
    pub kind: String,
    pub score: f64,
    pub facts: String,
    pub verified_count: i64,
    pub disputed_count: i64,
    pub not_a_claim_count: i64,
    pub status: String,
    pub version: i64,
    pub visibility: Visibility,
    pub merged_into: Option<i64>,
    pub locked_verdict: Option<String>,
    pub lock_reason: String,
    pub locked_by_name: Option<String>,
    pub locked_at: Option<i64>,
    pub pending_count: i64,
}

pub const COLUMNS: &str = "id, article_id, start_offset, end_offset, quote_exact, quote_prefix, quote_suffix, \
     statement, origin, kind, score, facts, verified_count, disputed_count, not_a_claim_count, status, version, \
     visibility, merged_into, locked_verdict, lock_reason, \
     (SELECT username FROM users WHERE users.id = claims.locked_by) AS locked_by_name, locked_at, pending_count";

pub struct NewClaimRow<'a> {
    pub article_id: i64,
    pub start: i64,
    pub end: i64,
    pub quote_exact: &'a str,
    pub quote_prefix: &'a str,
    pub quote_suffix: &'a str,
    pub statement: &'a str,
    pub origin: &'a str,
    pub kind: &'a str,
    pub score: f64,
    pub facts_json: &'a str,
    pub created_by: Option<i64>,
    pub created_at: i64,
}

pub async fn insert(conn: &mut AnyConnection, c: &NewClaimRow<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO claims (article_id, start_offset, end_offset, quote_exact, quote_prefix, quote_suffix, \
         statement, origin, kind, score, facts, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(c.article_id)
    .bind(c.start)
    .bind(c.end)
    .bind(c.quote_exact)
    .bind(c.quote_prefix)
    .bind(c.quote_suffix)
    .bind(c.statement)
    .bind(c.origin)
    .bind(c.kind)
    .bind(c.score)
    .bind(c.facts_json)
    .bind(c.created_by)
    .bind(c.created_at)
    .fetch_one(conn)
    .await
}

/// The article's claims in text order: visible ones, plus hidden ones when `with_hidden` (admins).
/// Removed claims never come back from here.
pub async fn for_article(
    pool: &AnyPool,
    article_id: i64,
    with_hidden: bool,
) -> Result<Vec<ClaimRow>, sqlx::Error> {
    sqlx::query_as::<_, ClaimRow>(&format!(
        "SELECT {COLUMNS} FROM claims WHERE article_id = $1 \
         AND (visibility = 'visible' OR ($2 = 1 AND visibility = 'hidden')) ORDER BY start_offset, id"
    ))
    .bind(article_id)
    .bind(i64::from(with_hidden))
    .fetch_all(pool)
    .await
}

pub async fn by_id(pool: &AnyPool, id: i64) -> Result<Option<ClaimRow>, sqlx::Error> {
    sqlx::query_as::<_, ClaimRow>(&format!("SELECT {COLUMNS} FROM claims WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// The claim row inside a transaction (after `lock_for_update`).
pub async fn by_id_in(conn: &mut AnyConnection, id: i64) -> Result<Option<ClaimRow>, sqlx::Error> {
    sqlx::query_as::<_, ClaimRow>(&format!("SELECT {COLUMNS} FROM claims WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn exists_span(
    conn: &mut AnyConnection,
    article_id: i64,
    start: i64,
    end: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM claims WHERE article_id = $1 AND start_offset = $2 AND end_offset = $3",
    )
    .bind(article_id)
    .bind(start)
    .bind(end)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Takes the claim's row lock for the rest of the transaction and bumps its version. Every vote
/// starts here, so two votes on one claim never interleave (PostgreSQL row lock; SQLite already
/// serialises writers with BEGIN IMMEDIATE). None when the claim does not exist.
pub async fn lock_for_update(conn: &mut AnyConnection, id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("UPDATE claims SET version = version + 1 WHERE id = $1 RETURNING article_id")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// What a vote needs to know about its claim, read by the statement that takes the claim's row lock.
#[derive(Debug, Clone, FromRow)]
pub struct VoteGate {
    pub visibility: Visibility,
    pub article_id: i64,
    pub article_locked: i64,
    pub article_archived: i64,
    pub verified_count: i64,
    pub disputed_count: i64,
    pub not_a_claim_count: i64,
    pub locked_verdict: Option<String>,
    pub previous_verdict: Option<String>,
    pub cited_sources: i64,
    /// 1 when the voter's votes count (trusted, not excluded), else 0.
    pub voter_counted: i64,
    /// The stored status before this vote.
    pub status: String,
    pub pending_count: i64,
    /// The claim it was merged into, when it was.
    pub merged_into: Option<i64>,
}

/// Takes the claim's row lock (as `lock_for_update`) and returns, from the same statement, its
/// visibility, its article's lock and archive flags, its tallies, `user_id`'s current verdict on it,
/// and how many of `source_ids` are visible sources of it. `None` when there is no claim.
pub async fn lock_for_vote(
    tx: &mut super::WriteTx,
    id: i64,
    user_id: i64,
    source_ids: &[i64],
) -> Result<Option<VoteGate>, sqlx::Error> {
    // The ids are integers, so writing them into the statement cannot inject anything.
    let cited = if source_ids.is_empty() {
        "CAST(0 AS BIGINT)".to_string()
    } else {
        let list = source_ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        format!(
            "(SELECT COUNT(*) FROM sources s WHERE s.claim_id = claims.id AND s.visibility = 'visible' \
             AND s.id IN ({list}))"
        )
    };
    // On SQLite this statement also opens the transaction (see `Db::write_turn`).
    let begin = tx.opening_sql();
    let mut rows = sqlx::query_as::<_, VoteGate>(&format!(
        "{begin}UPDATE claims SET version = version + 1 WHERE id = $1 RETURNING visibility, article_id, \
         (SELECT a.locked FROM articles a WHERE a.id = claims.article_id) AS article_locked, \
         (SELECT a.archived FROM articles a WHERE a.id = claims.article_id) AS article_archived, \
         verified_count, disputed_count, not_a_claim_count, locked_verdict, \
         (SELECT v.verdict FROM votes v WHERE v.claim_id = claims.id AND v.user_id = $2) AS previous_verdict, \
         {cited} AS cited_sources, \
         (SELECT CASE WHEN u.standing = 'trusted' AND u.votes_excluded = 0 THEN 1 ELSE 0 END \
          FROM users u WHERE u.id = $2) AS voter_counted, status, pending_count, merged_into"
    ))
    .bind(id)
    .bind(user_id)
    // `fetch_all`: sqlx's Any driver looks only at the first result (BEGIN's) for one row.
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.pop())
}

/// A reviewer's vote as it is written: the vote row (or its removal), its history entry, and the
/// change it makes to the claim's tallies with the status that follows.
pub struct VoteWrite<'a> {
    pub claim_id: i64,
    pub user_id: i64,
    /// `None` retracts: the vote row is deleted and history records "retracted".
    pub verdict: Option<&'a str>,
    pub note: &'a str,
    pub source_ids_json: &'a str,
    pub at: i64,
    /// (verified, disputed, not_a_claim) to add to the tallies.
    pub deltas: (i64, i64, i64),
    /// To add to `pending_count` (a new reviewer's vote cast or retracted).
    pub pending_delta: i64,
    pub status: &'a str,
}

/// Writes a vote (see `VoteWrite`) in one round trip to the database and returns the claim as it
/// now is. The caller holds the claim's row lock (`lock_for_vote`) and computed `status` from the
/// tallies it read there plus the deltas, so it is the status of the tallies this leaves; the
/// tallies themselves still change only by SQL increments.
///
/// On SQLite the three statements go as one query string (sqlx runs them in order, binding `$n` by
/// number in each); PostgreSQL takes no multi-statement prepared query, so there the vote and
/// history writes are data-modifying `WITH` clauses of the tally update.
///
/// On SQLite the statement also commits (`WriteTx::can_commit_inline`), and so consumes `tx`;
/// with `keep_open` nothing is committed and the transaction comes back for more work.
pub async fn write_vote(
    mut tx: super::WriteTx,
    backend: super::Backend,
    w: &VoteWrite<'_>,
    keep_open: bool,
) -> Result<(ClaimRow, Option<super::WriteTx>), sqlx::Error> {
    let vote = match w.verdict {
        Some(_) => {
            "INSERT INTO votes (claim_id, user_id, verdict, note, source_ids, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (claim_id, user_id) DO UPDATE SET \
             verdict = excluded.verdict, note = excluded.note, source_ids = excluded.source_ids, \
             updated_at = excluded.updated_at"
        }
        None => "DELETE FROM votes WHERE claim_id = $1 AND user_id = $2",
    };
    let history = "INSERT INTO vote_history (claim_id, user_id, verdict, note, source_ids, created_at) \
                   VALUES ($1, $2, $3, $4, $5, $6)";
    let tally =
        "UPDATE claims SET verified_count = verified_count + $7, disputed_count = disputed_count + $8, \
                 not_a_claim_count = not_a_claim_count + $9, status = $10, status_by = $2, \
                 pending_count = pending_count + $11, \
                 settled_at = CASE WHEN $10 IN ('verified', 'disputed', 'not_a_claim') \
                 THEN COALESCE(settled_at, $6) ELSE NULL END WHERE id = $1";
    let inline = !keep_open && tx.can_commit_inline();
    let sql = match backend {
        super::Backend::Sqlite if inline => format!("{vote}; {history}; {tally} RETURNING {COLUMNS}; COMMIT"),
        super::Backend::Sqlite => format!("{vote}; {history}; {tally} RETURNING {COLUMNS}"),
        super::Backend::Postgres => {
            format!(
                "WITH v AS ({vote} RETURNING 1), h AS ({history} RETURNING 1) {tally} RETURNING {COLUMNS}"
            )
        }
    };
    let (verified, disputed, not_a_claim) = w.deltas;
    let row = sqlx::query_as::<_, ClaimRow>(&sql)
        .bind(w.claim_id)
        .bind(w.user_id)
        .bind(w.verdict.unwrap_or("retracted"))
        .bind(w.note)
        .bind(w.source_ids_json)
        .bind(w.at)
        .bind(verified)
        .bind(disputed)
        .bind(not_a_claim)
        .bind(w.status)
        .bind(w.pending_delta)
        // `fetch_all`, not `fetch_one`: on SQLite the first result is the vote statement's (no
        // rows), and sqlx's Any driver looks only at the first result for `fetch_one`.
        .fetch_all(&mut *tx)
        .await?
        .pop()
        .ok_or(sqlx::Error::RowNotFound)?;
    if keep_open {
        return Ok((row, Some(tx)));
    }
    if inline {
        tx.committed_inline();
    } else {
        tx.commit().await?;
    }
    Ok((row, None))
}

/// New tallies and the editorial verdict, if any, after a change.
pub type TallyRow = (i64, i64, i64, Option<String>);

/// Counts the tallies again from the votes themselves: trusted reviewers' votes in the tallies,
/// new reviewers' in `pending_count`, and nowhere the votes of accounts an admin excluded. Used
/// after a merge, when votes are excluded or counted again, and when a standing changes.
pub async fn recount(conn: &mut AnyConnection, id: i64) -> Result<TallyRow, sqlx::Error> {
    const COUNT: &str = "SELECT COUNT(*) FROM votes v JOIN users u ON u.id = v.user_id \
         WHERE v.claim_id = claims.id AND u.votes_excluded = 0 AND u.standing = 'trusted' AND v.verdict = ";
    const PENDING: &str = "SELECT COUNT(*) FROM votes v JOIN users u ON u.id = v.user_id \
         WHERE v.claim_id = claims.id AND u.votes_excluded = 0 AND u.standing = 'new'";
    sqlx::query_as::<_, TallyRow>(&format!(
        "UPDATE claims SET verified_count = ({COUNT}'verified'), disputed_count = ({COUNT}'disputed'), \
         not_a_claim_count = ({COUNT}'not_a_claim'), pending_count = ({PENDING}), version = version + 1 WHERE id = $1 \
         RETURNING verified_count, disputed_count, not_a_claim_count, locked_verdict"
    ))
    .bind(id)
    .fetch_one(conn)
    .await
}

/// Stores a status (and when it became a verdict), with the account whose action changed it
/// (`None`: a recount or a new rule); true when the claim has just reached a verdict it did not have.
pub async fn set_status(
    conn: &mut AnyConnection,
    id: i64,
    status: &str,
    by: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let now = crate::server::time::now_millis();
    let settled_at: Option<Option<i64>> = sqlx::query_scalar(
        "UPDATE claims SET status = $1, status_by = $4, \
         settled_at = CASE WHEN $1 IN ('verified', 'disputed', 'not_a_claim') \
         THEN COALESCE(settled_at, $3) ELSE NULL END WHERE id = $2 RETURNING settled_at",
    )
    .bind(status)
    .bind(id)
    .bind(now)
    .bind(by)
    .fetch_optional(conn)
    .await?;
    // A verdict reached earlier keeps its time; only one reached now carries `now`.
    Ok(settled_at.flatten() == Some(now))
}

/// (id, verified, disputed, not_a_claim, status, editorial verdict) of every claim, for re-deriving
/// statuses when the consensus rule changes.
pub async fn all_tallies(
    pool: &AnyPool,
) -> Result<Vec<(i64, i64, i64, i64, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, verified_count, disputed_count, not_a_claim_count, status, locked_verdict FROM claims",
    )
    .fetch_all(pool)
    .await
}

/// Claims per status for each of the given articles: (article_id, status, count).
pub async fn distribution(
    pool: &AnyPool,
    article_ids: &[i64],
) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    if article_ids.is_empty() {
        return Ok(vec![]);
    }
    // Ids are integers we produced; inlining them keeps one query for the whole page.
    let list = article_ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    sqlx::query_as(&format!(
        "SELECT article_id, status, COUNT(*) FROM claims WHERE article_id IN ({list}) AND visibility = 'visible' \
         GROUP BY article_id, status"
    ))
    .fetch_all(pool)
    .await
}

pub async fn insert_revision(
    conn: &mut AnyConnection,
    claim_id: i64,
    statement: &str,
    edited_by: Option<i64>,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO claim_revisions (claim_id, statement, edited_by, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(claim_id)
    .bind(statement)
    .bind(edited_by)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// (username, statement, at) of each revision after the first, oldest first.
pub async fn revisions(
    pool: &AnyPool,
    claim_id: i64,
) -> Result<Vec<(Option<String>, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.username, r.statement, r.created_at FROM claim_revisions r LEFT JOIN users u ON u.id = r.edited_by \
         WHERE r.claim_id = $1 ORDER BY r.id",
    )
    .bind(claim_id)
    .fetch_all(pool)
    .await
}
