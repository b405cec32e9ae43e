//! The unique indexes whose violation a client can cause and must be told about, recognised in one
//! place for both backends (PostgreSQL names the index; SQLite names the table and columns), in the
//! spirit of realworld-axum-sqlx's `on_constraint`.

use crate::error::AppError;

/// A unique index the service layer turns into a message for the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unique {
    /// `users_username_key`: lower(username).
    Username,
    /// `sources_claim_url_key`: one URL once per claim.
    SourceUrl,
    /// `flags_open_key`: one open flag per reviewer and target.
    OpenFlag,
    /// `check_requests_user_key` / `check_requests_browser_key`: one request per asker and claim.
    CheckRequest,
}

impl Unique {
    /// (PostgreSQL index names, a part of SQLite's "UNIQUE constraint failed: …" message).
    fn names(self) -> (&'static [&'static str], &'static str) {
        match self {
            Unique::Username => (&["users_username_key"], "users_username_key"),
            Unique::SourceUrl => (&["sources_claim_url_key"], "sources.claim_id"),
            Unique::OpenFlag => (&["flags_open_key"], "flags.target_type"),
            Unique::CheckRequest => {
                (&["check_requests_user_key", "check_requests_browser_key"], "check_requests.claim_id")
            }
        }
    }

    /// Whether `err` is a violation of this index.
    pub fn violated_by(self, err: &sqlx::Error) -> bool {
        let sqlx::Error::Database(db) = err else { return false };
        if !db.is_unique_violation() {
            return false;
        }
        let (indexes, sqlite) = self.names();
        db.constraint().is_some_and(|c| indexes.contains(&c)) || db.message().contains(sqlite)
    }
}

/// Turns a violation of one unique index into the client's error; any other database error goes
/// the usual way (`From<sqlx::Error>`: logged, then 500 or 503).
pub trait OnUnique<T> {
    fn on_unique(self, index: Unique, error: impl FnOnce() -> AppError) -> Result<T, AppError>;
}

impl<T> OnUnique<T> for Result<T, sqlx::Error> {
    fn on_unique(self, index: Unique, error: impl FnOnce() -> AppError) -> Result<T, AppError> {
        self.map_err(|e| if index.violated_by(&e) { error() } else { e.into() })
    }
}
