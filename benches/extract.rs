//! Throughput of the whole extraction pipeline (segmentation, scoring, facts, offsets) over
//! a few MB of news-like text assembled from the project's own fixtures. `news_4mb` is what
//! `extract` returns (borrowing from the body); `news_4mb_owned` adds `into_owned`, which the
//! article service uses to keep the result after the body moves on.
//! Run: cargo bench --bench extract

use claimcheck::extract::extract;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

const FIXTURES: [&str; 4] = [
    include_str!("../tests/fixtures/extract/border.txt"),
    include_str!("../tests/fixtures/extract/hard_cases.txt"),
    include_str!("../tests/fixtures/extract/unicode.txt"),
    include_str!("../tests/fixtures/extract/opinion.txt"),
];

fn corpus(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 4096);
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(FIXTURES[i % FIXTURES.len()]);
        out.push('\n');
        i += 1;
    }
    out
}

fn bench_extract(c: &mut Criterion) {
    let text = corpus(4 * 1024 * 1024);
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("news_4mb", |b| b.iter(|| extract(black_box(&text))));
    // What the article service stores: the same extraction detached from the body.
    group.bench_function("news_4mb_owned", |b| b.iter(|| extract(black_box(&text)).into_owned()));
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
