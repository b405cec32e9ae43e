//! Pure claim extraction: pasted article text in, proposed claims and labelled segments out.
//! No I/O and no regex, so it compiles for the browser too. Offsets are Unicode code points
//! of the body exactly as submitted; internally everything runs on byte offsets.

mod boilerplate;
mod facts;
mod lexicon;
mod score;
mod segment;
mod span;
mod tagger;
mod text;
pub mod train;
mod weights;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

pub use span::{
    byte_to_char, char_range_to_bytes, char_to_byte, is_direction_control, is_direction_override,
    snap_to_words,
};
pub use text::Text;

/// Code points of context on each side of a quote (TextQuoteSelector prefix/suffix).
pub const QUOTE_CONTEXT: usize = 32;

/// What `extract` returns. Everything borrows from the body (quotes, statements, fact texts,
/// the words a reason cites) and reasons are small records rendered to text only when
/// serialised, so extracting allocates about one small vector per segment rather than a
/// string per field. Serialises to the same JSON as the owned shapes (`Quote`, `Fact`,
/// reasons as strings); `into_owned` detaches it from the body.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Extraction<'a> {
    pub claims: Vec<ProposedClaim<'a>>,
    pub segments: Vec<Segment<'a>>,
}

impl Extraction<'_> {
    /// Checks what every extraction promises about its spans: each claim and fact lies inside the
    /// body on code point boundaries and its `quote`/`text` is exactly that slice (the quote's
    /// prefix and suffix too, `QUOTE_CONTEXT` code points wide), a claim has no surrounding
    /// whitespace, scores are in 0..=1, and segments come in order inside the body. The first
    /// broken promise comes back as a message. Used by the property tests and the fuzz target;
    /// linear in the body (one code point table).
    pub fn check_spans(&self, body: &str) -> Result<(), String> {
        let mut at: Vec<usize> = body.char_indices().map(|(b, _)| b).collect();
        let n = at.len();
        at.push(body.len());
        let cut = |s: usize, e: usize| &body[at[s.min(n)]..at[e.min(n)]];
        let fail = |what: String| Err(what);
        for c in &self.claims {
            if !(c.start < c.end && c.end <= n) {
                return fail(format!("claim span {}..{} of {n} code points", c.start, c.end));
            }
            let exact = cut(c.start, c.end);
            if exact != &*c.quote.exact {
                return fail(format!(
                    "claim {}..{}: quote {:?} is not the body's {exact:?}",
                    c.start, c.end, &*c.quote.exact
                ));
            }
            if c.quote.exact.trim() != &*c.quote.exact {
                return fail(format!("claim {}..{} has surrounding whitespace", c.start, c.end));
            }
            if cut(c.start.saturating_sub(QUOTE_CONTEXT), c.start) != &*c.quote.prefix
                || cut(c.end, c.end + QUOTE_CONTEXT) != &*c.quote.suffix
            {
                return fail(format!(
                    "claim {}..{}: prefix or suffix is not the body's context",
                    c.start, c.end
                ));
            }
            if !(0.0..=1.0).contains(&c.score) {
                return fail(format!("claim {}..{}: score {} outside 0..=1", c.start, c.end, c.score));
            }
            for f in &c.facts {
                if !(c.start <= f.start && f.start < f.end && f.end <= c.end) {
                    return fail(format!(
                        "fact {}..{} outside its claim {}..{}",
                        f.start, f.end, c.start, c.end
                    ));
                }
                if cut(f.start, f.end) != &*f.text {
                    return fail(format!(
                        "fact {}..{}: text {:?} is not the body's",
                        f.start, f.end, &*f.text
                    ));
                }
            }
        }
        let mut last = 0;
        for s in &self.segments {
            if !(last <= s.start && s.start < s.end && s.end <= n) {
                return fail(format!(
                    "segment {}..{} out of order or outside the body (after {last})",
                    s.start, s.end
                ));
            }
            last = s.end;
        }
        Ok(())
    }
}

