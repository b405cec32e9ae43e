//! SQL for the crowd's daily loop: the review queue (tier by tier, in index order), readers' check
//! requests with their per-address throttle, and the activity on a reviewer's claims.

use super::claims::{ClaimRow, COLUMNS};
use crate::values::Visibility;
use sqlx::{AnyConnection, AnyPool, FromRow};

/// The tiers of the queue, most useful first (see `queue_page`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    NearQuorum,
    Contested,
    Requested,
    Unreviewed,
}

impl Tier {
    pub fn reason(self) -> &'static str {
        match self {
            Tier::NearQuorum => "near_quorum",
            Tier::Contested => "contested",
            Tier::Requested => "requested",
            Tier::Unreviewed => "unreviewed",
        }
    }
}

/// Counted votes on a claim.
const TOTAL: &str = "(c.verified_count + c.disputed_count + c.not_a_claim_count)";

/// Claims that take votes: visible, no editorial verdict (the terms of the partial indexes, written
/// the same way so the planners use them), in an article that is neither locked nor archived.
const OPEN: &str = "c.visibility = 'visible' AND c.locked_verdict IS NULL";

/// The filter and order of one tier. `$1` is the reviewer; `$2` the counted votes of the near-quorum
/// claims wanted (near quorum), or the fewest counted votes that make a pending claim near quorum
/// (the later tiers leave those out); `$3` the page size; an article filter adds `$4`.
fn tier_sql(tier: Tier, article: bool) -> String {
    let (filter, order) = match tier {
        // Run once per shortfall (one vote short, then two), so each run follows the index order.
        Tier::NearQuorum => (
            format!("c.status = 'pending' AND {OPEN} AND {TOTAL} = $2"),
            "c.article_id DESC, c.start_offset, c.id".to_string(),
        ),
        Tier::Contested => (
            format!("c.status = 'contested' AND {OPEN} AND $2 = $2"),
            "c.article_id DESC, c.start_offset, c.id".to_string(),
        ),
        Tier::Requested => (
            format!(
                "{OPEN} AND c.request_count > 0 AND c.status IN ('unreviewed', 'pending') \
                 AND NOT (c.status = 'pending' AND {TOTAL} >= $2)"
            ),
            "c.request_count DESC, c.article_id DESC, c.start_offset, c.id".to_string(),
        ),
        Tier::Unreviewed => (
            format!(
                "{OPEN} AND c.request_count = 0 AND c.status IN ('unreviewed', 'pending') \
                 AND NOT (c.status = 'pending' AND {TOTAL} >= $2)"
            ),
            "c.article_id DESC, c.start_offset, c.id".to_string(),
        ),
    };
    let article = if article { " AND c.article_id = $4" } else { "" };
    format!(
        "SELECT c.id, a.title, c.request_count FROM claims c JOIN articles a ON a.id = c.article_id \
         WHERE {filter}{article} AND a.locked = 0 AND a.archived = 0 \
         AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.claim_id = c.id AND v.user_id = $1) \
         ORDER BY {order} LIMIT $3"
    )
}

/// One entry of the queue: the claim, its article's title, how many readers asked, and why.
pub struct QueueRow {
    pub claim: ClaimRow,
    pub article_title: String,
    pub requests: i64,
    pub tier: Tier,
}

/// Up to `limit` claims that `user_id` has not voted on, tier by tier: each tier is read in the
/// order of an index and stops at the page's end, so a page costs about the same however long the
/// queue is.
pub async fn queue_page(
    pool: &AnyPool,
    user_id: i64,
    quorum: i64,
    article: Option<i64>,
    limit: i64,
) -> Result<Vec<QueueRow>, sqlx::Error> {
    // Near quorum: one counted vote short, then two (a claim with no counted vote is unreviewed).
    let near_from = (quorum - 2).max(1);
    let runs = (near_from..quorum)
        .rev()
        .map(|votes| (Tier::NearQuorum, votes))
        .chain([Tier::Contested, Tier::Requested, Tier::Unreviewed].map(|t| (t, near_from)));
    let mut picked: Vec<(i64, String, i64, Tier)> = Vec::new();
    for (tier, votes) in runs {
        let left = limit - picked.len() as i64;
        if left <= 0 {
            break;
        }
        let sql = tier_sql(tier, article.is_some());
        let mut q = sqlx::query_as::<_, (i64, String, i64)>(&sql).bind(user_id).bind(votes).bind(left);
        if let Some(a) = article {
            q = q.bind(a);
        }
        picked.extend(q.fetch_all(pool).await?.into_iter().map(|(id, title, n)| (id, title, n, tier)));
    }
    if picked.is_empty() {
        return Ok(vec![]);
    }
    // Ids are integers read above; inlining them keeps one query for the page.
    let list = picked.iter().map(|p| p.0.to_string()).collect::<Vec<_>>().join(",");
    let rows = sqlx::query_as::<_, ClaimRow>(&format!("SELECT {COLUMNS} FROM claims WHERE id IN ({list})"))
        .fetch_all(pool)
        .await?;
    let mut by_id: std::collections::HashMap<i64, ClaimRow> = rows.into_iter().map(|r| (r.id, r)).collect();
    Ok(picked
        .into_iter()
        .filter_map(|(id, article_title, requests, tier)| {
            by_id.remove(&id).map(|claim| QueueRow { claim, article_title, requests, tier })
        })
        .collect())
}

