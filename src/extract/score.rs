//! Check-worthiness: transparent features of one sentence, each with a weight and a
//! human-readable reason, summed and clamped to 0..1. The kind of claim follows from the
//! strongest feature present.

use super::lexicon::*;
use super::ClaimKind;

/// Sentences at or above this score become claims.
pub(crate) const CLAIM_THRESHOLD: f64 = 0.45;

#[derive(Clone, Copy)]
pub(crate) struct Verdict {
    pub score: f64,
    pub kind: ClaimKind,
}

/// One scored feature, rendered to text only when the segment is built:
/// `"+0.30 money amount: $3.5"`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reason {
    pub weight: f64,
    pub why: &'static str,
    pub span: Option<(usize, usize)>,
}

impl Reason {
    /// The reason as the public record, citing its words from `text`.
    #[inline]
    pub(crate) fn public(self, text: &str) -> super::Reason<'_> {
        super::Reason::Feature {
            weight: self.weight,
            why: self.why,
            span: self.span.map(|(a, b)| super::Text::slice(text, a, b)),
        }
    }
}

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

#[derive(Default)]
#[cfg_attr(test, derive(Debug, PartialEq))]
struct Features {
    unit_qty: Option<(usize, usize)>,
    percent: Option<(usize, usize)>,
    fraction: Option<(usize, usize)>,
    currency: Option<(usize, usize)>,
    count: Option<(usize, usize)>,
    date: Option<(usize, usize)>,
    named_attr: Option<(usize, usize)>,
    pronoun_attr: Option<(usize, usize)>,
    weak_attr: Option<(usize, usize)>,
    entities: usize,
    first_entity: Option<(usize, usize)>,
    record: Option<(usize, usize)>,
    comparison: Option<(usize, usize)>,
    past: Option<(usize, usize)>,
    named_event: Option<(usize, usize)>,
    reported_belief: Option<(usize, usize)>,
    zero: Option<(usize, usize)>,
    predict: Option<(usize, usize)>,
    hedge: Option<(usize, usize)>,
    opinion: Option<(usize, usize)>,
    first_person: Option<(usize, usize)>,
    habit: Option<(usize, usize)>,
    unknown: Option<(usize, usize)>,
}

fn lower_is(text: &str, t: &Tok, w: &str) -> bool {
    t.e - t.s == w.len() && text[t.s..t.e].eq_ignore_ascii_case(w)
}

/// True for a token that is a number: digits (with separators, units or signs glued on).
pub(crate) fn is_numeric(t: &Tok) -> bool {
    t.digit()
}

/// A number with a unit glued on: "38.9°C", "250g", "4.1p", "6.5km".
fn glued_unit(w: &str) -> bool {
    // The digits and separators in front, read as bytes: '–' is the only non-ASCII one.
    let b = w.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'0'..=b'9' | b'.' | b',' | b'-' => i += 1,
            0xE2 if b[i..].starts_with("–".as_bytes()) => i += 3,
            _ => break,
        }
    }
    let tail = &w[i..];
    !tail.is_empty()
        && i > 0
        && (tail.starts_with('°')
            || matches!(
                tail,
                "g" | "kg"
                    | "km"
                    | "m"
                    | "p"
                    | "mm"
                    | "cm"
                    | "ml"
                    | "mph"
                    | "bn"
                    | "m."
                    | "mw"
                    | "gw"
                    | "kwh"
                    | "t"
                    | "c"
            ))
}

fn is_year(w: &str) -> bool {
    w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) && matches!(&w[..2], "18" | "19" | "20")
}

fn is_time(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 4 && b.len() <= 5 && b.iter().all(|c| c.is_ascii_digit() || *c == b':') && b.contains(&b':')
}

/// `is_ampm`, ruling out most words by their length and first letter before comparing.
pub(crate) fn ampm(w: &str) -> bool {
    let b = w.as_bytes();
    (2..=4).contains(&b.len()) && matches!(b[0] | 0x20, b'a' | b'p') && is_ampm(w)
}

/// Classes read by the rules for numbers (besides the digit and currency-sign flags).
const NUMBER_CLASSES: u32 = FRACTION | NUMWORD;
/// Classes read by the rules for words (`TITLE` for "No"); a regular past tense (`F_PAST`)
/// goes there too.
const WORD_CLASSES: u32 = WEEKDAY
    | MONTH
    | LAST_THIS
    | ATTRIB
    | SUPERL
    | COMPAR
    | PAST
    | PREDICT
    | HEDGE
    | OPINION
    | FIRST_PERSON
    | HABIT
    | UNKNOWN
    | TITLE;
