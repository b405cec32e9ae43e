//! Server functions for the reviewer's workspace. Each finds the actor and calls one service function.

use crate::error::AppError;
use crate::model::{
    ArticleQuery, ArticleSummary, ArticleView, ClaimDetail, ClaimView, FlagView, Page, SourceView,
};
use leptos::prelude::*;

#[server(prefix = "/rpc", endpoint = "search_articles", output = crate::wire::codec::Json)]
pub async fn search_articles(
    #[server(default)] query: ArticleQuery,
) -> Result<Page<ArticleSummary>, AppError> {
    let state = expect_context::<crate::server::state::AppState>();
    crate::server::service::articles::search(&state, &query).await.map_err(super::auth::ssr::fail)
}

#[server(prefix = "/rpc", endpoint = "get_article", output = crate::wire::codec::Json)]
pub async fn get_article(id: i64) -> Result<ArticleView, AppError> {
    let state = expect_context::<crate::server::state::AppState>();
    let actor = super::auth::ssr::actor().await?;
    crate::server::service::articles::get(&state, &actor, id).await.map_err(super::auth::ssr::fail)
}

#[server(prefix = "/rpc", endpoint = "get_report", output = crate::wire::codec::Json)]
pub async fn get_report(id: i64) -> Result<crate::model::ArticleReport, AppError> {
    let state = expect_context::<crate::server::state::AppState>();
    let (article, by_claim) =
        crate::server::service::export::gather(&state, id).await.map_err(super::auth::ssr::fail)?;
    // Claims in text order, each claim's sources in the order they were added.
    let sources =
        article.claims.iter().flat_map(|c| by_claim.get(&c.id).cloned().unwrap_or_default()).collect();
    Ok(crate::model::ArticleReport { article, sources })
}

#[server(prefix = "/rpc", endpoint = "get_claim", output = crate::wire::codec::Json)]
pub async fn get_claim(id: i64) -> Result<ClaimDetail, AppError> {
    let state = expect_context::<crate::server::state::AppState>();
    let actor = super::auth::ssr::actor().await?;
    let token = super::auth::ssr::asker_token();
    crate::server::service::claims::detail_following_merges(&state, &actor, id, token.as_deref())
        .await
        .map_err(super::auth::ssr::fail)
}

/// Where a link to a claim leads on an article page, as (article id, claim id): the claim itself,
/// or the claim it was merged into. `None` when there is none to show.
#[server(prefix = "/rpc", endpoint = "locate_claim", output = crate::wire::codec::Json)]
pub async fn locate_claim(id: i64) -> Result<Option<(i64, i64)>, AppError> {
    let state = expect_context::<crate::server::state::AppState>();
    let actor = super::auth::ssr::actor().await?;
    crate::server::service::claims::locate(&state, &actor, id).await.map_err(super::auth::ssr::fail)
}

#[server(prefix = "/rpc", endpoint = "submit_article", output = crate::wire::codec::Json)]
pub async fn submit_article(
    title: String,
    body: String,
    url: Option<String>,
    publisher: Option<String>,
    published_date: Option<String>,
) -> Result<ArticleView, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    let input = crate::model::NewArticle { title, body, url, publisher, published_date };
    let article = crate::server::service::articles::submit(&state, &actor, input).await.map_err(fail)?;
    leptos_axum::redirect(&format!("/articles/{}", article.id));
    Ok(article)
}

#[server(prefix = "/rpc", endpoint = "add_claim", output = crate::wire::codec::Json)]
pub async fn add_claim(
    article_id: i64,
    start: i64,
    end: i64,
    statement: Option<String>,
) -> Result<ClaimView, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    crate::server::service::claims::add_manual(
        &state,
        &actor,
        article_id,
        crate::model::NewClaim { start, end, statement },
    )
    .await
    .map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "add_source", output = crate::wire::codec::Json)]
pub async fn add_source(
    claim_id: i64,
    url: String,
    title: Option<String>,
    publisher: Option<String>,
    excerpt: Option<String>,
    stance: String,
) -> Result<SourceView, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    let stance = crate::values::Stance::from_field(&stance).map_err(fail)?;
    let input = crate::model::NewSource { url, title, publisher, excerpt, stance };
    crate::server::service::claims::add_source(&state, &actor, claim_id, input).await.map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "vote", output = crate::wire::codec::Json)]
pub async fn vote(
    claim_id: i64,
    verdict: String,
    #[server(default)] source_ids: Vec<i64>,
    note: Option<String>,
) -> Result<ClaimView, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    let verdict = crate::values::Verdict::from_field(&verdict).map_err(fail)?;
    crate::server::service::claims::cast_vote(
        &state,
        &actor,
        claim_id,
        crate::model::CastVote { verdict, source_ids, note },
    )
    .await
    .map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "retract_vote", output = crate::wire::codec::Json)]
pub async fn retract_vote(claim_id: i64) -> Result<ClaimView, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    crate::server::service::claims::retract_vote(&state, &actor, claim_id).await.map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "flag_claim", output = crate::wire::codec::Json)]
pub async fn flag_claim(
    claim_id: i64,
    reason: String,
    details: Option<String>,
) -> Result<FlagView, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    let reason = crate::values::FlagReason::from_field(&reason).map_err(fail)?;
    crate::server::service::claims::flag_claim(
        &state,
        &actor,
        claim_id,
        crate::model::NewFlag { reason, details },
    )
    .await
    .map_err(fail)
}
