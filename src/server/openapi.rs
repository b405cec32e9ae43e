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
        rest::moderation::merge_article,
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
        crate::model::ArticleMerge,
        crate::model::ArticleMergeReport,
        crate::model::ArticleLink,
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

// What the server accepts beyond a field's type, where one attribute cannot say it: the shapes
// below are used by `schema_with` / `param(schema_with)` on the input types, so the document tells
// clients (and schemathesis) what validation will refuse.

use utoipa::openapi::schema::{AnyOfBuilder, Array, ArrayBuilder, Object, ObjectBuilder, Schema, Type};
use utoipa::openapi::{KnownFormat, SchemaFormat};

/// An http(s) link the server takes: a scheme, a host of letters, digits, dots and hyphens, and a
/// plain path (what `service::validate::http_url` accepts is wider; this is a subset it never refuses).
const HTTP_URL: &str = "^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9]+([.-][A-Za-z0-9]+)*(/[A-Za-z0-9._~/-]*)?$";

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn words(words: &[&str]) -> Object {
    string().enum_values(Some(words.iter().copied())).build()
}

fn url() -> Object {
    string().pattern(Some(HTTP_URL)).max_length(Some(2048)).build()
}

fn null() -> Object {
    ObjectBuilder::new().schema_type(Type::Null).build()
}

/// A required http(s) link.
pub fn required_http_url() -> Object {
    url()
}

/// An optional http(s) link: a link, or null / left out.
pub fn http_url() -> Schema {
    Schema::AnyOf(AnyOfBuilder::new().item(url()).item(null()).build())
}

/// An http(s) link, or empty, null or left out (no link).
pub fn optional_http_url() -> Schema {
    Schema::AnyOf(
        AnyOfBuilder::new().item(url()).item(string().max_length(Some(0)).build()).item(null()).build(),
    )
}

/// A calendar date (YYYY-MM-DD), or empty, null or left out.
pub fn optional_date() -> Schema {
    let date = string().format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))).build();
    Schema::AnyOf(
        AnyOfBuilder::new().item(date).item(string().max_length(Some(0)).build()).item(null()).build(),
    )
}

/// Positive ids, at least one.
pub fn positive_ids() -> Array {
    let id = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .minimum(Some(1))
        .build();
    ArrayBuilder::new().items(id).min_items(Some(1)).build()
}

/// The article list's `status` filter (empty: any).
pub fn claim_statuses() -> Object {
    words(&["", "verified", "disputed", "contested", "not_a_claim", "pending", "unreviewed"])
}

/// `POST /api/import`: a link to fetch, or a saved page's HTML (with an optional link naming it).
pub fn new_import() -> Schema {
    let link = ObjectBuilder::new()
        .property("url", url())
        .required("url")
        .property(
            "html",
            Schema::AnyOf(
                AnyOfBuilder::new().item(string().max_length(Some(0)).build()).item(null()).build(),
            ),
        )
        .description(Some("Fetch this link"))
        .build();
    let saved = ObjectBuilder::new()
        .property("html", string().min_length(Some(1)).build())
        .required("html")
        .property("url", optional_http_url())
        .description(Some("A saved page (its link, if given, only names it)"))
        .build();
    Schema::OneOf(utoipa::openapi::schema::OneOfBuilder::new().item(link).item(saved).build())
}

/// The audit log's `target_type` filter (empty: any).
pub fn audit_target_types() -> Object {
    words(&["", "claim", "source", "article", "user", "flag", "invitation"])
}

/// The audit log's `format` (empty: json).
pub fn audit_formats() -> Object {
    words(&["", "json", "csv"])
}

/// An article export's `format`.
pub fn export_formats() -> Object {
    words(&["json", "csv", "claimreview"])
}

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
