//! Learning the scorer's weights from labelled articles (`claimcheck train-extractor`).
//!
//! A corpus is a `gold.json` in the labelling format (a list of `{"file", "segments": [{"text",
//! "label", "facts"}]}`, the `.txt` files beside it). Every segment `extract` finds is matched
//! to the gold segment it overlaps most and labelled a claim when that one is a claim and holds
//! at least half of it (how the dev-set scorer counts a proposal as right). A logistic
//! regression (AdaGrad, L2) is fitted over `score::features`; leave-one-article-out
//! cross-validation scores each article with a model trained on all the others, with the same
//! measures as the dev-set scorer (claims by overlap, facts by overlap, claims on boilerplate),
//! per corpus. The weights are written as Rust source (`weights.rs`), so the product reads no
//! model file. Pure: the caller passes a function that reads files.

use super::{extract, facts, lexicon, score, segment, tagger, SegmentLabel, Why};
use serde::Deserialize;
use std::fmt::Write as _;

/// One labelled article as `gold.json` lists it.
#[derive(Debug, Deserialize)]
pub struct GoldArticle {
    pub file: String,
    pub segments: Vec<GoldSegment>,
}

/// One labelled segment.
#[derive(Debug, Deserialize)]
pub struct GoldSegment {
    pub text: String,
    pub label: String,
    #[serde(default)]
    pub facts: Vec<String>,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct Options {
    /// Run leave-one-article-out cross-validation and report it.
    pub cv: bool,
    /// The claim threshold; `None` picks it from the cross-validation (or keeps the default).
    pub threshold: Option<f64>,
    /// Size of the hashed word and word-pair tables: 2^bits each.
    pub bits: u32,
    pub epochs: usize,
    /// L2 penalty per update, on the named features and on the hashed ones.
    pub l2: f64,
    pub l2_hashed: f64,
    /// AdaGrad step.
    pub rate: f64,
    /// List the cross-validation's wrong proposals and misses.
    pub errors: bool,
    /// Leave out hashed features for experiments: 1 words, 2 word pairs.
    pub drop: u8,
    /// List, for each claim the cross-validation finds, the gold facts no marked span
    /// overlaps and the marked spans that overlap no gold fact.
    pub fact_errors: bool,
    /// The fact tagger: table size 2^bits, epochs, L2 per update, AdaGrad step.
    pub tag_bits: u32,
    pub tag_epochs: usize,
    pub tag_l2: f64,
    pub tag_rate: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            cv: false,
            threshold: None,
            bits: 12,
            epochs: 30,
            l2: 1e-3,
            l2_hashed: 1.0,
            rate: 0.3,
            errors: false,
            drop: 0,
            fact_errors: false,
            tag_bits: 14,
            tag_epochs: 10,
            tag_l2: 3e-3,
            tag_rate: 0.1,
        }
    }
}

/// The mean claim precision over the corpora that the chosen threshold must keep.
const PRECISION_FLOOR: f64 = 0.88;

/// What a run produced: a report for people and the weights as Rust source.
pub struct Outcome {
    pub report: String,
    pub source: String,
}

/// A gold segment located in its article (byte offsets).
struct Located {
    s: usize,
    e: usize,
    label: SegmentLabel,
    facts: Vec<(usize, usize)>,
}

/// One segment `extract` found, as the trainer sees it.
struct Seg {
    s: usize,
    e: usize,
    /// Feature ids (`score::features`); `None` for a boilerplate line.
    feats: Option<Vec<u32>>,
    /// The rules' fact spans (`facts::facts_with`).
    facts: Vec<(usize, usize)>,
    /// Its words (`tagger::words_into`), their tagger feature ids (word `i`'s are
    /// `tag_feats[tag_offs[i]..tag_offs[i + 1]]`) and whether each is inside a gold fact.
    words: Vec<tagger::Word>,
    tag_feats: Vec<u32>,
    tag_offs: Vec<usize>,
    tag_y: Vec<bool>,
    /// The gold segment it overlaps most, and by how many bytes.
    best: Option<(usize, usize)>,
    /// The training label: proposing it would count as a right claim.
    y: bool,
}

