//! Runs claim extraction once on a file, for instruction counts under callgrind:
//!
//! ```sh
//! cargo build --release --example extract_once
//! valgrind --tool=callgrind target/release/examples/extract_once FILE [owned]
//! callgrind_annotate --inclusive=yes callgrind.out.* | grep extract_once::
//! ```
//!
//! `run` is extract plus dropping the result (the `news_4mb` bench); with `owned` it is
//! extract, `into_owned` and the drop (`news_4mb_owned`). `json`, `json-all` and `text`
//! print the result instead, as `claimcheck extract --format json [--all]` and `--format
//! text` do, for diffing outputs before and after a change without the server build.

use claimcheck::extract::{extract, render_text};
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
        eprintln!("usage: extract_once FILE [owned|json|json-all|text]");
        std::process::exit(2);
    };
    let mode = args.next().unwrap_or_default();
    let body = match std::fs::read_to_string(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    match mode.as_str() {
        "json" | "json-all" => {
            let ex = extract(&body);
            let value = if mode == "json-all" {
                serde_json::json!({ "claims": ex.claims, "segments": ex.segments })
            } else {
                serde_json::json!({ "claims": ex.claims })
            };
            println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
        }
        "text" => print!("{}", render_text(&body, &extract(&body))),
        _ => println!("{} claims", run(&body, mode == "owned")),
    }
}
