//! Claims and what reviewers do to them: manual claims, sources, votes, flags. Every vote runs in
//! one transaction that locks the claim row, adjusts the tallies in SQL and re-derives the status.

use super::validate;
use crate::consensus::{evaluate, evaluate_with_pending, Rule, Status, Tally};
use crate::error::{AppError, OrInternal};
use crate::extract::{char_range_to_bytes, ClaimKind, Fact, Quote, QUOTE_CONTEXT};
use crate::model::{
    CastVote, ClaimDetail, ClaimView, Editorial, FlagReason, FlagView, HistoryEntry, NewClaim, NewFlag,
    NewSource, SourceView, Verdict, VoteView,
};
use crate::server::auth::Actor;
use crate::server::db::{self, claims::ClaimRow, Db, OnUnique, Unique};
use crate::server::state::AppState;
use crate::server::time::{now_millis, rfc3339};
use crate::values::Visibility;

/// The status readers see: an editorial verdict wins over the crowd's.
pub fn effective_status(tally: Tally, locked_verdict: Option<&str>, rule: &Rule) -> Status {
    match locked_verdict.and_then(Status::parse) {
        Some(verdict) => verdict,
        None => evaluate(tally, rule).0,
    }
}

pub fn claim_view(row: ClaimRow, rule: &Rule) -> ClaimView {
    let tally = Tally {
        verified: row.verified_count,
        disputed: row.disputed_count,
        not_a_claim: row.not_a_claim_count,
    };
    let (crowd_status, crowd_explanation) = evaluate_with_pending(tally, row.pending_count, rule);
    let editorial = row.locked_verdict.as_deref().and_then(Status::parse).map(|verdict| Editorial {
        verdict,
        reason: row.lock_reason.clone(),
        by: row.locked_by_name.clone(),
        at: row.locked_at.map(rfc3339),
    });
    let (status, explanation) = match &editorial {
        Some(e) => (
            e.verdict,
            format!(
                "Editorial verdict: {} ({}). The crowd alone: {}",
                e.verdict.label().to_lowercase(),
                e.reason,
                crowd_explanation
            ),
        ),
        None => (crowd_status, crowd_explanation),
    };
    ClaimView {
        id: row.id,
        article_id: row.article_id,
        start: row.start_offset.max(0) as usize,
        end: row.end_offset.max(0) as usize,
        quote: Quote { exact: row.quote_exact, prefix: row.quote_prefix, suffix: row.quote_suffix },
        statement: row.statement,
        kind: row.kind.parse().unwrap_or(ClaimKind::Event),
        origin: row.origin,
        score: row.score,
        facts: serde_json::from_str(&row.facts).unwrap_or_default(),
        status,
        crowd_status,
        tally,
        locked: editorial.is_some(),
        editorial,
        visibility: row.visibility,
        merged_into: row.merged_into,
        explanation,
        pending_votes: row.pending_count,
    }
}

/// The claim as `actor` may see it: hidden and removed claims exist only for admins; everyone else
/// gets the same 404 as for a claim that never existed.
async fn claim_row(state: &AppState, actor: &Actor, id: i64) -> Result<ClaimRow, AppError> {
    match db::claims::by_id(state.db.pool(), id).await? {
        Some(row) if row.visibility == Visibility::Visible || actor.is_admin() => Ok(row),
        // A duplicate merged away: its links (in exports, in reviewers' notes) lead on.
        Some(ClaimRow { visibility: Visibility::Removed, merged_into: Some(_), .. }) => {
            Err(merged_away(state, id).await?)
        }
        _ => Err(AppError::NotFound("no such claim".into())),
    }
}

pub async fn get(state: &AppState, actor: &Actor, id: i64) -> Result<ClaimView, AppError> {
    Ok(claim_view(claim_row(state, actor, id).await?, &state.config.rule))
}