impl Extraction<'_> {
    /// The same extraction owning its text, for keeping it after the body is gone. The body
    /// is copied once into a shared buffer and every text becomes a range of it, so this
    /// allocates one buffer rather than a string per quote, statement, fact and reason.
    pub fn into_owned(self) -> Extraction<'static> {
        let mut sh = text::Sharer::default();
        Extraction {
            claims: self.claims.into_iter().map(|c| c.share(&mut sh)).collect(),
            segments: self.segments.into_iter().map(|s| s.share(&mut sh)).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ProposedClaim<'a> {
    pub start: usize,
    pub end: usize,
    pub quote: QuoteRef<'a>,
    pub statement: Text<'a>,
    pub kind: ClaimKind,
    pub score: f64,
    pub facts: Vec<FactRef<'a>>,
}

impl ProposedClaim<'_> {
    pub fn into_owned(self) -> ProposedClaim<'static> {
        ProposedClaim {
            start: self.start,
            end: self.end,
            quote: self.quote.into_owned(),
            statement: self.statement.into_owned(),
            kind: self.kind,
            score: self.score,
            facts: self.facts.into_iter().map(FactRef::into_owned).collect(),
        }
    }

    fn share(self, sh: &mut text::Sharer) -> ProposedClaim<'static> {
        ProposedClaim {
            start: self.start,
            end: self.end,
            quote: QuoteRef {
                exact: sh.share(self.quote.exact),
                prefix: sh.share(self.quote.prefix),
                suffix: sh.share(self.quote.suffix),
            },
            statement: sh.share(self.statement),
            kind: self.kind,
            score: self.score,
            facts: self
                .facts
                .into_iter()
                .map(|f| FactRef { start: f.start, end: f.end, text: sh.share(f.text) })
                .collect(),
        }
    }
}

/// `Quote` borrowing from the body; same fields, same JSON.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct QuoteRef<'a> {
    pub exact: Text<'a>,
    pub prefix: Text<'a>,
    pub suffix: Text<'a>,
}

impl QuoteRef<'_> {
    pub fn into_owned(self) -> QuoteRef<'static> {
        QuoteRef {
            exact: self.exact.into_owned(),
            prefix: self.prefix.into_owned(),
            suffix: self.suffix.into_owned(),
        }
    }
}

/// `Fact` borrowing from the body; same fields, same JSON.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FactRef<'a> {
    pub start: usize,
    pub end: usize,
    pub text: Text<'a>,
}

impl FactRef<'_> {
    pub fn into_owned(self) -> FactRef<'static> {
        FactRef { start: self.start, end: self.end, text: self.text.into_owned() }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Quote {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Fact {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    Quantity,
    Statistic,
    Datetime,
    Attribution,
    Event,
    Comparison,
}

impl ClaimKind {
    pub const ALL: [ClaimKind; 6] = [
        ClaimKind::Quantity,
        ClaimKind::Statistic,
        ClaimKind::Datetime,
        ClaimKind::Attribution,
        ClaimKind::Event,
        ClaimKind::Comparison,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Quantity => "quantity",
            ClaimKind::Statistic => "statistic",
            ClaimKind::Datetime => "datetime",
            ClaimKind::Attribution => "attribution",
            ClaimKind::Event => "event",
            ClaimKind::Comparison => "comparison",
        }
    }
}

impl fmt::Display for ClaimKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind(pub String);

impl fmt::Display for UnknownKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown claim kind: {}", self.0)
    }
}

impl std::error::Error for UnknownKind {}

impl FromStr for ClaimKind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ClaimKind::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| UnknownKind(s.to_string()))
    }
}

/// One segment of the body: a sentence or a boilerplate line, with its label and score.
/// Its `reasons` are worked out again when asked for (`Segment::reasons`, and serialising),
/// not stored: they are the same every time, and the article service, which keeps only the
/// claims, would otherwise pay for a vector of them per sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment<'a> {
    pub start: usize,
    pub end: usize,
    pub label: SegmentLabel,
    pub score: f64,
    why: Why<'a>,
}

