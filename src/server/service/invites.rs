//! Invitations: single-use registration links that admins hand out (CLAIMCHECK_REGISTRATION=invite
//! needs one; in open mode one can still grant trusted standing). Creating, revoking and using one
//! is in the audit log.

use super::moderation::{audit, Audit};
use crate::error::{AppError, OrInternal};
use crate::model::{Standing, UserView};
use crate::model_standing::{InviteView, NewInvite};
use crate::server::auth::Actor;
use crate::server::db::{self, standing::InviteRow, Db};
use crate::server::state::AppState;
use crate::server::time::{now_millis, rfc3339};
use serde_json::json;
use sqlx::AnyConnection;

pub const DEFAULT_EXPIRES_HOURS: i64 = 7 * 24;
/// Ten years: an overflow guard, not a policy.
const MAX_EXPIRES_HOURS: i64 = 87_600;
const LIST_LIMIT: i64 = 500;
/// Tokens are 32 letters and digits; anything else is not one of ours (and never reaches the
/// database, which may refuse some bytes, such as NUL, outright).
fn plausible(token: &str) -> bool {
    (1..=128).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn state_of(row: &InviteRow, now: i64) -> &'static str {
    if row.used_at.is_some() {
        "used"
    } else if row.revoked_at.is_some() {
        "revoked"
    } else if row.expires_at <= now {
        "expired"
    } else {
        "open"
    }
}

pub fn link(public_url: &str, token: &str) -> String {
    format!("{public_url}/register?invite={token}")
}

fn view(row: InviteRow, public_url: &str, now: i64) -> InviteView {
    InviteView {
        url: link(public_url, &row.token),
        expires_at: rfc3339(row.expires_at),
        state: state_of(&row, now).into(),
        token: row.token,
        standing: row.standing,
        created_by: row.created_by,
        created_at: rfc3339(row.created_at),
        used_by: row.used_by,
    }
}

/// 32 characters from a 62-letter alphabet: about 190 bits.
fn generate_token() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..32).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

/// The invitation behind `token` if it can still be used; otherwise a 403 that says why.
pub async fn check(conn: &mut AnyConnection, token: &str, now: i64) -> Result<InviteRow, AppError> {
    let row = if plausible(token) { db::standing::invite(conn, token).await? } else { None };
    let Some(row) = row else {
        return Err(AppError::Forbidden(
            "this invitation does not exist; check that the whole link was copied".into(),
        ));
    };
    match state_of(&row, now) {
        "used" => Err(AppError::Forbidden(
            "this invitation has already been used; ask an admin for a new one".into(),
        )),
        "revoked" => {
            Err(AppError::Forbidden("this invitation was revoked; ask an admin for a new one".into()))
        }
        "expired" => {
            Err(AppError::Forbidden("this invitation has expired; ask an admin for a new one".into()))
        }
        _ => Ok(row),
    }
}

/// Marks the invitation used by the new account, in the registration's transaction; audited.
pub async fn mark_used(
    conn: &mut AnyConnection,
    inv: &InviteRow,
    user: &UserView,
    now: i64,
) -> Result<(), AppError> {
    if !db::standing::use_invite(conn, &inv.token, user.id, now).await? {
        return Err(AppError::Forbidden(
            "this invitation has already been used; ask an admin for a new one".into(),
        ));
    }
    audit(
        conn,
        &Actor::User(user.clone()),
        Audit {
            action: "invite.use".to_string(),
            target_type: "invitation",
            target_id: inv.id,
            before: json!({ "state": "open" }),
            after: json!({ "state": "used", "username": user.username, "standing": inv.standing }),
            reason: String::new(),
        },
        now,
    )
    .await
}

/// Creates an invitation; admins (and the command line) only.
pub async fn create(
    db: &Db,
    public_url: &str,
    actor: &Actor,
    input: NewInvite,
) -> Result<InviteView, AppError> {
    actor.require_admin()?;
    let standing = match input.standing.as_deref().map(str::trim) {
        None | Some("") => Standing::New,
        Some(s) => Standing::from_field(s)?,
    };
    let hours = input.expires_hours.unwrap_or(DEFAULT_EXPIRES_HOURS);
    if !(1..=MAX_EXPIRES_HOURS).contains(&hours) {
        return Err(AppError::validation(
            "expires_hours",
            format!("expires_hours must be a whole number from 1 to {MAX_EXPIRES_HOURS}"),
        ));
    }
    let now = now_millis();
    let token = generate_token();
    let mut tx = db.begin_write().await?;
    let id = db::standing::insert_invite(
        &mut tx,
        &token,
        standing,
        actor.user().map(|u| u.id),
        now,
        now + hours * 3_600_000,
    )
    .await?;
    audit(
        &mut tx,
        actor,
        Audit {
            action: "invite.create".to_string(),
            target_type: "invitation",
            target_id: id,
            before: json!({}),
            after: json!({ "standing": standing, "expires_hours": hours }),
            reason: String::new(),
        },
        now,
    )
    .await?;
    let row =
        db::standing::invite(&mut tx, &token).await?.or_internal("an invitation just created is missing")?;
    tx.commit().await?;
    Ok(view(row, public_url, now))
}

/// Invitations, newest first; admins only.
pub async fn list(state: &AppState, actor: &Actor) -> Result<Vec<InviteView>, AppError> {
    actor.require_admin()?;
    let now = now_millis();
    Ok(db::standing::invites(state.db.pool(), LIST_LIMIT)
        .await?
        .into_iter()
        .map(|r| view(r, &state.config.public_url, now))
        .collect())
}

/// Revokes an unused invitation; admins only.
pub async fn revoke(state: &AppState, actor: &Actor, token: &str) -> Result<InviteView, AppError> {
    actor.require_admin()?;
    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    let row = if plausible(token) { db::standing::invite(&mut tx, token).await? } else { None };
    let row = row.ok_or_else(|| AppError::NotFound("no such invitation".into()))?;
    if !db::standing::revoke_invite(&mut tx, token, now).await? {
        return Err(AppError::Conflict(format!("the invitation is already {}", state_of(&row, now))));
    }
    audit(
        &mut tx,
        actor,
        Audit {
            action: "invite.revoke".to_string(),
            target_type: "invitation",
            target_id: row.id,
            before: json!({ "state": state_of(&row, now) }),
            after: json!({ "state": "revoked" }),
            reason: String::new(),
        },
        now,
    )
    .await?;
    let row =
        db::standing::invite(&mut tx, token).await?.or_internal("an invitation just used is missing")?;
    tx.commit().await?;
    Ok(view(row, &state.config.public_url, now))
}
