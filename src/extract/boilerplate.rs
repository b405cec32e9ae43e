//! Page furniture that comes along when an article is copied from a web page: timestamps,
//! share and ad widgets, bylines, photo credits, related-story links, footers. A line that
//! matches is one boilerplate segment and never becomes a claim.

use super::lexicon::{classify, MONTH, MONTH_ABBR, TZ, WEEKDAY};
use super::span::is_space;

/// Whole-line widgets, compared case-insensitively after trimming punctuation.
const WIDGETS: &[(&str, &str)] = &[
    ("listen live", "audio widget"),
    ("listen to this article", "audio widget"),
    ("get short url", "share widget"),
    ("copy link", "share widget"),
    ("share this article", "share widget"),
    ("share this story", "share widget"),
    ("share", "share widget"),
    ("tweet", "share widget"),
    ("print", "share widget"),
    ("email", "share widget"),
    ("comments", "comments widget"),
    ("discussion", "comments widget"),
    ("show comments", "comments widget"),
    ("advertisement", "ad slot"),
    ("advertising", "ad slot"),
    ("sponsored", "ad slot"),
    ("sponsored content", "ad slot"),
    ("subscribe to our newsletter", "newsletter widget"),
    ("sign up to our newsletter", "newsletter widget"),
    ("subscribe", "newsletter widget"),
    ("sign up", "newsletter widget"),
    ("skip to content", "navigation"),
    ("skip advert", "ad slot"),
    ("most read", "navigation"),
    ("related", "navigation"),
    ("related articles", "navigation"),
    ("related stories", "navigation"),
    ("more on this story", "navigation"),
    ("follow us", "social widget"),
    ("image copyright", "photo credit"),
    ("image caption", "photo credit"),
    ("watch", "video widget"),
    ("play video", "video widget"),
    ("top stories", "navigation"),
    ("you may also like", "navigation"),
    ("back to top", "navigation"),
    ("loading", "page widget"),
    ("staff reports", "byline"),
    ("staff report", "byline"),
    ("wire reports", "byline"),
    ("disclaimer", "page footer"),
];

/// Line openings that mark a credit, a link or a footer whatever follows them.
const PREFIXES: &[(&str, &str)] = &[
    ("read more:", "related-story link"),
    ("read more ", "related-story link"),
    ("read also:", "related-story link"),
    ("also read:", "related-story link"),
    ("see also:", "related-story link"),
    ("related:", "related-story link"),
    ("more:", "related-story link"),
    ("watch:", "video widget"),
    ("listen:", "audio widget"),
    ("photo:", "photo credit"),
    ("photos:", "photo credit"),
    ("photograph:", "photo credit"),
    ("image:", "photo credit"),
    ("picture:", "photo credit"),
    ("credit:", "photo credit"),
    ("caption:", "photo credit"),
    ("video:", "video widget"),
    ("copyright", "copyright notice"),
    ("©", "copyright notice"),
    ("(c) ", "copyright notice"),
    ("all rights reserved", "copyright notice"),
    ("community standards", "page footer"),
    ("share on ", "share widget"),
    ("share via ", "share widget"),
    ("follow us on", "social widget"),
    ("click here", "navigation"),
    ("sign up for", "newsletter widget"),
    ("subscribe to", "newsletter widget"),
    ("this article was", "editorial note"),
    ("this article has been", "editorial note"),
    ("this story was", "editorial note"),
    ("this story has been", "editorial note"),
    ("editor's note", "editorial note"),
    ("editor’s note", "editorial note"),
    ("originally published", "editorial note"),
    ("story continues", "page widget"),
    ("for more information", "press-release footer"),
    ("image credit", "photo credit"),
    ("main image credit", "photo credit"),
    ("photo credit", "photo credit"),
    ("(image credit", "photo credit"),
    ("(photo:", "photo credit"),
    ("(graphic:", "graphic link"),
    ("(chart:", "graphic link"),
];

/// For each byte, the entries of `list` that start with it (bit `i` for entry `i`), so a line
/// is compared only with the widgets or openings that share its first byte, in list order.
const fn by_first(list: &[(&str, &str)]) -> [u64; 256] {
    let mut t = [0u64; 256];
    let mut i = 0;
    while i < list.len() {
        t[list[i].0.as_bytes()[0] as usize] |= 1 << i;
        i += 1;
    }
    t
}

const WIDGET_BY_FIRST: [u64; 256] = by_first(WIDGETS);
const PREFIX_BY_FIRST: [u64; 256] = by_first(PREFIXES);

