//! What a client may be told when something goes wrong. Internal detail (SQL, I/O) is logged on the
//! server and never crosses this boundary; each variant maps to exactly one HTTP status.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum AppError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{field}: {message}")]
    Validation { field: String, message: String },
    #[error("{0}")]
    Conflict(String),
    #[error("{message}")]
    RateLimited { message: String, retry_after_secs: u64 },
    #[error("the service is temporarily unavailable, try again shortly")]
    Unavailable,
    #[error("something went wrong on our side; it has been logged")]
    Internal,
}

impl AppError {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Validation { field: field.into(), message: message.into() }
    }

    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound(_) => 404,
            AppError::Unauthorized(_) => 401,
            AppError::Forbidden(_) => 403,
            AppError::Validation { .. } => 422,
            AppError::Conflict(_) => 409,
            AppError::RateLimited { .. } => 429,
            AppError::Unavailable => 503,
            AppError::Internal => 500,
        }
    }

    /// The field a validation error is about, for `{error, field}` JSON bodies.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Validation { field, .. } => Some(field),
            _ => None,
        }
    }
}

/// Server functions carry errors as text; this keeps the enum intact across that hop.
impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = crate::wire::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        match value {
            leptos::server_fn::error::ServerFnErrorErr::Args(msg)
            | leptos::server_fn::error::ServerFnErrorErr::Deserialization(msg) => {
                AppError::validation("request", msg)
            }
            leptos::server_fn::error::ServerFnErrorErr::Request(_) => AppError::Unavailable,
            _ => AppError::Internal,
        }
    }
}

/// A short, user-facing line; used by pages that show an error inline.
pub struct Friendly<'a>(pub &'a AppError);

impl fmt::Display for Friendly<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            AppError::Validation { message, .. } => f.write_str(message),
            other => write!(f, "{other}"),
        }
    }
}

/// An internal error with its cause: the cause is logged here, once, with where it happened; the
/// client is told only that something went wrong on our side. Server only: the cause never
/// crosses to the browser, so `AppError::Internal` itself carries none.
#[cfg(feature = "ssr")]
impl AppError {
    #[track_caller]
    pub fn internal(cause: impl Into<anyhow::Error>) -> AppError {
        let cause: anyhow::Error = cause.into();
        let at = std::panic::Location::caller();
        tracing::error!(error = ?cause, at = %at, "internal error");
        AppError::Internal
    }
}

/// `.or_internal("why")` on an `Option` that must be `Some` unless the database broke its own
/// rules (a claim's article gone mid-request, a row just written not found): an internal error
/// that logs why and where.
#[cfg(feature = "ssr")]
pub trait OrInternal<T> {
    fn or_internal(self, why: &'static str) -> Result<T, AppError>;
}

#[cfg(feature = "ssr")]
impl<T> OrInternal<T> for Option<T> {
    #[track_caller]
    fn or_internal(self, why: &'static str) -> Result<T, AppError> {
        match self {
            Some(v) => Ok(v),
            None => Err(AppError::internal(anyhow::anyhow!(why))),
        }
    }
}

#[cfg(feature = "ssr")]
mod server_impls {
    use super::AppError;
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};

    impl From<sqlx::Error> for AppError {
        fn from(err: sqlx::Error) -> Self {
            match &err {
                sqlx::Error::RowNotFound => AppError::NotFound("not found".into()),
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => {
                    tracing::warn!(error = %err, "database unavailable");
                    AppError::Unavailable
                }
                _ => {
                    tracing::error!(error = ?err, "database error");
                    AppError::Internal
                }
            }
        }
    }

    impl From<anyhow::Error> for AppError {
        #[track_caller]
        fn from(err: anyhow::Error) -> Self {
            AppError::internal(err)
        }
    }

    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let status =
                StatusCode::from_u16(self.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = serde_json::json!({ "error": crate::error::Friendly(&self).to_string(), "field": self.field() });
            let mut resp = (status, axum::Json(body)).into_response();
            if let AppError::RateLimited { retry_after_secs, .. } = &self {
                resp.headers_mut().insert(axum::http::header::RETRY_AFTER, (*retry_after_secs).into());
            }
            resp
        }
    }
}
