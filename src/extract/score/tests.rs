//! Unit tests of the scorer, and the property test holding its feature scan to the oracle.

use super::*;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]
    #[test]
    fn features_match_the_reference(t in crate::extract::facts::tests::sentence()) {
        let toks = tokens(&t, 0, t.len());
        let mut f = Features::default();
        let mut marked = Vec::new();
        marked_into(&toks, &mut marked);
        scan(&t, &toks, &marked, &mut f);
        prop_assert_eq!(f, oracle::scan(&t, &toks));
    }
}

#[test]
fn the_class_filters_cover_their_words() {
    // The zero-count rule runs for `TITLE` words only.
    assert_ne!(classify("no") & TITLE, 0);
    // The auxiliaries before a past tense are looked for among stop words only.
    for w in ["has", "have", "had", "was", "were", "been"] {
        assert_ne!(classify(w) & STOP, 0, "{w}");
    }
    for w in ["a.m.", "p.m.", "a.m", "p.m", "am", "pm", "AM", "P.M.", "an", "pmx", "apm"] {
        assert_eq!(ampm(w), is_ampm(w), "{w}");
    }
}

/// The named features of a sentence, as "reason: words" (words and pairs left out).
fn named(t: &str) -> Vec<String> {
    let toks = tokens(t, 0, t.len());
    let mut marked = Vec::new();
    marked_into(&toks, &mut marked);
    let mut out = Vec::new();
    let ctx = Ctx { quote: QuoteCtx::Plain, pos: 0 };
    features(t, 0, t.len(), &toks, &marked, ctx, 12, &mut |id, sp| {
        if id < NAMED_COUNT {
            out.push(match sp {
                Some((a, b)) => format!("{}: {}", feature_name(id), &t[a..b]),
                None => feature_name(id).to_string(),
            });
        }
    });
    out
}

#[test]
fn zero_counts_and_named_events_are_found() {
    assert!(named("No deaths were reported after the storm in Leeds.")
        .iter()
        .any(|r| r.contains("zero count")));
    assert!(named("Police said no previous convictions were found.")
        .iter()
        .any(|r| r.contains("zero count")));
    let v = named("On Monday Azerbaijan has informed Iran of the 12 arrests.");
    assert!(v.iter().any(|r| r.contains("event by a named actor: Azerbaijan has informed")), "{v:?}");
}

#[test]
fn layout_and_position_are_features() {
    let v = named("Storm closes the coast road");
    assert!(v.iter().any(|r| r == "no closing punctuation"), "{v:?}");
    assert!(v.iter().any(|r| r == "1 to 5 words"), "{v:?}");
    let v = named("Here is what we know:");
    assert!(v.iter().any(|r| r == "ends with a colon"), "{v:?}");
    let v = named("Why did the 3 ferries stop?");
    assert!(v.iter().any(|r| r == "question") && v.iter().any(|r| r.starts_with("count")), "{v:?}");
}

#[test]
fn short_and_exclaimed_opening_quotations_are_features() {
    let short = "opening quotation of three words or fewer";
    let outcry = "opening quotation ends in an exclamation or question";
    let v = named("\u{201c}Luck,\u{201d} the ferryman says.");
    assert!(v.iter().any(|r| r == short) && !v.iter().any(|r| r == outcry), "{v:?}");
    let v = named("\"Keep off the pier tonight!\" the harbour master shouted.");
    assert!(v.iter().any(|r| r == outcry) && !v.iter().any(|r| r == short), "{v:?}");
    let v = named("\"Was anyone hurt?\" she asked.");
    assert!(v.iter().any(|r| r == short) && v.iter().any(|r| r == outcry), "{v:?}");
    // A long quotation, or one that is the whole sentence, is neither.
    let v = named("\"The pier was closed at 6 p.m. on Friday,\" the council said.");
    assert!(!v.iter().any(|r| r == short || r == outcry), "{v:?}");
    let v = named("\"Stop!\"");
    assert!(!v.iter().any(|r| r == short || r == outcry), "{v:?}");
}

#[test]
fn words_hash_alike_whatever_their_case_and_digits() {
    assert_eq!(word_hash(b"Said", false), word_hash(b"said", false));
    assert_eq!(word_hash(b"2011", true), word_hash(b"1998", true));
    assert_ne!(word_hash(b"said", false), word_hash(b"sad", false));
    assert_ne!(word_hash(b"internationally", false), word_hash(b"internationalism", false));
}

#[test]
fn every_feature_id_has_a_weight() {
    assert_eq!(weights::WEIGHTS.len() as u32, HASHED + (2 << weights::HASH_BITS));
}

struct Scored {
    score: f64,
    claim: bool,
    kind: ClaimKind,
    reasons: Vec<String>,
}

fn sc(t: &str) -> Scored {
    let toks = tokens(t, 0, t.len());
    let mut rs = Vec::new();
    let mut marked = Vec::new();
    marked_into(&toks, &mut marked);
    let ctx = Ctx { quote: QuoteCtx::Plain, pos: 0 };
    let v = score::<true>(t, 0, t.len(), &toks, &marked, ctx, &mut rs);
    Scored {
        score: v.score,
        claim: v.claim,
        kind: v.kind,
        reasons: rs.iter().map(|r| r.public(t).to_string()).collect(),
    }
}

#[test]
fn weights_render_with_two_decimals() {
    let r = |w: f64, s: bool| {
        let (b, n) = weight_digits(w, s);
        String::from_utf8(b[..n].to_vec()).unwrap()
    };
    assert_eq!(r(0.15, true), "+0.15");
    assert_eq!(r(-0.5, true), "-0.50");
    assert_eq!(r(0.45, false), "0.45");
    assert_eq!(r(1.0, false), "1.00");
    assert_eq!(r(12.345, true), "+12.35");
    let t = WeightText::new(CLAIM_THRESHOLD, false);
    assert_eq!(
        super::super::Reason::Threshold { score: 0.3, claim: false }.to_string(),
        format!("= 0.30 < threshold {}", t.as_str())
    );
    for i in -5000..5000 {
        let x = f64::from(i) * 0.037;
        assert_eq!(round_half_away(x), x.round() as i64, "{x}");
        assert_eq!(round_half_away(x + 0.5), (x + 0.5).round() as i64, "{x}");
    }
}

#[test]
fn quantity_with_unit_and_attribution_is_check_worthy() {
    let v = sc("The coastguard said about 12 kg of cocaine were found on the boat.");
    assert!(v.claim && v.score > 0.5, "{:?}", v.reasons);
    assert_eq!(v.kind, ClaimKind::Quantity);
    assert!(v.reasons.iter().any(|r| r.contains("quantity with unit: 12")), "{:?}", v.reasons);
}

#[test]
fn reported_belief_with_a_named_actor_event_is_a_claim() {
    let v = sc("The suspect is believed to be a Dutch citizen, and Norway has informed the Netherlands.");
    assert!(v.claim, "{:?}", v.reasons);
}

#[test]
fn percentage_makes_a_statistic() {
    assert_eq!(sc("Unemployment fell to 4.2% in March.").kind, ClaimKind::Statistic);
}

#[test]
fn questions_and_vague_opinions_are_not_claims() {
    for t in ["Is this the end of cheap flights?", "The mood was grim.", "Prices may rise further next year."]
    {
        let v = sc(t);
        assert!(!v.claim, "{t}: {} {:?}", v.score, v.reasons);
    }
}
