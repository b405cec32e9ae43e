//! Articles: submitting (with claim extraction), reading one, and listing with search and filters.

use super::claims::claim_view;
use super::validate;
use crate::consensus::Status;
use crate::error::AppError;
use crate::model::{ArticleQuery, ArticleSummary, ArticleView, Distribution, NewArticle, Page};
use crate::server::auth::Actor;
use crate::server::db;
use crate::server::state::AppState;
use crate::server::time::{now_millis, rfc3339};
use crate::values::Visibility;
use std::collections::HashMap;

pub const PER_PAGE: u32 = 20;
/// Largest article body accepted, in bytes of UTF-8.
pub const MAX_BODY_BYTES: usize = 1_000_000;

/// Newest first. Page numbers start at 1; 0 is treated as 1, a page past the end is empty.
pub async fn list(state: &AppState, page: u32) -> Result<Page<ArticleSummary>, AppError> {
    search(state, &ArticleQuery { page: Some(page), ..Default::default() }).await
}

pub async fn search(state: &AppState, query: &ArticleQuery) -> Result<Page<ArticleSummary>, AppError> {
    let page = query.page.unwrap_or(1).clamp(1, 100_000);
    let status = match query.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => "",
        Some(s) => Status::parse(s).map(Status::as_str).ok_or_else(|| {
            AppError::validation(
                "status",
                "status must be one of: verified, disputed, contested, not_a_claim, pending, unreviewed",
            )
        })?,
    };
    let q = query.q.as_deref().map(str::trim).unwrap_or("");
    if q.contains('\0') {
        return Err(AppError::validation("q", "search text must not contain NUL characters"));
    }
    if q.chars().count() > 200 {
        return Err(AppError::validation("q", "search text must be at most 200 characters"));
    }
    let words = validate::like_words(q);

    let archived = query.archived.unwrap_or(false);
    let pool = state.db.pool();
    let total = db::articles::count_filtered(pool, &words, status, archived).await?;
    let offset = i64::from(page - 1) * i64::from(PER_PAGE);
    let rows =
        db::articles::list_filtered(pool, &words, status, archived, i64::from(PER_PAGE), offset).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut dist: HashMap<i64, Distribution> = HashMap::new();
    for (article_id, status, n) in db::claims::distribution(pool, &ids).await? {
        if let Some(s) = Status::parse(&status) {
            dist.entry(article_id).or_default().add(s, n);
        }
    }
    let items = rows
        .into_iter()
        .map(|r| ArticleSummary {
            distribution: dist.get(&r.id).copied().unwrap_or_default(),
            id: r.id,
            title: r.title,
            url: r.url,
            publisher: r.publisher,
            published_date: r.published_date,
            created_at: rfc3339(r.created_at),
            claim_count: r.claim_count,
            locked: r.locked != 0 || r.archived != 0,
            archived: r.archived != 0,
            merged_into: r.merged_into,
        })
        .collect();
    Ok(Page { items, page, per_page: PER_PAGE, total })
}

/// Readers see every article, with its visible claims in text order; admins also see hidden claims
/// (marked as such). The distribution counts visible claims only, for everyone.
pub async fn get(state: &AppState, actor: &Actor, id: i64) -> Result<ArticleView, AppError> {
    let pool = state.db.pool();
    let a =
        db::articles::by_id(pool, id).await?.ok_or_else(|| AppError::NotFound("no such article".into()))?;
    let claims: Vec<_> = db::claims::for_article(pool, id, actor.is_admin())
        .await?
        .into_iter()
        .map(|row| claim_view(row, &state.config.rule))
        .collect();
    let mut distribution = Distribution::default();
    for c in claims.iter().filter(|c| c.visibility == Visibility::Visible) {
        distribution.add(c.status, 1);
    }
    // A copy merged into another names that one instead.
    let copies = match a.url.as_deref().filter(|_| a.merged_into.is_none()) {
        Some(url) => db::articles::others_with_url(pool, url, id, 5)
            .await?
            .into_iter()
            .map(|(id, title, open)| crate::model::ArticleCopy { id, title, open })
            .collect(),
        None => Vec::new(),
    };
    Ok(ArticleView {
        id: a.id,
        title: a.title,
        body: a.body,
        url: a.url,
        publisher: a.publisher,
        published_date: a.published_date,
        created_at: rfc3339(a.created_at),
        submitted_by: a.submitted_by,
        claims,
        distribution,
        locked: a.locked != 0 || a.archived != 0,
        archived: a.archived != 0,
        copies,
        merged_into: a
            .merged_into
            .map(|id| crate::model::ArticleLink { id, title: a.merged_into_title.unwrap_or_default() }),
    })
}

