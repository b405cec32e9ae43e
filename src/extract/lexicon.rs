//! Word lists behind segmentation, scoring and fact spans, as one bit set per word so each
//! token is classified by a single `match` (the lists stay readable and lookups stay O(1)).
//! Tokens: the whitespace-separated words of a sentence with their byte spans.

pub(crate) const MONTH: u32 = 1;
pub(crate) const MONTH_ABBR: u32 = 1 << 1;
pub(crate) const WEEKDAY: u32 = 1 << 2;
pub(crate) const TZ: u32 = 1 << 3;
pub(crate) const UNIT: u32 = 1 << 4;
pub(crate) const CURRENCY: u32 = 1 << 5;
pub(crate) const SCALE: u32 = 1 << 6;
pub(crate) const NUMWORD: u32 = 1 << 7;
pub(crate) const FRACTION: u32 = 1 << 8;
pub(crate) const ATTRIB: u32 = 1 << 9;
pub(crate) const SUPERL: u32 = 1 << 10;
pub(crate) const COMPAR: u32 = 1 << 11;
pub(crate) const PREDICT: u32 = 1 << 12;
pub(crate) const HEDGE: u32 = 1 << 13;
pub(crate) const OPINION: u32 = 1 << 14;
pub(crate) const FIRST_PERSON: u32 = 1 << 15;
pub(crate) const STARTER: u32 = 1 << 16;
pub(crate) const STOP: u32 = 1 << 17;
pub(crate) const PAST: u32 = 1 << 18;
pub(crate) const TITLE: u32 = 1 << 19;
pub(crate) const APPROX: u32 = 1 << 20;
pub(crate) const HABIT: u32 = 1 << 21;
pub(crate) const PRONOUN: u32 = 1 << 22;
pub(crate) const BODY: u32 = 1 << 23;
pub(crate) const TIME_WORD: u32 = 1 << 24;
pub(crate) const UNKNOWN: u32 = 1 << 25;
/// "last" and "this" (any case), which open relative dates.
pub(crate) const LAST_THIS: u32 = 1 << 26;
/// The one-word hedges fact spans keep before a number (`facts::HEDGE1`); a filter only, the
/// list is still compared.
pub(crate) const NUM_HEDGE: u32 = 1 << 27;
/// The prepositions fact spans keep before a date (`facts::DATE_PREP`); a filter only.
pub(crate) const DATE_PREP_WORD: u32 = 1 << 28;

