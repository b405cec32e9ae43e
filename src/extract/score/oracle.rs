//! The feature scan as it was before the rules were split by family, kept verbatim as the
//! oracle the faster one must match exactly (`tests::features_match_the_reference`). Test-only.

use super::{attribution, is_numeric, is_time, is_year, lower_is, Features};
// The list-marker test as it was, shared with the fact finder's oracle.
use crate::extract::facts::oracle::is_list_marker;
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
    let tail = w.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '–'));
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
        if t.class & LAST_THIS != 0 && next & (TIME_WORD | UNIT | WEEKDAY) != 0 && !next_w().is_empty() {
            f.date.get_or_insert((t.s, toks[k + 1].e));
        }
        if t.class & ATTRIB != 0 {
            attribution(text, toks, k, &mut f);
        }
        // "most" is itself in SUPERL, so the class settles most tokens without comparing.
        if t.class & SUPERL != 0
            && (!lower_is(text, t, "only") && !lower_is(text, t, "ever") && !lower_is(text, t, "most")
                || lower_is(text, t, "most") && prev_w() == "the")
        {
            f.record.get_or_insert((t.s, t.e));
        }
        if t.class & COMPAR != 0
            && (lower_is(text, t, "than")
                || toks[k + 1..].iter().take(4).any(|x| is_numeric(x) || x.class & (NUMWORD | FRACTION) != 0))
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
            if plural(next_w()) || k + 2 < n && plural(word(k + 2)) && toks[k + 1].re == toks[k + 1].e {
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
        if t.class & HABIT != 0 && (!lower_is(text, t, "every") || next & (TIME_WORD | UNIT | WEEKDAY) != 0) {
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
            let prev_cap = k > first_content + 1 && toks[k - 1].cap() && toks[k - 1].re == toks[k - 1].e;
            if !prev_cap {
                f.entities += 1;
                f.first_entity.get_or_insert((t.s, t.e));
            }
        }
        k += 1;
    }
    f
}
