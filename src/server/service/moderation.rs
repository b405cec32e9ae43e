//! Moderation: what admins do to claims, sources, articles, flags and accounts. Every action runs
//! in one write transaction that also appends its audit entry (actor, action, target, before/after,
//! reason, time), so an action and its record are stored together or not at all.

use super::claims::{source_view, store_status};
use super::validate;
use crate::consensus::{Rule, Status};
use crate::error::{AppError, OrInternal};
use crate::model::{
    ArticleAction, ArticleLink, ArticleMerge, ArticleMergeReport, ArticleModeration, ArticleView, AuditEntry,
    AuditQuery, ClaimAction, ClaimMerge, ClaimModeration, ClaimView, FlagAction, FlagDecision, FlagView,
    FlaggedItem, LockVerdict, ModerationQueue, Page, QueueClaim, QueueFlag, ReasonCount, Role, SourceAction,
    SourceModeration, SourceView, Tally, UserAdminView, UserDisable, UserEnable, UserRoleChange,
};
use crate::server::auth::Actor;
use crate::server::db::{self, claims::ClaimRow, moderation::OpenFlags, Db};
use crate::server::state::AppState;
use crate::server::time::{now_millis, rfc3339};
use crate::values::{Standing, Visibility};
use serde_json::{json, Value};
use sqlx::AnyConnection;

/// Audit entries per page.
pub const AUDIT_PER_PAGE: u32 = 50;
/// The most rows one CSV export of the audit log holds.
pub const AUDIT_CSV_MAX: i64 = 100_000;
pub const USERS_PER_PAGE: u32 = 50;
/// How many entries each queue list shows.
const QUEUE_LIMIT: i64 = 100;

/// The reason text; required for the actions that take something away or override the crowd.
pub(crate) fn reason(raw: Option<&str>, required: bool, action: &str) -> Result<String, AppError> {
    let text = raw.map(str::trim).unwrap_or("");
    if required && text.is_empty() {
        return Err(AppError::validation("reason", format!("a reason is required to {action}")));
    }
    Ok(validate::text("reason", Some(text), 1_000, false)?.unwrap_or_default())
}

/// One audit entry: what was done to which target, its state before and after, and why. Who did
/// it and when are filled in by [`audit`].
pub(crate) struct Audit {
    pub action: String,
    pub target_type: &'static str,
    pub target_id: i64,
    pub before: Value,
    pub after: Value,
    pub reason: String,
}

/// Appends one audit entry inside the caller's transaction (for changes that are part of a larger
/// one: earned standing inside a vote, a brigade disabled account by account). A moderation action
/// of its own goes through [`audited`].
pub(crate) async fn audit(
    conn: &mut AnyConnection,
    actor: &Actor,
    entry: Audit,
    at: i64,
) -> Result<(), AppError> {
    let (actor_id, actor_name) = actor.audit_name();
    db::moderation::insert_audit(
        conn,
        &db::moderation::NewAudit {
            actor_id,
            actor_name: &actor_name,
            action: &entry.action,
            target_type: entry.target_type,
            target_id: entry.target_id,
            before: &entry.before.to_string(),
            after: &entry.after.to_string(),
            reason: &entry.reason,
            at,
        },
    )
    .await?;
    Ok(())
}

/// Runs one audited action in a write transaction of its own: `change` gets the transaction and
/// the time; it locks what it changes (`lock_claim`, `lock_user`, ...), checks, changes, and
/// returns its result with the audit entry. The entry is written and the transaction committed
/// here, and only here: an error anywhere rolls back the change and its entry together, so no
/// action is ever stored without its audit row.
pub(crate) async fn audited<T>(
    db: &Db,
    actor: &Actor,
    change: impl AsyncFnOnce(&mut AnyConnection, i64) -> Result<(T, Audit), AppError>,
) -> Result<T, AppError> {
    let now = now_millis();
    let mut tx = db.begin_write().await?;
    let (out, entry) = change(&mut tx, now).await?;
    audit(&mut tx, actor, entry, now).await?;
    tx.commit().await?;
    Ok(out)
}

/// Runs `change` as [`audited`] would, then rolls it back: what it would do, with nothing written
/// (an article merge's preview). It takes the same locks and reads the same rows, so its answer is
/// what the change would have done at that moment.
async fn rehearsed<T>(
    db: &Db,
    change: impl AsyncFnOnce(&mut AnyConnection, i64) -> Result<(T, Audit), AppError>,
) -> Result<T, AppError> {
    let mut tx = db.begin_write().await?;
    let (out, _) = change(&mut tx, now_millis()).await?;
    drop(tx); // rolls back
    Ok(out)
}

fn claim_state(row: &ClaimRow) -> Value {
    json!({
        "visibility": row.visibility,
        "status": row.status,
        "locked_verdict": row.locked_verdict,
        "statement": row.statement,
        "tally": { "verified": row.verified_count, "disputed": row.disputed_count, "not_a_claim": row.not_a_claim_count },
    })
}

/// Locks the claim row for the transaction and reads it; 404 when it does not exist.
async fn lock_claim(conn: &mut AnyConnection, id: i64, field: &str) -> Result<ClaimRow, AppError> {
    if db::claims::lock_for_update(conn, id).await?.is_none() {
        return Err(if field == "id" {
            AppError::NotFound("no such claim".into())
        } else {
            AppError::validation(field, format!("there is no claim {id}"))
        });
    }
    db::claims::by_id_in(conn, id).await?.or_internal("a claim locked for moderation is missing")
}

