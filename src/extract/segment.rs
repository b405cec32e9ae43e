//! Splits a body into segments: boilerplate lines and sentences, in order, as byte ranges.
//! Sentence rules are written for news text: abbreviations, initials, decimals, times,
//! ellipses, quotes that close after the full stop, parentheses and list markers.

use super::boilerplate::classify_line;
use super::lexicon::{classify, FIRST_PERSON, MONTH, MONTH_ABBR, PRONOUN, STARTER, TITLE, TZ, WEEKDAY};
use super::span::{is_space, trim_range};

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawSegment {
    pub start: usize,
    pub end: usize,
    /// `Some(reason)` for a boilerplate line.
    pub boilerplate: Option<&'static str>,
}

/// All segments of `body`, trimmed of whitespace, never empty, in order.
pub(crate) fn segments(body: &str) -> Vec<RawSegment> {
    // Room for one segment per 32 bytes up front (news sentences run 60 to 200): growing by
    // doubling would copy the list a few times over on a long body. Pages never written to
    // cost nothing.
    let mut out = Vec::with_capacity(body.len() / 32 + 4);
    // A block is a run of lines that belong to one paragraph; it ends at a blank line,
    // a boilerplate line, or a line break that cannot be a soft wrap.
    let mut block: Option<(usize, usize)> = None;
    let mut pos = 0;
    let bytes = body.as_bytes();
    while pos < body.len() {
        let nl = memchr_nl(bytes, pos);
        let line_end = nl.unwrap_or(body.len());
        let next = nl.map_or(body.len(), |n| n + 1);
        let (ls, le) = trim_range(body, pos, line_end);
        if ls == le {
            flush(body, &mut block, &mut out);
        } else if let Some(why) = classify_line(&body[ls..le]) {
            flush(body, &mut block, &mut out);
            out.push(RawSegment { start: ls, end: le, boilerplate: Some(why) });
        } else {
            match block {
                Some((bs, be)) if soft_wrap(&body[bs..be], &body[ls..le]) => {
                    block = Some((bs, le));
                }
                _ => {
                    flush(body, &mut block, &mut out);
                    block = Some((ls, le));
                }
            }
        }
        pos = next;
    }
    flush(body, &mut block, &mut out);
    out
}

/// Next line break: LF, or a lone CR (old Mac pastes); the CR of a CRLF is trimmed later.
fn memchr_nl(bytes: &[u8], from: usize) -> Option<usize> {
    let i = super::span::find2(bytes, from, b'\n', b'\r')?;
    // A CR directly before an LF is part of that line break: the LF ends the line.
    Some(if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') { i + 1 } else { i })
}

/// A line continues the previous one when that one stops mid-sentence and this one
/// starts in lowercase (hard-wrapped paragraphs, e-mail style pastes).
fn soft_wrap(prev: &str, line: &str) -> bool {
    let ends_open = prev
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | ';' | '-' | '(' | '–'));
    let starts_lower = line.chars().next().is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
    ends_open && starts_lower
}

fn flush(body: &str, block: &mut Option<(usize, usize)>, out: &mut Vec<RawSegment>) {
    if let Some((s, e)) = block.take() {
        split_sentences(body, s, e, out);
    }
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '*')
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

