//! The crowd's daily loop: a reviewer's queue of claims that need their vote, readers' requests for
//! a check (which raise a claim in the queue), and what changed on a reviewer's claims since their
//! last visit to the activity page.

use super::claims::claim_view;
use crate::error::{AppError, OrInternal};
use crate::model::{Activity, ActivityItem, CheckRequests, LoopCounts, QueueItem, QueueQuery, ReviewQueue};
use crate::server::auth::Actor;
use crate::server::db::{self, queue::Asker, OnUnique, Unique};
use crate::server::state::AppState;
use crate::server::time::{now_millis, rfc3339};
use crate::values::Visibility;
use sha2::{Digest, Sha256};
use std::net::IpAddr;

pub const DEFAULT_QUEUE_LIMIT: u32 = 20;
pub const MAX_QUEUE_LIMIT: u32 = 100;
/// Events the activity page lists at most.
pub const ACTIVITY_LIMIT: i64 = 100;
/// The window of the per-address limit on check requests.
const REQUEST_WINDOW_MS: i64 = 3_600_000;

/// The claims that need `actor`'s vote, most useful first: one or two counted votes short of the
/// quorum, then contested, then asked about by readers (more requests first), then unreviewed
/// (newest article first, text order). Never: claims they voted on, hidden or removed claims,
/// claims with an editorial verdict, locked or archived articles.
pub async fn queue(state: &AppState, actor: &Actor, query: &QueueQuery) -> Result<ReviewQueue, AppError> {
    let user = actor.require_reviewer()?;
    let limit = query.limit.unwrap_or(DEFAULT_QUEUE_LIMIT);
    if !(1..=MAX_QUEUE_LIMIT).contains(&limit) {
        return Err(AppError::validation("limit", format!("limit must be between 1 and {MAX_QUEUE_LIMIT}")));
    }
    let pool = state.db.pool();
    let named = match query.article {
        None => None,
        Some(id) if id > 0 => {
            let Some(mut a) = db::articles::head(pool, id).await? else {
                return Err(AppError::NotFound("no such article".into()));
            };
            // A merged copy's review goes on in the article it was merged into (merges re-point
            // chains, so that one is no copy itself).
            if let Some(into) = a.merged_into {
                a = db::articles::head(pool, into)
                    .await?
                    .or_internal("a merged copy's article is missing")?;
            }
            Some(a)
        }
        Some(_) => return Err(AppError::validation("article", "article must be a positive article id")),
    };
    let article = named.as_ref().map(|a| a.id);
    let closed = named.as_ref().and_then(|a| {
        (a.archived != 0).then_some("archived").or((a.locked != 0).then_some("locked")).map(str::to_string)
    });
    let rule = &state.config.rule;
    let rows = db::queue::queue_page(pool, user.id, rule.quorum, article, i64::from(limit)).await?;
    let total = db::queue::queue_total(pool, user.id, article).await?;
    let items = rows
        .into_iter()
        .map(|r| QueueItem {
            claim: claim_view(r.claim, rule),
            article_title: r.article_title,
            reason: r.tier.reason().to_string(),
            requests: r.requests,
        })
        .collect();
    Ok(ReviewQueue {
        items,
        total,
        article: named.map(|a| crate::model::ArticleLink { id: a.id, title: a.title }),
        closed,
    })
}

/// What the header shows: claims waiting and unread activity (zeros for readers).
pub async fn counts(state: &AppState, actor: &Actor) -> Result<LoopCounts, AppError> {
    let Some(user) = actor.user() else { return Ok(LoopCounts::default()) };
    let pool = state.db.pool();
    let waiting = db::queue::queue_total(pool, user.id, None).await?;
    let seen = db::queue::seen_at(pool, user.id).await?;
    let unread = db::queue::events_after(pool, user.id, seen).await?;
    Ok(LoopCounts { waiting, unread })
}

// --- check requests -------------------------------------------------------------------------------

/// The SHA-256 (hex) of an anonymous browser's token: what is stored instead of the token.
pub fn browser_hash(token: &str) -> String {
    hex(&Sha256::digest(format!("claimcheck-asker:{token}").as_bytes()))
}