/// hide | restore | remove | lock | unlock | edit | approve, on one claim.
pub async fn moderate_claim(
    state: &AppState,
    actor: &Actor,
    claim_id: i64,
    input: ClaimModeration,
) -> Result<ClaimView, AppError> {
    actor.require_admin()?;
    let action = input.action;
    let why = reason(
        input.reason.as_deref(),
        matches!(action, ClaimAction::Hide | ClaimAction::Remove | ClaimAction::Lock),
        action.as_str(),
    )?;
    let verdict = match action {
        ClaimAction::Lock => Some(
            input
                .verdict
                .map(|v| v.as_str())
                .ok_or_else(|| AppError::validation("verdict", LockVerdict::expected()))?,
        ),
        _ => None,
    };
    let statement = match action {
        ClaimAction::Edit => Some(
            validate::text("statement", input.statement.as_deref(), 2_000, true)?
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        ),
        _ => None,
    };
    let (by, _) = actor.audit_name();
    audited(&state.db, actor, async |tx, now| {
        let row = lock_claim(tx, claim_id, "id").await?;
        let before = claim_state(&row);
        if row.merged_into.is_some() && action != ClaimAction::Approve {
            return Err(AppError::Conflict(format!(
                "this claim was merged into claim {}; moderate that one instead",
                row.merged_into.unwrap_or_default()
            )));
        }
        match action {
            ClaimAction::Hide | ClaimAction::Remove => {
                let to = if action == ClaimAction::Hide { Visibility::Hidden } else { Visibility::Removed };
                if row.visibility == to {
                    return Err(AppError::Conflict(format!("the claim is already {to}")));
                }
                db::moderation::set_claim_visibility(&mut *tx, claim_id, to, None, now).await?;
                let note = format!("{to}: {why}");
                db::moderation::close_flags(
                    &mut *tx,
                    OpenFlags::On("claim", claim_id),
                    "resolved",
                    by,
                    &note,
                    now,
                )
                .await?;
            }
            ClaimAction::Restore => {
                if row.visibility == Visibility::Visible {
                    return Err(AppError::Conflict("the claim is already visible".into()));
                }
                db::moderation::set_claim_visibility(&mut *tx, claim_id, Visibility::Visible, None, now)
                    .await?;
            }
            ClaimAction::Lock => {
                let verdict = verdict.unwrap_or("verified");
                if row.locked_verdict.as_deref() == Some(verdict) {
                    return Err(AppError::Conflict(format!("the claim is already locked as {verdict}")));
                }
                db::moderation::set_claim_lock(&mut *tx, claim_id, Some(verdict), &why, by, now).await?;
                let tally = (
                    row.verified_count,
                    row.disputed_count,
                    row.not_a_claim_count,
                    Some(verdict.to_string()),
                );
                if store_status(&mut *tx, &state.config.rule, claim_id, tally, by).await? {
                    // An editorial verdict settles the claim: its new reviewers may have earned standing.
                    let (backend, rule, earn) = (state.db.backend(), &state.config.rule, &state.config.earn);
                    super::standing::after_settled(&mut *tx, backend, rule, earn, vec![claim_id]).await?;
                }
            }
            ClaimAction::Unlock => {
                if row.locked_verdict.is_none() {
                    return Err(AppError::Conflict("the claim has no editorial verdict to unlock".into()));
                }
                db::moderation::set_claim_lock(&mut *tx, claim_id, None, "", None, now).await?;
                let tally = (row.verified_count, row.disputed_count, row.not_a_claim_count, None);
                store_status(&mut *tx, &state.config.rule, claim_id, tally, by).await?;
            }
            ClaimAction::Edit => {
                let statement = statement.unwrap_or_default();
                if statement == row.statement {
                    return Err(AppError::validation(
                        "statement",
                        "the new statement is the same as the current one",
                    ));
                }
                db::moderation::set_statement(&mut *tx, claim_id, &statement, now).await?;
                db::claims::insert_revision(&mut *tx, claim_id, &statement, by, now).await?;
            }
            ClaimAction::Approve => db::moderation::mark_moderated(&mut *tx, claim_id, now).await?,
        }
        let after = claim_state(
            &db::claims::by_id_in(&mut *tx, claim_id)
                .await?
                .or_internal("a claim just moderated is missing")?,
        );
        let entry = Audit {
            action: format!("claim.{action}"),
            target_type: "claim",
            target_id: claim_id,
            before,
            after,
            reason: why.clone(),
        };
        Ok(((), entry))
    })
    .await?;
    if action == ClaimAction::Edit {
        super::matching::match_quietly(state, None, &[claim_id]).await;
    }
    super::claims::get(state, actor, claim_id).await
}

/// Merges a duplicate into another claim of the same article: sources and votes move (a reviewer
/// who voted on both keeps the vote on `into`), citations follow their sources, both tallies are
/// counted again, and the duplicate is removed with `merged_into` set.
pub async fn merge_claim(
    state: &AppState,
    actor: &Actor,
    claim_id: i64,
    input: ClaimMerge,
) -> Result<ClaimView, AppError> {
    actor.require_admin()?;
    let why = reason(input.reason.as_deref(), true, "merge")?;
    let into = input.into;
    if into == claim_id {
        return Err(AppError::validation("into", "a claim cannot be merged into itself"));
    }
    if into <= 0 {
        return Err(AppError::validation("into", "into must be the id of another claim"));
    }
    let (by, _) = actor.audit_name();
    audited(&state.db, actor, async |tx, now| {
        // Always lock the lower id first, so two merges of the same pair cannot deadlock.
        let (dup, target) = if claim_id < into {
            let d = lock_claim(&mut *tx, claim_id, "id").await?;
            (d, lock_claim(&mut *tx, into, "into").await?)
        } else {
            let t = lock_claim(&mut *tx, into, "into").await?;
            (lock_claim(&mut *tx, claim_id, "id").await?, t)
        };
        if dup.article_id != target.article_id {
            return Err(AppError::validation("into", "both claims must be in the same article"));
        }
        if let Some(other) = dup.merged_into.filter(|_| dup.visibility == Visibility::Removed) {
            return Err(AppError::Conflict(format!("this claim was already merged into claim {other}")));
        }
        if dup.visibility == Visibility::Removed {
            return Err(AppError::Conflict("this claim is removed; restore it first".into()));
        }
        if target.visibility != Visibility::Visible || target.merged_into.is_some() {
            return Err(AppError::validation("into", "merge into a visible claim"));
        }
        let before = json!({ "claim": claim_state(&dup), "into": claim_state(&target) });
        let moved =
            fold_claim(&mut *tx, state, &dup, &target, by, now, &format!("merged into claim {into}: {why}"))
                .await?;
        let target_after = db::claims::by_id_in(&mut *tx, into)
            .await?
            .or_internal("a merge target just updated is missing")?;
        let after = json!({
            "merged_into": into,
            "moved_sources": moved.sources,
            "moved_votes": moved.votes,
            "dropped_duplicate_votes": moved.dropped_votes,
            "into": claim_state(&target_after),
        });
        let entry = Audit {
            action: "claim.merge".to_string(),
            target_type: "claim",
            target_id: claim_id,
            before,
            after,
            reason: why.clone(),
        };
        Ok(((), entry))
    })
    .await?;
    super::claims::get(state, actor, into).await
}

