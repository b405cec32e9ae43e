//! Fact spans inside a claim: numbers with their hedge, unit and noun ("about 10 kg of
//! narcotics"), dates and times, who said it (a named speaker), records and comparisons:
//! what a reader must check, not every name or verb. Spans never overlap; earlier rules win.

use super::lexicon::*;
use super::score::is_numeric;

/// One-word hedges kept in front of a number.
pub(crate) const HEDGE1: &[&str] = &[
    "about",
    "around",
    "roughly",
    "nearly",
    "almost",
    "approximately",
    "some",
    "over",
    "under",
    "just",
    "exactly",
    "estimated",
    "barely",
    "aged",
    "only",
    "circa",
    "c.",
    "approx",
];
/// Two-word hedges and prepositions kept in front of a number.
const HEDGE2: &[(&str, &str)] = &[
    ("more", "than"),
    ("less", "than"),
    ("fewer", "than"),
    ("at", "least"),
    ("at", "most"),
    ("up", "to"),
    ("up", "from"),
    ("down", "from"),
    ("closer", "to"),
    ("close", "to"),
    ("well", "over"),
    ("a", "total"),
];
/// Prepositions kept in front of a date ("on 15 May", "in 2023", "since Jan. 1").
pub(crate) const DATE_PREP: &[&str] =
    &["on", "in", "since", "by", "until", "from", "between", "at", "before", "after"];

#[derive(Clone, Copy)]
struct Ctx<'a> {
    text: &'a str,
    toks: &'a [Tok],
}

impl Ctx<'_> {
    #[inline]
    fn w(&self, k: usize) -> &str {
        self.toks.get(k).map_or("", |t| &self.text[t.s..t.e])
    }
    /// The bytes of word `k`: comparing them needs no check of char boundaries.
    #[inline]
    fn b(&self, k: usize) -> &[u8] {
        self.toks.get(k).map_or(&[], |t| &self.text.as_bytes()[t.s..t.e])
    }
    #[inline]
    fn lw(&self, k: usize, word: &str) -> bool {
        // Lengths first: most tokens are ruled out without looking at the text.
        self.toks.get(k).is_some_and(|t| t.e - t.s == word.len())
            && self.b(k).eq_ignore_ascii_case(word.as_bytes())
    }
    /// Token `k` ends a phrase: it has trailing punctuation (a comma, a bracket, a stop).
    #[inline]
    fn closes(&self, k: usize) -> bool {
        self.toks.get(k).is_none_or(|t| t.re != t.e)
    }
    /// Token `k` opens with punctuation (a bracket or a quote), so it cannot extend leftwards.
    #[inline]
    fn opens(&self, k: usize) -> bool {
        self.toks.get(k).is_none_or(|t| t.rs != t.s)
    }
    #[inline]
    fn numberish(&self, k: usize) -> bool {
        self.toks.get(k).is_some_and(|t| numberish(self.text, t))
    }
}

/// A number, number word, fraction or amount with its currency sign ("£5", not "£").
#[inline(always)]
fn numberish(text: &str, t: &Tok) -> bool {
    // The flags and classes settle it but for a lone sign.
    t.flags & F_DIGIT != 0
        || t.class & (NUMWORD | FRACTION) != 0
        || t.flags & F_CURSYM != 0 && currency_only(&text[t.s..t.e])
}

#[inline(never)]
fn currency_only(w: &str) -> bool {
    w.chars().count() > 1 && w.starts_with(['£', '$', '€', '¥', '₺', '₽'])
}

/// The word `w` starts with a lowercase letter; `word` gives it as text, decoded only when
/// it does not start with an ASCII byte.
#[inline]
fn starts_lower<'a>(w: &[u8], word: impl FnOnce() -> &'a str) -> bool {
    match w.first() {
        Some(&b) if b < 0x80 => b.is_ascii_lowercase(),
        Some(_) => word().chars().next().is_some_and(char::is_lowercase),
        None => false,
    }
}

/// `any_ci` on the bytes of a word: the lists are ASCII, so it is the same comparison.
#[inline]
fn any_ci_b(w: &[u8], list: &[&str]) -> bool {
    list.iter().any(|x| x.len() == w.len() && w.eq_ignore_ascii_case(x.as_bytes()))
}

