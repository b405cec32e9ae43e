//! The password lifecycle: changing one's own password (which ends one's other sessions), listing
//! and ending one's own sessions, and the temporary password an admin sets from the command line,
//! which must be changed before the account can do anything else.

use super::accounts::{generate_password, Password};
use crate::error::{AppError, OrInternal};
use crate::model_account::{PasswordChange, SessionView};
use crate::server::auth::{Actor, Passwords};
use crate::server::db::{self, Db};
use crate::server::state::AppState;
use crate::server::time::{now_millis, rfc3339};
use std::net::IpAddr;

/// Changes the signed-in account's password after checking the current one (a wrong current
/// password counts as a failed sign-in, so this is no way round the sign-in throttle), clears a
/// must-change mark, and ends every other session of the account. `current_session` is the
/// id_hash of the session the request came with, which stays.
pub async fn change_password(
    state: &AppState,
    actor: &Actor,
    ip: IpAddr,
    current_session: Option<&str>,
    input: PasswordChange,
) -> Result<u64, AppError> {
    let user = actor.require_reviewer()?;
    let new = Password::parse(&input.new).map_err(|e| match e {
        AppError::Validation { message, .. } => {
            AppError::validation("new", message.replace("password", "new password"))
        }
        other => other,
    })?;
    if input.new == input.current {
        return Err(AppError::validation("new", "choose a new password different from the current one"));
    }
    let place = state.passwords.reserve()?;
    let attempt = super::throttle::begin_login(&state.db, ip, &user.username, now_millis()).await?;
    let row =
        db::users::by_id(state.db.pool(), user.id).await?.or_internal("the signed-in account is missing");
    let verified = match row {
        Ok(row) => state.passwords.verify_in(place, input.current, Some(row.password_hash)).await,
        Err(e) => Err(e),
    };
    match verified {
        Ok(true) => attempt.forget(&state.db).await?,
        Ok(false) => return Err(AppError::validation("current", "the current password is not right")),
        Err(e) => {
            attempt.forget(&state.db).await?;
            return Err(e);
        }
    }
    let hash = state.passwords.hash(new.expose().to_string()).await?;
    let mut tx = state.db.begin_write().await?;
    db::account::set_password(&mut tx, user.id, &hash, false).await?;
    let ended = db::account::delete_other_sessions(&mut tx, user.id, current_session.unwrap_or("")).await?;
    tx.commit().await?;
    Ok(ended)
}

/// The 16 hex digits that name a session publicly (a prefix of the hash of its cookie value, which
/// is itself a hash: neither gives the cookie back).
fn public_id(id_hash: &str) -> String {
    id_hash.chars().take(16).collect()
}

/// The signed-in account's live sessions, the current one marked.
pub async fn sessions(
    state: &AppState,
    actor: &Actor,
    current_session: Option<&str>,
) -> Result<Vec<SessionView>, AppError> {
    let user = actor.require_reviewer()?;
    let rows = db::account::sessions_of(state.db.pool(), user.id, now_millis()).await?;
    Ok(rows
        .into_iter()
        .map(|(id_hash, data, expires_at)| {
            let data: serde_json::Value = serde_json::from_str(&data).unwrap_or_default();
            let time = |key: &str| data.get(key).and_then(|v| v.as_i64()).unwrap_or(0);
            SessionView {
                id: public_id(&id_hash),
                signed_in_at: rfc3339(time("auth_at")),
                last_seen_at: rfc3339(time("seen_at")),
                expires_at: rfc3339(expires_at),
                current: Some(id_hash.as_str()) == current_session,
            }
        })
        .collect())
}

/// Ends one of the signed-in account's own sessions; another account's is "not found".
pub async fn end_session(state: &AppState, actor: &Actor, id: &str) -> Result<(), AppError> {
    let user = actor.require_reviewer()?;
    if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
        return Err(AppError::NotFound("no such session; session ids are 16 hex digits".into()));
    }
    let mut tx = state.db.begin_write().await?;
    let n = db::account::delete_session(&mut tx, user.id, id).await?;
    tx.commit().await?;
    if n == 0 {
        return Err(AppError::NotFound("you have no such session".into()));
    }
    Ok(())
}

/// Whether the account must change its password before doing anything else.
pub async fn must_change(state: &AppState, user_id: i64) -> Result<bool, AppError> {
    Ok(db::users::by_id(state.db.pool(), user_id).await?.is_some_and(|u| u.must_change_password != 0))
}

/// The command line's `user reset-password NAME`: a generated temporary password that must be
/// changed at the next sign-in; every session of the account ends. Audited as the system.
pub async fn reset_password_by_name(db: &Db, passwords: &Passwords, name: &str) -> Result<String, AppError> {
    let row = db::users::by_username(db.pool(), name.trim())
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no account named {name:?}")))?;
    let temporary = generate_password();
    let hash = passwords.hash(temporary.clone()).await?;
    let now = now_millis();
    let mut tx = db.begin_write().await?;
    db::account::set_password(&mut tx, row.id, &hash, true).await?;
    db::users::sessions_delete_for_user(&mut tx, row.id).await?;
    let (actor_id, actor_name) = Actor::System.audit_name();
    db::moderation::insert_audit(
        &mut tx,
        &db::moderation::NewAudit {
            actor_id,
            actor_name: &actor_name,
            action: "password_reset",
            target_type: "user",
            target_id: row.id,
            before: "{}",
            after: r#"{"must_change_password":true}"#,
            reason: "temporary password set from the command line",
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(temporary)
}