/// What folding one claim into another moved.
#[derive(Debug, Default, Clone, Copy)]
struct Folded {
    sources: u64,
    votes: u64,
    dropped_votes: u64,
}

/// Moves a duplicate claim's sources, votes and check requests to `into` (a reviewer who voted on
/// both, or a reader who asked on both, keeps theirs on `into`), gives `into` the duplicate's
/// editorial verdict when it has none of its own, recounts both, and removes the duplicate pointing
/// to `into`, closing its open flags with `note`. Both claims are locked by the caller, which has
/// checked that `into` is visible.
async fn fold_claim(
    tx: &mut AnyConnection,
    state: &AppState,
    dup: &ClaimRow,
    target: &ClaimRow,
    by: Option<i64>,
    now: i64,
    note: &str,
) -> Result<Folded, AppError> {
    let (claim_id, into) = (dup.id, target.id);
    if dup.locked_verdict.is_some() && target.locked_verdict.is_none() {
        db::moderation::copy_editorial_lock(&mut *tx, claim_id, into).await?;
    }
    db::moderation::move_check_requests(&mut *tx, claim_id, into).await?;
    let same_url = db::moderation::same_url_sources(&mut *tx, claim_id, into).await?;
    let sources = db::moderation::move_sources(&mut *tx, claim_id, into).await?;
    db::moderation::move_vote_history(&mut *tx, claim_id, into).await?;
    let votes = db::moderation::move_votes(&mut *tx, claim_id, into).await?;
    let dropped_votes = db::moderation::drop_votes(&mut *tx, claim_id).await?;
    if !same_url.is_empty() {
        // Votes that came over cite the duplicate's copy of a URL the target already had.
        for (vote_id, json) in db::moderation::vote_citations(&mut *tx, into).await? {
            let ids: Vec<i64> = serde_json::from_str(&json).unwrap_or_default();
            let mut mapped: Vec<i64> = ids
                .iter()
                .map(|id| same_url.iter().find(|(from, _)| from == id).map(|(_, to)| *to).unwrap_or(*id))
                .collect();
            mapped.sort_unstable();
            mapped.dedup();
            if mapped != ids {
                let text = serde_json::to_string(&mapped).map_err(anyhow::Error::from)?;
                db::moderation::set_vote_citations(&mut *tx, vote_id, &text).await?;
            }
        }
    }
    let rule = &state.config.rule;
    let counted = db::claims::recount(&mut *tx, into).await?;
    if store_status(&mut *tx, rule, into, counted, by).await? {
        let (backend, earn) = (state.db.backend(), &state.config.earn);
        super::standing::after_settled(&mut *tx, backend, rule, earn, vec![into]).await?;
    }
    let emptied = db::claims::recount(&mut *tx, claim_id).await?;
    store_status(&mut *tx, rule, claim_id, emptied, by).await?;
    db::moderation::set_claim_visibility(&mut *tx, claim_id, Visibility::Removed, Some(into), now).await?;
    db::moderation::close_flags(&mut *tx, OpenFlags::On("claim", claim_id), "resolved", by, note, now)
        .await?;
    Ok(Folded { sources, votes, dropped_votes })
}

