//! SQL for moderation: visibility and locks on claims, sources and articles, merging, the flag
//! queue, account listing for admins, and the append-only `audit_log` (inserted and read here,
//! never updated or deleted: the database refuses that too).

use crate::values::{Standing, Visibility};
use sqlx::{AnyConnection, AnyPool, FromRow};

// --- gates: what state an item is in, read inside the write transaction ------------------------

/// (visibility, article_id, article locked, article archived) of a claim.
pub async fn claim_gate(
    conn: &mut AnyConnection,
    claim_id: i64,
) -> Result<Option<(Visibility, i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.visibility, c.article_id, a.locked, a.archived FROM claims c \
         JOIN articles a ON a.id = c.article_id WHERE c.id = $1",
    )
    .bind(claim_id)
    .fetch_optional(conn)
    .await
}

/// (locked, archived) of an article.
pub async fn article_gate(
    conn: &mut AnyConnection,
    article_id: i64,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT locked, archived FROM articles WHERE id = $1")
        .bind(article_id)
        .fetch_optional(conn)
        .await
}

/// An article as moderation finds it, read by the statement that takes its row lock (PostgreSQL;
/// SQLite serialises writers already), so nothing changes it until the transaction ends.
#[derive(Debug, sqlx::FromRow)]
pub struct LockedArticle {
    pub title: String,
    pub body: String,
    pub locked: i64,
    pub archived: i64,
    pub merged_into: Option<i64>,
    /// Its link's key (`links::link_key`); none without a link.
    pub url_key: Option<String>,
}

pub async fn lock_article(
    conn: &mut AnyConnection,
    article_id: i64,
) -> Result<Option<LockedArticle>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE articles SET locked = locked WHERE id = $1 RETURNING title, body, locked, archived, merged_into, url_key",
    )
    .bind(article_id)
    .fetch_optional(conn)
    .await
}