/// The claim for a change (a source, a flag): as `claim_row`, except that a claim merged away
/// answers, to admins too, where it went; there is nothing left on it to change.
async fn claim_for_change(state: &AppState, actor: &Actor, id: i64) -> Result<ClaimRow, AppError> {
    let row = claim_row(state, actor, id).await?;
    if row.visibility == Visibility::Removed && row.merged_into.is_some() {
        return Err(merged_away(state, id).await?);
    }
    Ok(row)
}

/// What claim `id`, merged away, answers to anyone but admins on a read, and to everyone on a
/// change: the claim its links (in exports, in reviewers' notes) lead to, at the end of the chain
/// of merges.
pub(crate) async fn merged_away(state: &AppState, id: i64) -> Result<AppError, AppError> {
    Ok(match surviving(state, id).await? {
        Some(end) if end.id != id => {
            AppError::NotFound(format!("this claim was merged into claim {0}; see /claims/{0}", end.id))
        }
        _ => AppError::NotFound("no such claim".into()),
    })
}

/// Refuses changes to a claim that moderators took out of view, or whose article is locked or
/// archived. A hidden claim does not exist for anyone but admins: 404, never a 409 that confirms it.
fn ensure_open(gate: Option<(Visibility, i64, i64, i64)>, is_admin: bool) -> Result<i64, AppError> {
    match gate {
        None => Err(AppError::NotFound("no such claim".into())),
        Some((visibility, _, _, _)) if visibility != Visibility::Visible && !is_admin => {
            Err(AppError::NotFound("no such claim".into()))
        }
        Some((visibility, _, _, _)) if visibility != Visibility::Visible => Err(AppError::Conflict(format!(
            "this claim is {visibility} by moderators; it takes no more sources or votes"
        ))),
        Some((_, _, _, 1)) => Err(AppError::Conflict("the article is archived; it is read-only".into())),
        Some((_, _, 1, _)) => {
            Err(AppError::Conflict("the article is locked by moderators; it takes no more changes".into()))
        }
        Some((_, article_id, _, _)) => Ok(article_id),
    }
}

/// Vote history entries a claim's detail carries per page.
pub const HISTORY_PAGE: i64 = 50;

/// The claim with its sources, current votes and the latest page of its history; `asker_token`
/// is a signed-out reader's `claimcheck_asker` cookie, which tells whether they asked for a check.
pub async fn detail(
    state: &AppState,
    actor: &Actor,
    id: i64,
    asker_token: Option<&str>,
) -> Result<ClaimDetail, AppError> {
    detail_page(state, actor, id, None, asker_token).await
}

