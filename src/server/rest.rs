//! The JSON API under /api: thin adapters from HTTP to `service`. Errors are `{error, field?}`.

use super::auth::{end_session, start_session, Actor};
use super::client_addr::ClientAddr;
use super::openapi::{ErrorBody, ServerErrors};
use super::service;
use super::state::AppState;
use crate::error::AppError;
use crate::model::{
    ArticleQuery, ArticleSummary, ArticleView, AuditEntry, AuditQuery, CastVote, ClaimDetail, ClaimMerge,
    ClaimModeration, ClaimView, FlagDecision, FlagView, Moderation, ModerationQueue, NewArticle, NewClaim,
    NewFlag, NewSource, Page, SourceView, UserAdminView, UserDisable, UserEnable, UserRoleChange, UserView,
};
use axum::extract::rejection::JsonRejection;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequest, Request, State};
use axum::extract::{Path, Query};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tower_sessions::Session;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/register", post(register))
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
        .route("/articles", get(list_articles).post(submit_article))
        .route("/articles/{id}", get(get_article))
        .route("/articles/{id}/claims", post(add_claim))
        .route("/articles/{id}/export", get(export_article))
        .route("/claims/{id}", get(get_claim))
        .route("/claims/{id}/sources", post(add_source))
        .route("/claims/{id}/votes", post(cast_vote).delete(retract_vote))
        .route("/claims/{id}/flags", post(flag_claim))
        .route("/claims/{id}/moderation", post(moderate_claim))
        .route("/claims/{id}/merge", post(merge_claim))
        .route("/sources/{id}/flags", post(flag_source))
        .route("/sources/{id}/moderation", post(moderate_source))
        .route("/articles/{id}/moderation", post(moderate_article))
        .route("/flags/{id}", post(decide_flag))
        .route("/users", get(list_users))
        .route("/users/{id}/disable", post(disable_user))
        .route("/users/{id}/enable", post(enable_user))
        .route("/users/{id}/role", post(set_user_role))
        .route("/moderation/queue", get(moderation_queue))
        .route("/moderation/audit", get(audit_log))
        .route("/import", post(super::rest_import::import_article))
        .route("/openapi.json", get(super::openapi::document))
        .merge(super::rest_standing::routes())
        .merge(super::rest_matching::routes())
        .merge(super::rest_queue::routes())
        .merge(super::rest_account::routes())
        .fallback(not_found)
}

