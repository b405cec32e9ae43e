//! Splits a body into segments: boilerplate lines and sentences, in order, as byte ranges.
//! Sentence rules are written for news text: abbreviations, initials, decimals, times,
//! ellipses, quotes that close after the full stop, parentheses and list markers.

use super::boilerplate::classify_line;
use super::lexicon::{classify, MONTH_ABBR, STARTER, TITLE};
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
    let mut sent_start = 0;
    let mut pos = 0;
    loop {
        // Terminators are ". ! ?" or start with E2 (…), E3 (。) or EF (！ ？): skip the rest
        // without decoding.
        pos = next_stop_byte(bytes, pos);
        if pos >= bytes.len() {
            break;
        }
        let i = pos;
        let c = text[i..].chars().next().unwrap_or(' ');
        pos = i + c.len_utf8();
        if !is_terminator(c) {
            continue;
        }
        // Swallow the rest of a terminator run ("?!", "...") and any closing quotes.
        let mut j = pos;
        while let Some(d) = text[j..].chars().next() {
            if is_terminator(d) || is_closer(d) {
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
        if is_boundary(text, sent_start, i, c, &text[i..j], rest) {
            push_trimmed(body, s + sent_start, s + j, out);
            sent_start = j;
        }
    }
    push_trimmed(body, s + sent_start, e, out);
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
    if c != '.' || run.starts_with("..") {
        // "?", "!" and ellipses end a sentence before a capital, a quote or a digit.
        return true;
    }
    if run.len() > 1 && run[1..].chars().all(is_closer) {
        return true; // ." closes a quotation
    }
    let word = last_word(&text[sent_start..i]);
    let class = classify(word);
    if class & TITLE != 0 && !word.is_empty() {
        // "Dr. Müller", "No. 5"; a bare "no." ending a sentence is rare in news.
        return false;
    }
    if class & MONTH_ABBR != 0 {
        return !next.is_ascii_digit();
    }
    // List markers "1." or "a." at the start of a block.
    if text[sent_start..i].trim_start_matches(is_space) == word
        && (word.bytes().all(|b| b.is_ascii_digit()) || word.chars().count() == 1)
    {
        return false;
    }
    // Initials and dotted abbreviations (J., U.S., a.m.): end only before a word that
    // usually opens a sentence.
    let single_initial = word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase());
    if single_initial || word.contains('.') && word.chars().any(char::is_alphabetic) {
        // An opening quotation mark after "p.m." starts a new sentence.
        return classify(first_word(rest)) & STARTER != 0 || matches!(next, '"' | '“');
    }
    true
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
    fn crlf_lines_and_boilerplate_are_split() {
        let t = "Listen Live\r\n\r\nA fact.\r\nAdvertisement\r\n";
        let segs = segments(t);
        assert_eq!(segs.len(), 3);
        assert!(segs[0].boilerplate.is_some());
        assert_eq!(&t[segs[1].start..segs[1].end], "A fact.");
    }
}