/// The classes some rule here reads.
pub(crate) const READ_CLASSES: u32 = NUMBER_CLASSES | WORD_CLASSES;
/// Classes of the words that lower a score; rare, so tested as one group first.
const DOUBT_CLASSES: u32 = PREDICT | HEDGE | OPINION | FIRST_PERSON | HABIT | UNKNOWN;

/// The features of one sentence. Every rule looks at one token (and its neighbours), so a
/// token of no relevant class and no shape flag is skipped, and each family of rules runs
/// only for tokens of its classes: most tokens are settled by a few bit tests.
/// Fills `f` in place: returning the large struct cost a copy per sentence.
#[inline(always)]
fn scan(text: &str, toks: &[Tok], marked: &[u32], f: &mut Features) {
    let n = toks.len();
    let first_content = toks.iter().position(|t| t.e > t.s).unwrap_or(0);
    let start = usize::from(n > 0 && super::facts::is_list_marker(text, &toks[0]));
    // Plain lowercase words of no class read here are left out of `marked` already; the
    // test below drops the few marked only for fact finding.
    for &k in marked {
        let k = k as usize;
        let t = &toks[k];
        let (class, flags) = (t.class, t.flags);
        if k < start || class & READ_CLASSES | u32::from(flags) == 0 {
            continue;
        }
        // Plain words, at most capitalised, need no rules. The rules run out of line,
        // which keeps this loop small.
        if class & (NUMBER_CLASSES | WORD_CLASSES) | u32::from(flags & !F_CAP) != 0 {
            token_rules(text, toks, k, first_content, f);
        }
        // Named people, places and bodies: capitalised words that do not open the sentence.
        if flags & F_CAP != 0
            && k > first_content
            && class & (MONTH | MONTH_ABBR | WEEKDAY | FIRST_PERSON) == 0
            && !(t.e - t.s == 1 && text.as_bytes()[t.s] == b'I')
        {
            let prev_cap = k > first_content + 1 && toks[k - 1].cap() && toks[k - 1].re == toks[k - 1].e;
            if !prev_cap {
                f.entities += 1;
                f.first_entity.get_or_insert((t.s, t.e));
            }
        }
    }
}

/// The rules for one token with a class or shape flag (besides a capital) that some rule
/// reads. Each family runs out of line, so a call saves only what that family needs.
#[inline(always)]
fn token_rules(text: &str, toks: &[Tok], k: usize, first_content: usize, f: &mut Features) {
    let t = &toks[k];
    let class = t.class & (NUMBER_CLASSES | WORD_CLASSES);
    if t.flags & (F_DIGIT | F_CURSYM) != 0 || class & NUMBER_CLASSES != 0 {
        number_rules(text, toks, k, f);
    }
    if class & WORD_CLASSES != 0 {
        word_rules(text, toks, k, first_content, f);
    } else if t.past() {
        // A regular past tense of no class, the commonest case here.
        past_rule(text, toks, k, f);
    }
}

/// A past event at token `k`, and its actor when named: "Azerbaijan has informed Iran".
#[inline]
fn past_rule(text: &str, toks: &[Tok], k: usize, f: &mut Features) {
    // Both found already: another past tense changes nothing.
    if f.past.is_some() && f.named_event.is_some() {
        return;
    }
    let t = &toks[k];
    f.past.get_or_insert((t.s, t.e));
    // The auxiliaries are all stop words: the class rules out the rest without comparing.
    let mut j = k;
    while j > 0
        && k - j < 3
        && toks[j - 1].class & STOP != 0
        && matches!(&text[toks[j - 1].s..toks[j - 1].e], "has" | "have" | "had" | "was" | "were" | "been")
    {
        j -= 1;
    }
    if j > 0 {
        let a = &toks[j - 1];
        let actor = a.class & (STOP | PRONOUN | FIRST_PERSON | MONTH | WEEKDAY) == 0;
        if a.re == a.e && a.cap() && actor {
            f.named_event.get_or_insert((a.s, t.e));
        }
    }
}

