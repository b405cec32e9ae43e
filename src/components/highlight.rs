//! Splits an article body into pieces for highlighting: each piece is plain text, part of a claim,
//! or part of a key fact inside a claim. Offsets are code points, as stored; every piece carries its
//! start so a browser selection can be turned back into code point offsets.

use crate::model::{ClaimView, Status};

#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The innermost claim covering this piece.
    pub claim: Option<(i64, Status)>,
    pub fact: bool,
}

/// Pieces in text order. Where claims overlap (a manual claim inside a proposal), the shorter claim
/// wins, so every claim stays clickable somewhere.
pub fn pieces(body: &str, claims: &[ClaimView]) -> Vec<Piece> {
    let chars: Vec<char> = body.chars().collect();
    let len = chars.len();
    let mut cuts = vec![0, len];
    for c in claims {
        cuts.push(c.start.min(len));
        cuts.push(c.end.min(len));
        for f in &c.facts {
            cuts.push(f.start.min(len));
            cuts.push(f.end.min(len));
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<Piece> = Vec::with_capacity(cuts.len());
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a >= b {
            continue;
        }
        let owner =
            claims.iter().filter(|c| c.start <= a && b <= c.end).min_by_key(|c| (c.end - c.start, c.id));
        let fact = owner.is_some_and(|c| c.facts.iter().any(|f| f.start <= a && b <= f.end));
        let claim = owner.map(|c| (c.id, c.status));
        // Merge with the previous piece when nothing changes, to keep the DOM small.
        if let Some(last) = out.last_mut() {
            if last.claim == claim && last.fact == fact && last.end == a {
                last.end = b;
                last.text.extend(&chars[a..b]);
                continue;
            }
        }
        out.push(Piece { start: a, end: b, text: chars[a..b].iter().collect(), claim, fact });
    }
    out
}

/// Consecutive pieces of one claim (or of plain text), rendered as one `<mark>` (or none).
pub type Run = (Option<(i64, Status)>, Vec<Piece>);

/// Groups consecutive pieces of the same claim, so each claim renders as one `<mark>` per run.
pub fn runs(pieces: Vec<Piece>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for p in pieces {
        match out.last_mut() {
            Some((claim, group)) if *claim == p.claim && p.claim.is_some() => group.push(p),
            _ => out.push((p.claim, vec![p])),
        }
    }
    out
}

/// The body's paragraphs as code point ranges that cover it exactly: each runs to the end of the
/// newlines after it, so a line break or a blank line stays inside the paragraph before it.
pub fn paragraphs(body: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut start, mut in_breaks) = (0, false);
    for (i, ch) in body.chars().enumerate() {
        let brk = ch == '\n' || ch == '\r';
        if in_breaks && !brk {
            out.push((start, i));
            start = i;
        }
        in_breaks = brk;
    }
    let len = body.chars().count();
    if start < len || out.is_empty() {
        out.push((start, len));
    }
    out
}

/// Splits `pieces` (in text order, as [`pieces`] makes them) into one group per paragraph of
/// `paras`, cutting a piece that crosses a paragraph's end in two.
pub fn by_paragraph(pieces: Vec<Piece>, paras: &[(usize, usize)]) -> Vec<Vec<Piece>> {
    let mut out: Vec<Vec<Piece>> = paras.iter().map(|_| Vec::new()).collect();
    let mut k = 0;
    for mut p in pieces {
        loop {
            while k + 1 < paras.len() && paras[k].1 <= p.start {
                k += 1;
            }
            let end = paras[k].1;
            if p.end <= end || k + 1 == paras.len() {
                out[k].push(p);
                break;
            }
            let head_len = end - p.start;
            let split = p.text.char_indices().nth(head_len).map_or(p.text.len(), |(b, _)| b);
            let tail = Piece {
                start: end,
                end: p.end,
                text: p.text[split..].to_string(),
                claim: p.claim,
                fact: p.fact,
            };
            p.text.truncate(split);
            p.end = end;
            out[k].push(p);
            p = tail;
        }
    }
    out
}

