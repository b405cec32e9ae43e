//! The JSON API of the account page: change one's password, list and end one's own sessions
//! (thin adapters over `service::password`); and the gate that holds an account with a temporary
//! password to changing it.

use super::ApiJson;
use crate::error::AppError;
use crate::model_account::{PasswordChange, SessionView};
use crate::server::auth::{current_session_hash, start_session, Actor, MustChangePassword};
use crate::server::client_addr::ClientAddr;
use crate::server::openapi::{ErrorBody, ServerErrors};
use crate::server::service;
use crate::server::state::AppState;
use axum::extract::{Path, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};
use tower_sessions::Session;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/password", post(change_password))
        .route("/auth/sessions", get(list_sessions))
        .route("/auth/sessions/{id}", delete(end_session))
}

#[utoipa::path(
    post, path = "/api/auth/password", tag = "auth",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Password changed; every other session of the account has ended, and this one continues under a fresh cookie"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "A cross-site browser request", body = ErrorBody),
        (status = 422, description = "The current password is not right (field `current`), or the new one is too short, too long, among the 10,000 most common, or the same (field `new`)", body = ErrorBody),
        (status = 429, description = "Too many wrong passwords from this address (counted with sign-ins), or the password hasher is busy", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(crate) async fn change_password(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Extension(client): Extension<ClientAddr>,
    session: Session,
    ApiJson(input): ApiJson<PasswordChange>,
) -> Result<StatusCode, AppError> {
    let current = current_session_hash(&session);
    service::password::change_password(&state, &actor, client.0, current.as_deref(), input).await?;
    let user = actor.require_reviewer()?;
    start_session(&session, user).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get, path = "/api/auth/sessions", tag = "auth",
    responses(
        (status = 200, description = "The signed-in account's live sessions; `current` marks this one", body = Vec<SessionView>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(crate) async fn list_sessions(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    session: Session,
) -> Result<Json<Vec<SessionView>>, AppError> {
    let current = current_session_hash(&session);
    Ok(Json(service::password::sessions(&state, &actor, current.as_deref()).await?))
}

#[utoipa::path(
    delete, path = "/api/auth/sessions/{id}", tag = "auth",
    params(("id" = String, Path, description = "A session id from GET /api/auth/sessions (16 hex digits)")),
    responses(
        (status = 204, description = "The session has ended (it may be this one: then this cookie is signed out too)"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "A cross-site browser request", body = ErrorBody),
        (status = 404, description = "The account has no such session", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(crate) async fn end_session(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    service::password::end_session(&state, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What an account with a temporary password may still do: change it, look at its sessions, ask
/// who it is, sign out, and load the site's files. Nothing else is read as that account either:
/// an admin's reset account must not list users, invitations or the audit log.
fn allowed_while_temporary(method: &Method, path: &str) -> bool {
    const ALWAYS: &[&str] = &[
        "/api/auth/password",
        "/api/auth/logout",
        "/api/auth/sessions",
        "/rpc/change_password",
        "/rpc/logout",
        "/rpc/current_user",
        "/rpc/my_sessions",
        "/rpc/end_my_session",
    ];
    ALWAYS.iter().any(|p| path == *p || path.starts_with(&format!("{p}/")))
        || (matches!(*method, Method::GET | Method::HEAD)
            && (path == "/api/auth/me" || crate::server::transport::is_static_file(path)))
}

/// Middleware (inside `resolve_actor`): an account with a temporary password gets 403 for any
/// change but the password change, and pages send it to `/account`.
pub async fn temporary_password_gate(req: Request, next: Next) -> Response {
    if req.extensions().get::<MustChangePassword>().is_none() {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    if allowed_while_temporary(req.method(), &path) {
        return next.run(req).await;
    }
    let is_page = matches!(*req.method(), Method::GET | Method::HEAD)
        && !path.starts_with("/rpc/")
        && !path.starts_with("/api/");
    if is_page {
        if path == "/account" {
            return next.run(req).await;
        }
        return Redirect::to("/account").into_response();
    }
    let body = serde_json::json!({
        "error": "this account has a temporary password: change it first (POST /api/auth/password, or the account page)",
        "field": "password",
    });
    let mut resp = (StatusCode::FORBIDDEN, Json(body)).into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    resp
}
