//! Server functions for reviewer standing: invitations (admins), the public reviewer record, and
//! the brigading action of the moderation queue.

use crate::error::AppError;
use crate::model::UserAdminView;
use crate::model_standing::{InviteView, ReviewerProfile};
use leptos::prelude::*;

#[server(prefix = "/rpc", endpoint = "list_invites", output = crate::wire::codec::Json)]
pub async fn list_invites() -> Result<Vec<InviteView>, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    crate::server::service::invites::list(&state, &actor).await.map_err(fail)
}

/// From the accounts page: `trusted` is a checkbox ("on" when ticked).
#[server(prefix = "/rpc", endpoint = "create_invite", output = crate::wire::codec::Json)]
pub async fn create_invite(
    #[server(default)] trusted: Option<String>,
    #[server(default)] expires_hours: Option<String>,
) -> Result<InviteView, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    let hours = match expires_hours.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
        None => None,
        Some(h) => Some(h.parse::<i64>().map_err(|_| {
            fail(AppError::validation("expires_hours", "expires_hours must be a whole number of hours"))
        })?),
    };
    let input = crate::model_standing::NewInvite {
        standing: Some(
            if trusted.is_some_and(|v| v == "on" || v == "true") { "trusted" } else { "new" }.into(),
        ),
        expires_hours: hours,
    };
    crate::server::service::invites::create(&state.db, &state.config.public_url, &actor, input)
        .await
        .map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "revoke_invite", output = crate::wire::codec::Json)]
pub async fn revoke_invite(token: String) -> Result<InviteView, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    crate::server::service::invites::revoke(&state, &actor, &token).await.map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "reviewer_profile", output = crate::wire::codec::Json)]
pub async fn get_reviewer_profile(username: String) -> Result<ReviewerProfile, AppError> {
    use super::auth::ssr::fail;
    let state = expect_context::<crate::server::state::AppState>();
    crate::server::service::standing::reviewer(&state, &username).await.map_err(fail)
}

/// Disables the accounts of one brigading entry, votes excluded. `user_ids` is comma-separated.
#[server(prefix = "/rpc", endpoint = "disable_brigade", output = crate::wire::codec::Json)]
pub async fn disable_brigade(
    user_ids: String,
    reason: Option<String>,
) -> Result<Vec<UserAdminView>, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    let ids = user_ids
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse::<i64>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| {
            fail(AppError::validation("user_ids", "user_ids must be account ids separated by commas"))
        })?;
    let input = crate::model_standing::BrigadeDisable { user_ids: ids, reason };
    crate::server::service::brigades::disable(&state.db, &state.config.rule, &actor, input)
        .await
        .map_err(fail)
}

/// From the accounts page: an admin creates an account (the way to add people when registration is
/// closed). `trusted` is a checkbox.
#[server(prefix = "/rpc", endpoint = "create_account", output = crate::wire::codec::Json)]
pub async fn create_account(
    username: String,
    #[server(default)] trusted: Option<String>,
) -> Result<crate::model_standing::CreatedAccount, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    let trusted = trusted.is_some_and(|v| v == "on" || v == "true");
    crate::server::service::standing::admin_create_account(&state, &actor, &username, trusted)
        .await
        .map_err(fail)
}
