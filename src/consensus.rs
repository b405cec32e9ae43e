//! The consensus rule, pure: votes in, status and a one-line explanation out. Everything that
//! shows or stores a status goes through `evaluate`, so the rule is written once.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No votes yet.
    Unreviewed,
    /// Some votes, fewer than the quorum.
    Pending,
    Verified,
    Disputed,
    /// Quorum reached, no verdict reached the threshold.
    Contested,
    /// Quorum reached and enough reviewers said it is not a checkable claim.
    NotAClaim,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Verified,
        Status::Disputed,
        Status::Contested,
        Status::NotAClaim,
        Status::Pending,
        Status::Unreviewed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unreviewed => "unreviewed",
            Status::Pending => "pending",
            Status::Verified => "verified",
            Status::Disputed => "disputed",
            Status::Contested => "contested",
            Status::NotAClaim => "not_a_claim",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Unreviewed => "Unreviewed",
            Status::Pending => "Pending",
            Status::Verified => "Verified",
            Status::Disputed => "Disputed",
            Status::Contested => "Contested",
            Status::NotAClaim => "Not a claim",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// A verdict has been reached (verified, disputed or not a claim).
    pub fn is_settled(self) -> bool {
        matches!(self, Status::Verified | Status::Disputed | Status::NotAClaim)
    }
}

/// Votes on one claim.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Tally {
    pub verified: i64,
    pub disputed: i64,
    pub not_a_claim: i64,
}

impl Tally {
    pub fn total(&self) -> i64 {
        self.verified + self.disputed + self.not_a_claim
    }
}

/// Quorum and threshold. The threshold is a fraction kept as integers so 2/3 of 3 is exactly 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub quorum: i64,
    pub threshold_num: i64,
    pub threshold_den: i64,
}

impl Default for Rule {
    fn default() -> Self {
        Rule { quorum: 3, threshold_num: 2, threshold_den: 3 }
    }
}

impl Rule {
    /// Parses "3" and "2/3" style settings; the threshold must lie in (1/2, 1].
    pub fn new(quorum: i64, threshold: &str) -> Result<Rule, String> {
        if quorum < 1 {
            return Err("quorum must be at least 1".into());
        }
        let (num, den) = match threshold.split_once('/') {
            Some((n, d)) => (n.trim().parse::<i64>(), d.trim().parse::<i64>()),
            None => {
                // A decimal such as 0.75, kept to 1/1000.
                let v: f64 = threshold
                    .trim()
                    .parse()
                    .map_err(|_| format!("threshold {threshold:?} is not a fraction"))?;
                (Ok((v * 1000.0).round() as i64), Ok(1000))
            }
        };
        let (num, den) = match (num, den) {
            (Ok(n), Ok(d)) if d > 0 && n > 0 => (n, d),
            _ => return Err(format!("threshold {threshold:?} is not a fraction like 2/3")),
        };
        if num * 2 <= den || num > den {
            return Err("threshold must be more than 1/2 and at most 1".into());
        }
        Ok(Rule { quorum, threshold_num: num, threshold_den: den })
    }

    pub fn describe(&self) -> String {
        format!("quorum {}, threshold {}/{}", self.quorum, self.threshold_num, self.threshold_den)
    }

    fn reaches(&self, count: i64, total: i64) -> bool {
        count * self.threshold_den >= self.threshold_num * total
    }
}

/// The crowd's status for a tally, and why, in one line for the claim panel.
pub fn evaluate(t: Tally, rule: &Rule) -> (Status, String) {
    evaluate_with_pending(t, 0, rule)
}

/// As `evaluate`, for a tally of counted votes beside `pending` votes of new reviewers, which the
/// status ignores and the explanation mentions ("2 of 3 counted reviewers verified, quorum 3; 4
/// votes from new reviewers not counted yet").
pub fn evaluate_with_pending(t: Tally, pending: i64, rule: &Rule) -> (Status, String) {
    let (status, line) = explain(t, rule, if pending > 0 { "counted reviewer" } else { "reviewer" });
    if pending <= 0 {
        return (status, line);
    }
    let votes = if pending == 1 { "1 vote".to_string() } else { format!("{pending} votes") };
    (status, format!("{line}; {votes} from new reviewers not counted yet"))
}

