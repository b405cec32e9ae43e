//! Reading and submitting articles.

use crate::error::AppError;
use crate::model::{ArticleSummary, Page};
use crate::server::db;
use crate::server::state::AppState;
use crate::server::time::rfc3339;

pub const PER_PAGE: u32 = 20;

/// Newest first. Page numbers start at 1; 0 is treated as 1, a page past the end is empty.
pub async fn list(state: &AppState, page: u32) -> Result<Page<ArticleSummary>, AppError> {
    let page = page.max(1);
    let pool = state.db.pool();
    let total = db::articles::count(pool).await?;
    let offset = i64::from(page - 1) * i64::from(PER_PAGE);
    let rows = db::articles::list_page(pool, i64::from(PER_PAGE), offset).await?;
    let items = rows
        .into_iter()
        .map(|r| ArticleSummary {
            id: r.id,
            title: r.title,
            url: r.url,
            publisher: r.publisher,
            published_date: r.published_date,
            created_at: rfc3339(r.created_at),
            claim_count: r.claim_count,
        })
        .collect();
    Ok(Page { items, page, per_page: PER_PAGE, total })
}
