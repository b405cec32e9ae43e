//! `/api/auth`: register, sign in, sign out, who am I.

use super::ApiJson;
use crate::error::AppError;
use crate::model::UserView;
use crate::server::auth::{end_session, start_session, Actor};
use crate::server::client_addr::ClientAddr;
use crate::server::openapi::{ErrorBody, ServerErrors};
use crate::server::service;
use crate::server::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Credentials {
    /// 3 to 32 characters: letters a-z, digits, `_`, `.` or `-`, starting with a letter or digit.
    #[schema(pattern = "^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$")]
    pub username: String,
    /// 10 to 1,024 characters (registration also refuses the 10,000 most common passwords).
    #[schema(min_length = 10, max_length = 1024)]
    pub password: String,
    /// An invitation token (required when CLAIMCHECK_REGISTRATION=invite); ignored by sign-in.
    #[serde(default)]
    pub invite: Option<String>,
}

#[utoipa::path(
    post, path = "/api/auth/register", tag = "auth",
    request_body = Credentials,
    responses(
        (status = 201, description = "Account created and signed in; sets the session cookie", body = UserView),
        (status = 403, description = "Registration is closed, or needs an invitation and the invitation is missing, unknown, used, expired or revoked (the message says which); or a cross-site browser request", body = ErrorBody),
        (status = 422, description = "Invalid username or password, taken username, or a body that is not the expected JSON", body = ErrorBody),
        (status = 429, description = "Too many registrations from this client address (CLAIMCHECK_LIMIT_REGISTER_PER_HOUR), or the password hasher is busy", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        ServerErrors
    )
)]
pub(super) async fn register(
    State(state): State<AppState>,
    Extension(client): Extension<ClientAddr>,
    session: Session,
    ApiJson(c): ApiJson<Credentials>,
) -> Result<(StatusCode, Json<UserView>), AppError> {
    let user =
        service::accounts::register(&state, client.0, &c.username, &c.password, c.invite.as_deref()).await?;
    start_session(&session, &user).await?;
    Ok((StatusCode::CREATED, Json(user)))
}

#[utoipa::path(
    post, path = "/api/auth/login", tag = "auth",
    request_body = Credentials,
    responses(
        (status = 200, description = "Signed in; sets a fresh session cookie", body = UserView),
        (status = 401, description = "Invalid username or password, or a disabled account (the same answer)", body = ErrorBody),
        (status = 403, description = "A cross-site browser request", body = ErrorBody),
        (status = 422, description = "The body is not the expected JSON", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins from this address, or for this account from this address; or the password hasher is busy", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        ServerErrors
    )
)]
pub(super) async fn login(
    State(state): State<AppState>,
    Extension(client): Extension<ClientAddr>,
    session: Session,
    ApiJson(c): ApiJson<Credentials>,
) -> Result<Json<UserView>, AppError> {
    let user = service::accounts::login(&state, client.0, &c.username, &c.password).await?;
    start_session(&session, &user).await?;
    Ok(Json(user))
}

#[utoipa::path(
    post, path = "/api/auth/logout", tag = "auth",
    responses(
        (status = 204, description = "Signed out (also when no one was signed in); the session is deleted"),
        (status = 403, description = "Refused as a cross-site browser request", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn logout(session: Session) -> Result<StatusCode, AppError> {
    end_session(&session).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get, path = "/api/auth/me", tag = "auth",
    responses(
        (status = 200, description = "The signed-in account", body = UserView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn me(Extension(actor): Extension<Actor>) -> Result<Json<UserView>, AppError> {
    Ok(Json(actor.require_reviewer()?.clone()))
}
