//! `/api/claims/{id}` and `/api/sources/{id}/flags`: a claim, its sources, votes and flags.

use super::{ApiJson, Id};
use crate::error::AppError;
use crate::model::{CastVote, ClaimDetail, ClaimView, FlagView, NewFlag, NewSource, SourceView};
use crate::server::auth::Actor;
use crate::server::openapi::{ErrorBody, ServerErrors};
use crate::server::service;
use crate::server::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Deserialize;

/// `?history_before=` of `GET /api/claims/{id}`.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClaimQuery {
    /// A `history_cursor` from an earlier answer: the page of history before it.
    #[param(minimum = 1)]
    pub history_before: Option<i64>,
}

#[utoipa::path(
    get, path = "/api/claims/{id}", tag = "claims",
    params(("id" = i64, Path, description = "Claim id, a positive whole number"), ClaimQuery),
    responses(
        (status = 200, description = "The claim with its sources, current votes and the latest 50 history entries (with `history_cursor` for older ones)", body = ClaimDetail),
        (status = 404, description = "No such claim (hidden claims too, for anyone but admins), or no such history cursor on it", body = ErrorBody),
        (status = 422, description = "history_before is not a whole number of at least 1", body = ErrorBody),
        ServerErrors
    )
)]
pub(super) async fn get_claim(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    headers: axum::http::HeaderMap,
    query: Result<Query<ClaimQuery>, QueryRejection>,
) -> Result<Json<ClaimDetail>, AppError> {
    let Query(q) = query.map_err(|e| {
        let hint =
            "history_before must be a history cursor: a whole number of at least 1, as history_cursor gives";
        super::query_error(e, &[("history_before", hint)])
    })?;
    let token = super::queue::asker_token(&headers);
    Ok(Json(service::claims::detail_page(&state, &actor, id, q.history_before, token.as_deref()).await?))
}

#[utoipa::path(
    post, path = "/api/claims/{id}/sources", tag = "claims",
    params(("id" = i64, Path, description = "Claim id, a positive whole number")),
    request_body = NewSource,
    responses(
        (status = 201, description = "The source, attached to the claim", body = SourceView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Refused as a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such claim", body = ErrorBody),
        (status = 409, description = "The article is locked or archived, or the claim already has as many sources as it may (CLAIMCHECK_LIMIT_SOURCES_PER_CLAIM)", body = ErrorBody),
        (status = 422, description = "Not an http(s) URL, the same URL twice on one claim, unknown stance, or malformed JSON", body = ErrorBody),
        (status = 429, description = "Over the per-account write limit (CLAIMCHECK_LIMIT_WRITES_PER_MINUTE)", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn add_source(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<NewSource>,
) -> Result<(StatusCode, Json<SourceView>), AppError> {
    Ok((StatusCode::CREATED, Json(service::claims::add_source(&state, &actor, id, input).await?)))
}

#[utoipa::path(
    post, path = "/api/claims/{id}/votes", tag = "claims",
    params(("id" = i64, Path, description = "Claim id, a positive whole number")),
    request_body = CastVote,
    responses(
        (status = 200, description = "The vote is cast (or replaces yours); the claim with its new tally and status", body = ClaimView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Refused as a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such claim", body = ErrorBody),
        (status = 422, description = "Unknown verdict, verified/disputed without a source of this claim, or malformed JSON", body = ErrorBody),
        (status = 429, description = "Over the per-account write limit (CLAIMCHECK_LIMIT_WRITES_PER_MINUTE)", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn cast_vote(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<CastVote>,
) -> Result<Json<ClaimView>, AppError> {
    Ok(Json(service::claims::cast_vote(&state, &actor, id, input).await?))
}

#[utoipa::path(
    delete, path = "/api/claims/{id}/votes", tag = "claims",
    params(("id" = i64, Path, description = "Claim id, a positive whole number")),
    responses(
        (status = 200, description = "Your vote is withdrawn (history keeps it); the claim with its new tally", body = ClaimView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Refused as a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such claim, or you have no vote on it", body = ErrorBody),
        (status = 409, description = "The claim is hidden or removed, or its article is locked or archived", body = ErrorBody),
        (status = 429, description = "Over the per-account write limit (CLAIMCHECK_LIMIT_WRITES_PER_MINUTE)", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn retract_vote(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
) -> Result<Json<ClaimView>, AppError> {
    Ok(Json(service::claims::retract_vote(&state, &actor, id).await?))
}

#[utoipa::path(
    post, path = "/api/claims/{id}/flags", tag = "claims",
    params(("id" = i64, Path, description = "Claim id, a positive whole number")),
    request_body = NewFlag,
    responses(
        (status = 201, description = "The flag, open for moderators", body = FlagView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Refused as a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such claim", body = ErrorBody),
        (status = 409, description = "You already have an open flag on this claim", body = ErrorBody),
        (status = 422, description = "Unknown reason, missing details for reason other, or malformed JSON", body = ErrorBody),
        (status = 429, description = "Over the per-account write limit (CLAIMCHECK_LIMIT_WRITES_PER_MINUTE)", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn flag_claim(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<NewFlag>,
) -> Result<(StatusCode, Json<FlagView>), AppError> {
    Ok((StatusCode::CREATED, Json(service::claims::flag_claim(&state, &actor, id, input).await?)))
}

#[utoipa::path(
    post, path = "/api/sources/{id}/flags", tag = "claims",
    params(("id" = i64, Path, description = "Source id, a positive whole number")),
    request_body = NewFlag,
    responses(
        (status = 201, description = "The flag, open for moderators", body = FlagView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Refused as a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such source", body = ErrorBody),
        (status = 409, description = "You already have an open flag on this source", body = ErrorBody),
        (status = 422, description = "Unknown reason, missing details for reason other, or malformed JSON", body = ErrorBody),
        (status = 429, description = "Over the per-account write limit (CLAIMCHECK_LIMIT_WRITES_PER_MINUTE)", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn flag_source(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<NewFlag>,
) -> Result<(StatusCode, Json<FlagView>), AppError> {
    Ok((StatusCode::CREATED, Json(service::claims::flag_source(&state, &actor, id, input).await?)))
}
