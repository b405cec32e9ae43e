//! `/api/articles`: list, submit, read, export, and add a claim to an article.

use super::{ApiJson, Id};
use crate::error::AppError;
use crate::model::{ArticleQuery, ArticleSummary, ArticleView, ClaimView, NewArticle, NewClaim, Page};
use crate::server::auth::Actor;
use crate::server::openapi::{ErrorBody, ServerErrors};
use crate::server::service;
use crate::server::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::{Extension, Json};
use serde::Deserialize;

#[utoipa::path(
    get, path = "/api/articles", tag = "articles",
    params(ArticleQuery),
    responses(
        (status = 200, description = "A page of articles, newest first", body = Page<ArticleSummary>),
        (status = 422, description = "Unknown status, search text over 200 characters, or a malformed query string", body = ErrorBody),
        ServerErrors
    )
)]
pub(super) async fn list_articles(
    State(state): State<AppState>,
    query: Result<Query<ArticleQuery>, QueryRejection>,
) -> Result<Json<Page<ArticleSummary>>, AppError> {
    let Query(q) = query.map_err(|e| {
        super::query_error(e, &[super::PAGE_HINT, ("archived", "archived must be true or false")])
    })?;
    Ok(Json(service::articles::search(&state, &q).await?))
}

#[utoipa::path(
    post, path = "/api/articles", tag = "articles",
    request_body = NewArticle,
    responses(
        (status = 201, description = "Stored exactly as submitted, with the extracted claims", body = ArticleView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Refused as a cross-site browser request", body = ErrorBody),
        (status = 413, description = "The request body is larger than the server accepts (2 MB)"),
        (status = 422, description = "Empty title or body, body over 1 MB, NUL characters, bad URL or date, or malformed JSON", body = ErrorBody),
        (status = 429, description = "Over the per-account write limit (CLAIMCHECK_LIMIT_WRITES_PER_MINUTE)", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn submit_article(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    ApiJson(input): ApiJson<NewArticle>,
) -> Result<(StatusCode, Json<ArticleView>), AppError> {
    Ok((StatusCode::CREATED, Json(service::articles::submit(&state, &actor, input).await?)))
}

#[utoipa::path(
    get, path = "/api/articles/{id}", tag = "articles",
    params(("id" = i64, Path, description = "Article id, a positive whole number")),
    responses(
        (status = 200, description = "The article with its claims in text order", body = ArticleView),
        (status = 404, description = "No such article", body = ErrorBody),
        ServerErrors
    )
)]
pub(super) async fn get_article(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
) -> Result<Json<ArticleView>, AppError> {
    Ok(Json(service::articles::get(&state, &actor, id).await?))
}

/// `?format=` of the export endpoint.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// json | csv | claimreview
    #[param(schema_with = crate::server::openapi::export_formats)]
    pub format: String,
}

#[utoipa::path(
    get, path = "/api/articles/{id}/export", tag = "articles",
    params(("id" = i64, Path, description = "Article id, a positive whole number"), ExportQuery),
    responses(
        (status = 200, description = "The article's verdicts as a download: `json` (application/json, the versioned \
export schema in the README), `csv` (text/csv; charset=utf-8, one row per claim) or `claimreview` (application/ld+json, \
schema.org ClaimReview for each reviewed claim)",
            headers(("Content-Disposition" = String, description = "attachment; filename=\"article-{id}.{json|csv|jsonld}\""),
                ("Link" = String, description = "Only for a copy an admin merged into another article: <that article's permalink>; rel=\"successor-version\""))),
        (status = 404, description = "No such article", body = ErrorBody),
        (status = 422, description = "Missing or unknown format", body = ErrorBody),
        ServerErrors
    )
)]
pub(super) async fn export_article(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> Result<impl IntoResponse, AppError> {
    // The only field: a missing or repeated `format` is what went wrong.
    let Query(q) = query.map_err(|_| {
        AppError::validation("format", "give one format: ?format=json, ?format=csv or ?format=claimreview")
    })?;
    let out = service::export::article(&state, &actor, id, &q.format).await?;
    // A merged copy's verdicts continue in the article it was merged into (RFC 5829's relation).
    let successor = out.successor.map(|url| [(header::LINK, format!("<{url}>; rel=\"successor-version\""))]);
    Ok((
        [
            (header::CONTENT_TYPE, out.format.content_type().to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", out.filename)),
        ],
        successor,
        out.body,
    ))
}

#[utoipa::path(
    post, path = "/api/articles/{id}/claims", tag = "claims",
    params(("id" = i64, Path, description = "Article id, a positive whole number")),
    request_body = NewClaim,
    responses(
        (status = 201, description = "The manual claim, anchored to the range", body = ClaimView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Refused as a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such article", body = ErrorBody),
        (status = 409, description = "A claim already covers exactly this range, or the article already has as many manual claims as it may (CLAIMCHECK_LIMIT_MANUAL_CLAIMS_PER_ARTICLE)", body = ErrorBody),
        (status = 422, description = "Range outside the body, empty or whitespace-only, too long, or malformed JSON", body = ErrorBody),
        (status = 429, description = "Over the per-account write limit (CLAIMCHECK_LIMIT_WRITES_PER_MINUTE)", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn add_claim(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<NewClaim>,
) -> Result<(StatusCode, Json<ClaimView>), AppError> {
    Ok((StatusCode::CREATED, Json(service::claims::add_manual(&state, &actor, id, input).await?)))
}