/// The claim with its sources, current votes and one page of history: the latest, or the one
/// before `before` (a `history_cursor` from an earlier page).
pub async fn detail_page(
    state: &AppState,
    actor: &Actor,
    id: i64,
    before: Option<i64>,
    asker_token: Option<&str>,
) -> Result<ClaimDetail, AppError> {
    let pool = state.db.pool();
    let claim = get(state, actor, id).await?;
    let article =
        db::articles::by_id(pool, claim.article_id).await?.or_internal("a claim's article is missing")?;
    let sources = db::reviews::sources_for_claim(pool, id, actor.is_admin())
        .await?
        .into_iter()
        .map(source_view)
        .collect();
    let votes = db::reviews::votes_for_claim(pool, id)
        .await?
        .into_iter()
        .map(|v| VoteView {
            user_id: v.user_id,
            username: v.username,
            verdict: v.verdict,
            note: v.note,
            source_ids: serde_json::from_str(&v.source_ids).unwrap_or_default(),
            updated_at: rfc3339(v.updated_at),
            counted: v.counted != 0,
        })
        .collect();
    // The vote history is paged (a vote toggled 100,000 times must not make the panel slow): the
    // latest HISTORY_PAGE entries older than the cursor, and with them the edits and match
    // decisions of the same stretch of time, so pages neither repeat nor skip any of them.
    let mut votes_page = db::reviews::history_page(pool, id, before, HISTORY_PAGE + 1).await?;
    let more = votes_page.len() as i64 > HISTORY_PAGE;
    votes_page.truncate(HISTORY_PAGE as usize);
    let newer_than = match before {
        Some(cursor) if cursor < 1 => {
            return Err(AppError::validation(
                "history_before",
                "history_before must be a history_cursor from an earlier answer",
            ))
        }
        Some(cursor) => match db::reviews::history_entry_at(pool, id, cursor).await? {
            Some(at) => at,
            None => return Err(AppError::NotFound("no such history cursor for this claim".into())),
        },
        None => i64::MAX,
    };
    // The stretch this page covers: [oldest vote shown, newer_than), or back to the start.
    let from = if more { votes_page.last().map(|r| r.4).unwrap_or(i64::MIN) } else { i64::MIN };
    let cursor = if more { votes_page.last().map(|r| r.0) } else { None };
    let in_page = |at: i64| at >= from && at < newer_than;
    let mut history: Vec<(i64, HistoryEntry)> = votes_page
        .into_iter()
        .map(|(_, username, verdict, note, at)| {
            (at, HistoryEntry { username, action: verdict, detail: note, at: rfc3339(at) })
        })
        .collect();
    for (username, statement, at) in db::claims::revisions(pool, id).await? {
        if !in_page(at) {
            continue;
        }
        history.push((
            at,
            HistoryEntry {
                username: username.unwrap_or_else(|| "system".into()),
                action: "edited".into(),
                detail: statement,
                at: rfc3339(at),
            },
        ));
    }
    let (matches, decisions) = super::matching::for_claim(state, id).await?;
    history.extend(decisions.into_iter().filter(|(at, _)| in_page(*at)));
    history.sort_by_key(|(at, _)| *at);
    let check_requests = super::queue::requests_of(state, actor, &claim, &article, asker_token).await?;
    Ok(ClaimDetail {
        claim,
        article_locked: article.locked != 0 || article.archived != 0,
        article_archived: article.archived != 0,
        article_title: article.title,
        sources,
        votes,
        history: history.into_iter().map(|(_, h)| h).collect(),
        matches,
        history_cursor: cursor,
        check_requests,
        merged_from: None,
    })
}

/// The claim `id` leads to: itself, or for a claim merged away the claim it was merged into, at
/// the end of the chain (a claim merged into one that was merged later). `None`: no such claim.
async fn surviving(state: &AppState, id: i64) -> Result<Option<ClaimRow>, AppError> {
    let mut at = id;
    // The bound stops a cycle, which merges cannot make (a merged claim takes no merge).
    for _ in 0..8 {
        match db::claims::by_id(state.db.pool(), at).await? {
            Some(ClaimRow { visibility: Visibility::Removed, merged_into: Some(into), .. }) => at = into,
            row => return Ok(row),
        }
    }
    Ok(None)
}

/// As `detail`, for pages: a claim merged into another (its links live on in exports, activity
/// and reviewers' notes) opens the claim it was merged into, whose `merged_from` names the one
/// asked for. Admins, who may see removed claims, get the merged claim itself.
pub async fn detail_following_merges(
    state: &AppState,
    actor: &Actor,
    id: i64,
    asker_token: Option<&str>,
) -> Result<ClaimDetail, AppError> {
    match detail(state, actor, id, asker_token).await {
        Err(AppError::NotFound(message)) => match surviving(state, id).await? {
            Some(end) if end.id != id => {
                let mut d = detail(state, actor, end.id, asker_token).await?;
                d.merged_from = Some(id);
                Ok(d)
            }
            _ => Err(AppError::NotFound(message)),
        },
        other => other,
    }
}

