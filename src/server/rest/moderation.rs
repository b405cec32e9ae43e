//! Admins' moderation: claims, sources, articles, flags, the moderation queue and the audit log.

use super::{ApiJson, Id};
use crate::error::AppError;
use crate::model::{
    ArticleMerge, ArticleMergeReport, ArticleModeration, ArticleView, AuditEntry, AuditQuery, ClaimMerge,
    ClaimModeration, ClaimView, FlagDecision, FlagView, ModerationQueue, Page, SourceModeration, SourceView,
};
use crate::server::auth::Actor;
use crate::server::openapi::{ErrorBody, ServerErrors};
use crate::server::service;
use crate::server::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::{Extension, Json};

#[utoipa::path(
    post, path = "/api/claims/{id}/moderation", tag = "moderation",
    params(("id" = i64, Path, description = "Claim id, a positive whole number")),
    request_body = ClaimModeration,
    responses(
        (status = 200, description = "Done and recorded in the audit log; the claim as admins now see it", body = ClaimView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin, or a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such claim", body = ErrorBody),
        (status = 409, description = "The claim is already in that state, or was merged", body = ErrorBody),
        (status = 422, description = "Unknown action, missing reason (hide, remove, lock), missing or unknown verdict (lock), missing statement (edit), or malformed JSON", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn moderate_claim(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<ClaimModeration>,
) -> Result<Json<ClaimView>, AppError> {
    Ok(Json(service::moderation::moderate_claim(&state, &actor, id, input).await?))
}

#[utoipa::path(
    post, path = "/api/claims/{id}/merge", tag = "moderation",
    params(("id" = i64, Path, description = "The duplicate claim's id")),
    request_body = ClaimMerge,
    responses(
        (status = 200, description = "Merged: sources and votes moved (one vote per reviewer), the duplicate removed; the claim merged into", body = ClaimView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin, or a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such claim", body = ErrorBody),
        (status = 409, description = "The claim is already removed or merged", body = ErrorBody),
        (status = 422, description = "Missing reason, `into` is the same claim, another article's, not visible or does not exist, or malformed JSON", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn merge_claim(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<ClaimMerge>,
) -> Result<Json<ClaimView>, AppError> {
    Ok(Json(service::moderation::merge_claim(&state, &actor, id, input).await?))
}

#[utoipa::path(
    post, path = "/api/articles/{id}/merge", tag = "moderation",
    params(("id" = i64, Path, description = "The copy's article id")),
    request_body = ArticleMerge,
    responses(
        (status = 200, description = "Merged: each visible claim of the copy merged into the claim of `into` on the same text \
(added there when `into` holds the text without one), its sources and votes moved (one vote per reviewer); claims whose text \
`into` lacks stay on the copy. The copy is archived and points to `into`. With `dry_run`, the same report of what the merge \
would do, and nothing written", body = ArticleMergeReport),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin, or a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such article", body = ErrorBody),
        (status = 409, description = "The copy was already merged, or is locked", body = ErrorBody),
        (status = 422, description = "Missing reason (needed unless `dry_run`); `into` is the same article, does not exist, is locked or archived, was itself merged, or shares neither the copy's link nor any of its claims' text; or malformed JSON", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn merge_article(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<ArticleMerge>,
) -> Result<Json<ArticleMergeReport>, AppError> {
    Ok(Json(service::moderation::merge_article(&state, &actor, id, input).await?))
}

#[utoipa::path(
    post, path = "/api/sources/{id}/moderation", tag = "moderation",
    params(("id" = i64, Path, description = "Source id, a positive whole number")),
    request_body = SourceModeration,
    responses(
        (status = 200, description = "Done and recorded in the audit log (actions: hide, restore, remove)", body = SourceView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin, or a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such source", body = ErrorBody),
        (status = 409, description = "The source is already in that state", body = ErrorBody),
        (status = 422, description = "Unknown action, missing reason (hide, remove), or malformed JSON", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn moderate_source(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<SourceModeration>,
) -> Result<Json<SourceView>, AppError> {
    Ok(Json(service::moderation::moderate_source(&state, &actor, id, input).await?))
}

#[utoipa::path(
    post, path = "/api/articles/{id}/moderation", tag = "moderation",
    params(("id" = i64, Path, description = "Article id, a positive whole number")),
    request_body = ArticleModeration,
    responses(
        (status = 200, description = "Done and recorded in the audit log (actions: lock, unlock, archive, unarchive)", body = ArticleView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin, or a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such article", body = ErrorBody),
        (status = 409, description = "The article is already in that state", body = ErrorBody),
        (status = 422, description = "Unknown action, missing reason (lock, archive), or malformed JSON", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn moderate_article(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<ArticleModeration>,
) -> Result<Json<ArticleView>, AppError> {
    Ok(Json(service::moderation::moderate_article(&state, &actor, id, input).await?))
}

#[utoipa::path(
    post, path = "/api/flags/{id}", tag = "moderation",
    params(("id" = i64, Path, description = "Flag id, a positive whole number")),
    request_body = FlagDecision,
    responses(
        (status = 200, description = "The flag, resolved or dismissed; recorded in the audit log", body = FlagView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin, or a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such flag", body = ErrorBody),
        (status = 409, description = "The flag is no longer open", body = ErrorBody),
        (status = 422, description = "Unknown action, or malformed JSON", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn decide_flag(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<FlagDecision>,
) -> Result<Json<FlagView>, AppError> {
    Ok(Json(service::moderation::decide_flag(&state, &actor, id, input).await?))
}

#[utoipa::path(
    get, path = "/api/moderation/queue", tag = "moderation",
    responses(
        (status = 200, description = "Flagged items (reasons and counts), new manual claims and contested claims, oldest first", body = ModerationQueue),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn moderation_queue(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
) -> Result<Json<ModerationQueue>, AppError> {
    Ok(Json(service::moderation::queue(&state, &actor).await?))
}

#[utoipa::path(
    get, path = "/api/moderation/audit", tag = "moderation",
    params(AuditQuery),
    responses(
        (status = 200, description = "The audit log, newest first: a JSON page, or with `format=csv` every matching entry as text/csv",
            content((Page<AuditEntry> = "application/json"), (String = "text/csv"))),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 422, description = "Unknown target_type or format, or a malformed query string", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub(super) async fn audit_log(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<axum::response::Response, AppError> {
    actor.require_admin()?;
    let Query(q) = query.map_err(|e| {
        let target = (
            "target_id",
            "target_id must be the id of an article, claim, source or account (a whole number)",
        );
        super::query_error(e, &[super::PAGE_HINT, target])
    })?;
    match q.format.as_deref().unwrap_or("json") {
        "json" | "" => Ok(Json(service::moderation::audit_log(&state, &actor, &q).await?).into_response()),
        "csv" => {
            let body = service::moderation::audit_csv(&state, &actor, &q).await?;
            Ok((
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (header::CONTENT_DISPOSITION, "attachment; filename=\"audit-log.csv\""),
                ],
                body,
            )
                .into_response())
        }
        _ => Err(AppError::validation("format", "format must be json or csv")),
    }
}