/// `Json<T>` whose rejections are JSON errors that say what to fix.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(r: JsonRejection) -> AppError {
    match r {
        JsonRejection::MissingJsonContentType(_) => {
            AppError::validation("body", "send the body as JSON with Content-Type: application/json")
        }
        JsonRejection::JsonSyntaxError(e) => {
            AppError::validation("body", format!("the body is not valid JSON: {e}"))
        }
        JsonRejection::JsonDataError(e) => {
            AppError::validation("body", format!("the JSON does not fit: {e}"))
        }
        JsonRejection::BytesRejection(_) => {
            AppError::validation("body", "the body could not be read (too large?)")
        }
        other => AppError::validation("body", other.body_text()),
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Credentials {
    pub username: String,
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
async fn register(
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
async fn login(
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
async fn logout(session: Session) -> Result<StatusCode, AppError> {
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
async fn me(Extension(actor): Extension<Actor>) -> Result<Json<UserView>, AppError> {
    Ok(Json(actor.require_reviewer()?.clone()))
}

async fn not_found() -> impl IntoResponse {
    AppError::NotFound("no such API endpoint".into())
}

/// A numeric id from the path; anything else is a 404 that says so.
pub struct Id(pub i64);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Id {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, AppError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e: PathRejection| AppError::validation("id", e.body_text()))?;
        match raw.parse::<i64>() {
            Ok(n) if n > 0 => Ok(Id(n)),
            _ => Err(AppError::NotFound(format!("{raw:?} is not an id; ids are positive whole numbers"))),
        }
    }
}

#[utoipa::path(
    get, path = "/api/articles", tag = "articles",
    params(ArticleQuery),
    responses(
        (status = 200, description = "A page of articles, newest first", body = Page<ArticleSummary>),
        (status = 422, description = "Unknown status, search text over 200 characters, or a malformed query string", body = ErrorBody),
        ServerErrors
    )
)]
async fn list_articles(
    State(state): State<AppState>,
    query: Result<Query<ArticleQuery>, QueryRejection>,
) -> Result<Json<Page<ArticleSummary>>, AppError> {
    let Query(q) = query.map_err(|e| AppError::validation("query", e.body_text()))?;
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
async fn submit_article(
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
async fn get_article(
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
    pub format: Option<String>,
}

#[utoipa::path(
    get, path = "/api/articles/{id}/export", tag = "articles",
    params(("id" = i64, Path, description = "Article id, a positive whole number"), ExportQuery),
    responses(
        (status = 200, description = "The article's verdicts as a download: `json` (application/json, the versioned \
export schema in the README), `csv` (text/csv; charset=utf-8, one row per claim) or `claimreview` (application/ld+json, \
schema.org ClaimReview for each reviewed claim)",
            headers(("Content-Disposition" = String, description = "attachment; filename=\"article-{id}.{json|csv|jsonld}\""))),
        (status = 404, description = "No such article", body = ErrorBody),
        (status = 422, description = "Missing or unknown format", body = ErrorBody),
        ServerErrors
    )
)]
async fn export_article(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> Result<impl IntoResponse, AppError> {
    let Query(q) = query.map_err(|e| AppError::validation("format", e.body_text()))?;
    let format = q.format.unwrap_or_default();
    let out = service::export::article(&state, &actor, id, &format).await?;
    Ok((
        [
            (header::CONTENT_TYPE, out.format.content_type().to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", out.filename)),
        ],
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
async fn add_claim(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<NewClaim>,
) -> Result<(StatusCode, Json<ClaimView>), AppError> {
    Ok((StatusCode::CREATED, Json(service::claims::add_manual(&state, &actor, id, input).await?)))
}

/// `?history_before=` of `GET /api/claims/{id}`.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClaimQuery {
    /// A `history_cursor` from an earlier answer: the page of history before it.
    pub history_before: Option<i64>,
}

#[utoipa::path(
    get, path = "/api/claims/{id}", tag = "claims",
    params(("id" = i64, Path, description = "Claim id, a positive whole number"), ClaimQuery),
    responses(
        (status = 200, description = "The claim with its sources, current votes and the latest 50 history entries (with `history_cursor` for older ones)", body = ClaimDetail),
        (status = 404, description = "No such claim (hidden claims too, for anyone but admins)", body = ErrorBody),
        (status = 422, description = "history_before is not a history cursor of this claim", body = ErrorBody),
        ServerErrors
    )
)]
async fn get_claim(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    headers: axum::http::HeaderMap,
    query: Result<Query<ClaimQuery>, QueryRejection>,
) -> Result<Json<ClaimDetail>, AppError> {
    let Query(q) = query.map_err(|e| AppError::validation("history_before", e.body_text()))?;
    let token = super::rest_queue::asker_token(&headers);
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
async fn add_source(
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
async fn cast_vote(
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
        (status = 429, description = "Over the per-account write limit (CLAIMCHECK_LIMIT_WRITES_PER_MINUTE)", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
async fn retract_vote(
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
async fn flag_claim(
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
async fn flag_source(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<NewFlag>,
) -> Result<(StatusCode, Json<FlagView>), AppError> {
    Ok((StatusCode::CREATED, Json(service::claims::flag_source(&state, &actor, id, input).await?)))
}

// --- moderation (admins only) -------------------------------------------------------------------

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
async fn moderate_claim(
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
async fn merge_claim(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<ClaimMerge>,
) -> Result<Json<ClaimView>, AppError> {
    Ok(Json(service::moderation::merge_claim(&state, &actor, id, input).await?))
}

#[utoipa::path(
    post, path = "/api/sources/{id}/moderation", tag = "moderation",
    params(("id" = i64, Path, description = "Source id, a positive whole number")),
    request_body = Moderation,
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
async fn moderate_source(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<Moderation>,
) -> Result<Json<SourceView>, AppError> {
    Ok(Json(service::moderation::moderate_source(&state, &actor, id, input).await?))
}

#[utoipa::path(
    post, path = "/api/articles/{id}/moderation", tag = "moderation",
    params(("id" = i64, Path, description = "Article id, a positive whole number")),
    request_body = Moderation,
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
async fn moderate_article(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<Moderation>,
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
async fn decide_flag(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<FlagDecision>,
) -> Result<Json<FlagView>, AppError> {
    Ok(Json(service::moderation::decide_flag(&state, &actor, id, input).await?))
}

/// `?q=&page=` of the account list.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// Part of a username.
    pub q: Option<String>,
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
async fn list_users(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    query: Result<Query<UserQuery>, QueryRejection>,
) -> Result<Json<Page<UserAdminView>>, AppError> {
    actor.require_admin()?;
    let Query(q) = query.map_err(|e| AppError::validation("query", e.body_text()))?;
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
async fn disable_user(
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
async fn enable_user(
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
async fn set_user_role(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Id(id): Id,
    ApiJson(input): ApiJson<UserRoleChange>,
) -> Result<Json<UserAdminView>, AppError> {
    Ok(Json(service::moderation::set_user_role(&state.db, &state.config.rule, &actor, id, input).await?))
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
async fn moderation_queue(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
) -> Result<Json<ModerationQueue>, AppError> {
    Ok(Json(service::moderation::queue(&state, &actor).await?))
}

#[utoipa::path(
    get, path = "/api/moderation/audit", tag = "moderation",
    params(AuditQuery),
    responses(
        (status = 200, description = "The audit log, newest first: a JSON page, or with `format=csv` every matching entry as text/csv", body = Page<AuditEntry>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 422, description = "Unknown target_type or format, or a malformed query string", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
async fn audit_log(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<axum::response::Response, AppError> {
    actor.require_admin()?;
    let Query(q) = query.map_err(|e| AppError::validation("query", e.body_text()))?;
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