/// A client address as the per-address limit stores it (hashed, and forgotten after the window).
fn client_hash(ip: IpAddr) -> String {
    // IPv6 per /64, like every per-address limit (see `client_addr`).
    hex(&Sha256::digest(format!("claimcheck-requests:{}", crate::server::client_addr::key_of(ip)).as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A browser token as the `claimcheck_asker` cookie carries it: 32 hex digits; anything else is
/// ignored (and replaced).
pub fn valid_token(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A new random browser token (128 bits).
pub fn new_token() -> String {
    use rand::Rng;
    let bytes: [u8; 16] = rand::rng().random();
    hex(&bytes)
}

fn asker<'a>(actor: &Actor, hash: Option<&'a str>) -> Option<Asker<'a>> {
    match (actor.user(), hash) {
        (Some(u), _) => Some(Asker::User(u.id)),
        (None, Some(h)) => Some(Asker::Browser(h)),
        (None, None) => None,
    }
}

/// Why a claim takes no check requests, if it does not.
fn closed_reason(g: &db::queue::RequestGate) -> Option<&'static str> {
    if g.article_archived != 0 {
        Some("the article is archived; it is read-only")
    } else if g.article_locked != 0 {
        Some("the article is locked by moderators")
    } else if g.locked_verdict.is_some() || !matches!(g.status.as_str(), "unreviewed" | "pending") {
        Some("this claim already has a verdict; a check can be asked only for unreviewed or pending claims")
    } else {
        None
    }
}

/// "Ask for a check": any reader, signed in or not (then `browser_token` names the browser), once
/// per account or browser per claim; at most `CLAIMCHECK_LIMIT_CHECK_REQUESTS` an hour from one
/// client address.
pub async fn request_check(
    state: &AppState,
    actor: &Actor,
    claim_id: i64,
    ip: IpAddr,
    browser_token: Option<&str>,
) -> Result<CheckRequests, AppError> {
    let hash = browser_token.filter(|t| valid_token(t)).map(browser_hash);
    let Some(asker) = asker(actor, hash.as_deref()) else {
        return Err(AppError::validation("cookie", "enable cookies to ask for a check"));
    };
    let now = now_millis();
    let limit = i64::from(state.config.limit_check_requests);
    let client = client_hash(ip);
    if limit > 0 {
        let (n, oldest) =
            db::queue::throttle_count(state.db.pool(), &client, now - REQUEST_WINDOW_MS).await?;
        if n >= limit {
            let retry_ms =
                oldest.map(|o| o + REQUEST_WINDOW_MS - now).unwrap_or(REQUEST_WINDOW_MS).max(1_000);
            return Err(AppError::RateLimited {
                message: "too many check requests from this address; try again later".into(),
                retry_after_secs: ((retry_ms + 999) / 1000) as u64,
            });
        }
    }
    let mut tx = state.db.begin_write().await?;
    let gate = db::queue::lock_for_request(&mut tx, claim_id).await?;
    let gate = match gate {
        Some(g) if g.visibility == Visibility::Visible => g,
        // A duplicate merged away names the claim it went into, as its page does.
        Some(g) if g.visibility == Visibility::Removed && g.merged_into.is_some() => {
            return Err(super::claims::merged_away(state, claim_id).await?);
        }
        Some(g) if actor.is_admin() => {
            return Err(AppError::Conflict(format!("this claim is {} by moderators", g.visibility)))
        }
        _ => return Err(AppError::NotFound("no such claim".into())),
    };
    if let Some(why) = closed_reason(&gate) {
        return Err(AppError::Conflict(why.into()));
    }
    let requests = db::queue::insert_request(&mut tx, claim_id, &asker, now)
        .await
        .on_unique(Unique::CheckRequest, || {
            AppError::Conflict("you already asked for a check of this claim".into())
        })?;
    if limit > 0 {
        db::queue::record_throttle(&mut tx, &client, now, now - REQUEST_WINDOW_MS).await?;
    }
    tx.commit().await?;
    Ok(CheckRequests { claim_id, requests, asked: true, open: true })
}

/// How many asked for a check of the claim, whether this reader (the account, or the browser
/// `browser_token` names) did, and whether it takes requests: part of the claim panel's one fetch.
pub async fn requests_of(
    state: &AppState,
    actor: &Actor,
    claim: &crate::model::ClaimView,
    article: &db::articles::ArticleRow,
    browser_token: Option<&str>,
) -> Result<CheckRequests, AppError> {
    let hash = browser_token.filter(|t| valid_token(t)).map(browser_hash);
    let asker = asker(actor, hash.as_deref());
    let (requests, asked) = db::queue::request_state(state.db.pool(), claim.id, asker.as_ref()).await?;
    let gate = db::queue::RequestGate {
        visibility: claim.visibility,
        status: claim.status.as_str().to_string(),
        locked_verdict: claim.locked.then(String::new),
        article_locked: article.locked,
        article_archived: article.archived,
        merged_into: claim.merged_into,
    };
    let open = claim.visibility == Visibility::Visible && closed_reason(&gate).is_none();
    Ok(CheckRequests { claim_id: claim.id, requests, asked, open })
}

// --- activity -------------------------------------------------------------------------------------

/// What happened on the claims `actor` voted on, added sources to or flagged, newest first, with
/// how many events are newer than their previous visit. `mark_seen`: this is a visit (the page and
/// `GET /api/activity`), so the unread count starts again from now.
pub async fn activity(state: &AppState, actor: &Actor, mark_seen: bool) -> Result<Activity, AppError> {
    let user = actor.require_reviewer()?;
    let pool = state.db.pool();
    let now = now_millis();
    let seen = db::queue::seen_at(pool, user.id).await?;
    let events = db::queue::events(pool, user.id, ACTIVITY_LIMIT).await?;
    let unread = db::queue::events_after(pool, user.id, seen).await?;
    let mut ids: Vec<i64> = events.iter().map(|e| e.claim_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let labels: std::collections::HashMap<i64, (i64, String, String)> = db::queue::claim_labels(pool, &ids)
        .await?
        .into_iter()
        .map(|(id, article_id, title, statement)| (id, (article_id, title, statement)))
        .collect();
    let items = events
        .into_iter()
        .map(|e| {
            let (article_id, article_title, statement) = labels.get(&e.claim_id).cloned().unwrap_or_default();
            ActivityItem {
                claim_id: e.claim_id,
                kind: e.kind,
                at: rfc3339(e.at),
                article_id,
                article_title,
                statement,
                actor: e.actor,
                detail: e.detail,
                previous: e.previous,
                unread: e.at > seen,
            }
        })
        .collect();
    if mark_seen {
        let mut tx = state.db.begin_write().await?;
        db::queue::mark_seen(&mut tx, user.id, now.max(seen)).await?;
        tx.commit().await?;
    }
    Ok(Activity { items, unread })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_tokens_are_32_hex_digits_and_stored_hashed() {
        let t = new_token();
        assert!(valid_token(&t), "{t}");
        assert!(!valid_token("abc"));
        assert!(!valid_token(&"g".repeat(32)));
        let h = browser_hash(&t);
        assert_eq!(h.len(), 64);
        assert!(!h.contains(&t));
        assert_ne!(new_token(), t, "tokens are random");
    }
}
