//! Word lists behind segmentation, scoring and fact spans, as one bit set per word so each
//! token is classified by a single `match` (the lists stay readable and lookups stay O(1)).
//! Tokens: the whitespace-separated words of a sentence with their byte spans.
//! The classes and the lists themselves are in `words`.

mod words;

pub(crate) use words::*;

/// Open-addressing hash table of (word, classes), built once. Every token is
/// looked up, so this must be cheap: a `match` over hundreds of string arms compiles to a
/// linear chain of comparisons, and a binary search still costs ten `memcmp`s. Keys are the
/// lowercase word zero-padded to 16 bytes and read as two integers, so a probe is two
/// compares. Beside the slots sits one control byte per slot (empty, or 7 more bits of the
/// hash), 2 KB that stay in the first-level cache: most words of an article are in no list,
/// and their probe ends on a control byte without touching the 48 KB of slots.
#[derive(Clone, Copy)]
struct Slot {
    k0: u64,
    k1: u64,
    len: u32,
    class: u32,
}

struct Table {
    /// 0 for an empty slot, else `0x80 | tag` (see `hash`).
    ctrl: [u8; TABLE_LEN],
    slots: [Slot; TABLE_LEN],
}

const TABLE_BITS: u32 = 11;
const TABLE_LEN: usize = 1 << TABLE_BITS;
/// Longest word in any list; longer tokens are looked up no further.
const MAX_WORD: usize = 16;

/// Up to eight bytes as a little-endian integer, zero-padded, without a `memcpy` call:
/// two overlapping loads for 4..=7 bytes, three single bytes below that.
#[inline]
const fn load8(b: &[u8]) -> u64 {
    let n = b.len();
    if n >= 8 {
        u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
    } else if n >= 4 {
        let lo = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64;
        let hi = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]) as u64;
        // The two loads overlap on identical bytes, so OR-ing them is exact.
        lo | hi << (8 * (n - 4))
    } else if n > 0 {
        (b[0] as u64) | (b[n / 2] as u64) << (8 * (n / 2)) | (b[n - 1] as u64) << (8 * (n - 1))
    } else {
        0
    }
}

/// The case-folded word as two little-endian integers (zero-padded), or `None` when it
/// cannot be in a list: empty, longer than 16 bytes or not starting with an ASCII letter.
#[inline]
const fn key(bytes: &[u8]) -> Option<(u64, u64, u32)> {
    let len = bytes.len();
    if len == 0 || len > MAX_WORD || !bytes[0].is_ascii_alphabetic() {
        return None;
    }
    let (k0, k1) = if len <= 8 {
        (load8(bytes), 0)
    } else {
        let (a, b) = bytes.split_at(8);
        (load8(a), load8(b))
    };
    let lo = if len < 8 { len } else { 8 };
    Some((fold(k0, lo), fold(k1, len - lo), len as u32))
}

/// Case folding for keys: the first `n` bytes of `x` gain 0x20, the rest are cleared.
/// That lowercases ASCII letters and keeps the only other bytes a listed word holds
/// (`0x20..=0x3F`: digits, '.', '-', '\'', ' '), so two words fold alike exactly when they
/// are equal ignoring ASCII case, unless one holds a byte no listed word has
/// (`every_listed_word_folds_exactly`). Two instructions where a true lowercase takes ten.
#[inline(always)]
const fn fold(x: u64, n: usize) -> u64 {
    (x | CASE) & mask(n)
}

/// What `fold` ORs into every byte.
const CASE: u64 = 0x2020_2020_2020_2020;

/// The low `n` bytes (`0..=8`) set.
#[inline(always)]
const fn mask(n: usize) -> u64 {
    match u64::MAX.checked_shr(64 - 8 * n as u32) {
        Some(m) => m,
        None => 0,
    }
}

/// The first slot to probe and the control byte of the key: the top bits of one
/// multiplicative hash pick the slot, the seven bits below them make the tag.
#[inline]
const fn hash(k0: u64, k1: u64, len: u32) -> (usize, u8) {
    let h = (k0 ^ k1.rotate_left(29) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let slot = (h >> (64 - TABLE_BITS)) as usize;
    let tag = (h >> (64 - TABLE_BITS - 7)) as u8 & 0x7F;
    (slot, 0x80 | tag)
}

/// Built at run time rather than as a `static` initialiser, which would put 50 KB of table
/// into the browser bundle.
#[inline]
fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Box<Table>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| Box::new(build_table()))
}