/// How many claims wait for `user_id`: the open claims in queue statuses, less those in locked or
/// archived articles (few), less those the reviewer voted on (a reviewer's votes). Counting this
/// way reads the queue index once instead of probing every claim's votes and article.
pub async fn queue_total(pool: &AnyPool, user_id: i64, article: Option<i64>) -> Result<i64, sqlx::Error> {
    const STATUSES: &str = "c.status IN ('unreviewed', 'pending', 'contested')";
    let only = if article.is_some() { " AND c.article_id = $2" } else { "" };
    let sql = format!(
        "SELECT (SELECT COUNT(*) FROM claims c WHERE {STATUSES} AND {OPEN}{only}) \
         - (SELECT COUNT(*) FROM articles a JOIN claims c ON c.article_id = a.id \
            WHERE (a.locked <> 0 OR a.archived <> 0) AND {STATUSES} AND {OPEN}{only}) \
         - (SELECT COUNT(*) FROM votes v JOIN claims c ON c.id = v.claim_id JOIN articles a ON a.id = c.article_id \
            WHERE v.user_id = $1 AND {STATUSES} AND {OPEN} AND a.locked = 0 AND a.archived = 0{only})"
    );
    let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(user_id);
    if let Some(a) = article {
        q = q.bind(a);
    }
    q.fetch_one(pool).await
}

// --- check requests -------------------------------------------------------------------------------

/// What a check request needs to know about its claim, read under the claim's row lock.
#[derive(Debug, Clone, FromRow)]
pub struct RequestGate {
    pub visibility: Visibility,
    pub status: String,
    pub locked_verdict: Option<String>,
    pub article_locked: i64,
    pub article_archived: i64,
    pub merged_into: Option<i64>,
}

/// Takes the claim's row lock (bumping its version, so cached pages render again) and reads what
/// decides whether it takes requests. `None` when there is no claim.
pub async fn lock_for_request(
    conn: &mut AnyConnection,
    claim_id: i64,
) -> Result<Option<RequestGate>, sqlx::Error> {
    sqlx::query_as::<_, RequestGate>(
        "UPDATE claims SET version = version + 1 WHERE id = $1 RETURNING visibility, status, locked_verdict, merged_into, \
         (SELECT a.locked FROM articles a WHERE a.id = claims.article_id) AS article_locked, \
         (SELECT a.archived FROM articles a WHERE a.id = claims.article_id) AS article_archived",
    )
    .bind(claim_id)
    .fetch_optional(conn)
    .await
}

/// Who asks: an account, or an anonymous browser by the hash of its token.
pub enum Asker<'a> {
    User(i64),
    Browser(&'a str),
}

/// Records the request and raises the claim's count by an SQL increment; returns the new count.
pub async fn insert_request(
    conn: &mut AnyConnection,
    claim_id: i64,
    asker: &Asker<'_>,
    at: i64,
) -> Result<i64, sqlx::Error> {
    let (user_id, browser) = match asker {
        Asker::User(id) => (Some(*id), None),
        Asker::Browser(hash) => (None, Some(hash.to_string())),
    };
    sqlx::query(
        "INSERT INTO check_requests (claim_id, user_id, browser_hash, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(claim_id)
    .bind(user_id)
    .bind(browser)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar::<_, i64>(
        // The version too: readers' cached pages show the count (see `render_cache`).
        "UPDATE claims SET request_count = request_count + 1, version = version + 1 WHERE id = $1 RETURNING request_count",
    )
    .bind(claim_id)
    .fetch_one(conn)
    .await
}

/// (requests since `since`, the oldest of them) from one client address hash.
pub async fn throttle_count(
    pool: &AnyPool,
    client_hash: &str,
    since: i64,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    sqlx::query_as("SELECT COUNT(*), MIN(at) FROM check_request_throttle WHERE client_hash = $1 AND at > $2")
        .bind(client_hash)
        .bind(since)
        .fetch_one(pool)
        .await
}

/// Counts one request against the address and forgets addresses older than the window.
pub async fn record_throttle(
    conn: &mut AnyConnection,
    client_hash: &str,
    at: i64,
    forget_before: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM check_request_throttle WHERE at <= $1")
        .bind(forget_before)
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO check_request_throttle (client_hash, at) VALUES ($1, $2)")
        .bind(client_hash)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many readers asked for a check of the claim, and whether this asker did.
pub async fn request_state(
    pool: &AnyPool,
    claim_id: i64,
    asker: Option<&Asker<'_>>,
) -> Result<(i64, bool), sqlx::Error> {
    let count: i64 = sqlx::query_scalar("SELECT request_count FROM claims WHERE id = $1")
        .bind(claim_id)
        .fetch_optional(pool)
        .await?
        .unwrap_or(0);
    let asked = match asker {
        None => false,
        Some(Asker::User(id)) => {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM check_requests WHERE claim_id = $1 AND user_id = $2",
            )
            .bind(claim_id)
            .bind(*id)
            .fetch_one(pool)
            .await?
                > 0
        }
        Some(Asker::Browser(hash)) => {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM check_requests WHERE claim_id = $1 AND browser_hash = $2",
            )
            .bind(claim_id)
            .bind(*hash)
            .fetch_one(pool)
            .await?
                > 0
        }
    };
    Ok((count, asked))
}