/// The word lists, grouped by class. A word may sit in several lists; its classes are OR-ed.
const LISTS: &[(u32, &[&str])] = &[
    (NUM_HEDGE, super::facts::HEDGE1),
    (DATE_PREP_WORD, super::facts::DATE_PREP),
    (WEEKDAY, &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]),
    (WEEKDAY | TZ, &["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"]),
    (
        SUPERL,
        &[
            "highest",
            "lowest",
            "largest",
            "biggest",
            "smallest",
            "most",
            "best",
            "worst",
            "oldest",
            "youngest",
            "first",
            "record",
            "fastest",
            "slowest",
            "busiest",
            "longest",
            "shortest",
            "deadliest",
            "hottest",
            "coldest",
            "warmest",
            "ever",
            "greatest",
            "strongest",
            "weakest",
            "wettest",
            "driest",
            "latest",
            "only",
        ],
    ),
    (
        APPROX,
        &[
            "about",
            "around",
            "roughly",
            "nearly",
            "almost",
            "approximately",
            "some",
            "over",
            "under",
            "least",
            "closer",
            "just",
            "exactly",
            "upwards",
            "barely",
            "close",
            "average",
            "total",
            "much",
            "many",
            "cold",
            "high",
            "low",
            "long",
            "far",
            "below",
            "above",
            "within",
            "aged",
            "from",
            "to",
            "between",
        ],
    ),
    (
        BODY,
        &[
            "committee",
            "ministry",
            "service",
            "statement",
            "court",
            "officials",
            "police",
            "government",
            "spokesperson",
            "spokesman",
            "spokeswoman",
            "office",
            "agency",
            "inspectorate",
            "authorities",
            "department",
            "council",
            "organisers",
            "organizers",
            "prosecutors",
            "prosecutor",
            "judge",
            "report",
            "data",
            "survey",
            "study",
            "figures",
            "company",
            "bank",
            "board",
            "commission",
            "army",
            "military",
            "minister",
            "president",
            "scientists",
            "researchers",
            "experts",
            "analysts",
            "economists",
            "institute",
            "association",
            "union",
        ],
    ),
    (
        HABIT,
        &[
            "every",
            "usually",
            "often",
            "sometimes",
            "always",
            "mornings",
            "evenings",
            "weekends",
            "occasionally",
            "typically",
        ],
    ),
    (
        MONTH,
        &[
            "january",
            "february",
            "march",
            "april",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
    ),
    (MONTH | HEDGE, &["may"]),
    (MONTH_ABBR, &["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]),
    (
        TZ,
        &[
            "gmt",
            "utc",
            "bst",
            "cet",
            "cest",
            "est",
            "edt",
            "pst",
            "pdt",
            "cst",
            "cdt",
            "ist",
            "msk",
            "eet",
            "eest",
            "jst",
            "aest",
            "am",
            "pm",
            "updated",
            "published",
            "posted",
            "modified",
            "hrs",
            "mins",
            "min",
        ],
    ),
    (
        UNIT,
        &[
            "km",
            "kg",
            "cm",
            "mm",
            "mg",
            "kilometres",
            "kilometers",
            "kilograms",
            "tonnes",
            "tons",
            "mph",
            "kph",
            "mw",
            "gw",
            "kw",
            "kwh",
            "litres",
            "liters",
            "litre",
            "liter",
            "gallons",
            "barrels",
            "hectares",
            "acres",
            "miles",
            "mile",
            "metres",
            "meters",
            "metre",
            "meter",
            "feet",
            "foot",
            "degrees",
            "percent",
            "points",
            "years",
            "year",
            "months",
            "weeks",
            "days",
            "hours",
            "hour",
            "minutes",
            "seconds",
            "times",
            "ml",
            "lb",
            "lbs",
            "ounces",
            "grams",
            "kilometre",
        ],
    ),
    (
        CURRENCY,
        &[
            "manat", "lira", "dollars", "euros", "pounds", "yen", "rubles", "roubles", "rupees", "yuan",
            "francs", "pence", "cents", "usd", "eur", "gbp", "dinars", "riyals", "rials", "zloty", "hryvnia",
            "lari", "tenge",
        ],
    ),
    (SCALE, &["thousand", "million", "billion", "trillion", "bn", "mn", "tn"]),
    (NUMWORD | STARTER, &["one"]),
    (
        NUMWORD,
        &[
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fifteen",
            "twenty",
            "thirty",
            "forty",
            "fifty",
            "sixty",
            "hundred",
            "dozen",
            "dozens",
            "hundreds",
            "thousands",
            "millions",
            "billions",
            "twice",
            "both",
            "single",
        ],
    ),
    (
        FRACTION,
        &[
            "half",
            "third",
            "quarter",
            "thirds",
            "quarters",
            "two-thirds",
            "three-quarters",
            "one-third",
            "one-quarter",
            "one-fifth",
            "one-half",
        ],
    ),
    (
        ATTRIB,
        &[
            "said",
            "says",
            "told",
            "added",
            "stated",
            "announced",
            "reported",
            "claimed",
            "confirmed",
            "according",
            "denied",
            "insisted",
            "warned",
            "urged",
            "asked",
            "wrote",
            "noted",
            "explained",
            "argued",
            "estimated",
            "recalls",
            "recalled",
            "tweeted",
            "testified",
            "admitted",
            "acknowledged",
            "disclosed",
            "revealed",
            "heard",
            "say",
            "announces",
            "reports",
            "read",
        ],
    ),
    (
        COMPAR,
        &[
            "more",
            "less",
            "fewer",
            "higher",
            "lower",
            "larger",
            "bigger",
            "smaller",
            "faster",
            "slower",
            "than",
            "compared",
            "increase",
            "decrease",
            "rose",
            "fell",
            "risen",
            "fallen",
            "dropped",
            "jumped",
            "doubled",
            "tripled",
            "halved",
            "exceeded",
            "beat",
            "up",
            "down",
            "surged",
            "plunged",
            "climbed",
            "declined",
            "grew",
            "grown",
            "rise",
            "fall",
            "rises",
            "falls",
            "rising",
            "falling",
            "edged",
            "outnumber",
            "previous",
        ],
    ),
    (
        PREDICT,
        &[
            "will",
            "expect",
            "expects",
            "forecast",
            "forecasts",
            "predicted",
            "predicts",
            "next",
            "due",
            "scheduled",
            "plans",
            "upcoming",
            "tomorrow",
            "soon",
            "going",
            "intends",
            "expected",
            "won't",
        ],
    ),
    (
        HEDGE,
        &[
            "might",
            "could",
            "possibly",
            "perhaps",
            "probably",
            "likely",
            "believed",
            "reportedly",
            "apparently",
            "allegedly",
            "seems",
            "seem",
            "appears",
            "suggests",
            "would",
            "maybe",
            "unlikely",
            "potentially",
        ],
    ),
    (
        OPINION,
        &[
            "think",
            "thinks",
            "believe",
            "believes",
            "feel",
            "feels",
            "fear",
            "fears",
            "remarkable",
            "striking",
            "disgrace",
            "crazy",
            "should",
            "must",
            "shocking",
            "amazing",
            "terrible",
            "wonderful",
            "great",
            "beautiful",
            "unfortunately",
            "really",
            "brave",
            "disappointing",
            "relaxed",
            "incredible",
            "awful",
            "wrong",
            "right",
            "worse",
            "better",
            "issue",
            "measure",
            "love",
            "hate",
            "want",
            "wants",
            "wish",
        ],
    ),
    (
        FIRST_PERSON,
        &[
            "i",
            "we",
            "me",
            "my",
            "our",
            "us",
            "i'm",
            "i'd",
            "we've",
            "we're",
            "i've",
            "i'll",
            "myself",
            "ourselves",
            "you",
            "your",
        ],
    ),
    (PRONOUN, &["he", "she", "they", "his", "her", "their", "him", "them", "everyone", "someone", "nobody"]),
    (
        TITLE,
        &[
            "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "mt",
            "no", "vs", "fig", "jr", "sr", "rev", "hon", "maj", "cpl", "pres", "supt", "insp", "det", "ft",
            "op", "vol", "pp", "cf", "approx", "nos", "art", "ch", "sec",
        ],
    ),
    (
        HABIT,
        &[
            "every",
            "usually",
            "often",
            "sometimes",
            "always",
            "mornings",
            "evenings",
            "weekends",
            "occasionally",
            "typically",
        ],
    ),
    (
        TIME_WORD,
        &[
            "yesterday",
            "today",
            "tonight",
            "week",
            "month",
            "day",
            "decade",
            "century",
            "weekend",
            "morning",
            "afternoon",
            "evening",
            "night",
            "ago",
            "earlier",
            "later",
            "recently",
            "since",
            "season",
        ],
    ),
    (UNKNOWN, &["unclear", "unknown", "yet", "unconfirmed", "immediately"]),
    (LAST_THIS, &["last", "this"]),
    (
        STOP | STARTER,
        &[
            "the",
            "a",
            "an",
            "it",
            "in",
            "but",
            "this",
            "that",
            "there",
            "for",
            "as",
            "after",
            "when",
            "while",
            "and",
            "its",
            "if",
            "so",
            "then",
            "however",
            "meanwhile",
            "what",
            "who",
            "why",
            "how",
            "is",
            "was",
            "of",
            "with",
            "by",
            "or",
            "were",
            "are",
            "be",
            "been",
            "has",
            "have",
            "had",
            "which",
            "these",
            "those",
            "not",
            "nor",
            "yes",
            "also",
        ],
    ),
    (
        STOP,
        &[
            "can", "do", "does", "did", "into", "onto", "per", "than's", "such", "other", "others", "whose",
            "where", "whom", "on", "at", "near", "off", "across", "through", "during", "against", "without",
            "via", "amid", "among", "toward", "towards", "beneath", "behind", "beyond", "inside", "outside",
        ],
    ),
    (
        PAST,
        &[
            "killed", "died", "stole", "made", "took", "found", "won", "lost", "hit", "left", "began",
            "came", "went", "shot", "seized", "caught", "sent", "paid", "sold", "bought", "held", "gave",
            "struck", "broke", "broken", "fled", "ran", "led", "met", "built", "spent", "swum", "swam",
            "taken", "given", "stolen", "hid", "hidden", "brought", "fought", "became", "wounded",
            "arrested", "detained",
        ],
    ),
];

/// Open-addressing hash table of (word, classes), built once. Every token is
/// looked up, so this must be cheap: a `match` over hundreds of string arms compiles to a
/// linear chain of comparisons, and a binary search still costs ten `memcmp`s. Keys are the
/// lowercase word zero-padded to 16 bytes and read as two integers, so a probe is two
/// compares. Beside the slots sits one control byte per slot (empty, or 7 more bits of the
/// hash), 2 KB that stay in the first-level cache: most words of an article are in no list,
/// and their probe ends on a control byte without touching the 48 KB of slots.
#[derive(Clone, Copy)]
struct Slot {
    k0: u64,
    k1: u64,
    len: u32,
    class: u32,
}

struct Table {
    /// 0 for an empty slot, else `0x80 | tag` (see `hash`).
    ctrl: [u8; TABLE_LEN],
    slots: [Slot; TABLE_LEN],
}

const TABLE_BITS: u32 = 11;
const TABLE_LEN: usize = 1 << TABLE_BITS;
/// Longest word in any list; longer tokens are looked up no further.
const MAX_WORD: usize = 16;

/// Up to eight bytes as a little-endian integer, zero-padded, without a `memcpy` call:
/// two overlapping loads for 4..=7 bytes, three single bytes below that.
#[inline]
const fn load8(b: &[u8]) -> u64 {
    let n = b.len();
    if n >= 8 {
        u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
    } else if n >= 4 {
        let lo = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64;
        let hi = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]) as u64;
        // The two loads overlap on identical bytes, so OR-ing them is exact.
        lo | hi << (8 * (n - 4))
    } else if n > 0 {
        (b[0] as u64) | (b[n / 2] as u64) << (8 * (n / 2)) | (b[n - 1] as u64) << (8 * (n - 1))
    } else {
        0
    }
}

