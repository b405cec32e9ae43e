//! Text into index terms: lower-cased words, stop words dropped, Snowball (Porter 2) stems; tweet
//! clutter (links, @handles, #CamelCaseTags) turned into words; figures as comparable strings.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

const STOP: &[&str] = &[
    "a", "all", "amp", "an", "and", "any", "are", "as", "at", "be", "been", "being", "but", "by", "can",
    "could", "did", "do", "does", "don", "for", "from", "had", "has", "have", "he", "her", "here", "his",
    "how", "i", "in", "is", "it", "its", "just", "may", "me", "might", "my", "no", "not", "now", "of", "on",
    "only", "or", "our", "own", "rt", "s", "same", "she", "should", "so", "some", "such", "t", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "too", "us",
    "very", "via", "was", "we", "were", "what", "when", "where", "which", "who", "whom", "whose", "why",
    "will", "with", "would", "you", "your",
];

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Index terms of a text, in order.
pub fn tokens(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    lower
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty() && STOP.binary_search(w).is_err())
        .map(|w| stemmer().stem(w).into_owned())
        .collect()
}

/// Splits a handle or hashtag into words: `AustralianFires` -> `Australian Fires`,
/// `realDonaldTrump` -> `real Donald Trump`, `COVID19` -> `COVID 19`, `NASAMission` -> `NASA Mission`.
fn split_camel(tag: &str) -> String {
    let chars: Vec<char> = tag.chars().collect();
    let mut out = String::with_capacity(tag.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            out.push(' ');
            continue;
        }
        if i > 0 {
            let p = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let boundary = (p.is_lowercase() && c.is_uppercase())
                || (p.is_alphabetic() && c.is_numeric())
                || (p.is_numeric() && c.is_alphabetic())
                || (p.is_uppercase() && c.is_uppercase() && next_lower);
            if boundary {
                out.push(' ');
            }
        }
        out.push(c);
    }
    out
}

/// A tweet or claim made ready for matching: links dropped, `@handle` and `#Tag` split into words.
pub fn clean_query(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end();
        let gap = &piece[word.len()..];
        let lower = word.to_ascii_lowercase();
        if let Some(at) = lower
            .find("http://")
            .or_else(|| lower.find("https://"))
            .or_else(|| lower.find("pic.twitter.com/"))
        {
            // Text glued before a link ("#Tagpic.twitter.com/...") is kept.
            out.push_str(&clean_word(&word[..at]));
            out.push(' ');
            continue;
        }
        out.push_str(&clean_word(word));
        out.push_str(gap);
    }
    out
}

fn clean_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    let mut rest = word;
    while let Some(pos) = rest.find(['@', '#']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos + 1..];
        let end = tail.find(|c: char| !is_word_char(c)).unwrap_or(tail.len());
        out.push(' ');
        out.push_str(&split_camel(&tail[..end]));
        out.push(' ');
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// The figures in a text as comparable strings: `10`, `1.5`, `1/5`, `10000` (from `10,000`).
pub fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && (chars[i - 1].is_alphanumeric())) {
            i += 1;
            continue;
        }
        let mut n = String::new();
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii_digit() {
                n.push(c);
            } else if (c == ',' || c == '.' || c == '/')
                && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())
                && !n.is_empty()
            {
                if c != ',' {
                    n.push(c);
                }
            } else {
                break;
            }
            i += 1;
        }
        out.push(n);
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stop_list_is_sorted_for_binary_search() {
        assert!(STOP.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn tweets_lose_links_and_split_their_tags() {
        let t = clean_query("Fires #AustralianFires via @realDonaldTrump https://t.co/x pic.twitter.com/y");
        assert!(t.contains("Australian Fires"), "{t}");
        assert!(t.contains("real Donald Trump"), "{t}");
        assert!(!t.contains("t.co") && !t.contains("pic.twitter"), "{t}");
    }

    #[test]
    fn words_are_stemmed_and_stop_words_dropped() {
        assert_eq!(tokens("The runners were running"), vec!["runner", "run"]);
    }

    #[test]
    fn figures_keep_fractions_and_drop_thousands_commas() {
        assert_eq!(numbers("1/5 of 10,000 people, 2.5 kg, 100, COVID19"), vec!["1/5", "100", "10000", "2.5"]);
    }
}
