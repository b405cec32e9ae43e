//! The tokeniser as it was before it read keys straight out of the body (session 6), kept
//! verbatim as an oracle for `tokens_into` (`tests::tokens_match_the_reference`), and the
//! word classes read list by list. Test-only.

use crate::extract::lexicon::*;

/// Classes of a word by reading every list, ignoring ASCII case, with the word table's
/// limits (at most 16 bytes, an ASCII letter first).
pub(super) fn classify(word: &str) -> u32 {
    let ok = word.len() <= MAX_WORD && word.as_bytes().first().is_some_and(u8::is_ascii_alphabetic);
    LISTS
        .iter()
        .filter(|(_, words)| ok && words.iter().any(|w| w.eq_ignore_ascii_case(word)))
        .fold(0, |acc, (class, _)| acc | class)
}

pub(crate) fn tokens_into(text: &str, s: usize, e: usize, out: &mut Vec<Tok>) -> bool {
    out.clear();
    let Some(slice) = text.get(s..e) else {
        return false;
    };
    // `ascii`: the token is ASCII; `digit`: it holds an ASCII digit (known only when `ascii`).
    let push = |rs: usize, re: usize, ascii: bool, digit: bool, out: &mut Vec<Tok>| {
        let raw = &text[rs..re];
        let rb = raw.as_bytes();
        // Most tokens are plain words: nothing to strip when both ends are letters or digits,
        // and no stop to keep after the word.
        if rb[0].is_ascii_alphanumeric() && rb[rb.len() - 1].is_ascii_alphanumeric() {
            let flags = if ascii { shape_ascii(rb, digit) } else { shape(raw) };
            out.push(Tok { rs, re, s: rs, e: re, class: classify(raw), flags });
            return;
        }
        // An ASCII token can only hold the ASCII marks of `is_lead_punct`/`is_trail_punct`:
        // trim those bytes without decoding.
        let (a, b) = if ascii {
            let lead = rb.iter().take_while(|&&c| is_lead_punct_byte(c)).count();
            let a = &raw[lead..];
            let trail = a.bytes().rev().take_while(|&c| is_trail_punct_byte(c)).count();
            (a, &a[..a.len() - trail])
        } else {
            let a = raw.trim_start_matches(is_lead_punct);
            (a, a.trim_end_matches(is_trail_punct))
        };
        let cs = rs + (raw.len() - a.len());
        let mut ce = cs + b.len();
        let class = classify(b);
        // Keep the stop of "U.S.", "a.m.", "Jan.", "No." inside the word: it is part of it.
        let dotted = || {
            b.bytes().any(|c| c == b'.')
                && b.split('.')
                    .all(|p| !p.is_empty() && p.chars().count() <= 3 && p.chars().all(char::is_alphabetic))
        };
        if a.as_bytes().get(b.len()) == Some(&b'.') && (class & (TITLE | MONTH_ABBR) != 0 || dotted()) {
            ce += 1;
        }
        let word = &text[cs..ce];
        let flags = if ascii {
            // Trimmed marks are no digits, so the raw token's `digit` holds for the word; of
            // the currency signs only "$" is ASCII.
            let wb = word.as_bytes();
            let dollar = wb.first() == Some(&b'$') || wb.last() == Some(&b'$');
            shape_ascii(wb, digit) | if dollar { F_CURSYM } else { 0 }
        } else {
            shape(word)
        };
        out.push(Tok { rs, re, s: cs, e: ce, class, flags });
    };
    // Whitespace at `i`: (is it, its length). ASCII is settled without decoding.
    let bytes = slice.as_bytes();
    let space_at = |i: usize| -> (bool, usize) {
        let c = bytes[i];
        if c < 0x80 {
            (matches!(c, b' ' | b'\t'..=b'\r'), 1)
        } else {
            let ch = slice[i..].chars().next().unwrap_or(' ');
            (crate::extract::span::is_space(ch), ch.len_utf8())
        }
    };
    // Words separated by one ' ' each (the segment is already trimmed).
    let mut single_spaced = true;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b' ' {
            // A second space in a row, or a space after other whitespace.
            // (A space before it was caught when that space saw this one.)
            single_spaced &= i > 0 && bytes.get(i + 1).is_some_and(|&n| n != b' ');
            i += 1;
            continue;
        }
        let (space, len) = if c > b' ' && c < 0x80 { (false, 1) } else { space_at(i) };
        if space {
            single_spaced = false;
            i += len;
            continue;
        }
        // A token: run to the next whitespace, printable ASCII eight bytes at a time, noting
        // on the way whether it is all ASCII and holds a digit.
        let st = i;
        let mut ascii = c < 0x80;
        let mut digits = u64::from(c.is_ascii_digit());
        i += len;
        loop {
            if let Some(w) = bytes.get(i..i + 8) {
                let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
                let stop = unprintable_bytes(x);
                if stop == 0 {
                    digits |= digit_bytes(x);
                    i += 8;
                    continue;
                }
                let run = stop.trailing_zeros() / 8;
                // Only the bytes before the stop belong to the run (`run` is 0..=7).
                digits |= digit_bytes(x) & ((1u64 << (run * 8)) - 1);
                i += run as usize;
            } else {
                while i < bytes.len() && bytes[i] > b' ' && bytes[i] < 0x7F {
                    digits |= u64::from(bytes[i].is_ascii_digit());
                    i += 1;
                }
                if i >= bytes.len() {
                    break;
                }
            }
            let (space, len) = space_at(i);
            if space {
                break;
            }
            ascii &= bytes[i] < 0x80;
            i += len;
        }
        push(s + st, s + i, ascii, digits != 0, out);
    }
    single_spaced && !bytes.is_empty()
}
