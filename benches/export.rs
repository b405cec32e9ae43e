//! Export writers on a large article: 5,000 claims whose tallies add up to 50,000 votes, two sources
//! each, in every format. `cargo bench --features ssr --bench export`.

use claimcheck::consensus::{evaluate, Rule, Tally};
use claimcheck::model::{ArticleView, ClaimKind, ClaimView, Distribution, Fact, Quote, SourceView};
use claimcheck::server::export::{self, Site, SourcesByClaim};
use criterion::{criterion_group, criterion_main, Criterion};

/// The `claimcheck` binary's allocator (see `src/main.rs`).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn big_article() -> (ArticleView, SourcesByClaim) {
    let sentence =
        "The council said on 3 May that about 1,200 homes, \"roughly 4%\" of the total, lost power.\n";
    let body = sentence.repeat(5_000);
    let len = sentence.chars().count();
    let rule = Rule::default();
    let mut claims = Vec::with_capacity(5_000);
    let mut sources = SourcesByClaim::new();
    let mut distribution = Distribution::default();
    for i in 0..5_000usize {
        // Ten votes a claim, spread so every status occurs: 50,000 votes in all.
        let v = (i % 11) as i64;
        let tally = Tally {
            verified: v.min(10),
            disputed: (10 - v).max(0) / 2,
            not_a_claim: (10 - v).max(0) - (10 - v).max(0) / 2,
        };
        let (status, explanation) = evaluate(tally, &rule);
        distribution.add(status, 1);
        let start = i * len;
        let id = i as i64 + 1;
        claims.push(ClaimView {
            id,
            article_id: 1,
            start,
            end: start + len - 1,
            quote: Quote {
                exact: sentence.trim_end().into(),
                prefix: "power.\n".into(),
                suffix: "\nThe".into(),
            },
            statement: sentence.trim_end().into(),
            kind: ClaimKind::Quantity,
            origin: "extracted".into(),
            score: 0.9,
            facts: vec![Fact { start: start + 37, end: start + 54, text: "about 1,200 homes".into() }],
            status,
            crowd_status: status,
            tally,
            locked: false,
            editorial: None,
            visibility: claimcheck::model::Visibility::Visible,
            merged_into: None,
            explanation,
            pending_votes: 0,
        });
        sources.insert(
            id,
            (0..2)
                .map(|k| SourceView {
                    id: id * 2 + k,
                    claim_id: id,
                    url: format!("https://grid.example/outage/{id}/{k}"),
                    title: "Outage report, with \"quotes\", commas".into(),
                    publisher: "grid.example".into(),
                    excerpt: "=SUM(A1) 1,200 homes".into(),
                    stance: claimcheck::model::Stance::Supports,
                    added_by: "bench".into(),
                    created_at: "2026-11-28T00:00:00Z".into(),
                    visibility: claimcheck::model::Visibility::Visible,
                })
                .collect(),
        );
    }
    let article = ArticleView {
        id: 1,
        title: "Power cuts".into(),
        body,
        url: Some("https://news.example/power".into()),
        publisher: Some("Example News".into()),
        published_date: Some("2026-05-04".into()),
        created_at: "2026-11-28T00:00:00Z".into(),
        submitted_by: Some("bench".into()),
        claims,
        distribution,
        locked: false,
        archived: false,
        copies: Vec::new(),
        merged_into: None,
    };
    (article, sources)
}

fn bench(c: &mut Criterion) {
    let (article, sources) = big_article();
    let site = Site { public_url: "https://claims.example", org_name: "Bench Desk", date: "2026-11-28" };
    let mut g = c.benchmark_group("export 5000 claims");
    g.sample_size(20);
    g.bench_function("json", |b| b.iter(|| export::json(&article, &sources, &site).unwrap().len()));
    g.bench_function("csv", |b| b.iter(|| export::csv(&article, &sources, &site).unwrap().len()));
    g.bench_function("claimreview", |b| b.iter(|| export::claimreview(&article, &site).unwrap().len()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