/// What `Segment::reasons` needs to explain a segment.
#[derive(Debug, Clone, PartialEq)]
enum Why<'a> {
    Boilerplate(&'static str),
    /// The sentence as a range of the body, and how it sits in a quotation and in the article
    /// (what the scoring takes from its neighbours).
    Scored {
        text: Text<'a>,
        ctx: score::Ctx,
    },
}

impl Segment<'_> {
    /// Why the segment got its label, as `extract` decided it: its strongest weighted
    /// features, strongest first (`"+1.32 money amount: $3.5"`, `"-0.84 word: might"`; the
    /// weights are log-odds), the rest summed in one line (`"+0.41 12 other features"`), then
    /// the probability against the threshold (`"= 0.87 >= threshold 0.45"`); or
    /// `"boilerplate: ad slot"`.
    pub fn reasons(&self) -> Vec<Reason<'_>> {
        let (text, ctx) = match &self.why {
            Why::Boilerplate(why) => return vec![Reason::Boilerplate(why)],
            Why::Scored { text, ctx } => (text, *ctx),
        };
        let (body, s, e) = text.parts();
        let (mut toks, mut marked) = (Vec::new(), Vec::new());
        lexicon::tokens_into(body, s, e, &mut toks);
        lexicon::marked_into(&toks, &mut marked);
        let mut found = Vec::new();
        let verdict = score::score::<true>(body, s, e, &toks, &marked, ctx, &mut found);
        debug_assert_eq!((verdict.score, verdict.claim), (self.score, self.label == SegmentLabel::Claim));
        // Strongest first; ties keep the order found.
        found.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
        let shown = found.len().min(REASONS_SHOWN);
        let mut out = Vec::with_capacity(shown + 2);
        out.extend(found[..shown].iter().map(|r| r.public(body)));
        let rest = &found[shown..];
        if !rest.is_empty() {
            out.push(Reason::Others { weight: rest.iter().map(|r| r.weight).sum(), count: rest.len() });
        }
        out.push(Reason::Threshold { score: verdict.score, claim: verdict.claim });
        out
    }

    pub fn into_owned(self) -> Segment<'static> {
        let why = match self.why {
            Why::Boilerplate(why) => Why::Boilerplate(why),
            Why::Scored { text, ctx } => Why::Scored { text: text.into_owned(), ctx },
        };
        Segment { start: self.start, end: self.end, label: self.label, score: self.score, why }
    }

    fn share(self, sh: &mut text::Sharer) -> Segment<'static> {
        let why = match self.why {
            Why::Boilerplate(why) => Why::Boilerplate(why),
            Why::Scored { text, ctx } => Why::Scored { text: sh.share(text), ctx },
        };
        Segment { start: self.start, end: self.end, label: self.label, score: self.score, why }
    }
}

impl Serialize for Segment<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Segment", 5)?;
        st.serialize_field("start", &self.start)?;
        st.serialize_field("end", &self.end)?;
        st.serialize_field("label", &self.label)?;
        st.serialize_field("score", &self.score)?;
        st.serialize_field("reasons", &self.reasons())?;
        st.end()
    }
}

/// One line of a segment's explanation, kept as data and rendered by `Display` (and so in
/// JSON) as text: `"+0.30 money amount: $3.5"`, `"= 0.62 >= threshold 0.45"`,
/// `"boilerplate: ad slot"`.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason<'a> {
    /// A scored feature with its weight and, when it has one, the words that triggered it.
    Feature { weight: f64, why: &'static str, span: Option<Text<'a>> },
    /// The closing line comparing the sentence's score with the claim threshold.
    Threshold { score: f64, claim: bool },
    /// The weaker features not listed one by one: their summed weight and how many.
    Others { weight: f64, count: usize },
    /// Why a line is page furniture.
    Boilerplate(&'static str),
}

impl Reason<'_> {
    pub fn into_owned(self) -> Reason<'static> {
        match self {
            Reason::Feature { weight, why, span } => {
                Reason::Feature { weight, why, span: span.map(Text::into_owned) }
            }
            Reason::Threshold { score, claim } => Reason::Threshold { score, claim },
            Reason::Others { weight, count } => Reason::Others { weight, count },
            Reason::Boilerplate(why) => Reason::Boilerplate(why),
        }
    }
}