const fn build_table() -> Table {
    let mask = TABLE_LEN - 1;
    let mut t = Table { ctrl: [0; TABLE_LEN], slots: [Slot { k0: 0, k1: 0, len: 0, class: 0 }; TABLE_LEN] };
    let mut l = 0;
    while l < LISTS.len() {
        let (class, words) = LISTS[l];
        let mut w = 0;
        while w < words.len() {
            if let Some((k0, k1, len)) = key(words[w].as_bytes()) {
                let (mut i, tag) = hash(k0, k1, len);
                loop {
                    let s = t.slots[i];
                    if t.ctrl[i] == 0 {
                        t.ctrl[i] = tag;
                        t.slots[i] = Slot { k0, k1, len, class };
                        break;
                    }
                    if s.k0 == k0 && s.k1 == k1 && s.len == len {
                        t.slots[i].class |= class;
                        break;
                    }
                    i = (i + 1) & mask;
                }
            }
            w += 1;
        }
        l += 1;
    }
    t
}

/// Classes of one word, compared case-insensitively (ASCII only: the lists are English).
#[inline]
pub(crate) fn classify(word: &str) -> u32 {
    // Numbers and long or non-ASCII words are in no list; skip hashing them.
    match key(word.as_bytes()) {
        Some((k0, k1, len)) => lookup(k0, k1, len),
        None => 0,
    }
}

#[inline]
fn lookup(k0: u64, k1: u64, len: u32) -> u32 {
    lookup_in(table(), k0, k1, len)
}

#[inline(always)]
fn lookup_in(t: &Table, k0: u64, k1: u64, len: u32) -> u32 {
    let mask = TABLE_LEN - 1;
    let (mut i, tag) = hash(k0, k1, len);
    loop {
        let c = t.ctrl[i & mask];
        if c == 0 {
            return 0;
        }
        if c == tag {
            let s = &t.slots[i & mask];
            if s.k0 == k0 && s.k1 == k1 && s.len == len {
                return s.class;
            }
        }
        i += 1;
    }
}

/// A whitespace-delimited token: `s..e` is the word itself with surrounding punctuation
/// (quotes, brackets, commas, full stops) stripped; `rs..re` is the raw token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Tok {
    pub rs: usize,
    pub re: usize,
    pub s: usize,
    pub e: usize,
    pub class: u32,
    /// Shape of the word, worked out once: `F_DIGIT`, `F_CAP`, `F_PAST`.
    pub flags: u8,
}

/// The word contains an ASCII digit (`has_digit`).
pub(crate) const F_DIGIT: u8 = 1;
/// The word starts with an uppercase letter (`is_capitalised`).
pub(crate) const F_CAP: u8 = 1 << 1;
/// The word looks like a regular past tense (`looks_past`).
pub(crate) const F_PAST: u8 = 1 << 2;
/// The word starts or ends with a currency sign, or starts with "US$" (`currency_symbol`).
pub(crate) const F_CURSYM: u8 = 1 << 3;

impl Tok {
    /// The word is a number: digits, with separators, units or signs glued on.
    pub(crate) fn digit(&self) -> bool {
        self.flags & F_DIGIT != 0
    }
    /// The word starts with an uppercase letter.
    pub(crate) fn cap(&self) -> bool {
        self.flags & F_CAP != 0
    }
    /// The word looks like a regular past tense.
    pub(crate) fn past(&self) -> bool {
        self.flags & F_PAST != 0
    }
    /// The word carries a currency sign (see `currency_symbol`).
    pub(crate) fn cur_sym(&self) -> bool {
        self.flags & F_CURSYM != 0
    }
}

