//! The review queue on SQLite at scale: 100,000 claims in 5,000 articles, 1,000 reviewers and the
//! votes their tallies add up to (about 67,500), 2% of claims with check requests, some hidden,
//! locked and archived. Measures one page of 20 with its total (what `GET /api/review/queue`
//! does), one article's queue, and the header's counts. `cargo bench --features ssr --bench queue`.

use claimcheck::model::{QueueQuery, Role, UserView};
use claimcheck::server::auth::Actor;
use claimcheck::server::config::Config;
use claimcheck::server::db::Db;
use claimcheck::server::service::queue;
use claimcheck::server::state::AppState;
use criterion::{criterion_group, criterion_main, Criterion};

/// The `claimcheck` binary's allocator (see `src/main.rs`).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ARTICLES: i64 = 5_000;
const CLAIMS_PER_ARTICLE: i64 = 20;
const REVIEWERS: i64 = 1_000;

/// Fills a fresh database. Statuses by claim number: 70% unreviewed, 15% pending (one or two
/// votes), 5% contested (three split votes), 10% verified; every 97th claim hidden, every 199th
/// locked, every 50th article archived and every 70th locked; every 50th claim (offset 7) asked
/// about 1-5 times.
const FILL: &[&str] = &[
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) \
     INSERT INTO users (username, password_hash, created_at) SELECT 'r' || i, 'x', 0 FROM n",
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) \
     INSERT INTO articles (title, body, created_at, archived, locked) \
     SELECT 'Article ' || i, 'body', i, i % 50 = 0, i % 70 = 0 FROM n",
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) \
     INSERT INTO claims (article_id, start_offset, end_offset, quote_exact, quote_prefix, quote_suffix, statement, \
       origin, kind, score, created_at, verified_count, disputed_count, not_a_claim_count, status, visibility, \
       locked_verdict, request_count) \
     SELECT (i - 1) / 20 + 1, ((i - 1) % 20) * 10, ((i - 1) % 20) * 10 + 9, 'Ships: ' || i, 'The ', ' more.', \
       'Ships: ' || i, 'extracted', 'quantity', 0.8, i, \
       CASE WHEN i % 100 BETWEEN 70 AND 84 THEN 1 WHEN i % 100 BETWEEN 85 AND 89 THEN 1 WHEN i % 100 >= 90 THEN 3 ELSE 0 END, \
       CASE WHEN i % 100 BETWEEN 78 AND 84 THEN 1 WHEN i % 100 BETWEEN 85 AND 89 THEN 1 ELSE 0 END, \
       CASE WHEN i % 100 BETWEEN 85 AND 89 THEN 1 ELSE 0 END, \
       CASE WHEN i % 199 = 0 THEN 'verified' WHEN i % 100 < 70 THEN 'unreviewed' WHEN i % 100 < 85 THEN 'pending' \
            WHEN i % 100 < 90 THEN 'contested' ELSE 'verified' END, \
       CASE WHEN i % 97 = 0 THEN 'hidden' ELSE 'visible' END, \
       CASE WHEN i % 199 = 0 THEN 'verified' END, \
       CASE WHEN i % 50 = 7 THEN i % 5 + 1 ELSE 0 END \
     FROM n",
    "INSERT INTO votes (claim_id, user_id, verdict, created_at, updated_at) \
     SELECT c.id, (c.id * 7 + j.j * 131) % 1000 + 1, \
       CASE WHEN j.j < c.verified_count THEN 'verified' \
            WHEN j.j < c.verified_count + c.disputed_count THEN 'disputed' ELSE 'not_a_claim' END, 0, 0 \
     FROM claims c JOIN (SELECT 0 AS j UNION ALL SELECT 1 UNION ALL SELECT 2) j \
       ON j.j < c.verified_count + c.disputed_count + c.not_a_claim_count",
    "ANALYZE",
];

fn setup(rt: &tokio::runtime::Runtime, dir: &std::path::Path) -> AppState {
    rt.block_on(async {
        let url = format!("sqlite://{}/bench.db", dir.display());
        let db = Db::connect(&url).await.expect("connect");
        db.migrate().await.expect("migrate");
        for sql in FILL {
            sqlx::query(sql).execute(db.pool()).await.expect("fill");
        }
        let claims: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM claims").fetch_one(db.pool()).await.unwrap();
        let votes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM votes").fetch_one(db.pool()).await.unwrap();
        assert_eq!(claims, ARTICLES * CLAIMS_PER_ARTICLE);
        eprintln!("{claims} claims, {REVIEWERS} reviewers, {votes} votes");
        let options = leptos::prelude::LeptosOptions::builder().output_name("claimcheck").build();
        AppState::new(Config::for_database(&url), db, options).expect("state")
    })
}

fn reviewer(id: i64) -> Actor {
    Actor::User(UserView {
        id,
        username: format!("r{id}"),
        role: Role::Reviewer,
        standing: claimcheck::model::Standing::Trusted,
    })
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let state = setup(&rt, dir.path());
    let who = reviewer(1);
    let page = QueueQuery { limit: Some(20), article: None };
    let first = rt.block_on(queue::queue(&state, &who, &page)).unwrap();
    assert_eq!(first.items.len(), 20);
    eprintln!("reviewer 1: {} waiting, first reason {}", first.total, first.items[0].reason);

    let mut group = c.benchmark_group("review queue (100k claims, 1k reviewers)");
    group.bench_function("page of 20 with total", |b| {
        b.iter(|| rt.block_on(queue::queue(&state, &who, &page)).unwrap())
    });
    // Reviewers differ in what they voted on: cycle through all of them.
    let mut next = 0i64;
    group.bench_function("page of 20, a different reviewer each time", |b| {
        b.iter(|| {
            next = next % REVIEWERS + 1;
            rt.block_on(queue::queue(&state, &reviewer(next), &page)).unwrap()
        })
    });
    let one = QueueQuery { limit: Some(20), article: Some(4_321) };
    group.bench_function("one article's queue", |b| {
        b.iter(|| rt.block_on(queue::queue(&state, &who, &one)).unwrap())
    });
    group.bench_function("header counts (waiting + unread)", |b| {
        b.iter(|| rt.block_on(queue::counts(&state, &who)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
