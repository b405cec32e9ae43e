//! Cost of one argon2id password hash and one verification with the production parameters
//! (m = 19456 KiB, t = 2, p = 1), through the same `Passwords` the server uses (bounded
//! `spawn_blocking` pool, so the figures include that small hop).
//! Run: cargo bench --features ssr --bench auth

use claimcheck::server::auth::Passwords;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

/// The `claimcheck` binary's allocator (see `src/main.rs`).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench_auth(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
    let passwords = Passwords::new().expect("argon2 parameters are valid");
    let password = "correct horse battery staple".to_string();
    let hash = rt.block_on(passwords.hash(password.clone())).expect("hashing works");

    let mut group = c.benchmark_group("argon2id");
    group.sample_size(20);
    group.bench_function("hash", |b| {
        b.iter(|| rt.block_on(passwords.hash(black_box(password.clone()))).expect("hashing works"))
    });
    group.bench_function("verify_ok", |b| {
        b.iter(|| {
            let ok = rt.block_on(passwords.verify(black_box(password.clone()), Some(hash.clone())));
            assert!(ok.expect("verifying works"));
        })
    });
    group.bench_function("verify_unknown_user", |b| {
        b.iter(|| {
            let ok = rt.block_on(passwords.verify(black_box(password.clone()), None));
            assert!(!ok.expect("verifying works"));
        })
    });
    group.finish();
}

criterion_group!(benches, bench_auth);
criterion_main!(benches);
