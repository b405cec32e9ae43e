//! "Previously checked": importing fact-checks into the library, matching claims against it (and
//! against claims of other articles), the reviewers' confirm/dismiss, and the public library list.

use crate::error::{AppError, OrInternal};
use crate::extract::Fact;
use crate::matching::{self, import};
use crate::model::{FactCheckView, HistoryEntry, ImportReport, MatchDecision, MatchView, Page};
use crate::server::auth::Actor;
use crate::server::db::{self, factchecks::MatchRow, Db};
use crate::server::export::{CheckedByClaim, ExportPrevious};
use crate::server::matching_index::{claim_key, Built, LibraryIndex};
use crate::server::state::AppState;
use crate::server::time::{now_millis, rfc3339};
use crate::values::Visibility;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Matches kept per claim.
pub const MAX_MATCHES: usize = 5;
/// Closeness (0..1) a candidate needs to be proposed.
pub const MIN_CLOSENESS: f32 = 0.25;
pub const PER_PAGE: u32 = 20;

/// Parses a fact-check file and stores it whole, or refuses it whole with every bad row's line.
pub async fn import_text(
    db: &Db,
    library: &LibraryIndex,
    text: &str,
    format: Option<&str>,
    publisher: Option<&str>,
) -> Result<ImportReport, AppError> {
    let format = match format.map(str::trim).filter(|f| !f.is_empty()) {
        Some(f) => import::Format::parse(f)
            .ok_or_else(|| AppError::validation("format", "format must be one of: claimreview, tsv"))?,
        None => import::Format::sniff(text),
    };
    if text.contains('\0') {
        return Err(AppError::validation("file", "the file contains NUL characters; upload a text file"));
    }
    if text.trim().is_empty() {
        return Err(AppError::validation(
            "file",
            "the file is empty; paste or upload the fact-checks to import",
        ));
    }
    let rows = import::parse(text, format, publisher).map_err(|errors| {
        let shown: Vec<String> = errors.iter().take(50).map(ToString::to_string).collect();
        let more = errors.len().saturating_sub(50);
        let tail = if more > 0 { format!("; and {more} more") } else { String::new() };
        AppError::validation(
            "file",
            format!("{} bad row(s), nothing was imported: {}{tail}", errors.len(), shown.join("; ")),
        )
    })?;
    let stamp = now_millis();
    let mut tx = db.begin_write().await?;
    let before = db::factchecks::count_conn(&mut tx).await?;
    db::factchecks::upsert(&mut tx, &rows, stamp).await?;
    let after = db::factchecks::count_conn(&mut tx).await?;
    tx.commit().await?;
    let added = (after - before).max(0) as u64;
    // The entries are stored whatever happens next; a failed re-match is logged, not reported as a
    // failed import.
    let rematched = match rematch_after_import(db, library, stamp).await {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "re-matching claims after an import failed");
            0
        }
    };
    Ok(ImportReport { rows: rows.len() as u64, added, updated: rows.len() as u64 - added, rematched })
}

/// The admin upload.
pub async fn import(
    state: &AppState,
    actor: &Actor,
    text: &str,
    format: Option<&str>,
    publisher: Option<&str>,
) -> Result<ImportReport, AppError> {
    actor.require_admin()?;
    if let Some(p) = publisher {
        if p.chars().count() > 200 {
            return Err(AppError::validation("publisher", "publisher must be at most 200 characters"));
        }
    }
    import_text(&state.db, &state.library, text, format, publisher).await
}

/// The figures of a claim: those of its facts, or of its statement when it has none.
fn claim_figures(statement: &str, facts_json: &str) -> Vec<String> {
    let facts: Vec<Fact> = serde_json::from_str(facts_json).unwrap_or_default();
    let mut out: Vec<String> = facts.iter().flat_map(|f| matching::numbers(&f.text)).collect();
    if out.is_empty() {
        out = matching::numbers(statement);
    }
    out.sort();
    out.dedup();
    out
}

/// A claim to match: (claim id, article id, statement, facts JSON).
type ToMatch = (i64, i64, String, String);

/// The candidates kept for one claim: the best entries of the library and claims of other articles
/// that are close enough, at most `MAX_MATCHES`.
fn candidates(b: &Built, (claim_id, article, statement, facts): &ToMatch) -> Vec<db::factchecks::NewMatch> {
    let ours = claim_figures(statement, facts);
    let own = claim_key(*claim_id);
    let hits = b.index.search_filtered(statement, MAX_MATCHES * 2, |key| {
        key != own && (key > 0 || b.claim_article.get(&-key) != Some(article))
    });
    hits.into_iter()
        .filter(|h| h.closeness >= MIN_CLOSENESS)
        .take(MAX_MATCHES)
        .map(|h| db::factchecks::NewMatch {
            claim_id: *claim_id,
            factcheck_id: (h.key > 0).then_some(h.key),
            other_claim_id: (h.key < 0).then_some(-h.key),
            score: f64::from((h.closeness * 1000.0).round() / 1000.0),
            figures: matching::figures(&ours, b.index.figures_of(h.doc)).as_str(),
        })
        .collect()
}

