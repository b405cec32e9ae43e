//! Importing an article: fetch a link (through `fetch`, the one outbound client) or take a saved
//! page, and return its fields for the reviewer to check. Nothing is stored but the reviewer's
//! import count, for the hourly limit.

use super::validate;
use crate::error::AppError;
use crate::import::TooDeep;
use crate::model::{ArticleLink, ImportedArticle, NewImport};
use crate::server::auth::Actor;
use crate::server::db;
use crate::server::fetch;
use crate::server::state::AppState;
use crate::server::time::now_millis;

/// A saved page larger than this is refused (as a fetched one would be).
pub const MAX_HTML_BYTES: usize = fetch::MAX_PAGE_BYTES;
const HOUR_MS: i64 = 3_600_000;

pub async fn import(state: &AppState, actor: &Actor, input: NewImport) -> Result<ImportedArticle, AppError> {
    let user = actor.require_reviewer()?;
    let url = match input.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => Some(validate::http_url("url", u)?),
        None => None,
    };
    if let Some(html) = input.html.filter(|h| !h.trim().is_empty()) {
        if html.len() > MAX_HTML_BYTES {
            return Err(AppError::validation("html", "the page is larger than 5 MB"));
        }
        let given = url.clone();
        let article = blocking(move || crate::import::import_str_checked(&html, url.as_deref())).await?;
        let mut article = found_text(article, "html")?;
        article.already_submitted =
            already_submitted(state, &[given.as_deref(), article.url.as_deref()]).await?;
        return Ok(article);
    }
    let Some(url) = url else {
        return Err(AppError::validation("url", "give a link to the article (url) or a saved page (html)"));
    };

    if state.config.imports_per_hour > 0 {
        let limit = i64::from(state.config.imports_per_hour);
        let now = now_millis();
        let mut tx = state.db.begin_write().await?;
        let taken =
            db::imports::take_slot(&mut tx, state.db.backend(), user.id, now, now - HOUR_MS, limit).await?;
        tx.commit().await?;
        if let Err(oldest) = taken {
            let retry_ms = (oldest + HOUR_MS - now).max(1_000);
            return Err(AppError::RateLimited {
                message: format!(
                    "you can import {limit} links an hour; try again later or upload the saved page"
                ),
                retry_after_secs: ((retry_ms + 999) / 1000) as u64,
            });
        }
    }

    let page = fetch::fetch(&state.config.fetch, &url)
        .await
        .map_err(|e| AppError::validation("url", e.to_string()))?;
    let article = blocking(move || {
        crate::import::import_bytes_checked(&page.bytes, page.content_type.as_deref(), Some(&page.url))
    })
    .await?;
    let mut article = found_text(article, "url")?;
    article.already_submitted =
        already_submitted(state, &[Some(url.as_str()), article.url.as_deref()]).await?;
    Ok(article)
}

/// The article already stored under one of these links (as submitting would store them), if any.
async fn already_submitted(state: &AppState, urls: &[Option<&str>]) -> Result<Option<ArticleLink>, AppError> {
    let mut links: Vec<String> =
        urls.iter().flatten().filter_map(|u| validate::http_url("url", u).ok()).collect();
    links.dedup();
    Ok(db::articles::first_with_url(state.db.pool(), &links)
        .await?
        .map(|(id, title)| ArticleLink { id, title }))
}

/// Parsing a large page is CPU work; keep it off the async workers.
async fn blocking<F>(f: F) -> Result<Result<ImportedArticle, TooDeep>, AppError>
where
    F: FnOnce() -> Result<ImportedArticle, TooDeep> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::from(anyhow::anyhow!("import task failed: {e}")))
}

/// A page refused for its nesting says so; any other page without text says that.
fn found_text(article: Result<ImportedArticle, TooDeep>, field: &str) -> Result<ImportedArticle, AppError> {
    let Ok(article) = article else {
        return Err(AppError::validation(
            field,
            format!(
                "the page nests its elements more than {} deep; it cannot be read",
                crate::import::MAX_NESTING
            ),
        ));
    };
    if article.body.trim().is_empty() {
        return Err(AppError::validation(field, "found no article text on that page"));
    }
    Ok(article)
}
