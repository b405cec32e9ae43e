//! Arbitrary text through the claim extractor: it must not panic (overflow checks are on), and
//! every span it proposes must address the body exactly, in code points.
#![no_main]

use claimcheck::extract::{extract, QUOTE_CONTEXT};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Bodies arrive as UTF-8 text; invalid bytes become U+FFFD as a paste would.
    let body = String::from_utf8_lossy(data);
    let ex = extract(&body);

    let mut at: Vec<usize> = body.char_indices().map(|(b, _)| b).collect();
    let n = at.len();
    at.push(body.len());
    let cut = |s: usize, e: usize| &body[at[s.min(n)]..at[e.min(n)]];
    for c in &ex.claims {
        assert!(c.start < c.end && c.end <= n, "claim span {}..{} of {n}", c.start, c.end);
        assert_eq!(cut(c.start, c.end), c.quote.exact);
        assert_eq!(cut(c.start.saturating_sub(QUOTE_CONTEXT), c.start), c.quote.prefix);
        assert_eq!(cut(c.end, c.end + QUOTE_CONTEXT), c.quote.suffix);
        assert!((0.0..=1.0).contains(&c.score), "score {}", c.score);
        for f in &c.facts {
            assert!(c.start <= f.start && f.start < f.end && f.end <= c.end, "fact outside its claim");
            assert_eq!(cut(f.start, f.end), f.text);
        }
    }
    let mut last = 0;
    for s in &ex.segments {
        assert!(last <= s.start && s.start < s.end && s.end <= n, "segments in order and inside");
        last = s.end;
    }
});