fn explain(t: Tally, rule: &Rule, noun: &str) -> (Status, String) {
    let total = t.total();
    let people = |n: i64| if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") };
    if total == 0 {
        let what = if noun == "reviewer" { "votes" } else { "counted votes" };
        return (Status::Unreviewed, format!("No {what} yet; {} needed for a verdict", rule.quorum));
    }
    if total < rule.quorum {
        return (
            Status::Pending,
            format!("{} voted, quorum {}: {} more needed", people(total), rule.quorum, rule.quorum - total),
        );
    }
    let share = format!("of {total} {noun}s");
    if rule.reaches(t.verified, total) {
        (Status::Verified, format!("{} {share} verified, quorum {}", t.verified, rule.quorum))
    } else if rule.reaches(t.disputed, total) {
        (Status::Disputed, format!("{} {share} disputed, quorum {}", t.disputed, rule.quorum))
    } else if rule.reaches(t.not_a_claim, total) {
        (
            Status::NotAClaim,
            format!("{} {share} said it is not a claim, quorum {}", t.not_a_claim, rule.quorum),
        )
    } else {
        (
            Status::Contested,
            format!(
                "No verdict reached {}/{}: {} verified, {} disputed, {} not a claim",
                rule.threshold_num, rule.threshold_den, t.verified, t.disputed, t.not_a_claim
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(v: i64, d: i64, n: i64) -> Tally {
        Tally { verified: v, disputed: d, not_a_claim: n }
    }

    fn status(v: i64, d: i64, n: i64) -> Status {
        evaluate(t(v, d, n), &Rule::default()).0
    }

    #[test]
    fn no_votes_is_unreviewed() {
        assert_eq!(status(0, 0, 0), Status::Unreviewed);
    }

    #[test]
    fn fewer_votes_than_the_quorum_is_pending_whatever_they_say() {
        assert_eq!(status(2, 0, 0), Status::Pending);
        assert_eq!(status(0, 1, 1), Status::Pending);
    }

    #[test]
    fn two_of_three_verified_is_exactly_the_threshold() {
        assert_eq!(status(2, 1, 0), Status::Verified);
    }

    #[test]
    fn three_of_four_verified_is_verified_and_explained() {
        let (s, why) = evaluate(t(3, 1, 0), &Rule::default());
        assert_eq!(s, Status::Verified);
        assert_eq!(why, "3 of 4 reviewers verified, quorum 3");
    }

    #[test]
    fn a_disputing_majority_is_disputed() {
        assert_eq!(status(1, 3, 0), Status::Disputed);
    }

    #[test]
    fn a_split_below_the_threshold_is_contested() {
        assert_eq!(status(2, 2, 0), Status::Contested);
        assert_eq!(status(1, 1, 1), Status::Contested);
    }

    #[test]
    fn enough_not_a_claim_votes_reject_the_proposal() {
        assert_eq!(status(0, 1, 2), Status::NotAClaim);
    }

    #[test]
    fn a_custom_rule_changes_the_outcome() {
        let rule = Rule::new(5, "3/4").unwrap();
        assert_eq!(evaluate(t(3, 1, 0), &rule).0, Status::Pending);
        assert_eq!(evaluate(t(4, 1, 0), &rule).0, Status::Verified);
        assert_eq!(evaluate(t(3, 2, 0), &rule).0, Status::Contested);
    }

    #[test]
    fn thresholds_at_or_below_one_half_are_refused() {
        assert!(Rule::new(3, "1/2").is_err());
        assert!(Rule::new(3, "0.4").is_err());
        assert!(Rule::new(3, "3/2").is_err());
        assert!(Rule::new(0, "2/3").is_err());
        assert_eq!(
            Rule::new(3, "0.75").unwrap(),
            Rule { quorum: 3, threshold_num: 750, threshold_den: 1000 }
        );
    }

    #[test]
    fn new_reviewers_votes_are_named_but_never_decide() {
        let (s, why) = evaluate_with_pending(t(2, 1, 0), 4, &Rule::default());
        assert_eq!(s, Status::Verified);
        assert_eq!(
            why,
            "2 of 3 counted reviewers verified, quorum 3; 4 votes from new reviewers not counted yet"
        );
        let (s, why) = evaluate_with_pending(t(0, 0, 0), 3, &Rule::default());
        assert_eq!(s, Status::Unreviewed);
        assert_eq!(
            why,
            "No counted votes yet; 3 needed for a verdict; 3 votes from new reviewers not counted yet"
        );
    }

    #[test]
    fn pending_explains_how_many_more_are_needed() {
        assert_eq!(evaluate(t(1, 0, 0), &Rule::default()).1, "1 reviewer voted, quorum 3: 2 more needed");
    }
}