/// An admin's "this article is a copy of `into`". Each visible claim of the copy is merged into the
/// visible claim of `into` on the same text (as a claim merge does: votes, sources, check requests
/// and an editorial verdict the target lacks go over), or, when `into` holds its text without a
/// claim on it, moved there whole (same id, so its history, votes, sources, requests and matches
/// come along); claims whose text `into` lacks, and hidden ones, stay on the copy. The copy is
/// archived pointing to `into`. One transaction: an `article.merge` audit entry with the claims'
/// fates, and a `claim.merge` or `claim.move` entry per claim, as the claims' reviewers see them.
/// With `dry_run` the same merge runs and is rolled back: the report says what it would do (no
/// reason needed, nothing written, no audit entry).
pub async fn merge_article(
    state: &AppState,
    actor: &Actor,
    article_id: i64,
    input: ArticleMerge,
) -> Result<ArticleMergeReport, AppError> {
    actor.require_admin()?;
    let why = reason(input.reason.as_deref(), !input.dry_run, "merge")?;
    let into = input.into;
    if into <= 0 {
        return Err(AppError::validation("into", "into must be the id of another article"));
    }
    if into == article_id {
        return Err(AppError::validation("into", "an article cannot be merged into itself"));
    }
    let (by, _) = actor.audit_name();
    let backend = state.db.backend();
    let merge = async |tx: &mut AnyConnection, now: i64| {
        // The lower id first, so two merges of the same pair cannot deadlock.
        let lock = async |tx: &mut AnyConnection, id: i64| db::moderation::lock_article(tx, id).await;
        let (copy, target) = if article_id < into {
            let c = lock(&mut *tx, article_id).await?;
            (c, lock(&mut *tx, into).await?)
        } else {
            let t = lock(&mut *tx, into).await?;
            (lock(&mut *tx, article_id).await?, t)
        };
        let copy = copy.ok_or_else(|| AppError::NotFound("no such article".into()))?;
        let target =
            target.ok_or_else(|| AppError::validation("into", format!("there is no article {into}")))?;
        if let Some(other) = copy.merged_into {
            return Err(AppError::Conflict(format!("this article was already merged into article {other}")));
        }
        if copy.locked != 0 {
            return Err(AppError::Conflict(
                "this article is locked by moderators; unlock it before merging it".into(),
            ));
        }
        if let Some(next) = target.merged_into {
            return Err(AppError::validation(
                "into",
                format!("article {into} was itself merged into article {next}; merge into that one"),
            ));
        }
        if target.archived != 0 || target.locked != 0 {
            return Err(AppError::validation(
                "into",
                format!(
                    "article {into} is locked or archived; merge into an article that is open for review"
                ),
            ));
        }
        // Every claim of both articles, in id order (the order a claim merge locks its two in, so
        // neither can wait on the other in a circle); nothing read below changes until the end.
        db::moderation::lock_claims_of(&mut *tx, backend, &[article_id, into]).await?;
        let mut report = ArticleMergeReport {
            id: article_id,
            into: ArticleLink { id: into, title: target.title.clone() },
            dry_run: input.dry_run,
            ..Default::default()
        };
        let mut fates = Vec::new();
        let mut targets = db::moderation::visible_claim_quotes(&mut *tx, into).await?;
        // Where the target's claims are, whatever their visibility: a claim moves only to free text.
        let mut taken = db::moderation::claim_spans(&mut *tx, into).await?;
        for (claim_id, exact) in db::moderation::visible_claim_quotes(&mut *tx, article_id).await? {
            let dup = lock_claim(&mut *tx, claim_id, "id").await?;
            if let Some((target_id, _)) = targets.iter().find(|(_, e)| *e == exact) {
                let target_id = *target_id;
                let target_claim = lock_claim(&mut *tx, target_id, "into").await?;
                let before = json!({ "claim": claim_state(&dup), "into": claim_state(&target_claim) });
                let note = format!("merged with its article into article {into}: {why}");
                let f = fold_claim(&mut *tx, state, &dup, &target_claim, by, now, &note).await?;
                report.merged_claims += 1;
                report.moved_votes += f.votes as i64;
                report.moved_sources += f.sources as i64;
                report.dropped_votes += f.dropped_votes as i64;
                fates.push(json!({ "claim": claim_id, "merged_into": target_id }));
                let entry = Audit {
                    action: "claim.merge".to_string(),
                    target_type: "claim",
                    target_id: claim_id,
                    before,
                    after: json!({
                        "merged_into": target_id,
                        "article": into,
                        "moved_sources": f.sources,
                        "moved_votes": f.votes,
                        "dropped_duplicate_votes": f.dropped_votes,
                    }),
                    reason: why.clone(),
                };
                audit(&mut *tx, actor, entry, now).await?;
                continue;
            }
            let Some((start, end)) = place_in(&target.body, &dup, &taken) else {
                report.kept_claims += 1;
                fates.push(json!({ "claim": claim_id, "kept": true }));
                continue;
            };
            move_claim(&mut *tx, &target.body, into, &dup, start, end).await?;
            taken.push((start as i64, end as i64));
            targets.push((claim_id, exact));
            report.moved_claims += 1;
            fates.push(json!({ "claim": claim_id, "moved_to": into }));
            let entry = Audit {
                action: "claim.move".to_string(),
                target_type: "claim",
                target_id: claim_id,
                before: json!({ "article": article_id, "start": dup.start_offset, "end": dup.end_offset }),
                after: json!({ "article": into, "start": start, "end": end }),
                reason: why.clone(),
            };
            audit(&mut *tx, actor, entry, now).await?;
        }
        // A copy shares its link or its text with the article it is a copy of; one that shares
        // neither (no claim merges or moves) is most likely a mistyped id, and a merge cannot be
        // undone. (Nothing is written: the transaction rolls back.)
        let same_link =
            copy.url_key.as_deref().is_some_and(|k| !k.is_empty() && target.url_key.as_deref() == Some(k));
        if report.merged_claims == 0 && report.moved_claims == 0 && !same_link {
            return Err(AppError::validation(
                "into",
                format!(
                    "article {into} has neither this article's link nor any of its claims' text, so nothing \
                     would merge or move: check the article id (a copy is merged into the article it repeats)"
                ),
            ));
        }
        // Hidden claims stay with the copy, as the moderators left them.
        for claim_id in db::moderation::hidden_claim_ids(&mut *tx, article_id).await? {
            report.kept_claims += 1;
            fates.push(json!({ "claim": claim_id, "kept": true, "hidden": true }));
        }
        db::moderation::set_merged_into(&mut *tx, article_id, into).await?;
        let entry = Audit {
            action: "article.merge".to_string(),
            target_type: "article",
            target_id: article_id,
            before: json!({ "locked": copy.locked != 0, "archived": copy.archived != 0 }),
            after: json!({
                "archived": true,
                "merged_into": into,
                "merged_claims": report.merged_claims,
                "moved_claims": report.moved_claims,
                "kept_claims": report.kept_claims,
                "moved_votes": report.moved_votes,
                "moved_sources": report.moved_sources,
                "dropped_duplicate_votes": report.dropped_votes,
                "claims": fates,
            }),
            reason: why.clone(),
        };
        Ok((report, entry))
    };
    if input.dry_run {
        rehearsed(&state.db, merge).await
    } else {
        audited(&state.db, actor, merge).await
    }
}

