//! Runs claim extraction once on a file, for instruction counts under callgrind:
//!
//! ```sh
//! cargo build --release --example extract_once
//! valgrind --tool=callgrind target/release/examples/extract_once FILE [owned]
//! callgrind_annotate --inclusive=yes callgrind.out.* | grep extract_once::
//! ```
//!
//! `run` is extract plus dropping the result (the `news_4mb` bench); with `owned` it is
//! extract, `into_owned` and the drop (`news_4mb_owned`).

use claimcheck::extract::extract;
use std::hint::black_box;

#[inline(never)]
fn run(body: &str, owned: bool) -> usize {
    if owned {
        let ex = extract(black_box(body)).into_owned();
        black_box(&ex);
        ex.claims.len()
    } else {
        let ex = extract(black_box(body));
        black_box(&ex);
        ex.claims.len()
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: extract_once FILE [owned]");
        std::process::exit(2);
    };
    let owned = args.next().as_deref() == Some("owned");
    let body = match std::fs::read_to_string(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    println!("{} claims", run(&body, owned));
}