/// The words `x y` are a two-word hedge (`HEDGE2`), ignoring ASCII case.
#[inline]
fn hedge2(x: &[u8], y: &[u8]) -> bool {
    HEDGE2.iter().any(|(p, q)| {
        p.len() == x.len()
            && q.len() == y.len()
            && x.eq_ignore_ascii_case(p.as_bytes())
            && y.eq_ignore_ascii_case(q.as_bytes())
    })
}

/// `score::ampm` on the bytes of a word.
#[inline]
fn ampm(w: &[u8]) -> bool {
    (2..=4).contains(&w.len())
        && matches!(w[0] | 0x20, b'a' | b'p')
        && any_ci_b(w, &["a.m.", "p.m.", "a.m", "p.m", "am", "pm"])
}

/// Which tokens a span already holds, one bit per token, so a claim tests and marks a
/// range a word at a time.
#[derive(Default)]
struct Taken(Vec<u64>);

impl Taken {
    fn reset(&mut self, n: usize) {
        self.0.clear();
        self.0.resize(n.div_ceil(64), 0);
    }
    /// The bits of `a..=b` that fall in word `w`.
    #[inline]
    fn mask(a: usize, b: usize, w: usize) -> u64 {
        let lo = if a / 64 == w { a % 64 } else { 0 };
        let hi = if b / 64 == w { b % 64 } else { 63 };
        (u64::MAX >> (63 - hi)) & (u64::MAX << lo)
    }
    /// Takes tokens `a..=b` unless one of them is taken already; true when it did.
    #[inline(always)]
    fn take(&mut self, a: usize, b: usize) -> bool {
        let first = a / 64;
        if first == b / 64 {
            if let Some(w) = self.0.get_mut(first) {
                // Nearly every span: one word to test and mark.
                let m = Self::mask(a, b, first);
                let free = *w & m == 0;
                *w |= if free { m } else { 0 };
                return free;
            }
        }
        self.take_long(a, b)
    }
    /// `take` for a span across several words.
    #[inline(never)]
    fn take_long(&mut self, a: usize, b: usize) -> bool {
        let (first, last) = (a / 64, b / 64);
        if (first..=last).any(|w| self.0[w] & Self::mask(a, b, w) != 0) {
            return false;
        }
        for w in first..=last {
            self.0[w] |= Self::mask(a, b, w);
        }
        true
    }
}

/// The classes some pass starts from: numbers, dates, speech verbs, records, time units.
pub(crate) const START_CLASSES: u32 =
    NUMWORD | FRACTION | WEEKDAY | MONTH | LAST_THIS | ATTRIB | SUPERL | COMPAR | TIME_WORD | UNIT;

/// The tokens the passes below start from, gathered in one sweep over the marked tokens
/// (`marked_into`) so that each pass visits a few tokens instead of the whole sentence:
/// `words` for passes 1 to 4 (a class above, a digit or a currency sign).
fn starts(toks: &[Tok], marked: &[u32], words: &mut Vec<u32>) -> (u32, u8) {
    words.clear();
    // The classes and flags of the gathered words, OR-ed, so a pass none of them can
    // start is skipped without visiting the words.
    let (mut classes, mut flags) = (0, 0);
    for &k in marked {
        let t = &toks[k as usize];
        let (c, f) = (t.class, t.flags);
        if c & START_CLASSES != 0 || f & (F_DIGIT | F_CURSYM) != 0 {
            words.push(k);
            classes |= c;
            flags |= f;
        }
    }
    (classes, flags)
}

/// Buffers reused from sentence to sentence so fact finding does not allocate.
#[derive(Default)]
pub(crate) struct Scratch {
    taken: Taken,
    words: Vec<u32>,
    out: Vec<(usize, usize)>,
}

/// Fact spans (byte offsets into `text`) for the sentence whose tokens are `toks`.
#[cfg(test)]
pub(crate) fn facts(text: &str, toks: &[Tok]) -> Vec<(usize, usize)> {
    let mut marked = Vec::new();
    marked_into(toks, &mut marked);
    facts_with(text, toks, &marked, &mut Scratch::default()).to_vec()
}

