//! An article built from the fuzz bytes (any text in every field, any ids, counts and statuses)
//! through the CSV, JSON, ClaimReview and audit CSV writers: no panic, and each output reads back
//! to what went in.
#![no_main]

use arbitrary::{Result, Unstructured};
use claimcheck::model::{
    ArticleView, AuditEntry, ClaimKind, ClaimView, Distribution, Fact, Quote, SourceView, Status, Tally,
};
use export::{Site, SourcesByClaim};
use libfuzzer_sys::fuzz_target;

/// The writers exactly as the server compiles them; `crate::model` and `crate::consensus` in that
/// file resolve to the shims below, which re-export the library's types.
#[allow(dead_code)] // Format is for the HTTP layer; the writers are what is fuzzed.
#[path = "../../src/server/export.rs"]
mod export;
mod consensus {
    pub use claimcheck::consensus::*;
}
mod model {
    pub use claimcheck::model::*;
}

const STATUSES: [Status; 6] = [
    Status::Unreviewed,
    Status::Pending,
    Status::Verified,
    Status::Disputed,
    Status::Contested,
    Status::NotAClaim,
];

fn text(u: &mut Unstructured) -> Result<String> {
    u.arbitrary::<String>()
}

fn claim(u: &mut Unstructured, article_id: i64) -> Result<ClaimView> {
    let status = *u.choose(&STATUSES)?;
    Ok(ClaimView {
        id: u.arbitrary()?,
        article_id,
        start: u.arbitrary()?,
        end: u.arbitrary()?,
        quote: Quote { exact: text(u)?, prefix: text(u)?, suffix: text(u)? },
        statement: text(u)?,
        kind: *u.choose(&ClaimKind::ALL)?,
        origin: text(u)?,
        score: u.arbitrary()?,
        facts: vec![Fact { start: u.arbitrary()?, end: u.arbitrary()?, text: text(u)? }],
        status,
        crowd_status: *u.choose(&STATUSES)?,
        tally: Tally { verified: u.arbitrary()?, disputed: u.arbitrary()?, not_a_claim: u.arbitrary()? },
        locked: u.arbitrary()?,
        editorial: None,
        visibility: text(u)?,
        merged_into: u.arbitrary()?,
        explanation: text(u)?,
    })
}

fn source(u: &mut Unstructured, claim_id: i64) -> Result<SourceView> {
    Ok(SourceView {
        id: u.arbitrary()?,
        claim_id,
        url: text(u)?,
        title: text(u)?,
        publisher: text(u)?,
        excerpt: text(u)?,
        stance: text(u)?,
        added_by: text(u)?,
        created_at: text(u)?,
        visibility: text(u)?,
    })
}

fn json_value(u: &mut Unstructured) -> Result<serde_json::Value> {
    let raw = text(u)?;
    // Either whatever JSON the bytes spell, or the text as a JSON string.
    Ok(serde_json::from_str(&raw).unwrap_or(serde_json::Value::String(raw)))
}

fn audit_entry(u: &mut Unstructured) -> Result<AuditEntry> {
    Ok(AuditEntry {
        id: u.arbitrary()?,
        actor_id: u.arbitrary()?,
        actor: text(u)?,
        action: text(u)?,
        target_type: text(u)?,
        target_id: u.arbitrary()?,
        before: json_value(u)?,
        after: json_value(u)?,
        reason: text(u)?,
        at: text(u)?,
    })
}

/// What the CSV writer promises for a cell: the text, with a `'` in front of what a spreadsheet runs.
fn neutralised(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

fn run(u: &mut Unstructured) -> Result<()> {
    let id: i64 = u.arbitrary()?;
    let mut claims = Vec::new();
    let mut sources = SourcesByClaim::new();
    for _ in 0..u.int_in_range(0..=4)? {
        let c = claim(u, id)?;
        let list = (0..u.int_in_range(0..=2)?).map(|_| source(u, c.id)).collect::<Result<Vec<_>>>()?;
        sources.entry(c.id).or_default().extend(list);
        claims.push(c);
    }
    let article = ArticleView {
        id,
        title: text(u)?,
        body: text(u)?,
        url: u.arbitrary()?,
        publisher: u.arbitrary()?,
        published_date: u.arbitrary()?,
        created_at: text(u)?,
        submitted_by: u.arbitrary()?,
        claims,
        distribution: Distribution::default(),
        locked: u.arbitrary()?,
        archived: u.arbitrary()?,
        copies: Vec::new(),
    };
    let (public_url, org_name, date) = (text(u)?, text(u)?, text(u)?);
    let site = Site { public_url: &public_url, org_name: &org_name, date: &date };

    // CSV: one record per claim under the header, every cell back as written (neutralised).
    let bytes = export::csv(&article, &sources, &site).expect("csv writes to memory");
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
    assert_eq!(reader.headers().unwrap().len(), export::CSV_COLUMNS.len());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("the CSV reads back")).collect();
    assert_eq!(rows.len(), article.claims.len());
    for (row, c) in rows.iter().zip(&article.claims) {
        assert_eq!(row.len(), export::CSV_COLUMNS.len());
        assert_eq!(&row[1], neutralised(&article.title));
        assert_eq!(&row[6], neutralised(&c.statement));
        assert_eq!(&row[7], neutralised(&c.quote.exact));
    }

    // JSON: parses back to the same document.
    let json = export::json(&article, &sources, &site).expect("json");
    let back: export::ExportDoc = serde_json::from_slice(&json).expect("the JSON export reads back");
    assert_eq!(back, export::document(&article, &sources, &site));

    // ClaimReview: a JSON array, one review per claim with a verdict; safe inside <script>.
    let ld = export::claimreview(&article, &site).expect("claimreview");
    let reviews: serde_json::Value = serde_json::from_slice(&ld).expect("ClaimReview is JSON");
    let reviewed =
        article.claims.iter().filter(|c| !matches!(c.status, Status::Unreviewed | Status::Pending)).count();
    assert_eq!(reviews.as_array().map(Vec::len), Some(reviewed));
    let embedded = export::script_safe(std::str::from_utf8(&ld).unwrap());
    assert!(!embedded.contains(['<', '>', '&']), "markup characters left in embedded JSON-LD");
    assert_eq!(serde_json::from_str::<serde_json::Value>(&embedded).unwrap(), reviews);

    // Audit CSV: one record per entry, reason and actor back as written.
    let entries = (0..u.int_in_range(0..=3)?).map(|_| audit_entry(u)).collect::<Result<Vec<_>>>()?;
    let bytes = export::audit_csv(&entries).expect("audit csv");
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(bytes.as_slice())
        .records()
        .map(|r| r.expect("the audit CSV reads back"))
        .collect();
    assert_eq!(rows.len(), entries.len());
    for (row, e) in rows.iter().zip(&entries) {
        assert_eq!(&row[3], neutralised(&e.actor));
        assert_eq!(&row[7], neutralised(&e.reason));
        assert_eq!(&row[8], neutralised(&e.before.to_string()));
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