/// The case-folded word as two little-endian integers (zero-padded), or `None` when it
/// cannot be in a list: empty, longer than 16 bytes or not starting with an ASCII letter.
#[inline]
const fn key(bytes: &[u8]) -> Option<(u64, u64, u32)> {
    let len = bytes.len();
    if len == 0 || len > MAX_WORD || !bytes[0].is_ascii_alphabetic() {
        return None;
    }
    let (k0, k1) = if len <= 8 {
        (load8(bytes), 0)
    } else {
        let (a, b) = bytes.split_at(8);
        (load8(a), load8(b))
    };
    let lo = if len < 8 { len } else { 8 };
    Some((fold(k0, lo), fold(k1, len - lo), len as u32))
}

/// Case folding for keys: the first `n` bytes of `x` gain 0x20, the rest are cleared.
/// That lowercases ASCII letters and keeps the only other bytes a listed word holds
/// (`0x20..=0x3F`: digits, '.', '-', '\'', ' '), so two words fold alike exactly when they
/// are equal ignoring ASCII case, unless one holds a byte no listed word has
/// (`every_listed_word_folds_exactly`). Two instructions where a true lowercase takes ten.
#[inline(always)]
const fn fold(x: u64, n: usize) -> u64 {
    (x | CASE) & mask(n)
}

/// What `fold` ORs into every byte.
const CASE: u64 = 0x2020_2020_2020_2020;

/// The low `n` bytes (`0..=8`) set.
#[inline(always)]
const fn mask(n: usize) -> u64 {
    match u64::MAX.checked_shr(64 - 8 * n as u32) {
        Some(m) => m,
        None => 0,
    }
}

/// The first slot to probe and the control byte of the key: the top bits of one
/// multiplicative hash pick the slot, the seven bits below them make the tag.
#[inline]
const fn hash(k0: u64, k1: u64, len: u32) -> (usize, u8) {
    let h = (k0 ^ k1.rotate_left(29) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let slot = (h >> (64 - TABLE_BITS)) as usize;
    let tag = (h >> (64 - TABLE_BITS - 7)) as u8 & 0x7F;
    (slot, 0x80 | tag)
}

/// Built at run time rather than as a `static` initialiser, which would put 50 KB of table
/// into the browser bundle.
#[inline]
fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Box<Table>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| Box::new(build_table()))
}

