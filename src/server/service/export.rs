//! Exporting an article's verdicts: gathers the article, its claims and their sources, and hands
//! them to the writers in `server::export`. Used by `GET /api/articles/{id}/export` and the CLI.

use super::claims::source_view;
use crate::error::AppError;
use crate::model::ArticleView;
use crate::server::auth::Actor;
use crate::server::config::Config;
use crate::server::db;
use crate::server::export::{self, CheckedByClaim, Format, Site, SourcesByClaim};
use crate::server::state::AppState;

/// An export ready to send or save.
#[derive(Debug)]
pub struct Exported {
    pub format: Format,
    pub filename: String,
    pub body: Vec<u8>,
    /// For a copy an admin merged into another article: that article's permalink, where its
    /// review goes on (the JSON says so in `merged_into`; every format's response in a `Link`).
    pub successor: Option<String>,
}

pub fn parse_format(raw: &str) -> Result<Format, AppError> {
    Format::parse(raw)
        .ok_or_else(|| AppError::validation("format", "format must be one of: json, csv, claimreview"))
}

/// Today (UTC) as YYYY-MM-DD: the ClaimReview `datePublished` of an export made now.
pub fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}

pub fn site<'a>(config: &'a Config, date: &'a str) -> Site<'a> {
    Site { public_url: &config.public_url, org_name: &config.org_name, date }
}

/// The article as the public sees it (hidden and removed claims and sources left out, whoever asks),
/// with each claim's sources.
pub async fn gather(state: &AppState, id: i64) -> Result<(ArticleView, SourcesByClaim), AppError> {
    let article = super::articles::get(state, &Actor::Anonymous, id).await?;
    let mut sources = SourcesByClaim::new();
    for row in db::reviews::sources_for_article(state.db.pool(), id).await? {
        sources.entry(row.claim_id).or_default().push(source_view(row));
    }
    Ok((article, sources))
}

/// `gather` plus the confirmed "previously checked" matches of the article's claims.
pub async fn gather_checked(
    state: &AppState,
    id: i64,
) -> Result<(ArticleView, SourcesByClaim, CheckedByClaim), AppError> {
    let (article, sources) = gather(state, id).await?;
    let checked = super::matching::checked_for_article(state, id).await?;
    Ok((article, sources, checked))
}

pub fn render(
    article: &ArticleView,
    sources: &SourcesByClaim,
    checked: &CheckedByClaim,
    site: &Site,
    format: Format,
) -> Result<Vec<u8>, AppError> {
    let body = match format {
        Format::Json => export::json_checked(article, sources, checked, site).map_err(anyhow::Error::from)?,
        Format::Csv => export::csv_checked(article, sources, checked, site).map_err(anyhow::Error::from)?,
        Format::ClaimReview => export::claimreview(article, site).map_err(anyhow::Error::from)?,
    };
    Ok(body)
}

/// Readers need no account, so every actor may export; an export is a publication, so it holds what
/// the public sees even when an admin asks.
pub async fn article(state: &AppState, _actor: &Actor, id: i64, format: &str) -> Result<Exported, AppError> {
    let format = parse_format(format)?;
    let (article, sources, checked) = gather_checked(state, id).await?;
    let date = today();
    let site = site(&state.config, &date);
    let body = render(&article, &sources, &checked, &site, format)?;
    let successor = article.merged_into.as_ref().map(|m| site.article_url(m.id));
    Ok(Exported { format, filename: format!("article-{id}.{}", format.extension()), body, successor })
}

/// ClaimReview JSON-LD for the article's reviewed claims (only `claim_id` when given), made safe to
/// embed in `<script type="application/ld+json">`; empty when there is nothing to publish.
pub async fn claim_review_script(
    state: &AppState,
    article_id: i64,
    claim_id: Option<i64>,
) -> Result<String, AppError> {
    let article = super::articles::get(state, &Actor::Anonymous, article_id).await?;
    let date = today();
    let site = site(&state.config, &date);
    let reviews: Vec<_> = article
        .claims
        .iter()
        .filter(|c| claim_id.is_none_or(|id| c.id == id))
        .filter_map(|c| export::claim_review(&article, c, &site))
        .collect();
    if reviews.is_empty() {
        return Ok(String::new());
    }
    let json = serde_json::to_string(&reviews).map_err(anyhow::Error::from)?;
    Ok(export::script_safe(&json))
}