/// Rules for token `k` when it is a number, carries a currency sign, or is a number word or
/// fraction: percentages, money, fractions, dates and times, quantities and counts.
#[inline(never)]
fn number_rules(text: &str, toks: &[Tok], k: usize, f: &mut Features) {
    let n = toks.len();
    let t = &toks[k];
    let w = &text[t.s..t.e];
    let next = toks.get(k + 1).map_or(0, |x| x.class);
    let next_w = toks.get(k + 1).map_or("", |x| &text[x.s..x.e]);
    let prev_w = || if k > 0 { &text[toks[k - 1].s..toks[k - 1].e] } else { "" };
    if t.digit() {
        if w.as_bytes().contains(&b'%')
            || next_w.eq_ignore_ascii_case("percent")
            || next_w.eq_ignore_ascii_case("per")
        {
            f.percent.get_or_insert((t.s, t.e));
        } else if t.cur_sym()
            || next & CURRENCY != 0
            || (next & SCALE != 0 && k + 2 < n && toks[k + 2].class & CURRENCY != 0)
        {
            f.currency.get_or_insert((t.s, t.e));
        } else if w.as_bytes().contains(&b'/') && !w.contains("//")
            || next_w == "in" && k + 2 < n && toks[k + 2].digit()
        {
            f.fraction.get_or_insert((t.s, t.e));
        } else if is_time(w)
            || ampm(next_w)
            || is_year(w)
            || next & (MONTH | MONTH_ABBR) != 0
            || k > 0 && toks[k - 1].class & (MONTH | MONTH_ABBR) != 0
        {
            f.date.get_or_insert((t.s, t.e));
        } else if glued_unit(w) || next & (UNIT | SCALE) != 0 {
            f.unit_qty.get_or_insert((t.s, t.e));
        } else {
            f.count.get_or_insert((t.s, t.e));
        }
    } else if t.cur_sym() && w.chars().nth(1).is_some() {
        f.currency.get_or_insert((t.s, t.e));
    } else if t.class & FRACTION != 0
        && (next_w == "of" || prev_w() == "a" || prev_w() == "by" || w.as_bytes().contains(&b'-'))
    {
        f.fraction.get_or_insert((t.s, t.e));
    } else if t.class & NUMWORD != 0 {
        if next_w == "in" && k + 2 < n && toks[k + 2].class & (NUMWORD | FRACTION) != 0 {
            f.fraction.get_or_insert((t.s, t.e));
        } else if next & UNIT != 0 {
            f.unit_qty.get_or_insert((t.s, t.e));
        } else if next & STOP == 0 && k + 1 < n || next_w == "of" {
            f.count.get_or_insert((t.s, t.e));
        }
    }
}

/// Rules for token `k` when it has one of `WORD_CLASSES` or looks like a past tense: dates
/// in words, attribution, records, comparisons, past events, zero counts and the words
/// that lower a score.
#[inline(never)]
fn word_rules(text: &str, toks: &[Tok], k: usize, first_content: usize, f: &mut Features) {
    let n = toks.len();
    let t = &toks[k];
    let c = t.class;
    let word = |j: usize| &text[toks[j].s..toks[j].e];
    let w = || word(k);
    let next = toks.get(k + 1).map_or(0, |x| x.class);
    let next_w = || if k + 1 < n { word(k + 1) } else { "" };
    let prev_w = || if k > 0 { word(k - 1) } else { "" };
    if c & (WEEKDAY | MONTH | LAST_THIS) != 0 {
        if c & WEEKDAY != 0 && c & TZ == 0 || c & MONTH != 0 && t.cap() {
            f.date.get_or_insert((t.s, t.e));
        }
        if c & LAST_THIS != 0 && next & (TIME_WORD | UNIT | WEEKDAY) != 0 && !next_w().is_empty() {
            f.date.get_or_insert((t.s, toks[k + 1].e));
        }
    }
    if c & ATTRIB != 0 {
        attribution(text, toks, k, f);
    }
    if c & (SUPERL | COMPAR) != 0 {
        // "most" is itself in SUPERL, so the class settles most tokens without comparing.
        if c & SUPERL != 0
            && (!lower_is(text, t, "only") && !lower_is(text, t, "ever") && !lower_is(text, t, "most")
                || lower_is(text, t, "most") && prev_w() == "the")
        {
            f.record.get_or_insert((t.s, t.e));
        }
        if c & COMPAR != 0
            && (lower_is(text, t, "than")
                || toks[k + 1..].iter().take(4).any(|x| is_numeric(x) || x.class & (NUMWORD | FRACTION) != 0))
        {
            f.comparison.get_or_insert((t.s, t.e));
        }
    }
    if c & PAST != 0 || t.past() && c & ATTRIB == 0 {
        past_rule(text, toks, k, f);
    }
    // "No deaths", "no previous convictions": a count of zero is checkable. ("no" is a
    // `TITLE`, for "No. 10".)
    if c & TITLE != 0
        && t.e - t.s == 2
        && (w() == "No" || w() == "no")
        && next & STOP == 0
        && k + 1 < n
        && next_w().chars().all(|c| c.is_lowercase())
    {
        let plural = |x: &str| x.len() > 3 && x.ends_with('s') && !x.ends_with("ss");
        if plural(next_w()) || k + 2 < n && plural(word(k + 2)) && toks[k + 1].re == toks[k + 1].e {
            f.zero.get_or_insert((t.s, toks[k + 1].e));
        }
    }
    if c & DOUBT_CLASSES == 0 {
        return;
    }
    if c & PREDICT != 0
        && !(matches!(prev_w(), "had" | "were" | "was" | "than") && lower_is(text, t, "expected"))
    {
        f.predict.get_or_insert((t.s, t.e));
    }
    // "is believed to be": a belief reported by the authorities, not the writer's guess.
    let passive_belief = c & HEDGE != 0
        && lower_is(text, t, "believed")
        && matches!(prev_w(), "is" | "are" | "was" | "were")
        && next_w() == "to";
    if passive_belief {
        f.reported_belief.get_or_insert((t.s, t.e));
    } else if c & HEDGE != 0 && (w() != "May" || k == first_content) {
        f.hedge.get_or_insert((t.s, t.e));
    }
    if c & OPINION != 0 {
        f.opinion.get_or_insert((t.s, t.e));
    }
    if c & FIRST_PERSON != 0 {
        f.first_person.get_or_insert((t.s, t.e));
    }
    if c & HABIT != 0 && (!lower_is(text, t, "every") || next & (TIME_WORD | UNIT | WEEKDAY) != 0) {
        f.habit.get_or_insert((t.s, t.e));
    }
    // Only predicative: "remains unknown", "is yet to", "not immediately clear".
    if c & UNKNOWN != 0
        && matches!(
            prev_w(),
            "not"
                | "are"
                | "is"
                | "was"
                | "were"
                | "has"
                | "have"
                | "remains"
                | "remain"
                | "remained"
                | "still"
        )
    {
        f.unknown.get_or_insert((t.s, t.e));
    }
}

