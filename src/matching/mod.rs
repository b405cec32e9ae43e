//! Pure scoring of claim <-> fact-check candidates (no I/O): tokens, an Okapi BM25 index that grows
//! by appending, a re-ranker whose weights were learned offline on the CheckThat! 2020 training
//! queries, and the figure check that keeps "10 kg" from matching "100 kg". The index is filled and
//! kept in step with the database by `server::matching_index`.

pub mod import;
mod text;

pub use text::{clean_query, numbers, tokens};

use std::collections::HashMap;

/// BM25 parameters (the usual defaults; a grid on the training queries found nothing better).
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Candidates from BM25 that the re-ranker looks at (5-fold cross-validation on the training
/// queries: 15, 20, 25, 30, 50 gave MAP@5 0.885, 0.887, 0.887, 0.885, 0.884).
pub const RERANK_DEPTH: usize = 20;

/// Re-ranker: a linear model over the candidate features, fitted pairwise (logistic regression on
/// the differences between a relevant and an irrelevant candidate of the same query, C=0.1, features
/// standardised while fitting, weights given here for the raw features) on the 801 CheckThat! 2020
/// training queries against the 10,373 verified claims (never on dev or test); the features were
/// chosen by 5-fold cross-validation on those queries. Order: relative BM25, raw BM25, candidate
/// coverage, query coverage, bigram overlap, number agreement, numbers disjoint, character 4-gram
/// cosine, 1 / (BM25 rank + 1).
const WEIGHTS: [f32; 9] =
    [1.42719, 0.05867, -3.20627, -0.39363, -6.57526, -0.56659, -1.26419, 34.91226, 2.58771];

/// One library entry as the index sees it: `key` is the caller's handle (a database id).
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    pub key: i64,
    /// The claim as checked.
    pub claim: &'a str,
    /// A headline or other wording of it (may be empty).
    pub title: &'a str,
}

struct Entry {
    key: i64,
    /// Distinct term ids.
    terms: Vec<u32>,
    len: u32,
    /// Distinct adjacent term-id pairs, sorted.
    bigrams: Vec<u64>,
    nums: Vec<String>,
    /// Character 4-grams of claim + title: (gram id, count), sorted by id.
    grams: Vec<(u32, u16)>,
}

/// An append-only BM25 index over claim + title.
#[derive(Default)]
pub struct Index {
    vocab: HashMap<String, u32>,
    postings: Vec<Vec<(u32, u16)>>,
    docs: Vec<Entry>,
    total_len: u64,
    /// Character 4-gram ids and the number of entries each occurs in.
    gram_ids: HashMap<[char; 4], u32>,
    gram_df: Vec<u32>,
}

/// A ranked candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub key: i64,
    /// Position in the index (see `Index::figures_of`).
    pub doc: u32,
    /// The re-ranker's score squashed to 0..1 (orders the list; higher is closer).
    pub rank_score: f32,
    /// How close the two wordings are, 0..1: the harmonic mean of the share of each side's
    /// rare-word weight found in the other (what readers see as closeness).
    pub closeness: f32,
}

