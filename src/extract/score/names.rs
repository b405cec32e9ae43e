//! The scorer's feature ids and what each reads as in a segment's reasons, and weights and
//! scores as text with two decimals.

use super::weights;

macro_rules! named_features {
    ($($id:ident = $name:literal,)*) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms, dead_code)]
        #[derive(Clone, Copy)]
        #[repr(u32)]
        enum Nf { $($id,)* }
        /// What each named feature stands for, as its reason reads.
        pub(crate) const NAMES: &[&str] = &[$($name,)*];
        $(pub(super) const $id: u32 = Nf::$id as u32;)*
    };
}

named_features! {
    BASE = "base",
    PERCENT = "percentage",
    FRACTION_F = "fraction or ratio",
    MONEY = "money amount",
    UNIT_QTY = "quantity with unit",
    COUNT = "count",
    ZERO = "zero count",
    DATE = "date or time",
    NAMED_ATTR = "attributed to a named source",
    PRONOUN_ATTR = "attributed to a speaker named earlier",
    WEAK_ATTR = "attributed to an unnamed source",
    SPEAKER_LATER = "quotation attributed where it closes",
    CONTINUATION = "continues a quotation",
    CONT_SPEAKER = "continues a quotation, speaker named",
    ENT1 = "one named person, place or body",
    ENT2 = "two named people, places or bodies",
    ENT3 = "three or more named people, places or bodies",
    RECORD = "record or superlative",
    COMPARISON = "comparison",
    PAST_F = "past event",
    DATED_PAST = "dated past event",
    NAMED_EVENT = "event by a named actor",
    REPORTED_BELIEF = "reported belief",
    QUESTION = "question",
    EXCLAMATION = "exclamation",
    PREDICT_F = "prediction or schedule",
    PREDICT_ATTR = "attributed prediction or schedule",
    HEDGE_F = "hedged speculation",
    HEDGE_ATTR = "attributed hedge",
    OPINION_F = "opinion or judgement",
    OPINION_ATTR = "attributed opinion",
    FIRST_PERSON_F = "first-person anecdote",
    FIRST_PERSON_ATTR = "first person in attributed speech",
    HABIT_F = "habitual routine",
    UNKNOWN_F = "states an unknown",
    NO_SPEAKER = "quotation without a speaker",
    VAGUE = "vague: no number, date or name",
    SHORT = "too short to check",
    OPENS_QUOTE = "opens with a quotation mark",
    FIRST_LINE = "first line of the article",
    SECOND_LINE = "second segment of the article",
    PARA_START = "opens a paragraph",
    OWN_LINE = "a line of its own",
    NO_STOP = "no closing punctuation",
    COLON_END = "ends with a colon",
    LIST_ITEM = "list item",
    LEN1 = "1 to 5 words",
    LEN2 = "6 to 10 words",
    LEN3 = "11 to 20 words",
    LEN4 = "21 to 35 words",
    LEN5 = "over 35 words",
    TITLE_CASE = "mostly capitalised words",
    DIGITS2 = "two or more numbers",
    QUOTE_SHORT = "opening quotation of three words or fewer",
    QUOTE_OUTCRY = "opening quotation ends in an exclamation or question",
    SHORT_VAGUE = "5 words or fewer, none a number, date or name",
}

/// Number of named features; then one feature per word class of the lexicon present in the
/// sentence, one per class of its first word, and the hashed word and word-pair features.
pub(crate) const NAMED_COUNT: u32 = NAMES.len() as u32;
pub(super) const CLASS_BASE: u32 = NAMED_COUNT;
pub(super) const FIRST_BASE: u32 = NAMED_COUNT + 32;
/// Where the hashed word features start (the word pairs follow them).
pub(crate) const HASHED: u32 = NAMED_COUNT + 64;

