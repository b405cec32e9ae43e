//! Server functions for reading articles.

use crate::error::AppError;
use crate::model::{ArticleSummary, Page};
use leptos::prelude::*;

/// Newest first, `page` counted from 1.
#[server(prefix = "/rpc", endpoint = "list_articles", output = crate::wire::codec::Json)]
pub async fn list_articles(page: u32) -> Result<Page<ArticleSummary>, AppError> {
    let state = expect_context::<crate::server::state::AppState>();
    crate::server::service::articles::list(&state, page).await
}

/// The ClaimReview JSON-LD of an article's reviewed claims, escaped for a `<script>` element;
/// empty while no claim has a verdict.
#[server(prefix = "/rpc", endpoint = "article_claim_reviews", output = crate::wire::codec::Json)]
pub async fn article_claim_reviews(article_id: i64) -> Result<String, AppError> {
    let state = expect_context::<crate::server::state::AppState>();
    crate::server::service::export::claim_review_script(&state, article_id, None).await
}

/// The ClaimReview JSON-LD of one claim (empty while it has no verdict), for its permalink page.
#[server(prefix = "/rpc", endpoint = "claim_review", output = crate::wire::codec::Json)]
pub async fn claim_review(claim_id: i64) -> Result<String, AppError> {
    let state = expect_context::<crate::server::state::AppState>();
    let actor = crate::server::auth::Actor::Anonymous;
    let claim = crate::server::service::claims::get(&state, &actor, claim_id).await?;
    crate::server::service::export::claim_review_script(&state, claim.article_id, Some(claim_id)).await
}