const fn build_table() -> Table {
    let mask = TABLE_LEN - 1;
    let mut t = Table { ctrl: [0; TABLE_LEN], slots: [Slot { k0: 0, k1: 0, len: 0, class: 0 }; TABLE_LEN] };
    let mut l = 0;
    while l < LISTS.len() {
        let (class, words) = LISTS[l];
        let mut w = 0;
        while w < words.len() {
            if let Some((k0, k1, len)) = key(words[w].as_bytes()) {
                let (mut i, tag) = hash(k0, k1, len);
                loop {
                    let s = t.slots[i];
                    if t.ctrl[i] == 0 {
                        t.ctrl[i] = tag;
                        t.slots[i] = Slot { k0, k1, len, class };
                        break;
                    }
                    if s.k0 == k0 && s.k1 == k1 && s.len == len {
                        t.slots[i].class |= class;
                        break;
                    }
                    i = (i + 1) & mask;
                }
            }
            w += 1;
        }
        l += 1;
    }
    t
}

/// Classes of one word, compared case-insensitively (ASCII only: the lists are English).
#[inline]
pub(crate) fn classify(word: &str) -> u32 {
    // Numbers and long or non-ASCII words are in no list; skip hashing them.
    match key(word.as_bytes()) {
        Some((k0, k1, len)) => lookup(k0, k1, len),
        None => 0,
    }
}

#[inline]
fn lookup(k0: u64, k1: u64, len: u32) -> u32 {
    lookup_in(table(), k0, k1, len)
}

#[inline(always)]
fn lookup_in(t: &Table, k0: u64, k1: u64, len: u32) -> u32 {
    let mask = TABLE_LEN - 1;
    let (mut i, tag) = hash(k0, k1, len);
    loop {
        let c = t.ctrl[i & mask];
        if c == 0 {
            return 0;
        }
        if c == tag {
            let s = &t.slots[i & mask];
            if s.k0 == k0 && s.k1 == k1 && s.len == len {
                return s.class;
            }
        }
        i += 1;
    }
}

/// A whitespace-delimited token: `s..e` is the word itself with surrounding punctuation
/// (quotes, brackets, commas, full stops) stripped; `rs..re` is the raw token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Tok {
    pub rs: usize,
    pub re: usize,
    pub s: usize,
    pub e: usize,
    pub class: u32,
    /// Shape of the word, worked out once: `F_DIGIT`, `F_CAP`, `F_PAST`.
    pub flags: u8,
}

/// The word contains an ASCII digit (`has_digit`).
pub(crate) const F_DIGIT: u8 = 1;
/// The word starts with an uppercase letter (`is_capitalised`).
pub(crate) const F_CAP: u8 = 1 << 1;
/// The word looks like a regular past tense (`looks_past`).
pub(crate) const F_PAST: u8 = 1 << 2;
/// The word starts or ends with a currency sign, or starts with "US$" (`currency_symbol`).
pub(crate) const F_CURSYM: u8 = 1 << 3;

impl Tok {
    /// The word is a number: digits, with separators, units or signs glued on.
    pub(crate) fn digit(&self) -> bool {
        self.flags & F_DIGIT != 0
    }
    /// The word starts with an uppercase letter.
    pub(crate) fn cap(&self) -> bool {
        self.flags & F_CAP != 0
    }
    /// The word looks like a regular past tense.
    pub(crate) fn past(&self) -> bool {
        self.flags & F_PAST != 0
    }
    /// The word carries a currency sign (see `currency_symbol`).
    pub(crate) fn cur_sym(&self) -> bool {
        self.flags & F_CURSYM != 0
    }
}

/// `shape` of an ASCII word that starts and ends with a letter or digit: no currency sign
/// can open or close it, so only "US$" needs looking for.
#[inline]
fn shape_ascii(b: &[u8], digit: bool) -> u8 {
    let Some(&first) = b.first() else {
        return 0;
    };
    let mut f = 0;
    if digit {
        f |= F_DIGIT;
    }
    if first.is_ascii_uppercase() {
        f |= F_CAP;
    }
    if b.len() >= 5 && b.ends_with(b"ed") && first.is_ascii_lowercase() && !past_exception(b) {
        f |= F_PAST;
    }
    if first == b'U' && b.starts_with(b"US$") {
        f |= F_CURSYM;
    }
    f
}

/// The high bit of each byte of `x` that is not printable ASCII (`<= b' '` or `>= 0x7F`),
/// every other bit clear.
#[inline]
fn unprintable_bytes(x: u64) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // The low seven bits of a byte plus 0x5F reach the high bit unless they are `< 0x21`;
    // plus one they reach it only for 0x7F. Neither sum carries into the next byte.
    let low7 = x & !HI;
    let below = !(low7 + LO * 0x5F) & HI;
    let del = (low7 + LO) & HI;
    (x & HI) | below | del
}

/// The high bit of each byte of `x` that is an ASCII digit, every other bit clear.
#[inline]
fn digit_bytes(x: u64) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // With the high bit forced on no byte borrows from the next; what is left of it says
    // the low seven bits are `>= b'0'` and `> b'9'` respectively.
    let t = x | HI;
    let ge0 = t - LO * u64::from(b'0');
    let gt9 = t - LO * u64::from(b'9' + 1);
    ge0 & !gt9 & !x & HI
}

