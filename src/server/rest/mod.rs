//! The JSON API under /api: thin adapters from HTTP to `service`. Errors are `{error, field?}`.

pub mod account;
pub mod articles;
pub mod auth;
pub mod claims;
pub mod import;
pub mod matching;
pub mod moderation;
pub mod queue;
pub mod standing;
pub mod users;

pub use account::temporary_password_gate;

use crate::error::AppError;
use crate::server::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::rejection::PathRejection;
use axum::extract::Path;
use axum::extract::{FromRequest, Request};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/me", get(auth::me))
        .route("/articles", get(articles::list_articles).post(articles::submit_article))
        .route("/articles/{id}", get(articles::get_article))
        .route("/articles/{id}/claims", post(articles::add_claim))
        .route("/articles/{id}/export", get(articles::export_article))
        .route("/claims/{id}", get(claims::get_claim))
        .route("/claims/{id}/sources", post(claims::add_source))
        .route("/claims/{id}/votes", post(claims::cast_vote).delete(claims::retract_vote))
        .route("/claims/{id}/flags", post(claims::flag_claim))
        .route("/claims/{id}/moderation", post(moderation::moderate_claim))
        .route("/claims/{id}/merge", post(moderation::merge_claim))
        .route("/sources/{id}/flags", post(claims::flag_source))
        .route("/sources/{id}/moderation", post(moderation::moderate_source))
        .route("/articles/{id}/moderation", post(moderation::moderate_article))
        .route("/articles/{id}/merge", post(moderation::merge_article))
        .route("/flags/{id}", post(moderation::decide_flag))
        .route("/users", get(users::list_users))
        .route("/users/{id}/disable", post(users::disable_user))
        .route("/users/{id}/enable", post(users::enable_user))
        .route("/users/{id}/role", post(users::set_user_role))
        .route("/moderation/queue", get(moderation::moderation_queue))
        .route("/moderation/audit", get(moderation::audit_log))
        .route("/import", post(import::import_article))
        .route("/openapi.json", get(crate::server::openapi::document))
        .merge(standing::routes())
        .merge(matching::routes())
        .merge(queue::routes())
        .merge(account::routes())
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
        let Json(mut value) =
            Json::<serde_json::Value>::from_request(req, state).await.map_err(json_rejection)?;
        // Every body is one object: serde would also take a struct's fields from an array.
        if !value.is_object() {
            return Err(AppError::validation("body", "the body must be a JSON object"));
        }
        whole_numbers(&mut value);
        serde_path_to_error::deserialize(value).map(ApiJson).map_err(|e| data_error(&e.to_string()))
    }
}

/// A number written with a fraction of zero (`12.0`, `1e3`) is the whole number it equals, as JSON
/// Schema's `integer` says: ids and offsets sent that way are read as integers.
fn whole_numbers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            if let Some(f) = n.as_f64() {
                // Within ±2^53 every whole f64 is exactly the integer it shows.
                if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 {
                    *value = Value::from(f as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers),
        _ => {}
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
        JsonRejection::JsonDataError(e) => data_error(&e.body_text()),
        JsonRejection::BytesRejection(_) => {
            AppError::validation("body", "the body could not be read (too large?)")
        }
        other => AppError::validation("body", other.body_text()),
    }
}

/// A body that is JSON but not of the expected shape. serde's message starts with the path of the
/// field at fault (`title: invalid type: …`).
fn data_error(text: &str) -> AppError {
    // A word outside one of the fixed vocabularies (`crate::values`): a field error that names the
    // field and its choices, as any other bad field gets.
    if let Some(at) = text.find(" must be one of: ") {
        let start = text[..at].rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
        let end = text[at..].find(" at line ").map_or(text.len(), |i| at + i);
        return AppError::validation(&text[start..at], &text[start..end]);
    }
    AppError::validation("body", format!("the JSON does not fit: {text}"))
}

/// A query string that does not fit its endpoint's parameters. serde names the parameter first
/// (`…query string: page: invalid digit found in string`): the error names it too, with the
/// endpoint's own advice for it when `hints` has some (`("page", "page must be a whole number…")`),
/// else serde's reason. A query serde cannot pin on one parameter (a repeated one) is `query`'s.
pub(super) fn query_error(e: axum::extract::rejection::QueryRejection, hints: &[(&str, &str)]) -> AppError {
    let said = e.body_text();
    let detail = said.split_once(": ").map_or(said.as_str(), |(_, rest)| rest);
    // A parameter given twice: serde names it in backticks.
    if let Some(name) = detail.strip_prefix("duplicate field `").and_then(|r| r.split('`').next()) {
        return AppError::validation(name, format!("give {name} once"));
    }
    match detail.split_once(": ") {
        Some((field, reason))
            if !field.is_empty() && field.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
        {
            match hints.iter().find(|(name, _)| *name == field) {
                Some((_, hint)) => AppError::validation(field, *hint),
                None => AppError::validation(field, format!("{field}: {reason}")),
            }
        }
        _ => AppError::validation("query", detail),
    }
}

/// The advice for a `page` parameter, which every paged list takes.
pub(super) const PAGE_HINT: (&str, &str) = ("page", "page must be a whole number; pages start at 1");

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
