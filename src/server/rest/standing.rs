//! The JSON API of reviewer standing, invitations, the public reviewer record and the brigading
//! action: thin adapters over `service::standing`, `service::invites` and `service::brigades`.

use super::{ApiJson, Id};
use crate::error::AppError;
use crate::model::UserAdminView;
use crate::model_standing::{BrigadeDisable, InviteView, NewInvite, ReviewerProfile, StandingChange};
use crate::server::auth::Actor;
use crate::server::openapi::{ErrorBody, ServerErrors};
use crate::server::service;
use crate::server::state::AppState;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/{id}/standing", post(set_standing))
        .route("/invites", get(list_invites).post(create_invite))
        .route("/invites/{token}", delete(revoke_invite))
        .route("/reviewers/{username}", get(reviewer))
        .route("/moderation/brigades/disable", post(disable_brigade))
}

#[utoipa::path(
    post, path = "/api/users/{id}/standing", tag = "moderation",
    params(("id" = i64, Path, description = "User id, a positive whole number")),
    request_body = StandingChange,
    responses(
        (status = 200, description = "Standing granted (trusted) or revoked (new); every claim the account voted on is counted again. Recorded in the audit log", body = UserAdminView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin, or a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 409, description = "The account already has that standing", body = ErrorBody),
        (status = 422, description = "Unknown standing, an admin made new, or malformed JSON", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(crate) async fn set_standing(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<StandingChange>,
) -> Result<Json<UserAdminView>, AppError> {
    let (rule, earn) = (&state.config.rule, &state.config.earn);
    Ok(Json(service::standing::set_standing(&state.db, rule, earn, &actor, id, input).await?))
}

#[utoipa::path(
    post, path = "/api/invites", tag = "moderation",
    request_body(content = NewInvite, description = "Optional fields; `{}` makes a one-week invitation for a new reviewer"),
    responses(
        (status = 201, description = "A single-use invitation: hand `url` to the person. Recorded in the audit log", body = InviteView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin, or a cross-site browser request", body = ErrorBody),
        (status = 422, description = "Unknown standing, expires_hours out of range, or malformed JSON", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(crate) async fn create_invite(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    ApiJson(input): ApiJson<NewInvite>,
) -> Result<(StatusCode, Json<InviteView>), AppError> {
    let invite = service::invites::create(&state.db, &state.config.public_url, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(invite)))
}

#[utoipa::path(
    get, path = "/api/invites", tag = "moderation",
    responses(
        (status = 200, description = "Invitations, newest first, with their state (open, used, expired, revoked)", body = Vec<InviteView>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(crate) async fn list_invites(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
) -> Result<Json<Vec<InviteView>>, AppError> {
    Ok(Json(service::invites::list(&state, &actor).await?))
}

#[utoipa::path(
    delete, path = "/api/invites/{token}", tag = "moderation",
    params(("token" = String, Path, description = "The invitation's token")),
    responses(
        (status = 200, description = "Revoked; the link no longer registers anyone. Recorded in the audit log", body = InviteView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin, or a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such invitation", body = ErrorBody),
        (status = 409, description = "Already used or revoked", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(crate) async fn revoke_invite(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    token: Result<Path<String>, PathRejection>,
) -> Result<Json<InviteView>, AppError> {
    let Ok(Path(token)) = token else { return Err(AppError::NotFound("no such invitation".into())) };
    Ok(Json(service::invites::revoke(&state, &actor, &token).await?))
}

#[utoipa::path(
    get, path = "/api/reviewers/{username}", tag = "auth",
    params(("username" = String, Path, description = "The reviewer's username")),
    responses(
        (status = 200, description = "The reviewer's public record: standing, member since, counted votes, agreement with settled verdicts, sources added", body = ReviewerProfile),
        (status = 404, description = "No such reviewer", body = ErrorBody),
        ServerErrors
    )
)]
pub(crate) async fn reviewer(
    State(state): State<AppState>,
    username: Result<Path<String>, PathRejection>,
) -> Result<Json<ReviewerProfile>, AppError> {
    let Ok(Path(username)) = username else { return Err(AppError::NotFound("no such reviewer".into())) };
    Ok(Json(service::standing::reviewer(&state, &username).await?))
}

#[utoipa::path(
    post, path = "/api/moderation/brigades/disable", tag = "moderation",
    request_body = BrigadeDisable,
    responses(
        (status = 200, description = "The new accounts are disabled with their votes excluded, in one transaction; each is in the audit log", body = Vec<UserAdminView>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin, or a cross-site browser request", body = ErrorBody),
        (status = 422, description = "No accounts, an unknown or trusted account, your own account, a missing reason, or malformed JSON", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(crate) async fn disable_brigade(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    ApiJson(input): ApiJson<BrigadeDisable>,
) -> Result<Json<Vec<UserAdminView>>, AppError> {
    Ok(Json(service::brigades::disable(&state.db, &state.config.rule, &actor, input).await?))
}
