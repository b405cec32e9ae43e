//! Offsets: the body is addressed in Unicode code points (W3C TextPositionSelector), while
//! the pipeline works in bytes. These helpers convert between the two without ever slicing
//! off a char boundary, and build TextQuoteSelector context.

use std::borrow::Cow;

/// Byte offset of the `cp`-th code point; `Some(body.len())` for `cp == count`, `None` past it.
pub fn char_to_byte(body: &str, cp: usize) -> Option<usize> {
    if cp == 0 {
        return Some(0);
    }
    let mut n = 0;
    for (b, _) in body.char_indices() {
        if n == cp {
            return Some(b);
        }
        n += 1;
    }
    (n == cp).then_some(body.len())
}

/// Code point index of a byte offset; `None` when the offset is past the end or inside a char.
pub fn byte_to_char(body: &str, byte: usize) -> Option<usize> {
    if byte > body.len() || !body.is_char_boundary(byte) {
        return None;
    }
    Some(count_chars(&body.as_bytes()[..byte]))
}

/// Converts a code point range to a byte range, for turning a browser selection into a slice.
pub fn char_range_to_bytes(body: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    if start > end {
        return None;
    }
    let s = char_to_byte(body, start)?;
    let rest = body.get(s..)?;
    let e = char_to_byte(rest, end - start)? + s;
    Some((s, e))
}

/// Byte offsets of many code point offsets in one forward pass (for rendering selections).
pub(crate) fn cps_to_bytes(body: &str, mut cps: Vec<usize>) -> Vec<(usize, usize)> {
    cps.sort_unstable();
    cps.dedup();
    let mut out = Vec::with_capacity(cps.len());
    let mut want = cps.into_iter().peekable();
    for (cp, (b, _)) in body.char_indices().enumerate() {
        while want.peek() == Some(&cp) {
            out.push((cp, b));
            want.next();
        }
        if want.peek().is_none() {
            return out;
        }
    }
    let total = body.chars().count();
    if want.peek() == Some(&total) {
        out.push((total, body.len()));
    }
    out
}

/// Code points in a UTF-8 byte slice: every byte that is not a continuation byte starts one.
pub(crate) fn count_chars(bytes: &[u8]) -> usize {
    // Eight bytes at a time: a continuation byte is 10xxxxxx, so its top bit is set and the
    // bit below it clear; count those and subtract.
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut cont = 0;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w);
        // Most chunks of news text are ASCII: skip the bit count (a dozen instructions
        // without `popcnt`) when no byte has its top bit set.
        if x & HI != 0 {
            cont += (x & !(x << 1) & HI).count_ones() as usize;
        }
    }
    let tail = chunks.remainder().iter().filter(|&&b| (b as i8) < -0x40).count();
    bytes.len() - cont - tail
}

/// Converts byte offsets to code points walking forward only, so the cost stays linear in
/// the body however many spans there are (a `chars().nth()` per span would be quadratic).
/// Offsets must mostly come in ascending order; a step back recounts from the start.
pub(crate) struct Cursor {
    byte: usize,
    chars: usize,
}

impl Cursor {
    pub(crate) fn new() -> Self {
        Cursor { byte: 0, chars: 0 }
    }

    pub(crate) fn at(&mut self, body: &str, byte: usize) -> usize {
        let raw = body.as_bytes();
        let byte = byte.min(raw.len());
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += count_chars(&raw[self.byte..byte]);
        self.byte = byte;
        self.chars
    }
}

/// Up to `n` code points of context ending at `byte` (TextQuoteSelector prefix).
pub(crate) fn prefix_start(body: &str, byte: usize, n: usize) -> usize {
    if body.get(..byte).is_none() {
        return byte;
    }
    let b = body.as_bytes();
    // Usually the `n` bytes before are ASCII: `n` code points, one byte each.
    if byte >= n && b[byte - n..byte].is_ascii() {
        return byte - n;
    }
    // Walk back over bytes, counting the ones that start a code point.
    let mut i = byte;
    let mut seen = 0;
    while i > 0 && seen < n {
        i -= 1;
        if (b[i] as i8) >= -0x40 {
            seen += 1;
        }
    }
    i
}

