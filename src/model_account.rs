//! Types of the account page: changing one's password and one's own sessions, shared by the
//! server and the browser (serde). New fields go at the end (see `wire::json`).

use serde::{Deserialize, Serialize};

/// `POST /api/auth/password`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    /// The password the account has now (or the temporary one an admin set).
    #[cfg_attr(feature = "ssr", schema(min_length = 1, max_length = 1024))]
    pub current: String,
    /// 10 to 1024 characters, not among the 10,000 most common passwords.
    #[cfg_attr(feature = "ssr", schema(min_length = 10, max_length = 1024))]
    pub new: String,
}

/// One of the signed-in account's sessions (`GET /api/auth/sessions`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionView {
    /// Names the session for `DELETE /api/auth/sessions/{id}` (not the cookie; it cannot sign in).
    pub id: String,
    /// RFC 3339.
    pub signed_in_at: String,
    /// RFC 3339; updated every few minutes of use.
    pub last_seen_at: String,
    /// RFC 3339: when it ends unless used again.
    pub expires_at: String,
    /// The session this request came with.
    pub current: bool,
}