/// "the Border Service said", "said Dr. Priya Ramaswamy", "according to the committee":
/// named when a capitalised word or an institution stands next to the verb.
fn attribution(text: &str, toks: &[Tok], k: usize, f: &mut Features) {
    let t = &toks[k];
    let w = &text[t.s..t.e];
    if w.eq_ignore_ascii_case("according") {
        if toks.get(k + 1).is_some_and(|x| &text[x.s..x.e] == "to") {
            let named = toks[k + 2..].iter().take(4).any(|x| x.cap() || x.class & BODY != 0);
            let slot = if named { &mut f.named_attr } else { &mut f.weak_attr };
            slot.get_or_insert((t.s, t.e));
        }
        return;
    }
    if w.eq_ignore_ascii_case("read") || w.eq_ignore_ascii_case("heard") || w.eq_ignore_ascii_case("say") {
        // Only "the statement read", "the court heard", "officials say".
        if k == 0 || toks[k - 1].class & BODY == 0 {
            return;
        }
    }
    let (named, pronoun) = speaker_near(text, toks, k);
    if named {
        f.named_attr.get_or_insert((t.s, t.e));
    } else if pronoun {
        f.pronoun_attr.get_or_insert((t.s, t.e));
    } else if k > 0 {
        f.weak_attr.get_or_insert((t.s, t.e));
    }
}

/// Who stands next to the speech verb at `k`: (a named person or body, a pronoun).
/// Looks back across appositives ("Mark Ellery, a former official, said") but not into a
/// closed quotation, and one word forward (`," said Dr. Lima`).
fn speaker_near(text: &str, toks: &[Tok], k: usize) -> (bool, bool) {
    let mut named = false;
    let mut pronoun = false;
    for j in (k.saturating_sub(10)..k).rev() {
        let x = &toks[j];
        let tail = &text[x.e..x.re];
        if j + 1 < k && tail.contains(['.', ';', ':', '"', '”', '?', '!']) {
            break;
        }
        if x.class & BODY != 0 || x.cap() && x.class & (STOP | PRONOUN | FIRST_PERSON | MONTH | WEEKDAY) == 0
        {
            named = true;
            break;
        }
        if x.class & PRONOUN != 0 && j + 1 == k {
            pronoun = true;
        }
        if tail.contains(['"', '”']) {
            break;
        }
    }
    if let Some(x) = toks.get(k + 1) {
        if x.cap() && x.class & (STOP | FIRST_PERSON | PRONOUN) == 0 {
            named = true;
        }
        if x.class & PRONOUN != 0 {
            pronoun = true;
        }
    }
    (named, pronoun)
}

/// How a sentence sits in a quotation that may span several sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QuoteCtx {
    /// Not inside a multi-sentence quotation.
    Plain,
    /// Opens a quotation whose closing sentence names the speaker.
    SpeakerLater,
    /// Starts inside a quotation opened by an earlier sentence.
    Continuation,
}

/// Speaker of a sentence: 2 named, 1 pronoun, 0 none or unnamed.
pub(crate) fn speaker(text: &str, toks: &[Tok]) -> u8 {
    let mut f = Features::default();
    for (k, t) in toks.iter().enumerate() {
        if t.class & ATTRIB != 0 {
            attribution(text, toks, k, &mut f);
        }
    }
    if f.named_attr.is_some() {
        2
    } else {
        u8::from(f.pronoun_attr.is_some())
    }
}

