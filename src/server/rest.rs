//! The JSON API under /api: thin adapters from HTTP to `service`. Errors are `{error, field?}`.

use super::auth::{end_session, start_session, Actor};
use super::service;
use super::state::AppState;
use crate::error::AppError;
use crate::model::UserView;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::net::SocketAddr;
use tower_sessions::Session;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/register", post(register))
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
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

#[derive(Deserialize)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

async fn register(
    State(state): State<AppState>,
    session: Session,
    ApiJson(c): ApiJson<Credentials>,
) -> Result<(StatusCode, Json<UserView>), AppError> {
    let user = service::accounts::register(&state, &c.username, &c.password).await?;
    start_session(&session, &user).await?;
    Ok((StatusCode::CREATED, Json(user)))
}

async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    session: Session,
    ApiJson(c): ApiJson<Credentials>,
) -> Result<Json<UserView>, AppError> {
    let user = service::accounts::login(&state, peer.ip(), &c.username, &c.password).await?;
    start_session(&session, &user).await?;
    Ok(Json(user))
}

async fn logout(session: Session) -> Result<StatusCode, AppError> {
    end_session(&session).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn me(Extension(actor): Extension<Actor>) -> Result<Json<UserView>, AppError> {
    Ok(Json(actor.require_reviewer()?.clone()))
}

async fn not_found() -> impl IntoResponse {
    AppError::NotFound("no such API endpoint".into())
}
