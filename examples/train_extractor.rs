//! `claimcheck train-extractor` without the server build, for quick training runs:
//!
//! ```sh
//! cargo run --release --example train_extractor -- LABELS.json... [--cv] [--out src/extract/weights.rs]
//! ```

fn main() {
    let mut labels = Vec::new();
    let mut opts = claimcheck::extract::train::Options::default();
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--cv" => opts.cv = true,
            "--errors" => opts.errors = true,
            "--fact-errors" => opts.fact_errors = true,
            "--l2h" => opts.l2_hashed = args.next().and_then(|t| t.parse().ok()).unwrap_or(0.0),
            "--drop" => opts.drop = args.next().and_then(|t| t.parse().ok()).unwrap_or(0),
            "--out" => out = args.next(),
            "--threshold" => opts.threshold = args.next().and_then(|t| t.parse().ok()),
            "--bits" => opts.bits = args.next().and_then(|t| t.parse().ok()).unwrap_or(opts.bits),
            "--epochs" => opts.epochs = args.next().and_then(|t| t.parse().ok()).unwrap_or(opts.epochs),
            "--l2" => opts.l2 = args.next().and_then(|t| t.parse().ok()).unwrap_or(opts.l2),
            "--tag-bits" => opts.tag_bits = args.next().and_then(|t| t.parse().ok()).unwrap_or(opts.tag_bits),
            "--tag-epochs" => {
                opts.tag_epochs = args.next().and_then(|t| t.parse().ok()).unwrap_or(opts.tag_epochs)
            }
            "--tag-l2" => opts.tag_l2 = args.next().and_then(|t| t.parse().ok()).unwrap_or(opts.tag_l2),
            "--tag-rate" => opts.tag_rate = args.next().and_then(|t| t.parse().ok()).unwrap_or(opts.tag_rate),
            "--rate" => opts.rate = args.next().and_then(|t| t.parse().ok()).unwrap_or(opts.rate),
            _ => labels.push(a),
        }
    }
    let read = |p: &str| std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"));
    match claimcheck::extract::train::run(&labels, &read, &opts) {
        Ok(o) => {
            print!("{}", o.report);
            if let Some(path) = out {
                if let Err(e) = std::fs::write(&path, o.source) {
                    eprintln!("{path}: {e}");
                    std::process::exit(1);
                }
                println!("weights written to {path}");
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
