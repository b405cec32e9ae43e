//! Server functions for reading articles.

use crate::error::AppError;
use crate::model::{ArticleSummary, Page};
use leptos::prelude::*;

/// Newest first, `page` counted from 1.
#[server(prefix = "/rpc", endpoint = "list_articles")]
pub async fn list_articles(page: u32) -> Result<Page<ArticleSummary>, AppError> {
    let state = expect_context::<crate::server::state::AppState>();
    crate::server::service::articles::list(&state, page).await
}
