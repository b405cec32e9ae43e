//! Check-worthiness: transparent features of one sentence (numbers, dates, attribution,
//! hedges, position, and hashed words and word pairs), each with a weight learned from
//! labelled articles (`claimcheck train-extractor`, written to `weights.rs`), summed and
//! turned into a probability by the logistic function. The kind of claim follows from the
//! strongest feature present.
//! Feature ids, their names and weights as text are in `names`.

use super::lexicon::*;
use super::ClaimKind;

use super::weights;

mod names;

use names::*;
pub(crate) use names::{WeightText, HASHED};

/// Sentences whose probability of being a claim is at or above this become claims.
pub(crate) const CLAIM_THRESHOLD: f64 = weights::THRESHOLD;

#[derive(Clone, Copy)]
pub(crate) struct Verdict {
    /// The probability that the sentence is a claim, to two decimals.
    pub score: f64,
    /// Whether it is proposed (the unrounded probability against `CLAIM_THRESHOLD`).
    pub claim: bool,
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

/// Where a sentence sits in its article (`Ctx::pos` bits), worked out by `extract`.
pub(crate) const POS_FIRST: u8 = 1;
/// The sentence opens a paragraph or line.
pub(crate) const POS_PARA: u8 = 1 << 1;
/// The sentence ends its line (or the body).
pub(crate) const POS_LINE_END: u8 = 1 << 2;
/// The second scored segment of the body.
pub(crate) const POS_SECOND: u8 = 1 << 3;

/// What the scorer takes from outside the sentence: its quotation context and position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ctx {
    pub quote: QuoteCtx,
    pub pos: u8,
}

/// Hash of a word for the word and word-pair features: ASCII case folded, every digit the
/// same ("2011" and "1998" share a bucket).
#[inline(always)]
fn word_hash(b: &[u8], digits: bool) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (b.len() as u64).wrapping_mul(K);
    let mut i = 0;
    while i < b.len() {
        let n = (b.len() - i).min(8);
        let mut buf = [0u8; 8];
        buf[..n].copy_from_slice(&b[i..i + n]);
        if digits {
            for c in &mut buf[..n] {
                if c.is_ascii_digit() {
                    *c = b'0';
                }
            }
        }
        let x = u64::from_le_bytes(buf) | 0x2020_2020_2020_2020;
        h = (h ^ x).wrapping_mul(K);
        h ^= h >> 29;
        i += 8;
    }
    h
}