/// Archives a copy merged into another article and points it there, and the copies merged into
/// this one before too (their review goes on where this one's does).
pub async fn set_merged_into(conn: &mut AnyConnection, id: i64, into: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE articles SET archived = 1, merged_into = $1 WHERE id = $2")
        .bind(into)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE articles SET merged_into = $1 WHERE merged_into = $2")
        .bind(into)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    // Every page that shows the copy changes: its own, and those of the articles stored under its
    // link, whose banner named it.
    sqlx::query(
        "UPDATE claims SET version = version + 1 WHERE article_id = $1 OR article_id IN \
         (SELECT o.id FROM articles o JOIN articles a ON a.url = o.url WHERE a.id = $1)",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Takes the row locks of every claim of these articles, in id order (PostgreSQL; SQLite
/// serialises writers already).
pub async fn lock_claims_of(
    conn: &mut AnyConnection,
    backend: super::Backend,
    articles: &[i64; 2],
) -> Result<(), sqlx::Error> {
    if backend == super::Backend::Postgres {
        sqlx::query("SELECT id FROM claims WHERE article_id IN ($1, $2) ORDER BY id FOR UPDATE")
            .bind(articles[0])
            .bind(articles[1])
            .fetch_all(conn)
            .await?;
    }
    Ok(())
}

/// The article's hidden claims.
pub async fn hidden_claim_ids(conn: &mut AnyConnection, article_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM claims WHERE article_id = $1 AND visibility = 'hidden' ORDER BY id")
        .bind(article_id)
        .fetch_all(conn)
        .await
}

/// (start, end) of every claim of the article, whatever its visibility.
pub async fn claim_spans(conn: &mut AnyConnection, article_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT start_offset, end_offset FROM claims WHERE article_id = $1")
        .bind(article_id)
        .fetch_all(conn)
        .await
}

/// Re-homes a claim in another article's text: the same row, with its new anchor (code point
/// offsets and quote) and facts.
pub async fn move_claim(
    conn: &mut AnyConnection,
    id: i64,
    article_id: i64,
    (start, end): (i64, i64),
    quote: &crate::extract::Quote,
    facts_json: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE claims SET article_id = $1, start_offset = $2, end_offset = $3, quote_exact = $4, \
         quote_prefix = $5, quote_suffix = $6, facts = $7, version = version + 1 WHERE id = $8",
    )
    .bind(article_id)
    .bind(start)
    .bind(end)
    .bind(&quote.exact)
    .bind(&quote.prefix)
    .bind(&quote.suffix)
    .bind(facts_json)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Gives claim `into` the editorial verdict (and its reason, author and time) of claim `from`.
pub async fn copy_editorial_lock(conn: &mut AnyConnection, from: i64, into: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE claims SET locked_verdict = f.locked_verdict, lock_reason = f.lock_reason, \
         locked_by = f.locked_by, locked_at = f.locked_at \
         FROM (SELECT locked_verdict, lock_reason, locked_by, locked_at FROM claims WHERE id = $1) f \
         WHERE claims.id = $2",
    )
    .bind(from)
    .bind(into)
    .execute(conn)
    .await?;
    Ok(())
}

/// Moves the vote history of the reviewers whose votes move from `from` to `into` (those with no
/// vote on `into`), so the surviving claim's history shows their votes and their activity follows
/// it. Call before `move_votes`, which moves the votes themselves.
pub async fn move_vote_history(conn: &mut AnyConnection, from: i64, into: i64) -> Result<(), sqlx::Error> {
    let movers = "SELECT user_id FROM votes WHERE claim_id = $1 \
                  AND user_id NOT IN (SELECT user_id FROM votes WHERE claim_id = $2)";
    for sql in [
        // A retracted vote's latest entry on `into` gives way to the vote that comes over.
        format!("DELETE FROM vote_latest WHERE claim_id = $2 AND user_id IN ({movers})"),
        format!("UPDATE vote_latest SET claim_id = $2 WHERE claim_id = $1 AND user_id IN ({movers})"),
        format!("UPDATE vote_history SET claim_id = $2 WHERE claim_id = $1 AND user_id IN ({movers})"),
    ] {
        sqlx::query(&sql).bind(from).bind(into).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Moves the check requests of claim `from` to `into`, but for askers who asked on both (theirs
/// on `into` stands; the rest stay with `from`), and sets both claims' request counts to match.
pub async fn move_check_requests(conn: &mut AnyConnection, from: i64, into: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE check_requests SET claim_id = $2 WHERE claim_id = $1 AND NOT EXISTS \
         (SELECT 1 FROM check_requests t WHERE t.claim_id = $2 AND \
          (t.user_id = check_requests.user_id OR t.browser_hash = check_requests.browser_hash))",
    )
    .bind(from)
    .bind(into)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE claims SET request_count = (SELECT COUNT(*) FROM check_requests r WHERE r.claim_id = claims.id) \
         WHERE id IN ($1, $2)",
    )
    .bind(from)
    .bind(into)
    .execute(conn)
    .await?;
    Ok(())
}

/// (id, quote_exact) of an article's visible claims, in text order.
pub async fn visible_claim_quotes(
    conn: &mut AnyConnection,
    article_id: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, quote_exact FROM claims WHERE article_id = $1 AND visibility = 'visible' \
         ORDER BY start_offset, id",
    )
    .bind(article_id)
    .fetch_all(conn)
    .await
}

/// (claim_id, visibility, claim visibility) of a source.
pub async fn source_gate(
    conn: &mut AnyConnection,
    source_id: i64,
) -> Result<Option<(i64, Visibility, Visibility)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.claim_id, s.visibility, c.visibility FROM sources s JOIN claims c ON c.id = s.claim_id \
         WHERE s.id = $1",
    )
    .bind(source_id)
    .fetch_optional(conn)
    .await
}

// --- claims -----------------------------------------------------------------------------------

pub async fn set_claim_visibility(
    conn: &mut AnyConnection,
    id: i64,
    visibility: Visibility,
    merged_into: Option<i64>,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE claims SET visibility = $1, merged_into = $2, moderated_at = $3, version = version + 1 WHERE id = $4",
    )
    .bind(visibility)
    .bind(merged_into)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets (Some) or clears (None) the editorial verdict.