/// The lexicon's word classes by bit, as their features read.
const CLASS_NAMES: [&str; 32] = [
    "month",
    "month abbreviation",
    "weekday",
    "time zone",
    "unit",
    "currency",
    "scale word",
    "number word",
    "fraction word",
    "speech verb",
    "superlative",
    "comparative",
    "prediction word",
    "hedge word",
    "opinion word",
    "first person",
    "sentence starter",
    "function word",
    "past tense",
    "title",
    "approximation",
    "habit word",
    "pronoun",
    "institution",
    "time word",
    "unknown",
    "last or this",
    "number hedge",
    "date preposition",
    "class 29",
    "class 30",
    "class 31",
];

/// The reason text of feature `id`.
pub(crate) fn feature_name(id: u32) -> &'static str {
    match NAMES.get(id as usize) {
        Some(n) => n,
        None if id < FIRST_BASE => CLASS_NAMES[(id - CLASS_BASE) as usize % 32],
        None if id < HASHED => FIRST_CLASS_NAMES[(id - FIRST_BASE) as usize % 32],
        None if id < HASHED + (1 << weights::HASH_BITS) => "word",
        None => "word pair",
    }
}

/// "opens with a ..." for each class of `CLASS_NAMES`.
const FIRST_CLASS_NAMES: [&str; 32] = {
    // Spelled out: const string concatenation needs a macro per entry.
    [
        "opens with a month",
        "opens with a month abbreviation",
        "opens with a weekday",
        "opens with a time zone",
        "opens with a unit",
        "opens with a currency",
        "opens with a scale word",
        "opens with a number word",
        "opens with a fraction word",
        "opens with a speech verb",
        "opens with a superlative",
        "opens with a comparative",
        "opens with a prediction word",
        "opens with a hedge word",
        "opens with an opinion word",
        "opens in the first person",
        "opens with a sentence starter",
        "opens with a function word",
        "opens with a past tense",
        "opens with a title",
        "opens with an approximation",
        "opens with a habit word",
        "opens with a pronoun",
        "opens with an institution",
        "opens with a time word",
        "opens with an unknown",
        "opens with last or this",
        "opens with a number hedge",
        "opens with a date preposition",
        "opens with class 29",
        "opens with class 30",
        "opens with class 31",
    ]
};

/// A weight or score with two decimals ("+0.30", "0.45"), formatted without floats.
pub(crate) struct WeightText {
    buf: [u8; 24],
    len: usize,
}

impl WeightText {
    pub(crate) fn new(w: f64, signed: bool) -> Self {
        let (buf, len) = weight_digits(w, signed);
        WeightText { buf, len }
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII signs, digits and a dot are written.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

/// `x.round() as i64` without the libm call: the fraction left after truncation is exact for
/// the small values scored here.
pub(super) fn round_half_away(x: f64) -> i64 {
    let t = x as i64;
    let frac = x - t as f64;
    if frac >= 0.5 {
        t + 1
    } else if frac <= -0.5 {
        t - 1
    } else {
        t
    }
}

/// `w` with two decimals ("+0.30", "0.45") without float formatting, which dominated the
/// profile when every sentence carries several reasons. Returns the bytes and their length.
pub(crate) fn weight_digits(w: f64, signed: bool) -> ([u8; 24], usize) {
    let mut out = [0u8; 24];
    let mut n = 0;
    let h = round_half_away(w * 100.0);
    if h < 0 {
        out[n] = b'-';
        n += 1;
    } else if signed {
        out[n] = b'+';
        n += 1;
    }
    let h = h.unsigned_abs();
    if h < 1000 {
        out[n] = b'0' + (h / 100) as u8;
        out[n + 1] = b'.';
        out[n + 2] = b'0' + (h / 10 % 10) as u8;
        out[n + 3] = b'0' + (h % 10) as u8;
        return (out, n + 4);
    }
    // Integer part, most significant digit first.
    let mut int = h / 100;
    let mut tmp = [0u8; 20];
    let mut k = 0;
    loop {
        tmp[k] = b'0' + (int % 10) as u8;
        k += 1;
        int /= 10;
        if int == 0 {
            break;
        }
    }
    while k > 0 {
        k -= 1;
        out[n] = tmp[k];
        n += 1;
    }
    out[n] = b'.';
    out[n + 1] = b'0' + (h / 10 % 10) as u8;
    out[n + 2] = b'0' + (h % 10) as u8;
    (out, n + 3)
}