/// The feature ids of one sentence `text[s..e]` (tokens `toks`, marks `marked`), each with
/// the words that triggered it, handed to `emit` in a fixed order; `bits` is the size of the
/// hashed word and word-pair tables (2^bits each). Returns the claim kind its features
/// suggest. The scorer and the trainer (`train.rs`) both read sentences through this.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn features<E: FnMut(u32, Option<(usize, usize)>)>(
    text: &str,
    s: usize,
    e: usize,
    toks: &[Tok],
    marked: &[u32],
    ctx: Ctx,
    bits: u32,
    emit: &mut E,
) -> ClaimKind {
    debug_assert!(marks_all(toks, marked));
    let mut f = Features::default();
    scan(text, toks, marked, &mut f);
    let sentence = &text[s..e];
    let quote = ctx.quote;
    emit(BASE, None);
    if f.percent.is_some() {
        emit(PERCENT, f.percent);
    }
    if f.fraction.is_some() {
        emit(FRACTION_F, f.fraction);
    }
    if f.currency.is_some() {
        emit(MONEY, f.currency);
    }
    if f.unit_qty.is_some() {
        emit(UNIT_QTY, f.unit_qty);
    }
    if f.count.is_some() {
        emit(COUNT, f.count);
    }
    if f.zero.is_some() {
        emit(ZERO, f.zero);
    }
    if f.date.is_some() {
        emit(DATE, f.date);
    }
    if f.named_attr.is_some() {
        emit(NAMED_ATTR, f.named_attr);
    } else if f.pronoun_attr.is_some() {
        emit(PRONOUN_ATTR, f.pronoun_attr);
    } else if f.weak_attr.is_some() {
        emit(WEAK_ATTR, f.weak_attr);
    }
    let attributed = f.named_attr.is_some();
    let any_speaker = attributed || f.pronoun_attr.is_some() || quote == QuoteCtx::SpeakerLater;
    match quote {
        QuoteCtx::SpeakerLater => emit(SPEAKER_LATER, None),
        QuoteCtx::Continuation if any_speaker => emit(CONT_SPEAKER, None),
        QuoteCtx::Continuation => emit(CONTINUATION, None),
        QuoteCtx::Plain => {}
    }
    match f.entities {
        0 => {}
        1 => emit(ENT1, f.first_entity),
        2 => emit(ENT2, f.first_entity),
        _ => emit(ENT3, f.first_entity),
    }
    if f.record.is_some() {
        emit(RECORD, f.record);
    }
    if f.comparison.is_some() {
        emit(COMPARISON, f.comparison);
    }
    if f.past.is_some() {
        emit(PAST_F, f.past);
        if f.date.is_some() {
            emit(DATED_PAST, None);
        }
    }
    if f.named_event.is_some() {
        emit(NAMED_EVENT, f.named_event);
    }
    if f.reported_belief.is_some() {
        emit(REPORTED_BELIEF, f.reported_belief);
    }
    let last = last_byte_before_closers(sentence.as_bytes());
    match last {
        Some(b'?') => emit(QUESTION, None),
        Some(b'!') => emit(EXCLAMATION, None),
        Some(b'.' | b';') => {}
        Some(b':') => emit(COLON_END, None),
        _ => emit(NO_STOP, None),
    }
    if f.predict.is_some() {
        emit(if attributed { PREDICT_ATTR } else { PREDICT_F }, f.predict);
    }
    if f.hedge.is_some() {
        emit(if attributed { HEDGE_ATTR } else { HEDGE_F }, f.hedge);
    }
    if f.opinion.is_some() {
        emit(if attributed { OPINION_ATTR } else { OPINION_F }, f.opinion);
    }
    if f.first_person.is_some() {
        emit(if any_speaker { FIRST_PERSON_ATTR } else { FIRST_PERSON_F }, f.first_person);
    }
    if f.habit.is_some() {
        emit(HABIT_F, f.habit);
    }
    if f.unknown.is_some() {
        emit(UNKNOWN_F, f.unknown);
    }
    let opens_quote = sentence.starts_with(['"', '“']);
    if opens_quote {
        emit(OPENS_QUOTE, None);
        if let Some(inside) = opening_quotation(sentence) {
            if inside.split_whitespace().count() <= 3 {
                emit(QUOTE_SHORT, None);
            }
            if inside.trim_end_matches([',', ' ']).ends_with(['!', '?']) {
                emit(QUOTE_OUTCRY, None);
            }
        }
        if !any_speaker && f.weak_attr.is_none() && quote != QuoteCtx::Continuation {
            emit(NO_SPEAKER, None);
        }
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
        emit(VAGUE, None);
        if toks.len() <= 5 {
            emit(SHORT_VAGUE, None);
        }
    }
    if toks.len() < 4 {
        emit(SHORT, None);
    }
    if ctx.pos & POS_FIRST != 0 {
        emit(FIRST_LINE, None);
    }
    if ctx.pos & POS_SECOND != 0 {
        emit(SECOND_LINE, None);
    }
    if ctx.pos & POS_PARA != 0 {
        emit(PARA_START, None);
        if ctx.pos & POS_LINE_END != 0 {
            emit(OWN_LINE, None);
        }
    }
    if !toks.is_empty() && super::facts::is_list_marker(text, &toks[0]) {
        emit(LIST_ITEM, None);
    }
    emit(
        match toks.len() {
            0..=5 => LEN1,
            6..=10 => LEN2,
            11..=20 => LEN3,
            21..=35 => LEN4,
            _ => LEN5,
        },
        None,
    );
    // Words and word pairs, hashed; the first word is paired with the sentence start.
    let mask = (1u64 << bits) - 1;
    let (words, pairs) = (HASHED, HASHED + (1 << bits));
    let mut classes = 0u32;
    let mut prev: u64 = 0x5EED;
    let mut prev_s = s;
    let (mut caps, mut numbers) = (0usize, 0usize);
    for t in toks {
        if t.e <= t.s {
            continue;
        }
        caps += usize::from(t.cap());
        classes |= t.class;
        numbers += usize::from(t.digit());
        let h = word_hash(&text.as_bytes()[t.s..t.e], t.digit());
        emit(words + (h & mask) as u32, Some((t.s, t.e)));
        let p = (prev.rotate_left(23) ^ h).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        emit(pairs + (p >> 40 & mask) as u32, Some((prev_s, t.e)));
        prev = h;
        prev_s = t.s;
    }
    if toks.len() >= 3 && caps * 3 >= toks.len() * 2 {
        emit(TITLE_CASE, None);
    }
    if numbers >= 2 {
        emit(DIGITS2, None);
    }
    while classes != 0 {
        let bit = classes.trailing_zeros();
        emit(CLASS_BASE + bit, None);
        classes &= classes - 1;
    }
    if let Some(t) = toks.iter().find(|t| t.e > t.s) {
        let mut c = t.class;
        while c != 0 {
            let bit = c.trailing_zeros();
            emit(FIRST_BASE + bit, Some((t.s, t.e)));
            c &= c - 1;
        }
    }
    if f.percent.is_some() || f.fraction.is_some() {
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
    }
}

/// The words inside the quotation `sentence` opens with, when it closes before the sentence ends
/// (`"Curiosity," she says.` gives `Curiosity,`); `None` when the whole sentence is the quotation.
fn opening_quotation(sentence: &str) -> Option<&str> {
    let inner = sentence.strip_prefix(['"', '“'])?;
    let close = inner.find(['"', '”'])?;
    let rest = inner[close..].trim_start_matches(['"', '”']).trim();
    (!rest.is_empty()).then(|| &inner[..close])
}

/// The logistic function.
#[inline]
pub(crate) fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Scores one sentence `text[s..e]` whose tokens are `toks`, and `marked` their
/// `marked_into`: the learned weights (`weights.rs`) of its features, summed and turned into
/// a probability. With `EXPLAIN`, every feature with a weight is left in `reasons` (cleared
/// first), in the order found, for the caller to rank and render.
#[inline]
pub(crate) fn score<const EXPLAIN: bool>(
    text: &str,
    s: usize,
    e: usize,
    toks: &[Tok],
    marked: &[u32],
    ctx: Ctx,
    reasons: &mut Vec<Reason>,
) -> Verdict {
    let w = &weights::WEIGHTS;
    let mut total = 0.0f32;
    if EXPLAIN {
        reasons.clear();
    }
    let kind = features(text, s, e, toks, marked, ctx, weights::HASH_BITS, &mut |id, span| {
        let x = w.get(id as usize).copied().unwrap_or(0.0);
        total += x;
        if EXPLAIN && x != 0.0 {
            reasons.push(Reason { weight: f64::from(x), why: feature_name(id), span });
        }
    });
    let p = sigmoid(f64::from(total));
    Verdict { score: (p * 100.0).round() / 100.0, claim: p >= weights::THRESHOLD, kind }
}

#[cfg(test)]
mod oracle;
#[cfg(test)]
mod tests;