struct Doc {
    index: usize,
    corpus: usize,
    file: String,
    gold: Vec<Located>,
    segs: Vec<Seg>,
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

fn locate(file: &str, text: &str, gold: &[GoldSegment]) -> Result<Vec<Located>, String> {
    let mut out = Vec::with_capacity(gold.len());
    let mut pos = 0;
    for g in gold {
        let Some(i) = text[pos..].find(&g.text).map(|i| i + pos) else {
            return Err(format!("{file}: segment not found in order: {:?}", g.text));
        };
        let label = match g.label.as_str() {
            "claim" => SegmentLabel::Claim,
            "not_claim" => SegmentLabel::NotClaim,
            "boilerplate" => SegmentLabel::Boilerplate,
            other => return Err(format!("{file}: unknown label {other:?}")),
        };
        let mut facts = Vec::new();
        for f in &g.facts {
            let Some(j) = text[i..].find(f.as_str()).map(|j| j + i) else {
                return Err(format!("{file}: fact {f:?} not found"));
            };
            facts.push((j, j + f.len()));
        }
        out.push(Located { s: i, e: i + g.text.len(), label, facts });
        pos = i + g.text.len();
    }
    Ok(out)
}

fn prepare(corpus: usize, file: String, text: &str, gold: Vec<Located>, o: &Options) -> Doc {
    let (bits, drop) = (o.bits, o.drop);
    let raw = segment::segments(text);
    let ex = extract(text);
    debug_assert_eq!(raw.len(), ex.segments.len());
    let (mut toks, mut marked) = (Vec::new(), Vec::new());
    let mut scratch = facts::Scratch::default();
    let mut tag = tagger::Scratch::default();
    let mut segs = Vec::with_capacity(raw.len());
    for (r, seg) in raw.iter().zip(&ex.segments) {
        let (s, e) = (r.start, r.end);
        let best = gold
            .iter()
            .enumerate()
            .map(|(k, g)| (k, overlap((s, e), (g.s, g.e))))
            .filter(|&(_, ov)| ov > 0)
            .max_by_key(|&(k, ov)| (ov, usize::MAX - k));
        let y = best.is_some_and(|(k, ov)| gold[k].label == SegmentLabel::Claim && ov * 2 >= e - s);
        let (feats, facts) = match &seg.why {
            Why::Scored { ctx, .. } => {
                lexicon::tokens_into(text, s, e, &mut toks);
                lexicon::marked_into(&toks, &mut marked);
                let mut ids = Vec::new();
                let pairs = score::HASHED + (1 << bits);
                score::features(text, s, e, &toks, &marked, *ctx, bits, &mut |id, _| {
                    let kind = if id < score::HASHED {
                        0
                    } else if id < pairs {
                        1
                    } else {
                        2
                    };
                    if drop & kind == 0 {
                        ids.push(id);
                    }
                });
                let fs = facts::facts_with(text, &toks, &marked, &mut scratch).to_vec();
                (Some(ids), fs)
            }
            Why::Boilerplate(_) => (None, Vec::new()),
        };
        let (mut tag_feats, mut tag_offs, mut tag_y) = (Vec::new(), vec![0], Vec::new());
        let mut words = Vec::new();
        // The tagger reads only the claims in which the rules find no fact (`tagger::facts`).
        if feats.is_some() && facts.is_empty() {
            tag.load(text, s, e);
            let gold_facts = best.map_or(&[][..], |(k, _)| &gold[k].facts[..]);
            for (i, &wd) in tag.words.iter().enumerate() {
                tag.features(text, i, o.tag_bits, &mut |k| tag_feats.push(k));
                tag_offs.push(tag_feats.len());
                tag_y.push(gold_facts.iter().any(|&f| overlap(wd, f) > 0));
            }
            words = tag.words.clone();
        }
        segs.push(Seg { s, e, feats, facts, words, tag_feats, tag_offs, tag_y, best, y });
    }
    Doc { index: 0, corpus, file, gold, segs }
}

/// A deterministic shuffle (xorshift), so training gives the same weights every run.
fn shuffle(v: &mut [usize], seed: &mut u64) {
    for i in (1..v.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        v.swap(i, (*seed % (i as u64 + 1)) as usize);
    }
}

/// Logistic regression over the scored segments of `docs` (all but `skip`).
fn fit(docs: &[Doc], skip: Option<usize>, dim: usize, o: &Options) -> Vec<f64> {
    let ex: Vec<(&[u32], bool)> = docs
        .iter()
        .enumerate()
        .filter(|&(d, _)| Some(d) != skip)
        .flat_map(|(_, d)| d.segs.iter().filter_map(|s| s.feats.as_deref().map(|f| (f, s.y))))
        .collect();
    let l2 = |k: u32| if k < score::HASHED { o.l2 } else { o.l2_hashed };
    logistic(&ex, dim, o.epochs, o.rate, l2)
}

/// The fact tagger's logistic regression over the words of the claims `extract` finds right in
/// `docs` (all but `skip`) and the rules find no fact in (the only ones it tags): is the word
/// inside a gold fact?
fn fit_tagger(docs: &[Doc], skip: Option<usize>, o: &Options) -> Vec<f64> {
    let mut ex: Vec<(&[u32], bool)> = Vec::new();
    for (_, d) in docs.iter().enumerate().filter(|&(d, _)| Some(d) != skip) {
        for seg in d.segs.iter().filter(|s| s.y) {
            for (i, &y) in seg.tag_y.iter().enumerate() {
                ex.push((&seg.tag_feats[seg.tag_offs[i]..seg.tag_offs[i + 1]], y));
            }
        }
    }
    logistic(&ex, 1 << o.tag_bits, o.tag_epochs, o.tag_rate, |_| o.tag_l2)
}

/// Logistic regression by AdaGrad with an L2 penalty per update (`l2` of the feature id), in a
/// deterministic order.
fn logistic(
    ex: &[(&[u32], bool)],
    dim: usize,
    epochs: usize,
    rate: f64,
    l2: impl Fn(u32) -> f64,
) -> Vec<f64> {
    let mut w = vec![0.0f64; dim];
    let mut g2 = vec![1e-8f64; dim];
    let mut order: Vec<usize> = (0..ex.len()).collect();
    let mut seed = 0x2545_F491_4F6C_DD1D_u64;
    for _ in 0..epochs {
        shuffle(&mut order, &mut seed);
        for &i in &order {
            let (f, y) = ex[i];
            let z: f64 = f.iter().map(|&k| w[k as usize]).sum();
            let g = score::sigmoid(z) - f64::from(u8::from(y));
            for &k in f {
                let grad = g + l2(k) * w[k as usize];
                let k = k as usize;
                g2[k] += grad * grad;
                w[k] -= rate * grad / g2[k].sqrt();
            }
        }
    }
    // As written to `weights.rs` (f32, four decimals), so the figures are the product's.
    w.iter().map(|&x| ((x * 1e4).round() / 1e4) as f32 as f64).collect()
}

/// The tagger's probability for each word of each of `doc`'s scored segments, with weights `w`.
fn word_probs(doc: &Doc, w: &[f64]) -> Vec<Vec<f32>> {
    doc.segs
        .iter()
        .map(|seg| {
            (0..seg.words.len())
                .map(|i| {
                    let f = &seg.tag_feats[seg.tag_offs[i]..seg.tag_offs[i + 1]];
                    score::sigmoid(f.iter().map(|&k| w[k as usize] as f32).sum::<f32>().into()) as f32
                })
                .collect()
        })
        .collect()
}

/// The fact spans of each of `doc`'s segments, as `tagger::facts` draws them: the rules' spans
/// where there are any, else the learned spans read off `probs` with `d`.
fn spans_of(doc: &Doc, probs: &[Vec<f32>], d: tagger::Decode, text: &str) -> Vec<Vec<(usize, usize)>> {
    doc.segs
        .iter()
        .zip(probs)
        .map(|(seg, p)| {
            let mut spans = seg.facts.clone();
            if seg.feats.is_some() && spans.is_empty() {
                tagger::decode(text, &seg.words, p, d, &mut spans);
            }
            spans
        })
        .collect()
}

fn fact_cells(cs: &[Counts], names: &[String]) -> String {
    cs.iter()
        .zip(names)
        .map(|(c, n)| {
            format!(
                "{n} {:.3} / {:.3} ({:.2} marked, {:.1}% mostly)",
                c.fact_recall(),
                c.fact_precision(),
                c.coverage(),
                100.0 * c.mostly_marked()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The decoding used without cross-validation to choose one.
const DEFAULT_DECODE: tagger::Decode = tagger::Decode { hi: 0.5, lo: 0.3, gap: 1 };
/// The fact precision every corpus must keep when the tagger's decoding is chosen.
const FACT_PRECISION_FLOOR: f64 = 0.80;
/// The most of a claim the fact tagger may mark, and the most claims it may mostly mark, as a
/// multiple of what the labellers did.
const COVERAGE_SLACK: f64 = 1.15;

/// The fact tagger as `weights.rs` keeps it.
struct Tagger<'a> {
    w: &'a [f64],
    decode: tagger::Decode,
}

fn prob(w: &[f64], feats: &[u32]) -> f64 {
    score::sigmoid(feats.iter().map(|&k| w[k as usize] as f32).sum::<f32>().into())
}

/// The dev-set scorer's counts.
#[derive(Default, Clone, Copy)]
struct Counts {
    pred: usize,
    correct: usize,
    boiler: usize,
    gold: usize,
    found: usize,
    facts: usize,
    facts_found: usize,
    pfacts: usize,
    pfacts_ok: usize,
    /// Bytes of the right claims' gold segments, and of the fact spans marked in them.
    found_bytes: usize,
    marked_bytes: usize,
    /// Bytes of all gold claims, and of their gold facts.
    gold_bytes: usize,
    gold_fact_bytes: usize,
    /// Right claims more than `MOSTLY` marked, and gold claims more than `MOSTLY` gold facts.
    mostly: usize,
    gold_mostly: usize,
}

/// A claim whose facts cover more than this share of it is "mostly marked": bold over most of a
/// sentence shows a reader nothing in particular to check.
const MOSTLY: f64 = 0.7;

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.pred += o.pred;
        self.correct += o.correct;
        self.boiler += o.boiler;
        self.gold += o.gold;
        self.found += o.found;
        self.facts += o.facts;
        self.facts_found += o.facts_found;
        self.pfacts += o.pfacts;
        self.pfacts_ok += o.pfacts_ok;
        self.found_bytes += o.found_bytes;
        self.marked_bytes += o.marked_bytes;
        self.gold_bytes += o.gold_bytes;
        self.gold_fact_bytes += o.gold_fact_bytes;
        self.mostly += o.mostly;
        self.gold_mostly += o.gold_mostly;
    }
    /// The share of right claims mostly marked, and of gold claims.
    fn mostly_marked(&self) -> f64 {
        Self::ratio(self.mostly, self.found)
    }
    fn gold_mostly_marked(&self) -> f64 {
        Self::ratio(self.gold_mostly, self.gold)
    }
    fn fact_recall(&self) -> f64 {
        Self::ratio(self.facts_found, self.facts)
    }
    fn fact_precision(&self) -> f64 {
        Self::ratio(self.pfacts_ok, self.pfacts)
    }
    /// The share of a right claim's text marked as facts.
    fn coverage(&self) -> f64 {
        Self::ratio(self.marked_bytes, self.found_bytes)
    }
    /// The same share in the gold labels.
    fn gold_coverage(&self) -> f64 {
        Self::ratio(self.gold_fact_bytes, self.gold_bytes)
    }
    fn ratio(a: usize, b: usize) -> f64 {
        a as f64 / b.max(1) as f64
    }
    fn recall(&self) -> f64 {
        Self::ratio(self.found, self.gold)
    }
    fn precision(&self) -> f64 {
        Self::ratio(self.correct, self.pred)
    }
    fn line(&self) -> String {
        format!(
            "claim recall {:.3} precision {:.3}; fact recall {:.3} precision {:.3} (marked {:.2} of a claim, \
             gold {:.2}; mostly marked {:.1}% of claims, gold {:.1}%); boilerplate claims {} ({} gold claims, {} proposed)",
            self.recall(),
            self.precision(),
            self.fact_recall(),
            self.fact_precision(),
            self.coverage(),
            self.gold_coverage(),
            100.0 * self.mostly_marked(),
            100.0 * self.gold_mostly_marked(),
            self.boiler,
            self.gold,
            self.pred
        )
    }
}

/// Scores one article given the probability of each of its segments and their fact spans.
fn count(doc: &Doc, probs: &[f64], threshold: f64, facts: &[Vec<(usize, usize)>]) -> Counts {
    let mut c = Counts::default();
    let mut found = vec![false; doc.gold.len()];
    let mut pfacts: Vec<Vec<(usize, usize)>> = vec![Vec::new(); doc.gold.len()];
    for ((seg, &p), seg_facts) in doc.segs.iter().zip(probs).zip(facts) {
        if seg.feats.is_none() || p < threshold {
            continue;
        }
        c.pred += 1;
        let Some((k, ov)) = seg.best else { continue };
        let g = &doc.gold[k];
        c.boiler += usize::from(g.label == SegmentLabel::Boilerplate);
        if g.label == SegmentLabel::Claim && ov * 2 >= seg.e - seg.s {
            c.correct += 1;
            found[k] = true;
            pfacts[k].extend_from_slice(seg_facts);
        }
    }
    for (k, g) in doc.gold.iter().enumerate() {
        for &p in &pfacts[k] {
            c.pfacts += 1;
            c.pfacts_ok += usize::from(g.facts.iter().any(|&f| overlap(p, f) > 0));
        }
        if g.label != SegmentLabel::Claim {
            continue;
        }
        c.gold += 1;
        c.found += usize::from(found[k]);
        let gold_fact_bytes = g.facts.iter().map(|f| f.1 - f.0).sum::<usize>();
        c.gold_bytes += g.e - g.s;
        c.gold_fact_bytes += gold_fact_bytes;
        c.gold_mostly += usize::from(gold_fact_bytes as f64 > MOSTLY * (g.e - g.s) as f64);
        if found[k] {
            let marked = pfacts[k].iter().map(|&p| overlap(p, (g.s, g.e))).sum::<usize>();
            c.found_bytes += g.e - g.s;
            c.marked_bytes += marked;
            c.mostly += usize::from(marked as f64 > MOSTLY * (g.e - g.s) as f64);
        }
        for &f in &g.facts {
            c.facts += 1;
            c.facts_found += usize::from(pfacts[k].iter().any(|&p| overlap(p, f) > 0));
        }
    }
    c
}

/// The fact errors of one article's found claims: gold facts no marked span overlaps
/// (`fact missed`) and marked spans that overlap no gold fact (`fact extra`).
fn fact_errors(
    report: &mut String,
    doc: &Doc,
    text: &str,
    probs: &[f64],
    threshold: f64,
    facts: &[Vec<(usize, usize)>],
) {
    let mut pfacts: Vec<Vec<(usize, usize)>> = vec![Vec::new(); doc.gold.len()];
    let mut found = vec![false; doc.gold.len()];
    for ((seg, &p), seg_facts) in doc.segs.iter().zip(probs).zip(facts) {
        let Some((k, ov)) = seg.best else { continue };
        if seg.feats.is_some()
            && p >= threshold
            && doc.gold[k].label == SegmentLabel::Claim
            && ov * 2 >= seg.e - seg.s
        {
            found[k] = true;
            pfacts[k].extend_from_slice(seg_facts);
        }
    }
    for (k, g) in doc.gold.iter().enumerate() {
        if !found[k] {
            continue;
        }
        let missed: Vec<_> =
            g.facts.iter().filter(|&&f| !pfacts[k].iter().any(|&p| overlap(p, f) > 0)).collect();
        let extra: Vec<_> =
            pfacts[k].iter().filter(|&&p| !g.facts.iter().any(|&f| overlap(p, f) > 0)).collect();
        if missed.is_empty() && extra.is_empty() {
            continue;
        }
        let sent: String = text[g.s..g.e].chars().take(140).collect();
        let _ = writeln!(report, "     in: {sent}");
        for &&(s, e) in &missed {
            let _ = writeln!(report, "       fact missed: {}", &text[s..e]);
        }
        for &&(s, e) in &extra {
            let _ = writeln!(report, "       fact extra: {}", &text[s..e]);
        }
    }
}

/// Reads the corpora named by `labels` (paths of gold.json files; `read` returns a file's
/// text), trains, optionally cross-validates, and returns the report and the weights source.
pub fn run(
    labels: &[String],
    read: &dyn Fn(&str) -> Result<String, String>,
    o: &Options,
) -> Result<Outcome, String> {
    if !(1..=24).contains(&o.bits) || !(1..=24).contains(&o.tag_bits) {
        return Err(format!(
            "table sizes are 2^1 to 2^24: got --bits {} and --tag-bits {}",
            o.bits, o.tag_bits
        ));
    }
    let mut names: Vec<String> = Vec::new();
    let mut docs = Vec::new();
    let mut texts = Vec::new();
    for path in labels {
        let p = std::path::Path::new(path);
        let dir = p.parent().unwrap_or(std::path::Path::new("."));
        let name = dir.file_name().map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned());
        let gold: Vec<GoldArticle> =
            serde_json::from_str(&read(path)?).map_err(|e| format!("{path}: {e}"))?;
        let corpus = names.len();
        names.push(name);
        for a in gold {
            let tp = dir.join(&a.file);
            let tp = tp.to_string_lossy();
            let text = read(&tp)?;
            let located = locate(&tp, &text, &a.segments)?;
            let mut d = prepare(corpus, a.file, &text, located, o);
            d.index = texts.len();
            texts.push(text);
            docs.push(d);
        }
    }
    if docs.is_empty() {
        return Err("no labelled articles".into());
    }
    let dim = (score::HASHED + (2 << o.bits)) as usize;
    let mut report = String::new();
    let ex_count: usize = docs.iter().map(|d| d.segs.iter().filter(|s| s.feats.is_some()).count()).sum();
    let _ = writeln!(
        report,
        "{} articles, {} scored segments, {} features ({} named and word classes + 2 x 2^{} hashed)",
        docs.len(),
        ex_count,
        dim,
        score::HASHED,
        o.bits
    );
    let mut threshold = o.threshold.unwrap_or(0.5);
    let mut decode = DEFAULT_DECODE;
    let mut cv_lines = Vec::new();
    if o.cv {
        // Each article scored by a model that never saw it.
        let probs: Vec<Vec<f64>> = (0..docs.len())
            .map(|d| {
                let w = fit(&docs, Some(d), dim, o);
                docs[d].segs.iter().map(|s| s.feats.as_deref().map_or(0.0, |f| prob(&w, f))).collect()
            })
            .collect();
        // Claims do not depend on facts: the threshold is chosen with the rules' facts.
        let rule_facts: Vec<Vec<Vec<(usize, usize)>>> =
            docs.iter().map(|d| d.segs.iter().map(|s| s.facts.clone()).collect()).collect();
        let per_corpus_with = |t: f64, facts: &[Vec<Vec<(usize, usize)>>]| -> Vec<Counts> {
            let mut out = vec![Counts::default(); names.len()];
            for ((d, p), f) in docs.iter().zip(&probs).zip(facts) {
                out[d.corpus].add(&count(d, p, t, f));
            }
            out
        };
        let per_corpus = |t: f64| per_corpus_with(t, &rule_facts);
        let _ =
            writeln!(report, "\nleave-one-article-out, claim recall / precision per corpus by threshold:");
        // The threshold: the best mean F2 (recall weighing twice as much as precision) among
        // those where the corpora's mean precision reaches `PRECISION_FLOOR`, or overall if
        // none does.
        let mut best = (f64::MIN, threshold);
        let mut best_floor = (f64::MIN, None);
        for step in 10..=90 {
            let t = f64::from(step) / 100.0;
            let cs = per_corpus(t);
            // Recall weighs twice as much as precision (F2), averaged over the corpora.
            let f2 = cs
                .iter()
                .map(|c| {
                    let (r, p) = (c.recall(), c.precision());
                    if r + p == 0.0 {
                        0.0
                    } else {
                        5.0 * p * r / (4.0 * p + r)
                    }
                })
                .sum::<f64>()
                / cs.len() as f64;
            if f2 > best.0 + 1e-12 {
                best = (f2, t);
            }
            let mean_p = cs.iter().map(Counts::precision).sum::<f64>() / cs.len() as f64;
            if mean_p >= PRECISION_FLOOR && f2 > best_floor.0 + 1e-12 {
                best_floor = (f2, Some(t));
            }
            if step % 5 == 0 || (40..=65).contains(&step) {
                let cells: Vec<String> = cs
                    .iter()
                    .zip(&names)
                    .map(|(c, n)| format!("{n} {:.3} / {:.3}", c.recall(), c.precision()))
                    .collect();
                let _ = writeln!(report, "  {t:.2}: {}  (mean F2 {f2:.3})", cells.join(", "));
            }
        }
        if o.threshold.is_none() {
            threshold = best_floor.1.unwrap_or(best.1);
        }
        let _ = writeln!(
            report,
            "\nthreshold {threshold:.2} (best mean F2 at {:.2}; with mean precision >= {PRECISION_FLOOR}: at {})",
            best.1,
            best_floor.1.map_or("none".into(), |t| format!("{t:.2}"))
        );
        // The fact tagger, each article's words tagged by a model that never saw it; then the
        // decoding with the best mean fact recall over the corpora that keeps every corpus's fact
        // precision at `FACT_PRECISION_FLOOR` and marks no more of a claim than `COVERAGE_SLACK`
        // times what the labellers marked (else the best mean F1 within that share).
        let word_probs: Vec<Vec<Vec<f32>>> = (0..docs.len())
            .map(|d| {
                let w = fit_tagger(&docs, Some(d), o);
                word_probs(&docs[d], &w)
            })
            .collect();
        let facts_with = |dec: tagger::Decode| -> Vec<Vec<Vec<(usize, usize)>>> {
            docs.iter().zip(&word_probs).map(|(d, wp)| spans_of(d, wp, dec, &texts[d.index])).collect()
        };
        let _ = writeln!(report, "\nfact tagger, leave-one-article-out, by decoding (hi, lo, gap):");
        let _ = writeln!(report, "  rules alone: {}", fact_cells(&per_corpus(threshold), &names));
        let mut best_dec = (f64::MIN, decode);
        let mut best_floor: (f64, Option<tagger::Decode>) = (f64::MIN, None);
        for hi in [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] {
            for lo in [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4] {
                for gap in 0..=2 {
                    let dec = tagger::Decode { hi, lo, gap };
                    let cs = per_corpus_with(threshold, &facts_with(dec));
                    let f1 = cs
                        .iter()
                        .map(|c| {
                            let (r, p) = (c.fact_recall(), c.fact_precision());
                            if r + p == 0.0 {
                                0.0
                            } else {
                                2.0 * p * r / (p + r)
                            }
                        })
                        .sum::<f64>()
                        / cs.len() as f64;
                    // No more of a claim marked, nor more claims mostly marked, than the labellers
                    // did (with `COVERAGE_SLACK`).
                    let within = cs.iter().all(|c| {
                        c.coverage() <= COVERAGE_SLACK * c.gold_coverage()
                            && c.mostly_marked() <= COVERAGE_SLACK * c.gold_mostly_marked()
                    });
                    if within && f1 > best_dec.0 + 1e-12 {
                        best_dec = (f1, dec);
                    }
                    let recall = cs.iter().map(Counts::fact_recall).sum::<f64>() / cs.len() as f64;
                    let precise = cs.iter().all(|c| c.fact_precision() >= FACT_PRECISION_FLOOR);
                    if within && precise && recall > best_floor.0 + 1e-12 {
                        best_floor = (recall, Some(dec));
                    }
                    if gap == 1 {
                        let _ = writeln!(
                            report,
                            "  {hi:.2} {lo:.2} {gap}: {}  (mean F1 {f1:.3}{})",
                            fact_cells(&cs, &names),
                            if within { "" } else { ", marks too much" }
                        );
                    }
                }
            }
        }
        decode = best_floor.1.unwrap_or(best_dec.1);
        let _ = writeln!(report, "\ndecoding hi {:.2} lo {:.2} gap {}", decode.hi, decode.lo, decode.gap);
        let learned = facts_with(decode);
        let cs = per_corpus_with(threshold, &learned);
        for ((d, p), f) in docs.iter().zip(&probs).zip(&learned) {
            let c = count(d, p, threshold, f);
            let _ = writeln!(report, "  {}/{}: {}", names[d.corpus], d.file, c.line());
            if o.fact_errors {
                fact_errors(&mut report, d, &texts[d.index], p, threshold, f);
            }
            if o.errors {
                for (seg, &pr) in d.segs.iter().zip(p) {
                    if seg.feats.is_some() && (pr >= threshold) != seg.y {
                        let what = if seg.y { "missed" } else { "wrong" };
                        let gl = seg.best.map_or("none", |(k, _)| d.gold[k].label.as_str());
                        let t: String = texts[d.index][seg.s..seg.e].chars().take(110).collect();
                        let _ = writeln!(report, "     {what} {pr:.2} [{gl}] {t}");
                    }
                }
            }
        }
        let mut all = Counts::default();
        for (c, n) in cs.iter().zip(&names) {
            all.add(c);
            cv_lines.push(format!("{n}: {}", c.line()));
        }
        cv_lines.push(format!("all: {}", all.line()));
        let _ = writeln!(report, "\nleave-one-article-out at threshold {threshold:.2}:");
        for l in &cv_lines {
            let _ = writeln!(report, "  {l}");
        }
    }
    let w = fit(&docs, None, dim, o);
    let tag_w = fit_tagger(&docs, None, o);
    let mut train = Counts::default();
    for d in &docs {
        let p: Vec<f64> = d.segs.iter().map(|s| s.feats.as_deref().map_or(0.0, |f| prob(&w, f))).collect();
        let f = spans_of(d, &word_probs(d, &tag_w), decode, &texts[d.index]);
        train.add(&count(d, &p, threshold, &f));
    }
    let _ =
        writeln!(report, "\ntrained on all {} articles, scored on them (a training-set score):", docs.len());
    let _ = writeln!(report, "  all: {}", train.line());
    let tagger = Tagger { w: &tag_w, decode };
    let source = weights_source(&w, o, threshold, &tagger, &names, docs.len(), &cv_lines);
    Ok(Outcome { report, source })
}

fn weights_source(
    w: &[f64],
    o: &Options,
    threshold: f64,
    tagger: &Tagger<'_>,
    names: &[String],
    articles: usize,
    cv: &[String],
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "//! Learned claim-scorer weights, written by `claimcheck train-extractor`: do not edit."
    );
    let _ = writeln!(
        s,
        "//! Trained on {articles} labelled articles ({}), {} epochs, L2 {} (hashed {}), step {}.",
        names.join(", "),
        o.epochs,
        o.l2,
        o.l2_hashed,
        o.rate
    );
    let _ = writeln!(
        s,
        "//! Fact tagger: 2^{} hashed word features, {} epochs, L2 {}, step {}; decoding hi {:.2} lo {:.2} gap {}.",
        o.tag_bits,
        o.tag_epochs,
        o.tag_l2,
        o.tag_rate,
        tagger.decode.hi,
        tagger.decode.lo,
        tagger.decode.gap
    );
    if !cv.is_empty() {
        let _ = writeln!(s, "//! Leave-one-article-out cross-validation at this threshold:");
        for l in cv {
            let _ = writeln!(s, "//! - {l}");
        }
    }
    let _ = writeln!(s, "#![allow(clippy::approx_constant)]\n");
    let _ = writeln!(s, "/// The hashed word and word-pair tables hold 2^HASH_BITS weights each.");
    let _ = writeln!(s, "pub(crate) const HASH_BITS: u32 = {};", o.bits);
    let _ = writeln!(s, "/// A sentence is proposed when its probability is at least this.");
    let _ = writeln!(s, "pub(crate) const THRESHOLD: f64 = {threshold:.2};");
    let _ = writeln!(
        s,
        "/// One weight (log-odds) per feature: the named ones (`score::NAMES`), then words, then pairs."
    );
    let _ = writeln!(s, "#[rustfmt::skip]\npub(crate) static WEIGHTS: [f32; {}] = [", w.len());
    for chunk in w.chunks(12) {
        let cells: Vec<String> =
            chunk.iter().map(|&x| if x == 0.0 { "0.0".into() } else { format!("{x:.4}") }).collect();
        let _ = writeln!(s, "    {},", cells.join(", "));
    }
    let _ = writeln!(s, "];");
    let d = tagger.decode;
    let _ = writeln!(s, "\n/// The fact tagger's hashed feature table holds 2^TAGGER_BITS weights.");
    let _ = writeln!(s, "pub(crate) const TAGGER_BITS: u32 = {};", o.tag_bits);
    let _ = writeln!(s, "/// How the fact tagger's spans are read off its word probabilities.");
    let _ = writeln!(
        s,
        "pub(crate) const TAGGER_DECODE: super::tagger::Decode = super::tagger::Decode {{ hi: {:.2}, lo: {:.2}, gap: {} }};",
        d.hi, d.lo, d.gap
    );
    let _ = writeln!(s, "/// One weight (log-odds) per hashed word feature (`tagger::Scratch::features`).");
    let _ = writeln!(s, "#[rustfmt::skip]\npub(crate) static TAGGER_WEIGHTS: [f32; {}] = [", tagger.w.len());
    for chunk in tagger.w.chunks(12) {
        let cells: Vec<String> =
            chunk.iter().map(|&x| if x == 0.0 { "0.0".into() } else { format!("{x:.4}") }).collect();
        let _ = writeln!(s, "    {},", cells.join(", "));
    }
    let _ = writeln!(s, "];");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two tiny labelled articles, read from memory.
    fn corpus(path: &str) -> Result<String, String> {
        let a = "Police arrested six people on Monday in the town.\n\nThe mayor said the bridge cost $3 million.\n\nRead more\n";
        let b = "The council approved a budget of 12 million euros on Tuesday.\n\nOfficials said about 40 families had left.\n\nShare this\n";
        let gold = serde_json::json!([
            {"file": "a.txt", "segments": [
                {"text": "Police arrested six people on Monday in the town.", "label": "claim", "facts": ["six people", "Monday"]},
                {"text": "The mayor said the bridge cost $3 million.", "label": "claim", "facts": ["$3 million"]},
                {"text": "Read more", "label": "boilerplate", "facts": []}]},
            {"file": "b.txt", "segments": [
                {"text": "The council approved a budget of 12 million euros on Tuesday.", "label": "claim", "facts": ["12 million euros", "on Tuesday"]},
                {"text": "Officials said about 40 families had left.", "label": "claim", "facts": ["about 40 families"]},
                {"text": "Share this", "label": "boilerplate", "facts": []}]}
        ]);
        match path {
            "dev/gold.json" => Ok(gold.to_string()),
            "dev/a.txt" => Ok(a.into()),
            "dev/b.txt" => Ok(b.into()),
            other => Err(format!("no file {other}")),
        }
    }