/// `x.round() as i64` without the libm call: the fraction left after truncation is exact for
/// the small values scored here.
fn round_half_away(x: f64) -> i64 {
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

/// The last byte of `s` once closing quotes and brackets (`"`, `'`, `”`, `’`, `)`, `]`,
/// `»`) are trimmed off its end. Compared with an ASCII mark, it says the same as the last
/// char would: a multi-byte char never ends in an ASCII byte.
fn last_byte_before_closers(mut s: &[u8]) -> Option<u8> {
    loop {
        match s {
            [rest @ .., b'"' | b'\'' | b')' | b']'] => s = rest,
            [rest @ .., 0xE2, 0x80, 0x9D | 0x99] => s = rest,
            [rest @ .., 0xC2, 0xBB] => s = rest,
            [.., last] => return Some(*last),
            [] => return None,
        }
    }
}

/// Scores one sentence `text[s..e]` whose tokens are `toks`, and `marked` their
/// `marked_into`. Its reasons are left in `reasons` (cleared first), in order, to be
/// rendered by the caller.
pub(crate) fn score(
    text: &str,
    s: usize,
    e: usize,
    toks: &[Tok],
    marked: &[u32],
    quote: QuoteCtx,
    reasons: &mut Vec<Reason>,
) -> Verdict {
    debug_assert!(marks_all(toks, marked));
    let mut f = Features::default();
    scan(text, toks, marked, &mut f);
    let sentence = &text[s..e];
    let mut total = 0.15;
    reasons.clear();
    reasons.push(Reason { weight: 0.15, why: "base", span: None });
    let mut add = |w: f64, why: &'static str, sp: Option<(usize, usize)>, total: &mut f64| {
        *total += w;
        reasons.push(Reason { weight: w, why, span: sp });
    };
    if f.percent.is_some() {
        add(0.35, "percentage", f.percent, &mut total);
    }
    if f.fraction.is_some() {
        add(0.30, "fraction or ratio", f.fraction, &mut total);
    }
    if f.currency.is_some() {
        add(0.30, "money amount", f.currency, &mut total);
    }
    if f.unit_qty.is_some() {
        add(0.30, "quantity with unit", f.unit_qty, &mut total);
    }
    if f.count.is_some() {
        add(0.20, "count", f.count, &mut total);
    }
    if f.zero.is_some() {
        add(0.30, "zero count", f.zero, &mut total);
    }
    if f.date.is_some() {
        add(0.15, "date or time", f.date, &mut total);
    }
    if f.named_attr.is_some() {
        add(0.30, "attributed to a named source", f.named_attr, &mut total);
    } else if f.pronoun_attr.is_some() {
        add(0.25, "attributed to a speaker named earlier", f.pronoun_attr, &mut total);
    } else if f.weak_attr.is_some() {
        add(0.10, "attributed to an unnamed source", f.weak_attr, &mut total);
    }
    if quote == QuoteCtx::SpeakerLater {
        add(0.25, "quotation attributed where it closes", None, &mut total);
    }
    if f.entities > 0 {
        let w = (0.05 * f.entities as f64).min(0.20);
        add(w, "named people, places or bodies", f.first_entity, &mut total);
    }
    if f.record.is_some() {
        add(0.25, "record or superlative", f.record, &mut total);
    }
    if f.comparison.is_some() {
        add(0.10, "comparison", f.comparison, &mut total);
    }
    if f.past.is_some() {
        add(0.10, "past event", f.past, &mut total);
        if f.date.is_some() {
            add(0.10, "dated past event", None, &mut total);
        }
    }
    if f.named_event.is_some() {
        add(0.15, "event by a named actor", f.named_event, &mut total);
    }
    if f.reported_belief.is_some() {
        add(-0.05, "reported belief", f.reported_belief, &mut total);
    }
    let last = last_byte_before_closers(sentence.as_bytes());
    let attributed = f.named_attr.is_some();
    if last == Some(b'?') {
        add(-0.50, "question", None, &mut total);
    } else if last == Some(b'!') {
        add(-0.25, "exclamation", None, &mut total);
    }
    if f.predict.is_some() {
        add(if attributed { -0.10 } else { -0.35 }, "prediction or schedule", f.predict, &mut total);
    }
    if f.hedge.is_some() {
        add(if attributed { -0.05 } else { -0.25 }, "hedged speculation", f.hedge, &mut total);
    }
    if f.opinion.is_some() {
        add(if attributed { -0.05 } else { -0.20 }, "opinion or judgement", f.opinion, &mut total);
    }
    let any_speaker = attributed || f.pronoun_attr.is_some() || quote == QuoteCtx::SpeakerLater;
    if f.first_person.is_some() && !attributed {
        add(-0.15, "first-person anecdote", f.first_person, &mut total);
    }
    if f.habit.is_some() {
        add(-0.20, "habitual routine", f.habit, &mut total);
    }
    if f.unknown.is_some() {
        add(-0.30, "states an unknown", f.unknown, &mut total);
    }
    let opens_quote = sentence.starts_with(['"', '“']);
    if quote == QuoteCtx::Continuation && !any_speaker {
        add(-0.15, "continues a quotation", None, &mut total);
    } else if opens_quote && !any_speaker && f.weak_attr.is_none() {
        add(-0.15, "quotation without a speaker", None, &mut total);
    }
    let specific = f.percent.is_some()
        || f.fraction.is_some()
        || f.currency.is_some()
        || f.unit_qty.is_some()
        || f.count.is_some()
        || f.date.is_some()
        || f.entities > 0
        || f.named_attr.is_some()
        || f.pronoun_attr.is_some()
        || f.zero.is_some();
    if !specific {
        add(-0.15, "vague: no number, date or name", None, &mut total);
    }
    if toks.len() < 4 {
        add(-0.15, "too short to check", None, &mut total);
    }
    let score = (total.clamp(0.0, 1.0) * 100.0).round() / 100.0;
    let kind = if f.percent.is_some() || f.fraction.is_some() {
        ClaimKind::Statistic
    } else if f.currency.is_some() || f.unit_qty.is_some() || f.count.is_some() {
        ClaimKind::Quantity
    } else if f.record.is_some() || f.comparison.is_some() {
        ClaimKind::Comparison
    } else if f.date.is_some() {
        ClaimKind::Datetime
    } else if f.named_attr.is_some() || f.pronoun_attr.is_some() || f.weak_attr.is_some() {
        ClaimKind::Attribution
    } else {
        ClaimKind::Event
    };
    Verdict { score, kind }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The feature scan as it was before the rules were split by family, kept verbatim as
    /// the oracle the faster one must match exactly.
    mod reference {
        use super::super::{attribution, is_numeric, is_time, is_year, lower_is, Features};
        // The list-marker test as it was, shared with the fact finder's oracle.
        use crate::extract::facts::tests::reference::is_list_marker;
        use crate::extract::lexicon::*;

        /// The classes some rule of `scan` tests on the token itself (`TITLE` for "No").
        const SCAN_ACTIVE: u32 = WEEKDAY
            | MONTH
            | LAST_THIS
            | ATTRIB
            | SUPERL
            | COMPAR
            | PAST
            | PREDICT
            | HEDGE
            | OPINION
            | FIRST_PERSON
            | HABIT
            | UNKNOWN
            | FRACTION
            | NUMWORD
            | TITLE;

        /// A number with a unit glued on: "38.9°C", "250g", "4.1p", "6.5km".
        fn glued_unit(w: &str) -> bool {
            let tail =
                w.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '–'));
            !tail.is_empty()
                && tail.len() < w.len()
                && (tail.starts_with('°')
                    || matches!(
                        tail,
                        "g" | "kg"
                            | "km"
                            | "m"
                            | "p"
                            | "mm"
                            | "cm"
                            | "ml"
                            | "mph"
                            | "bn"
                            | "m."
                            | "mw"
                            | "gw"
                            | "kwh"
                            | "t"
                            | "c"
                    ))
        }

        pub(super) fn scan(text: &str, toks: &[Tok]) -> Features {
            let mut f = Features::default();
            let n = toks.len();
            let word = |k: usize| &text[toks[k].s..toks[k].e];
            let first_content = toks.iter().position(|t| t.e > t.s).unwrap_or(0);
            let mut k = usize::from(n > 0 && is_list_marker(text, &toks[0]));
            while k < n {
                let t = &toks[k];
                // A token with none of these classes and no shape flag fires no rule below (rules
                // that look at neighbours run on the neighbour's own turn): skip it.
                if t.class & SCAN_ACTIVE == 0 && t.flags == 0 {
                    k += 1;
                    continue;
                }
                // Sliced only where a rule needs the text: most tokens are settled by their classes.
                let w = || word(k);
                let next = if k + 1 < n { toks[k + 1].class } else { 0 };
                let next_w = || if k + 1 < n { word(k + 1) } else { "" };
                let prev_w = || if k > 0 { word(k - 1) } else { "" };
                if t.digit() {
                    if w().contains('%')
                        || next_w().eq_ignore_ascii_case("percent")
                        || next_w().eq_ignore_ascii_case("per")
                    {
                        f.percent.get_or_insert((t.s, t.e));
                    } else if t.cur_sym()
                        || next & CURRENCY != 0
                        || (next & SCALE != 0 && k + 2 < n && toks[k + 2].class & CURRENCY != 0)
                    {
                        f.currency.get_or_insert((t.s, t.e));
                    } else if w().contains('/') && !w().contains("//")
                        || next_w() == "in" && k + 2 < n && toks[k + 2].digit()
                    {
                        f.fraction.get_or_insert((t.s, t.e));
                    } else if is_time(w())
                        || is_ampm(next_w())
                        || is_year(w())
                        || next & (MONTH | MONTH_ABBR) != 0
                        || toks.get(k.wrapping_sub(1)).is_some_and(|p| p.class & (MONTH | MONTH_ABBR) != 0)
                    {
                        f.date.get_or_insert((t.s, t.e));
                    } else if glued_unit(w()) || next & (UNIT | SCALE) != 0 {
                        f.unit_qty.get_or_insert((t.s, t.e));
                    } else {
                        f.count.get_or_insert((t.s, t.e));
                    }
                } else if t.cur_sym() && w().chars().count() > 1 {
                    f.currency.get_or_insert((t.s, t.e));
                } else if t.class & FRACTION != 0
                    && (next_w() == "of" || prev_w() == "a" || prev_w() == "by" || w().contains('-'))
                {
                    f.fraction.get_or_insert((t.s, t.e));
                } else if t.class & NUMWORD != 0 {
                    if next_w() == "in" && k + 2 < n && toks[k + 2].class & (NUMWORD | FRACTION) != 0 {
                        f.fraction.get_or_insert((t.s, t.e));
                    } else if next & UNIT != 0 {
                        f.unit_qty.get_or_insert((t.s, t.e));
                    } else if next & STOP == 0 && k + 1 < n || next_w() == "of" {
                        f.count.get_or_insert((t.s, t.e));
                    }
                }
                if t.class & WEEKDAY != 0 && t.class & TZ == 0 || t.class & MONTH != 0 && t.cap() {
                    f.date.get_or_insert((t.s, t.e));
                }
                if t.class & LAST_THIS != 0
                    && next & (TIME_WORD | UNIT | WEEKDAY) != 0
                    && !next_w().is_empty()
                {
                    f.date.get_or_insert((t.s, toks[k + 1].e));
                }
                if t.class & ATTRIB != 0 {
                    attribution(text, toks, k, &mut f);
                }
                // "most" is itself in SUPERL, so the class settles most tokens without comparing.
                if t.class & SUPERL != 0
                    && (!lower_is(text, t, "only")
                        && !lower_is(text, t, "ever")
                        && !lower_is(text, t, "most")
                        || lower_is(text, t, "most") && prev_w() == "the")
                {
                    f.record.get_or_insert((t.s, t.e));
                }
                if t.class & COMPAR != 0
                    && (lower_is(text, t, "than")
                        || toks[k + 1..]
                            .iter()
                            .take(4)
                            .any(|x| is_numeric(x) || x.class & (NUMWORD | FRACTION) != 0))
                {
                    f.comparison.get_or_insert((t.s, t.e));
                }
                if t.class & PAST != 0 || t.past() && t.class & ATTRIB == 0 {
                    f.past.get_or_insert((t.s, t.e));
                    // "Azerbaijan has informed Iran": the actor of the event is named.
                    let mut j = k;
                    while j > 0
                        && k - j < 3
                        && matches!(word(j - 1), "has" | "have" | "had" | "was" | "were" | "been")
                    {
                        j -= 1;
                    }
                    if j > 0 {
                        let a = &toks[j - 1];
                        let actor = a.class & (STOP | PRONOUN | FIRST_PERSON | MONTH | WEEKDAY) == 0;
                        if a.re == a.e && a.cap() && actor {
                            f.named_event.get_or_insert((a.s, t.e));
                        }
                    }
                }
                // "No deaths", "no previous convictions": a count of zero is checkable.
                if t.e - t.s == 2
                    && (w() == "No" || w() == "no")
                    && next & STOP == 0
                    && k + 1 < n
                    && next_w().chars().all(|c| c.is_lowercase())
                {
                    let plural = |x: &str| x.len() > 3 && x.ends_with('s') && !x.ends_with("ss");
                    if plural(next_w()) || k + 2 < n && plural(word(k + 2)) && toks[k + 1].re == toks[k + 1].e
                    {
                        f.zero.get_or_insert((t.s, toks[k + 1].e));
                    }
                }
                if t.class & PREDICT != 0
                    && !(matches!(prev_w(), "had" | "were" | "was" | "than") && lower_is(text, t, "expected"))
                {
                    f.predict.get_or_insert((t.s, t.e));
                }
                // "is believed to be": a belief reported by the authorities, not the writer's guess.
                let passive_belief = t.class & HEDGE != 0
                    && lower_is(text, t, "believed")
                    && matches!(prev_w(), "is" | "are" | "was" | "were")
                    && next_w() == "to";
                if passive_belief {
                    f.reported_belief.get_or_insert((t.s, t.e));
                } else if t.class & HEDGE != 0 && (w() != "May" || k == first_content) {
                    f.hedge.get_or_insert((t.s, t.e));
                }
                if t.class & OPINION != 0 {
                    f.opinion.get_or_insert((t.s, t.e));
                }
                if t.class & FIRST_PERSON != 0 {
                    f.first_person.get_or_insert((t.s, t.e));
                }
                if t.class & HABIT != 0
                    && (!lower_is(text, t, "every") || next & (TIME_WORD | UNIT | WEEKDAY) != 0)
                {
                    f.habit.get_or_insert((t.s, t.e));
                }
                // Only predicative: "remains unknown", "is yet to", "not immediately clear".
                if t.class & UNKNOWN != 0
                    && matches!(
                        prev_w(),
                        "not"
                            | "are"
                            | "is"
                            | "was"
                            | "were"
                            | "has"
                            | "have"
                            | "remains"
                            | "remain"
                            | "remained"
                            | "still"
                    )
                {
                    f.unknown.get_or_insert((t.s, t.e));
                }
                // Named people, places and bodies: capitalised words that do not open the sentence.
                if k > first_content
                    && t.cap()
                    && t.class & (MONTH | MONTH_ABBR | WEEKDAY | FIRST_PERSON) == 0
                    && w() != "I"
                {
                    let prev_cap =
                        k > first_content + 1 && toks[k - 1].cap() && toks[k - 1].re == toks[k - 1].e;
                    if !prev_cap {
                        f.entities += 1;
                        f.first_entity.get_or_insert((t.s, t.e));
                    }
                }
                k += 1;
            }
            f
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]
        #[test]
        fn features_match_the_reference(t in crate::extract::facts::tests::sentence()) {
            let toks = tokens(&t, 0, t.len());
            let mut f = Features::default();
            let mut marked = Vec::new();
            marked_into(&toks, &mut marked);
            scan(&t, &toks, &marked, &mut f);
            prop_assert_eq!(f, reference::scan(&t, &toks));
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

    #[test]
    fn zero_counts_and_named_events_are_found() {
        assert!(sc("No deaths were reported after the storm in Leeds.")
            .reasons
            .iter()
            .any(|r| r.contains("zero count")));
        assert!(sc("Police said no previous convictions were found.")
            .reasons
            .iter()
            .any(|r| r.contains("zero count")));
        let v = sc("On Monday Azerbaijan has informed Iran of the 12 arrests.");
        assert!(
            v.reasons.iter().any(|r| r.contains("event by a named actor: Azerbaijan has informed")),
            "{:?}",
            v.reasons
        );
    }

    struct Scored {
        score: f64,
        kind: ClaimKind,
        reasons: Vec<String>,
    }

    fn sc(t: &str) -> Scored {
        let toks = tokens(t, 0, t.len());
        let mut rs = Vec::new();
        let mut marked = Vec::new();
        marked_into(&toks, &mut marked);
        let v = score(t, 0, t.len(), &toks, &marked, QuoteCtx::Plain, &mut rs);
        Scored { score: v.score, kind: v.kind, reasons: rs.iter().map(|r| r.public(t).to_string()).collect() }
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
        assert_eq!(
            super::super::Reason::Threshold { score: 0.3, claim: false }.to_string(),
            "= 0.30 < threshold 0.45"
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
        assert!(v.score >= CLAIM_THRESHOLD, "{:?}", v.reasons);
        assert_eq!(v.kind, ClaimKind::Quantity);
        assert!(v.reasons.iter().any(|r| r.contains("quantity with unit: 12")));
    }

    #[test]
    fn reported_belief_with_a_named_actor_event_is_a_claim() {
        let v = sc("The suspect is believed to be a Dutch citizen, and Norway has informed the Netherlands.");
        assert!(v.score >= CLAIM_THRESHOLD, "{:?}", v.reasons);
        assert!(v.reasons.iter().any(|r| r.contains("event by a named actor: Norway has informed")));
    }

    #[test]
    fn percentage_makes_a_statistic() {
        assert_eq!(sc("Unemployment fell to 4.2% in March.").kind, ClaimKind::Statistic);
    }

    #[test]
    fn questions_and_vague_opinions_are_not_claims() {
        assert!(sc("Is this the end of cheap flights?").score < CLAIM_THRESHOLD);
        assert!(sc("The mood was grim.").score < CLAIM_THRESHOLD);
        assert!(sc("Prices may rise further next year.").score < CLAIM_THRESHOLD);
    }
}