/// `shape` of an ASCII word that starts and ends with a letter or digit: no currency sign
/// can open or close it, so only "US$" needs looking for.
#[inline]
fn shape_ascii(b: &[u8], digit: bool) -> u8 {
    let Some(&first) = b.first() else {
        return 0;
    };
    let mut f = 0;
    if digit {
        f |= F_DIGIT;
    }
    if first.is_ascii_uppercase() {
        f |= F_CAP;
    }
    if b.len() >= 5 && b.ends_with(b"ed") && first.is_ascii_lowercase() && !past_exception(b) {
        f |= F_PAST;
    }
    if first == b'U' && b.starts_with(b"US$") {
        f |= F_CURSYM;
    }
    f
}

/// The high bit of each byte of `x` that is not printable ASCII (`<= b' '` or `>= 0x7F`),
/// every other bit clear.
#[inline]
fn unprintable_bytes(x: u64) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // The low seven bits of a byte plus 0x5F reach the high bit unless they are `< 0x21`;
    // plus one they reach it only for 0x7F. Neither sum carries into the next byte.
    let low7 = x & !HI;
    let below = !(low7 + LO * 0x5F) & HI;
    let del = (low7 + LO) & HI;
    (x & HI) | below | del
}

/// The high bit of each byte of `x` that is an ASCII digit, every other bit clear.
#[inline]
fn digit_bytes(x: u64) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // With the high bit forced on no byte borrows from the next; what is left of it says
    // the low seven bits are `>= b'0'` and `> b'9'` respectively.
    let t = x | HI;
    let ge0 = t - LO * u64::from(b'0');
    let gt9 = t - LO * u64::from(b'9' + 1);
    ge0 & !gt9 & !x & HI
}

/// The "-ed" words that are no past tense (`looks_past`).
fn past_exception(w: &[u8]) -> bool {
    matches!(w, b"hundred" | b"need" | b"speed" | b"indeed" | b"proceed" | b"succeed")
}

#[inline]
fn shape(word: &str) -> u8 {
    let b = word.as_bytes();
    let Some(&first) = b.first() else {
        return 0;
    };
    let mut f = 0;
    if has_digit(word) {
        f |= F_DIGIT;
    }
    let cap = if first < 0x80 { first.is_ascii_uppercase() } else { is_capitalised(word) };
    if cap {
        f |= F_CAP;
    }
    if looks_past(word) {
        f |= F_PAST;
    }
    // Currency signs are never ASCII letters or digits, except the "U" of "US$".
    let maybe_cur =
        first == b'U' || !first.is_ascii_alphanumeric() || !b[b.len() - 1].is_ascii_alphanumeric();
    if maybe_cur && currency_symbol(word) {
        f |= F_CURSYM;
    }
    f
}

fn is_lead_punct(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '„' | '‚' | '{' | '*' | '•' | '-' | '—' | '–')
}

/// `is_lead_punct` for the ASCII marks it accepts.
fn is_lead_punct_byte(c: u8) -> bool {
    matches!(c, b'"' | b'\'' | b'(' | b'[' | b'{' | b'*' | b'-')
}

/// `is_trail_punct` for the ASCII marks it accepts.
fn is_trail_punct_byte(c: u8) -> bool {
    matches!(c, b'"' | b'\'' | b')' | b']' | b',' | b'.' | b';' | b':' | b'!' | b'?' | b'}')
}

fn is_trail_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | ')' | ']' | '»' | ',' | '.' | ';' | ':' | '!' | '?' | '…' | '}' | '—' | '–'
    )
}

/// Tokens of `text[s..e]`, offsets relative to `text`.
#[cfg(test)]
pub(crate) fn tokens(text: &str, s: usize, e: usize) -> Vec<Tok> {
    let mut out = Vec::new();
    tokens_into(text, s, e, &mut out);
    out
}

/// Like `tokens`, reusing `out` so a long article does not allocate per sentence.
/// Returns true when the only whitespace in `text[s..e]` is single spaces between its tokens,
/// so its whitespace-normalised form is the text itself.
pub(crate) fn tokens_into(text: &str, s: usize, e: usize, out: &mut Vec<Tok>) -> bool {
    out.clear();
    tokens_append(text, s, e, out)
}