/// Why `line` is page boilerplate, or `None` for article text.
pub(crate) fn classify_line(line: &str) -> Option<&'static str> {
    // Lines come trimmed from `segments`: skip the trim when both ends are plain ASCII.
    let lb = line.as_bytes();
    let plain_end = |b: u8| b > b' ' && b < 0x80;
    let t = if lb.first().is_some_and(|&b| plain_end(b)) && lb.last().is_some_and(|&b| plain_end(b)) {
        line
    } else {
        line.trim_matches(is_space)
    };
    if t.is_empty() {
        return None;
    }
    // A line of more than 160 code points is article text whatever it opens with; a char is
    // 1 to 4 bytes, so count only in between, and only once a widget or an opening matches
    // (timestamps and bylines have tighter limits of their own).
    let too_long = || t.len() > 640 || t.len() > 160 && super::span::count_chars(t.as_bytes()) > 160;
    // Compared without allocating: this runs on every line of every paste. Widgets are at
    // most 32 bytes once trailing punctuation is gone, which an ASCII letter or digit past
    // byte 32 rules out (it cannot be trimmed).
    let tb = t.as_bytes();
    if tb.len() <= 32 || !tb[32..].iter().rev().any(u8::is_ascii_alphanumeric) {
        let bare = t.trim_end_matches(|c: char| c.is_ascii_punctuation() || is_space(c));
        if let Some(&first) = bare.as_bytes().first().filter(|_| bare.len() <= 32) {
            // Widgets are lowercase: only those starting with the line's first byte in
            // lowercase can match.
            let mut cand = WIDGET_BY_FIRST[usize::from(first.to_ascii_lowercase())];
            while cand != 0 {
                let (w, why) = WIDGETS[cand.trailing_zeros() as usize];
                cand &= cand - 1;
                if bare.eq_ignore_ascii_case(w) {
                    return if too_long() { None } else { Some(why) };
                }
            }
        }
    }
    // Openings are lowercase, so a line can only match those starting with its first byte
    // in lowercase.
    let mut cand = PREFIX_BY_FIRST[usize::from(tb[0].to_ascii_lowercase())];
    while cand != 0 {
        let (p, why) = PREFIXES[cand.trailing_zeros() as usize];
        cand &= cand - 1;
        if tb.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes())) {
            return if too_long() { None } else { Some(why) };
        }
    }
    if t.len() <= 64 && t.bytes().any(|b| b.is_ascii_digit()) && is_timestamp(t) {
        return Some("timestamp");
    }
    // `is_byline` takes at most 90 code points.
    if is_byline(t) {
        return Some("byline");
    }
    if tb[0] == b'[' && reference(tb) {
        return Some("reference list");
    }
    if matches!(tb[0], b'-' | 0xE2) && embed_signature(t) {
        return Some("embedded post");
    }
    if t.len() <= 48 && dateline(t) {
        return Some("dateline");
    }
    None
}

/// "[1] Alarm fatigue: ..., 2015; 28: 685-690.": an entry of a numbered reference list.
fn reference(tb: &[u8]) -> bool {
    let digits = tb[1..].iter().take_while(|b| b.is_ascii_digit()).count();
    (1..=3).contains(&digits) && tb.get(1 + digits) == Some(&b']')
}

/// "— Jane Roe (@janeroe) November 19, 2019": the signature line of an embedded social post.
fn embed_signature(t: &str) -> bool {
    let rest = t.trim_start_matches(['-', '—', '–']);
    rest.len() < t.len() && t.len() <= 160 && rest.contains("(@")
}

/// "BAAR, SWITZERLAND": a place in capitals standing alone.
fn dateline(t: &str) -> bool {
    t.contains(',')
        && t.chars().any(char::is_alphabetic)
        && t.chars().all(|c| c.is_uppercase() || matches!(c, ',' | ' ' | '.' | '-' | '—' | '–' | ':'))
}

/// A line made only of date and time pieces ("01:10 GMT20 June 2021", "Updated 16:20 CEST,
/// 25 June 2024"). Letters and digits are split so run-together scrapes still match.
fn is_timestamp(t: &str) -> bool {
    let mut digits = 0;
    let mut has_time_or_month = false;
    let mut words = 0;
    let mut run_start: Option<(usize, bool)> = None;
    let mut ok = true;
    let check = |run: &str, alpha: bool, digits: &mut i32, ok: &mut bool, htm: &mut bool| {
        if alpha {
            let c = classify(run);
            let allowed = c & (MONTH | MONTH_ABBR | WEEKDAY | TZ) != 0
                || super::lexicon::any_ci(
                    run,
                    &["a", "p", "m", "on", "at", "last", "st", "nd", "rd", "th", "ago", "h"],
                );
            if c & (MONTH | MONTH_ABBR) != 0 {
                *htm = true;
            }
            if !allowed {
                *ok = false;
            }
        } else {
            *digits += 1;
        }
    };
    let bytes = t.as_bytes();
    for (i, c) in t.char_indices() {
        let kind = if c.is_alphabetic() {
            Some(true)
        } else if c.is_ascii_digit() {
            Some(false)
        } else {
            if c == ':' && i > 0 && bytes[i - 1].is_ascii_digit() {
                has_time_or_month = true;
            }
            None
        };
        match (run_start, kind) {
            (Some((s, a)), Some(k)) if a == k => {
                let _ = s;
            }
            (Some((s, a)), _) => {
                check(&t[s..i], a, &mut digits, &mut ok, &mut has_time_or_month);
                if !ok {
                    // One word that is no date or time piece settles it.
                    return false;
                }
                words += 1;
                run_start = kind.map(|k| (i, k));
            }
            (None, Some(k)) => run_start = Some((i, k)),
            (None, None) => {}
        }
    }
    if let Some((s, a)) = run_start {
        check(&t[s..], a, &mut digits, &mut ok, &mut has_time_or_month);
        words += 1;
    }
    ok && digits > 0 && has_time_or_month && words <= 14
}

