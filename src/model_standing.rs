//! Types of reviewer standing, invitations and the public reviewer page, shared by the server and
//! the browser (serde). New fields go at the end (see `wire::json`).

use crate::values::Standing;
use serde::{Deserialize, Serialize};

/// `POST /api/users/{id}/standing`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StandingChange {
    /// trusted | new
    pub standing: Standing,
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/invites`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewInvite {
    /// new (default) | trusted: the standing the invited account starts with.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<Standing>))]
    pub standing: Option<String>,
    /// Hours until the invitation expires (default 168, one week; at most 87,600, ten years).
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(minimum = 1, maximum = 87600))]
    pub expires_hours: Option<i64>,
}

/// An invitation as admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InviteView {
    pub token: String,
    /// The registration link to hand to the invited person.
    pub url: String,
    pub expires_at: String,
    pub standing: Standing,
    /// open | used | expired | revoked
    pub state: String,
    pub created_by: Option<String>,
    pub created_at: String,
    pub used_by: Option<String>,
}

/// A reviewer's public record: `GET /api/reviewers/{username}` and `/reviewers/{username}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReviewerProfile {
    pub username: String,
    /// new | trusted
    pub standing: Standing,
    pub role: crate::model::Role,
    /// When the account was created (RFC 3339).
    pub member_since: String,
    /// Current votes that count toward verdicts (0 while the reviewer is new).
    pub counted_votes: i64,
    /// Current votes on claims that have a verdict (by counted votes or an editorial lock).
    pub settled_votes: i64,
    /// Of those, votes that agree with the verdict.
    pub agreed_votes: i64,
    /// agreed_votes / settled_votes, or null when no vote is on a settled claim.
    pub agreement: Option<f64>,
    /// Visible sources the reviewer added.
    pub sources_added: i64,
}

/// One "possible brigading" entry of the moderation queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BrigadeSignal {
    pub claim_id: i64,
    pub article_id: i64,
    pub statement: String,
    /// same_way_burst | outnumber_counted
    pub kind: String,
    /// The verdict the new accounts pushed.
    pub verdict: String,
    /// One line on what was seen.
    pub detail: String,
    /// The new accounts involved: (id, username).
    pub accounts: Vec<BrigadeAccount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BrigadeAccount {
    pub id: i64,
    pub username: String,
    pub created_at: String,
}

/// `POST /api/moderation/brigades/disable`: disable these accounts with their votes excluded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BrigadeDisable {
    /// The accounts, by id (at least one).
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::server::openapi::positive_ids))]
    pub user_ids: Vec<i64>,
    /// Required: why (up to 1,000 characters).
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = String, required = true, max_length = 1000, pattern = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"))]
    pub reason: Option<String>,
}

/// An account an admin created on `/admin/users` (any registration mode), with its one-time password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CreatedAccount {
    pub id: i64,
    pub username: String,
    pub standing: Standing,
    /// Generated; shown once, never stored in clear.
    pub password: String,
}