impl fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Feature { weight, why, span } => {
                f.write_str(score::WeightText::new(*weight, true).as_str())?;
                f.write_str(" ")?;
                f.write_str(why)?;
                if let Some(sp) = span {
                    f.write_str(": ")?;
                    f.write_str(sp)?;
                }
                Ok(())
            }
            Reason::Threshold { score, claim } => {
                f.write_str("= ")?;
                f.write_str(score::WeightText::new(*score, false).as_str())?;
                f.write_str(if *claim { " >= threshold " } else { " < threshold " })?;
                f.write_str(score::WeightText::new(score::CLAIM_THRESHOLD, false).as_str())
            }
            Reason::Others { weight, count } => {
                f.write_str(score::WeightText::new(*weight, true).as_str())?;
                write!(f, " {count} other features")
            }
            Reason::Boilerplate(why) => {
                f.write_str("boilerplate: ")?;
                f.write_str(why)
            }
        }
    }
}

impl Serialize for Reason<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum SegmentLabel {
    Claim,
    NotClaim,
    Boilerplate,
}

impl SegmentLabel {
    pub fn as_str(self) -> &'static str {
        match self {
            SegmentLabel::Claim => "claim",
            SegmentLabel::NotClaim => "not_claim",
            SegmentLabel::Boilerplate => "boilerplate",
        }
    }
}

/// Quotation marks of a sentence: (starts inside a quotation, ends inside one).
/// Straight quotes toggle; curly ones say which side they are on.
fn quote_state(text: &str, inside: bool) -> bool {
    // Byte scan: “ „ ” are E2 80 9C, E2 80 9E, E2 80 9D, and UTF-8 never matches mid-char.
    let mut inside = inside;
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(i) = span::find2(b, from, b'"', 0xE2) {
        if b[i] == b'"' {
            inside = !inside;
        } else if b.get(i + 1) == Some(&0x80) {
            match b.get(i + 2) {
                Some(0x9C | 0x9E) => inside = true,
                Some(0x9D) => inside = false,
                _ => {}
            }
        }
        from = i + 1;
    }
    inside
}

/// How many features a segment's reasons list one by one (the rest are summed in one line).
pub const REASONS_SHOWN: usize = 6;

