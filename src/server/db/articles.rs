//! SQL for the `articles` table.

use sqlx::{AnyPool, FromRow};

#[derive(Debug, FromRow)]
pub struct ArticleSummaryRow {
    pub id: i64,
    pub title: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published_date: Option<String>,
    pub created_at: i64,
    pub claim_count: i64,
}

pub async fn count(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM articles").fetch_one(pool).await
}

pub async fn list_page(
    pool: &AnyPool,
    limit: i64,
    offset: i64,
) -> Result<Vec<ArticleSummaryRow>, sqlx::Error> {
    sqlx::query_as::<_, ArticleSummaryRow>(
        "SELECT a.id, a.title, a.url, a.publisher, a.published_date, a.created_at, \
                (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id) AS claim_count \
         FROM articles a ORDER BY a.created_at DESC, a.id DESC LIMIT $1 OFFSET $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await
}

/// What a new article row needs; the service has already validated it.
pub struct NewArticle<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub url: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub published_date: Option<&'a str>,
    pub created_at: i64,
}

pub async fn insert(conn: &mut sqlx::AnyConnection, a: &NewArticle<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO articles (title, body, url, publisher, published_date, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(a.title)
    .bind(a.body)
    .bind(a.url)
    .bind(a.publisher)
    .bind(a.published_date)
    .bind(a.created_at)
    .fetch_one(conn)
    .await
}