/// Like `tokens_into`, adding the tokens after those `out` holds already (`extract` keeps a
/// batch of sentences' tokens in one list).
pub(crate) fn tokens_append(text: &str, s: usize, e: usize, out: &mut Vec<Tok>) -> bool {
    if text.get(s..e).is_none() {
        return false;
    }
    // Offsets are the body's throughout: tokens are pushed as they are found, and a token's
    // bytes are read straight out of the body for its word-table key.
    let all = text.as_bytes();
    let table = table();
    // Whitespace at `i`: (is it, its length). ASCII is settled without decoding.
    let space_at = |i: usize| -> (bool, usize) {
        let c = all[i];
        if c < 0x80 {
            (matches!(c, b' ' | b'\t'..=b'\r'), 1)
        } else {
            let ch = text[i..e].chars().next().unwrap_or(' ');
            (super::span::is_space(ch), ch.len_utf8())
        }
    };
    // Words separated by one ' ' each (the segment is already trimmed).
    let mut single_spaced = true;
    let mut i = s;
    while i < e {
        let c = all[i];
        if c == b' ' {
            // A second space in a row, or a space after other whitespace.
            // (A space before it was caught when that space saw this one.)
            single_spaced &= i > s && i + 1 < e && all[i + 1] != b' ';
            i += 1;
            continue;
        }
        // The commonest token by far: a short plain word or number, printable ASCII with a
        // letter or digit at each end and ASCII whitespace after it, all inside the next
        // eight bytes. One load serves to find its end, its digits and its word-table key.
        if i + 8 <= e {
            let x = load_at(all, i);
            let n = (unprintable_bytes(x).trailing_zeros() / 8) as usize;
            if (1..8).contains(&n) && matches!(all[i + n], b' ' | b'\t'..=b'\r') {
                let first = BYTE_KIND[(x & 0xFF) as usize];
                let last = BYTE_KIND[(x >> (8 * (n - 1)) & 0xFF) as usize];
                if first & last & (LETTER | DIGIT) != 0 {
                    let (m, _) = KEY_MASKS[n];
                    let digit = digit_bytes(x) & m != 0;
                    let class =
                        if first & LETTER != 0 { lookup_in(table, (x | CASE) & m, 0, n as u32) } else { 0 };
                    let w = &all[i..i + n];
                    let flags = plain_flags(w, first, digit);
                    out.push(Tok { rs: i, re: i + n, s: i, e: i + n, class, flags });
                    i += n;
                    if i + 1 < e && all[i] == b' ' && all[i + 1] != b' ' {
                        i += 1;
                    }
                    continue;
                }
            }
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
            if i + 8 <= e {
                let x = load_at(all, i);
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
                while i < e && all[i] > b' ' && all[i] < 0x7F {
                    digits |= u64::from(all[i].is_ascii_digit());
                    i += 1;
                }
                if i >= e {
                    break;
                }
            }
            // Usually the plain space before the next word.
            if all[i] == b' ' {
                break;
            }
            let (space, len) = space_at(i);
            if space {
                break;
            }
            ascii &= all[i] < 0x80;
            i += len;
        }
        // Most tokens are plain ASCII words: nothing to strip when both ends are letters or
        // digits, and no stop to keep after the word.
        let (first, last) = (BYTE_KIND[usize::from(all[st])], BYTE_KIND[usize::from(all[i - 1])]);
        if ascii && first & last & (LETTER | DIGIT) != 0 {
            let n = i - st;
            let class = if first & LETTER != 0 && n <= MAX_WORD {
                let (k0, k1) = key_at(all, st, n);
                lookup_in(table, k0, k1, n as u32)
            } else {
                0
            };
            let w = &all[st..i];
            let flags = plain_flags(w, first, digits != 0);
            out.push(Tok { rs: st, re: i, s: st, e: i, class, flags });
        } else {
            push_marked(text, table, st, i, ascii, digits != 0, out);
        }
        // The usual single space to the next word, settled here rather than by another turn
        // of the loop (the test the loop would make of it, knowing `i > s`).
        if i + 1 < e && all[i] == b' ' && all[i + 1] != b' ' {
            i += 1;
        }
    }
    single_spaced && s < e
}

/// Tokens that scoring or fact finding must look at: those with one of the classes they
/// read (`MARKED`) or with any shape flag.
#[inline(always)]
pub(crate) fn is_marked(t: &Tok) -> bool {
    t.class & MARKED | u32::from(t.flags) != 0
}