fn bigram(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

impl Index {
    pub fn new() -> Index {
        Index::default()
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    fn term_id(&mut self, t: String) -> u32 {
        if let Some(&id) = self.vocab.get(&t) {
            return id;
        }
        let id = self.postings.len() as u32;
        self.vocab.insert(t, id);
        self.postings.push(Vec::new());
        id
    }

    pub fn add(&mut self, doc: &Doc) {
        let claim: Vec<u32> = tokens(doc.claim).into_iter().map(|t| self.term_id(t)).collect();
        let title: Vec<u32> = tokens(doc.title).into_iter().map(|t| self.term_id(t)).collect();
        let n = self.docs.len() as u32;
        let mut counts: HashMap<u32, u16> = HashMap::new();
        for &t in claim.iter().chain(&title) {
            *counts.entry(t).or_default() += 1;
        }
        let mut terms: Vec<u32> = counts.keys().copied().collect();
        terms.sort_unstable();
        for &t in &terms {
            self.postings[t as usize].push((n, counts[&t]));
        }
        let mut bigrams: Vec<u64> =
            claim.windows(2).chain(title.windows(2)).map(|w| bigram(w[0], w[1])).collect();
        bigrams.sort_unstable();
        bigrams.dedup();
        let len = (claim.len() + title.len()) as u32;
        self.total_len += u64::from(len);
        let mut nums = numbers(doc.claim);
        nums.extend(numbers(doc.title));
        nums.sort();
        nums.dedup();
        let mut grams: Vec<(u32, u16)> = char_grams(&format!("{} {}", doc.claim, doc.title))
            .into_iter()
            .map(|(g, c)| {
                let next = self.gram_df.len() as u32;
                let id = *self.gram_ids.entry(g).or_insert(next);
                if id == next {
                    self.gram_df.push(0);
                }
                self.gram_df[id as usize] += 1;
                (id, c)
            })
            .collect();
        grams.sort_unstable();
        self.docs.push(Entry { key: doc.key, terms, len, bigrams, nums, grams });
    }

    /// The index terms (as `tokens` gives them) of the entries whose key is in `keys`.
    pub fn terms_of_keys(&self, keys: &std::collections::HashSet<i64>) -> std::collections::HashSet<String> {
        let mut ids: Vec<u32> = self
            .docs
            .iter()
            .filter(|e| keys.contains(&e.key))
            .flat_map(|e| e.terms.iter().copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        self.vocab.iter().filter(|(_, id)| ids.binary_search(id).is_ok()).map(|(t, _)| t.clone()).collect()
    }

    /// The figures in an entry's claim and title.
    pub fn figures_of(&self, doc: u32) -> &[String] {
        &self.docs[doc as usize].nums
    }

    fn idf(&self, term: u32) -> f32 {
        let n = self.postings[term as usize].len() as f32;
        let total = self.docs.len() as f32;
        (1.0 + (total - n + 0.5) / (n + 0.5)).ln()
    }

    /// The best `top` entries for a query text, best first (ties: earlier entries first).
    pub fn search(&self, query: &str, top: usize) -> Vec<Hit> {
        self.search_filtered(query, top, |_| true)
    }

    /// As `search`, skipping entries whose key `keep` refuses.
    pub fn search_filtered(&self, query: &str, top: usize, keep: impl Fn(i64) -> bool) -> Vec<Hit> {
        if self.docs.is_empty() || top == 0 {
            return Vec::new();
        }
        let cleaned = clean_query(query);
        let q_tokens = tokens(&cleaned);
        let q_ids: Vec<Option<u32>> = q_tokens.iter().map(|t| self.vocab.get(t).copied()).collect();
        // Query words no entry has, for the re-ranker's query coverage (as it was fitted).
        let unseen = {
            let mut u: Vec<&String> = q_tokens.iter().filter(|t| !self.vocab.contains_key(*t)).collect();
            u.sort_unstable();
            u.dedup();
            u.len() as f32
        };
        let mut q_terms: Vec<u32> = q_ids.iter().flatten().copied().collect();
        q_terms.sort_unstable();
        q_terms.dedup();
        if q_terms.is_empty() {
            return Vec::new();
        }
        let mut q_bigrams: Vec<u64> = q_ids
            .windows(2)
            .filter_map(|w| match (w[0], w[1]) {
                (Some(a), Some(b)) => Some(bigram(a, b)),
                _ => None,
            })
            .collect();
        q_bigrams.sort_unstable();
        q_bigrams.dedup();
        let q_nums = numbers(&cleaned);
        // The query's character 4-grams, weighted like the entries' (log tf times idf).
        let n_docs = self.docs.len() as f32;
        let gram_idf = |id: u32| (n_docs / (1.0 + self.gram_df[id as usize] as f32)).ln() + 1.0;
        let unseen_idf = n_docs.ln() + 1.0;
        let mut q_grams: HashMap<u32, f32> = HashMap::new();
        let mut q_norm = 0.0;
        for (g, c) in char_grams(&cleaned) {
            let id = self.gram_ids.get(&g).copied();
            let w = (1.0 + f32::from(c).ln()) * id.map_or(unseen_idf, gram_idf);
            if let Some(id) = id {
                q_grams.insert(id, w);
            }
            q_norm += w * w;
        }
        let q_norm = q_norm.sqrt().max(f32::MIN_POSITIVE);

        let avg = (self.total_len as f32 / self.docs.len() as f32).max(1.0);
        let mut scores: HashMap<u32, f32> = HashMap::new();
        let mut q_idf = 0.0;
        for &t in &q_terms {
            let idf = self.idf(t);
            q_idf += idf;
            for &(d, tf) in &self.postings[t as usize] {
                let tf = f32::from(tf);
                let dl = self.docs[d as usize].len as f32;
                *scores.entry(d).or_default() += idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * dl / avg));
            }
        }
        let mut ranked: Vec<(u32, f32)> =
            scores.into_iter().filter(|&(d, _)| keep(self.docs[d as usize].key)).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(RERANK_DEPTH.max(top));
        let best = ranked.first().map(|r| r.1).unwrap_or(1.0).max(f32::MIN_POSITIVE);

        let mut hits: Vec<Hit> = ranked
            .into_iter()
            .enumerate()
            .map(|(rank, (d, raw))| {
                let e = &self.docs[d as usize];
                let mut shared = 0.0;
                let mut doc_idf = 0.0;
                for &t in &e.terms {
                    let idf = self.idf(t);
                    doc_idf += idf;
                    if q_terms.binary_search(&t).is_ok() {
                        shared += idf;
                    }
                }
                let cov = if doc_idf > 0.0 { shared / doc_idf } else { 0.0 };
                let qcov = if q_idf > 0.0 { shared / q_idf } else { 0.0 };
                let total = self.docs.len() as f32;
                let q_idf_all = q_idf + unseen * (1.0 + (total + 0.5) / 0.5).ln();
                let qcov_all = if q_idf_all > 0.0 { shared / q_idf_all } else { 0.0 };
                let bi_shared = q_bigrams.iter().filter(|b| e.bigrams.binary_search(b).is_ok()).count();
                let bi = bi_shared as f32 / e.bigrams.len().max(1) as f32;
                let (agree, disjoint) = if e.nums.is_empty() {
                    (0.5, 0.0)
                } else {
                    let common = e.nums.iter().filter(|n| q_nums.contains(n)).count();
                    let disjoint = if !q_nums.is_empty() && common == 0 { 1.0 } else { 0.0 };
                    (common as f32 / e.nums.len() as f32, disjoint)
                };
                let (mut dot, mut d_norm) = (0.0, 0.0);
                for &(id, c) in &e.grams {
                    let w = (1.0 + f32::from(c).ln()) * gram_idf(id);
                    d_norm += w * w;
                    if let Some(q) = q_grams.get(&id) {
                        dot += q * w;
                    }
                }
                let char_cos = dot / (q_norm * d_norm.sqrt().max(f32::MIN_POSITIVE));
                let x = [
                    raw / best,
                    raw,
                    cov,
                    qcov_all,
                    bi,
                    agree,
                    disjoint,
                    char_cos,
                    1.0 / (rank as f32 + 1.0),
                ];
                let z: f32 = x.iter().zip(WEIGHTS).map(|(a, w)| a * w).sum::<f32>();
                let closeness = if cov + qcov > 0.0 { 2.0 * cov * qcov / (cov + qcov) } else { 0.0 };
                Hit { key: e.key, doc: d, rank_score: 1.0 / (1.0 + (-z).exp()), closeness }
            })
            .collect();
        hits.sort_by(|a, b| b.rank_score.total_cmp(&a.rank_score));
        hits.truncate(top);
        hits
    }
}

/// Character 4-grams of a text with their counts: lower-cased, anything but letters, digits and `_`
/// made a space, runs of spaces made one, then a space added at each end.
fn char_grams(text: &str) -> HashMap<[char; 4], u16> {
    let mut body: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = if c.is_alphanumeric() || c == '_' { c } else { ' ' };
        if c == ' ' && body.last() == Some(&' ') {
            continue;
        }
        body.push(c);
    }
    // The end spaces are added to the text as it is (one that ends in "?" ends in two spaces).
    let mut chars = Vec::with_capacity(body.len() + 2);
    chars.push(' ');
    chars.extend(body);
    chars.push(' ');
    let mut out: HashMap<[char; 4], u16> = HashMap::new();
    for w in chars.windows(4) {
        let c = out.entry([w[0], w[1], w[2], w[3]]).or_default();
        *c = c.saturating_add(1);
    }
    out
}