/// Where a link to claim `id` leads on an article page, as (article id, claim id): the claim
/// itself, or the claim it was merged into (perhaps in another article). `None` when `actor` may
/// not see where it leads.
pub async fn locate(state: &AppState, actor: &Actor, id: i64) -> Result<Option<(i64, i64)>, AppError> {
    Ok(surviving(state, id)
        .await?
        .filter(|row| row.visibility == Visibility::Visible || actor.is_admin())
        .map(|row| (row.article_id, row.id)))
}

pub fn source_view(s: db::reviews::SourceRow) -> SourceView {
    SourceView {
        id: s.id,
        claim_id: s.claim_id,
        url: s.url,
        title: s.title,
        publisher: s.publisher,
        excerpt: s.excerpt,
        stance: s.stance,
        added_by: s.added_by,
        created_at: rfc3339(s.created_at),
        visibility: s.visibility,
    }
}

/// Builds the TextQuoteSelector for a code point range of `body`.
pub fn quote_for(body: &str, start: usize, end: usize) -> Option<Quote> {
    let (bs, be) = char_range_to_bytes(body, start, end)?;
    let prefix_start = start.saturating_sub(QUOTE_CONTEXT);
    let (ps, _) = char_range_to_bytes(body, prefix_start, start)?;
    let total = body.chars().count();
    let (_, se) = char_range_to_bytes(body, end, (end + QUOTE_CONTEXT).min(total))?;
    Some(Quote {
        exact: body[bs..be].to_string(),
        prefix: body[ps..bs].to_string(),
        suffix: body[be..se].to_string(),
    })
}

/// A reviewer's own claim, anchored to a code point range of the article body.
pub async fn add_manual(
    state: &AppState,
    actor: &Actor,
    article_id: i64,
    input: NewClaim,
) -> Result<ClaimView, AppError> {
    let user = actor.require_reviewer()?;
    state.writes.check(user.id)?;
    let article = db::articles::by_id(state.db.pool(), article_id)
        .await?
        .ok_or_else(|| AppError::NotFound("no such article".into()))?;
    let body = &article.body;
    let len = body.chars().count() as i64;
    if input.start < 0 || input.end <= input.start || input.end > len {
        return Err(AppError::validation(
            "start",
            format!("start and end must satisfy 0 <= start < end <= {len} (code points of the article body)"),
        ));
    }
    let (start, end) = (input.start as usize, input.end as usize);
    let quote = quote_for(body, start, end).or_internal("a checked code point range has no quote")?;
    if quote.exact.trim().is_empty() {
        return Err(AppError::validation(
            "start",
            "the selection is only whitespace; select the words of the claim",
        ));
    }
    if end - start > 5_000 {
        return Err(AppError::validation(
            "end",
            "a claim can span at most 5000 characters; select one statement",
        ));
    }
    let statement = validate::text("statement", input.statement.as_deref(), 2_000, false)?
        .unwrap_or_else(|| quote.exact.split_whitespace().collect::<Vec<_>>().join(" "));

    // Let the extractor classify the selection and find its facts, as it would for a proposal.
    let ex = crate::extract::extract(&quote.exact);
    let kind = ex.claims.first().map(|c| c.kind).unwrap_or(ClaimKind::Event);
    let score = ex.claims.iter().map(|c| c.score).fold(0.0, f64::max);
    let facts: Vec<Fact> = ex
        .claims
        .iter()
        .flat_map(|c| c.facts.iter())
        .map(|f| Fact { start: f.start + start, end: f.end + start, text: f.text.to_string() })
        .collect();
    let facts_json = serde_json::to_string(&facts).map_err(anyhow::Error::from)?;

    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    match db::moderation::article_gate(&mut tx, article_id).await? {
        Some((_, 1)) => return Err(AppError::Conflict("the article is archived; it is read-only".into())),
        Some((1, _)) => {
            return Err(AppError::Conflict(
                "the article is locked by moderators; it takes no more claims".into(),
            ))
        }
        _ => {}
    }
    let cap = i64::from(state.config.limit_manual_claims_per_article);
    if cap > 0 && db::abuse::manual_claim_count(&mut tx, article_id).await? >= cap {
        return Err(AppError::Conflict(format!(
            "this article already has {cap} claims added by hand, the most it can take"
        )));
    }
    let (start, end) = (start as i64, end as i64);
    if db::claims::exists_span(&mut tx, article_id, start, end).await? {
        return Err(AppError::Conflict("a claim already covers exactly this text".into()));
    }
    let id = db::claims::insert(
        &mut tx,
        &db::claims::NewClaimRow {
            article_id,
            start,
            end,
            quote_exact: &quote.exact,
            quote_prefix: &quote.prefix,
            quote_suffix: &quote.suffix,
            statement: &statement,
            origin: "manual",
            kind: kind.as_str(),
            score,
            facts_json: &facts_json,
            created_by: Some(user.id),
            created_at: now,
        },
    )
    .await?;
    tx.commit().await?;
    super::matching::match_quietly(state, None, &[id]).await;
    get(state, actor, id).await
}