/// Splits one block into sentences and appends them.
fn split_sentences(body: &str, s: usize, e: usize, out: &mut Vec<RawSegment>) {
    let text = &body[s..e];
    let bytes = text.as_bytes();
    // Items of an inline list ("1) one 2) two", "a. one b. two", "• 9. one • 10. two") start
    // new segments; looked for only when the block opens like a list.
    let mut cuts = Vec::new();
    if opens_list(text) {
        list_cuts(text, &mut cuts);
    }
    let mut cuts = cuts.into_iter().peekable();
    let mut sent_start = 0;
    let mut pos = 0;
    loop {
        // Terminators are ". ! ?" or start with E2 (…), E3 (。) or EF (！ ？): skip the rest
        // without decoding.
        pos = next_stop_byte(bytes, pos);
        while let Some(&c) = cuts.peek() {
            if c > pos.min(bytes.len()) {
                break;
            }
            if c > sent_start {
                push_trimmed(body, s + sent_start, s + c, out);
                sent_start = c;
            }
            cuts.next();
        }
        if pos >= bytes.len() {
            break;
        }
        let i = pos;
        let c = text[i..].chars().next().unwrap_or(' ');
        pos = i + c.len_utf8();
        if !is_terminator(c) {
            continue;
        }
        // A spaced ellipsis ". . ." runs on over single spaces.
        let mut j = pos;
        let mut spaced = 1;
        if c == '.' {
            while bytes.get(j) == Some(&b' ') && bytes.get(j + 1) == Some(&b'.') {
                j += 2;
                spaced += 1;
            }
        }
        // Swallow the rest of a terminator run ("?!", "...") and any closing quotes.
        let mut closers = false;
        while let Some(d) = text[j..].chars().next() {
            if is_terminator(d) && !closers {
                j += d.len_utf8();
            } else if is_closer(d) {
                closers = true;
                j += d.len_utf8();
            } else {
                break;
            }
        }
        pos = j;
        let after = &text[j..];
        let Some(first) = after.chars().next() else {
            break;
        };
        if !is_space(first) {
            continue; // 3.5, U.S., a.m., 16:00 handled by requiring a space after the stop
        }
        let rest = after.trim_start_matches(is_space);
        if rest.is_empty() {
            break;
        }
        let attached = i > 0 && !is_space(text[..i].chars().next_back().unwrap_or(' '));
        if spaced >= 4 && attached {
            // "compounds. . . . The practice": the full stop ends the sentence and the spaced
            // ellipsis opens the next one.
            if rest.starts_with(|ch: char| ch.is_uppercase()) {
                push_trimmed(body, s + sent_start, s + i + 1, out);
                sent_start = i + 1;
            }
            continue;
        }
        if spaced > 1 {
            // ". . . ." (four, a closing full stop) ends a sentence before a capital; ". . ."
            // (three) is an omission inside one.
            if spaced >= 4 && !rest.starts_with(|ch: char| ch.is_lowercase()) {
                push_trimmed(body, s + sent_start, s + j, out);
                sent_start = j;
            }
            continue;
        }
        if is_boundary(text, sent_start, i, c, &text[i..j], rest) {
            push_trimmed(body, s + sent_start, s + j, out);
            sent_start = j;
        }
    }
    for c in cuts {
        if c > sent_start {
            push_trimmed(body, s + sent_start, s + c, out);
            sent_start = c;
        }
    }
    push_trimmed(body, s + sent_start, e, out);
}

/// Bullets that open list items.
fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '⁃' | '◦' | '▪' | '●' | '·' | '*' | '-' | '–')
}

