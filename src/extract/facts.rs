//! Fact spans inside a claim: numbers with their hedge, unit and noun ("about 10 kg of
//! narcotics"), dates and times, who said it, records and comparisons, past events and
//! named people or places. Spans never overlap; earlier rules win.

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

struct Ctx<'a> {
    text: &'a str,
    toks: &'a [Tok],
}

impl Ctx<'_> {
    fn w(&self, k: usize) -> &str {
        self.toks.get(k).map_or("", |t| &self.text[t.s..t.e])
    }
    #[inline]
    fn lw(&self, k: usize, word: &str) -> bool {
        // Lengths first: most tokens are ruled out without slicing the text.
        self.toks.get(k).is_some_and(|t| t.e - t.s == word.len()) && self.w(k).eq_ignore_ascii_case(word)
    }
    /// Token `k` ends a phrase: it has trailing punctuation (a comma, a bracket, a stop).
    fn closes(&self, k: usize) -> bool {
        self.toks.get(k).is_none_or(|t| t.re != t.e)
    }
    /// Token `k` opens with punctuation (a bracket or a quote), so it cannot extend leftwards.
    fn opens(&self, k: usize) -> bool {
        self.toks.get(k).is_none_or(|t| t.rs != t.s)
    }
    #[inline]
    fn numberish(&self, k: usize) -> bool {
        self.toks.get(k).is_some_and(|t| {
            is_numeric(t) || t.class & (NUMWORD | FRACTION) != 0 || t.cur_sym() && currency_only(self.w(k))
        })
    }
}

fn currency_only(w: &str) -> bool {
    w.chars().count() > 1 && w.starts_with(['£', '$', '€', '¥', '₺', '₽'])
}

/// Buffers reused from sentence to sentence so fact finding does not allocate.
#[derive(Default)]
pub(crate) struct Scratch {
    spans: Vec<(usize, usize)>,
    taken: Vec<bool>,
    out: Vec<(usize, usize)>,
}

/// Fact spans (byte offsets into `text`) for the sentence whose tokens are `toks`.
#[cfg(test)]
pub(crate) fn facts(text: &str, toks: &[Tok]) -> Vec<(usize, usize)> {
    facts_with(text, toks, &mut Scratch::default()).to_vec()
}