/// Up to `n` code points of context starting at `byte` (TextQuoteSelector suffix).
pub(crate) fn suffix_end(body: &str, byte: usize, n: usize) -> usize {
    if body.get(byte..).is_none() {
        return body.len();
    }
    let b = body.as_bytes();
    // Usually the `n` bytes after are ASCII, and the byte after them starts a code point.
    if b.len() - byte >= n && b[byte..byte + n].is_ascii() {
        return byte + n;
    }
    // Walk forward over bytes: the `n`-th code point start after `byte` ends the context.
    let mut seen = 0;
    for (i, &c) in b.iter().enumerate().skip(byte) {
        if (c as i8) >= -0x40 {
            if seen == n {
                return i;
            }
            seen += 1;
        }
    }
    body.len()
}

/// The bytes hold a line break (LF or CR).
#[inline]
pub(crate) fn has_line_break(bytes: &[u8]) -> bool {
    memchr::memchr2(b'\n', b'\r', bytes).is_some()
}

/// Index of the first byte at or after `from` equal to `a` or `b` (`memchr2`, SIMD where
/// the target has it).
pub(crate) fn find2(bytes: &[u8], from: usize, a: u8, b: u8) -> Option<usize> {
    memchr::memchr2(a, b, bytes.get(from..)?).map(|k| k + from)
}

/// Whitespace as pasted text has it: ASCII, NBSP and the other Unicode spaces.
/// Unicode's explicit direction controls: U+202A-U+202E (embeddings, overrides, their pop) and
/// U+2066-U+2069 (isolates).
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The two direction overrides (U+202D, U+202E): they show the text after them in forced order, so
/// "42" can read "24". Right-to-left text needs neither.
pub fn is_direction_override(c: char) -> bool {
    matches!(c, '\u{202D}' | '\u{202E}')
}

pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Collapses every whitespace run to one space; used for `statement`, never for offsets.
pub(crate) fn normalise_ws(s: &str) -> Cow<'_, str> {
    // Most sentences need no change: only single ASCII spaces between words.
    // One pass: printable ASCII, no leading, trailing or doubled space.
    let b = s.as_bytes();
    let mut plain = true;
    let mut prev_space = true;
    for &c in b {
        if c == b' ' {
            if prev_space {
                plain = false;
                break;
            }
            prev_space = true;
        } else if (b'!'..0x80).contains(&c) {
            prev_space = false;
        } else {
            plain = false;
            break;
        }
    }
    if plain && (!prev_space || b.is_empty()) {
        return Cow::Borrowed(s);
    }
    // Otherwise join the runs between whitespace with single spaces, a run at a time.
    let mut out = String::with_capacity(s.len());
    for run in s.split(is_space).filter(|r| !r.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(run);
    }
    Cow::Owned(out)
}

/// Shrinks a byte range so it neither starts nor ends with whitespace.
pub(crate) fn trim_range(body: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    let Some(text) = body.get(s..e) else {
        return (s, s);
    };
    // Printable ASCII at both ends is never whitespace: nothing to trim.
    let solid = |c: &u8| *c > b' ' && *c < 0x80;
    let b = text.as_bytes();
    if b.first().is_some_and(solid) && b.last().is_some_and(solid) {
        return (s, e);
    }
    let t = text.trim_start_matches(is_space);
    s += text.len() - t.len();
    let t2 = t.trim_end_matches(is_space);
    e = s + t2.len();
    (s, e)
}