/// The "-ed" words that are no past tense (`looks_past`).
fn past_exception(w: &[u8]) -> bool {
    matches!(w, b"hundred" | b"need" | b"speed" | b"indeed" | b"proceed" | b"succeed")
}

#[inline]
fn shape(word: &str) -> u8 {
    let b = word.as_bytes();
    let Some(&first) = b.first() else {
        return 0;
    };
    let mut f = 0;
    if has_digit(word) {
        f |= F_DIGIT;
    }
    let cap = if first < 0x80 { first.is_ascii_uppercase() } else { is_capitalised(word) };
    if cap {
        f |= F_CAP;
    }
    if looks_past(word) {
        f |= F_PAST;
    }
    // Currency signs are never ASCII letters or digits, except the "U" of "US$".
    let maybe_cur =
        first == b'U' || !first.is_ascii_alphanumeric() || !b[b.len() - 1].is_ascii_alphanumeric();
    if maybe_cur && currency_symbol(word) {
        f |= F_CURSYM;
    }
    f
}

fn is_lead_punct(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '„' | '‚' | '{' | '*' | '•' | '-' | '—' | '–')
}

/// `is_lead_punct` for the ASCII marks it accepts.
fn is_lead_punct_byte(c: u8) -> bool {
    matches!(c, b'"' | b'\'' | b'(' | b'[' | b'{' | b'*' | b'-')
}

/// `is_trail_punct` for the ASCII marks it accepts.
fn is_trail_punct_byte(c: u8) -> bool {
    matches!(c, b'"' | b'\'' | b')' | b']' | b',' | b'.' | b';' | b':' | b'!' | b'?' | b'}')
}

fn is_trail_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | ')' | ']' | '»' | ',' | '.' | ';' | ':' | '!' | '?' | '…' | '}' | '—' | '–'
    )
}

/// Tokens of `text[s..e]`, offsets relative to `text`.
#[cfg(test)]
pub(crate) fn tokens(text: &str, s: usize, e: usize) -> Vec<Tok> {
    let mut out = Vec::new();
    tokens_into(text, s, e, &mut out);
    out
}

/// Like `tokens`, reusing `out` so a long article does not allocate per sentence.
/// Returns true when the only whitespace in `text[s..e]` is single spaces between its tokens,
/// so its whitespace-normalised form is the text itself.
pub(crate) fn tokens_into(text: &str, s: usize, e: usize, out: &mut Vec<Tok>) -> bool {
    out.clear();
    tokens_append(text, s, e, out)
}

/// Like `tokens_into`, adding the tokens after those `out` holds already (`extract` keeps a
/// batch of sentences' tokens in one list).
pub(crate) fn tokens_append(text: &str, s: usize, e: usize, out: &mut Vec<Tok>) -> bool {
    if text.get(s..e).is_none() {
        return false;
    }
    // Offsets are the body's throughout: tokens are pushed as they are found, and a token's
    // bytes are read straight out of the body for its word-table key.
    let all = text.as_bytes();
    let table = table();
    // Whitespace at `i`: (is it, its length). ASCII is settled without decoding.
    let space_at = |i: usize| -> (bool, usize) {
        let c = all[i];
        if c < 0x80 {
            (matches!(c, b' ' | b'\t'..=b'\r'), 1)
        } else {
            let ch = text[i..e].chars().next().unwrap_or(' ');
            (super::span::is_space(ch), ch.len_utf8())
        }
    };
    // Words separated by one ' ' each (the segment is already trimmed).
    let mut single_spaced = true;
    let mut i = s;
    while i < e {
        let c = all[i];
        if c == b' ' {
            // A second space in a row, or a space after other whitespace.
            // (A space before it was caught when that space saw this one.)
            single_spaced &= i > s && i + 1 < e && all[i + 1] != b' ';
            i += 1;
            continue;
        }
        // The commonest token by far: a short plain word or number, printable ASCII with a
        // letter or digit at each end and ASCII whitespace after it, all inside the next
        // eight bytes. One load serves to find its end, its digits and its word-table key.
        if i + 8 <= e {
            let x = load_at(all, i);
            let n = (unprintable_bytes(x).trailing_zeros() / 8) as usize;
            if (1..8).contains(&n) && matches!(all[i + n], b' ' | b'\t'..=b'\r') {
                let first = BYTE_KIND[(x & 0xFF) as usize];
                let last = BYTE_KIND[(x >> (8 * (n - 1)) & 0xFF) as usize];
                if first & last & (LETTER | DIGIT) != 0 {
                    let (m, _) = KEY_MASKS[n];
                    let digit = digit_bytes(x) & m != 0;
                    let class =
                        if first & LETTER != 0 { lookup_in(table, (x | CASE) & m, 0, n as u32) } else { 0 };
                    let w = &all[i..i + n];
                    let flags = plain_flags(w, first, digit);
                    out.push(Tok { rs: i, re: i + n, s: i, e: i + n, class, flags });
                    i += n;
                    if i + 1 < e && all[i] == b' ' && all[i + 1] != b' ' {
                        i += 1;
                    }
                    continue;
                }
            }
        }
        let (space, len) = if c > b' ' && c < 0x80 { (false, 1) } else { space_at(i) };
        if space {
            single_spaced = false;
            i += len;
            continue;
        }
        // A token: run to the next whitespace, printable ASCII eight bytes at a time, noting
        // on the way whether it is all ASCII and holds a digit.
        let st = i;
        let mut ascii = c < 0x80;
        let mut digits = u64::from(c.is_ascii_digit());
        i += len;
        loop {
            if i + 8 <= e {
                let x = load_at(all, i);
                let stop = unprintable_bytes(x);
                if stop == 0 {
                    digits |= digit_bytes(x);
                    i += 8;
                    continue;
                }
                let run = stop.trailing_zeros() / 8;
                // Only the bytes before the stop belong to the run (`run` is 0..=7).
                digits |= digit_bytes(x) & ((1u64 << (run * 8)) - 1);
                i += run as usize;
            } else {
                while i < e && all[i] > b' ' && all[i] < 0x7F {
                    digits |= u64::from(all[i].is_ascii_digit());
                    i += 1;
                }
                if i >= e {
                    break;
                }
            }
            // Usually the plain space before the next word.
            if all[i] == b' ' {
                break;
            }
            let (space, len) = space_at(i);
            if space {
                break;
            }
            ascii &= all[i] < 0x80;
            i += len;
        }
        // Most tokens are plain ASCII words: nothing to strip when both ends are letters or
        // digits, and no stop to keep after the word.
        let (first, last) = (BYTE_KIND[usize::from(all[st])], BYTE_KIND[usize::from(all[i - 1])]);
        if ascii && first & last & (LETTER | DIGIT) != 0 {
            let n = i - st;
            let class = if first & LETTER != 0 && n <= MAX_WORD {
                let (k0, k1) = key_at(all, st, n);
                lookup_in(table, k0, k1, n as u32)
            } else {
                0
            };
            let w = &all[st..i];
            let flags = plain_flags(w, first, digits != 0);
            out.push(Tok { rs: st, re: i, s: st, e: i, class, flags });
        } else {
            push_marked(text, table, st, i, ascii, digits != 0, out);
        }
        // The usual single space to the next word, settled here rather than by another turn
        // of the loop (the test the loop would make of it, knowing `i > s`).
        if i + 1 < e && all[i] == b' ' && all[i + 1] != b' ' {
            i += 1;
        }
    }
    single_spaced && s < e
}