pub async fn add_source(
    state: &AppState,
    actor: &Actor,
    claim_id: i64,
    input: NewSource,
) -> Result<SourceView, AppError> {
    let user = actor.require_reviewer()?;
    state.writes.check(user.id)?;
    claim_for_change(state, actor, claim_id).await?;
    let url = validate::public_source_url(&input.url)?;
    let stance = input.stance;
    let publisher = validate::text("publisher", input.publisher.as_deref(), 200, false)?
        .unwrap_or_else(|| validate::publisher_from_url(&url));
    let title =
        validate::text("title", input.title.as_deref(), 300, false)?.unwrap_or_else(|| publisher.clone());
    let excerpt = validate::text("excerpt", input.excerpt.as_deref(), 2_000, false)?.unwrap_or_default();

    let mut tx = state.db.begin_write().await?;
    db::claims::lock_for_update(&mut tx, claim_id).await?;
    let gate = db::moderation::claim_gate(&mut tx, claim_id).await?;
    ensure_open(gate, actor.is_admin())?;
    let cap = i64::from(state.config.limit_sources_per_claim);
    if cap > 0 && db::abuse::source_count(&mut tx, claim_id).await? >= cap {
        return Err(AppError::Conflict(format!(
            "this claim already has {cap} sources, the most it can take"
        )));
    }
    // A link a moderator hid or removed cannot come back, not even as http, with www. or with
    // tracking parameters; and it is not "already a source" to someone who cannot see it.
    let key = crate::server::links::link_key(&url);
    for (other, visibility) in db::reviews::source_urls(&mut tx, claim_id).await? {
        if visibility == "visible" {
            if other == url {
                return Err(AppError::validation("url", "this URL is already a source of this claim"));
            }
        } else if crate::server::links::link_key(&other) == key {
            let did = if visibility == "hidden" { "hid" } else { "removed" };
            return Err(AppError::Conflict(format!(
                "a moderator {did} this link from the claim's sources, so it cannot be added again; \
                 flag the claim if you think that was wrong"
            )));
        }
    }
    let id = db::reviews::insert_source(
        &mut tx,
        &db::reviews::NewSourceRow {
            claim_id,
            url: &url,
            title: &title,
            publisher: &publisher,
            excerpt: &excerpt,
            stance,
            added_by: user.id,
            created_at: now_millis(),
        },
    )
    .await
    .on_unique(Unique::SourceUrl, || {
        AppError::validation("url", "this URL is already a source of this claim")
    })?;
    tx.commit().await?;
    let row = db::reviews::source_by_id(state.db.pool(), id)
        .await?
        .or_internal("a source just added is missing")?;
    Ok(source_view(row))
}

fn delta(verdict: Verdict, sign: i64) -> (i64, i64, i64) {
    match verdict {
        Verdict::Verified => (sign, 0, 0),
        Verdict::Disputed => (0, sign, 0),
        Verdict::NotAClaim => (0, 0, sign),
    }
}