/// What `is_marked` tests: the classes scoring reads and those fact finding starts from.
pub(crate) const MARKED: u32 = super::score::READ_CLASSES | super::facts::START_CLASSES;

/// The indices of the marked tokens (`is_marked`), in order, for scoring and fact finding to
/// visit instead of every token. About two tokens in three are plain words neither reads,
/// and which ones varies from word to word in a way a branch predictor does not learn on real
/// articles: so every index is written, and the count moves on only for a marked token, with
/// no branch on the token. (Measured in BENCHMARKS.md, session 7: 3.5% off the time of
/// extracting real articles.)
pub(crate) fn marked_into(toks: &[Tok], out: &mut Vec<u32>) {
    out.clear();
    marked_append(toks, out);
}

/// `marked` is exactly `marked_into` of `toks` (for debug assertions).
pub(crate) fn marks_all(toks: &[Tok], marked: &[u32]) -> bool {
    marked.iter().map(|&k| k as usize).eq((0..toks.len()).filter(|&k| is_marked(&toks[k])))
}

/// Like `marked_into`, adding the indices (still into `toks`) after those `out` holds.
pub(crate) fn marked_append(toks: &[Tok], out: &mut Vec<u32>) {
    let mut m = out.len();
    out.resize(m + toks.len(), 0);
    for (k, t) in toks.iter().enumerate() {
        // `m` is at most the starting length plus `k`, so always in bounds.
        out[m] = k as u32;
        m += usize::from(is_marked(t));
    }
    out.truncate(m);
}

/// What the tokeniser asks of a token's first and last byte, one table load each.
const LETTER: u8 = 1;
const DIGIT: u8 = 1 << 1;
const UPPER: u8 = 1 << 2;
static BYTE_KIND: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            LETTER | UPPER
        } else if c.is_ascii_lowercase() {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else {
            0
        };
        b += 1;
    }
    t
};

/// `fold`'s masks for a word of `n` bytes (`0..=MAX_WORD`): its first and second eight.
static KEY_MASKS: [(u64, u64); MAX_WORD + 1] = {
    let mut t = [(0, 0); MAX_WORD + 1];
    let mut n = 0;
    while n <= MAX_WORD {
        let lo = if n < 8 { n } else { 8 };
        t[n] = (mask(lo), mask(n - lo));
        n += 1;
    }
    t
};

/// `shape_ascii` of a plain ASCII word (a letter or digit at each end), given the
/// `BYTE_KIND` of its first byte.
#[inline(always)]
fn plain_flags(w: &[u8], first: u8, digit: bool) -> u8 {
    let mut flags = u8::from(digit) * F_DIGIT;
    if first & UPPER != 0 {
        flags |= F_CAP;
        if w.starts_with(b"US$") {
            flags |= F_CURSYM;
        }
    } else if w.len() >= 5 && first & LETTER != 0 && w.ends_with(b"ed") && !past_exception(w) {
        flags |= F_PAST;
    }
    debug_assert_eq!(flags, shape_ascii(w, digit));
    flags
}

/// Eight bytes of `all` from `at` (which has eight more) as a little-endian integer.
#[inline(always)]
fn load_at(all: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(all[at..at + 8].try_into().unwrap_or_default())
}

/// `key` of the ASCII word `all[at..at + n]` (`1..=MAX_WORD` bytes, starting with a
/// letter): two whole loads, folded and masked to the word, where the body has sixteen
/// bytes from `at`.
#[inline(always)]
fn key_at(all: &[u8], at: usize, n: usize) -> (u64, u64) {
    if let (Some(w), Some(&(m0, m1))) = (all.get(at..at + 16), KEY_MASKS.get(n)) {
        let (a, b) = w.split_at(8);
        let k0 = u64::from_le_bytes(a.try_into().unwrap_or_default());
        let k1 = u64::from_le_bytes(b.try_into().unwrap_or_default());
        ((k0 | CASE) & m0, (k1 | CASE) & m1)
    } else {
        key(&all[at..at + n]).map_or((0, 0), |(k0, k1, _)| (k0, k1))
    }
}