/// Where in `body` a claim of another copy goes: among the places that hold its text and that no
/// claim of the article covers exactly (a hidden or removed one there is the moderators' call),
/// the one whose surroundings best match the claim's own (its TextQuoteSelector's prefix and
/// suffix). As code point offsets; None when there is no such place.
fn place_in(body: &str, dup: &ClaimRow, taken: &[(i64, i64)]) -> Option<(usize, usize)> {
    let exact = dup.quote_exact.as_str();
    if exact.is_empty() {
        return None;
    }
    let len = exact.chars().count();
    let mut best: Option<(usize, usize)> = None;
    let (mut chars_before, mut counted_to) = (0usize, 0usize);
    for (at, _) in body.match_indices(exact) {
        chars_before += body[counted_to..at].chars().count();
        counted_to = at;
        let (start, end) = (chars_before, chars_before + len);
        if taken.contains(&(start as i64, end as i64)) {
            continue;
        }
        let before =
            body[..at].chars().rev().zip(dup.quote_prefix.chars().rev()).take_while(|(a, b)| a == b).count();
        let after = body[at + exact.len()..]
            .chars()
            .zip(dup.quote_suffix.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let fit = before + after;
        if best.is_none_or(|(_, f)| fit > f) {
            best = Some((start, fit));
        }
    }
    best.map(|(start, _)| (start, start + len))
}

/// Re-homes a claim of the copy in `into`'s text at `start..end` (code points): the same row, so
/// everything that refers to it comes along; its fact spans move with the text.
async fn move_claim(
    tx: &mut AnyConnection,
    body: &str,
    into: i64,
    dup: &ClaimRow,
    start: usize,
    end: usize,
) -> Result<(), AppError> {
    let quote = super::claims::quote_for(body, start, end).or_internal("a found quote is out of its body")?;
    let shift = start as i64 - dup.start_offset;
    let facts: Vec<crate::extract::Fact> = serde_json::from_str(&dup.facts).unwrap_or_default();
    let moved: Vec<crate::extract::Fact> = facts
        .into_iter()
        .filter_map(|f| {
            let (s, e) = (f.start as i64 + shift, f.end as i64 + shift);
            let inside = s >= start as i64 && e <= end as i64;
            inside.then_some(crate::extract::Fact { start: s as usize, end: e as usize, text: f.text })
        })
        .collect();
    let facts_json = serde_json::to_string(&moved).map_err(anyhow::Error::from)?;
    db::moderation::move_claim(&mut *tx, dup.id, into, (start as i64, end as i64), &quote, &facts_json)
        .await?;
    Ok(())
}

/// hide | restore | remove, on one source.
pub async fn moderate_source(
    state: &AppState,
    actor: &Actor,
    source_id: i64,
    input: SourceModeration,
) -> Result<SourceView, AppError> {
    actor.require_admin()?;
    let action = input.action;
    let why = reason(input.reason.as_deref(), action != SourceAction::Restore, action.as_str())?;
    let (by, _) = actor.audit_name();
    audited(&state.db, actor, async |tx, now| {
        let Some((claim_id, visibility, _)) = db::moderation::source_gate(&mut *tx, source_id).await? else {
            return Err(AppError::NotFound("no such source".into()));
        };
        db::claims::lock_for_update(&mut *tx, claim_id).await?;
        let to = match action {
            SourceAction::Hide => Visibility::Hidden,
            SourceAction::Remove => Visibility::Removed,
            SourceAction::Restore => Visibility::Visible,
        };
        if visibility == to {
            return Err(AppError::Conflict(format!("the source is already {to}")));
        }
        db::moderation::set_source_visibility(&mut *tx, source_id, to).await?;
        if to != Visibility::Visible {
            let note = format!("{to}: {why}");
            db::moderation::close_flags(
                &mut *tx,
                OpenFlags::On("source", source_id),
                "resolved",
                by,
                &note,
                now,
            )
            .await?;
        }
        let entry = Audit {
            action: format!("source.{action}"),
            target_type: "source",
            target_id: source_id,
            before: json!({ "visibility": visibility, "claim_id": claim_id }),
            after: json!({ "visibility": to, "claim_id": claim_id }),
            reason: why.clone(),
        };
        Ok(((), entry))
    })
    .await?;
    let row = db::reviews::source_by_id(state.db.pool(), source_id)
        .await?
        .or_internal("a source just moderated is missing")?;
    Ok(source_view(row))
}

/// lock | unlock | archive | unarchive, on one article.
pub async fn moderate_article(
    state: &AppState,
    actor: &Actor,
    article_id: i64,
    input: ArticleModeration,
) -> Result<ArticleView, AppError> {
    actor.require_admin()?;
    let action = input.action;
    let why = reason(
        input.reason.as_deref(),
        matches!(action, ArticleAction::Lock | ArticleAction::Archive),
        action.as_str(),
    )?;
    audited(&state.db, actor, async |tx, _| {
        let Some(article) = db::moderation::lock_article(&mut *tx, article_id).await? else {
            return Err(AppError::NotFound("no such article".into()));
        };
        if let Some(into) = article.merged_into {
            return Err(AppError::Conflict(format!(
                "this article was merged into article {into}; its review goes on there, and it stays archived as it is"
            )));
        }
        let (locked, archived) = (article.locked != 0, article.archived != 0);
        let (new_locked, new_archived) = match action {
            ArticleAction::Lock if locked => {
                return Err(AppError::Conflict("the article is already locked".into()))
            }
            ArticleAction::Unlock if !locked => {
                return Err(AppError::Conflict("the article is not locked".into()))
            }
            ArticleAction::Archive if archived => {
                return Err(AppError::Conflict("the article is already archived".into()))
            }
            ArticleAction::Unarchive if !archived => {
                return Err(AppError::Conflict("the article is not archived".into()))
            }
            ArticleAction::Lock => (true, archived),
            ArticleAction::Unlock => (false, archived),
            ArticleAction::Archive => (locked, true),
            ArticleAction::Unarchive => (locked, false),
        };
        db::moderation::set_article_state(&mut *tx, article_id, new_locked, new_archived).await?;
        let entry = Audit {
            action: format!("article.{action}"),
            target_type: "article",
            target_id: article_id,
            before: json!({ "locked": locked, "archived": archived }),
            after: json!({ "locked": new_locked, "archived": new_archived }),
            reason: why.clone(),
        };
        Ok(((), entry))
    })
    .await?;
    super::articles::get(state, actor, article_id).await
}

/// Checks a flag decision: (action, the flag state it leads to, note).
fn flag_decision(
    actor: &Actor,
    input: &FlagDecision,
) -> Result<(&'static str, &'static str, String), AppError> {
    actor.require_admin()?;
    let action = input.action;
    let note = reason(input.note.as_deref(), false, action.as_str())?;
    Ok((action.as_str(), if action == FlagAction::Resolve { "resolved" } else { "dismissed" }, note))
}

/// Resolves (acted on) or dismisses (no action needed) one open flag.
pub async fn decide_flag(
    state: &AppState,
    actor: &Actor,
    flag_id: i64,
    input: FlagDecision,
) -> Result<FlagView, AppError> {
    let (action, to, note) = flag_decision(actor, &input)?;
    let (by, _) = actor.audit_name();
    audited(&state.db, actor, async |tx, now| {
        let Some((target_type, target_id, current)) = db::moderation::flag_by_id(&mut *tx, flag_id).await?
        else {
            return Err(AppError::NotFound("no such flag".into()));
        };
        if current != "open" {
            return Err(AppError::Conflict(format!("the flag is already {current}")));
        }
        db::moderation::close_flags(&mut *tx, OpenFlags::Id(flag_id), to, by, &note, now).await?;
        let target = json!({ "target_type": target_type, "target_id": target_id });
        let entry = Audit {
            action: format!("flag.{action}"),
            target_type: "flag",
            target_id: flag_id,
            before: json!({ "state": "open", "target": target }),
            after: json!({ "state": to, "target": target }),
            reason: note.clone(),
        };
        Ok(((), entry))
    })
    .await?;
    let row = db::reviews::flag_by_id(state.db.pool(), flag_id)
        .await?
        .or_internal("a flag just resolved is missing")?;
    Ok(row)
}

/// Resolves or dismisses every open flag on one claim or source (the queue's buttons).
pub async fn decide_flags_on(
    state: &AppState,
    actor: &Actor,
    target_type: &str,
    target_id: i64,
    input: FlagDecision,
) -> Result<u64, AppError> {
    let (action, to, note) = flag_decision(actor, &input)?;
    let target_type = validate::one_of("target_type", target_type, &["claim", "source"])?;
    let (by, _) = actor.audit_name();
    let closed = audited(&state.db, actor, async |tx, now| {
        let closed =
            db::moderation::close_flags(&mut *tx, OpenFlags::On(target_type, target_id), to, by, &note, now)
                .await?;
        if closed == 0 {
            return Err(AppError::Conflict(format!("this {target_type} has no open flags")));
        }
        let entry = Audit {
            action: format!("flag.{action}"),
            target_type,
            target_id,
            before: json!({ "open_flags": closed }),
            after: json!({ "open_flags": 0, "state": to }),
            reason: note.clone(),
        };
        Ok((closed, entry))
    })
    .await?;
    Ok(closed)
}

/// Flagged items (with reasons and counts), new manual claims and contested claims; oldest first.
pub async fn queue(state: &AppState, actor: &Actor) -> Result<ModerationQueue, AppError> {
    actor.require_admin()?;
    let pool = state.db.pool();
    let mut flagged: Vec<FlaggedItem> = Vec::new();
    for f in db::moderation::open_flags(pool, 2_000).await? {
        let flag = QueueFlag {
            id: f.id,
            reason: f.reason,
            details: f.details,
            by: f.username,
            at: rfc3339(f.created_at),
        };
        if let Some(item) =
            flagged.iter_mut().find(|i| i.target_type == f.target_type && i.target_id == f.target_id)
        {
            match item.reasons.iter_mut().find(|r| r.reason == f.reason) {
                Some(r) => r.count += 1,
                None => item.reasons.push(ReasonCount { reason: f.reason, count: 1 }),
            }
            item.flags.push(flag);
            continue;
        }
        if flagged.len() as i64 >= QUEUE_LIMIT {
            continue;
        }
        flagged.push(FlaggedItem {
            target_type: f.target_type,
            target_id: f.target_id,
            claim_id: f.claim_id.unwrap_or_default(),
            article_id: f.article_id.unwrap_or_default(),
            article_title: f.article_title.unwrap_or_default(),
            label: f.label.unwrap_or_default(),
            visibility: f.visibility.unwrap_or(Visibility::Visible),
            reasons: vec![ReasonCount { reason: f.reason, count: 1 }],
            first_flagged_at: flag.at.clone(),
            flags: vec![flag],
        });
    }
    for item in &mut flagged {
        item.reasons
            .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.reason.as_str().cmp(b.reason.as_str())));
    }
    let rule = &state.config.rule;
    let to_view = |r: db::moderation::QueueClaimRow| {
        let tally = Tally {
            verified: r.verified_count,
            disputed: r.disputed_count,
            not_a_claim: r.not_a_claim_count,
        };
        QueueClaim {
            claim_id: r.id,
            article_id: r.article_id,
            article_title: r.article_title,
            statement: r.statement,
            status: Status::parse(&r.status).unwrap_or_else(|| crate::consensus::evaluate(tally, rule).0),
            tally,
            created_by: r.created_by,
            created_at: rfc3339(r.created_at),
        }
    };
    let manual =
        db::moderation::new_manual_claims(pool, QUEUE_LIMIT).await?.into_iter().map(to_view).collect();
    let contested =
        db::moderation::contested_claims(pool, QUEUE_LIMIT).await?.into_iter().map(to_view).collect();
    let brigades = super::brigades::signals(&state.db).await?;
    Ok(ModerationQueue { flagged, manual, contested, brigades })
}

