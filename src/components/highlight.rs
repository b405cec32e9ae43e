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
            visibility: "visible".into(),
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
}
