//! `POST /api/import`: a link or a saved page in, the article's fields out; nothing is stored.

use super::ApiJson;
use crate::error::AppError;
use crate::model::{ImportedArticle, NewImport};
use crate::server::auth::Actor;
use crate::server::openapi::{ErrorBody, ServerErrors};
use crate::server::service;
use crate::server::state::AppState;
use axum::extract::State;
use axum::{Extension, Json};

#[utoipa::path(
    post, path = "/api/import", tag = "articles",
    request_body = NewImport,
    responses(
        (status = 200, description = "The page's title, body, byline, publisher, date, canonical URL and language, for the reviewer to check and submit with POST /api/articles; nothing is stored", body = ImportedArticle),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Refused as a cross-site browser request", body = ErrorBody),
        (status = 413, description = "The request body is larger than the server accepts (2 MB)"),
        (status = 422, description = "Neither url nor html; a link that is not http(s), is on a private network (checked again on every redirect), redirects more than 5 times, takes longer than the fetch timeout (10 s by default), is larger than 5 MB or is not HTML; or a page with no article text", body = ErrorBody),
        (status = 429, description = "More link imports this hour than CLAIMCHECK_LIMIT_IMPORTS_PER_HOUR allows (30 by default); see Retry-After", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
pub async fn import_article(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    ApiJson(input): ApiJson<NewImport>,
) -> Result<Json<ImportedArticle>, AppError> {
    Ok(Json(service::imports::import(&state, &actor, input).await?))
}