/// Tokens that scoring or fact finding must look at: those with one of the classes they
/// read (`MARKED`) or with any shape flag.
#[inline(always)]
pub(crate) fn is_marked(t: &Tok) -> bool {
    t.class & MARKED | u32::from(t.flags) != 0
}

/// What `is_marked` tests: the classes scoring reads and those fact finding starts from.
pub(crate) const MARKED: u32 = super::score::READ_CLASSES | super::facts::START_CLASSES;

/// The indices of the marked tokens (`is_marked`), in order, for scoring and fact finding to
/// visit instead of every token. About two tokens in three are plain words neither reads,
/// and which ones varies from word to word in a way a branch predictor does not learn on real
/// articles: so every index is written, and the count moves on only for a marked token, with
/// no branch on the token. (Measured in BENCHMARKS.md, session 7: 3.5% off the time of
/// extracting real articles.)
pub(crate) fn marked_into(toks: &[Tok], out: &mut Vec<u32>) {
    out.clear();
    marked_append(toks, out);
}

/// `marked` is exactly `marked_into` of `toks` (for debug assertions).
pub(crate) fn marks_all(toks: &[Tok], marked: &[u32]) -> bool {
    marked.iter().map(|&k| k as usize).eq((0..toks.len()).filter(|&k| is_marked(&toks[k])))
}

/// Like `marked_into`, adding the indices (still into `toks`) after those `out` holds.
pub(crate) fn marked_append(toks: &[Tok], out: &mut Vec<u32>) {
    let mut m = out.len();
    out.resize(m + toks.len(), 0);
    for (k, t) in toks.iter().enumerate() {
        // `m` is at most the starting length plus `k`, so always in bounds.
        out[m] = k as u32;
        m += usize::from(is_marked(t));
    }
    out.truncate(m);
}

/// What the tokeniser asks of a token's first and last byte, one table load each.
const LETTER: u8 = 1;
const DIGIT: u8 = 1 << 1;
const UPPER: u8 = 1 << 2;
static BYTE_KIND: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            LETTER | UPPER
        } else if c.is_ascii_lowercase() {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else {
            0
        };
        b += 1;
    }
    t
};

/// `fold`'s masks for a word of `n` bytes (`0..=MAX_WORD`): its first and second eight.
static KEY_MASKS: [(u64, u64); MAX_WORD + 1] = {
    let mut t = [(0, 0); MAX_WORD + 1];
    let mut n = 0;
    while n <= MAX_WORD {
        let lo = if n < 8 { n } else { 8 };
        t[n] = (mask(lo), mask(n - lo));
        n += 1;
    }
    t
};

/// `shape_ascii` of a plain ASCII word (a letter or digit at each end), given the
/// `BYTE_KIND` of its first byte.
#[inline(always)]
fn plain_flags(w: &[u8], first: u8, digit: bool) -> u8 {
    let mut flags = u8::from(digit) * F_DIGIT;
    if first & UPPER != 0 {
        flags |= F_CAP;
        if w.starts_with(b"US$") {
            flags |= F_CURSYM;
        }
    } else if w.len() >= 5 && first & LETTER != 0 && w.ends_with(b"ed") && !past_exception(w) {
        flags |= F_PAST;
    }
    debug_assert_eq!(flags, shape_ascii(w, digit));
    flags
}

/// Eight bytes of `all` from `at` (which has eight more) as a little-endian integer.
#[inline(always)]
fn load_at(all: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(all[at..at + 8].try_into().unwrap_or_default())
}

