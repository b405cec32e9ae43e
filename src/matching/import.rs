//! Fact-check files into library rows, without I/O: ClaimReview JSON-LD (one object, an array, or
//! JSON Lines) and the CheckThat! verified-claims TSV (`id<TAB>claim<TAB>title`, a header line).
//! A file is taken whole or not at all: every bad row is reported with its line number.

use serde_json::Value;
use std::collections::HashMap;

/// Longest claim text accepted, in characters.
pub const MAX_CLAIM_CHARS: usize = 5_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    ClaimReview,
    Tsv,
}

impl Format {
    pub fn parse(raw: &str) -> Option<Format> {
        match raw {
            "claimreview" => Some(Format::ClaimReview),
            "tsv" => Some(Format::Tsv),
            _ => None,
        }
    }

    /// JSON when the file starts like JSON, TSV otherwise.
    pub fn sniff(text: &str) -> Format {
        match text.trim_start_matches('\u{feff}').trim_start().chars().next() {
            Some('{' | '[') => Format::ClaimReview,
            _ => Format::Tsv,
        }
    }
}

/// One fact-check ready to store. `ext_id` is what makes a re-import idempotent together with the
/// publisher: the url for ClaimReview, the id column for TSV.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub ext_id: String,
    pub claim: String,
    pub title: String,
    pub rating: String,
    pub publisher: String,
    pub url: Option<String>,
    pub date: Option<String>,
    pub appearance: Option<String>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Publisher of TSV rows when none is given.
pub const DEFAULT_TSV_PUBLISHER: &str = "imported";