pub async fn set_claim_lock(
    conn: &mut AnyConnection,
    id: i64,
    verdict: Option<&str>,
    reason: &str,
    by: Option<i64>,
    at: i64,
) -> Result<(), sqlx::Error> {
    let locked_at = verdict.map(|_| at);
    sqlx::query(
        "UPDATE claims SET locked_verdict = $1, lock_reason = $2, locked_by = $3, locked_at = $4, \
         moderated_at = $5, version = version + 1 WHERE id = $6",
    )
    .bind(verdict)
    .bind(reason)
    .bind(if verdict.is_some() { by } else { None })
    .bind(locked_at)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_statement(
    conn: &mut AnyConnection,
    id: i64,
    statement: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE claims SET statement = $1, moderated_at = $2, version = version + 1 WHERE id = $3")
        .bind(statement)
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn mark_moderated(conn: &mut AnyConnection, id: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE claims SET moderated_at = $1 WHERE id = $2").bind(at).bind(id).execute(conn).await?;
    Ok(())
}

// --- merging ----------------------------------------------------------------------------------

/// (duplicate's source id, target's source id) for sources with the same URL on both claims.
pub async fn same_url_sources(
    conn: &mut AnyConnection,
    from: i64,
    into: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.id, t.id FROM sources d JOIN sources t ON t.url = d.url AND t.claim_id = $2 WHERE d.claim_id = $1",
    )
    .bind(from)
    .bind(into)
    .fetch_all(conn)
    .await
}

/// Moves the duplicate's sources whose URL the target does not have yet; returns how many moved.
pub async fn move_sources(conn: &mut AnyConnection, from: i64, into: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE sources SET claim_id = $2 WHERE claim_id = $1 \
         AND url NOT IN (SELECT url FROM sources WHERE claim_id = $2)",
    )
    .bind(from)
    .bind(into)
    .execute(conn)
    .await?
    .rows_affected())
}

/// Moves votes of reviewers who have none on the target; returns how many moved.
pub async fn move_votes(conn: &mut AnyConnection, from: i64, into: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE votes SET claim_id = $2 WHERE claim_id = $1 \
         AND user_id NOT IN (SELECT user_id FROM votes WHERE claim_id = $2)",
    )
    .bind(from)
    .bind(into)
    .execute(conn)
    .await?
    .rows_affected())
}

/// Drops the votes left on the duplicate (reviewers who voted on both keep their vote on the
/// target); vote_history keeps them. Returns how many.
pub async fn drop_votes(conn: &mut AnyConnection, claim_id: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM votes WHERE claim_id = $1")
        .bind(claim_id)
        .execute(conn)
        .await?
        .rows_affected())
}

/// (vote id, cited source ids as JSON) of a claim's votes.
pub async fn vote_citations(
    conn: &mut AnyConnection,
    claim_id: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, source_ids FROM votes WHERE claim_id = $1")
        .bind(claim_id)
        .fetch_all(conn)
        .await
}

pub async fn set_vote_citations(
    conn: &mut AnyConnection,
    vote_id: i64,
    json: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE votes SET source_ids = $1 WHERE id = $2")
        .bind(json)
        .bind(vote_id)
        .execute(conn)
        .await?;
    Ok(())
}

// --- sources and articles ---------------------------------------------------------------------

