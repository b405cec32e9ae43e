//! SQL for the `articles` table.

use crate::server::links::link_key;
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
    pub locked: i64,
    pub archived: i64,
    pub merged_into: Option<i64>,
}

pub async fn count(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM articles").fetch_one(pool).await
}

/// What a rendered article page depends on: (claims, sum of claim versions, locked, archived). Every
/// change shown on the page bumps a claim's version, so an unchanged stamp means an unchanged page.
pub async fn render_stamp(pool: &AnyPool, id: i64) -> Result<Option<(i64, i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT COUNT(c.id), CAST(COALESCE(SUM(c.version), 0) AS BIGINT), a.locked, a.archived \
         FROM articles a LEFT JOIN claims c ON c.article_id = a.id WHERE a.id = $1 GROUP BY a.id, a.locked, a.archived",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// What the article list (`/`) depends on: the site's version, which every committed change to
/// articles or claims moves forward (triggers of migration 0012). One row on SQLite, the sum of 16
/// stripes on PostgreSQL.
pub async fn site_version(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM site_version")
        .fetch_one(pool)
        .await
}

/// Up to `limit` article ids above `after`, ascending: keyset paging for `export --all`, so memory
/// stays flat however many articles there are.
pub async fn ids_after(pool: &AnyPool, after: i64, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT id FROM articles WHERE id > $1 ORDER BY id LIMIT $2")
        .bind(after)
        .bind(limit)
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
        "INSERT INTO articles (title, body, url, publisher, published_date, created_at, url_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(a.title)
    .bind(a.body)
    .bind(a.url)
    .bind(a.publisher)
    .bind(a.published_date)
    .bind(a.created_at)
    .bind(a.url.map(link_key))
    .fetch_one(conn)
    .await
}

/// Up to `batch` articles stored before `url_key` existed (migration 0015), as (id, url).
pub async fn missing_url_keys(pool: &AnyPool, batch: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as::<_, (i64, String)>(
        "SELECT id, url FROM articles WHERE url IS NOT NULL AND url_key IS NULL ORDER BY id LIMIT $1",
    )
    .bind(batch)
    .fetch_all(pool)
    .await
}

/// Fills in the `url_key` of these (id, url) articles.
pub async fn fill_url_keys(
    conn: &mut sqlx::AnyConnection,
    rows: &[(i64, String)],
) -> Result<(), sqlx::Error> {
    for (id, url) in rows {
        sqlx::query("UPDATE articles SET url_key = $1 WHERE id = $2")
            .bind(link_key(url))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[derive(Debug, FromRow)]
pub struct ArticleRow {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published_date: Option<String>,
    pub created_at: i64,
    pub submitted_by: Option<String>,
    pub locked: i64,
    pub archived: i64,
    pub merged_into: Option<i64>,
    pub merged_into_title: Option<String>,
}

/// Up to `limit` other articles stored under this link (any spelling of it: `link_key`), oldest
/// first, as (id, title, open: neither locked nor archived). Copies merged into another article are
/// not among them: their reviewing goes on elsewhere.
pub async fn others_with_url(
    pool: &AnyPool,
    url: &str,
    id: i64,
    limit: i64,
) -> Result<Vec<(i64, String, bool)>, sqlx::Error> {
    let rows = sqlx::query_as::<_, (i64, String, i64, i64)>(
        "SELECT id, title, locked, archived FROM articles \
         WHERE url_key = $1 AND id <> $2 AND merged_into IS NULL ORDER BY id LIMIT $3",
    )
    .bind(link_key(url))
    .bind(id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, title, locked, archived)| (id, title, locked == 0 && archived == 0))
        .collect())
}

/// The first article stored under any of these links, in any spelling (`link_key`): one still in
/// the list before an archived one, and a merged copy last, as (id, title).
pub async fn first_with_url(pool: &AnyPool, urls: &[String]) -> Result<Option<(i64, String)>, sqlx::Error> {
    if urls.is_empty() {
        return Ok(None);
    }
    let mut keys: Vec<String> = urls.iter().map(|u| link_key(u)).collect();
    keys.sort();
    keys.dedup();
    let marks: Vec<String> = (1..=keys.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT id, title FROM articles WHERE url_key IN ({}) \
         ORDER BY CASE WHEN merged_into IS NULL THEN 0 ELSE 1 END, archived, id LIMIT 1",
        marks.join(", ")
    );
    let mut q = sqlx::query_as::<_, (i64, String)>(&sql);
    for k in keys {
        q = q.bind(k);
    }
    q.fetch_optional(pool).await
}

pub async fn by_id(pool: &AnyPool, id: i64) -> Result<Option<ArticleRow>, sqlx::Error> {
    sqlx::query_as::<_, ArticleRow>(
        "SELECT a.id, a.title, a.body, a.url, a.publisher, a.published_date, a.created_at, u.username AS submitted_by, \
         a.locked, a.archived, a.merged_into, m.title AS merged_into_title \
         FROM articles a LEFT JOIN users u ON u.id = a.created_by LEFT JOIN articles m ON m.id = a.merged_into \
         WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// What a page that names an article needs of it, without its body (up to a megabyte).
#[derive(Debug, FromRow)]
pub struct ArticleHead {
    pub id: i64,
    pub title: String,
    pub locked: i64,
    pub archived: i64,
    pub merged_into: Option<i64>,
}

pub async fn head(pool: &AnyPool, id: i64) -> Result<Option<ArticleHead>, sqlx::Error> {
    sqlx::query_as("SELECT id, title, locked, archived, merged_into FROM articles WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn set_created_by(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE articles SET created_by = $1 WHERE id = $2")
        .bind(user_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The articles a list shows: `status` ($1) a status name or empty, `archived` ($2) archived (1)
/// or current (0) articles, and then one condition per search word, its lower-case LIKE pattern
/// bound from `$first` on: each word in the title or in one of the article's claims (not
/// necessarily the same one). Only visible claims count: hidden and removed ones are out of
/// public view.
fn filter(words: usize, first: usize) -> String {
    let mut f = String::from(
        "a.archived = $2 AND ($1 = '' OR EXISTS (SELECT 1 FROM claims c WHERE c.article_id = a.id \
         AND c.visibility = 'visible' AND c.status = $1))",
    );
    for p in first..first + words {
        f.push_str(&format!(
            " AND (lower(a.title) LIKE ${p} ESCAPE '\\' OR EXISTS (SELECT 1 FROM claims c \
             WHERE c.article_id = a.id AND c.visibility = 'visible' AND lower(c.statement) LIKE ${p} ESCAPE '\\'))"
        ));
    }
    f
}

/// `words`: lower-case LIKE patterns, already escaped with `\` (`validate::like_words`).
pub async fn count_filtered(
    pool: &AnyPool,
    words: &[String],
    status: &str,
    archived: bool,
) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) FROM articles a WHERE {}", filter(words.len(), 3));
    let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(status).bind(i64::from(archived));
    for w in words {
        q = q.bind(w);
    }
    q.fetch_one(pool).await
}

pub async fn list_filtered(
    pool: &AnyPool,
    words: &[String],
    status: &str,
    archived: bool,
    limit: i64,
    offset: i64,
) -> Result<Vec<ArticleSummaryRow>, sqlx::Error> {
    let sql = format!(
        "SELECT a.id, a.title, a.url, a.publisher, a.published_date, a.created_at, \
                (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id AND c.visibility = 'visible') AS claim_count, \
                a.locked, a.archived, a.merged_into \
         FROM articles a WHERE {} ORDER BY a.created_at DESC, a.id DESC LIMIT $3 OFFSET $4",
        filter(words.len(), 5)
    );
    let mut q = sqlx::query_as::<_, ArticleSummaryRow>(&sql)
        .bind(status)
        .bind(i64::from(archived))
        .bind(limit)
        .bind(offset);
    for w in words {
        q = q.bind(w);
    }
    q.fetch_all(pool).await
}