/// A list marker at the start of `w`: "12." "3)" "4.)" or "b." "c)", and its value (letters
/// count from 1), with its length in bytes.
fn list_marker(w: &str) -> Option<(u32, usize)> {
    let b = w.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let (value, n) = if (1..=2).contains(&digits) {
        (w[..digits].parse().ok()?, digits)
    } else if digits == 0 && b.first().is_some_and(u8::is_ascii_lowercase) {
        (u32::from(b[0] - b'a') + 1, 1)
    } else {
        return None;
    };
    let tail = match &b[n..] {
        [b'.', b')', ..] => 2,
        [b'.' | b')', ..] => 1,
        _ => return None,
    };
    // A space and then a capital or a digit must follow.
    let after = &w[n + tail..];
    let mut it = after.chars();
    (it.next() == Some(' ') && it.next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
        .then_some((value, n + tail))
}

/// The block opens with a bullet or a list marker.
fn opens_list(text: &str) -> bool {
    text.starts_with(['•', '⁃', '◦', '▪', '●', '·'])
        || list_marker(text.trim_start_matches(|c: char| is_bullet(c) || is_space(c))).is_some()
}

/// Where the items of an inline list start (byte offsets into `text`, ascending): at each
/// bullet ("•", "⁃") when the block opens with one, else at each marker that continues the
/// count of the one before ("1." then "2."; "a." then "b.").
fn list_cuts(text: &str, cuts: &mut Vec<usize>) {
    let strong = |c: char| is_bullet(c) && !matches!(c, '-' | '–' | '*');
    if text.starts_with(strong) {
        for (k, ch) in text.char_indices().skip(1) {
            if strong(ch) && text[..k].ends_with(is_space) {
                cuts.push(k);
            }
        }
        return;
    }
    let lead = text.trim_start_matches(|c: char| is_bullet(c) || is_space(c));
    let Some((mut last, _)) = list_marker(lead) else { return };
    let digits = lead.starts_with(|c: char| c.is_ascii_digit());
    for (k, ch) in text.char_indices().skip(1) {
        if ch.is_ascii_digit() != digits || !text[..k].ends_with(is_space) {
            continue;
        }
        if let Some((v, _)) = list_marker(&text[k..]) {
            if v == last + 1 {
                cuts.push(k);
                last = v;
            }
        }
    }
}

/// First index at or after `from` holding `.`, `!`, `?`, 0xE2, 0xE3 or 0xEF (`bytes.len()`
/// if none): the next ASCII stop by `memchr3`, then an earlier lead byte only if the bytes
/// before it are not all ASCII.
fn next_stop_byte(bytes: &[u8], i: usize) -> usize {
    let Some(rest) = bytes.get(i..) else {
        return bytes.len();
    };
    let stop = memchr::memchr3(b'.', b'!', b'?', rest).unwrap_or(rest.len());
    let before = &rest[..stop];
    if before.is_ascii() {
        return i + stop;
    }
    i + before.iter().position(|&b| matches!(b, 0xE2 | 0xE3 | 0xEF)).unwrap_or(stop)
}

fn push_trimmed(body: &str, s: usize, e: usize, out: &mut Vec<RawSegment>) {
    let (s, e) = trim_range(body, s, e);
    if s < e {
        out.push(RawSegment { start: s, end: e, boilerplate: None });
    }
}

/// Decides whether the terminator `c` at byte `i` (run `run`) ends a sentence, given the
/// text that follows (`rest`, whitespace already skipped).
fn is_boundary(text: &str, sent_start: usize, i: usize, c: char, run: &str, rest: &str) -> bool {
    let next = rest.chars().next().unwrap_or(' ');
    // A sentence never continues in lowercase after a real stop: "i.e. roughly", "a.m. to".
    if next.is_lowercase() {
        return false;
    }
    // "(Smith 55)." after a quotation: a citation belongs to the sentence it cites.
    if next == '(' && citation(rest) {
        return false;
    }
    if c != '.' || run.starts_with("..") {
        // "[...]" marks an omission inside a quotation.
        if run.starts_with("...") && run.ends_with(']') {
            return false;
        }
        // "?", "!" and ellipses end a sentence before a capital, a quote or a digit.
        return true;
    }
    let before = &text[sent_start..i];
    let word = last_word(before);
    // List markers "1.", "2.)" or "a." at the start of a sentence (after any bullet).
    let lead = before.trim_start_matches(|ch: char| is_space(ch) || is_bullet(ch));
    if lead == word
        && (word.bytes().all(|b| b.is_ascii_digit()) && word.len() <= 3 || word.chars().count() == 1)
    {
        return false;
    }
    if run.len() > 1 && run[1..].chars().all(is_closer) {
        return true; // ." closes a quotation
    }
    if word.is_empty() {
        // "N°. 1026": a sign before the stop, a number after it.
        return !next.is_ascii_digit();
    }
    let class = classify(word);
    if class & TITLE != 0 {
        // "Dr. Müller", "No. 5"; a bare "no." ending a sentence is rare in news.
        return false;
    }
    if class & MONTH_ABBR != 0 {
        return !next.is_ascii_digit();
    }
    // "p. 55", "para. 4": a lowercase abbreviation before a number.
    if next.is_ascii_digit() && word.len() <= 4 && word.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    // "at 6 P.M. Mr. Smith": a time ends a sentence before a capital, unless all that comes
    // before it is an opening phrase ("At 5 a.m.") or a date follows ("9 a.m. Monday").
    if word.eq_ignore_ascii_case("a.m") || word.eq_ignore_ascii_case("p.m") {
        let nc = classify(first_word(rest));
        if nc & (WEEKDAY | MONTH | MONTH_ABBR | TZ) != 0 {
            return false;
        }
        return !opening_phrase(before) || starts_sentence(rest);
    }
    // Initials and dotted abbreviations (J., U.S., a.m.), and abbreviations that may end a
    // sentence ("St.", "Co."): end only before a word that usually opens a sentence. A dotted
    // word with a long part ("example.com", "content.html") is an address, not an
    // abbreviation.
    let single_initial = word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase());
    let dotted = word.contains('.')
        && word.chars().any(char::is_alphabetic)
        && word.split('.').all(|p| p.chars().count() <= 2);
    if single_initial || dotted || weak_abbreviation(word) {
        // An opening quotation mark after "p.m." starts a new sentence.
        return starts_sentence(rest) || matches!(next, '"' | '“');
    }
    true
}

/// The next word usually opens a sentence: a sentence starter, a pronoun or an auxiliary.
fn starts_sentence(rest: &str) -> bool {
    let w = first_word(rest);
    classify(w) & (STARTER | PRONOUN | FIRST_PERSON) != 0
        || w == "I"
        || ["you", "did", "do", "does", "can", "could", "will", "would", "should", "please"]
            .iter()
            .any(|x| w.eq_ignore_ascii_case(x))
}