/// Casts or replaces the actor's vote. Verified and disputed must cite at least one source of this claim.
pub async fn cast_vote(
    state: &AppState,
    actor: &Actor,
    claim_id: i64,
    input: CastVote,
) -> Result<ClaimView, AppError> {
    let user = actor.require_reviewer()?;
    state.writes.check(user.id)?;
    let verdict = input.verdict;
    let note = validate::text("note", input.note.as_deref(), 2_000, false)?.unwrap_or_default();
    let mut source_ids = input.source_ids.clone();
    source_ids.sort_unstable();
    source_ids.dedup();
    if source_ids.len() > 50 {
        return Err(AppError::validation("source_ids", "cite at most 50 sources"));
    }
    let source_json = serde_json::to_string(&source_ids).map_err(anyhow::Error::from)?;
    let now = now_millis();

    let mut tx = state.db.write_turn().await?;
    let gate = open_for_vote(state, actor, &mut tx, claim_id, user.id, &source_ids).await?;
    // After the claim is found: "add a source first" is no help on a claim that is gone (404) or
    // closed (409).
    if verdict.cites_sources() && source_ids.is_empty() {
        return Err(AppError::validation(
            "source_ids",
            "a verified or disputed vote must cite at least one source on this claim; add a source first",
        ));
    }
    if gate.cited_sources != source_ids.len() as i64 {
        return Err(AppError::validation(
            "source_ids",
            "every cited source must be a visible source of this claim",
        ));
    }
    let (mut dv, mut dd, mut dn) = delta(verdict, 1);
    if let Some(prev) = gate.previous_verdict.as_deref().and_then(Verdict::parse) {
        let (pv, pd, pn) = delta(prev, -1);
        (dv, dd, dn) = (dv + pv, dd + pd, dn + pn);
    }
    let vote =
        VoteChange { verdict: Some(verdict.as_str()), note: &note, source_ids_json: &source_json, at: now };
    let added = i64::from(gate.previous_verdict.is_none());
    finish_vote(state, tx, claim_id, user.id, &gate, vote, (dv, dd, dn), added).await
}

/// Withdraws the actor's vote; history keeps it.
pub async fn retract_vote(state: &AppState, actor: &Actor, claim_id: i64) -> Result<ClaimView, AppError> {
    let user = actor.require_reviewer()?;
    state.writes.check(user.id)?;
    let mut tx = state.db.write_turn().await?;
    let gate = open_for_vote(state, actor, &mut tx, claim_id, user.id, &[]).await?;
    let Some(previous) = gate.previous_verdict.clone() else {
        return Err(AppError::NotFound("you have no vote on this claim to retract".into()));
    };
    let vote = VoteChange { verdict: None, note: "", source_ids_json: "[]", at: now_millis() };
    finish_vote(
        state,
        tx,
        claim_id,
        user.id,
        &gate,
        vote,
        Verdict::parse(&previous).map_or((0, 0, 0), |v| delta(v, -1)),
        -1,
    )
    .await
}

