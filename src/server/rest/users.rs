//! `/api/users`: the admins' account list, disabling, enabling and roles.

use super::{ApiJson, Id};
use crate::error::AppError;
use crate::model::{Page, UserAdminView, UserDisable, UserEnable, UserRoleChange};
use crate::server::auth::Actor;
use crate::server::openapi::{ErrorBody, ServerErrors};
use crate::server::service;
use crate::server::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::extract::State;
use axum::{Extension, Json};
use serde::Deserialize;

/// `?q=&page=` of the account list.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// Part of a username.
    pub q: Option<String>,
    #[param(value_type = Option<i64>, minimum = 0, maximum = 4294967295_i64)]
    pub page: Option<u32>,
}

#[utoipa::path(
    get, path = "/api/users", tag = "moderation",
    params(UserQuery),
    responses(
        (status = 200, description = "Accounts in name order", body = Page<UserAdminView>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 422, description = "Malformed query string", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn list_users(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    query: Result<Query<UserQuery>, QueryRejection>,
) -> Result<Json<Page<UserAdminView>>, AppError> {
    actor.require_admin()?;
    let Query(q) = query.map_err(|e| super::query_error(e, &[super::PAGE_HINT]))?;
    Ok(Json(service::moderation::users(&state, &actor, q.q.as_deref(), q.page).await?))
}

#[utoipa::path(
    post, path = "/api/users/{id}/disable", tag = "moderation",
    params(("id" = i64, Path, description = "User id, a positive whole number")),
    request_body = UserDisable,
    responses(
        (status = 200, description = "Disabled; the account's sessions have ended. Recorded in the audit log", body = UserAdminView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin, or a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 409, description = "Already disabled (with the same vote setting)", body = ErrorBody),
        (status = 422, description = "Missing reason, your own account, or malformed JSON", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn disable_user(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<UserDisable>,
) -> Result<Json<UserAdminView>, AppError> {
    let rule = &state.config.rule;
    Ok(Json(service::moderation::disable_user(&state.db, rule, &actor, id, input).await?))
}

#[utoipa::path(
    post, path = "/api/users/{id}/enable", tag = "moderation",
    params(("id" = i64, Path, description = "User id, a positive whole number")),
    request_body(content = UserEnable, description = "Optional; `{}` or no body at all is fine"),
    responses(
        (status = 200, description = "Enabled; excluded votes count again. Recorded in the audit log", body = UserAdminView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin, or a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 409, description = "The account is not disabled", body = ErrorBody),
        (status = 422, description = "Malformed JSON", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn enable_user(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    body: axum::body::Bytes,
) -> Result<Json<UserAdminView>, AppError> {
    let input: UserEnable = if body.iter().all(u8::is_ascii_whitespace) {
        UserEnable::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| AppError::validation("body", format!("the body is not the expected JSON: {e}")))?
    };
    let rule = &state.config.rule;
    Ok(Json(service::moderation::enable_user(&state.db, rule, &actor, id, input).await?))
}

#[utoipa::path(
    post, path = "/api/users/{id}/role", tag = "moderation",
    params(("id" = i64, Path, description = "User id, a positive whole number")),
    request_body = UserRoleChange,
    responses(
        (status = 200, description = "Promoted or demoted; recorded in the audit log", body = UserAdminView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin, or a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 409, description = "The account already has that role", body = ErrorBody),
        (status = 422, description = "Unknown role, demoting yourself, or malformed JSON", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn set_user_role(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<UserRoleChange>,
) -> Result<Json<UserAdminView>, AppError> {
    Ok(Json(service::moderation::set_user_role(&state.db, &state.config.rule, &actor, id, input).await?))
}
