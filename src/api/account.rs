//! Server functions of the account page: change one's password, list and end one's own sessions.
//! Each finds the actor and calls one `service::password` function.

use crate::error::AppError;
use crate::model_account::SessionView;
use leptos::prelude::*;

/// Changes the password; the other sessions end and this one continues under a fresh cookie.
#[server(prefix = "/rpc", endpoint = "change_password", output = crate::wire::codec::Json)]
pub async fn change_password(current: String, new: String) -> Result<(), AppError> {
    use super::auth::ssr::{caller, client_ip, fail, session};
    let (state, actor) = caller().await?;
    let session = session().await?;
    let ip = client_ip().await?;
    let hash = crate::server::auth::current_session_hash(&session);
    let input = crate::model_account::PasswordChange { current, new };
    crate::server::service::password::change_password(&state, &actor, ip, hash.as_deref(), input)
        .await
        .map_err(fail)?;
    let user = actor.require_reviewer().map_err(fail)?;
    crate::server::auth::start_session(&session, user).await.map_err(fail)?;
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "my_sessions", output = crate::wire::codec::Json)]
pub async fn my_sessions() -> Result<Vec<SessionView>, AppError> {
    use super::auth::ssr::{caller, fail, session};
    let (state, actor) = caller().await?;
    let hash = crate::server::auth::current_session_hash(&session().await?);
    crate::server::service::password::sessions(&state, &actor, hash.as_deref()).await.map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "end_my_session", output = crate::wire::codec::Json)]
pub async fn end_my_session(id: String) -> Result<(), AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    crate::server::service::password::end_session(&state, &actor, &id).await.map_err(fail)
}