/// Like `facts`, with buffers reused across calls and `marked` the `marked_into` of `toks`;
/// the spans are sorted byte ranges.
/// Each pass runs only when some token of the sentence has the classes or flags it starts
/// from, and looks at the words themselves only once the bits allow a match. The passes run
/// in order, one function each (inlined here), and earlier ones win: a later pass claims only
/// tokens no span holds yet.
pub(crate) fn facts_with<'s>(
    text: &str,
    toks: &[Tok],
    marked: &[u32],
    scratch: &'s mut Scratch,
) -> &'s [(usize, usize)] {
    debug_assert!(marks_all(toks, marked));
    let n = toks.len();
    // The spans as byte ranges, pushed as they are claimed and sorted at the end.
    let spans = &mut scratch.out;
    spans.clear();
    let taken = &mut scratch.taken;
    taken.reset(n);

    let (classes, flags) = starts(toks, marked, &mut scratch.words);
    let words = &scratch.words[..];
    // The gathered words for a pass, or none when no word has what the pass starts from.
    let pick = move |on: bool| &words[..if on { words.len() } else { 0 }];

    let mut p = Pass { c: Ctx { text, toks }, spans, taken };
    number_facts(&mut p, pick(flags & (F_DIGIT | F_CURSYM) != 0 || classes & (NUMWORD | FRACTION) != 0));
    date_facts(&mut p, pick(classes & (WEEKDAY | MONTH | LAST_THIS) != 0));
    let no_figure_or_date = p.spans.is_empty();
    speaker_facts(&mut p, pick(classes & ATTRIB != 0 && no_figure_or_date));
    record_facts(&mut p, pick(classes & (SUPERL | COMPAR) != 0));
    time_facts(&mut p, pick(classes & (TIME_WORD | UNIT) != 0));

    // Past-tense verbs and names alone are not facts: a reader checks the figure, the date,
    // the record and who said it, and marking every name and verb hid those (fact precision
    // 0.49 on the dev set, 0.80 without them; BENCHMARKS.md).
    let spans = p.spans;
    spans.sort_unstable();
    spans
}

/// One sentence's fact finding under way, handed from pass to pass: the sentence, the spans
/// claimed so far and the tokens they hold.
struct Pass<'a, 's> {
    c: Ctx<'a>,
    spans: &'s mut Vec<(usize, usize)>,
    taken: &'s mut Taken,
}

impl Pass<'_, '_> {
    /// `claim` in this sentence: tokens `a..=b` unless one of them is taken.
    #[inline(always)]
    fn claim(&mut self, a: usize, b: usize) -> bool {
        claim(self.c.text, self.c.toks, a, b, self.spans, self.taken)
    }
}