/// Abbreviations that can end a sentence as well as stand inside one.
fn weak_abbreviation(w: &str) -> bool {
    ["st", "co", "inc", "ltd", "corp", "ave", "rd", "blvd", "dept", "univ", "bros", "mass", "calif"]
        .iter()
        .any(|x| w.eq_ignore_ascii_case(x))
}

/// `before` is only a short opening phrase: a preposition and a few words ("At 5 a.m").
fn opening_phrase(before: &str) -> bool {
    let mut words = before.split_whitespace();
    let first = words.next().unwrap_or("");
    ["at", "by", "from", "until", "till", "before", "after", "around", "about", "since", "on"]
        .iter()
        .any(|x| first.eq_ignore_ascii_case(x))
        && words.count() <= 3
}

/// `rest` opens a short bracket that a full stop closes: "(Smith 55)." "(p. 4)."
fn citation(rest: &str) -> bool {
    let head = &rest.as_bytes()[..rest.len().min(48)];
    match head.iter().position(|&b| b == b')') {
        Some(k) => {
            head.get(1..k).is_some_and(|inner| !inner.contains(&b'('))
                && matches!(head.get(k + 1), Some(b'.' | b',' | b';'))
        }
        None => false,
    }
}

/// The word just before a full stop: letters, digits and inner dots ("U.S", "a.m", "Dr").
fn last_word(before: &str) -> &str {
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(k, c)| k + c.len_utf8());
    &before[start..]
}