/// Splits `body` into segments and proposes the check-worthy sentences as claims.
pub fn extract(body: &str) -> Extraction<'_> {
    let raw = segment::segments(body);
    // First pass: quotation state of every sentence, so a sentence that opens a quotation
    // can learn who speaks where the quotation closes (tokenised only when needed).
    struct Sent {
        starts_inside: bool,
        ends_inside: bool,
        start: usize,
        end: usize,
        pos: u8,
    }
    let mut sents: Vec<Option<Sent>> = Vec::with_capacity(raw.len());
    let mut inside = false;
    let mut prev_end = 0;
    let mut scored = 0;
    for (i, seg) in raw.iter().enumerate() {
        let para = i == 0 || span::has_line_break(&body.as_bytes()[prev_end..seg.start]);
        if seg.boilerplate.is_some() || para {
            inside = false;
        }
        prev_end = seg.end;
        if seg.boilerplate.is_some() {
            sents.push(None);
            continue;
        }
        let line_end =
            raw.get(i + 1).is_none_or(|n| span::has_line_break(&body.as_bytes()[seg.end..n.start]));
        let pos = match scored {
            0 => score::POS_FIRST,
            1 => score::POS_SECOND,
            _ => 0,
        } | if para { score::POS_PARA } else { 0 }
            | if line_end { score::POS_LINE_END } else { 0 };
        scored += 1;
        let starts_inside = inside;
        inside = quote_state(&body[seg.start..seg.end], inside);
        sents.push(Some(Sent { starts_inside, ends_inside: inside, start: seg.start, end: seg.end, pos }));
    }
    // Segments are in order and facts are sorted, disjoint and inside their claim, so one
    // forward cursor converts every byte offset to code points as we go.
    let mut cur = span::Cursor::new();
    // At most one claim per sentence: room for all of them up front, returned to the
    // allocator at the end (pages never written to cost nothing meanwhile).
    let mut claims = Vec::with_capacity(raw.len());
    let mut segments = Vec::with_capacity(raw.len());
    // The batch's tokens and marks (`lexicon::marked_into`), sentence after sentence.
    let mut toks = Vec::new();
    let mut marked = Vec::new();
    let mut work: Vec<Option<Work>> = Vec::with_capacity(BATCH);
    let mut closer_toks = Vec::new();
    let mut reasons = Vec::new();
    let mut fact_scratch = facts::Scratch::default();
    let mut tag_scratch = tagger::Scratch::default();
    let mut fact_spans = Vec::new();
    // Sentences are worked a batch at a time, one phase after another: the tokens of the
    // whole batch, then its scores, then facts and output. Each phase's code then stays in
    // the instruction cache for the batch, where going through all of it sentence by
    // sentence made them evict each other (see `BATCH`).
    for b0 in (0..raw.len()).step_by(BATCH) {
        let b1 = (b0 + BATCH).min(raw.len());
        toks.clear();
        marked.clear();
        work.clear();
        // 1. Tokens and marks.
        for sent in &sents[b0..b1] {
            work.push(sent.as_ref().map(|sent| {
                let (t0, m0) = (toks.len(), marked.len());
                let single_spaced = lexicon::tokens_append(body, sent.start, sent.end, &mut toks);
                lexicon::marked_append(&toks[t0..], &mut marked);
                Work {
                    toks: t0..toks.len(),
                    marked: m0..marked.len(),
                    single_spaced,
                    // Placeholders until step 2 scores it.
                    ctx: score::Ctx { quote: score::QuoteCtx::Plain, pos: sent.pos },
                    verdict: score::Verdict { score: 0.0, claim: false, kind: ClaimKind::Event },
                }
            }));
        }
        // 2. Scores.
        for i in b0..b1 {
            let Some(sent) = &sents[i] else { continue };
            let quote = if sent.starts_inside {
                score::QuoteCtx::Continuation
            } else if sent.ends_inside {
                // Find the sentence that closes this quotation (same paragraph, a few ahead),
                // and whether it names the speaker: its tokens are in the batch unless it
                // lies past the batch's end.
                let found = sents[i + 1..]
                    .iter()
                    .take(8)
                    .map_while(|s| s.as_ref())
                    .position(|s| !s.ends_inside)
                    .map(|k| i + 1 + k);
                let named = found.is_some_and(|j| match work.get(j - b0) {
                    Some(Some(w)) => score::speaker(body, &toks[w.toks.clone()]) == 2,
                    _ => {
                        let (s, e) = sents[j].as_ref().map_or((0, 0), |s| (s.start, s.end));
                        lexicon::tokens_into(body, s, e, &mut closer_toks);
                        score::speaker(body, &closer_toks) == 2
                    }
                });
                if named {
                    score::QuoteCtx::SpeakerLater
                } else {
                    score::QuoteCtx::Plain
                }
            } else {
                score::QuoteCtx::Plain
            };
            if let Some(Some(w)) = work.get_mut(i - b0) {
                let (ts, ms) = (&toks[w.toks.clone()], &marked[w.marked.clone()]);
                let ctx = score::Ctx { quote, pos: sent.pos };
                w.verdict = score::score::<false>(body, sent.start, sent.end, ts, ms, ctx, &mut reasons);
                w.ctx = ctx;
            }
        }
        // 3. Facts, code points and output, in order.
        for (seg, w) in raw[b0..b1].iter().zip(&work) {
            let start = cur.at(body, seg.start);
            let Some(w) = w else {
                let why = seg.boilerplate.unwrap_or("page furniture");
                segments.push(Segment {
                    start,
                    end: cur.at(body, seg.end),
                    label: SegmentLabel::Boilerplate,
                    score: 0.0,
                    why: Why::Boilerplate(why),
                });
                continue;
            };
            let verdict = w.verdict;
            let is_claim = verdict.claim;
            let label = if is_claim { SegmentLabel::Claim } else { SegmentLabel::NotClaim };
            let end = if is_claim {
                let rules = facts::facts_with(
                    body,
                    &toks[w.toks.clone()],
                    &marked[w.marked.clone()],
                    &mut fact_scratch,
                );
                tagger::facts(body, seg.start, seg.end, rules, &mut tag_scratch, &mut fact_spans);
                let mut facts = Vec::with_capacity(fact_spans.len());
                for &(s, e) in &fact_spans {
                    facts.push(FactRef {
                        start: cur.at(body, s),
                        end: cur.at(body, e),
                        text: Text::part(body, s, e),
                    });
                }
                let (s, e) = (seg.start, seg.end);
                let exact = &body[s..e];
                debug_assert!(!w.single_spaced || span::normalise_ws(exact) == exact);
                let end = cur.at(body, e);
                claims.push(ProposedClaim {
                    start,
                    end,
                    statement: if w.single_spaced {
                        Text::part(body, s, e)
                    } else {
                        span::normalise_ws(exact).into()
                    },
                    quote: QuoteRef {
                        exact: Text::part(body, s, e),
                        prefix: Text::part(body, span::prefix_start(body, s, QUOTE_CONTEXT), s),
                        suffix: Text::part(body, e, span::suffix_end(body, e, QUOTE_CONTEXT)),
                    },
                    kind: verdict.kind,
                    score: verdict.score,
                    facts,
                });
                end
            } else {
                cur.at(body, seg.end)
            };
            segments.push(Segment {
                start,
                end,
                label,
                score: verdict.score,
                why: Why::Scored { text: Text::part(body, seg.start, seg.end), ctx: w.ctx },
            });
        }
    }
    claims.shrink_to_fit();
    Extraction { claims, segments }
}

