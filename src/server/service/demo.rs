//! `claimcheck demo`: a sample article reviewed by a few demo reviewers, so a newcomer sees every
//! status at once. Everything goes through the ordinary use cases, exactly as reviewers' clicks would,
//! so the demo data obeys the same rules (sources cited, tallies in one transaction) as real data.

use super::{accounts, articles, claims};
use crate::error::{AppError, OrInternal};
use crate::model::{
    ArticleView, CastVote, FlagReason, NewArticle, NewClaim, NewFlag, NewSource, Role, Stance, UserView,
    Verdict,
};
use crate::server::auth::Actor;
use crate::server::db;
use crate::server::state::AppState;

/// Invented for the demo: a local news story with page furniture and claims of every kind.
pub const ARTICLE: &str = include_str!("demo_article.txt");
pub const TITLE: &str = "Riverside tram extension opens two years late and 40% over budget";

/// Demo accounts get a random password that is never shown, so nobody can sign in as them.
pub const REVIEWERS: [&str; 4] = ["demo_ana", "demo_ben", "demo_chen", "demo_dara"];

/// What one demo reviewer does with a claim.
#[derive(Clone, Copy)]
enum Act {
    Verify,
    Dispute,
    NotAClaim,
}

struct Source {
    url: &'static str,
    title: &'static str,
    excerpt: &'static str,
    stance: &'static str,
}

/// One reviewed claim: the words that anchor it, the sources reviewers add, and the votes, in order
/// of `REVIEWERS`. The votes are chosen for the default rule (quorum 3, threshold 2/3).
struct Review {
    anchor: &'static str,
    sources: &'static [Source],
    votes: &'static [Act],
    note: &'static str,
}

const PLAN: &[Review] = &[
    // Verified: 2 of 3 verified.
    Review {
        anchor: "The project cost £412 million",
        sources: &[
            Source {
                url: "https://council.example.org/audit-committee/2026/tram-extension-final-account",
                title: "Tram extension: final account, audit committee paper 7",
                excerpt: "Outturn cost £412.3m against the 2019 approved budget of £295.0m (+39.8%).",
                stance: "supports",
            },
            Source {
                url: "https://news.example.net/riverside/tram-cost-row",
                title: "Opposition says tram bill tops half a billion",
                excerpt: "Including the depot, the opposition puts the total at £520m.",
                stance: "refutes",
            },
        ],
        votes: &[Act::Verify, Act::Verify, Act::Dispute],
        note:
            "The audit committee paper gives £412.3m; the larger figure counts the depot, a separate project.",
    },
    // Disputed: 3 of 4 disputed.
    Review {
        anchor: "take 9,000 cars off the road every single day",
        sources: &[
            Source {
                url: "https://transport.example.org/riverside-tram/business-case-2019.pdf",
                title: "Riverside tram extension: full business case",
                excerpt: "Modelled reduction in car trips: 2,100 per weekday in the opening year.",
                stance: "refutes",
            },
            Source {
                url: "https://mayor.example.org/press/tram-opening",
                title: "Mayor opens the Elmfield tram line",
                excerpt: "The Mayor said the line would take thousands of cars off the road.",
                stance: "context",
            },
        ],
        votes: &[Act::Dispute, Act::Dispute, Act::Dispute, Act::Verify],
        note: "The business case models about 2,100 fewer car trips a day, not 9,000.",
    },
    // Contested: 2 verified, 2 disputed.
    Review {
        anchor: "cut the number of shoppers on the street by half",
        sources: &[
            Source {
                url: "https://bid.example.com/canal-street/footfall-2025",
                title: "Canal Street footfall counts, 2024-2025",
                excerpt: "Average weekly footfall fell 48% between March and October 2025.",
                stance: "supports",
            },
            Source {
                url: "https://stats.example.org/high-streets/riverside-2025",
                title: "High street activity, Riverside, annual summary",
                excerpt: "Visits to Canal Street over the whole of 2025 were 22% below 2024.",
                stance: "refutes",
            },
        ],
        votes: &[Act::Verify, Act::Dispute, Act::Verify, Act::Dispute],
        note: "Depends on the period: half during the works, a fifth over the year.",
    },
    // Pending: one vote, quorum 3.
    Review {
        anchor: "now take 19 minutes",
        sources: &[Source {
            url: "https://tram.example.com/timetables/line-2",
            title: "Line 2 timetable from 10 November 2026",
            excerpt: "Harbour Square 07:00, Elmfield Park 07:19.",
            stance: "supports",
        }],
        votes: &[Act::Verify],
        note: "The timetable shows 19 minutes end to end.",
    },
    // Not a claim: 3 of 3 say it is an opinion, not something to check.
    Review {
        anchor: "I think people are going to love it",
        sources: &[],
        votes: &[Act::NotAClaim, Act::NotAClaim, Act::NotAClaim],
        note: "An opinion about the future; nothing to check.",
    },
];

#[derive(Debug, Clone)]
pub struct DemoSummary {
    pub article: ArticleView,
    pub reviewers: Vec<UserView>,
}

