//! Fact spans learned from the labels, for the claims in which the rules in `facts` find none: a
//! logistic regression over each word of such a claim (is it inside a fact a labeller marked?),
//! with hashed features of the word, its neighbours, its shape and where it stands in the
//! sentence. Spans are read off the word probabilities with two thresholds: a span starts at a
//! word at least `hi` likely and grows over neighbours at least `lo` likely, across gaps of up to
//! `gap` words.
//!
//! A claim with a figure, a date, a record or a named speaker keeps exactly the rules' spans (so a
//! number keeps its hedge and unit: "about 10 kg of narcotics"); the tagger gives the others
//! (an event, a place, an office, what was said) something to check. Learned and trained that way,
//! only on claims without a rule span, it finds more of the labellers' facts than spans learned on
//! every claim and joined to the rules', at a better precision, and runs on a fraction of the
//! words (BENCHMARKS.md). Weights, thresholds and table size come from
//! `claimcheck train-extractor` (`weights.rs`).

/// A word or a punctuation mark of a claim, as byte offsets into the body.
pub(crate) type Word = (usize, usize);

/// The words of `text[s..e]`: runs of letters and digits (joined across an inner `.`, `'` or `’`
/// followed by another letter or digit: "U.S.", "don't", "3.5"), and each other visible character
/// alone.
pub(crate) fn words_into(text: &str, s: usize, e: usize, out: &mut Vec<Word>) {
    out.clear();
    let part = &text[s..e];
    let mut it = part.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if !is_word(c) {
            out.push((s + i, s + i + c.len_utf8()));
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            if is_word(d) {
                end = j + d.len_utf8();
                it.next();
            } else if matches!(d, '.' | '\'' | '’') {
                // Joined only when a letter or digit follows the mark.
                let after = part[j + d.len_utf8()..].chars().next();
                if after.is_some_and(is_word) {
                    it.next();
                    end = j + d.len_utf8();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        out.push((s + i, s + end));
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

const SAY: [u64; 17] = hashes([
    "said",
    "says",
    "say",
    "told",
    "according",
    "announced",
    "added",
    "stated",
    "claimed",
    "reported",
    "wrote",
    "noted",
    "explained",
    "argued",
    "insisted",
    "warned",
    "confirmed",
]);
/// A month, its abbreviation or a weekday spelled out (not "Sat" or "Sun", which the lexicon also
/// reads as time zones): the lexicon's word classes.
fn month_or_day(w: &str) -> bool {
    use super::lexicon::{MONTH, MONTH_ABBR, TZ, WEEKDAY};
    let c = super::lexicon::classify(w);
    c & (MONTH | MONTH_ABBR) != 0 || c & WEEKDAY != 0 && c & TZ == 0
}
const STOP: [u64; 40] = hashes([
    "the", "a", "an", "of", "to", "in", "on", "and", "or", "but", "for", "with", "at", "by", "from", "as",
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "that", "which", "who", "this", "it",
    "its", "their", "his", "her", "they", "he", "she", "we", "i", "not",
]);

/// FNV-1a over the word, ASCII letters folded to lower case.
const fn word_hash(w: &str) -> u64 {
    let b = w.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < b.len() {
        h ^= b[i].to_ascii_lowercase() as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    h
}

/// The `word_hash` of every word of a list, at compile time.
const fn hashes<const N: usize>(list: [&str; N]) -> [u64; N] {
    let mut out = [0u64; N];
    let mut i = 0;
    while i < N {
        out[i] = word_hash(list[i]);
        i += 1;
    }
    out
}

/// A feature id in a table of 2^bits: template `t` with values `a` and `b`.
fn id(t: u64, a: u64, b: u64, bits: u32) -> u32 {
    let mut x = t.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ a;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd) ^ b;
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    (x & ((1u64 << bits) - 1)) as u32
}

/// The word's shape: letters as `X`/`x`, digits as `d`, runs of a class cut to two ("Xxx", "dd.d").
fn shape_hash(w: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let (mut last, mut run) = ('\0', 0);
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        run = if k == last { run + 1 } else { 1 };
        last = k;
        if run <= 2 {
            h ^= k as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Whether the word with `word_hash` `h` is in the list whose hashes are `list` (a hash match is
/// taken as the word: these lists are short and their hashes 64 bits).
fn in_list(list: &[u64], h: u64) -> bool {
    list.contains(&h)
}

/// What the features of one claim's words are computed from, kept between calls.
#[derive(Default)]
pub(crate) struct Scratch {
    pub(crate) words: Vec<Word>,
    hashes: Vec<u64>,
    says: Vec<usize>,
    probs: Vec<f32>,
}

impl Scratch {
    /// Reads the words of `text[s..e]`.
    pub(crate) fn load(&mut self, text: &str, s: usize, e: usize) {
        words_into(text, s, e, &mut self.words);
        self.hashes.clear();
        self.says.clear();
        for (k, &(a, b)) in self.words.iter().enumerate() {
            let w = &text[a..b];
            let h = word_hash(w);
            self.hashes.push(h);
            if in_list(&SAY, h) {
                self.says.push(k);
            }
        }
    }

    /// The feature ids of word `i` (of the last `load`), given to `emit`.
    pub(crate) fn features(&self, text: &str, i: usize, bits: u32, emit: &mut impl FnMut(u32)) {
        let n = self.words.len();
        let (a, b) = self.words[i];
        let w = &text[a..b];
        // Neighbours: the sentence's edges are words of their own.
        let h = |k: isize| -> u64 {
            if k < 0 {
                1
            } else {
                self.hashes.get(k as usize).copied().unwrap_or(2)
            }
        };
        let i_ = i as isize;
        let hw = h(i_);
        emit(id(0, 0, 0, bits));
        emit(id(1, hw, 0, bits));
        emit(id(2, h(i_ - 1), 0, bits));
        emit(id(3, h(i_ + 1), 0, bits));
        emit(id(4, h(i_ - 2), 0, bits));
        emit(id(5, h(i_ + 2), 0, bits));
        emit(id(6, h(i_ - 1), hw, bits));
        emit(id(7, hw, h(i_ + 1), bits));
        emit(id(8, shape_hash(w), 0, bits));
        let tail = w.char_indices().rev().nth(2).map_or(0, |(k, _)| k);
        emit(id(9, word_hash(&w[tail..]), 0, bits));
        // Templates 10 to 12 were "a rule span covers the word, the one before, the one after":
        // the tagger now only sees claims without rule spans, where they never fired.
        emit(id(13, (5 * i / n.max(1)).min(4) as u64, 0, bits));
        if i == 0 {
            emit(id(14, 0, 0, bits));
        }
        let first = w.chars().next().unwrap_or(' ');
        if first.is_uppercase() {
            emit(id(15, 0, 0, bits));
        }
        if w.chars().any(|c| c.is_ascii_digit()) {
            emit(id(16, 0, 0, bits));
        }
        if in_list(&STOP, hw) {
            emit(id(17, 0, 0, bits));
        }
        if self.says.binary_search(&i).is_ok() {
            emit(id(18, 0, 0, bits));
        }
        if month_or_day(w) {
            emit(id(19, 0, 0, bits));
        }
        if !first.is_alphanumeric() {
            emit(id(20, 0, 0, bits));
        }
        if let Some(d) = self.says.iter().map(|&k| k.abs_diff(i)).min() {
            emit(id(21, d.min(6) as u64, 0, bits));
        }
        emit(id(22, (n / 10).min(5) as u64, 0, bits));
    }
}

/// How spans are read off the word probabilities.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Decode {
    pub(crate) hi: f32,
    pub(crate) lo: f32,
    pub(crate) gap: usize,
}

/// The spans over `words` given each word's probability (see the module's comment), with
/// punctuation and stop words trimmed from their ends; spans of stop words and marks alone are left out.
pub(crate) fn decode(text: &str, words: &[Word], probs: &[f32], d: Decode, out: &mut Vec<(usize, usize)>) {
    let n = probs.len();
    let mut i = 0;
    while i < n {
        if probs[i] < d.hi {
            i += 1;
            continue;
        }
        let mut a = i;
        while a > 0 && probs[a - 1] >= d.lo {
            a -= 1;
        }
        let mut b = i;
        loop {
            if b + 1 < n && probs[b + 1] >= d.lo {
                b += 1;
                continue;
            }
            match (1..=d.gap).find(|g| b + g + 1 < n && probs[b + g + 1] >= d.lo) {
                Some(g) => b += g + 1,
                None => break,
            }
        }
        i = b + 1;
        let mark = |k: usize| !text[words[k].0..words[k].1].chars().next().is_some_and(char::is_alphanumeric);
        // Marks and stop words at either end are trimmed ("of the smugglers" is "smugglers").
        let edge = |k: usize| mark(k) || in_list(&STOP, word_hash(&text[words[k].0..words[k].1]));
        while a < b && edge(a) {
            a += 1;
        }
        while b > a && edge(b) {
            b -= 1;
        }
        let content = (a..=b).any(|k| !mark(k) && !in_list(&STOP, word_hash(&text[words[k].0..words[k].1])));
        if content {
            out.push((words[a].0, words[b].1));
        }
    }
}

/// The fact spans of the claim `text[s..e]` into `out`: the rules' spans `rules` when there are
/// any, else the spans learned with the product's weights (`weights.rs`).
pub(crate) fn facts(
    text: &str,
    s: usize,
    e: usize,
    rules: &[(usize, usize)],
    scratch: &mut Scratch,
    out: &mut Vec<(usize, usize)>,
) {
    use super::weights::{TAGGER_BITS, TAGGER_DECODE, TAGGER_WEIGHTS};
    out.clear();
    if !rules.is_empty() {
        out.extend_from_slice(rules);
        return;
    }
    scratch.load(text, s, e);
    let mut probs = std::mem::take(&mut scratch.probs);
    probs.clear();
    for i in 0..scratch.words.len() {
        let mut z = 0f32;
        scratch.features(text, i, TAGGER_BITS, &mut |k| z += TAGGER_WEIGHTS[k as usize]);
        probs.push(1.0 / (1.0 + (-z).exp()));
    }
    decode(text, &scratch.words, &probs, TAGGER_DECODE, out);
    scratch.probs = probs;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_join_inner_marks_and_split_other_punctuation() {
        let text = "The U.S. won't pay $3.5 billion, officials said.";
        let mut out = Vec::new();
        words_into(text, 0, text.len(), &mut out);
        let words: Vec<&str> = out.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(
            words,
            ["The", "U.S", ".", "won't", "pay", "$", "3.5", "billion", ",", "officials", "said", "."]
        );
    }

    #[test]
    fn words_outside_ascii_are_classed_as_their_characters() {
        // Non-breaking and ideographic spaces separate; a curly apostrophe joins; accented
        // letters, Cyrillic and CJK are letters; an em dash and curly quotes are marks of their own.
        let text = "Łódź\u{a0}reached 1.5\u{3000}million—“Москва’s” 東京 isn’t Ж.";
        let mut out = Vec::new();
        words_into(text, 0, text.len(), &mut out);
        let words: Vec<&str> = out.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(
            words,
            ["Łódź", "reached", "1.5", "million", "—", "“", "Москва’s", "”", "東京", "isn’t", "Ж", "."]
        );
        // Offsets are into the whole text when the claim starts inside it.
        words_into(text, 2, text.len(), &mut out);
        assert_eq!(&text[out[0].0..out[0].1], "ódź");
    }

    #[test]
    fn months_and_weekdays_are_the_lexicons_and_time_zones_are_not_days() {
        for w in ["May", "september", "Sept", "DEC", "Thursday", "sunday"] {
            assert!(month_or_day(w), "{w}");
        }
        for w in ["Sun", "sat", "Mon", "GMT", "maybe", "spring", "week"] {
            assert!(!month_or_day(w), "{w}");
        }
    }

    #[test]
    fn spans_start_at_likely_words_grow_over_less_likely_ones_and_bridge_short_gaps() {
        let text = "Police arrested six people on Monday in the town .";
        let mut words = Vec::new();
        words_into(text, 0, text.len(), &mut words);
        let spans = |p: &[f32], lo: f32, gap: usize| {
            let mut out = Vec::new();
            decode(text, &words, p, Decode { hi: 0.5, lo, gap }, &mut out);
            out.iter().map(|&(a, b)| &text[a..b]).collect::<Vec<_>>()
        };
        let p = [0.1, 0.3, 0.9, 0.6, 0.1, 0.8, 0.1, 0.1, 0.1, 0.1];
        assert_eq!(spans(&p, 0.25, 0), ["arrested six people", "Monday"]);
        assert_eq!(spans(&p, 0.25, 1), ["arrested six people on Monday"]);
        // Stop words and marks at the ends are trimmed: "in the town ." is "town".
        assert_eq!(spans(&[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.9, 0.9, 0.9, 0.9], 0.5, 0), ["town"]);
        // A span of stop words and marks alone is no fact.
        assert!(spans(&[0.1, 0.1, 0.1, 0.1, 0.9, 0.1, 0.1, 0.9, 0.1, 0.9], 0.5, 0).is_empty());
    }
}