/// Whether a candidate's key figures agree with the claim's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figures {
    Agree,
    Differ,
    None,
}

impl Figures {
    pub fn as_str(self) -> &'static str {
        match self {
            Figures::Agree => "agree",
            Figures::Differ => "differ",
            Figures::None => "none",
        }
    }
}

fn is_year(n: &str) -> bool {
    n.len() == 4 && n.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y))
}

/// Compares the claim's figures (`claim_figures`: the numbers of its facts, or of its statement)
/// with the candidate's (`numbers` of its text). Years are set aside when both sides have other
/// figures, so "in 2019" does not outweigh "10 kg". Agree when one side's figures are all in the
/// other's; differ when they part; none when either side has no figures.
pub fn figures(claim_figures: &[String], candidate_figures: &[String]) -> Figures {
    let mut theirs: Vec<String> = candidate_figures.to_vec();
    let mut ours: Vec<String> = claim_figures.to_vec();
    if ours.is_empty() || theirs.is_empty() {
        return Figures::None;
    }
    if ours.iter().any(|n| !is_year(n)) && theirs.iter().any(|n| !is_year(n)) {
        ours.retain(|n| !is_year(n));
        theirs.retain(|n| !is_year(n));
    }
    let ours_in = ours.iter().all(|n| theirs.contains(n));
    let theirs_in = theirs.iter().all(|n| ours.contains(n));
    if ours_in || theirs_in {
        Figures::Agree
    } else {
        Figures::Differ
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library() -> Index {
        let mut ix = Index::new();
        let docs = [
            (
                1,
                "Customs officers seized about 10 kg of narcotics at the border in March.",
                "Border drug seizure",
            ),
            (
                2,
                "The new bridge over the river cost the city 12 million dollars.",
                "Did the bridge cost $12 million?",
            ),
            (3, "A photograph shows a shark swimming on a flooded highway.", "Shark on the highway?"),
        ];
        for (key, claim, title) in docs {
            ix.add(&Doc { key, claim, title });
        }
        ix
    }

    #[test]
    fn a_restated_claim_finds_its_fact_check_first() {
        let hits = library().search("Officers at the border seized roughly 10 kg of narcotics", 3);
        assert_eq!(hits[0].key, 1);
        assert!(hits[0].closeness > 0.3, "{hits:?}");
    }

    #[test]
    fn an_unrelated_query_finds_nothing_close() {
        let hits = library().search("Parliament passed the budget on Tuesday", 3);
        assert!(hits.iter().all(|h| h.closeness < 0.2), "{hits:?}");
    }

    #[test]
    fn a_different_figure_is_told_apart_from_the_same_figure() {
        let f = |ours: &[&str], text: &str| {
            figures(&ours.iter().map(|s| s.to_string()).collect::<Vec<_>>(), &numbers(text))
        };
        assert_eq!(f(&["10"], "about 100 kg of narcotics"), Figures::Differ);
        assert_eq!(f(&["10"], "about 10 kg of narcotics in 2019"), Figures::Agree);
        assert_eq!(f(&["1/5"], "as much as 1/3 of the population"), Figures::Differ);
        assert_eq!(f(&[], "10 kg"), Figures::None);
        assert_eq!(f(&["10"], "no figure here"), Figures::None);
    }

    #[test]
    fn the_filter_skips_refused_entries() {
        let hits = library().search_filtered("seized 10 kg of narcotics", 3, |k| k != 1);
        assert!(hits.iter().all(|h| h.key != 1));
    }
}