/// Loads the demo. On a database that already holds articles it refuses, changing nothing, unless
/// `force`; a forced run adds another copy of the article and reuses the demo reviewers.
pub async fn load(state: &AppState, force: bool) -> Result<DemoSummary, AppError> {
    let existing = db::articles::count(state.db.pool()).await?;
    if existing > 0 && !force {
        let articles = if existing == 1 { "1 article".to_string() } else { format!("{existing} articles") };
        return Err(AppError::Conflict(format!(
            "the database already holds {articles}; the demo is meant for an empty one. \
             Run `claimcheck demo --force` to add the demo article anyway"
        )));
    }

    let mut reviewers = Vec::with_capacity(REVIEWERS.len());
    for name in REVIEWERS {
        reviewers.push(demo_reviewer(state, name).await?);
    }
    let actors: Vec<Actor> = reviewers.iter().cloned().map(Actor::User).collect();

    let article = articles::submit(
        state,
        &actors[0],
        NewArticle {
            title: TITLE.into(),
            body: ARTICLE.into(),
            url: Some("https://riverside-post.example.com/news/2026/11/12/tram-extension-opens".into()),
            publisher: Some("Riverside Evening Post (demo)".into()),
            published_date: Some("2026-11-12".into()),
        },
    )
    .await?;

    for review in PLAN {
        let claim_id = claim_for(state, &actors[0], &article, review.anchor).await?;
        let mut source_ids = Vec::new();
        for (i, s) in review.sources.iter().enumerate() {
            let added = claims::add_source(
                state,
                &actors[i % actors.len()],
                claim_id,
                NewSource {
                    url: s.url.into(),
                    title: Some(s.title.into()),
                    publisher: None,
                    excerpt: Some(s.excerpt.into()),
                    stance: Stance::parse(s.stance).or_internal("a demo source's stance is not a stance")?,
                },
            )
            .await?;
            source_ids.push((s.stance, added.id));
        }
        for (actor, act) in actors.iter().zip(review.votes) {
            // Each reviewer cites the sources that back their verdict.
            let (verdict, cite) = match act {
                Act::Verify => (Verdict::Verified, ["supports", "context"].as_slice()),
                Act::Dispute => (Verdict::Disputed, ["refutes", "context"].as_slice()),
                Act::NotAClaim => (Verdict::NotAClaim, [].as_slice()),
            };
            let mut cited: Vec<i64> =
                source_ids.iter().filter(|(stance, _)| cite.contains(stance)).map(|(_, id)| *id).collect();
            if cited.is_empty() && !cite.is_empty() {
                cited = source_ids.iter().map(|(_, id)| *id).collect();
            }
            let note = match act {
                Act::NotAClaim => review.note,
                _ if review.votes.len() == 1 => review.note,
                _ => "",
            };
            claims::cast_vote(
                state,
                actor,
                claim_id,
                CastVote { verdict, source_ids: cited, note: Some(note.into()) },
            )
            .await?;
        }
    }

    // One open flag, so the moderation queue has something in it too.
    if let Some(claim) = article.claims.iter().find(|c| c.statement.contains("medieval bridge")) {
        claims::flag_claim(
            state,
            &actors[3],
            claim.id,
            NewFlag {
                reason: FlagReason::Other,
                details: Some(
                    "Demo flag: the council's archaeology report says the timbers were a jetty.".into(),
                ),
            },
        )
        .await?;
    }

    let article = articles::get(state, &Actor::System, article.id).await?;
    Ok(DemoSummary { article, reviewers })
}

/// The demo reviewer named `name`, created with a random password the first time.
async fn demo_reviewer(state: &AppState, name: &str) -> Result<UserView, AppError> {
    if let Some(row) = db::users::by_username(state.db.pool(), name).await? {
        return Ok(UserView {
            id: row.id,
            username: row.username,
            role: Role::parse(&row.role).unwrap_or(Role::Reviewer),
            standing: row.standing,
        });
    }
    let password = accounts::generate_password();
    // Demo reviewers are trusted, so their votes show every status.
    accounts::create_user(&state.db, &state.passwords, name, &password, Role::Reviewer, true).await
}

/// The extracted claim that contains `anchor`, or a manual claim over it when extraction did not
/// propose one (an opinion, say), so the plan survives changes to the extractor.
async fn claim_for(
    state: &AppState,
    actor: &Actor,
    article: &ArticleView,
    anchor: &str,
) -> Result<i64, AppError> {
    if let Some(c) = article.claims.iter().find(|c| c.quote.exact.contains(anchor)) {
        return Ok(c.id);
    }
    let byte = article.body.find(anchor).or_internal("the demo claim's anchor is not in the demo article")?;
    let start = article.body[..byte].chars().count() as i64;
    let end = start + anchor.chars().count() as i64;
    let claim =
        claims::add_manual(state, actor, article.id, NewClaim { start, end, statement: None }).await?;
    Ok(claim.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consensus::{evaluate, Rule, Status, Tally};

    fn tally(votes: &[Act]) -> Tally {
        let mut t = Tally::default();
        for v in votes {
            match v {
                Act::Verify => t.verified += 1,
                Act::Dispute => t.disputed += 1,
                Act::NotAClaim => t.not_a_claim += 1,
            }
        }
        t
    }

    #[test]
    fn the_plan_reaches_every_reviewed_status_under_the_default_rule() {
        let got: Vec<Status> = PLAN.iter().map(|r| evaluate(tally(r.votes), &Rule::default()).0).collect();
        assert_eq!(
            got,
            [Status::Verified, Status::Disputed, Status::Contested, Status::Pending, Status::NotAClaim]
        );
    }

    #[test]
    fn every_anchor_is_in_the_article_once() {
        for r in PLAN {
            assert_eq!(ARTICLE.matches(r.anchor).count(), 1, "{}", r.anchor);
            assert!(r.votes.len() <= REVIEWERS.len());
        }
    }

    #[test]
    fn verified_and_disputed_votes_have_a_source_to_cite() {
        for r in PLAN {
            if r.votes.iter().any(|v| !matches!(v, Act::NotAClaim)) {
                assert!(!r.sources.is_empty(), "{}", r.anchor);
            }
        }
    }
}