pub fn parse(text: &str, format: Format, publisher: Option<&str>) -> Result<Vec<Row>, Vec<RowError>> {
    let text = text.trim_start_matches('\u{feff}');
    let publisher = publisher.map(str::trim).filter(|p| !p.is_empty());
    let (rows, mut errors) = match format {
        Format::ClaimReview => claim_review(text, publisher),
        Format::Tsv => tsv(text, publisher.unwrap_or(DEFAULT_TSV_PUBLISHER)),
    };
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    for r in &rows {
        if let Some(first) = seen.insert((r.publisher.as_str(), r.ext_id.as_str()), r.line) {
            errors.push(RowError {
                line: r.line,
                message: format!("the same fact-check as line {first} (same publisher and url or id)"),
            });
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(RowError { line: 1, message: "the file holds no fact-checks".into() });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

fn claim_review(text: &str, publisher: Option<&str>) -> (Vec<Row>, Vec<RowError>) {
    let mut items: Vec<(usize, Value)> = Vec::new();
    let mut errors = Vec::new();
    let start = text.len() - text.trim_start().len();
    if text[start..].starts_with('[') {
        // An array: each element's line is found by reading one value at a time.
        let mut pos = start + 1;
        loop {
            pos += text[pos..].len() - text[pos..].trim_start().len();
            if text[pos..].starts_with(']') {
                break;
            }
            let mut stream = serde_json::Deserializer::from_str(&text[pos..]).into_iter::<Value>();
            match stream.next() {
                Some(Ok(v)) => items.push((line_of(text, pos), v)),
                Some(Err(e)) => {
                    errors.push(RowError {
                        line: line_of(text, pos) + e.line().saturating_sub(1),
                        message: format!("not valid JSON: {e}"),
                    });
                    return (Vec::new(), errors);
                }
                None => {
                    errors.push(RowError {
                        line: line_of(text, pos),
                        message: "the array is not closed with ]".into(),
                    });
                    return (Vec::new(), errors);
                }
            }
            pos += stream.byte_offset();
            pos += text[pos..].len() - text[pos..].trim_start().len();
            if text[pos..].starts_with(',') {
                pos += 1;
            } else if !text[pos..].starts_with(']') {
                errors.push(RowError {
                    line: line_of(text, pos),
                    message: "expected , or ] after an array element".into(),
                });
                return (Vec::new(), errors);
            }
        }
    } else {
        match serde_json::from_str::<Value>(text) {
            Ok(v) => items.push((line_of(text, start), v)),
            Err(_) => {
                // JSON Lines: one object per non-empty line.
                for (i, line) in text.lines().enumerate() {
                    if line.trim().is_empty() {
                        continue;
                    }
                    match serde_json::from_str::<Value>(line) {
                        Ok(v) => items.push((i + 1, v)),
                        Err(e) => {
                            errors.push(RowError { line: i + 1, message: format!("not valid JSON: {e}") })
                        }
                    }
                }
            }
        }
    }
    let mut rows = Vec::new();
    for (line, v) in items {
        match review_row(&v, publisher) {
            Ok(mut r) => {
                r.line = line;
                rows.push(r)
            }
            Err(message) => errors.push(RowError { line, message }),
        }
    }
    (rows, errors)
}

fn text_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

fn first(v: Option<&Value>) -> Option<&Value> {
    match v? {
        Value::Array(a) => a.first(),
        other => Some(other),
    }
}

fn is_http_url(s: &str) -> bool {
    (s.starts_with("http://") || s.starts_with("https://"))
        && s.len() > "https://".len()
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && s.len() <= 2_000
}

fn check_claim(claim: &str) -> Result<(), String> {
    if claim.contains('\0') {
        return Err("the claim contains NUL characters".into());
    }
    if claim.chars().count() > MAX_CLAIM_CHARS {
        return Err(format!("the claim is longer than {MAX_CLAIM_CHARS} characters"));
    }
    Ok(())
}

/// YYYY-MM-DD from the start of an ISO 8601 date or date-time.
fn iso_date(raw: &str) -> Option<String> {
    let d = raw.get(..10)?;
    let b = d.as_bytes();
    let ok =
        b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    let month: u32 = d[5..7].parse().ok()?;
    let day: u32 = d[8..10].parse().ok()?;
    (ok && (1..=12).contains(&month) && (1..=31).contains(&day)).then(|| d.to_string())
}

fn review_row(v: &Value, publisher: Option<&str>) -> Result<Row, String> {
    if !v.is_object() {
        return Err("expected a ClaimReview object".into());
    }
    let claim = text_field(v, "claimReviewed").ok_or("claimReviewed is missing or empty")?;
    check_claim(claim)?;
    let url = text_field(v, "url").ok_or("url is missing (it identifies the fact-check)")?;
    if !is_http_url(url) {
        return Err(format!("url {url:?} is not an http(s) URL"));
    }
    let rating = v.get("reviewRating").map(|r| {
        text_field(r, "alternateName").map(str::to_string).or_else(|| match r.get("ratingValue") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
    });
    let rating = rating.flatten().ok_or("reviewRating needs an alternateName or a ratingValue")?;
    let author = first(v.get("author")).and_then(|a| match a {
        Value::String(s) => Some(s.trim()),
        other => text_field(other, "name"),
    });
    let publisher = author
        .filter(|s| !s.is_empty())
        .or(publisher)
        .ok_or("author.name is missing; give it in the file or pass --publisher")?;
    let date = match text_field(v, "datePublished") {
        Some(raw) => {
            Some(iso_date(raw).ok_or_else(|| format!("datePublished {raw:?} is not a YYYY-MM-DD date"))?)
        }
        None => None,
    };
    let appearance = v
        .get("itemReviewed")
        .and_then(|i| first(i.get("appearance")))
        .and_then(|a| match a {
            Value::String(s) => Some(s.trim().to_string()),
            other => text_field(other, "url").map(str::to_string),
        })
        .filter(|s| is_http_url(s));
    let title = text_field(v, "name").or_else(|| text_field(v, "headline")).unwrap_or("");
    Ok(Row {
        ext_id: url.to_string(),
        claim: claim.to_string(),
        title: title.chars().take(1_000).collect(),
        rating: rating.chars().take(200).collect(),
        publisher: publisher.chars().take(200).collect(),
        url: Some(url.to_string()),
        date,
        appearance,
        line: 0,
    })
}

fn tsv(text: &str, publisher: &str) -> (Vec<Row>, Vec<RowError>) {
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    for (i, rec) in reader.records().enumerate() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                errors.push(RowError { line, message: format!("unreadable row: {e}") });
                continue;
            }
        };
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(i + 1);
        if i == 0 {
            if rec.len() != 3 {
                errors.push(RowError {
                    line,
                    message: format!(
                        "the header must have 3 columns (id, claim, title separated by tabs), found {}",
                        rec.len()
                    ),
                });
            }
            continue;
        }
        if rec.len() == 1 && rec[0].trim().is_empty() {
            continue;
        }
        if rec.len() != 3 {
            errors.push(RowError {
                line,
                message: format!("expected 3 tab-separated columns (id, claim, title), found {}", rec.len()),
            });
            continue;
        }
        let id = rec[0].trim();
        let claim = rec[1].trim();
        if id.is_empty() {
            errors.push(RowError { line, message: "the id column is empty".into() });
            continue;
        }
        if claim.is_empty() {
            errors.push(RowError { line, message: "the claim column is empty".into() });
            continue;
        }
        if let Err(message) = check_claim(claim) {
            errors.push(RowError { line, message });
            continue;
        }
        rows.push(Row {
            ext_id: id.chars().take(200).collect(),
            claim: claim.to_string(),
            title: rec[2].trim().chars().take(1_000).collect(),
            rating: String::new(),
            publisher: publisher.chars().take(200).collect(),
            url: None,
            date: None,
            appearance: None,
            line,
        });
    }
    (rows, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REVIEW: &str = r#"{"@type":"ClaimReview","claimReviewed":"The moon is made of cheese.",
      "url":"https://checks.example/moon","author":{"name":"Example Checks"},"datePublished":"2024-03-05T10:00:00Z",
      "reviewRating":{"alternateName":"False","ratingValue":1},"itemReviewed":{"appearance":[{"url":"https://blog.example/p"}]}}"#;

    #[test]
    fn one_claim_review_object_becomes_one_row() {
        let rows = parse(REVIEW, Format::ClaimReview, None).unwrap();
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!((r.rating.as_str(), r.publisher.as_str()), ("False", "Example Checks"));
        assert_eq!(r.date.as_deref(), Some("2024-03-05"));
        assert_eq!(r.appearance.as_deref(), Some("https://blog.example/p"));
    }

    #[test]
    fn json_lines_report_every_bad_line() {
        let text = format!("{}\n{{\"claimReviewed\":\"x\"}}\nnot json\n", REVIEW.replace('\n', " "));
        let errs = parse(&text, Format::ClaimReview, None).unwrap_err();
        assert_eq!(errs.iter().map(|e| e.line).collect::<Vec<_>>(), vec![2, 3]);
    }

    #[test]
    fn array_elements_are_reported_on_their_own_lines() {
        let text = format!("[\n{},\n{{\"url\":\"ftp://x\"}}\n]", REVIEW.replace('\n', " "));
        let errs = parse(&text, Format::ClaimReview, None).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 3);
    }

    #[test]
    fn tsv_rows_with_quotes_and_a_bad_row() {
        let text = "id\tclaim\ttitle\n1\t\"A quoted\nclaim\"\tTitle\n2\tonly two\n3\tok\tt\n";
        let errs = parse(text, Format::Tsv, None).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 4, "{errs:?}");
        let ok = parse("id\tclaim\ttitle\n1\tA claim\tA title\n", Format::Tsv, Some("CheckThat")).unwrap();
        assert_eq!(ok[0].publisher, "CheckThat");
    }

    #[test]
    fn the_same_fact_check_twice_in_a_file_is_refused() {
        let errs = parse("id\tclaim\ttitle\n1\ta\tb\n1\tc\td\n", Format::Tsv, None).unwrap_err();
        assert!(errs[0].message.contains("line 2"), "{errs:?}");
    }
}