/// Sentences per batch in `extract`. Measured on real articles (BENCHMARKS.md, session 7):
/// batches of 16, 32 and 64 all took 3 to 7% less time than one sentence at a time; 32 keeps
/// a batch's tokens within the first-level data cache.
const BATCH: usize = 32;

/// One sentence of a batch in `extract`: its ranges of the batch's tokens and marks, whether
/// it is single-spaced, and once scored its quotation context and verdict.
struct Work {
    toks: std::ops::Range<usize>,
    marked: std::ops::Range<usize>,
    single_spaced: bool,
    ctx: score::Ctx,
    verdict: score::Verdict,
}

/// Human-readable listing: one claim per line, facts marked `[[like this]]`.
pub fn render_text(body: &str, ex: &Extraction) -> String {
    let mut cps = Vec::new();
    for c in &ex.claims {
        cps.extend([c.start, c.end]);
        for f in &c.facts {
            cps.extend([f.start, f.end]);
        }
    }
    let table = span::cps_to_bytes(body, cps);
    let byte = |cp: usize| table.binary_search_by_key(&cp, |&(c, _)| c).ok().map(|i| table[i].1);
    let mut out = String::new();
    for (i, c) in ex.claims.iter().enumerate() {
        let (Some(bs), Some(be)) = (byte(c.start), byte(c.end)) else {
            continue;
        };
        if bs > be {
            continue;
        }
        let mut marked = String::new();
        let mut at = bs;
        for f in &c.facts {
            let (Some(fs), Some(fe)) = (byte(f.start), byte(f.end)) else {
                continue;
            };
            if fs < at || fe > be || fs > fe {
                continue;
            }
            marked.push_str(&body[at..fs]);
            marked.push_str("[[");
            marked.push_str(&body[fs..fe]);
            marked.push_str("]]");
            at = fe;
        }
        marked.push_str(&body[at..be]);
        out.push_str(&format!("{}. [{} {:.2}] {}\n", i + 1, c.kind, c.score, span::normalise_ws(&marked)));
    }
    out
}

#[cfg(test)]
mod tests;
