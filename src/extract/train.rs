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

use super::{extract, facts, lexicon, score, segment, SegmentLabel, Why};
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
    facts: Vec<(usize, usize)>,
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

fn prepare(corpus: usize, file: String, text: &str, gold: Vec<Located>, bits: u32, drop: u8) -> Doc {
    let raw = segment::segments(text);
    let ex = extract(text);
    debug_assert_eq!(raw.len(), ex.segments.len());
    let (mut toks, mut marked) = (Vec::new(), Vec::new());
    let mut scratch = facts::Scratch::default();
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
        segs.push(Seg { s, e, feats, facts, best, y });
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
    let mut w = vec![0.0f64; dim];
    let mut g2 = vec![1e-8f64; dim];
    let mut order: Vec<usize> = (0..ex.len()).collect();
    let mut seed = 0x2545_F491_4F6C_DD1D_u64;
    for _ in 0..o.epochs {
        shuffle(&mut order, &mut seed);
        for &i in &order {
            let (f, y) = ex[i];
            let z: f64 = f.iter().map(|&k| w[k as usize]).sum();
            let g = score::sigmoid(z) - f64::from(u8::from(y));
            for &k in f {
                let l2 = if k < score::HASHED { o.l2 } else { o.l2_hashed };
                let k = k as usize;
                let grad = g + l2 * w[k];
                g2[k] += grad * grad;
                w[k] -= o.rate * grad / g2[k].sqrt();
            }
        }
    }
    // As written to `weights.rs` (f32, four decimals), so the figures are the product's.
    w.iter().map(|&x| ((x * 1e4).round() / 1e4) as f32 as f64).collect()
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
}

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
            "claim recall {:.3} precision {:.3}; fact recall {:.3} precision {:.3}; boilerplate claims {} \
             ({} gold claims, {} proposed)",
            self.recall(),
            self.precision(),
            Self::ratio(self.facts_found, self.facts),
            Self::ratio(self.pfacts_ok, self.pfacts),
            self.boiler,
            self.gold,
            self.pred
        )
    }
}

/// Scores one article given the probability of each of its segments.
fn count(doc: &Doc, probs: &[f64], threshold: f64) -> Counts {
    let mut c = Counts::default();
    let mut found = vec![false; doc.gold.len()];
    let mut pfacts: Vec<Vec<(usize, usize)>> = vec![Vec::new(); doc.gold.len()];
    for (seg, &p) in doc.segs.iter().zip(probs) {
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
            pfacts[k].extend_from_slice(&seg.facts);
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
        for &f in &g.facts {
            c.facts += 1;
            c.facts_found += usize::from(pfacts[k].iter().any(|&p| overlap(p, f) > 0));
        }
    }
    c
}

/// The fact errors of one article's found claims: gold facts no marked span overlaps
/// (`fact missed`) and marked spans that overlap no gold fact (`fact extra`).
fn fact_errors(report: &mut String, doc: &Doc, text: &str, probs: &[f64], threshold: f64) {
    let mut pfacts: Vec<Vec<(usize, usize)>> = vec![Vec::new(); doc.gold.len()];
    let mut found = vec![false; doc.gold.len()];
    for (seg, &p) in doc.segs.iter().zip(probs) {
        let Some((k, ov)) = seg.best else { continue };
        if seg.feats.is_some()
            && p >= threshold
            && doc.gold[k].label == SegmentLabel::Claim
            && ov * 2 >= seg.e - seg.s
        {
            found[k] = true;
            pfacts[k].extend_from_slice(&seg.facts);
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
            let mut d = prepare(corpus, a.file, &text, located, o.bits, o.drop);
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
    let mut cv_lines = Vec::new();
    if o.cv {
        // Each article scored by a model that never saw it.
        let probs: Vec<Vec<f64>> = (0..docs.len())
            .map(|d| {
                let w = fit(&docs, Some(d), dim, o);
                docs[d].segs.iter().map(|s| s.feats.as_deref().map_or(0.0, |f| prob(&w, f))).collect()
            })
            .collect();
        let per_corpus = |t: f64| -> Vec<Counts> {
            let mut out = vec![Counts::default(); names.len()];
            for (d, p) in docs.iter().zip(&probs) {
                out[d.corpus].add(&count(d, p, t));
            }
            out
        };
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
        let cs = per_corpus(threshold);
        for (d, p) in docs.iter().zip(&probs) {
            let c = count(d, p, threshold);
            let _ = writeln!(report, "  {}/{}: {}", names[d.corpus], d.file, c.line());
            if o.fact_errors {
                fact_errors(&mut report, d, &texts[d.index], p, threshold);
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
    let mut train = Counts::default();
    for d in &docs {
        let p: Vec<f64> = d.segs.iter().map(|s| s.feats.as_deref().map_or(0.0, |f| prob(&w, f))).collect();
        train.add(&count(d, &p, threshold));
    }
    let _ =
        writeln!(report, "\ntrained on all {} articles, scored on them (a training-set score):", docs.len());
    let _ = writeln!(report, "  all: {}", train.line());
    let source = weights_source(&w, o, threshold, &names, docs.len(), &cv_lines);
    Ok(Outcome { report, source })
}

fn weights_source(
    w: &[f64],
    o: &Options,
    threshold: f64,
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
    s
}