/// A selection made by dragging often starts or ends inside a word ("ported 41,0" for "reported
/// 41,000") or on a space: the range is widened to the words it cuts and narrowed past the spaces
/// at its ends. Code point offsets in, code point offsets out; a range of only spaces stays as it
/// is. The article page applies it to the reader's selection before "Add claim"; the API stores
/// the offsets it is given.
pub fn snap_to_words(body: &str, start: usize, end: usize) -> (usize, usize) {
    let Some((bs, be)) = char_range_to_bytes(body, start, end) else { return (start, end) };
    // Spaces at either end go.
    let (ts, te) = trim_range(body, bs, be);
    if ts == te {
        return (start, end);
    }
    let (lead, trail) = (body[bs..ts].chars().count(), body[te..be].chars().count());
    // A word cut at the start takes its beginning; one cut at the end, its rest.
    let back = word_run(body[..ts].chars().rev(), body[ts..].chars().next());
    let ahead = word_run(body[te..].chars(), body[..te].chars().next_back());
    (start + lead - back, end - trail + ahead)
}

/// A character of a word: not a space and not punctuation. (Not `char::is_alphanumeric`, whose
/// Unicode tables would add 4 KiB to the browser bundle, which calls this.)
fn in_word(c: char) -> bool {
    !(is_space(c)
        || c.is_ascii_punctuation()
        || matches!(
            c,
            '“' | '”'
                | '‘'
                | '’'
                | '„'
                | '«'
                | '»'
                | '‹'
                | '›'
                | '—'
                | '–'
                | '…'
                | '·'
                | '¿'
                | '¡'
        ))
}

