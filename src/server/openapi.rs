//! The OpenAPI 3.1 document for the JSON API, served at `GET /api/openapi.json`. The operations are
//! described by `#[utoipa::path]` on the handlers in `rest`; this file gathers them, the shared
//! error body, the common error responses and the session cookie scheme.

use super::auth::SESSION_COOKIE;
use super::rest;
use crate::model::{
    ArticleModeration, ArticleSummary, ArticleView, AuditEntry, CastVote, ClaimDetail, ClaimKind, ClaimMerge,
    ClaimModeration, ClaimView, Distribution, Editorial, Fact, FlagDecision, FlagView, FlaggedItem,
    HistoryEntry, ModerationQueue, NewArticle, NewClaim, NewFlag, NewSource, Page, QueueClaim, QueueFlag,
    Quote, ReasonCount, Role, SourceModeration, SourceView, Status, Tally, UserAdminView, UserDisable,
    UserEnable, UserRoleChange, UserView, VoteView,
};
use crate::model::{ImportedArticle, NewImport};
use axum::http::header;
use axum::response::IntoResponse;
use serde::Serialize;
use std::sync::LazyLock;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

/// The name operations use in `security(...)` for the session cookie.
pub const SESSION_SCHEME: &str = "session_cookie";

/// Every error the API sends: a sentence for people and, for validation errors, the input at fault.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong, in a sentence that says what to fix.
    #[schema(example = "title: the title must not be empty")]
    pub error: String,
    /// The request field the error is about (validation errors only).
    #[schema(example = "title")]
    pub field: Option<String>,
}

/// Failures any operation can meet, whatever its input.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Only its derived description is used.
pub enum ServerErrors {
    /// Something failed on the server; details are logged, never sent.
    #[response(status = 500)]
    Internal(ErrorBody),
    /// The database is unreachable or the request took too long; retry shortly.
    #[response(status = 503)]
    Unavailable(ErrorBody),
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "claimcheck",
        description = "Crowdsourced fact-checking: articles broken into checkable claims, reviewed by people. \
Reading is open to everyone; changes need a signed-in session (the `claimcheck_session` cookie that \
register and login set). Browsers' cross-site state-changing requests are refused with 403. Every error \
body is `{error, field?}`.",
        license(name = "MIT")
    ),
    paths(
        rest::auth::register,
        rest::auth::login,
        rest::auth::logout,
        rest::auth::me,
        rest::articles::list_articles,
        rest::articles::submit_article,
        rest::articles::get_article,
        rest::articles::export_article,
        rest::articles::add_claim,
        rest::claims::get_claim,
        rest::claims::add_source,
        rest::claims::cast_vote,
        rest::claims::retract_vote,
        rest::claims::flag_claim,
        rest::claims::flag_source,
        rest::moderation::moderate_claim,
        rest::moderation::merge_claim,
        rest::moderation::moderate_source,
        rest::moderation::moderate_article,
        rest::moderation::decide_flag,
        rest::users::list_users,
        rest::users::disable_user,
        rest::users::enable_user,
        rest::users::set_user_role,
        rest::moderation::moderation_queue,
        rest::moderation::audit_log,
        super::rest::standing::set_standing,
        super::rest::standing::create_invite,
        super::rest::standing::list_invites,
        super::rest::standing::revoke_invite,
        super::rest::standing::reviewer,
        super::rest::standing::disable_brigade,
        super::rest::import::import_article,
        super::rest::matching::list_factchecks,
        super::rest::matching::import_factchecks,
        super::rest::matching::decide_match,
        super::rest::queue::review_queue,
        super::rest::queue::request_check,
        super::rest::queue::activity,
        super::rest::account::change_password,
        super::rest::account::list_sessions,
        super::rest::account::end_session,
    ),
    components(schemas(
        ErrorBody,
        crate::model_account::PasswordChange,
        crate::model_account::SessionView,
        crate::model::MatchView,
        crate::model::MatchDecision,
        crate::model::FactCheckView,
        Page<crate::model::FactCheckView>,
        crate::model::ImportReport,
        rest::auth::Credentials,
        UserView,
        Role,
        Page<ArticleSummary>,
        ArticleSummary,
        Distribution,
        ArticleView,
        ClaimView,
        ClaimDetail,
        Quote,
        Fact,
        ClaimKind,
        Status,
        Tally,
        SourceView,
        VoteView,
        HistoryEntry,
        FlagView,
        NewArticle,
        NewClaim,
        NewSource,
        CastVote,
        NewFlag,
        Editorial,
        ClaimModeration,
        ClaimMerge,
        ArticleModeration,
        SourceModeration,
        crate::values::Stance,
        crate::values::Verdict,
        crate::values::LockVerdict,
        crate::values::FlagReason,
        crate::values::ClaimAction,
        crate::values::SourceAction,
        crate::values::ArticleAction,
        crate::values::FlagAction,
        crate::values::Visibility,
        FlagDecision,
        UserDisable,
        UserEnable,
        UserRoleChange,
        UserAdminView,
        Page<UserAdminView>,
        ModerationQueue,
        FlaggedItem,
        QueueFlag,
        ReasonCount,
        QueueClaim,
        AuditEntry,
        Page<AuditEntry>,
        crate::model_standing::StandingChange,
        crate::model_standing::NewInvite,
        crate::model_standing::InviteView,
        crate::model_standing::ReviewerProfile,
        crate::model_standing::BrigadeSignal,
        crate::model_standing::BrigadeAccount,
        crate::model_standing::BrigadeDisable,
        NewImport,
        ImportedArticle,
        super::rest::queue::QueueEntry,
        super::rest::queue::QueuePage,
        crate::model::CheckRequests,
        crate::model::Activity,
        crate::model::ActivityItem,
    )),
    modifiers(&SessionCookie),
    tags(
        (name = "auth", description = "Accounts and sessions"),
        (name = "articles", description = "Submitting, listing and reading articles"),
        (name = "claims", description = "Claims, their sources, votes and flags"),
        (name = "moderation", description = "Admins only: the queue, claim/source/article/account actions, the audit log"),
        (name = "factchecks", description = "The fact-check library that claims are matched against (\"previously checked\")"),
        (name = "review", description = "The crowd's daily loop: the review queue, readers' check requests, activity on your claims"),
    )
)]
pub struct ApiDoc;

struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            SESSION_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "Set by POST /api/auth/register and /api/auth/login (HttpOnly, SameSite=Lax); \
                 ends on logout, after 12 hours idle or 7 days.",
            ))),
        );
    }
}

/// Built once: the document never changes while the server runs.
static DOCUMENT: LazyLock<String> =
    LazyLock::new(|| ApiDoc::openapi().to_json().expect("the OpenAPI document serializes"));

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_references_only_schemas_it_defines() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let text = doc.to_string();
        for part in text.split("\"#/components/schemas/").skip(1) {
            let name = &part[..part.find('"').unwrap()];
            assert!(schemas.contains_key(name), "{name} is referenced but not defined");
        }
    }

    #[test]
    fn statuses_and_kinds_are_snake_case_enums() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let status = &doc["components"]["schemas"]["Status"]["enum"];
        assert!(status.as_array().unwrap().contains(&"not_a_claim".into()), "{status}");
        let kind = &doc["components"]["schemas"]["ClaimKind"]["enum"];
        assert!(kind.as_array().unwrap().contains(&"datetime".into()), "{kind}");
    }
}
