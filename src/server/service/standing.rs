//! Reviewer standing: only trusted reviewers' votes count toward a verdict. A new reviewer earns
//! standing when a claim settles (in that transaction), or an admin grants or revokes it; either
//! way every claim the account voted on is counted again in the same transaction.

use super::claims::effective_status;
use super::moderation::{audit, lock_user, reason, user_view, Audit};
use crate::consensus::{Rule, Tally};
use crate::error::AppError;
use crate::model::{Role, Standing, UserAdminView};
use crate::model_standing::StandingChange;
use crate::server::auth::Actor;
use crate::server::config::EarnRule;
use crate::server::db::{self, Backend, Db, SavepointStep};
use crate::server::time::now_millis;
use serde_json::json;
use sqlx::AnyConnection;

/// Counts again every claim the account has a vote on, after its standing (or exclusion) changed.
/// On PostgreSQL the claims are locked first, by a statement of their own, so the recount (later
/// statements, later snapshots) sees every vote committed before the locks were granted; with
/// `nowait` a claim held elsewhere fails at once (see `after_settled`). Returns the claims that
/// reached a verdict by it.
pub async fn recount_user_claims(
    conn: &mut AnyConnection,
    backend: Backend,
    rule: &Rule,
    user_id: i64,
    nowait: bool,
) -> Result<Vec<i64>, sqlx::Error> {
    let mut settled = Vec::new();
    for claim_id in db::standing::lock_claims_voted_by(conn, backend, user_id, nowait).await? {
        let (verified, disputed, not_a_claim, locked) = db::claims::recount(conn, claim_id).await?;
        let tally = Tally { verified, disputed, not_a_claim };
        let status = effective_status(tally, locked.as_deref(), rule);
        if db::claims::set_status(conn, claim_id, status.as_str(), None).await? {
            settled.push(claim_id);
        }
    }
    Ok(settled)
}