/// Pass 1: numbers with their hedge, unit and noun ("about 10 kg of narcotics", "1 in 5",
/// "46 of 180"), and dates written with digits ("on 3 June"). A list marker ("1.", "2)") is
/// not a fact.
#[inline(always)]
fn number_facts(p: &mut Pass<'_, '_>, starts: &[u32]) {
    let c = p.c;
    let Ctx { text, toks } = c;
    let n = toks.len();
    let mut next = usize::from(n > 0 && is_list_marker(text, &toks[0]));
    for k in starts.iter().map(|&k| k as usize) {
        if k < next
            || !numberish(text, &toks[k])
            || c.lw(k, "one") && !c.numberish(k + 1) && !c.lw(k + 1, "in") && c.lw(k + 1, "of")
        {
            continue;
        }
        let mut a = k;
        let date_like = toks[k].class & (MONTH | MONTH_ABBR) != 0;
        // Hedges and date prepositions before the number. The second word of every
        // two-word hedge is an `APPROX`, `COMPAR` or `SUPERL` word.
        if a >= 3 && c.lw(a - 3, "as") && c.lw(a - 1, "as") && !c.closes(a - 3) && !c.closes(a - 2) {
            a -= 3;
        } else if a >= 2
            && toks[a - 1].class & (APPROX | COMPAR | SUPERL) != 0
            && hedge2(c.b(a - 2), c.b(a - 1))
            && !c.closes(a - 2)
            && !c.closes(a - 1)
        {
            a -= 2;
        } else if a >= 1
            && !c.closes(a - 1)
            && toks[a - 1].class & NUM_HEDGE != 0
            && any_ci_b(c.b(a - 1), HEDGE1)
        {
            a -= 1;
        }
        if a == k && a >= 1 && !c.closes(a - 1) && toks[a - 1].class & (MONTH | MONTH_ABBR) != 0 {
            a -= 1;
        }
        if a >= 1
            && !c.closes(a - 1)
            && toks[a - 1].class & DATE_PREP_WORD != 0
            && any_ci_b(c.b(a - 1), DATE_PREP)
            && (toks[a].class & (MONTH | MONTH_ABBR) != 0 || date_like || year_or_day(c.b(k)))
        {
            a -= 1;
        }
        // Number continuation, unit, then a short noun phrase.
        let mut b = k;
        let mut nouns = 0;
        while !c.closes(b) && b + 1 < n {
            let nx = b + 1;
            let cl = toks[nx].class;
            let nw = c.b(nx);
            if numberish(text, &toks[nx])
                || cl & (SCALE | UNIT | CURRENCY | MONTH | MONTH_ABBR) != 0
                || ampm(nw)
                || nw == b"%"
            {
                b = nx;
            } else if (nw == b"in" || nw == b"of") && c.numberish(nx + 1) && !c.closes(nx) {
                b = nx + 1; // "1 in 5", "46 of 180"
            } else if (nw == b"a" || nw == b"per")
                && toks.get(nx + 1).is_some_and(|t| {
                    t.class & (UNIT | TIME_WORD) != 0
                        || matches!(
                            &text.as_bytes()[t.s..t.e],
                            b"day" | b"litre" | b"head" | b"person" | b"capita"
                        )
                })
                && !c.closes(nx)
            {
                b = nx + 1;
            } else if nouns < 2
                && cl & (STOP | ATTRIB | PREDICT | HEDGE | PRONOUN | COMPAR | APPROX) == 0
                && !toks[nx].past()
                && !c.opens(nx)
                && !nw.is_empty()
                && !nw.ends_with(b"ly")
                && (starts_lower(nw, || c.w(nx)) || nw.ends_with(b"'s"))
            {
                nouns += 1;
                b = nx;
            } else if nw == b"of" && !c.closes(nx) && b + 2 < n {
                // "of narcotics", "of Iran's population", "of the total"
                let mut m = nx + 1;
                if matches!(c.b(m), b"the" | b"its" | b"their" | b"a" | b"an" | b"his" | b"her")
                    && !c.closes(m)
                {
                    m += 1;
                }
                if m < n && toks[m].class & (STOP | ATTRIB | PRONOUN) == 0 && !c.opens(m) {
                    b = m;
                    if !c.closes(m) && m + 1 < n && c.b(m).ends_with(b"'s") && toks[m + 1].class & STOP == 0 {
                        b = m + 1;
                    }
                }
                break;
            } else {
                break;
            }
        }
        p.claim(a, b);
        next = b + 1;
    }
}

/// Pass 2: dates without digits: weekdays, months ("in May"), "last month", "this week".
#[inline(always)]
fn date_facts(p: &mut Pass<'_, '_>, starts: &[u32]) {
    let c = p.c;
    let toks = c.toks;
    let n = toks.len();
    for k in starts.iter().map(|&k| k as usize) {
        let cl = toks[k].class;
        if cl & WEEKDAY != 0 && cl & TZ == 0
            || cl & MONTH != 0
                && toks[k].cap()
                && (c.b(k) != b"May" || k >= 1 && !c.closes(k - 1) && any_ci_b(c.b(k - 1), DATE_PREP))
        {
            let a = if k >= 1
                && !c.closes(k - 1)
                && (DATE_PREP.iter().any(|p| c.b(k - 1) == p.as_bytes())
                    || any_ci_b(c.b(k - 1), &["last", "this", "next"]))
            {
                k - 1
            } else {
                k
            };
            p.claim(a, k);
        }
        if cl & LAST_THIS != 0
            && !c.closes(k)
            && toks.get(k + 1).is_some_and(|t| t.class & (TIME_WORD | UNIT) != 0)
        {
            let b = if c.lw(k + 1, "year") && c.b(k + 2).ends_with(b"'s") || c.lw(k + 2, "'s") {
                k + 2
            } else {
                k + 1
            };
            let b = if c.b(k + 1).ends_with(b"'s") && !c.closes(k + 1) && k + 2 < n { k + 2 } else { b };
            p.claim(k, b.min(n - 1));
        }
    }
}