/// `key` of the ASCII word `all[at..at + n]` (`1..=MAX_WORD` bytes, starting with a
/// letter): two whole loads, folded and masked to the word, where the body has sixteen
/// bytes from `at`.
#[inline(always)]
fn key_at(all: &[u8], at: usize, n: usize) -> (u64, u64) {
    if let (Some(w), Some(&(m0, m1))) = (all.get(at..at + 16), KEY_MASKS.get(n)) {
        let (a, b) = w.split_at(8);
        let k0 = u64::from_le_bytes(a.try_into().unwrap_or_default());
        let k1 = u64::from_le_bytes(b.try_into().unwrap_or_default());
        ((k0 | CASE) & m0, (k1 | CASE) & m1)
    } else {
        key(&all[at..at + n]).map_or((0, 0), |(k0, k1, _)| (k0, k1))
    }
}

/// A token with something besides letters and digits at an end, or with non-ASCII in it:
/// quotes, brackets and stops are trimmed off the word, except the stop of an abbreviation.
#[inline(never)]
fn push_marked(
    text: &str,
    table: &Table,
    rs: usize,
    re: usize,
    ascii: bool,
    digit: bool,
    out: &mut Vec<Tok>,
) {
    if ascii {
        // An ASCII token can only hold the ASCII marks of `is_lead_punct`/`is_trail_punct`:
        // trim those bytes without decoding.
        let all = text.as_bytes();
        let raw = &all[rs..re];
        let lead = raw.iter().take_while(|&&c| is_lead_punct_byte(c)).count();
        let a = &raw[lead..];
        let trail = a.iter().rev().take_while(|&&c| is_trail_punct_byte(c)).count();
        let b = &a[..a.len() - trail];
        let cs = rs + lead;
        let mut ce = cs + b.len();
        let class = match b.first() {
            Some(f) if f.is_ascii_alphabetic() && b.len() <= MAX_WORD => {
                let (k0, k1) = key_at(all, cs, b.len());
                lookup_in(table, k0, k1, b.len() as u32)
            }
            _ => 0,
        };
        // Keep the stop of "U.S.", "a.m.", "Jan.", "No." inside the word: it is part of it.
        let dotted = || {
            b.contains(&b'.')
                && b.split(|&c| c == b'.')
                    .all(|p| !p.is_empty() && p.len() <= 3 && p.iter().all(u8::is_ascii_alphabetic))
        };
        if a.get(b.len()) == Some(&b'.') && (class & (TITLE | MONTH_ABBR) != 0 || dotted()) {
            ce += 1;
        }
        // Trimmed marks are no digits, so the raw token's `digit` holds for the word; of the
        // currency signs only "$" is ASCII.
        let wb = &all[cs..ce];
        let dollar = wb.first() == Some(&b'$') || wb.last() == Some(&b'$');
        let flags = shape_ascii(wb, digit) | if dollar { F_CURSYM } else { 0 };
        out.push(Tok { rs, re, s: cs, e: ce, class, flags });
        return;
    }
    let raw = &text[rs..re];
    let rb = raw.as_bytes();
    if rb[0].is_ascii_alphanumeric() && rb[rb.len() - 1].is_ascii_alphanumeric() {
        out.push(Tok { rs, re, s: rs, e: re, class: classify(raw), flags: shape(raw) });
        return;
    }
    let a = raw.trim_start_matches(is_lead_punct);
    let b = a.trim_end_matches(is_trail_punct);
    let cs = rs + (raw.len() - a.len());
    let mut ce = cs + b.len();
    let class = classify(b);
    let dotted = || {
        b.bytes().any(|c| c == b'.')
            && b.split('.')
                .all(|p| !p.is_empty() && p.chars().count() <= 3 && p.chars().all(char::is_alphabetic))
    };
    if a.as_bytes().get(b.len()) == Some(&b'.') && (class & (TITLE | MONTH_ABBR) != 0 || dotted()) {
        ce += 1;
    }
    out.push(Tok { rs, re, s: cs, e: ce, class, flags: shape(&text[cs..ce]) });
}

/// A currency sign opens or closes the word: "£5", "5€", "US$3".
pub(crate) fn currency_symbol(w: &str) -> bool {
    w.starts_with(['£', '$', '€', '¥', '₺', '₽', '₹', '₼'])
        || w.ends_with(['£', '$', '€'])
        || w.starts_with("US$")
}

/// True when `word` equals one of `list`, ignoring ASCII case (no allocation).
pub(crate) fn any_ci(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// "a.m.", "p.m." and their undotted forms, which follow a clock time.
pub(crate) fn is_ampm(w: &str) -> bool {
    any_ci(w, &["a.m.", "p.m.", "a.m", "p.m", "am", "pm"])
}

/// True when the token's word starts with an uppercase letter.
pub(crate) fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase())
}

/// True when the word contains an ASCII digit.
pub(crate) fn has_digit(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
}

