//! `claimcheck factchecks import` and `claimcheck match`: the fact-check library from the command line.

use super::db::{self, Db};
use crate::matching::{Doc, Index};
use clap::{Args, Subcommand, ValueEnum};
use std::io::{Read, Write};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum FactchecksCommand {
    /// Import a ClaimReview JSON-LD file (an object, an array or JSON Lines) or a TSV file
    /// (`id<TAB>claim<TAB>title` with a header line). Idempotent by publisher and url or id; a file
    /// with any bad row is refused whole, every bad row listed with its line.
    Import(ImportArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImportFormat {
    Claimreview,
    Tsv,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import (- for standard input).
    pub file: PathBuf,
    /// Guessed from the first character when left out: { or [ is ClaimReview, anything else TSV.
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// Publisher of TSV rows, and of ClaimReview entries without author.name.
    #[arg(long)]
    pub publisher: Option<String>,
}

#[derive(Debug, Args)]
pub struct MatchArgs {
    /// TSV `id<TAB>text` (a header line allowed); - or nothing for standard input.
    pub queries: Option<PathBuf>,
    /// Candidates printed per query.
    #[arg(long, default_value_t = 5)]
    pub top: usize,
    /// Also print, to standard error, how long loading took and the time per query (p50, p95, max).
    #[arg(long)]
    pub timings: bool,
    /// The base of our claims' permalinks, which are their docids (`BASE/claims/ID`); use the
    /// server's. Without it the docid is the path `/claims/ID`.
    #[arg(long, env = "CLAIMCHECK_PUBLIC_URL")]
    pub public_url: Option<String>,
}

fn read_input(path: Option<&PathBuf>) -> anyhow::Result<String> {
    use anyhow::Context;
    let mut text = String::new();
    match path {
        Some(p) if p.as_os_str() != "-" => {
            text = std::fs::read_to_string(p).with_context(|| format!("Failed to read {}", p.display()))?
        }
        _ => {
            std::io::stdin().read_to_string(&mut text).context("Failed to read standard input")?;
        }
    }
    Ok(text)
}

pub async fn factchecks(database_url: &str, cmd: FactchecksCommand) -> anyhow::Result<()> {
    let FactchecksCommand::Import(args) = cmd;
    let text = read_input(Some(&args.file))?;
    let format = args.format.map(|f| match f {
        ImportFormat::Claimreview => "claimreview",
        ImportFormat::Tsv => "tsv",
    });
    let db = Db::connect(database_url).await?;
    db.migrate().await?;
    let library = super::matching_index::LibraryIndex::new();
    let result =
        super::service::matching::import_text(&db, &library, &text, format, args.publisher.as_deref()).await;
    db.close().await;
    match result {
        Ok(r) => {
            println!(
                "imported {} fact-checks: {} new, {} already there; {} claims without a verdict newly matched",
                r.rows, r.added, r.updated, r.rematched
            );
            Ok(())
        }
        Err(crate::error::AppError::Validation { message, .. }) => {
            // One bad row per line, as the service joined them.
            let (head, rows) = message.split_once(": ").unwrap_or((&message, ""));
            let mut err = format!("{head}:");
            for row in rows.split("; ") {
                err.push_str("\n  ");
                err.push_str(row);
            }
            anyhow::bail!(err)
        }
        Err(e) => anyhow::bail!("{}", crate::error::Friendly(&e)),
    }
}

/// Is the first row a header? Its id is empty or names the column.
fn is_header(id: &str) -> bool {
    let id = id.trim().to_ascii_lowercase();
    id.is_empty() || id == "id" || id.ends_with("_id") || id == "qid"
}

pub async fn run_match(database_url: &str, args: MatchArgs) -> anyhow::Result<()> {
    let text = read_input(args.queries.as_ref())?;
    let db = Db::connect(database_url).await?;
    db.migrate().await?;
    let rows = db::factchecks::docids(db.pool()).await;
    let ours = db::factchecks::settled_claims_for_match(db.pool()).await;
    db.close().await;
    let (rows, ours) = (rows?, ours?);
    let base = args.public_url.as_deref().map(str::trim).unwrap_or("").trim_end_matches('/');
    let started = std::time::Instant::now();
    let mut index = Index::new();
    let mut docids = Vec::with_capacity(rows.len() + ours.len());
    for (_, docid, claim, title) in &rows {
        index.add(&Doc { key: docids.len() as i64, claim, title });
        docids.push(docid.clone());
    }
    // Our settled claims are in the library too; their docid is their permalink.
    for (id, statement) in &ours {
        index.add(&Doc { key: docids.len() as i64, claim: statement, title: "" });
        docids.push(format!("{base}/claims/{id}"));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let built = started.elapsed();
    let mut times = Vec::new();
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    for (n, rec) in reader.records().enumerate() {
        let rec = rec?;
        let id = rec.get(0).unwrap_or("").trim();
        if n == 0 && is_header(id) {
            continue;
        }
        if id.is_empty() {
            continue;
        }
        let query = rec.iter().skip(1).collect::<Vec<_>>().join(" ");
        let t = std::time::Instant::now();
        let hits = index.search(&query, args.top);
        times.push(t.elapsed());
        for (rank, hit) in hits.iter().enumerate() {
            writeln!(
                out,
                "{id} Q0 {} {} {:.6} claimcheck",
                docids[hit.key as usize],
                rank + 1,
                hit.rank_score
            )?;
        }
    }
    out.flush()?;
    if args.timings && !times.is_empty() {
        times.sort();
        let at = |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
        eprintln!(
            "index of {} entries built in {:.1} ms; {} queries: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
            index.len(),
            built.as_secs_f64() * 1e3,
            times.len(),
            at(0.5).as_secs_f64() * 1e3,
            at(0.95).as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3
        );
    }
    Ok(())
}
