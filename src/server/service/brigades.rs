//! The "possible brigading" signal of the moderation queue, and the one admin action that disables
//! the accounts it names with their votes excluded. Only new accounts' votes are examined: they are
//! the ones a throwaway-account campaign is made of, and they do not count yet.

use super::moderation::{audit, lock_user, reason, user_view, Audit};
use crate::consensus::Rule;
use crate::error::AppError;
use crate::model::UserAdminView;
use crate::model_standing::{BrigadeAccount, BrigadeDisable, BrigadeSignal};
use crate::server::auth::Actor;
use crate::server::db::{self, standing::NewVoteRow, Db};
use crate::server::time::{now_millis, rfc3339};
use serde_json::json;
use std::collections::BTreeMap;

/// How many accounts make a burst.
pub const BURST_ACCOUNTS: usize = 3;
/// Their accounts were created within this span...
pub const BURST_CREATED_WITHIN_MS: i64 = 3_600_000;
/// ...and they voted the same way within this one.
pub const BURST_VOTED_WITHIN_MS: i64 = 600_000;
/// New accounts' votes looked at per queue view (the most recent).
const SCAN_VOTES: i64 = 20_000;
const MAX_SIGNALS: usize = 100;
/// Accounts one disable action may take.
const MAX_ACCOUNTS: usize = 200;

/// The largest group of votes (same claim, same verdict) cast within `BURST_VOTED_WITHIN_MS` of each
/// other by accounts created within `BURST_CREATED_WITHIN_MS` of each other, if it has at least
/// `BURST_ACCOUNTS` votes. `votes` are one claim's votes of one verdict.
pub fn burst(votes: &[NewVoteRow]) -> Option<Vec<NewVoteRow>> {
    let mut by_time: Vec<&NewVoteRow> = votes.iter().collect();
    by_time.sort_by_key(|v| v.updated_at);
    let mut best: Option<Vec<NewVoteRow>> = None;
    for (i, first) in by_time.iter().enumerate() {
        let mut window: Vec<&NewVoteRow> = by_time[i..]
            .iter()
            .copied()
            .take_while(|v| v.updated_at - first.updated_at <= BURST_VOTED_WITHIN_MS)
            .collect();
        window.sort_by_key(|v| v.user_created_at);
        let mut start = 0;
        for end in 0..window.len() {
            while window[end].user_created_at - window[start].user_created_at > BURST_CREATED_WITHIN_MS {
                start += 1;
            }
            let n = end + 1 - start;
            if n >= BURST_ACCOUNTS && best.as_ref().is_none_or(|b| b.len() < n) {
                best = Some(window[start..=end].iter().map(|v| (*v).clone()).collect());
            }
        }
    }
    best
}

fn account(v: &NewVoteRow) -> BrigadeAccount {
    BrigadeAccount { id: v.user_id, username: v.username.clone(), created_at: rfc3339(v.user_created_at) }
}

