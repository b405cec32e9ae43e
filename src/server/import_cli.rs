//! `claimcheck import-html FILE... [--url URL]`: saved pages in, article fields out as JSON, with the
//! same pure import the server uses (`crate::import`).

use anyhow::Context;
use std::io::{Read, Write};

pub fn run(files: &[String], url: Option<&str>) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let several = files.len() > 1;
    for file in files {
        let bytes = if file == "-" {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).context("Failed to read standard input")?;
            buf
        } else {
            std::fs::read(file).with_context(|| format!("Failed to read {file}"))?
        };
        let article = crate::import::import_bytes(&bytes, None, url);
        // The struct's own field order, then "file" at the end.
        let mut json = serde_json::to_string(&article).context("Failed to write JSON")?;
        if several {
            json.pop();
            json.push_str(",\"file\":");
            json.push_str(&serde_json::to_string(file).context("Failed to write JSON")?);
            json.push('}');
        }
        out.write_all(json.as_bytes()).context("Failed to write to standard output")?;
        out.write_all(b"\n").context("Failed to write to standard output")?;
    }
    out.flush().context("Failed to write to standard output")?;
    Ok(())
}