/// Takes the claim's row lock for a vote, refuses claims that take no votes, and reads what the vote
/// needs (tallies, the voter's current verdict, how many cited sources are the claim's), in one statement.
async fn open_for_vote(
    state: &AppState,
    actor: &Actor,
    tx: &mut db::WriteTx,
    claim_id: i64,
    user_id: i64,
    source_ids: &[i64],
) -> Result<db::claims::VoteGate, AppError> {
    // PostgreSQL: the voter's row first, then the claim's (the order a standing change takes too).
    db::standing::share_lock_user(tx, state.db.backend(), user_id).await?;
    let gate = db::claims::lock_for_vote(tx, claim_id, user_id, source_ids).await?;
    // Merged away: for admins too, who may see it, the answer names where its votes went.
    if gate.as_ref().is_some_and(|g| g.visibility == Visibility::Removed && g.merged_into.is_some()) {
        return Err(merged_away(state, claim_id).await?);
    }
    let flags = match (state.db.backend(), &gate) {
        // PostgreSQL: that statement read the article's flags as they were when it started, and it
        // may have waited for the claim's lock behind an article merge, which archives the article
        // it takes claims from. A statement of its own reads them as they now are.
        (db::Backend::Postgres, Some(_)) => db::moderation::claim_gate(tx, claim_id).await?,
        // SQLite: writers take turns, so nothing changed since the statement started.
        _ => gate.as_ref().map(|g| (g.visibility, g.article_id, g.article_locked, g.article_archived)),
    };
    ensure_open(flags, actor.is_admin())?;
    // `ensure_open` answered 404 for a missing claim.
    gate.or_internal("a claim locked for a change is missing")
}

/// What a vote changes: a verdict, or `None` to retract.
struct VoteChange<'a> {
    verdict: Option<&'a str>,
    note: &'a str,
    source_ids_json: &'a str,
    at: i64,
}

/// Writes the vote, its history entry, and the deltas applied to the tallies read under the row
/// lock with the status that follows, in one round trip, and commits; returns the claim as it now is.
/// A trusted reviewer's vote moves the tallies; a new reviewer's moves only the pending count
/// (`added`: +1 cast, 0 changed, -1 retracted). When the vote settles a claim that new reviewers
/// voted on, they are checked for earned standing before the commit (`standing::after_settled`).
#[allow(clippy::too_many_arguments)]
async fn finish_vote(
    state: &AppState,
    tx: db::WriteTx,
    claim_id: i64,
    user_id: i64,
    gate: &db::claims::VoteGate,
    vote: VoteChange<'_>,
    deltas: (i64, i64, i64),
    added: i64,
) -> Result<ClaimView, AppError> {
    let rule = &state.config.rule;
    let ((dv, dd, dn), pending_delta) =
        if gate.voter_counted != 0 { (deltas, 0) } else { ((0, 0, 0), added) };
    let tally = Tally {
        verified: gate.verified_count + dv,
        disputed: gate.disputed_count + dd,
        not_a_claim: gate.not_a_claim_count + dn,
    };
    let status = effective_status(tally, gate.locked_verdict.as_deref(), rule);
    let was_settled = Status::parse(&gate.status).is_some_and(Status::is_settled);
    let keep_open = status.is_settled() && !was_settled && gate.pending_count + pending_delta > 0;
    let write = db::claims::VoteWrite {
        claim_id,
        user_id,
        verdict: vote.verdict,
        note: vote.note,
        source_ids_json: vote.source_ids_json,
        at: vote.at,
        deltas: (dv, dd, dn),
        pending_delta,
        status: status.as_str(),
    };
    let backend = state.db.backend();
    let (row, open) = db::claims::write_vote(tx, backend, &write, keep_open).await?;
    let Some(mut tx) = open else { return Ok(claim_view(row, rule)) };
    super::standing::after_settled(&mut tx, backend, rule, &state.config.earn, vec![claim_id]).await?;
    let row = db::claims::by_id_in(&mut tx, claim_id)
        .await?
        .or_internal("a claim locked for a change is missing")?;
    tx.commit().await?;
    Ok(claim_view(row, rule))
}

/// Stores the status that follows from new tallies and the editorial verdict, with the account
/// whose action changed it; true when the claim has just reached a verdict.
pub async fn store_status(
    conn: &mut sqlx::AnyConnection,
    rule: &Rule,
    claim_id: i64,
    (v, d, n, locked): db::claims::TallyRow,
    by: Option<i64>,
) -> Result<bool, AppError> {
    let status =
        effective_status(Tally { verified: v, disputed: d, not_a_claim: n }, locked.as_deref(), rule);
    Ok(db::claims::set_status(conn, claim_id, status.as_str(), by).await?)
}

