//! The fact finder as it was before the passes were driven by gathered start tokens and a
//! bit set, kept verbatim as the oracle the faster one must match exactly
//! (`tests::facts_match_the_reference`). Test-only.

use super::{any_ci, currency_only, is_numeric, year_or_day, DATE_PREP, HEDGE1, HEDGE2};
use crate::extract::lexicon::*;

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

pub(super) fn facts(text: &str, toks: &[Tok]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut taken = Vec::new();
    let mut out = Vec::new();
    let c = Ctx { text, toks };
    let n = toks.len();
    // Spans as token index ranges [a, b], inclusive.
    let spans = &mut spans;
    spans.clear();
    let taken = &mut taken;
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
    let all_class = toks.iter().fold(0, |c, t| c | t.class);

    // 2. Dates without digits: weekdays, "last month", "this week".
    let pass2 = if all_class & (WEEKDAY | MONTH | LAST_THIS) != 0 { n } else { 0 };
    for k in 0..pass2 {
        let cl = toks[k].class;
        if cl & WEEKDAY != 0 && cl & TZ == 0
            || cl & MONTH != 0
                && toks[k].cap()
                && (c.w(k) != "May" || k >= 1 && !c.closes(k - 1) && any_ci(c.w(k - 1), DATE_PREP))
        {
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
    let pass3 = if all_class & ATTRIB != 0 && spans.is_empty() { n } else { 0 };
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
                || matches!(c.w(b + 1), "reporters" | "journalists"))
        {
            b += if c.lw(b + 1, "on") { 2 } else { 1 };
        }
        if named {
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

    // 5. Time phrases without digits.
    for (k, t) in toks.iter().enumerate() {
        if t.class & (TIME_WORD | UNIT) != 0 {
            if let Some((a, b)) = super::time_phrase(k, n, &|i| c.w(i).as_bytes(), &|i| c.closes(i)) {
                claim(a, b, spans, taken);
            }
        }
    }

    let out = &mut out;
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
    out.to_vec()
}

pub(in crate::extract) fn is_list_marker(text: &str, t: &Tok) -> bool {
    let raw = &text[t.rs..t.re];
    let core = &text[t.s..t.e];
    !core.is_empty()
        && core.len() <= 3
        && core.bytes().all(|b| b.is_ascii_digit())
        && (raw.ends_with('.') || raw.ends_with(')'))
}

fn trim_tail(c: &Ctx<'_>, a: usize, mut b: usize) -> usize {
    while b > a
        && (c.toks[b].class & (STOP | APPROX) != 0
            || matches!(c.w(b), "a" | "an" | "the" | "its" | "their" | "his" | "her" | "up"))
    {
        b -= 1;
    }
    b
}
