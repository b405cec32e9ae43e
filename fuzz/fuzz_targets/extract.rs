//! Arbitrary text through the claim extractor: it must not panic (overflow checks are on), and
//! every span it proposes must address the body exactly, in code points.
#![no_main]

use claimcheck::extract::extract;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Bodies arrive as UTF-8 text; invalid bytes become U+FFFD as a paste would.
    let body = String::from_utf8_lossy(data);
    let ex = extract(&body);

    if let Err(e) = ex.check_spans(&body) {
        panic!("{e}");
    }
});