pub async fn flag_claim(
    state: &AppState,
    actor: &Actor,
    claim_id: i64,
    input: NewFlag,
) -> Result<FlagView, AppError> {
    let user = actor.require_reviewer()?;
    state.writes.check(user.id)?;
    let row = claim_for_change(state, actor, claim_id).await?;
    // Admins see removed claims; there is nothing left on one to moderate.
    if row.visibility == Visibility::Removed {
        return Err(AppError::Conflict("this claim is removed by moderators; it takes no flags".into()));
    }
    insert_flag(state, actor, "claim", claim_id, input).await
}

/// Flags a source (visible ones, on a claim the actor can see).
pub async fn flag_source(
    state: &AppState,
    actor: &Actor,
    source_id: i64,
    input: NewFlag,
) -> Result<FlagView, AppError> {
    let user = actor.require_reviewer()?;
    state.writes.check(user.id)?;
    let visible = match db::moderation::source_gate(&mut *state.db.pool().acquire().await?, source_id).await?
    {
        Some((_, source, claim)) => source == Visibility::Visible && claim == Visibility::Visible,
        None => false,
    };
    if !visible && !actor.is_admin() {
        return Err(AppError::NotFound("no such source".into()));
    }
    insert_flag(state, actor, "source", source_id, input).await
}

async fn insert_flag(
    state: &AppState,
    actor: &Actor,
    target_type: &'static str,
    target_id: i64,
    input: NewFlag,
) -> Result<FlagView, AppError> {
    let user = actor.require_reviewer()?;
    let reason = input.reason;
    let details = validate::text("details", input.details.as_deref(), 1_000, reason == FlagReason::Other)?
        .unwrap_or_default();
    let mut tx = state.db.begin_write().await?;
    let id =
        db::reviews::insert_flag(&mut tx, target_type, target_id, user.id, reason, &details, now_millis())
            .await
            .on_unique(Unique::OpenFlag, || {
                AppError::Conflict(format!("you already have an open flag on this {target_type}"))
            })?;
    tx.commit().await?;
    Ok(FlagView { id, target_type: target_type.into(), target_id, reason, details, state: "open".into() })
}

/// Re-derives every stored status when the consensus rule differs from the one they were stored
/// under (a changed CLAIMCHECK_QUORUM or CLAIMCHECK_THRESHOLD). Runs at start-up.
pub async fn sync_statuses(db: &Db, rule: &Rule) -> anyhow::Result<()> {
    let wanted = rule.describe();
    if db::reviews::get_setting(db.pool(), "consensus_rule").await?.as_deref() == Some(wanted.as_str()) {
        return Ok(());
    }
    let mut tx = db.begin_write().await?;
    for (id, v, d, n, stored, locked) in db::claims::all_tallies(db.pool()).await? {
        let status =
            effective_status(Tally { verified: v, disputed: d, not_a_claim: n }, locked.as_deref(), rule);
        if Status::parse(&stored) != Some(status) {
            db::claims::set_status(&mut tx, id, status.as_str(), None).await?;
        }
    }
    db::reviews::put_setting(&mut tx, "consensus_rule", &wanted).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_use_code_points_and_clip_at_the_edges() {
        let body = "Łódź 🚀 said 5 km.";
        let q = quote_for(body, 7, 11).unwrap();
        assert_eq!(q.exact, "said");
        assert_eq!(q.prefix, "Łódź 🚀 ");
        assert_eq!(q.suffix, " 5 km.");
        assert!(quote_for(body, 0, 99).is_none());
    }

    #[test]
    fn changing_a_vote_moves_one_count_between_columns() {
        let (a, b) = (delta(Verdict::Verified, 1), delta(Verdict::Disputed, -1));
        assert_eq!((a.0 + b.0, a.1 + b.1, a.2 + b.2), (1, -1, 0));
    }
}