pub async fn set_source_visibility(
    conn: &mut AnyConnection,
    id: i64,
    visibility: Visibility,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sources SET visibility = $1 WHERE id = $2")
        .bind(visibility)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Bumps the version of every claim of a source's claim, so caches keyed on it notice.
pub async fn touch_claim(conn: &mut AnyConnection, claim_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE claims SET version = version + 1 WHERE id = $1").bind(claim_id).execute(conn).await?;
    Ok(())
}

pub async fn set_article_state(
    conn: &mut AnyConnection,
    id: i64,
    locked: bool,
    archived: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE articles SET locked = $1, archived = $2 WHERE id = $3")
        .bind(i64::from(locked))
        .bind(i64::from(archived))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE claims SET version = version + 1 WHERE article_id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

// --- flags ------------------------------------------------------------------------------------

/// (target_type, target_id, state) of a flag.
pub async fn flag_by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<(String, i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT target_type, target_id, state FROM flags WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Which open flags to close: one by id, or all on a claim or source.
pub enum OpenFlags<'a> {
    Id(i64),
    On(&'a str, i64),
}

/// Closes the selected open flags as `state` (resolved | dismissed); returns how many.
pub async fn close_flags(
    conn: &mut AnyConnection,
    which: OpenFlags<'_>,
    state: &str,
    by: Option<i64>,
    note: &str,
    at: i64,
) -> Result<u64, sqlx::Error> {
    const SET: &str = "UPDATE flags SET state = $1, resolved_by = $2, resolution = $3, resolved_at = $4";
    let sql = match which {
        OpenFlags::Id(_) => format!("{SET} WHERE id = $5 AND state = 'open'"),
        OpenFlags::On(..) => format!("{SET} WHERE target_type = $5 AND target_id = $6 AND state = 'open'"),
    };
    let q = sqlx::query(&sql).bind(state).bind(by).bind(note).bind(at);
    let q = match which {
        OpenFlags::Id(id) => q.bind(id),
        OpenFlags::On(target_type, target_id) => q.bind(target_type).bind(target_id),
    };
    Ok(q.execute(conn).await?.rows_affected())
}

#[derive(Debug, FromRow)]
pub struct OpenFlagRow {
    pub id: i64,
    pub target_type: String,
    pub target_id: i64,
    pub reason: crate::values::FlagReason,
    pub details: String,
    pub username: String,
    pub created_at: i64,
    pub claim_id: Option<i64>,
    pub article_id: Option<i64>,
    pub article_title: Option<String>,
    pub label: Option<String>,
    pub visibility: Option<Visibility>,
}

/// Open flags, oldest first, with what they point at (claim or source, its claim and article).
pub async fn open_flags(pool: &AnyPool, limit: i64) -> Result<Vec<OpenFlagRow>, sqlx::Error> {
    sqlx::query_as::<_, OpenFlagRow>(
        "SELECT f.id, f.target_type, f.target_id, f.reason, f.details, u.username, f.created_at, \
                COALESCE(c.id, sc.id) AS claim_id, COALESCE(c.article_id, sc.article_id) AS article_id, \
                a.title AS article_title, \
                CASE WHEN f.target_type = 'claim' THEN c.statement ELSE s.title || ' <' || s.url || '>' END AS label, \
                CASE WHEN f.target_type = 'claim' THEN c.visibility ELSE s.visibility END AS visibility \
         FROM flags f JOIN users u ON u.id = f.user_id \
         LEFT JOIN claims c ON f.target_type = 'claim' AND c.id = f.target_id \
         LEFT JOIN sources s ON f.target_type = 'source' AND s.id = f.target_id \
         LEFT JOIN claims sc ON sc.id = s.claim_id \
         LEFT JOIN articles a ON a.id = COALESCE(c.article_id, sc.article_id) \
         WHERE f.state = 'open' ORDER BY f.created_at, f.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}

#[derive(Debug, FromRow)]
pub struct QueueClaimRow {
    pub id: i64,
    pub article_id: i64,
    pub article_title: String,
    pub statement: String,
    pub status: String,
    pub verified_count: i64,
    pub disputed_count: i64,
    pub not_a_claim_count: i64,
    pub created_by: Option<String>,
    pub created_at: i64,
}

const QUEUE_SELECT: &str = "SELECT c.id, c.article_id, a.title AS article_title, c.statement, c.status, \
     c.verified_count, c.disputed_count, c.not_a_claim_count, u.username AS created_by, c.created_at \
     FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN users u ON u.id = c.created_by";

/// Visible manual claims no admin has acted on yet, oldest first.
pub async fn new_manual_claims(pool: &AnyPool, limit: i64) -> Result<Vec<QueueClaimRow>, sqlx::Error> {
    sqlx::query_as::<_, QueueClaimRow>(&format!(
        "{QUEUE_SELECT} WHERE c.origin = 'manual' AND c.visibility = 'visible' AND c.moderated_at IS NULL \
         ORDER BY c.created_at, c.id LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Visible contested claims without an editorial verdict, oldest first.
pub async fn contested_claims(pool: &AnyPool, limit: i64) -> Result<Vec<QueueClaimRow>, sqlx::Error> {
    sqlx::query_as::<_, QueueClaimRow>(&format!(
        "{QUEUE_SELECT} WHERE c.status = 'contested' AND c.visibility = 'visible' AND c.locked_verdict IS NULL \
         ORDER BY c.created_at, c.id LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(pool)
    .await
}

// --- accounts ---------------------------------------------------------------------------------

#[derive(Debug, FromRow)]
pub struct UserAdminRow {
    pub id: i64,
    pub username: String,
    pub role: String,
    pub disabled: i64,
    pub votes_excluded: i64,
    pub vote_count: i64,
    pub created_at: i64,
    pub standing: Standing,
}

const USER_SELECT: &str = "SELECT u.id, u.username, u.role, u.disabled, u.votes_excluded, \
     (SELECT COUNT(*) FROM votes v WHERE v.user_id = u.id) AS vote_count, u.created_at, u.standing FROM users u";

/// Accounts whose lower-case name matches `like` (empty: all), in name order.
pub async fn users(
    pool: &AnyPool,
    like: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<UserAdminRow>, sqlx::Error> {
    sqlx::query_as::<_, UserAdminRow>(&format!(
        "{USER_SELECT} WHERE ($1 = '' OR lower(u.username) LIKE $1 ESCAPE '\\') \
         ORDER BY lower(u.username) LIMIT $2 OFFSET $3"
    ))
    .bind(like)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await
}

pub async fn count_users(pool: &AnyPool, like: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM users u WHERE ($1 = '' OR lower(u.username) LIKE $1 ESCAPE '\\')",
    )
    .bind(like)
    .fetch_one(pool)
    .await
}

/// PostgreSQL: takes the account's row lock for the rest of the transaction, so two admins'
/// changes to one account (and a change racing a vote of that account) take turns. SQLite runs one
/// writer at a time and needs nothing.
pub async fn lock_user_row(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    if super::Backend::of(conn) == super::Backend::Postgres {
        sqlx::query("SELECT id FROM users WHERE id = $1 FOR UPDATE").bind(id).fetch_all(conn).await?;
    }
    Ok(())
}

pub async fn user(conn: &mut AnyConnection, id: i64) -> Result<Option<UserAdminRow>, sqlx::Error> {
    sqlx::query_as::<_, UserAdminRow>(&format!("{USER_SELECT} WHERE u.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn set_votes_excluded(
    conn: &mut AnyConnection,
    id: i64,
    excluded: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET votes_excluded = $1 WHERE id = $2")
        .bind(i64::from(excluded))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Claims the account has a current vote on.
pub async fn claims_voted_by(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT claim_id FROM votes WHERE user_id = $1 ORDER BY claim_id")
        .bind(user_id)
        .fetch_all(conn)
        .await
}

// --- audit log --------------------------------------------------------------------------------

pub struct NewAudit<'a> {
    pub actor_id: Option<i64>,
    pub actor_name: &'a str,
    pub action: &'a str,
    pub target_type: &'a str,
    pub target_id: i64,
    pub before: &'a str,
    pub after: &'a str,
    pub reason: &'a str,
    pub at: i64,
}

pub async fn insert_audit(conn: &mut AnyConnection, e: &NewAudit<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO audit_log (actor_id, actor_name, action, target_type, target_id, before, after, reason, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(e.actor_id)
    .bind(e.actor_name)
    .bind(e.action)
    .bind(e.target_type)
    .bind(e.target_id)
    .bind(e.before)
    .bind(e.after)
    .bind(e.reason)
    .bind(e.at)
    .fetch_one(conn)
    .await
}

#[derive(Debug, FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub action: String,
    pub target_type: String,
    pub target_id: i64,
    pub before: String,
    pub after: String,
    pub reason: String,
    pub created_at: i64,
}

/// Filters, each empty (or 0 for the id) when not used.
pub struct AuditFilter<'a> {
    pub action: &'a str,
    pub actor: &'a str,
    pub target_type: &'a str,
    pub target_id: i64,
}

const AUDIT_WHERE: &str = "($1 = '' OR action = $1) AND ($2 = '' OR lower(actor_name) = lower($2)) \
     AND ($3 = '' OR target_type = $3) AND ($4 = 0 OR target_id = $4)";

pub async fn count_audit(pool: &AnyPool, f: &AuditFilter<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE {AUDIT_WHERE}"))
        .bind(f.action)
        .bind(f.actor)
        .bind(f.target_type)
        .bind(f.target_id)
        .fetch_one(pool)
        .await
}

/// Newest first.
pub async fn audit(
    pool: &AnyPool,
    f: &AuditFilter<'_>,
    limit: i64,
    offset: i64,
) -> Result<Vec<AuditRow>, sqlx::Error> {
    sqlx::query_as::<_, AuditRow>(&format!(
        "SELECT id, actor_id, actor_name, action, target_type, target_id, before, after, reason, created_at \
         FROM audit_log WHERE {AUDIT_WHERE} ORDER BY id DESC LIMIT $5 OFFSET $6"
    ))
    .bind(f.action)
    .bind(f.actor)
    .bind(f.target_type)
    .bind(f.target_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await
}
