//! The JSON API of the crowd's daily loop (review queue, check requests, activity): thin adapters
//! over `service::queue`, merged into `/api` by `rest::routes`.

use crate::error::AppError;
use crate::model::{Activity, ArticleLink, CheckRequests, ClaimView, QueueQuery};
use crate::server::auth::Actor;
use crate::server::openapi::{ErrorBody, ServerErrors};
use crate::server::service;
use crate::server::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Serialize;

/// The cookie that tells one anonymous browser's check requests apart: a random token, stored only
/// as a hash.
pub const ASKER_COOKIE: &str = "claimcheck_asker";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/review/queue", get(review_queue))
        .route("/claims/{id}/requests", post(request_check))
        .route("/activity", get(activity))
}

/// One queue entry as the API sends it: the claim's fields as in the article view, then its
/// article's title, why it is in the queue, and how many readers asked for a check.
#[derive(Serialize, utoipa::ToSchema)]
pub struct QueueEntry {
    #[serde(flatten)]
    pub claim: ClaimView,
    pub article_title: String,
    /// near_quorum | contested | requested | unreviewed
    pub reason: String,
    pub requests: i64,
}

/// `GET /api/review/queue`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct QueuePage {
    pub items: Vec<QueueEntry>,
    /// How many claims wait for your vote in all (with `article`: in that article).
    pub total: i64,
    /// With `?article=`: the article these claims are from, the one named or, for a copy an admin
    /// merged into another article, that article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<ArticleLink>,
    /// With `?article=`: why that article's claims take no votes (`archived`, `locked`), if so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed: Option<String>,
}

#[utoipa::path(
    get, path = "/api/review/queue", tag = "review",
    params(QueueQuery),
    responses(
        (status = 200, description = "Claims that need your vote, most useful first: one or two counted votes short of \
the quorum (`near_quorum`), `contested`, asked about by readers (`requested`, more requests first), then `unreviewed` \
(newest article first). Claims you voted on, hidden or removed claims, claims with an editorial verdict and locked or \
archived articles are left out", body = QueuePage),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such article", body = ErrorBody),
        (status = 422, description = "limit outside 1..100, an article id that is not positive, or a malformed query string", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
async fn review_queue(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    query: Result<Query<QueueQuery>, QueryRejection>,
) -> Result<Json<QueuePage>, AppError> {
    actor.require_reviewer()?;
    let Query(q) = query.map_err(|e| {
        super::query_error(
            e,
            &[
                ("article", "article must be an article id (a positive whole number)"),
                ("limit", "limit must be a whole number from 1 to 100"),
            ],
        )
    })?;
    let page = service::queue::queue(&state, &actor, &q).await?;
    Ok(Json(QueuePage {
        items: page
            .items
            .into_iter()
            .map(|i| QueueEntry {
                claim: i.claim,
                article_title: i.article_title,
                reason: i.reason,
                requests: i.requests,
            })
            .collect(),
        total: page.total,
        article: page.article,
        closed: page.closed,
    }))
}

/// The browser token in the request's `claimcheck_asker` cookie, when it is a well-formed one.
pub fn asker_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == ASKER_COOKIE && service::queue::valid_token(value))
        .map(|(_, value)| value.to_string())
}

/// The `Set-Cookie` value that gives a browser its token for a year.
pub fn asker_cookie(token: &str, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{ASKER_COOKIE}={token}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax{secure}"
    ))
    .ok()
}

#[utoipa::path(
    post, path = "/api/claims/{id}/requests", tag = "review",
    params(("id" = i64, Path, description = "Claim id, a positive whole number")),
    responses(
        (status = 201, description = "Asked: the claim's request count, now raised. A reader without an account gets a \
`claimcheck_asker` cookie (a random token, stored only as a hash) that tells their browser's requests apart", body = CheckRequests),
        (status = 403, description = "Refused as a cross-site browser request", body = ErrorBody),
        (status = 404, description = "No such claim", body = ErrorBody),
        (status = 409, description = "You (this account or browser) already asked, the claim already has a verdict, or its article is locked or archived", body = ErrorBody),
        (status = 429, description = "Too many requests from this address (CLAIMCHECK_LIMIT_CHECK_REQUESTS an hour)", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        ServerErrors
    )
)]
async fn request_check(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Extension(client): Extension<crate::server::client_addr::ClientAddr>,
    headers: HeaderMap,
    super::Id(id): super::Id,
) -> Result<Response, AppError> {
    let (token, fresh) = match (actor.user(), asker_token(&headers)) {
        (Some(_), _) => (None, false),
        (None, Some(t)) => (Some(t), false),
        (None, None) => (Some(service::queue::new_token()), true),
    };
    let out = service::queue::request_check(&state, &actor, id, client.0, token.as_deref()).await;
    // A new browser keeps its token even when this request was refused, so its next one counts.
    let cookie = match (&token, fresh) {
        (Some(t), true) => asker_cookie(t, state.config.secure_cookies),
        _ => None,
    };
    let mut resp = match out {
        Ok(r) => (StatusCode::CREATED, Json(r)).into_response(),
        Err(e) => e.into_response(),
    };
    if let Some(c) = cookie {
        resp.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(resp)
}

#[utoipa::path(
    get, path = "/api/activity", tag = "review",
    responses(
        (status = 200, description = "What happened on the claims you voted on, added sources to or flagged, newest \
first (at most 100): others' votes (`vote`: each reviewer's latest vote entry on a claim, so a vote changed or \
retracted many times is one line), sources (`source`), status changes (`status`) and moderation of the claim or \
its sources (`moderation`). `unread` counts the events since your previous visit; this request is a visit, so the next \
one counts from now", body = Activity),
        (status = 401, description = "Not signed in", body = ErrorBody),
        ServerErrors
    ),
    security(("session_cookie" = []))
)]
async fn activity(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
) -> Result<Json<Activity>, AppError> {
    Ok(Json(service::queue::activity(&state, &actor, true).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_well_formed_asker_cookie_is_read() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=b; claimcheck_asker=0123456789abcdef0123456789abcdef"),
        );
        assert_eq!(asker_token(&h).as_deref(), Some("0123456789abcdef0123456789abcdef"));
        let mut bad = HeaderMap::new();
        bad.insert(header::COOKIE, HeaderValue::from_static("claimcheck_asker=../../etc"));
        assert_eq!(asker_token(&bad), None);
    }
}