/// A token with something besides letters and digits at an end, or with non-ASCII in it:
/// quotes, brackets and stops are trimmed off the word, except the stop of an abbreviation.
#[inline(never)]
fn push_marked(
    text: &str,
    table: &Table,
    rs: usize,
    re: usize,
    ascii: bool,
    digit: bool,
    out: &mut Vec<Tok>,
) {
    if ascii {
        // An ASCII token can only hold the ASCII marks of `is_lead_punct`/`is_trail_punct`:
        // trim those bytes without decoding.
        let all = text.as_bytes();
        let raw = &all[rs..re];
        let lead = raw.iter().take_while(|&&c| is_lead_punct_byte(c)).count();
        let a = &raw[lead..];
        let trail = a.iter().rev().take_while(|&&c| is_trail_punct_byte(c)).count();
        let b = &a[..a.len() - trail];
        let cs = rs + lead;
        let mut ce = cs + b.len();
        let class = match b.first() {
            Some(f) if f.is_ascii_alphabetic() && b.len() <= MAX_WORD => {
                let (k0, k1) = key_at(all, cs, b.len());
                lookup_in(table, k0, k1, b.len() as u32)
            }
            _ => 0,
        };
        // Keep the stop of "U.S.", "a.m.", "Jan.", "No." inside the word: it is part of it.
        let dotted = || {
            b.contains(&b'.')
                && b.split(|&c| c == b'.')
                    .all(|p| !p.is_empty() && p.len() <= 3 && p.iter().all(u8::is_ascii_alphabetic))
        };
        if a.get(b.len()) == Some(&b'.') && (class & (TITLE | MONTH_ABBR) != 0 || dotted()) {
            ce += 1;
        }
        // Trimmed marks are no digits, so the raw token's `digit` holds for the word; of the
        // currency signs only "$" is ASCII.
        let wb = &all[cs..ce];
        let dollar = wb.first() == Some(&b'$') || wb.last() == Some(&b'$');
        let flags = shape_ascii(wb, digit) | if dollar { F_CURSYM } else { 0 };
        out.push(Tok { rs, re, s: cs, e: ce, class, flags });
        return;
    }
    let raw = &text[rs..re];
    let rb = raw.as_bytes();
    if rb[0].is_ascii_alphanumeric() && rb[rb.len() - 1].is_ascii_alphanumeric() {
        out.push(Tok { rs, re, s: rs, e: re, class: classify(raw), flags: shape(raw) });
        return;
    }
    let a = raw.trim_start_matches(is_lead_punct);
    let b = a.trim_end_matches(is_trail_punct);
    let cs = rs + (raw.len() - a.len());
    let mut ce = cs + b.len();
    let class = classify(b);
    let dotted = || {
        b.bytes().any(|c| c == b'.')
            && b.split('.')
                .all(|p| !p.is_empty() && p.chars().count() <= 3 && p.chars().all(char::is_alphabetic))
    };
    if a.as_bytes().get(b.len()) == Some(&b'.') && (class & (TITLE | MONTH_ABBR) != 0 || dotted()) {
        ce += 1;
    }
    out.push(Tok { rs, re, s: cs, e: ce, class, flags: shape(&text[cs..ce]) });
}

/// A currency sign opens or closes the word: "£5", "5€", "US$3".
pub(crate) fn currency_symbol(w: &str) -> bool {
    w.starts_with(['£', '$', '€', '¥', '₺', '₽', '₹', '₼'])
        || w.ends_with(['£', '$', '€'])
        || w.starts_with("US$")
}

/// True when `word` equals one of `list`, ignoring ASCII case (no allocation).
pub(crate) fn any_ci(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// "a.m.", "p.m." and their undotted forms, which follow a clock time.
pub(crate) fn is_ampm(w: &str) -> bool {
    any_ci(w, &["a.m.", "p.m.", "a.m", "p.m", "am", "pm"])
}

/// True when the token's word starts with an uppercase letter.
pub(crate) fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase())
}

/// True when the word contains an ASCII digit.
pub(crate) fn has_digit(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
}

/// Plausible past tense or participle of a regular verb ("opened", "detained").
pub(crate) fn looks_past(word: &str) -> bool {
    let w = word.as_bytes();
    w.len() >= 5 && w.ends_with(b"ed") && w[0].is_ascii_lowercase() && !past_exception(w)
}

#[cfg(test)]
mod oracle;
#[cfg(test)]
mod tests;