/// Like `facts`, with buffers reused across calls; the spans are sorted byte ranges.
pub(crate) fn facts_with<'s>(text: &str, toks: &[Tok], scratch: &'s mut Scratch) -> &'s [(usize, usize)] {
    let c = Ctx { text, toks };
    let n = toks.len();
    // Spans as token index ranges [a, b], inclusive.
    let spans = &mut scratch.spans;
    spans.clear();
    let taken = &mut scratch.taken;
    taken.clear();
    taken.resize(n, false);
    let claim = |a: usize, b: usize, spans: &mut Vec<(usize, usize)>, taken: &mut Vec<bool>| {
        if a > b || b >= n || taken[a..=b].iter().any(|&x| x) {
            return;
        }
        taken[a..=b].iter_mut().for_each(|x| *x = true);
        spans.push((a, b));
    };

    // 1. Numbers with hedge, unit and noun. A list marker ("1.", "2)") is not a fact.
    let mut k = usize::from(n > 0 && is_list_marker(text, &toks[0]));
    while k < n {
        if !c.numberish(k) || c.lw(k, "one") && !c.numberish(k + 1) && !c.lw(k + 1, "in") && c.lw(k + 1, "of")
        {
            k += 1;
            continue;
        }
        let mut a = k;
        let date_like = toks[k].class & (MONTH | MONTH_ABBR) != 0;
        // Hedges and date prepositions before the number.
        if a >= 3 && c.lw(a - 3, "as") && c.lw(a - 1, "as") && !c.closes(a - 3) && !c.closes(a - 2) {
            a -= 3;
        } else if a >= 2
            && HEDGE2.iter().any(|(x, y)| c.lw(a - 2, x) && c.lw(a - 1, y))
            && !c.closes(a - 2)
            && !c.closes(a - 1)
        {
            a -= 2;
        } else if a >= 1
            && !c.closes(a - 1)
            && toks[a - 1].class & NUM_HEDGE != 0
            && HEDGE1.iter().any(|h| c.lw(a - 1, h))
        {
            a -= 1;
        }
        if a == k && a >= 1 && !c.closes(a - 1) && toks[a - 1].class & (MONTH | MONTH_ABBR) != 0 {
            a -= 1;
        }
        if a >= 1
            && !c.closes(a - 1)
            && toks[a - 1].class & DATE_PREP_WORD != 0
            && DATE_PREP.iter().any(|p| c.lw(a - 1, p))
            && (toks[a].class & (MONTH | MONTH_ABBR) != 0 || date_like || year_or_day(c.w(k)))
        {
            a -= 1;
        }
        // Number continuation, unit, then a short noun phrase.
        let mut b = k;
        let mut nouns = 0;
        while !c.closes(b) && b + 1 < n {
            let nx = b + 1;
            let cl = toks[nx].class;
            let nw = c.w(nx);
            if c.numberish(nx)
                || cl & (SCALE | UNIT | CURRENCY | MONTH | MONTH_ABBR) != 0
                || is_ampm(nw)
                || nw == "%"
            {
                b = nx;
            } else if (nw == "in" || nw == "of") && c.numberish(nx + 1) && !c.closes(nx) {
                b = nx + 1; // "1 in 5", "46 of 180"
            } else if (nw == "a" || nw == "per")
                && toks.get(nx + 1).is_some_and(|t| {
                    t.class & (UNIT | TIME_WORD) != 0
                        || matches!(&text[t.s..t.e], "day" | "litre" | "head" | "person" | "capita")
                })
                && !c.closes(nx)
            {
                b = nx + 1;
            } else if nouns < 2
                && cl & (STOP | ATTRIB | PREDICT | HEDGE | PRONOUN | COMPAR | APPROX) == 0
                && !toks[nx].past()
                && !c.opens(nx)
                && !nw.is_empty()
                && !nw.ends_with("ly")
                && (nw.chars().next().is_some_and(|ch| ch.is_lowercase()) || nw.ends_with("'s"))
            {
                nouns += 1;
                b = nx;
            } else if nw == "of" && !c.closes(nx) && b + 2 < n {
                // "of narcotics", "of Iran's population", "of the total"
                let mut m = nx + 1;
                if matches!(c.w(m), "the" | "its" | "their" | "a" | "an" | "his" | "her") && !c.closes(m) {
                    m += 1;
                }
                if m < n && toks[m].class & (STOP | ATTRIB | PRONOUN) == 0 && !c.opens(m) {
                    b = m;
                    if !c.closes(m) && m + 1 < n && c.w(m).ends_with("'s") && toks[m + 1].class & STOP == 0 {
                        b = m + 1;
                    }
                }
                break;
            } else {
                break;
            }
        }
        claim(a, b, spans, taken);
        k = b + 1;
    }

    // Classes and shape flags present anywhere in the sentence: a pass whose trigger is
    // missing has nothing to find.
    let (all_class, all_flags) = toks.iter().fold((0, 0), |(c, f), t| (c | t.class, f | t.flags));

    // 2. Dates without digits: weekdays, "last month", "this week".
    let pass2 = if all_class & (WEEKDAY | MONTH | LAST_THIS) != 0 { n } else { 0 };
    for k in 0..pass2 {
        let cl = toks[k].class;
        if cl & WEEKDAY != 0 && cl & TZ == 0 || cl & MONTH != 0 && toks[k].cap() && c.w(k) != "May" {
            let a = if k >= 1
                && !c.closes(k - 1)
                && (DATE_PREP.contains(&c.w(k - 1)) || any_ci(c.w(k - 1), &["last", "this", "next"]))
            {
                k - 1
            } else {
                k
            };
            claim(a, k, spans, taken);
        }
        if cl & LAST_THIS != 0
            && !c.closes(k)
            && toks.get(k + 1).is_some_and(|t| t.class & (TIME_WORD | UNIT) != 0)
        {
            let b = if c.lw(k + 1, "year") && c.w(k + 2).ends_with("'s") || c.lw(k + 2, "'s") {
                k + 2
            } else {
                k + 1
            };
            let b = if c.w(k + 1).ends_with("'s") && !c.closes(k + 1) && k + 2 < n { k + 2 } else { b };
            claim(k, b.min(n - 1), spans, taken);
        }
    }

    // 3. Who said it.
    let pass3 = if all_class & ATTRIB != 0 { n } else { 0 };
    for k in 0..pass3 {
        if toks[k].class & ATTRIB == 0 {
            continue;
        }
        if c.lw(k, "according") {
            if c.lw(k + 1, "to") {
                let mut b = k + 1;
                while b + 1 < n && b < k + 6 && !c.closes(b) {
                    b += 1;
                }
                claim(k, b, spans, taken);
            }
            continue;
        }
        let mut a = k;
        let mut named = false;
        while a > 0 && a + 5 > k && !c.closes(a - 1) {
            let p = &toks[a - 1];
            let pw = c.w(a - 1);
            let ok = p.cap()
                || p.class & (BODY | PRONOUN) != 0
                || matches!(pw, "the" | "a" | "an")
                || pw.ends_with("'s")
                || pw.chars().all(|ch| ch.is_lowercase()) && p.class & STOP == 0 && a + 2 > k;
            if !ok {
                break;
            }
            named |= p.cap() || p.class & (BODY | PRONOUN) != 0;
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
                || matches!(c.w(b + 1), "reporters" | "journalists"))
        {
            b += if c.lw(b + 1, "on") { 2 } else { 1 };
        }
        if named || a < k {
            claim(a, b.min(n - 1), spans, taken);
        }
    }

    // 4. Records, superlatives and comparisons.
    let pass4 = if all_class & (SUPERL | COMPAR) != 0 { n } else { 0 };
    for k in 0..pass4 {
        let cl = toks[k].class;
        let superl = cl & SUPERL != 0
            && !any_ci(c.w(k), &["only", "ever", "latest"])
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
            && any_ci(c.w(a - 1), &["the", "its", "their", "a", "new", "one", "of", "all-time", "most"])
        {
            a -= 1;
        }
        let mut b = k;
        while b + 1 < n
            && b < k + 4
            && !c.closes(b)
            && toks[b + 1].class & (ATTRIB | PRONOUN) == 0
            && !matches!(c.w(b + 1), "was" | "were" | "is" | "are" | "and" | "but" | "which" | "who" | "that")
        {
            b += 1;
        }
        let b = trim_tail(&c, k, b);
        claim(a, b, spans, taken);
    }

    // 5. Past events: the verb and a short object ("opened fire on them").
    let mut events = 0;
    let pass5 = if all_class & PAST != 0 || all_flags & F_PAST != 0 { n } else { 0 };
    for k in 0..pass5 {
        if events >= 3 {
            break;
        }
        let cl = toks[k].class;
        if !(cl & PAST != 0 || toks[k].past()) || cl & ATTRIB != 0 || taken[k] {
            continue;
        }
        let mut a = k;
        while a > 0
            && a + 3 > k
            && !c.closes(a - 1)
            && matches!(c.w(a - 1), "has" | "have" | "had" | "been" | "was" | "were" | "since" | "be")
        {
            a -= 1;
        }
        let mut b = k;
        while b + 1 < n
            && b < k + 3
            && !c.closes(b)
            && !taken[b + 1]
            && toks[b + 1].class & (ATTRIB | PREDICT) == 0
            && !matches!(c.w(b + 1), "and" | "but" | "which" | "who" | "that" | "while" | "when" | "as")
        {
            b += 1;
        }
        let b = trim_tail(&c, k, b);
        let before = spans.len();
        claim(a, b, spans, taken);
        if spans.len() > before {
            events += 1;
        }
    }

    // 6. Named people, places and bodies not already covered.
    let first = 0;
    let mut k = if all_flags & F_CAP != 0 { 0 } else { n };
    while k < n {
        let cap = toks[k].cap() && toks[k].class & (FIRST_PERSON | STOP) == 0 && c.w(k) != "I";
        if !cap || taken[k] {
            k += 1;
            continue;
        }
        let mut b = k;
        while b + 1 < n && !c.closes(b) && !taken[b + 1] {
            let nw = c.w(b + 1);
            if toks[b + 1].cap()
                || matches!(nw, "of" | "am" | "de" | "for") && toks.get(b + 2).is_some_and(Tok::cap)
            {
                b += 1;
            } else {
                break;
            }
        }
        let only_calendar = (k..=b).all(|j| toks[j].class & (MONTH | MONTH_ABBR | WEEKDAY | TITLE) != 0);
        if !(only_calendar || k == first && b == k) {
            claim(k, b, spans, taken);
        }
        k = b + 1;
    }

    let out = &mut scratch.out;
    out.clear();
    out.extend(spans.iter().map(|&(a, b)| {
        let (s, mut e) = (toks[a].s, toks[b].e);
        // "(ONS" reads better as "(ONS)": close a bracket the span opened.
        let inner = &text[s..e];
        if text[e..].starts_with(')') && inner.matches('(').count() > inner.matches(')').count() {
            e += 1;
        }
        (s, e)
    }));
    out.retain(|(s, e)| s < e);
    out.sort_unstable();
    out
}

/// "1." or "2)" opening a list item.
pub(crate) fn is_list_marker(text: &str, t: &Tok) -> bool {
    let raw = &text[t.rs..t.re];
    let core = &text[t.s..t.e];
    !core.is_empty()
        && core.len() <= 3
        && core.bytes().all(|b| b.is_ascii_digit())
        && (raw.ends_with('.') || raw.ends_with(')'))
}

/// Drops trailing function words so a span never ends on "at", "the" or "of".
fn trim_tail(c: &Ctx<'_>, a: usize, mut b: usize) -> usize {
    while b > a
        && (c.toks[b].class & (STOP | APPROX) != 0
            || matches!(c.w(b), "a" | "an" | "the" | "its" | "their" | "his" | "her" | "up"))
    {
        b -= 1;
    }
    b
}

fn year_or_day(w: &str) -> bool {
    let d = w.bytes().all(|b| b.is_ascii_digit());
    d && (w.len() == 4 || w.len() <= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