/// Pass 3: who said it: a named person or body and the speech verb ("the ministry said",
/// "said Dr. Ana Lima", "according to ..."). `facts_with` runs it only when the sentence has
/// no figure or date to check (then the figure is what a reader checks: marking the speaker
/// too cost 0.06 of fact precision for 0.02 of recall on the dev set, BENCHMARKS.md).
#[inline(always)]
fn speaker_facts(p: &mut Pass<'_, '_>, starts: &[u32]) {
    let c = p.c;
    let toks = c.toks;
    let n = toks.len();
    for k in starts.iter().map(|&k| k as usize) {
        if toks[k].class & ATTRIB == 0 {
            continue;
        }
        if c.lw(k, "according") {
            if c.lw(k + 1, "to") {
                let mut b = k + 1;
                while b + 1 < n && b < k + 6 && !c.closes(b) {
                    b += 1;
                }
                p.claim(k, b);
            }
            continue;
        }
        let mut a = k;
        let mut named = false;
        while a > 0 && a + 5 > k && !c.closes(a - 1) {
            let p = &toks[a - 1];
            let pw = c.b(a - 1);
            let ok = p.cap()
                || p.class & (BODY | PRONOUN) != 0
                || matches!(pw, b"the" | b"a" | b"an")
                || pw.ends_with(b"'s")
                || p.class & STOP == 0 && a + 2 > k && c.w(a - 1).chars().all(|ch| ch.is_lowercase());
            if !ok {
                break;
            }
            named |= p.cap() || p.class & BODY != 0;
            a -= 1;
            if c.opens(a) {
                break;
            }
        }
        let mut b = k;
        if !named {
            // `," said Dr. Ana Lima`: take the speaker after the verb.
            while b + 1 < n
                && b < k + 5
                && !c.closes(b)
                && (toks[b + 1].cap() || toks[b + 1].class & PRONOUN != 0)
            {
                b += 1;
                named = true;
            }
        }
        // "said on Saturday", "told reporters", "said in a statement".
        if !c.closes(b)
            && b + 1 < n
            && (c.lw(b + 1, "on") && toks.get(b + 2).is_some_and(|t| t.class & WEEKDAY != 0)
                || matches!(c.b(b + 1), b"reporters" | b"journalists"))
        {
            b += if c.lw(b + 1, "on") { 2 } else { 1 };
        }
        if named {
            p.claim(a, b.min(n - 1));
        }
    }
}

/// Pass 4: records, superlatives and comparisons ("one of the busiest", "its highest",
/// "cheaper than").
#[inline(always)]
fn record_facts(p: &mut Pass<'_, '_>, starts: &[u32]) {
    let c = p.c;
    let toks = c.toks;
    let n = toks.len();
    for k in starts.iter().map(|&k| k as usize) {
        let cl = toks[k].class;
        if cl & (SUPERL | COMPAR) == 0 {
            continue;
        }
        let superl = cl & SUPERL != 0
            && !any_ci_b(c.b(k), &["only", "ever", "latest"])
            && (!c.lw(k, "most") || c.lw(k.wrapping_sub(1), "the"));
        // "than", "more" and "less" are all comparison words.
        let compar = cl & COMPAR != 0
            && (c.lw(k, "than")
                || (c.lw(k, "more") || c.lw(k, "less"))
                    && toks.get(k + 1).is_some_and(|t| t.class & STOP == 0 && !is_numeric(t)));
        if !(superl || compar) {
            continue;
        }
        let mut a = k;
        if c.lw(k, "than") && k > 0 && !c.closes(k - 1) {
            a = k - 1;
        }
        // "one of the busiest", "the oldest", "its highest", "new ... record".
        while a > 0
            && a + 4 > k
            && !c.closes(a - 1)
            && any_ci_b(c.b(a - 1), &["the", "its", "their", "a", "new", "one", "of", "all-time", "most"])
        {
            a -= 1;
        }
        let mut b = k;
        while b + 1 < n
            && b < k + 4
            && !c.closes(b)
            && toks[b + 1].class & (ATTRIB | PRONOUN) == 0
            && !matches!(
                c.b(b + 1),
                b"was" | b"were" | b"is" | b"are" | b"and" | b"but" | b"which" | b"who" | b"that"
            )
        {
            b += 1;
        }
        let b = trim_tail(&c, k, b);
        p.claim(a, b);
    }
}

/// Pass 5: time phrases without digits: "a year ago", "next month", "later that week".
#[inline(always)]
fn time_facts(p: &mut Pass<'_, '_>, starts: &[u32]) {
    let c = p.c;
    let toks = c.toks;
    let n = toks.len();
    for k in starts.iter().map(|&k| k as usize) {
        if toks[k].class & (TIME_WORD | UNIT) != 0 {
            if let Some((a, b)) = time_phrase(k, n, &|i| c.b(i), &|i| c.closes(i)) {
                p.claim(a, b);
            }
        }
    }
}