/// Checks the input, extracts claims and stores article and claims in one transaction.
pub async fn submit(state: &AppState, actor: &Actor, input: NewArticle) -> Result<ArticleView, AppError> {
    let user = actor.require_reviewer()?;
    state.writes.check(user.id)?;
    let title = validate::text("title", Some(&input.title), 300, true)?.unwrap_or_default();
    if input.body.trim().is_empty() {
        return Err(AppError::validation("body", "paste the article text; the body must not be empty"));
    }
    if input.body.len() > MAX_BODY_BYTES {
        return Err(AppError::validation(
            "body",
            format!("the body is {} bytes; the limit is 1 MB ({MAX_BODY_BYTES} bytes)", input.body.len()),
        ));
    }
    if input.body.contains('\0') {
        return Err(AppError::validation("body", "the body contains NUL characters; paste plain text"));
    }
    // A direction override shows the text after it reversed ("42" reads "24"), so reviewers would
    // check other figures than the ones stored. News text has no use for one; the body is stored
    // exactly as sent, so it is refused rather than cleaned.
    if let Some(at) = input.body.chars().position(crate::extract::is_direction_override) {
        return Err(AppError::validation(
            "body",
            format!(
                "the text holds an invisible direction override (U+202D or U+202E) at character {at}, which \
                 makes what follows display reversed; remove it, or paste the article as plain text"
            ),
        ));
    }
    let url = match input.url.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(u) => Some(validate::http_url("url", u)?),
        None => None,
    };
    let publisher = validate::text("publisher", input.publisher.as_deref(), 200, false)?;
    let published_date = validate::date("published_date", input.published_date.as_deref())?;

    let body = input.body;
    // Extraction is CPU work proportional to the body; keep it off the async workers.
    let (body, extraction) = tokio::task::spawn_blocking(move || {
        let ex = crate::extract::extract(&body).into_owned();
        (body, ex)
    })
    .await
    .map_err(|e| anyhow::anyhow!("extraction task failed: {e}"))?;

    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    let article_id = db::articles::insert(
        &mut tx,
        &db::articles::NewArticle {
            title: &title,
            body: &body,
            url: url.as_deref(),
            publisher: publisher.as_deref(),
            published_date: published_date.as_deref(),
            created_at: now,
        },
    )
    .await?;
    db::articles::set_created_by(&mut tx, article_id, user.id).await?;
    for c in &extraction.claims {
        let facts = serde_json::to_string(&c.facts).map_err(anyhow::Error::from)?;
        db::claims::insert(
            &mut tx,
            &db::claims::NewClaimRow {
                article_id,
                start: c.start as i64,
                end: c.end as i64,
                quote_exact: &c.quote.exact,
                quote_prefix: &c.quote.prefix,
                quote_suffix: &c.quote.suffix,
                statement: &c.statement,
                origin: "extracted",
                kind: c.kind.as_str(),
                score: c.score,
                facts_json: &facts,
                created_by: None,
                created_at: now,
            },
        )
        .await?;
    }
    tx.commit().await?;
    super::matching::match_quietly(state, Some(article_id), &[]).await;
    get(state, actor, article_id).await
}