fn audit_entry(r: db::moderation::AuditRow) -> AuditEntry {
    AuditEntry {
        id: r.id,
        actor_id: r.actor_id,
        actor: r.actor_name,
        action: r.action,
        target_type: r.target_type,
        target_id: r.target_id,
        before: serde_json::from_str(&r.before).unwrap_or(Value::Null),
        after: serde_json::from_str(&r.after).unwrap_or(Value::Null),
        reason: r.reason,
        at: rfc3339(r.created_at),
    }
}

struct AuditFilterOwned {
    action: String,
    actor: String,
    target_type: String,
    target_id: i64,
}

fn audit_filter(q: &AuditQuery) -> Result<AuditFilterOwned, AppError> {
    let clean = |field: &str, v: &Option<String>| -> Result<String, AppError> {
        Ok(validate::text(field, v.as_deref(), 100, false)?.unwrap_or_default())
    };
    let target_type = clean("target_type", &q.target_type)?;
    if !target_type.is_empty()
        && !["claim", "source", "article", "user", "flag", "invitation"].contains(&target_type.as_str())
    {
        return Err(AppError::validation(
            "target_type",
            "target_type must be one of: claim, source, article, user, flag, invitation",
        ));
    }
    let target_id = q.target_id.unwrap_or(0);
    if target_id < 0 {
        return Err(AppError::validation("target_id", "target_id must be a positive whole number"));
    }
    Ok(AuditFilterOwned {
        action: clean("action", &q.action)?,
        actor: clean("actor", &q.actor)?,
        target_type,
        target_id,
    })
}