/// How many of `outward` (the characters beyond one end of a selection, going away from it) belong
/// to the word the selection's edge character `edge` is part of: letters and digits, and a `.` or
/// `,` between digits ("12.5", "41,000").
fn word_run(outward: impl Iterator<Item = char>, edge: Option<char>) -> usize {
    let mut prev = match edge {
        Some(c) if in_word(c) || c == '.' || c == ',' => c,
        _ => return 0,
    };
    let mut outward = outward.peekable();
    let mut n = 0;
    while let Some(&c) = outward.peek() {
        outward.next();
        let joins = in_word(c) && (in_word(prev) || matches!(prev, '.' | ','))
            || matches!(c, '.' | ',')
                && prev.is_ascii_digit()
                && outward.peek().is_some_and(char::is_ascii_digit);
        if !joins {
            break;
        }
        // An edge of "." or "," joins only a digit run on both sides.
        if n == 0 && matches!(prev, '.' | ',') && !c.is_ascii_digit() {
            break;
        }
        prev = c;
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections_are_widened_to_whole_words_and_lose_their_spaces() {
        let body = "Łódź reported 41,000 riders. Next";
        let snapped = |s: usize, e: usize| {
            let (s, e) = snap_to_words(body, s, e);
            body.chars().skip(s).take(e - s).collect::<String>()
        };
        // "ported 41,0" becomes "reported 41,000".
        assert_eq!(snapped(7, 18), "reported 41,000");
        assert_eq!(snapped(4, 29), "reported 41,000 riders.", "spaces at both ends go");
        assert_eq!(snapped(0, 2), "Łódź", "code points, not bytes");
        assert_eq!(snapped(15, 18), "41,000", "inside a number");
        assert_eq!(snapped(21, 28), "riders.", "whole words stay as they are");
        assert_eq!(snapped(29, 33), "Next", "the body's end");
        assert_eq!(snap_to_words(body, 4, 5), (4, 5), "only a space is left for the caller to refuse");
        let body = "Prices rose 12.5% and 3,200 jobs went. End.";
        let snapped = |s: usize, e: usize| {
            let (s, e) = snap_to_words(body, s, e);
            body.chars().skip(s).take(e - s).collect::<String>()
        };
        assert_eq!(snapped(12, 15), "12.5", "a cut after the decimal point");
        assert_eq!(snapped(14, 17), "12.5%", "a cut before it");
        assert_eq!(snapped(23, 25), "3,200");
        assert_eq!(snapped(34, 38), "went.", "a sentence's full stop does not join the next word");
        assert_eq!(snapped(36, 40), "went. End", "whole words either side");
    }

    #[test]
    fn trim_range_trims_like_str_trim_with_unicode_spaces() {
        let pieces = ["", " ", "\t", "\r\n", "\u{a0}", "\u{2003}", "\u{feff}", "x", "Ł", "“", " y "];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let body = format!("{a}{b}{c}");
                    let t = body.trim_matches(is_space);
                    let s = body.len() - body.trim_start_matches(is_space).len();
                    let (ts, te) = trim_range(&body, 0, body.len());
                    assert_eq!(&body[ts..te], t, "{body:?}");
                    if !t.is_empty() {
                        assert_eq!(ts, s, "{body:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn char_and_byte_offsets_round_trip_on_non_ascii_text() {
        let body = "Łódź 🎉 São";
        for (cp, (b, _)) in body.char_indices().enumerate() {
            assert_eq!(char_to_byte(body, cp), Some(b));
            assert_eq!(byte_to_char(body, b), Some(cp));
        }
        assert_eq!(char_to_byte(body, body.chars().count()), Some(body.len()));
        assert_eq!(char_to_byte(body, 99), None);
    }

    #[test]
    fn byte_inside_a_char_has_no_code_point() {
        assert_eq!(byte_to_char("Łx", 1), None);
        assert_eq!(byte_to_char("Łx", 2), Some(1));
    }

    #[test]
    fn count_chars_matches_counting_code_points() {
        let body = "a😀b Łódź\u{a0}c — 38.9°C, “São Paulo”.. 🌧️🌊 end";
        for s in 0..=body.len() {
            for e in s..=body.len() {
                let want = body.as_bytes()[s..e].iter().filter(|&&b| (b as i8) >= -0x40).count();
                assert_eq!(count_chars(&body.as_bytes()[s..e]), want);
            }
        }
        let long = body.repeat(200);
        assert_eq!(count_chars(long.as_bytes()), long.chars().count());
    }

    #[test]
    fn cursor_matches_direct_counting_even_after_a_step_back() {
        let body = "a😀b Łódź\u{a0}c";
        let offs: Vec<usize> = body.char_indices().map(|(b, _)| b).collect();
        let mut cur = Cursor::new();
        for (cp, &b) in offs.iter().enumerate() {
            assert_eq!(cur.at(body, b), cp);
        }
        assert_eq!(cur.at(body, offs[2]), 2);
    }

    #[test]
    fn context_windows_stop_at_the_body_edges() {
        let body = "ab😀cd";
        assert_eq!(prefix_start(body, 6, 32), 0);
        assert_eq!(prefix_start(body, 6, 1), 2);
        assert_eq!(suffix_end(body, 2, 1), 6);
        assert_eq!(suffix_end(body, 2, 32), body.len());
        let body = "ab😀cd efgh Łódź ijkl";
        let slow_prefix = |byte: usize, n: usize| {
            let mut i = byte;
            let mut seen = 0;
            while i > 0 && seen < n {
                i -= 1;
                seen += usize::from((body.as_bytes()[i] as i8) >= -0x40);
            }
            i
        };
        for (b, _) in body.char_indices().chain([(body.len(), ' ')]) {
            for n in 0..8 {
                assert_eq!(prefix_start(body, b, n), slow_prefix(b, n), "{b} {n}");
                let want = body[b..].char_indices().nth(n).map_or(body.len(), |(k, _)| b + k);
                assert_eq!(suffix_end(body, b, n), want, "{b} {n}");
            }
        }
    }

    #[test]
    fn find2_finds_the_first_of_two_bytes_anywhere() {
        let b = b"abcdefghijklmnopqrstuvwxyz\r\n0123456789";
        for from in 0..b.len() {
            let want = b.iter().skip(from).position(|&c| c == b'\n' || c == b'\r').map(|k| k + from);
            assert_eq!(find2(b, from, b'\n', b'\r'), want);
            assert_eq!(find2(b, from, 0xE2, 0x80), None);
        }
        assert_eq!(find2("x“y".as_bytes(), 0, b'"', 0xE2), Some(1));
    }

    #[test]
    fn statement_whitespace_is_collapsed_including_nbsp() {
        assert_eq!(normalise_ws(" a\u{a0}\u{a0}b\r\n c "), "a b c");
    }
}