/// Claims tokens `a..=b` (inclusive) unless one of them is taken, pushing their byte range
/// when it is not empty; true when it took them.
#[inline(always)]
fn claim(
    text: &str,
    toks: &[Tok],
    a: usize,
    b: usize,
    spans: &mut Vec<(usize, usize)>,
    taken: &mut Taken,
) -> bool {
    if a <= b && b < toks.len() && taken.take(a, b) {
        let (s, e) = (toks[a].s, toks[b].e);
        if s < e {
            spans.push((s, e + usize::from(closes_bracket(text, s, e))));
        }
        return true;
    }
    false
}

/// "(ONS" reads better as "(ONS)": the span `s..e` opened a bracket that closes right after it.
#[inline]
fn closes_bracket(text: &str, s: usize, e: usize) -> bool {
    text.as_bytes().get(e) == Some(&b')') && brackets_open(&text.as_bytes()[s..e])
}

#[inline(never)]
fn brackets_open(inner: &[u8]) -> bool {
    inner.iter().filter(|&&ch| ch == b'(').count() > inner.iter().filter(|&&ch| ch == b')').count()
}

/// "1." or "2)" opening a list item.
pub(crate) fn is_list_marker(text: &str, t: &Tok) -> bool {
    // All digits, so the digit flag is set: most first tokens are ruled out by it.
    if !t.digit() || t.e - t.s > 3 {
        return false;
    }
    let raw = &text.as_bytes()[t.rs..t.re];
    let core = &text.as_bytes()[t.s..t.e];
    !core.is_empty() && core.iter().all(u8::is_ascii_digit) && (raw.ends_with(b".") || raw.ends_with(b")"))
}

/// Drops trailing function words so a span never ends on "at", "the" or "of".
fn trim_tail(c: &Ctx<'_>, a: usize, mut b: usize) -> usize {
    while b > a
        && (c.toks[b].class & (STOP | APPROX) != 0
            || matches!(c.b(b), b"a" | b"an" | b"the" | b"its" | b"their" | b"his" | b"her" | b"up"))
    {
        b -= 1;
    }
    b
}

/// Words a time unit follows in a relative date ("next year", "the previous week").
const TIME_BEFORE: &[&str] = &["next", "previous", "past", "coming", "following", "same", "preceding"];

/// The relative date around the time unit at token `k` of `n` (its words by `w`, whether a
/// token ends a phrase by `closes`): "(nearly) a year ago", "(in) the previous week",
/// "next month", "later that day"; the token range, or `None`.
fn time_phrase<'a>(
    k: usize,
    n: usize,
    w: &dyn Fn(usize) -> &'a [u8],
    closes: &dyn Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    const UNITS: &[&str] =
        &["year", "years", "week", "weeks", "month", "months", "day", "days", "decade", "decades", "weekend"];
    if !any_ci_b(w(k), UNITS) {
        return None;
    }
    let open = |i: usize| i < n && !closes(i);
    if k + 1 < n && open(k) && w(k + 1).eq_ignore_ascii_case(b"ago") {
        let mut a = k;
        if a >= 1 && open(a - 1) && any_ci_b(w(a - 1), &["a", "an", "one", "few", "several", "two", "three"])
        {
            a -= 1;
        }
        if a >= 1
            && open(a - 1)
            && any_ci_b(w(a - 1), &["nearly", "almost", "about", "barely", "just", "only", "over", "some"])
        {
            a -= 1;
        }
        return Some((a, k + 1));
    }
    if k == 0 || !open(k - 1) {
        return None;
    }
    let mut a = k - 1;
    if w(a).eq_ignore_ascii_case(b"that") {
        if a == 0 || !open(a - 1) || !any_ci_b(w(a - 1), &["later", "earlier"]) {
            return None;
        }
        return Some((a - 1, k));
    }
    if !any_ci_b(w(a), TIME_BEFORE) {
        return None;
    }
    if a >= 1 && open(a - 1) && w(a - 1).eq_ignore_ascii_case(b"the") {
        a -= 1;
    }
    if a >= 1 && open(a - 1) && any_ci_b(w(a - 1), DATE_PREP) {
        a -= 1;
    }
    Some((a, k))
}

fn year_or_day(w: impl AsRef<[u8]>) -> bool {
    let w = w.as_ref();
    let d = w.iter().all(u8::is_ascii_digit);
    d && (w.len() == 4 || w.len() <= 2)
}

#[cfg(test)]
pub(in crate::extract) mod oracle;
#[cfg(test)]
pub(in crate::extract) mod tests;
