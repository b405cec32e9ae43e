//! The JSON API of "previously checked": the fact-check library (list, search, admin upload) and a
//! reviewer's decision on a claim's match. Thin adapters over `service::matching`.

use super::ApiJson;
use crate::error::AppError;
use crate::model::{FactCheckView, ImportReport, MatchDecision, MatchView, Page};
use crate::server::auth::Actor;
use crate::server::openapi::{ErrorBody, ServerErrors};
use crate::server::service;
use crate::server::state::AppState;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/factchecks", get(list_factchecks).post(import_factchecks))
        .route("/claims/{id}/matches/{match_id}", post(decide_match))
}

/// `?q=&page=` of the library list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FactCheckQuery {
    /// Search text (at most 500 characters): the closest fact-checks to it, best first.
    pub q: Option<String>,
    /// Page number from 1 (without `q`).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 4294967295_i64)]
    pub page: Option<u32>,
}

#[utoipa::path(
    get, path = "/api/factchecks", tag = "factchecks",
    params(FactCheckQuery),
    responses(
        (status = 200, description = "The fact-check library: imported fact-checks and our settled claims, newest first; with `q`, the closest imported fact-checks", body = Page<FactCheckView>),
        (status = 422, description = "Search text over 500 characters, NUL characters, or a malformed query string", body = ErrorBody),
        ServerErrors
    )
)]
async fn list_factchecks(
    State(state): State<AppState>,
    query: Result<Query<FactCheckQuery>, QueryRejection>,
) -> Result<Json<Page<FactCheckView>>, AppError> {
    let Query(q) = query.map_err(|e| super::query_error(e, &[super::PAGE_HINT]))?;
    Ok(Json(service::matching::library(&state, q.q.as_deref(), q.page).await?))
}

/// `?format=&publisher=` of the upload.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// claimreview | tsv (guessed from the first character when left out)
    pub format: Option<String>,
    /// Publisher of TSV rows, and of ClaimReview entries without `author.name`.
    pub publisher: Option<String>,
}

#[utoipa::path(
    post, path = "/api/factchecks", tag = "factchecks",
    params(ImportQuery),
    request_body(content = String, description = "The file: ClaimReview JSON-LD (an object, an array or JSON Lines) or TSV `id<TAB>claim<TAB>title` with a header line", content_type = "text/plain"),
    responses(
        (status = 201, description = "Stored (idempotent by publisher and url or id)", body = ImportReport),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin, or refused as a cross-site browser request", body = ErrorBody),
        (status = 413, description = "The request body is larger than the server accepts (2 MB)"),
        (status = 422, description = "A bad row (every one listed with its line number; nothing stored), unknown format, or a body that is not UTF-8 text", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
async fn import_factchecks(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    query: Result<Query<ImportQuery>, QueryRejection>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<ImportReport>), AppError> {
    actor.require_admin()?;
    let Query(q) = query.map_err(|e| super::query_error(e, &[]))?;
    let text =
        std::str::from_utf8(&body).map_err(|_| AppError::validation("file", "the file is not UTF-8 text"))?;
    let report =
        service::matching::import(&state, &actor, text, q.format.as_deref(), q.publisher.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(report)))
}

#[utoipa::path(
    post, path = "/api/claims/{id}/matches/{match_id}", tag = "claims",
    params(
        ("id" = i64, Path, description = "Claim id, a positive whole number"),
        ("match_id" = i64, Path, description = "Match id, from the claim's `matches`")
    ),
    request_body = MatchDecision,
    responses(
        (status = 200, description = "The match with its new state (confirmed: the same claim; dismissed: not); recorded in the claim's history and the audit log", body = MatchView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Refused as a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such claim, or the claim has no such match", body = ErrorBody),
        (status = 409, description = "confirm on a match whose key figures differ from the claim's (`figures`: differ): a related claim, never the same one", body = ErrorBody),
        (status = 422, description = "decision is not confirm or dismiss, or malformed JSON", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
async fn decide_match(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    path: Result<Path<(String, String)>, PathRejection>,
    ApiJson(input): ApiJson<MatchDecision>,
) -> Result<Json<MatchView>, AppError> {
    let Path((id, match_id)) = path.map_err(|e| AppError::validation("id", e.body_text()))?;
    let parse = |raw: &str| match raw.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(AppError::NotFound(format!("{raw:?} is not an id; ids are positive whole numbers"))),
    };
    let (id, match_id) = (parse(&id)?, parse(&match_id)?);
    Ok(Json(service::matching::decide(&state, &actor, id, match_id, input).await?))
}
