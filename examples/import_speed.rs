//! Speed (and output) of the pure import over a folder of saved pages, on one core:
//!
//! ```sh
//! cargo build --release --features ssr --example import_speed
//! target/release/examples/import_speed DIR [ROUNDS] [PREDICTIONS.json]
//! ```
//!
//! Every `*.html` file in DIR is read into memory first; then each page is imported ROUNDS times
//! (default 5), one after another on this thread, timing each import (decode, parse, extraction,
//! metadata). Prints pages per second and the per-page p50, p95 and maximum. With PREDICTIONS.json
//! it also writes `{file stem: {"articleBody": body}}`, the form the import-dev `score.py` reads.
//! `benches/import-speed.sh` runs it on the development pages.

use std::time::Instant;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).expect("usage: import_speed DIR [ROUNDS] [PREDICTIONS.json]");
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let mut pages: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("read DIR")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    pages.sort();
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();

    let mut times = Vec::with_capacity(pages.len() * rounds);
    let mut bodies = Vec::new();
    let start = Instant::now();
    for round in 0..rounds {
        for (_, page) in &pages {
            let t = Instant::now();
            let article = claimcheck::import::import_bytes(std::hint::black_box(page), None, None);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            if round == 0 {
                bodies.push(article.body);
            }
        }
    }
    let total = start.elapsed().as_secs_f64();
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "{} pages ({:.1} MB) x {rounds} rounds: {:.0} pages/s, {:.1} MB/s; per page p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        pages.len(),
        bytes as f64 / 1e6,
        (pages.len() * rounds) as f64 / total,
        (bytes * rounds) as f64 / 1e6 / total,
        pct(0.5),
        pct(0.95),
        times[times.len() - 1],
    );
    if let Some(out) = args.get(3) {
        let map: serde_json::Map<String, serde_json::Value> = pages
            .iter()
            .zip(bodies)
            .map(|((id, _), body)| (id.clone(), serde_json::json!({ "articleBody": body })))
            .collect();
        std::fs::write(out, serde_json::to_vec(&map).unwrap()).expect("write predictions");
    }
}