// --- activity -------------------------------------------------------------------------------------

/// One event on a claim the reviewer took part in.
#[derive(Debug, Clone, FromRow)]
pub struct EventRow {
    pub claim_id: i64,
    pub kind: String,
    pub at: i64,
    pub actor: String,
    pub detail: String,
    pub previous: String,
}

/// The events on the claims `$1` voted on, added sources to or flagged, that someone else caused
/// (a status change counts unless `$1`'s own vote or moderation made it): each other reviewer's latest vote entry per claim
/// (cast, changed or retracted; from `vote_latest`, so toggling a vote adds no lines); visible sources
/// added; status changes; moderation of the claim or its sources. Ties in time put a status change
/// before what caused it (newest first), then later rows first.
fn events_sql() -> String {
    let mine = "SELECT claim_id FROM vote_latest WHERE user_id = $1 \
                UNION SELECT claim_id FROM sources WHERE added_by = $1 \
                UNION SELECT target_id FROM flags WHERE user_id = $1 AND target_type = 'claim'";
    format!(
        "SELECT l.claim_id, 'vote' AS kind, l.created_at AS at, u.username AS actor, l.verdict AS detail, \
         '' AS previous, CAST(3 AS BIGINT) AS rank, l.history_id AS seq \
         FROM vote_latest l JOIN users u ON u.id = l.user_id \
         WHERE l.claim_id IN ({mine}) AND l.user_id <> $1 \
         UNION ALL \
         SELECT s.claim_id, 'source', s.created_at, u.username, s.title, s.stance, CAST(2 AS BIGINT), s.id \
         FROM sources s JOIN users u ON u.id = s.added_by \
         WHERE s.claim_id IN ({mine}) AND s.added_by <> $1 AND s.visibility = 'visible' \
         UNION ALL \
         SELECT sc.claim_id, 'status', sc.at, COALESCE(cu.username, ''), sc.after, sc.before, CAST(0 AS BIGINT), sc.id \
         FROM claim_status_changes sc LEFT JOIN users cu ON cu.id = sc.caused_by WHERE sc.claim_id IN ({mine}) \
         AND (sc.caused_by IS NULL OR sc.caused_by <> $1) \
         UNION ALL \
         SELECT al.target_id, 'moderation', al.created_at, al.actor_name, al.action, '', CAST(1 AS BIGINT), al.id \
         FROM audit_log al WHERE al.target_type = 'claim' AND al.target_id IN ({mine}) \
         AND (al.actor_id IS NULL OR al.actor_id <> $1) \
         UNION ALL \
         SELECT s.claim_id, 'moderation', al.created_at, al.actor_name, al.action, '', CAST(1 AS BIGINT), al.id \
         FROM audit_log al JOIN sources s ON s.id = al.target_id \
         WHERE al.target_type = 'source' AND s.claim_id IN ({mine}) \
         AND (al.actor_id IS NULL OR al.actor_id <> $1)"
    )
}

/// The newest `limit` events on the reviewer's claims, newest first.
pub async fn events(pool: &AnyPool, user_id: i64, limit: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as::<_, EventRow>(&format!(
        "SELECT claim_id, kind, at, actor, detail, previous FROM ({}) e \
         ORDER BY at DESC, rank, seq DESC LIMIT $2",
        events_sql()
    ))
    .bind(user_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// How many of those events are later than `after`.
pub async fn events_after(pool: &AnyPool, user_id: i64, after: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM ({}) e WHERE e.at > $2", events_sql()))
        .bind(user_id)
        .bind(after)
        .fetch_one(pool)
        .await
}

/// When the reviewer last opened the activity page (0: never).
pub async fn seen_at(pool: &AnyPool, user_id: i64) -> Result<i64, sqlx::Error> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT seen_at FROM activity_seen WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await?
        .unwrap_or(0))
}

pub async fn mark_seen(conn: &mut AnyConnection, user_id: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO activity_seen (user_id, seen_at) VALUES ($1, $2) \
         ON CONFLICT (user_id) DO UPDATE SET seen_at = excluded.seen_at",
    )
    .bind(user_id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// (claim id, article id, article title, statement) of the given claims.
pub async fn claim_labels(
    pool: &AnyPool,
    ids: &[i64],
) -> Result<Vec<(i64, i64, String, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let list = ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    sqlx::query_as(&format!(
        "SELECT c.id, c.article_id, a.title, c.statement FROM claims c JOIN articles a ON a.id = c.article_id \
         WHERE c.id IN ({list})"
    ))
    .fetch_all(pool)
    .await
}
