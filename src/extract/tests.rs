//! End-to-end tests of `extract` on fixtures written for this project (never the dev set):
//! seed-like article, hard segmentation cases, non-ASCII offsets, CRLF/NBSP pastes, and
//! property tests that no input panics and every span addresses the body exactly.

use super::*;
use proptest::prelude::*;

const BORDER: &str = include_str!("../../tests/fixtures/extract/border.txt");
const HARD: &str = include_str!("../../tests/fixtures/extract/hard_cases.txt");
const UNICODE: &str = include_str!("../../tests/fixtures/extract/unicode.txt");
const OPINION: &str = include_str!("../../tests/fixtures/extract/opinion.txt");

fn cp_slice(body: &str, s: usize, e: usize) -> String {
    body.chars().skip(s).take(e.saturating_sub(s)).collect()
}

/// Every span lies in the body on code point boundaries and `quote`/`text` match it.
fn assert_spans_consistent(body: &str, ex: &Extraction) {
    if let Err(e) = ex.check_spans(body) {
        panic!("{e}");
    }
}

fn claim_containing<'a, 'b>(ex: &'a Extraction<'b>, needle: &str) -> &'a ProposedClaim<'b> {
    ex.claims.iter().find(|c| c.quote.exact.contains(needle)).unwrap_or_else(|| {
        panic!(
            "no claim contains {needle:?}: {:#?}",
            ex.claims.iter().map(|c| &c.statement).collect::<Vec<_>>()
        )
    })
}

fn has_fact(c: &ProposedClaim, text: &str) -> bool {
    c.facts.iter().any(|f| f.text == text)
}

#[test]
fn seed_like_article_yields_the_key_claims_and_facts() {
    let ex = extract(BORDER);
    assert_spans_consistent(BORDER, &ex);
    assert!(has_fact(claim_containing(&ex, "219 km"), "219 km land border"));
    assert!(has_fact(claim_containing(&ex, "were killed"), "Three"));
    let time = claim_containing(&ex, "23:15");
    assert!(has_fact(time, "On 12 March"));
    assert!(has_fact(time, "around 23:15"));
    assert!(has_fact(claim_containing(&ex, "explosives"), "about 10 kg of explosives"));
    assert!(has_fact(claim_containing(&ex, "1/20"), "as much as 1/20 of Georgia's population"));
    assert_eq!(claim_containing(&ex, "1/20").kind, ClaimKind::Statistic);
    assert_eq!(claim_containing(&ex, "explosives").kind, ClaimKind::Quantity);
}

#[test]
fn boilerplate_lines_are_labelled_and_never_claims() {
    let ex = extract(BORDER);
    let boiler: Vec<String> = ex
        .segments
        .iter()
        .filter(|s| s.label == SegmentLabel::Boilerplate)
        .map(|s| cp_slice(BORDER, s.start, s.end))
        .collect();
    for line in [
        "22:40 GMT14 March 2023",
        "Listen Live",
        "Get short URL",
        "Advertisement",
        "Share this article",
        "Read more: Border talks resume in Yerevan",
        "Community standardsDiscussion",
    ] {
        assert!(boiler.iter().any(|b| b == line), "{line:?} not boilerplate: {boiler:?}");
        assert!(ex.claims.iter().all(|c| !c.quote.exact.contains(line)));
    }
    assert!(ex.segments.iter().all(|s| s.reasons().iter().all(|r| !r.to_string().is_empty())));
}

#[test]
fn questions_and_unattributed_opinions_are_not_claims() {
    let ex = extract(OPINION);
    assert!(ex.claims.is_empty(), "{:#?}", ex.claims);
    assert_eq!(ex.segments.len(), 5);
    let border = extract(BORDER);
    assert!(border.claims.iter().all(|c| !c.quote.exact.contains("Is the region safe?")));
}

#[test]
fn hard_segmentation_cases_split_where_a_reader_would() {
    let ex = extract(HARD);
    let segs: Vec<String> = ex.segments.iter().map(|s| cp_slice(HARD, s.start, s.end)).collect();
    let expect = [
        "Dr. Lena Ortiz of the U.S. Geological Survey said the quake struck at 4:17 a.m. local time.",
        "It measured 6.1 on the Richter scale, i.e. strong enough to crack walls.",
        "Aftershocks continued until 9 a.m.",
        "The agency recorded 42 of them.",
        "Repairs will cost an estimated $3.5 million.",
        "The mayor paused...",
        "Then he said: \"We lost everything.\"",
        "1. Ground shaking lasted 38 seconds.",
        "- Two bridges were closed on Jan. 9.",
        "Will the town recover?",
    ];
    for e in expect {
        assert!(segs.iter().any(|s| s == e), "missing segment {e:?} in {segs:#?}");
    }
    assert!(segs
        .iter()
        .any(|s| s.starts_with("Mr. Ortiz's team (a group of 14 researchers) found that 1/3")));
    assert_eq!(segs[0], "By Maria Keller, Science Editor");
    assert_eq!(segs[1], "Updated 08:05 BST, Tue Feb. 6");
}

