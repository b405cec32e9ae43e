//! Server functions for signing up, in and out. The browser forms post here; without JavaScript
//! the same forms work as plain HTML posts followed by a redirect.

use crate::error::AppError;
use crate::model::UserView;
use leptos::prelude::*;

/// Only same-site paths are followed after sign-in, never another host.
pub fn safe_next(next: Option<String>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/".to_string(),
    }
}

#[server(prefix = "/rpc", endpoint = "current_user", output = crate::api::codec::Json)]
pub async fn current_user() -> Result<Option<UserView>, AppError> {
    let actor = ssr::actor().await?;
    Ok(actor.user().cloned())
}

#[server(prefix = "/rpc", endpoint = "login", output = crate::api::codec::Json)]
pub async fn login(username: String, password: String, next: Option<String>) -> Result<UserView, AppError> {
    let state = expect_context::<crate::server::state::AppState>();
    let session = ssr::session().await?;
    let ip = ssr::client_ip().await?;
    let user =
        crate::server::service::accounts::login(&state, ip, &username, &password).await.map_err(ssr::fail)?;
    crate::server::auth::start_session(&session, &user).await.map_err(ssr::fail)?;
    leptos_axum::redirect(&safe_next(next));
    Ok(user)
}

#[server(prefix = "/rpc", endpoint = "register", output = crate::api::codec::Json)]
pub async fn register(
    username: String,
    password: String,
    next: Option<String>,
    #[server(default)] invite: Option<String>,
) -> Result<UserView, AppError> {
    let state = expect_context::<crate::server::state::AppState>();
    let session = ssr::session().await?;
    let user = crate::server::service::accounts::register(&state, &username, &password, invite.as_deref())
        .await
        .map_err(ssr::fail)?;
    crate::server::auth::start_session(&session, &user).await.map_err(ssr::fail)?;
    leptos_axum::redirect(&safe_next(next));
    Ok(user)
}

#[server(prefix = "/rpc", endpoint = "logout", output = crate::api::codec::Json)]
pub async fn logout() -> Result<(), AppError> {
    let session = ssr::session().await?;
    crate::server::auth::end_session(&session).await.map_err(ssr::fail)?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Request plumbing shared by the server functions.
#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::error::AppError;
    use crate::server::auth::Actor;
    use axum::extract::ConnectInfo;
    use axum::Extension;
    use std::net::{IpAddr, SocketAddr};

    /// Sets the HTTP status from the error, so server functions answer 401/403/422 like the REST API.
    /// Not for a plain HTML form post (no JavaScript): that must stay the redirect back to the form,
    /// with the error in the URL, or the browser would show the raw error body.
    pub fn fail(e: AppError) -> AppError {
        if is_plain_form_post() {
            return e;
        }
        if let Some(resp) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(code) = axum::http::StatusCode::from_u16(e.status_code()) {
                resp.set_status(code);
            }
        }
        e
    }

    /// A server function posted by a plain HTML form. Page rendering (a GET) is not one: there the
    /// status must follow the error, so a missing claim is a 404 and the admin area a 401/403.
    fn is_plain_form_post() -> bool {
        leptos::prelude::use_context::<axum::http::request::Parts>()
            .filter(|p| p.method == axum::http::Method::POST)
            .and_then(|p| {
                p.headers.get(axum::http::header::ACCEPT)?.to_str().ok().map(|v| v.contains("text/html"))
            })
            .unwrap_or(false)
    }

    pub async fn actor() -> Result<Actor, AppError> {
        let Extension(actor) =
            leptos_axum::extract::<Extension<Actor>>().await.map_err(|_| fail(AppError::Internal))?;
        Ok(actor)
    }

    pub async fn session() -> Result<tower_sessions::Session, AppError> {
        leptos_axum::extract::<tower_sessions::Session>().await.map_err(|_| fail(AppError::Internal))
    }

    pub async fn client_ip() -> Result<IpAddr, AppError> {
        let ConnectInfo(peer) =
            leptos_axum::extract::<ConnectInfo<SocketAddr>>().await.map_err(|_| fail(AppError::Internal))?;
        Ok(peer.ip())
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/articles/3".into())), "/articles/3");
        assert_eq!(safe_next(Some("//evil.example".into())), "/");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/");
        assert_eq!(safe_next(Some("/\\evil.example".into())), "/");
        assert_eq!(safe_next(None), "/");
    }
}
