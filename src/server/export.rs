//! Export writers: an article's verdicts as versioned JSON, as CSV (one row per claim) and as
//! schema.org ClaimReview JSON-LD. Pure functions over `ArticleView` and each claim's sources; the
//! service gathers the data, HTTP and the CLI decide where the bytes go.

use crate::consensus::{Status, Tally};
use crate::model::{ArticleView, ClaimKind, ClaimView, Fact, Quote, SourceView};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;

/// Bumped whenever a field changes meaning or disappears; adding a field keeps the version.
pub const SCHEMA_VERSION: u32 = 1;

/// What every format needs besides the article: where the site lives and who publishes it.
#[derive(Debug, Clone)]
pub struct Site<'a> {
    /// Absolute base URL without a trailing slash, e.g. `https://claims.example`.
    pub public_url: &'a str,
    pub org_name: &'a str,
    /// YYYY-MM-DD, used as ClaimReview `datePublished`.
    pub date: &'a str,
}

impl Site<'_> {
    pub fn article_url(&self, id: i64) -> String {
        format!("{}/articles/{id}", self.public_url.trim_end_matches('/'))
    }

    pub fn claim_url(&self, id: i64) -> String {
        format!("{}/claims/{id}", self.public_url.trim_end_matches('/'))
    }
}

/// Sources keyed by claim id; a claim without an entry has none.
pub type SourcesByClaim = HashMap<i64, Vec<SourceView>>;

/// One confirmed "previously checked" match of a claim, as exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportPrevious {
    pub claim: String,
    pub rating: String,
    pub publisher: String,
    pub url: Option<String>,
    pub date: Option<String>,
}

/// Confirmed matches by claim id.
pub type CheckedByClaim = HashMap<i64, Vec<ExportPrevious>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    ClaimReview,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim() {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "claimreview" => Some(Format::ClaimReview),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
            Format::ClaimReview => "application/ld+json",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::ClaimReview => "jsonld",
        }
    }
}

// --- JSON -------------------------------------------------------------------------------------