/// The audit log, newest first, filtered; admins only.
pub async fn audit_log(
    state: &AppState,
    actor: &Actor,
    q: &AuditQuery,
) -> Result<Page<AuditEntry>, AppError> {
    actor.require_admin()?;
    let f = audit_filter(q)?;
    let filter = db::moderation::AuditFilter {
        action: &f.action,
        actor: &f.actor,
        target_type: &f.target_type,
        target_id: f.target_id,
    };
    let page = q.page.unwrap_or(1).clamp(1, 1_000_000);
    let pool = state.db.pool();
    let total = db::moderation::count_audit(pool, &filter).await?;
    let offset = i64::from(page - 1) * i64::from(AUDIT_PER_PAGE);
    let items = db::moderation::audit(pool, &filter, i64::from(AUDIT_PER_PAGE), offset)
        .await?
        .into_iter()
        .map(audit_entry)
        .collect();
    Ok(Page { items, page, per_page: AUDIT_PER_PAGE, total })
}

/// The filtered audit log as CSV (newest first, at most `AUDIT_CSV_MAX` rows); admins only.
pub async fn audit_csv(state: &AppState, actor: &Actor, q: &AuditQuery) -> Result<Vec<u8>, AppError> {
    actor.require_admin()?;
    let f = audit_filter(q)?;
    let filter = db::moderation::AuditFilter {
        action: &f.action,
        actor: &f.actor,
        target_type: &f.target_type,
        target_id: f.target_id,
    };
    let rows: Vec<AuditEntry> = db::moderation::audit(state.db.pool(), &filter, AUDIT_CSV_MAX, 0)
        .await?
        .into_iter()
        .map(audit_entry)
        .collect();
    Ok(crate::server::export::audit_csv(&rows).map_err(anyhow::Error::from)?)
}

// --- accounts ---------------------------------------------------------------------------------

pub(crate) fn user_view(r: db::moderation::UserAdminRow) -> UserAdminView {
    UserAdminView {
        id: r.id,
        username: r.username,
        role: Role::parse(&r.role).unwrap_or(Role::Reviewer),
        disabled: r.disabled != 0,
        votes_excluded: r.votes_excluded != 0,
        vote_count: r.vote_count,
        created_at: rfc3339(r.created_at),
        standing: r.standing,
    }
}

/// Accounts in name order, optionally only those whose name contains `q`; admins only.
pub async fn users(
    state: &AppState,
    actor: &Actor,
    q: Option<&str>,
    page: Option<u32>,
) -> Result<Page<UserAdminView>, AppError> {
    actor.require_admin()?;
    let like = validate::like_pattern(&validate::text("q", q, 100, false)?.unwrap_or_default());
    let page = page.unwrap_or(1).clamp(1, 100_000);
    let pool = state.db.pool();
    let total = db::moderation::count_users(pool, &like).await?;
    let offset = i64::from(page - 1) * i64::from(USERS_PER_PAGE);
    let items = db::moderation::users(pool, &like, i64::from(USERS_PER_PAGE), offset)
        .await?
        .into_iter()
        .map(user_view)
        .collect();
    Ok(Page { items, page, per_page: USERS_PER_PAGE, total })
}