fn leading(t: [(i64, &'static str); 3]) -> Option<&'static str> {
    let max = t.iter().map(|(n, _)| *n).max().unwrap_or(0);
    let mut top = t.iter().filter(|(n, _)| *n == max && max > 0);
    match (top.next(), top.next()) {
        (Some((_, v)), None) => Some(*v),
        _ => None,
    }
}

/// The queue's brigading entries, most recent activity first.
pub async fn signals(db: &Db) -> Result<Vec<BrigadeSignal>, AppError> {
    let pool = db.pool();
    let votes = db::standing::new_account_votes(pool, SCAN_VOTES).await?;
    let mut groups: BTreeMap<(i64, String), Vec<NewVoteRow>> = BTreeMap::new();
    let mut by_claim: BTreeMap<i64, Vec<NewVoteRow>> = BTreeMap::new();
    for v in votes {
        groups.entry((v.claim_id, v.verdict.clone())).or_default().push(v.clone());
        by_claim.entry(v.claim_id).or_default().push(v);
    }
    let mut found: Vec<(i64, String, String, String, Vec<BrigadeAccount>)> = Vec::new();
    for ((claim_id, verdict), group) in &groups {
        if let Some(hit) = burst(group) {
            let detail = format!(
                "{} new accounts created within an hour voted {} within ten minutes",
                hit.len(),
                verdict.replace('_', " ")
            );
            found.push((
                *claim_id,
                "same_way_burst".into(),
                verdict.clone(),
                detail,
                hit.iter().map(account).collect(),
            ));
        }
    }
    for (claim_id, _, _, v, d, n) in db::standing::outnumbered_claims(pool, MAX_SIGNALS as i64).await? {
        let Some(news) = by_claim.get(&claim_id) else { continue };
        let count = |w: &str| news.iter().filter(|x| x.verdict == w).count() as i64;
        let new_lead = leading([
            (count("verified"), "verified"),
            (count("disputed"), "disputed"),
            (count("not_a_claim"), "not_a_claim"),
        ]);
        let counted_lead = leading([(v, "verified"), (d, "disputed"), (n, "not_a_claim")]);
        let (Some(new_lead), Some(counted_lead)) = (new_lead, counted_lead) else { continue };
        if new_lead == counted_lead {
            continue;
        }
        let accounts: Vec<BrigadeAccount> =
            news.iter().filter(|x| x.verdict == new_lead).map(account).collect();
        let detail = format!(
            "{} votes of new accounts ({} {}) outnumber {} counted votes (mostly {})",
            news.len(),
            accounts.len(),
            new_lead.replace('_', " "),
            v + d + n,
            counted_lead.replace('_', " ")
        );
        found.push((claim_id, "outnumber_counted".into(), new_lead.into(), detail, accounts));
    }
    found.truncate(MAX_SIGNALS);
    let ids: Vec<i64> = found.iter().map(|f| f.0).collect();
    let labels: BTreeMap<i64, (i64, String)> =
        db::standing::claim_labels(pool, &ids).await?.into_iter().map(|(id, a, s)| (id, (a, s))).collect();
    Ok(found
        .into_iter()
        .map(|(claim_id, kind, verdict, detail, accounts)| {
            let (article_id, statement) = labels.get(&claim_id).cloned().unwrap_or_default();
            BrigadeSignal { claim_id, article_id, statement, kind, verdict, detail, accounts }
        })
        .collect())
}

/// Disables the given new accounts with their votes excluded, in one transaction; each account
/// gets its audit entry with the same reason. Trusted accounts and admins are refused: this action
/// is for throwaway accounts, the usual disable is for everyone else.
pub async fn disable(
    db: &Db,
    rule: &Rule,
    actor: &Actor,
    input: BrigadeDisable,
) -> Result<Vec<UserAdminView>, AppError> {
    actor.require_admin()?;
    let why = reason(input.reason.as_deref(), true, "disable accounts")?;
    let mut ids = input.user_ids.clone();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() || ids.len() > MAX_ACCOUNTS {
        return Err(AppError::validation("user_ids", format!("name 1 to {MAX_ACCOUNTS} accounts")));
    }
    if actor.user().is_some_and(|u| ids.contains(&u.id)) {
        return Err(AppError::validation("user_ids", "you cannot disable your own account"));
    }
    let now = now_millis();
    let backend = db.backend();
    let mut tx = db.begin_write().await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let before = lock_user(&mut tx, id)
            .await
            .map_err(|_| AppError::validation("user_ids", format!("there is no account {id}")))?;
        if before.standing != crate::values::Standing::New {
            return Err(AppError::validation(
                "user_ids",
                format!("{} is a trusted account; disable it from the accounts page", before.username),
            ));
        }
        db::users::set_disabled(&mut tx, id, true).await?;
        db::users::sessions_delete_for_user(&mut tx, id).await?;
        db::moderation::set_votes_excluded(&mut tx, id, true).await?;
        super::standing::recount_user_claims(&mut tx, backend, rule, id, false).await?;
        let after = lock_user(&mut tx, id).await?;
        audit(
        &mut tx,
        actor,
        Audit {
            action: "user.disable".to_string(),
            target_type: "user",
            target_id: id,
            before: json!({ "username": before.username, "disabled": before.disabled != 0, "votes_excluded": before.votes_excluded != 0 }),
            after: json!({ "username": after.username, "disabled": true, "votes_excluded": true, "brigade": true }),
            reason: why.clone(),
        },
        now,
    )
        .await?;
        out.push(user_view(after));
    }
    tx.commit().await?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vote(user: i64, created_min: i64, voted_min: i64) -> NewVoteRow {
        NewVoteRow {
            claim_id: 1,
            user_id: user,
            username: format!("u{user}"),
            user_created_at: created_min * 60_000,
            verdict: "verified".into(),
            updated_at: voted_min * 60_000,
        }
    }

    #[test]
    fn three_young_accounts_voting_together_are_a_burst() {
        let hit = burst(&[vote(1, 0, 100), vote(2, 20, 103), vote(3, 50, 109)]).unwrap();
        assert_eq!(hit.len(), 3);
    }

    #[test]
    fn votes_spread_over_more_than_ten_minutes_are_not() {
        assert!(burst(&[vote(1, 0, 100), vote(2, 20, 105), vote(3, 50, 111)]).is_none());
    }

    #[test]
    fn accounts_created_over_more_than_an_hour_are_not() {
        assert!(burst(&[vote(1, 0, 100), vote(2, 30, 101), vote(3, 61, 102)]).is_none());
    }
}