#[test]
fn hedged_money_and_fractions_are_facts() {
    let ex = extract(HARD);
    assert!(has_fact(claim_containing(&ex, "$3.5"), "estimated $3.5 million"));
    assert!(has_fact(claim_containing(&ex, "1/3"), "1/3 of the buildings"));
    assert!(has_fact(claim_containing(&ex, "Jan. 9"), "on Jan. 9"));
}

#[test]
fn offsets_are_code_points_not_bytes_or_utf16() {
    let ex = extract(UNICODE);
    assert_spans_consistent(UNICODE, &ex);
    for c in &ex.claims {
        let by_chars: String = UNICODE.chars().skip(c.start).take(c.end - c.start).collect();
        assert_eq!(by_chars, c.quote.exact);
    }
    let sp = claim_containing(&ex, "180 mm");
    let f = sp.facts.iter().find(|f| f.text == "180 mm of rain").expect("rain fact");
    // Code points, bytes and UTF-16 units all differ before this claim (ã, ê, emoji).
    let byte = UNICODE.find("180 mm of rain").unwrap();
    let utf16 = UNICODE[..byte].encode_utf16().count();
    assert_eq!(f.start, UNICODE[..byte].chars().count());
    assert_ne!(f.start, byte);
    assert_ne!(f.start, utf16);
    assert!(has_fact(claim_containing(&ex, "Łódź"), "12%"));
    // Names alone are not facts; the figures after the non-ASCII name are.
    let rescued = claim_containing(&ex, "Yardımlı");
    assert!(rescued.facts.iter().any(|f| f.text.contains("nine hours")), "{:?}", rescued.facts);
    assert!(!has_fact(rescued, "Yardımlı"));
    assert!(ex.claims.iter().all(|c| !c.quote.exact.contains("😀")));
}

#[test]
fn crlf_nbsp_curly_quotes_and_indentation_keep_exact_offsets() {
    let body = BORDER.replace('\n', "\r\n").replace("219 km", "219\u{a0}km");
    let ex = extract(&body);
    assert_spans_consistent(&body, &ex);
    let c = claim_containing(&ex, "219\u{a0}km");
    assert!(has_fact(c, "219\u{a0}km land border"));
    assert!(!c.quote.exact.contains('\r'));
    assert_eq!(c.statement, "Georgia and Armenia have a 219 km land border.");
    assert_eq!(ex.claims.len(), extract(BORDER).claims.len());
    let curly = "    “We counted 40 boats,” the harbour master said on Monday.\r\n";
    let ex = extract(curly);
    assert_spans_consistent(curly, &ex);
    assert_eq!(ex.claims.len(), 1);
    assert!(ex.claims[0].quote.exact.starts_with('“'));
}

#[test]
fn render_text_marks_facts_in_brackets() {
    let ex = extract(BORDER);
    let text = render_text(BORDER, &ex);
    assert!(text.contains("[[219 km land border]]"), "{text}");
    assert!(text.contains("[[about 10 kg of explosives]]"));
}

#[test]
fn claim_kind_round_trips_through_str_and_serde() {
    for k in ClaimKind::ALL {
        assert_eq!(k.as_str().parse::<ClaimKind>(), Ok(k));
    }
    assert!("opinion".parse::<ClaimKind>().is_err());
    assert_eq!(SegmentLabel::NotClaim.as_str(), "not_claim");
}

#[test]
fn empty_and_blank_input_give_nothing() {
    assert_eq!(extract(""), Extraction { claims: vec![], segments: vec![] });
    assert!(extract(" \r\n\u{a0}\t\n").segments.is_empty());
}

#[test]
fn input_without_punctuation_or_with_only_numbers_does_not_panic() {
    let words = "the river rose by 2 metres in Łódź ".repeat(2_000);
    assert_spans_consistent(&words, &extract(&words));
    let numbers = "12 3.5 1/5 16:00 2,140 ".repeat(2_000);
    assert_spans_consistent(&numbers, &extract(&numbers));
}

#[test]
fn one_hundred_kilobyte_sentence_is_one_segment() {
    let mut s = "Officials said ".to_string();
    while s.len() < 100_000 {
        s.push_str("about 10 kg of rice, 3.5% of Dr. Lee's stock and ");
    }
    s.push_str("more.");
    let ex = extract(&s);
    assert_eq!(ex.segments.len(), 1);
    assert_spans_consistent(&s, &ex);
}

#[test]
fn ten_megabyte_input_is_handled() {
    let mut big = String::with_capacity(10_500_000);
    while big.len() < 10_000_000 {
        big.push_str(BORDER);
        big.push_str(UNICODE);
        big.push_str(HARD);
    }
    let ex = extract(&big);
    assert!(ex.claims.len() > 1_000);
    let last = ex.claims.last().unwrap();
    assert_eq!(cp_slice(&big, last.start, last.end), last.quote.exact);
}

