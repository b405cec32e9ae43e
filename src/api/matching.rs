//! Server functions for "previously checked": a reviewer's decision on a claim's match.

use crate::error::AppError;
use crate::model::MatchView;
use leptos::prelude::*;

#[server(prefix = "/rpc", endpoint = "decide_match", output = crate::wire::codec::Json)]
pub async fn decide_match(claim_id: i64, match_id: i64, decision: String) -> Result<MatchView, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    let input = crate::model::MatchDecision { decision };
    crate::server::service::matching::decide(&state, &actor, claim_id, match_id, input).await.map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "list_factchecks", output = crate::wire::codec::Json)]
pub async fn list_factchecks(
    q: Option<String>,
    page: Option<u32>,
) -> Result<crate::model::Page<crate::model::FactCheckView>, AppError> {
    let state = expect_context::<crate::server::state::AppState>();
    crate::server::service::matching::library(&state, q.as_deref(), page)
        .await
        .map_err(super::auth::ssr::fail)
}

/// Ok for an admin; 401 or 403 otherwise (the page answers with that status too).
#[server(prefix = "/rpc", endpoint = "factchecks_admin", output = crate::wire::codec::Json)]
pub async fn factchecks_admin() -> Result<(), AppError> {
    use super::auth::ssr::{caller, fail};
    let (_, actor) = caller().await?;
    actor.require_admin().map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "import_factchecks", output = crate::wire::codec::Json)]
pub async fn import_factchecks(
    text: String,
    format: Option<String>,
    publisher: Option<String>,
) -> Result<crate::model::ImportReport, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    let publisher = publisher.filter(|p| !p.trim().is_empty());
    crate::server::service::matching::import(&state, &actor, &text, format.as_deref(), publisher.as_deref())
        .await
        .map_err(fail)
}