/// Matches an article's claims (or the given claims) against the library and the claims of other
/// articles, replacing their undecided proposals. Decided matches stay as reviewers left them.
pub async fn match_claims(state: &AppState, article_id: Option<i64>, ids: &[i64]) -> Result<(), AppError> {
    match_claims_in(&state.db, &state.library, article_id, ids).await
}

async fn match_claims_in(
    db: &Db,
    library: &LibraryIndex,
    article_id: Option<i64>,
    ids: &[i64],
) -> Result<(), AppError> {
    let claims = db::factchecks::claims_to_match(db.pool(), article_id, ids).await?;
    if claims.is_empty() {
        return Ok(());
    }
    let built = library.fresh(db).await?;
    let found = tokio::task::spawn_blocking(move || {
        let guard = built.read().map_err(|_| anyhow::anyhow!("index lock poisoned"))?;
        let Some(b) = guard.as_ref() else { return Ok(Vec::new()) };
        Ok::<_, anyhow::Error>(claims.iter().flat_map(|c| candidates(b, c)).collect::<Vec<_>>())
    })
    .await
    .map_err(|e| anyhow::anyhow!("matching task failed: {e}"))??;
    let matched: Vec<i64> = {
        let mut v: Vec<i64> = found.iter().map(|m| m.claim_id).collect();
        v.dedup();
        v
    };
    let now = now_millis();
    let mut tx = db.begin_write().await?;
    for id in ids.iter().chain(matched.iter()) {
        db::factchecks::clear_proposed(&mut tx, *id).await?;
    }
    for m in &found {
        db::factchecks::insert_match(&mut tx, m, now).await?;
        // The other claim learns of this one too ("also in").
        if let Some(other) = m.other_claim_id {
            let back = db::factchecks::NewMatch {
                claim_id: other,
                factcheck_id: None,
                other_claim_id: Some(m.claim_id),
                score: m.score,
                figures: m.figures,
            };
            db::factchecks::insert_match(&mut tx, &back, now).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Claims read and matched per step of `rematch_after_import` (one write transaction each).
const REMATCH_BATCH: i64 = 500;

/// After an import stamped `since`: the visible claims without a verdict are matched again, so
/// the new or changed library entries reach claims submitted before them. Only claims sharing a
/// word with a changed entry are searched, and only those whose kept candidates include a changed
/// entry are rewritten (their undecided library proposals replaced; decided ones and matches to
/// other claims stay). Runs in batches of `REMATCH_BATCH` claims, each its own short write
/// transaction, so the cost is one index search per claim that shares a word and the database
/// is never held for long. Returns how many claims got new proposals.
pub async fn rematch_after_import(db: &Db, library: &LibraryIndex, since: i64) -> Result<u64, AppError> {
    let changed = db::factchecks::changed_since(db.pool(), since).await?;
    if changed.is_empty() {
        return Ok(0);
    }
    let built = library.fresh(db).await?;
    // The words of the changed entries, to skip claims that cannot meet them.
    let words: Arc<HashSet<String>> = {
        let changed: HashSet<i64> = changed.iter().copied().collect();
        let b = Arc::clone(&built);
        Arc::new(
            tokio::task::spawn_blocking(move || {
                let guard = b.read().map_err(|_| anyhow::anyhow!("index lock poisoned"))?;
                Ok::<_, anyhow::Error>(
                    guard.as_ref().map(|b| b.index.terms_of_keys(&changed)).unwrap_or_default(),
                )
            })
            .await
            .map_err(|e| anyhow::anyhow!("matching task failed: {e}"))??,
        )
    };
    let changed: Arc<HashSet<i64>> = Arc::new(changed.into_iter().collect());
    let mut after = 0;
    let mut rematched = 0;
    loop {
        let claims = db::factchecks::unsettled_claims_after(db.pool(), after, REMATCH_BATCH).await?;
        let Some(last) = claims.last() else { break };
        after = last.0;
        let full = claims.len() as i64 == REMATCH_BATCH;
        let (b, words, changed) = (Arc::clone(&built), Arc::clone(&words), Arc::clone(&changed));
        let found = tokio::task::spawn_blocking(move || {
            let guard = b.read().map_err(|_| anyhow::anyhow!("index lock poisoned"))?;
            let Some(b) = guard.as_ref() else { return Ok(Vec::new()) };
            let mut out = Vec::new();
            for c in &claims {
                if !matching::tokens(&c.2).iter().any(|t| words.contains(t)) {
                    continue;
                }
                let kept: Vec<_> =
                    candidates(b, c).into_iter().filter(|m| m.factcheck_id.is_some()).collect();
                if kept.iter().any(|m| m.factcheck_id.is_some_and(|id| changed.contains(&id))) {
                    out.push((c.0, kept));
                }
            }
            Ok::<_, anyhow::Error>(out)
        })
        .await
        .map_err(|e| anyhow::anyhow!("matching task failed: {e}"))??;
        if !found.is_empty() {
            let now = now_millis();
            let mut tx = db.begin_write().await?;
            for (claim_id, kept) in &found {
                db::factchecks::clear_proposed_factchecks(&mut tx, *claim_id).await?;
                for m in kept {
                    db::factchecks::insert_match(&mut tx, m, now).await?;
                }
            }
            tx.commit().await?;
            rematched += found.len() as u64;
        }
        if !full {
            break;
        }
    }
    Ok(rematched)
}

/// Runs matching after a change and logs a failure instead of failing the change itself.
pub async fn match_quietly(state: &AppState, article_id: Option<i64>, ids: &[i64]) {
    if let Err(e) = match_claims(state, article_id, ids).await {
        tracing::warn!(error = %e, "matching claims against the fact-check library failed");
    }
}

fn day(millis: i64) -> String {
    rfc3339(millis).chars().take(10).collect()
}

fn match_view(state: &AppState, r: MatchRow) -> MatchView {
    let site = state.config.public_url.trim_end_matches('/');
    match r.other_claim_id {
        Some(other) => MatchView {
            id: r.id,
            kind: "claim".into(),
            claim: r.claim.unwrap_or_default(),
            rating: r.other_status.unwrap_or_default(),
            publisher: state.config.org_name.clone(),
            url: Some(format!("{site}/claims/{other}")),
            date: r.other_created_at.map(day),
            score: r.score,
            figures: r.figures,
            state: r.state,
            article_id: r.other_article_id,
            article_title: r.other_article_title,
        },
        None => MatchView {
            id: r.id,
            kind: "factcheck".into(),
            claim: r.claim.unwrap_or_default(),
            rating: r.rating.unwrap_or_default(),
            publisher: r.publisher.unwrap_or_default(),
            url: r.url,
            date: r.date,
            score: r.score,
            figures: r.figures,
            state: r.state,
            article_id: None,
            article_title: None,
        },
    }
}

/// A claim's matches as the panel shows them, and their decisions as history lines. Claims of
/// ours that moderators took out of view are left out.
pub async fn for_claim(
    state: &AppState,
    claim_id: i64,
) -> Result<(Vec<MatchView>, Vec<(i64, HistoryEntry)>), AppError> {
    let rows = db::factchecks::for_claim(state.db.pool(), claim_id).await?;
    let mut history = Vec::new();
    let mut views = Vec::new();
    for r in rows {
        if r.other_claim_id.is_some() && r.other_visibility != Some(Visibility::Visible) {
            continue;
        }
        if let (Some(at), Some(name)) = (r.decided_at, r.decided_by_name.clone()) {
            let action = if r.state == "confirmed" { "match_confirmed" } else { "match_dismissed" };
            let what = r.claim.clone().unwrap_or_default();
            let by = r.publisher.clone().unwrap_or_else(|| state.config.org_name.clone());
            history.push((
                at,
                HistoryEntry {
                    username: name,
                    action: action.into(),
                    detail: format!("{what} ({by})"),
                    at: rfc3339(at),
                },
            ));
        }
        views.push(match_view(state, r));
    }
    Ok((views, history))
}

/// A reviewer confirms ("same claim") or dismisses a proposed match; audited.
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    claim_id: i64,
    match_id: i64,
    input: MatchDecision,
) -> Result<MatchView, AppError> {
    let user = actor.require_reviewer()?;
    let new_state = match input.decision.as_str() {
        "confirm" => "confirmed",
        "dismiss" => "dismissed",
        _ => return Err(AppError::validation("decision", "decision must be one of: confirm, dismiss")),
    };
    super::claims::get(state, actor, claim_id).await?;
    // The match as the panel shows it, read once: checked here, answered below with its new state.
    let (views, _) = for_claim(state, claim_id).await?;
    let shown = views.into_iter().find(|m| m.id == match_id);
    if new_state == "confirmed" && shown.as_ref().is_some_and(|m| m.figures == "differ") {
        return Err(AppError::Conflict(
            "its key figures differ from this claim's: it is a related claim, not the same one; dismiss it instead"
                .into(),
        ));
    }
    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    let before = db::factchecks::decide(&mut tx, claim_id, match_id, new_state, user.id, now)
        .await?
        .ok_or_else(|| AppError::NotFound("this claim has no such match".into()))?;
    let (actor_id, actor_name) = actor.audit_name();
    db::moderation::insert_audit(
        &mut tx,
        &db::moderation::NewAudit {
            actor_id,
            actor_name: &actor_name,
            action: if new_state == "confirmed" { "match_confirmed" } else { "match_dismissed" },
            target_type: "claim",
            target_id: claim_id,
            before: &serde_json::json!({ "match": match_id, "state": before }).to_string(),
            after: &serde_json::json!({ "match": match_id, "state": new_state }).to_string(),
            reason: "",
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    let mut decided = shown.or_internal("a match just decided is not among its claim's matches")?;
    decided.state = new_state.to_string();
    Ok(decided)
}

/// The confirmed matches of an article's claims, by claim.
pub async fn checked_for_article(state: &AppState, article_id: i64) -> Result<CheckedByClaim, AppError> {
    let mut out = CheckedByClaim::new();
    for r in db::factchecks::confirmed_for_article(state.db.pool(), article_id).await? {
        if r.other_claim_id.is_some() && r.other_visibility != Some(Visibility::Visible) {
            continue;
        }
        let claim_id = r.claim_id;
        let v = match_view(state, r);
        out.entry(claim_id).or_default().push(ExportPrevious {
            claim: v.claim,
            rating: v.rating,
            publisher: v.publisher,
            url: v.url,
            date: v.date,
        });
    }
    Ok(out)
}

fn library_view(state: &AppState, r: db::factchecks::LibraryRow) -> FactCheckView {
    let site = state.config.public_url.trim_end_matches('/');
    let ours = r.kind == "claim";
    FactCheckView {
        id: r.id,
        url: if ours { Some(format!("{site}/claims/{}", r.id)) } else { r.url },
        date: if ours { Some(day(r.created_at)) } else { r.date },
        publisher: r.publisher.unwrap_or_else(|| state.config.org_name.clone()),
        kind: r.kind,
        claim: r.claim,
        title: r.title,
        rating: r.rating,
    }
}

/// The library, newest first; with `q`, the closest entries to `q` instead (imported fact-checks).
pub async fn library(
    state: &AppState,
    q: Option<&str>,
    page: Option<u32>,
) -> Result<Page<FactCheckView>, AppError> {
    let q = q.map(str::trim).unwrap_or("");
    if q.contains('\0') {
        return Err(AppError::validation("q", "search text must not contain NUL characters"));
    }
    if q.chars().count() > 500 {
        return Err(AppError::validation("q", "search text must be at most 500 characters"));
    }
    let page = page.unwrap_or(1).clamp(1, 100_000);
    let pool = state.db.pool();
    if q.is_empty() {
        let total = db::factchecks::library_count(pool).await?;
        let rows = db::factchecks::library_page(
            pool,
            i64::from(PER_PAGE),
            i64::from(page - 1) * i64::from(PER_PAGE),
        )
        .await?;
        let items = rows.into_iter().map(|r| library_view(state, r)).collect();
        return Ok(Page { items, page, per_page: PER_PAGE, total });
    }
    let built = state.library.fresh(&state.db).await?;
    let query = q.to_string();
    let ids: Vec<i64> = tokio::task::spawn_blocking(move || {
        let guard = built.read().map_err(|_| anyhow::anyhow!("index lock poisoned"))?;
        Ok::<_, anyhow::Error>(match guard.as_ref() {
            Some(b) => b
                .index
                .search_filtered(&query, PER_PAGE as usize, |k| k > 0)
                .into_iter()
                .filter(|h| h.closeness > 0.0)
                .map(|h| h.key)
                .collect(),
            None => Vec::new(),
        })
    })
    .await
    .map_err(|e| anyhow::anyhow!("search task failed: {e}"))??;
    let mut rows: HashMap<i64, db::factchecks::LibraryRow> =
        db::factchecks::factchecks_by_ids(pool, &ids).await?.into_iter().map(|r| (r.id, r)).collect();
    let items: Vec<FactCheckView> =
        ids.iter().filter_map(|id| rows.remove(id)).map(|r| library_view(state, r)).collect();
    let total = items.len() as i64;
    Ok(Page { items, page: 1, per_page: PER_PAGE, total })
}
