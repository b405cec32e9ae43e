//! Unit tests of the fact finder, and the property tests holding it to its oracle.

use super::*;
use proptest::prelude::*;

/// One random sentence: words the rules look for, numbers in their shapes, names,
/// plain words and punctuation around them, so that the passes meet each other.
pub(in crate::extract) fn sentence() -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        "No",
        "no",
        "said",
        "says",
        "told",
        "according",
        "to",
        "the",
        "The",
        "a",
        "an",
        "most",
        "than",
        "more",
        "less",
        "up",
        "down",
        "one",
        "One",
        "in",
        "of",
        "per",
        "percent",
        "kg",
        "km",
        "million",
        "dollars",
        "pounds",
        "May",
        "may",
        "March",
        "Jan.",
        "Monday",
        "Sat",
        "last",
        "this",
        "next",
        "week",
        "year",
        "year's",
        "'s",
        "believed",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "been",
        "be",
        "since",
        "expected",
        "every",
        "unknown",
        "yet",
        "not",
        "remains",
        "I",
        "We",
        "we",
        "you",
        "Police",
        "police",
        "Ministry",
        "ministry",
        "officials",
        "Dr.",
        "Mr",
        "Ana",
        "Lima",
        "Border",
        "Service",
        "opened",
        "killed",
        "arrested",
        "informed",
        "hundred",
        "fire",
        "deaths",
        "convictions",
        "boss",
        "reporters",
        "journalists",
        "Saturday",
        "about",
        "around",
        "as",
        "much",
        "at",
        "least",
        "from",
        "over",
        "total",
        "half",
        "third",
        "two-thirds",
        "a.m.",
        "pm",
        "am",
        "highest",
        "record",
        "only",
        "ever",
        "latest",
        "new",
        "all-time",
        "its",
        "their",
        "his",
        "her",
        "he",
        "she",
        "they",
        "and",
        "but",
        "which",
        "who",
        "that",
        "while",
        "when",
        "Iran's",
        "population",
        "quickly",
        "could",
        "might",
        "think",
        "should",
        "usually",
        "day",
        "litre",
        "head",
        "person",
        "capita",
        "de",
        "for",
        "am",
        "Łódź",
        "Über",
        "élan",
        "it",
        "on",
        "into",
        "twice",
        "dozens",
        "both",
        "increase",
        "rose",
        // Phrases the rules read across tokens.
        "more than",
        "less than",
        "fewer than",
        "at least",
        "at most",
        "up to",
        "up from",
        "close to",
        "well over",
        "a total",
        "as much as",
        "according to the",
        "one of the",
        "one in",
        "No deaths",
        "has been",
        "had been",
        "was expected",
        "is believed to",
        "last week",
        "this year's",
        "said on",
        "the most",
        "a third",
        "a day",
        "per person",
        "in a statement",
        "of the",
        "Prime Minister",
    ];
    const NUMBERS: &[&str] = &[
        "12", "3.5%", "1/5", "1//5", "£5", "£", "$", "US$3", "5€", "€", "38.9°C", "250g", "6.5km", "4.1p",
        "2023", "1995", "14:30", "9:15", "10–12", "1,200", "1", "2", "3", "45", "7bn", "5m", "100",
    ];
    const BEFORE: &[&str] = &["", "", "", "", "\"", "“", "(", "'", "["];
    const AFTER: &[&str] = &["", "", "", "", "", ",", ".", ")", "\"", "”", ";", ":", "?", "!", ".\""];
    let token = (
        prop_oneof![3 => proptest::sample::select(WORDS), 1 => proptest::sample::select(NUMBERS)],
        proptest::sample::select(BEFORE),
        proptest::sample::select(AFTER),
    )
        .prop_map(|(w, b, a)| format!("{b}{w}{a}"));
    proptest::collection::vec(token, 0..40).prop_map(|t| t.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]
    #[test]
    fn facts_match_the_reference(t in sentence()) {
        let toks = tokens(&t, 0, t.len());
        prop_assert_eq!(facts(&t, &toks), oracle::facts(&t, &toks));
    }
}

#[test]
fn facts_match_the_reference_on_long_sentences() {
    // Past 64 tokens the bit sets span several words.
    let t = "On 3 June Police said about 12 kg of heroin, worth £5 million, were seized. ".repeat(12);
    let toks = tokens(&t, 0, t.len());
    assert!(toks.len() > 128);
    assert_eq!(facts(&t, &toks), oracle::facts(&t, &toks));
}

#[test]
fn the_class_filters_cover_their_word_lists() {
    // Pass 1 looks for a two-word hedge only after one of these classes.
    for (_, second) in HEDGE2 {
        assert_ne!(classify(second) & (APPROX | COMPAR | SUPERL), 0, "{second}");
    }
    for h in HEDGE1 {
        assert_ne!(classify(h) & NUM_HEDGE, 0, "{h}");
    }
    for p in DATE_PREP {
        assert_ne!(classify(p) & DATE_PREP_WORD, 0, "{p}");
    }
    // Pass 6 drops "I" by its class.
    assert_ne!(classify("I") & FIRST_PERSON, 0);
}

fn spans(t: &str) -> Vec<&str> {
    let toks = tokens(t, 0, t.len());
    facts(t, &toks).into_iter().map(|(s, e)| &t[s..e]).collect()
}

#[test]
fn hedge_stays_with_its_number_and_noun() {
    let f = spans("Police said about 12 kg of heroin were seized.");
    assert!(f.contains(&"about 12 kg of heroin"), "{f:?}");
}

#[test]
fn fraction_keeps_as_much_as_and_the_possessive_noun() {
    let f = spans("Kurds make up as much as 1/5 of Syria's population, the report said.");
    assert!(f.contains(&"as much as 1/5 of Syria's population"), "{f:?}");
}

#[test]
fn date_and_time_keep_their_prepositions() {
    let f = spans("On 3 June, at about 14:30, a fire broke out.");
    assert!(f.contains(&"On 3 June"), "{f:?}");
    assert!(f.iter().any(|s| s.contains("about 14:30")), "{f:?}");
}

#[test]
fn speaker_after_the_verb_is_the_attribution() {
    let f = spans("\"It was a shock,\" said Dr. Ana Lima, a surgeon.");
    assert!(f.iter().any(|s| s.starts_with("said Dr. Ana Lima")), "{f:?}");
}

#[test]
fn speaker_is_marked_only_without_a_figure_or_date() {
    let f = spans("The ministry said the bridge reopened.");
    assert!(f.contains(&"The ministry said"), "{f:?}");
    let f = spans("The ministry said 40 lorries crossed.");
    assert!(f.contains(&"40 lorries"), "{f:?}");
    assert!(!f.iter().any(|s| s.contains("said")), "{f:?}");
}

#[test]
fn relative_dates_without_digits_are_facts() {
    let f = spans("The plant closed nearly a year ago and reopened in the previous week.");
    assert!(f.contains(&"nearly a year ago"), "{f:?}");
    assert!(f.contains(&"in the previous week"), "{f:?}");
    let f = spans("Talks begin next month; the deal was signed later that day, in May.");
    assert!(f.contains(&"next month"), "{f:?}");
    assert!(f.contains(&"later that day"), "{f:?}");
    assert!(f.contains(&"in May"), "{f:?}");
    // "may" the verb is not a month, nor "May" with no preposition before it (a name).
    let f = spans("Prices may rise, and May said so.");
    assert_eq!(f, ["May said"]);
}
