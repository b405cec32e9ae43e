//! Server functions for the admin area and the moderation controls on the article page. Each finds
//! the actor and calls one service function; the service refuses anyone but admins.

use crate::error::AppError;
use crate::model::{
    ArticleView, AuditEntry, AuditQuery, ClaimView, FlagView, Page, SourceView, UserAdminView,
};
use leptos::prelude::*;

#[server(prefix = "/rpc", endpoint = "moderation_queue", output = crate::wire::codec::Json)]
pub async fn get_moderation_queue() -> Result<crate::model::ModerationQueue, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    crate::server::service::moderation::queue(&state, &actor).await.map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "moderate_claim", output = crate::wire::codec::Json)]
pub async fn moderate_claim(
    claim_id: i64,
    action: String,
    verdict: Option<String>,
    reason: Option<String>,
    statement: Option<String>,
) -> Result<ClaimView, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    use crate::values::{ClaimAction, LockVerdict};
    let action = ClaimAction::from_field(&action).map_err(fail)?;
    let verdict =
        verdict.filter(|v| !v.is_empty()).map(|v| LockVerdict::from_field(&v)).transpose().map_err(fail)?;
    let input = crate::model::ClaimModeration { action, verdict, reason, statement };
    crate::server::service::moderation::moderate_claim(&state, &actor, claim_id, input).await.map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "merge_claim", output = crate::wire::codec::Json)]
pub async fn merge_claim(claim_id: i64, into: i64, reason: Option<String>) -> Result<ClaimView, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    let input = crate::model::ClaimMerge { into, reason };
    crate::server::service::moderation::merge_claim(&state, &actor, claim_id, input).await.map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "merge_article", output = crate::wire::codec::Json)]
pub async fn merge_article(
    article_id: i64,
    into: i64,
    reason: Option<String>,
    dry_run: Option<bool>,
) -> Result<crate::model::ArticleMergeReport, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    let input = crate::model::ArticleMerge { into, reason, dry_run: dry_run.unwrap_or(false) };
    crate::server::service::moderation::merge_article(&state, &actor, article_id, input).await.map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "moderate_source", output = crate::wire::codec::Json)]
pub async fn moderate_source(
    source_id: i64,
    action: String,
    reason: Option<String>,
) -> Result<SourceView, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    let action = crate::values::SourceAction::from_field(&action).map_err(fail)?;
    let input = crate::model::SourceModeration { action, reason };
    crate::server::service::moderation::moderate_source(&state, &actor, source_id, input).await.map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "moderate_article", output = crate::wire::codec::Json)]
pub async fn moderate_article(
    article_id: i64,
    action: String,
    reason: Option<String>,
) -> Result<ArticleView, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    let action = crate::values::ArticleAction::from_field(&action).map_err(fail)?;
    let input = crate::model::ArticleModeration { action, reason };
    crate::server::service::moderation::moderate_article(&state, &actor, article_id, input)
        .await
        .map_err(fail)
}

/// Resolves or dismisses every open flag on a claim or source.
#[server(prefix = "/rpc", endpoint = "decide_flags", output = crate::wire::codec::Json)]
pub async fn decide_flags(
    target_type: String,
    target_id: i64,
    action: String,
    note: Option<String>,
) -> Result<u64, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    let action = crate::values::FlagAction::from_field(&action).map_err(fail)?;
    let input = crate::model::FlagDecision { action, note };
    crate::server::service::moderation::decide_flags_on(&state, &actor, &target_type, target_id, input)
        .await
        .map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "flag_source", output = crate::wire::codec::Json)]
pub async fn flag_source(
    source_id: i64,
    reason: String,
    details: Option<String>,
) -> Result<FlagView, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    let reason = crate::values::FlagReason::from_field(&reason).map_err(fail)?;
    let input = crate::model::NewFlag { reason, details };
    crate::server::service::claims::flag_source(&state, &actor, source_id, input).await.map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "audit_log", output = crate::wire::codec::Json)]
pub async fn audit_log(#[server(default)] query: AuditQuery) -> Result<Page<AuditEntry>, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    crate::server::service::moderation::audit_log(&state, &actor, &query).await.map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "list_users", output = crate::wire::codec::Json)]
pub async fn list_users(q: Option<String>, page: Option<u32>) -> Result<Page<UserAdminView>, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    crate::server::service::moderation::users(&state, &actor, q.as_deref(), page).await.map_err(fail)
}

/// disable | enable | promote | demote | trust | untrust, from the accounts page.
#[server(prefix = "/rpc", endpoint = "moderate_user", output = crate::wire::codec::Json)]
pub async fn moderate_user(
    user_id: i64,
    action: String,
    reason: Option<String>,
    #[server(default)] exclude_votes: Option<String>,
) -> Result<UserAdminView, AppError> {
    use super::auth::ssr::{caller, fail};
    use crate::server::service::moderation as m;
    let (state, actor) = caller().await?;
    let rule = &state.config.rule;
    let result = match action.as_str() {
        "disable" => {
            let exclude_votes = exclude_votes.is_some_and(|v| v == "on" || v == "true");
            m::disable_user(
                &state.db,
                rule,
                &actor,
                user_id,
                crate::model::UserDisable { reason, exclude_votes },
            )
            .await
        }
        "enable" => {
            m::enable_user(&state.db, rule, &actor, user_id, crate::model::UserEnable { reason }).await
        }
        "promote" | "demote" => {
            let role = if action == "promote" { "admin" } else { "reviewer" };
            m::set_user_role(
                &state.db,
                rule,
                &actor,
                user_id,
                crate::model::UserRoleChange { role: role.into(), reason },
            )
            .await
        }
        "trust" | "untrust" => {
            let standing = if action == "trust" {
                crate::values::Standing::Trusted
            } else {
                crate::values::Standing::New
            };
            crate::server::service::standing::set_standing(
                &state.db,
                rule,
                &state.config.earn,
                &actor,
                user_id,
                crate::model_standing::StandingChange { standing, reason },
            )
            .await
        }
        _ => Err(AppError::validation(
            "action",
            "action must be one of: disable, enable, promote, demote, trust, untrust",
        )),
    };
    result.map_err(fail)
}