/// Locks the account's row for the transaction (PostgreSQL) and reads it; 404 when it does not
/// exist.
pub(crate) async fn lock_user(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<db::moderation::UserAdminRow, AppError> {
    db::moderation::lock_user_row(conn, id).await?;
    db::moderation::user(conn, id).await?.ok_or_else(|| AppError::NotFound("no such user".into()))
}

/// Counts every claim the account voted on again (after its votes were excluded or included).
async fn recount_votes_of(conn: &mut AnyConnection, rule: &Rule, user_id: i64) -> Result<(), AppError> {
    let backend = db::Backend::of(conn);
    super::standing::recount_user_claims(conn, backend, rule, user_id, false).await?;
    Ok(())
}

/// Disables an account: its sessions end in the same transaction; its votes stay and, with
/// `exclude_votes`, stop counting toward consensus.
pub async fn disable_user(
    db: &Db,
    rule: &Rule,
    actor: &Actor,
    user_id: i64,
    input: UserDisable,
) -> Result<UserAdminView, AppError> {
    actor.require_admin()?;
    let why = reason(input.reason.as_deref(), true, "disable an account")?;
    if actor.user().map(|u| u.id) == Some(user_id) {
        return Err(AppError::validation("user", "you cannot disable your own account"));
    }
    let after = audited(db, actor, async |tx, _| {
    let before = lock_user(&mut *tx, user_id).await?;
    // Disabling again may add the exclusion, never lift it: an unticked box on a second disable
    // must not quietly count the votes again (enabling the account does that).
    let excluded = before.votes_excluded != 0;
    if before.disabled != 0 && (excluded || !input.exclude_votes) {
        let hint = if excluded { "; its votes stay excluded until it is enabled" } else { "" };
        return Err(AppError::Conflict(format!("the account is already disabled{hint}")));
    }
    db::users::set_disabled(&mut *tx, user_id, true).await?;
    db::users::sessions_delete_for_user(&mut *tx, user_id).await?;
    if input.exclude_votes && !excluded {
        db::moderation::set_votes_excluded(&mut *tx, user_id, input.exclude_votes).await?;
        recount_votes_of(&mut *tx, rule, user_id).await?;
    }
    let after = lock_user(&mut *tx, user_id).await?;
    let entry = Audit {
            action: "user.disable".to_string(),
            target_type: "user",
            target_id: user_id,
            before: json!({ "username": before.username, "disabled": before.disabled != 0, "votes_excluded": before.votes_excluded != 0 }),
            after: json!({ "username": after.username, "disabled": true, "votes_excluded": after.votes_excluded != 0 }),
            reason: why.clone(),
        };
    Ok((after, entry))
    })
    .await?;
    Ok(user_view(after))
}

/// Lets a disabled account sign in again; excluded votes count again.
pub async fn enable_user(
    db: &Db,
    rule: &Rule,
    actor: &Actor,
    user_id: i64,
    input: UserEnable,
) -> Result<UserAdminView, AppError> {
    actor.require_admin()?;
    let why = reason(input.reason.as_deref(), false, "enable an account")?;
    let after = audited(db, actor, async |tx, _| {
    let before = lock_user(&mut *tx, user_id).await?;
    if before.disabled == 0 {
        return Err(AppError::Conflict("the account is not disabled".into()));
    }
    db::users::set_disabled(&mut *tx, user_id, false).await?;
    if before.votes_excluded != 0 {
        db::moderation::set_votes_excluded(&mut *tx, user_id, false).await?;
        recount_votes_of(&mut *tx, rule, user_id).await?;
    }
    let after = lock_user(&mut *tx, user_id).await?;
    let entry = Audit {
            action: "user.enable".to_string(),
            target_type: "user",
            target_id: user_id,
            before: json!({ "username": before.username, "disabled": true, "votes_excluded": before.votes_excluded != 0 }),
            after: json!({ "username": after.username, "disabled": false, "votes_excluded": false }),
            reason: why.clone(),
        };
    Ok((after, entry))
    })
    .await?;
    Ok(user_view(after))
}

/// Promotes to admin or demotes to reviewer. Admins cannot demote themselves (so the last admin
/// cannot lock everyone out by accident); the command line can.
pub async fn set_user_role(
    db: &Db,
    rule: &Rule,
    actor: &Actor,
    user_id: i64,
    input: UserRoleChange,
) -> Result<UserAdminView, AppError> {
    actor.require_admin()?;
    let role = Role::parse(input.role.trim())
        .ok_or_else(|| AppError::validation("role", "role must be one of: reviewer, admin"))?;
    let why = reason(input.reason.as_deref(), false, "change a role")?;
    if role == Role::Reviewer && actor.user().map(|u| u.id) == Some(user_id) {
        return Err(AppError::validation("role", "you cannot demote yourself; ask another admin"));
    }
    let after = audited(db, actor, async |tx, _| {
        let before = lock_user(&mut *tx, user_id).await?;
        if before.role == role.as_str() {
            return Err(AppError::Conflict(format!(
                "the account is already {} {}",
                article(role),
                role.as_str()
            )));
        }
        db::users::set_role(&mut *tx, user_id, role.as_str()).await?;
        // Admins are always trusted: a new account made admin counts from now on.
        if role == Role::Admin && before.standing != Standing::Trusted {
            db::standing::set_standing(&mut *tx, user_id, Standing::Trusted).await?;
            recount_votes_of(&mut *tx, rule, user_id).await?;
        }
        let after = lock_user(&mut *tx, user_id).await?;
        let entry = Audit {
            action: (if role == Role::Admin { "user.promote" } else { "user.demote" }).to_string(),
            target_type: "user",
            target_id: user_id,
            before: json!({ "username": before.username, "role": before.role, "standing": before.standing }),
            after: json!({ "username": after.username, "role": after.role, "standing": after.standing }),
            reason: why.clone(),
        };
        Ok((after, entry))
    })
    .await?;
    Ok(user_view(after))
}

fn article(role: Role) -> &'static str {
    match role {
        Role::Admin => "an",
        Role::Reviewer => "a",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_required_only_where_the_action_needs_one() {
        assert!(
            matches!(reason(None, true, "hide"), Err(AppError::Validation { field, .. }) if field == "reason")
        );
        assert!(reason(Some("   "), true, "hide").is_err());
        assert_eq!(reason(None, false, "restore").unwrap(), "");
        assert_eq!(reason(Some(" spam "), true, "hide").unwrap(), "spam");
    }

    #[test]
    fn an_overlong_reason_is_refused() {
        assert!(reason(Some(&"x".repeat(1_001)), true, "hide").is_err());
    }
}