/// Claims that have just reached a verdict: each new reviewer who voted on one is checked against
/// the earning rule, and promoted when it is met (their claims then count again, which may settle
/// more claims: those are checked in turn). On PostgreSQL a promotion that would wait for another
/// transaction is skipped (rolled back to a savepoint) rather than risk a deadlock; the reviewer is
/// checked again at the next verdict.
pub async fn after_settled(
    conn: &mut AnyConnection,
    backend: Backend,
    rule: &Rule,
    earn: &EarnRule,
    mut work: Vec<i64>,
) -> Result<(), AppError> {
    let mut checked = std::collections::HashSet::new();
    let now = now_millis();
    while let Some(claim_id) = work.pop() {
        for user_id in db::standing::new_voters_on(conn, claim_id).await? {
            if !checked.insert(user_id) {
                continue;
            }
            let Some(rec) = db::standing::earn_record(conn, user_id).await? else { continue };
            if rec.agreed < earn.votes
                || rec.disagreed > earn.max_disagree
                || now - rec.created_at < earn.min_age_ms
            {
                continue;
            }
            let pg = backend == Backend::Postgres;
            db::savepoint(conn, backend, SavepointStep::Begin).await?;
            let attempt = async {
                if !db::standing::promote_if_free(conn, backend, user_id).await? {
                    return Ok(None);
                }
                recount_user_claims(conn, backend, rule, user_id, true).await.map(Some)
            }
            .await;
            match attempt {
                Ok(Some(more)) => {
                    db::savepoint(conn, backend, SavepointStep::Release).await?;
                    let name = lock_user(conn, user_id).await?.username;
                    audit(
                        conn,
                        &Actor::System,
                        Audit {
                            action: "user.trust".to_string(),
                            target_type: "user",
                            target_id: user_id,
                            before: json!({ "username": name, "standing": Standing::New }),
                            after: json!({ "username": name, "standing": Standing::Trusted }),
                            reason: format!(
                                "earned: {} votes agreed with later verdicts, {} disagreed",
                                rec.agreed, rec.disagreed
                            ),
                        },
                        now,
                    )
                    .await?;
                    work.extend(more);
                }
                Ok(None) => db::savepoint(conn, backend, SavepointStep::Release).await?,
                Err(e) if pg && db::standing::is_lock_unavailable(&e) => {
                    db::savepoint(conn, backend, SavepointStep::RollBack).await?;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(())
}

/// Grants (`trusted`) or revokes (`new`) an account's standing; audited. Admins are always trusted.
pub async fn set_standing(
    db: &Db,
    rule: &Rule,
    earn: &EarnRule,
    actor: &Actor,
    user_id: i64,
    input: StandingChange,
) -> Result<UserAdminView, AppError> {
    actor.require_admin()?;
    let standing = input.standing;
    let why = reason(input.reason.as_deref(), false, "change a standing")?;
    let now = now_millis();
    let backend = db.backend();
    let mut tx = db.begin_write().await?;
    let before = lock_user(&mut tx, user_id).await?;
    if before.standing == standing {
        return Err(AppError::Conflict(format!("the account is already {standing}")));
    }
    if standing == Standing::New && before.role == Role::Admin.as_str() {
        return Err(AppError::validation("standing", "admins are always trusted; demote the account first"));
    }
    // The row update comes first: it waits for this account's votes in flight (see
    // `db::standing::share_lock_user`), and its later votes wait for this transaction.
    db::standing::set_standing(&mut tx, user_id, standing).await?;
    let settled = recount_user_claims(&mut tx, backend, rule, user_id, false).await?;
    after_settled(&mut tx, backend, rule, earn, settled).await?;
    let after = lock_user(&mut tx, user_id).await?;
    audit(
        &mut tx,
        actor,
        Audit {
            action: (if standing == Standing::Trusted { "user.trust" } else { "user.untrust" }).to_string(),
            target_type: "user",
            target_id: user_id,
            before: json!({ "username": before.username, "standing": before.standing }),
            after: json!({ "username": after.username, "standing": after.standing }),
            reason: why.clone(),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(user_view(after))
}

/// The command line's `user trust|untrust NAME`: audited as the system.
pub async fn set_standing_by_name(
    db: &Db,
    rule: &Rule,
    name: &str,
    standing: Standing,
    reason: &str,
) -> Result<UserAdminView, AppError> {
    let row = db::users::by_username(db.pool(), name.trim())
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no account named {name:?}")))?;
    let input = StandingChange { standing, reason: Some(reason.into()) };
    set_standing(db, rule, &EarnRule::from_env(), &Actor::System, row.id, input).await
}

/// A reviewer's public record. Unknown names are a 404.
pub async fn reviewer(
    state: &crate::server::state::AppState,
    username: &str,
) -> Result<crate::model_standing::ReviewerProfile, AppError> {
    let not_found = || AppError::NotFound("no such reviewer".into());
    // Only names an account could have reach the database.
    let Ok(name) = super::accounts::Username::parse(username) else { return Err(not_found()) };
    let row = db::standing::reviewer(state.db.pool(), name.as_str()).await?.ok_or_else(not_found)?;
    let counted = row.standing == Standing::Trusted && row.votes_excluded == 0;
    Ok(crate::model_standing::ReviewerProfile {
        username: row.username,
        standing: row.standing,
        role: Role::parse(&row.role).unwrap_or(Role::Reviewer),
        member_since: crate::server::time::rfc3339(row.created_at),
        counted_votes: if counted { row.votes } else { 0 },
        settled_votes: row.settled,
        agreed_votes: row.agreed,
        agreement: (row.settled > 0).then(|| row.agreed as f64 / row.settled as f64),
        sources_added: row.sources,
    })
}

/// An admin creates a reviewer account (whatever CLAIMCHECK_REGISTRATION says) with a generated
/// password shown once; audited.
pub async fn admin_create_account(
    state: &crate::server::state::AppState,
    actor: &Actor,
    username: &str,
    trusted: bool,
) -> Result<crate::model_standing::CreatedAccount, AppError> {
    actor.require_admin()?;
    let password = super::accounts::generate_password();
    let user = super::accounts::create_user(
        &state.db,
        &state.passwords,
        username,
        &password,
        Role::Reviewer,
        trusted,
    )
    .await?;
    let mut tx = state.db.begin_write().await?;
    audit(
        &mut tx,
        actor,
        Audit {
            action: "user.create".to_string(),
            target_type: "user",
            target_id: user.id,
            before: json!({}),
            after: json!({ "username": user.username, "standing": user.standing }),
            reason: String::new(),
        },
        now_millis(),
    )
    .await?;
    tx.commit().await?;
    Ok(crate::model_standing::CreatedAccount {
        id: user.id,
        username: user.username,
        standing: user.standing,
        password,
    })
}