/// Plausible past tense or participle of a regular verb ("opened", "detained").
pub(crate) fn looks_past(word: &str) -> bool {
    let w = word.as_bytes();
    w.len() >= 5 && w.ends_with(b"ed") && w[0].is_ascii_lowercase() && !past_exception(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The tokeniser as it was before it read keys straight out of the body (session 6),
    /// kept verbatim as an oracle for `tokens_into`.
    mod reference {
        use crate::extract::lexicon::*;

        /// Classes of a word by reading every list, ignoring ASCII case, with the word table's
        /// limits (at most 16 bytes, an ASCII letter first).
        pub(super) fn classify(word: &str) -> u32 {
            let ok = word.len() <= MAX_WORD && word.as_bytes().first().is_some_and(u8::is_ascii_alphabetic);
            LISTS
                .iter()
                .filter(|(_, words)| ok && words.iter().any(|w| w.eq_ignore_ascii_case(word)))
                .fold(0, |acc, (class, _)| acc | class)
        }

        pub(crate) fn tokens_into(text: &str, s: usize, e: usize, out: &mut Vec<Tok>) -> bool {
            out.clear();
            let Some(slice) = text.get(s..e) else {
                return false;
            };
            // `ascii`: the token is ASCII; `digit`: it holds an ASCII digit (known only when `ascii`).
            let push = |rs: usize, re: usize, ascii: bool, digit: bool, out: &mut Vec<Tok>| {
                let raw = &text[rs..re];
                let rb = raw.as_bytes();
                // Most tokens are plain words: nothing to strip when both ends are letters or digits,
                // and no stop to keep after the word.
                if rb[0].is_ascii_alphanumeric() && rb[rb.len() - 1].is_ascii_alphanumeric() {
                    let flags = if ascii { shape_ascii(rb, digit) } else { shape(raw) };
                    out.push(Tok { rs, re, s: rs, e: re, class: classify(raw), flags });
                    return;
                }
                // An ASCII token can only hold the ASCII marks of `is_lead_punct`/`is_trail_punct`:
                // trim those bytes without decoding.
                let (a, b) = if ascii {
                    let lead = rb.iter().take_while(|&&c| is_lead_punct_byte(c)).count();
                    let a = &raw[lead..];
                    let trail = a.bytes().rev().take_while(|&c| is_trail_punct_byte(c)).count();
                    (a, &a[..a.len() - trail])
                } else {
                    let a = raw.trim_start_matches(is_lead_punct);
                    (a, a.trim_end_matches(is_trail_punct))
                };
                let cs = rs + (raw.len() - a.len());
                let mut ce = cs + b.len();
                let class = classify(b);
                // Keep the stop of "U.S.", "a.m.", "Jan.", "No." inside the word: it is part of it.
                let dotted = || {
                    b.bytes().any(|c| c == b'.')
                        && b.split('.').all(|p| {
                            !p.is_empty() && p.chars().count() <= 3 && p.chars().all(char::is_alphabetic)
                        })
                };
                if a.as_bytes().get(b.len()) == Some(&b'.') && (class & (TITLE | MONTH_ABBR) != 0 || dotted())
                {
                    ce += 1;
                }
                let word = &text[cs..ce];
                let flags = if ascii {
                    // Trimmed marks are no digits, so the raw token's `digit` holds for the word; of
                    // the currency signs only "$" is ASCII.
                    let wb = word.as_bytes();
                    let dollar = wb.first() == Some(&b'$') || wb.last() == Some(&b'$');
                    shape_ascii(wb, digit) | if dollar { F_CURSYM } else { 0 }
                } else {
                    shape(word)
                };
                out.push(Tok { rs, re, s: cs, e: ce, class, flags });
            };
            // Whitespace at `i`: (is it, its length). ASCII is settled without decoding.
            let bytes = slice.as_bytes();
            let space_at = |i: usize| -> (bool, usize) {
                let c = bytes[i];
                if c < 0x80 {
                    (matches!(c, b' ' | b'\t'..=b'\r'), 1)
                } else {
                    let ch = slice[i..].chars().next().unwrap_or(' ');
                    (crate::extract::span::is_space(ch), ch.len_utf8())
                }
            };
            // Words separated by one ' ' each (the segment is already trimmed).
            let mut single_spaced = true;
            let mut i = 0;
            while i < bytes.len() {
                let c = bytes[i];
                if c == b' ' {
                    // A second space in a row, or a space after other whitespace.
                    // (A space before it was caught when that space saw this one.)
                    single_spaced &= i > 0 && bytes.get(i + 1).is_some_and(|&n| n != b' ');
                    i += 1;
                    continue;
                }
                let (space, len) = if c > b' ' && c < 0x80 { (false, 1) } else { space_at(i) };
                if space {
                    single_spaced = false;
                    i += len;
                    continue;
                }
                // A token: run to the next whitespace, printable ASCII eight bytes at a time, noting
                // on the way whether it is all ASCII and holds a digit.
                let st = i;
                let mut ascii = c < 0x80;
                let mut digits = u64::from(c.is_ascii_digit());
                i += len;
                loop {
                    if let Some(w) = bytes.get(i..i + 8) {
                        let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
                        let stop = unprintable_bytes(x);
                        if stop == 0 {
                            digits |= digit_bytes(x);
                            i += 8;
                            continue;
                        }
                        let run = stop.trailing_zeros() / 8;
                        // Only the bytes before the stop belong to the run (`run` is 0..=7).
                        digits |= digit_bytes(x) & ((1u64 << (run * 8)) - 1);
                        i += run as usize;
                    } else {
                        while i < bytes.len() && bytes[i] > b' ' && bytes[i] < 0x7F {
                            digits |= u64::from(bytes[i].is_ascii_digit());
                            i += 1;
                        }
                        if i >= bytes.len() {
                            break;
                        }
                    }
                    let (space, len) = space_at(i);
                    if space {
                        break;
                    }
                    ascii &= bytes[i] < 0x80;
                    i += len;
                }
                push(s + st, s + i, ascii, digits != 0, out);
            }
            single_spaced && !bytes.is_empty()
        }
    }

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
        proptest::collection::vec((piece, sep), 0..30)
            .prop_map(|v| v.into_iter().map(|(p, s)| p + s).collect())
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
                let b = reference::tokens_into(&body, s, e, &mut old);
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
        for w in
            ["said", "Said", "opened", "hundred", "Opened", "US$5", "U2", "12kg", "abcde", "speeded", "x"]
        {
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
            assert_eq!(classify(w), reference::classify(w), "{w}");
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
}