/// "By Jane Doe, Staff Reporter": "By" then a few capitalised words, no sentence ending.
fn is_byline(t: &str) -> bool {
    let Some(rest) = t.strip_prefix("By ").or_else(|| t.strip_prefix("by ")) else {
        return false;
    };
    if t.chars().count() > 90 || t.ends_with('.') && !t.ends_with("Jr.") {
        return false;
    }
    let words: Vec<&str> = rest.split(|c: char| is_space(c) || c == ',').filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.len() > 9 {
        return false;
    }
    let caps = words.iter().filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase())).count();
    // "and", "in", "for" may join names and roles; most words must still be capitalised.
    caps * 3 >= words.len() * 2 && words[0].chars().next().is_some_and(|c| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_together_timestamp_is_boilerplate() {
        assert_eq!(classify_line("07:45 BST3 March 2022"), Some("timestamp"));
        assert_eq!(classify_line("  Updated 09:30 CET, Mon 4 Feb 2019 "), Some("timestamp"));
    }

    #[test]
    fn notes_references_signatures_and_datelines_are_boilerplate() {
        assert_eq!(
            classify_line("Editor's note: This report was corrected at 4 p.m."),
            Some("editorial note")
        );
        assert_eq!(classify_line("Originally published on Example Weekly."), Some("editorial note"));
        assert_eq!(
            classify_line("[3] Tidal flats, Ames R. J Coast Res. 2011; 4: 1-9."),
            Some("reference list")
        );
        assert_eq!(classify_line("— Sam Doe (@samdoe) May 2, 2021"), Some("embedded post"));
        assert_eq!(classify_line("LYON, FRANCE"), Some("dateline"));
        assert_eq!(classify_line("(Graphic: Bond yields since 2000 - here)"), Some("graphic link"));
        assert_eq!(classify_line("Staff Reports"), Some("byline"));
        // Article text that merely looks similar stays.
        assert_eq!(classify_line("[The mayor] said the road would reopen."), None);
        assert_eq!(classify_line("NASA, ESA"), Some("dateline"));
        assert_eq!(classify_line("The NHS, he said, was short of staff."), None);
    }

    #[test]
    fn sentence_with_a_date_is_not_a_timestamp() {
        assert_eq!(classify_line("The bridge opened on 4 March 2019."), None);
        assert_eq!(classify_line("2,140"), None);
    }

    #[test]
    fn widgets_credits_and_links_are_boilerplate() {
        assert_eq!(classify_line("Share this article"), Some("share widget"));
        assert_eq!(classify_line("\u{a0}Advertisement\r"), Some("ad slot"));
        assert_eq!(classify_line("Photo: AP / Staff"), Some("photo credit"));
        assert_eq!(classify_line("Read more: Floods hit the valley"), Some("related-story link"));
        assert_eq!(classify_line("Community standardsDiscussion"), Some("page footer"));
    }

    #[test]
    fn byline_is_boilerplate_but_a_by_sentence_is_not() {
        assert_eq!(classify_line("By Ana Lima, Economics Editor"), Some("byline"));
        assert_eq!(classify_line("By noon, rescuers had reached 40 people."), None);
    }

    #[test]
    fn openings_are_lowercase_and_few_enough_for_the_first_byte_table() {
        assert!(PREFIXES.len() <= 64);
        for (p, _) in PREFIXES {
            assert_eq!(p.to_ascii_lowercase(), *p);
        }
        assert!(WIDGETS.len() <= 64);
        for (w, why) in WIDGETS {
            assert_eq!(w.to_ascii_lowercase(), *w);
            assert_eq!(classify_line(&w.to_ascii_uppercase()), Some(*why), "{w}");
        }
        assert_eq!(classify_line("READ MORE: Floods"), Some("related-story link"));
        assert_eq!(classify_line("© 2024 Example News"), Some("copyright notice"));
        assert_eq!(classify_line("Advertisement .................................."), Some("ad slot"));
    }

    #[test]
    fn long_lines_are_article_text_whatever_they_open_with() {
        let tail = "é".repeat(150);
        // 161 code points (over 160 bytes either way) and 160 code points in 310 bytes.
        assert_eq!(classify_line(&format!("Photo: {}x{tail}", "a".repeat(3))), None);
        assert_eq!(classify_line(&format!("Photo: {}{tail}", "a".repeat(3))), Some("photo credit"));
        assert_eq!(classify_line(&format!("Advertisement {}", ".".repeat(147))), None);
        assert_eq!(classify_line(&format!("Advertisement {}", ".".repeat(146))), Some("ad slot"));
    }

    #[test]
    fn headline_without_punctuation_is_not_boilerplate() {
        assert_eq!(classify_line("River levels hit 40-year high in São Paulo state"), None);
    }
}
