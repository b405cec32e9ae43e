//! Unit tests of the word table and the tokeniser, and the property test holding the
//! tokeniser to its oracle.

use super::*;
use proptest::prelude::*;

/// Any text of words, numbers, marks and assorted whitespace, ASCII or not.
fn text() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "said",
        "Said",
        "U.S.",
        "a.m.",
        "Jan.",
        "No.",
        "opened",
        "hundred",
        "US$3",
        "$5,",
        "£5",
        "12kg",
        "3.5%",
        "1/5",
        "16:00",
        "Łódź",
        "São",
        "Iran’s",
        "“Quote,”",
        "(151)",
        "[x]",
        "—",
        "-",
        "...",
        "e.g.",
        "interoperability",
        "Internationally",
        "abcdefghijklmnop",
        "abcdefghijklmnopq",
        "Approximately",
        "spokeswoman,",
        "Wednesday",
        "Yardımlı",
        "shed",
        "used",
        "bed",
        "Red",
        "speed",
        "need",
        "wed",
        "fled",
        "freed",
        "accepted",
        "Accepted",
        "plainly",
        "2019",
        "US$",
        "USA",
        "said\u{7f}",
        "ab\u{80}",
        "MON",
        "Jan",
        "PM",
        "🙂",
        "\u{1}",
        "said\u{1c}x",
        "\u{a0}",
        "\u{feff}",
        "\u{7f}",
        "\"",
        "'",
        ",",
        ".",
        "\t",
        "\r\n",
        "  ",
        "x",
    ];
    let piece = prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => "[a-zA-Z0-9.,;:'\"()$-]{1,20}",
        1 => any::<String>(),
    ];
    let sep = proptest::sample::select(&[" ", " ", " ", "", "  ", "\n", "\u{a0}"][..]);
    proptest::collection::vec((piece, sep), 0..30).prop_map(|v| v.into_iter().map(|(p, s)| p + s).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]
    #[test]
    fn tokens_match_the_reference(t in text(), cut in 0usize..8) {
        // Also a range inside a longer body, and one ending near the body's end.
        let body = format!("{t}{}", "x".repeat(cut));
        let mut new = Vec::new();
        let mut old = Vec::new();
        let k = body.chars().next().map_or(0, char::len_utf8);
        for (s, e) in [(0, t.len()), (0, body.len()), (k, body.len())] {
            let a = tokens_into(&body, s, e, &mut new);
            let b = oracle::tokens_into(&body, s, e, &mut old);
            prop_assert_eq!(a, b);
            prop_assert_eq!(&new, &old);
        }
    }
}

#[test]
fn keys_load_like_a_zero_padded_copy() {
    for n in 0..=8 {
        let bytes = [1u8, 2, 3, 4, 5, 6, 7, 8];
        let mut buf = [0u8; 8];
        buf[..n].copy_from_slice(&bytes[..n]);
        assert_eq!(load8(&bytes[..n]), u64::from_le_bytes(buf), "{n}");
    }
}

#[test]
fn ascii_shape_matches_the_general_one() {
    for w in ["said", "Said", "opened", "hundred", "Opened", "US$5", "U2", "12kg", "abcde", "speeded", "x"] {
        assert_eq!(shape_ascii(w.as_bytes(), has_digit(w)), shape(w), "{w}");
    }
}

#[test]
fn every_listed_word_is_found_with_its_classes() {
    let t = table();
    let used = t.ctrl.iter().filter(|&&c| c != 0).count();
    assert!(used * 4 <= TABLE_LEN * 3, "table {used}/{TABLE_LEN} full: raise TABLE_BITS");
    for (class, words) in LISTS {
        for w in words.iter().filter(|w| key(w.as_bytes()).is_some()) {
            // Exactly the classes of the lists that hold it, in any case.
            let all = LISTS
                .iter()
                .filter(|(_, ws)| ws.iter().any(|x| x.eq_ignore_ascii_case(w)))
                .fold(0, |acc, (c, _)| acc | c);
            assert_eq!(all & class, *class, "{w}");
            assert_eq!(classify(w), all, "{w}");
            assert_eq!(classify(&w.to_ascii_uppercase()), all, "{w}");
        }
    }
    assert_eq!(classify("zzyzx"), 0);
}

#[test]
fn every_listed_word_folds_exactly() {
    // `fold` keeps lowercase letters and 0x20..=0x3F apart from every other byte.
    for (_, words) in LISTS {
        for w in words.iter() {
            assert!(w.bytes().all(|b| b.is_ascii_lowercase() || (0x20..=0x3F).contains(&b)), "{w:?}");
        }
    }
    for w in ["said", "SAID", "Said", "u.s.", "U.S.", "@aid", "[aid", "sai`", "saïd", "said!", "1/5"] {
        assert_eq!(classify(w), oracle::classify(w), "{w}");
    }
}

#[test]
fn ascii_punctuation_bytes_match_the_char_tests() {
    for b in 0..0x80u8 {
        assert_eq!(is_lead_punct_byte(b), is_lead_punct(char::from(b)), "{b}");
        assert_eq!(is_trail_punct_byte(b), is_trail_punct(char::from(b)), "{b}");
    }
    // The slow path of the tokeniser: ASCII words with marks around them.
    for w in ["\"$5,", "(Dollars$)", "'opened.'", "-US$3;", "*Speed:", "[12kg]"] {
        let t = tokens(w, 0, w.len());
        let word = &w[t[0].s..t[0].e];
        assert_eq!(t[0].flags, shape(word), "{w}");
    }
}

#[test]
fn byte_masks_match_byte_tests() {
    for b in 0..=255u8 {
        for pos in [0, 3, 7] {
            let x = u64::from(b) << (8 * pos) | 0x4141_4141_4141_4141 & !(0xFF << (8 * pos));
            let printable = b > b' ' && b < 0x7F;
            assert_eq!(unprintable_bytes(x) == 0, printable, "{b:#x} at {pos}");
            assert_eq!(digit_bytes(x) != 0, b.is_ascii_digit(), "{b:#x} at {pos}");
            if !printable {
                assert_eq!(unprintable_bytes(x).trailing_zeros() / 8, pos, "{b:#x}");
            }
        }
    }
}

#[test]
fn classification_ignores_case() {
    assert_ne!(classify("Said") & ATTRIB, 0);
    assert_ne!(classify("JAN") & MONTH_ABBR, 0);
    assert_eq!(classify("Łódź"), 0);
}

#[test]
fn tokens_strip_quotes_and_trailing_stops_but_keep_units() {
    let t = "“About 38.9°C.” (151)";
    let toks = tokens(t, 0, t.len());
    assert_eq!(&t[toks[0].s..toks[0].e], "About");
    assert_eq!(&t[toks[1].s..toks[1].e], "38.9°C");
    assert_eq!(&t[toks[2].s..toks[2].e], "151");
}
