//! Throughput of the whole extraction pipeline (segmentation, scoring, facts, offsets) over
//! a few MB of news-like text assembled from the project's own fixtures. `news_4mb` is what
//! `extract` returns (borrowing from the body); `news_4mb_owned` adds `into_owned`, which the
//! article service uses to keep the result after the body moves on.
//!
//! `CLAIMCHECK_BENCH_TEXTS` adds the same two measurements over other articles: a
//! colon-separated list of `.txt` files or folders of them, repeated up to 4 MiB
//! (`texts_4mb`, `texts_4mb_owned`). BENCHMARKS.md runs it on the labelled dev articles.
//!
//! It runs under the allocator of the `claimcheck` binary (mimalloc, see `src/main.rs`), as
//! the server and the CLI do.
//!
//! Run: cargo bench --bench extract

use claimcheck::extract::extract;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

/// The `claimcheck` binary's allocator (see `src/main.rs`).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FIXTURES: [&str; 4] = [
    include_str!("../tests/fixtures/extract/border.txt"),
    include_str!("../tests/fixtures/extract/hard_cases.txt"),
    include_str!("../tests/fixtures/extract/unicode.txt"),
    include_str!("../tests/fixtures/extract/opinion.txt"),
];

fn corpus(texts: &[String], bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 4096);
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&texts[i % texts.len()]);
        out.push('\n');
        i += 1;
    }
    out
}

/// The texts named by `CLAIMCHECK_BENCH_TEXTS`, in name order within each folder.
fn extra_texts() -> Vec<String> {
    let Ok(list) = std::env::var("CLAIMCHECK_BENCH_TEXTS") else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for part in list.split(':').filter(|p| !p.is_empty()) {
        let path = Path::new(part);
        if path.is_dir() {
            let mut found: Vec<_> = std::fs::read_dir(path)
                .unwrap_or_else(|e| panic!("CLAIMCHECK_BENCH_TEXTS: {part}: {e}"))
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.to_path_buf());
        }
    }
    files
        .iter()
        .map(|f| {
            std::fs::read_to_string(f)
                .unwrap_or_else(|e| panic!("CLAIMCHECK_BENCH_TEXTS: {}: {e}", f.display()))
        })
        .collect()
}

fn bench_extract(c: &mut Criterion) {
    let fixtures: Vec<String> = FIXTURES.iter().map(|s| s.to_string()).collect();
    let mut sets = vec![("news_4mb", corpus(&fixtures, 4 * 1024 * 1024))];
    let extra = extra_texts();
    if !extra.is_empty() {
        sets.push(("texts_4mb", corpus(&extra, 4 * 1024 * 1024)));
    }
    let mut group = c.benchmark_group("extract");
    group.sample_size(10);
    for (name, text) in &sets {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(*name, |b| b.iter(|| extract(black_box(text))));
        // What the article service stores: the same extraction detached from the body.
        group.bench_function(format!("{name}_owned"), |b| b.iter(|| extract(black_box(text)).into_owned()));
    }
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