    #[test]
    fn training_cross_validates_both_models_and_writes_both_as_source() {
        let o = Options { cv: true, epochs: 3, tag_bits: 8, tag_epochs: 3, ..Default::default() };
        let out = run(&["dev/gold.json".to_string()], &corpus, &o).unwrap();
        assert!(out.report.contains("leave-one-article-out at threshold"), "{}", out.report);
        assert!(out.report.contains("fact tagger, leave-one-article-out"), "{}", out.report);
        assert!(out.report.contains("rules alone: dev"), "{}", out.report);
        assert!(out.report.contains("\ndecoding hi "), "{}", out.report);
        assert!(out.source.contains("pub(crate) const TAGGER_BITS: u32 = 8;"), "{}", out.source);
        assert!(out.source.contains("pub(crate) static TAGGER_WEIGHTS: [f32; 256] = ["), "{}", out.source);
        assert!(
            out.source.contains("pub(crate) const TAGGER_DECODE: super::tagger::Decode"),
            "{}",
            out.source
        );
        // The same corpus trains the same weights every time.
        assert_eq!(run(&["dev/gold.json".to_string()], &corpus, &o).unwrap().source, out.source);
        // A fact the labels list that is not in its segment is a clear error.
        let broken = |p: &str| corpus(p).map(|t| t.replace("\"$3 million\"", "\"$4 million\""));
        let err = run(&["dev/gold.json".to_string()], &broken, &o).err().unwrap();
        assert!(err.contains("fact \"$4 million\" not found"), "{err}");
        // A table size that would overflow the feature ids is refused before any reading.
        for (bits, tag_bits) in [(0, 8), (12, 40)] {
            let o = Options { bits, tag_bits, ..o.clone() };
            let err = run(&["dev/gold.json".to_string()], &corpus, &o).err().unwrap();
            assert!(err.contains("table sizes are 2^1 to 2^24"), "{err}");
        }
    }
}