/// The paragraph (an index of `paras`) that holds code point `at`.
pub fn paragraph_of(paras: &[(usize, usize)], at: usize) -> usize {
    paras.partition_point(|(_, end)| *end <= at).min(paras.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClaimKind, Fact, Quote, Tally};

    fn claim(id: i64, start: usize, end: usize, facts: Vec<(usize, usize)>) -> ClaimView {
        ClaimView {
            id,
            article_id: 1,
            start,
            end,
            quote: Quote { exact: String::new(), prefix: String::new(), suffix: String::new() },
            statement: String::new(),
            kind: ClaimKind::Quantity,
            origin: "extracted".into(),
            score: 0.5,
            facts: facts.into_iter().map(|(s, e)| Fact { start: s, end: e, text: String::new() }).collect(),
            status: Status::Unreviewed,
            crowd_status: Status::Unreviewed,
            tally: Tally::default(),
            locked: false,
            editorial: None,
            visibility: crate::values::Visibility::Visible,
            merged_into: None,
            explanation: String::new(),
            pending_votes: 0,
        }
    }

    #[test]
    fn pieces_cover_the_body_exactly_once() {
        let body = "Intro. Łódź has 5 km of trams. End.";
        let p = pieces(body, &[claim(1, 7, 30, vec![(16, 20)])]);
        assert_eq!(p.iter().map(|x| x.text.as_str()).collect::<String>(), body);
        let fact: Vec<_> = p.iter().filter(|x| x.fact).map(|x| x.text.as_str()).collect();
        assert_eq!(fact, ["5 km"]);
        assert_eq!(p[0].claim, None);
        assert_eq!(p[1].claim, Some((1, Status::Unreviewed)));
    }

    #[test]
    fn a_claim_inside_another_keeps_its_own_highlight() {
        let body = "aaaa bbbb cccc";
        let p = pieces(body, &[claim(1, 0, 14, vec![]), claim(2, 5, 9, vec![])]);
        let owners: Vec<_> = p.iter().map(|x| x.claim.map(|c| c.0)).collect();
        assert_eq!(owners, [Some(1), Some(2), Some(1)]);
    }

    #[test]
    fn out_of_range_offsets_do_not_panic() {
        let p = pieces("short", &[claim(1, 3, 99, vec![(50, 60)])]);
        assert_eq!(p.iter().map(|x| x.text.as_str()).collect::<String>(), "short");
    }

    #[test]
    fn runs_group_consecutive_pieces_of_one_claim() {
        let body = "Intro. Łódź has 5 km of trams. End.";
        let r = runs(pieces(body, &[claim(1, 7, 30, vec![(16, 20)])]));
        assert_eq!(r.len(), 3);
        assert_eq!(r[1].1.len(), 3);
    }

    #[test]
    fn paragraphs_keep_their_line_breaks_and_cover_the_body() {
        let body = "One.\n\nTwo.\nThree.";
        let paras = paragraphs(body);
        assert_eq!(paras, [(0, 6), (6, 11), (11, 17)]);
        assert_eq!(paragraphs(""), [(0, 0)]);
        assert_eq!(paragraphs("\n\nA"), [(0, 2), (2, 3)]);
        assert_eq!(paragraph_of(&paras, 0), 0);
        assert_eq!(paragraph_of(&paras, 6), 1);
        assert_eq!(paragraph_of(&paras, 16), 2);
        assert_eq!(paragraph_of(&paras, 99), 2);
    }

    #[test]
    fn a_claim_across_paragraphs_is_cut_at_the_break() {
        let body = "Ünï one.\n\nTwo here.";
        let paras = paragraphs(body);
        let groups = by_paragraph(pieces(body, &[claim(1, 4, 14, vec![])]), &paras);
        assert_eq!(groups.len(), 2);
        let text: Vec<String> = groups.iter().map(|g| g.iter().map(|p| p.text.as_str()).collect()).collect();
        assert_eq!(text, ["Ünï one.\n\n", "Two here."]);
        assert_eq!(groups[0].last().map(|p| (p.start, p.end, p.claim.map(|c| c.0))), Some((4, 10, Some(1))));
        assert_eq!(groups[1][0].start, 10);
        assert_eq!(groups[1][0].claim.map(|c| c.0), Some(1));
        for g in &groups {
            for p in g {
                assert_eq!(p.text.chars().count(), p.end - p.start);
            }
        }
    }
}