/// First word after a stop; looks only a short way ahead so runs of punctuation
/// ("! ! ! ! …") cannot make segmentation quadratic.
fn first_word(rest: &str) -> &str {
    let cut = rest.char_indices().nth(48).map_or(rest.len(), |(k, _)| k);
    let rest = rest[..cut].trim_start_matches(|c: char| !c.is_alphanumeric());
    let end = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '\''))
        .map_or(rest.len(), |(k, _)| k);
    &rest[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(t: &str) -> Vec<&str> {
        segments(t).into_iter().map(|s| &t[s.start..s.end]).collect()
    }

    #[test]
    fn abbreviation_us_does_not_end_a_sentence_before_lowercase() {
        assert_eq!(
            sentences("The U.S. economy grew. It was fast."),
            vec!["The U.S. economy grew.", "It was fast."]
        );
    }

    #[test]
    fn titles_and_numbers_do_not_end_sentences() {
        let t = "Dr. Ana Lima spoke in Room No. 5 at 16:00. Growth was 3.5% in Jan. 2020, i.e. slow.";
        assert_eq!(sentences(t).len(), 2);
    }

    #[test]
    fn am_before_a_sentence_starter_ends_the_sentence() {
        assert_eq!(sentences("It opened at 7 a.m. The queue was long.").len(), 2);
        assert_eq!(sentences("Shops shut at 6 p.m. \"Go home,\" he said.").len(), 2);
        assert_eq!(sentences("It runs 8 a.m. to 6 p.m. on weekdays.").len(), 1);
    }

    #[test]
    fn quote_closing_after_the_stop_stays_with_its_sentence() {
        let t = "He called it \"a brave call.\" Markets fell.";
        assert_eq!(sentences(t), vec!["He called it \"a brave call.\"", "Markets fell."]);
        let q = "“Why now?” she asked. Nobody knew.";
        assert_eq!(sentences(q), vec!["“Why now?” she asked.", "Nobody knew."]);
    }

    #[test]
    fn ellipsis_ends_a_sentence_only_before_a_capital() {
        assert_eq!(sentences("We waited... and waited… Then it came.").len(), 2);
    }

    #[test]
    fn numbered_list_items_are_separate_segments() {
        let t = "Key points:\n1. Prices rose 2%.\n2. Wages fell.";
        assert_eq!(sentences(t), vec!["Key points:", "1. Prices rose 2%.", "2. Wages fell."]);
    }

    #[test]
    fn soft_wrapped_lines_join_but_headlines_do_not() {
        let t = "Floods hit town\nThe river rose by\n2 metres overnight and\nkept rising.";
        assert_eq!(
            sentences(t),
            vec!["Floods hit town", "The river rose by\n2 metres overnight and\nkept rising."]
        );
    }

    #[test]
    fn stop_bytes_are_found_like_a_byte_loop() {
        let t = "Plain words here and there, 3.5 per cent! Łódź… “why？” 。end?".as_bytes();
        for from in 0..=t.len() {
            let want = (from..t.len())
                .find(|&i| matches!(t[i], b'.' | b'!' | b'?' | 0xE2 | 0xE3 | 0xEF))
                .unwrap_or(t.len());
            assert_eq!(next_stop_byte(t, from), want, "{from}");
        }
    }

    #[test]
    fn abbreviations_before_names_and_numbers_do_not_end_sentences() {
        assert_eq!(sentences("Dr. Okafor met Gen. Baines at St. Anne's Hall.").len(), 1);
        assert_eq!(sentences("The rule is on p. 12 of the report.").len(), 1);
        assert_eq!(sentences("The figure is in para. 4 and in Fig. 2 too.").len(), 1);
        assert_eq!(sentences("It sits on Elm St. near the river.").len(), 1);
        assert_eq!(
            sentences("Shares of Acme Co. rose. They fell back later."),
            vec!["Shares of Acme Co. rose.", "They fell back later."]
        );
        assert_eq!(
            sentences("The shop is run by Hale & Co. It opened in 1990."),
            vec!["The shop is run by Hale & Co.", "It opened in 1990."]
        );
        assert_eq!(sentences("Visit box N°. 44.1.7. Then leave.").len(), 2);
        assert_eq!(
            sentences("We met, you and I. Did you see Mary K. Lowe there?"),
            vec!["We met, you and I.", "Did you see Mary K. Lowe there?"]
        );
    }

    #[test]
    fn am_and_pm_before_a_capital() {
        assert_eq!(
            sentences("By 7 a.m. Ms. Rees was at work. She left at 5 P.M. Mr. Rees stayed."),
            vec!["By 7 a.m. Ms. Rees was at work.", "She left at 5 P.M.", "Mr. Rees stayed."]
        );
        assert_eq!(sentences("The office opens at 9 a.m. Monday to Friday.").len(), 1);
    }

    #[test]
    fn addresses_at_a_sentence_end_are_not_abbreviations() {
        assert_eq!(
            sentences("Write to desk@news.example.org. We reply within a day."),
            vec!["Write to desk@news.example.org.", "We reply within a day."]
        );
        assert_eq!(
            sentences("The report is at https://example.org/files/report_2024.pdf. Please read it."),
            vec!["The report is at https://example.org/files/report_2024.pdf.", "Please read it."]
        );
    }

    #[test]
    fn inline_numbered_and_lettered_lists_split_into_items() {
        assert_eq!(sentences("1) Rents rose 2) Wages fell"), vec!["1) Rents rose", "2) Wages fell"]);
        assert_eq!(sentences("1.) Rents rose. 2.) Wages fell."), vec!["1.) Rents rose.", "2.) Wages fell."]);
        assert_eq!(sentences("3. Rents rose 4. Wages fell"), vec!["3. Rents rose", "4. Wages fell"]);
        assert_eq!(
            sentences("a. Rents rose b. Wages fell c. Prices held"),
            vec!["a. Rents rose", "b. Wages fell", "c. Prices held"]
        );
        assert_eq!(sentences("• 7. Rents rose • 8. Wages fell"), vec!["• 7. Rents rose", "• 8. Wages fell"]);
        // Numbers that do not continue a count are not list items.
        assert_eq!(sentences("Rents rose 2. Wages fell 5 points.").len(), 2);
        assert_eq!(sentences("1. Rents rose by 4 percent in 2023").len(), 1);
    }

    #[test]
    fn spaced_and_four_dot_ellipses() {
        // Three spaced dots are an omission inside a sentence, even before a capital.
        assert_eq!(sentences("He paused . . . I never knew . . . and went on.").len(), 1);
        // Four, spaced or not, close the sentence.
        assert_eq!(sentences("It ended there . . . . Then came the vote.").len(), 2);
        assert_eq!(sentences("It ended there.... Then came the vote.").len(), 2);
        // A full stop and then an ellipsis: the ellipsis opens the next sentence.
        assert_eq!(
            sentences("The plan failed. . . . The money was gone. . . ."),
            vec!["The plan failed.", ". . . The money was gone. . . ."]
        );
    }

    #[test]
    fn citations_after_a_quotation_stay_with_it() {
        assert_eq!(sentences("\"Prices [...] kept rising [...]\" (Hale 12).").len(), 1);
        assert_eq!(sentences("She wrote \"we were wrong...\" (Memo, p. 3). It was filed.").len(), 2);
    }

    #[test]
    fn crlf_lines_and_boilerplate_are_split() {
        let t = "Listen Live\r\n\r\nA fact.\r\nAdvertisement\r\n";
        let segs = segments(t);
        assert_eq!(segs.len(), 3);
        assert!(segs[0].boilerplate.is_some());
        assert_eq!(&t[segs[1].start..segs[1].end], "A fact.");
    }
}