#[test]
fn pathological_punctuation_runs_do_not_panic() {
    for s in ["...", ". . . .", "“”\"\"", "(((", "1.", "a.", "U.S.", "?!", "\r\r\n\n", "No. . No."] {
        assert_spans_consistent(s, &extract(s));
        let long = s.repeat(5_000);
        assert_spans_consistent(&long, &extract(&long));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_unicode_never_panics_and_spans_match(s in "\\PC{0,300}") {
        let ex = extract(&s);
        assert_spans_consistent(&s, &ex);
        let _ = render_text(&s, &ex);
    }

    #[test]
    fn news_like_alphabet_never_panics(s in "[A-Za-z0-9 .,!?:;\"'“”’()/%£$°\u{a0}\r\nŁódźı😀-]{0,400}") {
        let ex = extract(&s);
        assert_spans_consistent(&s, &ex);
    }

    #[test]
    fn offset_helpers_agree(s in "\\PC{0,60}", cp in 0usize..70) {
        if let Some(b) = char_to_byte(&s, cp) {
            prop_assert_eq!(byte_to_char(&s, b), Some(cp));
        } else {
            prop_assert!(cp > s.chars().count());
        }
    }
}

#[test]
fn owned_extraction_serialises_exactly_like_the_borrowed_one() {
    let body = BORDER.replace("219 km", "219\u{a0}km");
    let ex = extract(&body);
    let json = serde_json::to_string(&ex).unwrap();
    let owned = ex.clone().into_owned();
    drop(body);
    assert_eq!(serde_json::to_string(&owned).unwrap(), json);
    assert!(json.contains(" other features\""), "{json}");
    assert!(json.contains("\"boilerplate: "), "{json}");
    let threshold = score::WeightText::new(score::CLAIM_THRESHOLD, false);
    assert!(json.contains(&format!(" threshold {}\"", threshold.as_str())), "{json}");
    // Quotes and facts keep the shapes of the model's `Quote` and `Fact`.
    let c = &owned.claims[0];
    let q: Quote = serde_json::from_value(serde_json::to_value(&c.quote).unwrap()).unwrap();
    assert_eq!(q.exact, c.quote.exact);
    let f: Vec<Fact> = serde_json::from_value(serde_json::to_value(&c.facts).unwrap()).unwrap();
    assert_eq!(f.len(), c.facts.len());
}

#[test]
fn a_segment_explains_itself_the_same_way_borrowed_shared_or_copied() {
    let body = format!("{HARD}\n{BORDER}");
    let ex = extract(&body);
    let want: Vec<Vec<String>> =
        ex.segments.iter().map(|s| s.reasons().iter().map(ToString::to_string).collect()).collect();
    assert!(want.iter().all(|r| !r.is_empty()));
    let copied: Vec<Vec<String>> = ex
        .segments
        .iter()
        .cloned()
        .map(|s| s.into_owned().reasons().iter().map(ToString::to_string).collect())
        .collect();
    let shared = ex.into_owned();
    drop(body);
    let shared: Vec<Vec<String>> =
        shared.segments.iter().map(|s| s.reasons().iter().map(ToString::to_string).collect()).collect();
    assert_eq!(copied, want);
    assert_eq!(shared, want);
}

#[test]
fn check_spans_reports_a_span_that_does_not_match_the_body() {
    let mut ex = extract(BORDER);
    assert_eq!(ex.check_spans(BORDER), Ok(()));
    let c = ex.claims.first_mut().expect("the border fixture has claims");
    c.start += 1;
    let err = ex.check_spans(BORDER).expect_err("a shifted claim start must be caught");
    assert!(err.contains("quote"), "{err}");
}

#[test]
fn a_quotation_is_attributed_where_it_closes_wherever_the_batches_split() {
    // `extract` works sentences in batches of `BATCH`; the closing sentence of a quotation
    // may fall in the next batch. Put the opener at every position around a batch's end.
    let quote = "\"The crossing stays closed this week. It reopens on Monday,\" the Border Service said.";
    let explain = |n: usize| {
        let body = format!("{}{quote}\n", "A quiet morning passed at the harbour.\n\n".repeat(n));
        let ex = extract(&body);
        let opener = &ex.segments[n];
        assert_eq!(cp_slice(&body, opener.start, opener.end), "\"The crossing stays closed this week.");
        let Why::Scored { ctx, .. } = opener.why else { panic!("the opener is scored") };
        assert_eq!(ctx.quote, score::QuoteCtx::SpeakerLater, "opener after {n} sentences");
        (opener.label, opener.reasons().iter().map(ToString::to_string).collect::<Vec<_>>())
    };
    explain(0);
    let (label, reasons) = explain(2);
    for n in (BATCH - 3..BATCH + 2).chain(2 * BATCH - 2..2 * BATCH + 1) {
        assert_eq!(explain(n), (label, reasons.clone()), "opener after {n} sentences");
    }
}