/// The JSON export document (schema version 1), documented in the README.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportDoc {
    pub schema_version: u32,
    pub article: ExportArticle,
    pub claims: Vec<ExportClaim>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportArticle {
    pub id: i64,
    pub title: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published_date: Option<String>,
    pub created_at: String,
    pub submitted_by: Option<String>,
    /// The article page on this site.
    pub permalink: String,
    /// Archived: read-only, out of the article list.
    #[serde(default)]
    pub archived: bool,
    /// When this is a copy an admin merged into another article: that article's permalink, where
    /// the review of the claims merged or moved there goes on.
    #[serde(default)]
    pub merged_into: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportClaim {
    pub id: i64,
    pub start: usize,
    pub end: usize,
    pub quote: Quote,
    pub statement: String,
    pub kind: ClaimKind,
    pub facts: Vec<Fact>,
    pub status: Status,
    /// The status is an admin's editorial verdict, not the crowd's.
    pub editorial: bool,
    pub tally: Tally,
    pub explanation: String,
    pub permalink: String,
    pub sources: Vec<ExportSource>,
    /// Votes of trusted reviewers: the only ones `status` and `tally` rest on.
    pub counted_votes: i64,
    /// Votes of new reviewers, not counted yet.
    pub pending_votes: i64,
    /// Confirmed matches with earlier fact-checks or claims.
    pub previously_checked: Vec<ExportPrevious>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportSource {
    pub url: String,
    pub title: String,
    pub publisher: String,
    pub excerpt: String,
    pub stance: String,
}

pub fn document(article: &ArticleView, sources: &SourcesByClaim, site: &Site) -> ExportDoc {
    document_checked(article, sources, &CheckedByClaim::new(), site)
}

pub fn document_checked(
    article: &ArticleView,
    sources: &SourcesByClaim,
    checked: &CheckedByClaim,
    site: &Site,
) -> ExportDoc {
    ExportDoc {
        schema_version: SCHEMA_VERSION,
        article: ExportArticle {
            id: article.id,
            title: article.title.clone(),
            url: article.url.clone(),
            publisher: article.publisher.clone(),
            published_date: article.published_date.clone(),
            created_at: article.created_at.clone(),
            submitted_by: article.submitted_by.clone(),
            permalink: site.article_url(article.id),
            archived: article.archived,
            merged_into: article.merged_into.as_ref().map(|m| site.article_url(m.id)),
        },
        claims: article.claims.iter().map(|c| export_claim(c, sources, checked, site)).collect(),
    }
}

fn export_claim(
    c: &ClaimView,
    sources: &SourcesByClaim,
    checked: &CheckedByClaim,
    site: &Site,
) -> ExportClaim {
    ExportClaim {
        id: c.id,
        start: c.start,
        end: c.end,
        quote: c.quote.clone(),
        statement: c.statement.clone(),
        kind: c.kind,
        facts: c.facts.clone(),
        status: c.status,
        editorial: c.locked,
        tally: c.tally,
        explanation: c.explanation.clone(),
        permalink: site.claim_url(c.id),
        sources: sources
            .get(&c.id)
            .map(|list| {
                list.iter()
                    .map(|s| ExportSource {
                        url: s.url.clone(),
                        title: s.title.clone(),
                        publisher: s.publisher.clone(),
                        excerpt: s.excerpt.clone(),
                        stance: s.stance.as_str().to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        counted_votes: c.tally.total(),
        pending_votes: c.pending_votes,
        previously_checked: checked.get(&c.id).cloned().unwrap_or_default(),
    }
}

pub fn json(
    article: &ArticleView,
    sources: &SourcesByClaim,
    site: &Site,
) -> Result<Vec<u8>, serde_json::Error> {
    json_checked(article, sources, &CheckedByClaim::new(), site)
}

pub fn json_checked(
    article: &ArticleView,
    sources: &SourcesByClaim,
    checked: &CheckedByClaim,
    site: &Site,
) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec_pretty(&document_checked(article, sources, checked, site))
}

// --- CSV --------------------------------------------------------------------------------------

/// The column order is part of the export contract (README, "Export formats"): append, never reorder.
pub const CSV_COLUMNS: [&str; 20] = [
    "article_id",
    "article_title",
    "article_url",
    "claim_id",
    "start",
    "end",
    "statement",
    "quote",
    "kind",
    "status",
    "editorial",
    "verified",
    "disputed",
    "not_a_claim",
    "explanation",
    "sources",
    "permalink",
    "counted_votes",
    "pending_votes",
    "previously_checked",
];

/// Spreadsheets run a cell that starts with one of these as a formula; a leading `'` keeps it text.
fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// A CSV writer with the header already written; feed it articles with `write_csv_rows`. Split so
/// `export --all` can stream many articles under one header.
pub fn csv_writer<W: Write>(out: W) -> Result<csv::Writer<W>, csv::Error> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    Ok(w)
}

pub fn write_csv_rows<W: Write>(
    w: &mut csv::Writer<W>,
    article: &ArticleView,
    sources: &SourcesByClaim,
    site: &Site,
) -> Result<(), csv::Error> {
    write_csv_rows_checked(w, article, sources, &CheckedByClaim::new(), site)
}

/// `previously_checked`: each confirmed match as `claim (rating, publisher, date) url`, joined by ` | `.
pub fn write_csv_rows_checked<W: Write>(
    w: &mut csv::Writer<W>,
    article: &ArticleView,
    sources: &SourcesByClaim,
    checked: &CheckedByClaim,
    site: &Site,
) -> Result<(), csv::Error> {
    for c in &article.claims {
        let previously: Vec<String> = checked
            .get(&c.id)
            .map(|l| {
                l.iter()
                    .map(|p| {
                        format!(
                            "{} ({}, {}, {}) {}",
                            p.claim,
                            p.rating,
                            p.publisher,
                            p.date.as_deref().unwrap_or("undated"),
                            p.url.as_deref().unwrap_or("")
                        )
                        .trim_end()
                        .to_string()
                    })
                    .collect()
            })
            .unwrap_or_default();
        let urls: Vec<&str> =
            sources.get(&c.id).map(|l| l.iter().map(|s| s.url.as_str()).collect()).unwrap_or_default();
        let row: [String; 20] = [
            article.id.to_string(),
            article.title.clone(),
            article.url.clone().unwrap_or_default(),
            c.id.to_string(),
            c.start.to_string(),
            c.end.to_string(),
            c.statement.clone(),
            c.quote.exact.clone(),
            c.kind.as_str().to_string(),
            c.status.as_str().to_string(),
            c.locked.to_string(),
            c.tally.verified.to_string(),
            c.tally.disputed.to_string(),
            c.tally.not_a_claim.to_string(),
            c.explanation.clone(),
            urls.join(" | "),
            site.claim_url(c.id),
            c.tally.total().to_string(),
            c.pending_votes.to_string(),
            previously.join(" | "),
        ];
        w.write_record(row.iter().map(|cell| neutralise(cell)))?;
    }
    Ok(())
}

/// The audit log as CSV, one row per entry in the order given; before/after stay JSON text.
pub fn audit_csv(entries: &[crate::model::AuditEntry]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    w.write_record([
        "id",
        "at",
        "actor_id",
        "actor",
        "action",
        "target_type",
        "target_id",
        "reason",
        "before",
        "after",
    ])?;
    for e in entries {
        let row = [
            e.id.to_string(),
            e.at.clone(),
            e.actor_id.map(|i| i.to_string()).unwrap_or_default(),
            e.actor.clone(),
            e.action.clone(),
            e.target_type.clone(),
            e.target_id.to_string(),
            e.reason.clone(),
            e.before.to_string(),
            e.after.to_string(),
        ];
        w.write_record(row.iter().map(|cell| neutralise(cell)))?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

pub fn csv(article: &ArticleView, sources: &SourcesByClaim, site: &Site) -> Result<Vec<u8>, csv::Error> {
    csv_checked(article, sources, &CheckedByClaim::new(), site)
}

pub fn csv_checked(
    article: &ArticleView,
    sources: &SourcesByClaim,
    checked: &CheckedByClaim,
    site: &Site,
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv_writer(Vec::new())?;
    write_csv_rows_checked(&mut w, article, sources, checked, site)?;
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

// --- ClaimReview ------------------------------------------------------------------------------

/// The schema.org rating for a status, on a 1..5 scale. This is the publication gate: a status is
/// derived from counted (trusted reviewers') votes only, or is an editorial lock, so a verdict that
/// new accounts alone pushed never reaches here. Unreviewed and pending claims have no
/// verdict to publish; not_a_claim is not a rating of truth either, so it is published without a
/// `ratingValue` (schema.org allows a Rating with only `alternateName`).
fn rating(status: Status) -> Option<(Option<u8>, &'static str)> {
    match status {
        Status::Verified => Some((Some(5), "True")),
        Status::Disputed => Some((Some(1), "False")),
        Status::Contested => Some((Some(3), "Mixed")),
        Status::NotAClaim => Some((None, "Not a checkable claim")),
        Status::Unreviewed | Status::Pending => None,
    }
}

/// One ClaimReview per reviewed claim of the article.
pub fn claim_reviews(article: &ArticleView, site: &Site) -> Vec<serde_json::Value> {
    article.claims.iter().filter_map(|c| claim_review(article, c, site)).collect()
}

/// The ClaimReview of one claim, or None while it has no verdict.
pub fn claim_review(article: &ArticleView, c: &ClaimView, site: &Site) -> Option<serde_json::Value> {
    let (value, name) = rating(c.status)?;
    let appearance = article.url.clone().unwrap_or_else(|| site.article_url(article.id));
    let mut review_rating = serde_json::json!({
        "@type": "Rating",
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": name,
    });
    if let Some(v) = value {
        review_rating["ratingValue"] = v.into();
    }
    Some(serde_json::json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": site.claim_url(c.id),
        "claimReviewed": c.statement,
        "datePublished": site.date,
        "author": { "@type": "Organization", "name": site.org_name, "url": site.public_url },
        "reviewRating": review_rating,
        "itemReviewed": {
            "@type": "Claim",
            "appearance": { "@type": "CreativeWork", "url": appearance },
            "firstAppearance": { "@type": "CreativeWork", "url": appearance },
        },
    }))
}

pub fn claimreview(article: &ArticleView, site: &Site) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec_pretty(&claim_reviews(article, site))
}

/// JSON for inside `<script type="application/ld+json">`. `</script` would end the element early
/// and `<!--` followed by `<script` would keep it open past its real end, swallowing the page; so
/// every `<`, `>` and `&` is written as a `\u00XX` escape. They can only occur inside JSON strings,
/// where the escape means the same character, so the JSON parses to the same value.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Distribution;

    fn site() -> Site<'static> {
        Site { public_url: "https://claims.example", org_name: "Example Checks", date: "2026-11-28" }
    }

    fn claim(id: i64, statement: &str, status: Status) -> ClaimView {
        ClaimView {
            id,
            article_id: 1,
            start: 0,
            end: 4,
            quote: Quote { exact: statement.into(), prefix: String::new(), suffix: String::new() },
            statement: statement.into(),
            kind: ClaimKind::Quantity,
            origin: "extracted".into(),
            score: 0.5,
            facts: vec![],
            status,
            crowd_status: status,
            tally: Tally { verified: 3, disputed: 0, not_a_claim: 0 },
            locked: false,
            editorial: None,
            visibility: crate::values::Visibility::Visible,
            merged_into: None,
            explanation: "3 of 3 said verified".into(),
            pending_votes: 0,
        }
    }

    fn article(claims: Vec<ClaimView>) -> ArticleView {
        ArticleView {
            id: 1,
            title: "Title, with \"quotes\"".into(),
            body: String::new(),
            url: None,
            publisher: None,
            published_date: None,
            created_at: "2026-11-28T00:00:00Z".into(),
            submitted_by: Some("ana".into()),
            claims,
            distribution: Distribution::default(),
            locked: false,
            archived: false,
            copies: Vec::new(),
            merged_into: None,
        }
    }

    fn source(claim_id: i64, url: &str) -> SourceView {
        SourceView {
            id: 1,
            claim_id,
            url: url.into(),
            title: "t".into(),
            publisher: "p".into(),
            excerpt: "e".into(),
            stance: crate::values::Stance::Supports,
            added_by: "ana".into(),
            created_at: String::new(),
            visibility: crate::values::Visibility::Visible,
        }
    }

    #[test]
    fn csv_cells_with_quotes_commas_and_newlines_survive_a_round_trip() {
        let tricky = "He said \"no\", then\nleft; 10,000 people\r\nwatched";
        let a = article(vec![claim(7, tricky, Status::Verified)]);
        let mut sources = SourcesByClaim::new();
        sources.insert(7, vec![source(7, "https://a.example/1"), source(7, "https://b.example/2")]);
        let bytes = csv(&a, &sources, &site()).unwrap();
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), CSV_COLUMNS);
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][1], "Title, with \"quotes\"");
        assert_eq!(&rows[0][6], tricky);
        assert_eq!(&rows[0][9], "verified");
        assert_eq!(&rows[0][15], "https://a.example/1 | https://b.example/2");
        assert_eq!(&rows[0][16], "https://claims.example/claims/7");
    }

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
        let a = article(vec![claim(1, "=cmd()", Status::Pending), claim(2, "-2+3", Status::Pending)]);
        let bytes = csv(&a, &SourcesByClaim::new(), &site()).unwrap();
        let rows: Vec<csv::StringRecord> =
            csv::Reader::from_reader(bytes.as_slice()).records().map(Result::unwrap).collect();
        assert_eq!(&rows[0][6], "'=cmd()");
        assert_eq!(&rows[1][6], "'-2+3");
        for cell in ["+1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(cell).starts_with('\''), "{cell:?}");
        }
        assert_eq!(neutralise("plain"), "plain");
    }

    #[test]
    fn the_json_export_carries_its_schema_version_and_every_claim() {
        let a = article(vec![claim(1, "a", Status::Verified), claim(2, "b", Status::Unreviewed)]);
        let v: serde_json::Value =
            serde_json::from_slice(&json(&a, &SourcesByClaim::new(), &site()).unwrap()).unwrap();
        assert_eq!(v["schema_version"], 1);
        assert_eq!(v["claims"].as_array().unwrap().len(), 2);
        assert_eq!(v["claims"][0]["editorial"], false);
        assert_eq!(v["claims"][0]["sources"], serde_json::json!([]));
        assert_eq!(v["article"]["permalink"], "https://claims.example/articles/1");
        let back: ExportDoc = serde_json::from_value(v).unwrap();
        assert_eq!(back.claims[1].status, Status::Unreviewed);
    }

    #[test]
    fn claim_reviews_cover_reviewed_claims_only_with_ratings_in_bounds() {
        let a = article(vec![
            claim(1, "v", Status::Verified),
            claim(2, "d", Status::Disputed),
            claim(3, "c", Status::Contested),
            claim(4, "n", Status::NotAClaim),
            claim(5, "p", Status::Pending),
            claim(6, "u", Status::Unreviewed),
        ]);
        let reviews = claim_reviews(&a, &site());
        assert_eq!(reviews.len(), 4);
        for r in &reviews {
            assert_eq!(r["@context"], "https://schema.org");
            assert_eq!(r["@type"], "ClaimReview");
            assert_eq!(r["author"]["name"], "Example Checks");
            assert_eq!(r["datePublished"], "2026-11-28");
            assert!(r["url"].as_str().unwrap().starts_with("https://claims.example/claims/"));
            // Without an article URL the claim appeared on our article page.
            assert_eq!(r["itemReviewed"]["appearance"]["url"], "https://claims.example/articles/1");
            let rating = &r["reviewRating"];
            let (best, worst) =
                (rating["bestRating"].as_i64().unwrap(), rating["worstRating"].as_i64().unwrap());
            if let Some(v) = rating["ratingValue"].as_i64() {
                assert!((worst..=best).contains(&v), "{rating}");
            }
            assert!(rating["alternateName"].is_string());
        }
        assert_eq!(reviews[0]["reviewRating"]["ratingValue"], 5);
        assert_eq!(reviews[1]["reviewRating"]["ratingValue"], 1);
        assert_eq!(reviews[2]["reviewRating"]["ratingValue"], 3);
        assert!(reviews[3]["reviewRating"].get("ratingValue").is_none());
    }

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        assert_eq!(script_safe(r#"{"a":"</script>"}"#), r#"{"a":"\u003c/script\u003e"}"#);
        let tricky = r#"{"a":"<!--<script>alert(1)//--> & </script>"}"#;
        let safe = script_safe(tricky);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, serde_json::from_str::<serde_json::Value>(tricky).unwrap());
    }
}
