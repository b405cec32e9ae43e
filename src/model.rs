//! Types that travel between server and browser (serde). Row types used by SQL live in `server::db`
//! and are converted into these, so a column added for the server never leaks to the client by accident.

use serde::{Deserialize, Serialize};

pub use crate::consensus::{Status, Tally};
pub use crate::extract::{ClaimKind, Fact, Quote};
pub use crate::values::{
    ArticleAction, ClaimAction, FlagAction, FlagReason, LockVerdict, SourceAction, Stance, Standing, Verdict,
    Visibility,
};

/// One line of the article list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ArticleSummary {
    pub id: i64,
    pub title: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published_date: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub claim_count: i64,
    /// Claims per status, for the verdict-distribution bar.
    pub distribution: Distribution,
    /// No more votes, sources or claims (an admin's article lock, or archived).
    pub locked: bool,
    pub archived: bool,
    /// For a copy an admin merged into another article (archived): that article's id.
    #[serde(default)]
    pub merged_into: Option<i64>,
}

/// How many claims of an article (or of anything) are in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Distribution {
    pub verified: i64,
    pub disputed: i64,
    pub contested: i64,
    pub not_a_claim: i64,
    pub pending: i64,
    pub unreviewed: i64,
}

impl Distribution {
    pub fn add(&mut self, status: Status, n: i64) {
        match status {
            Status::Verified => self.verified += n,
            Status::Disputed => self.disputed += n,
            Status::Contested => self.contested += n,
            Status::NotAClaim => self.not_a_claim += n,
            Status::Pending => self.pending += n,
            Status::Unreviewed => self.unreviewed += n,
        }
    }

    pub fn get(&self, status: Status) -> i64 {
        match status {
            Status::Verified => self.verified,
            Status::Disputed => self.disputed,
            Status::Contested => self.contested,
            Status::NotAClaim => self.not_a_claim,
            Status::Pending => self.pending,
            Status::Unreviewed => self.unreviewed,
        }
    }

    pub fn total(&self) -> i64 {
        Status::ALL.iter().map(|s| self.get(*s)).sum()
    }

    /// Claims with a verdict (verified, disputed or rejected as not a claim).
    pub fn settled(&self) -> i64 {
        self.verified + self.disputed + self.not_a_claim
    }
}

/// A claim as readers and reviewers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClaimView {
    pub id: i64,
    pub article_id: i64,
    /// Code point offsets into the article body.
    pub start: usize,
    pub end: usize,
    pub quote: Quote,
    pub statement: String,
    pub kind: ClaimKind,
    /// extracted | manual
    pub origin: String,
    pub score: f64,
    pub facts: Vec<Fact>,
    /// The status readers see: the editorial verdict when an admin has locked the claim, else
    /// `crowd_status`.
    pub status: Status,
    /// What the votes alone say, by the consensus rule.
    pub crowd_status: Status,
    pub tally: Tally,
    /// An admin's editorial verdict overrides the crowd.
    pub locked: bool,
    /// The editorial verdict, its reason and who set it, when `locked`.
    pub editorial: Option<Editorial>,
    /// visible | hidden (admins only) | removed (admins only)
    pub visibility: Visibility,
    /// Set when the claim was merged into another (it is then removed).
    pub merged_into: Option<i64>,
    /// One line on why the status is what it is.
    pub explanation: String,
    /// Current votes of new reviewers: stored and shown, not counted in `tally` yet.
    pub pending_votes: i64,
}

/// An admin's editorial verdict on a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Editorial {
    /// verified | disputed
    pub verdict: Status,
    pub reason: String,
    pub by: Option<String>,
    pub at: Option<String>,
}

/// An article with its claims, for the article page and `GET /api/articles/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ArticleView {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published_date: Option<String>,
    pub created_at: String,
    pub submitted_by: Option<String>,
    pub claims: Vec<ClaimView>,
    pub distribution: Distribution,
    /// Locked by an admin: no more votes, sources or claims.
    pub locked: bool,
    /// Archived: read-only and out of the default article list.
    pub archived: bool,
    /// Other articles stored under the same link (at most 5, oldest first): copies whose reviewers'
    /// votes are split from this one's.
    #[serde(default)]
    pub copies: Vec<ArticleCopy>,
    /// The article this copy was merged into by an admin (its claims, votes and sources moved
    /// there); left out when it was not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<ArticleLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SourceView {
    pub id: i64,
    pub claim_id: i64,
    pub url: String,
    pub title: String,
    pub publisher: String,
    pub excerpt: String,
    pub stance: Stance,
    pub added_by: String,
    pub created_at: String,
    /// Only admins see hidden and removed sources.
    pub visibility: Visibility,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VoteView {
    pub user_id: i64,
    pub username: String,
    pub verdict: Verdict,
    pub note: String,
    pub source_ids: Vec<i64>,
    pub updated_at: String,
    /// false: a new reviewer's vote, shown but not counted toward the verdict yet.
    pub counted: bool,
}

/// One line of a claim's history: votes cast, changed and retracted, statement edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub username: String,
    /// verified | disputed | not_a_claim | retracted | edited
    pub action: String,
    pub detail: String,
    pub at: String,
}

/// Everything about one claim: the panel and `GET /api/claims/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClaimDetail {
    pub claim: ClaimView,
    pub article_title: String,
    /// The article is locked or archived: no more votes or sources.
    pub article_locked: bool,
    /// The article is archived (read-only); `article_locked` is true then too.
    #[serde(default)]
    pub article_archived: bool,
    pub sources: Vec<SourceView>,
    pub votes: Vec<VoteView>,
    pub history: Vec<HistoryEntry>,
    /// "Previously checked": fact-checks and claims of other articles that may be the same claim.
    pub matches: Vec<MatchView>,
    /// `history` holds the latest 50 votes (with the edits and match decisions of that time); when
    /// older entries exist, pass this as `?history_before=` for the page before. None: no more.
    pub history_cursor: Option<i64>,
    /// Readers' requests for a check: how many, whether you (this account or browser) asked, and
    /// whether the claim takes them.
    pub check_requests: CheckRequests,
    /// Pages only: the claim that was asked for, when it had been merged into this one (its links
    /// live on in exports and reviewers' notes). `GET /api/claims/{id}` answers 404 for it instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_from: Option<i64>,
}

/// An article with every claim's sources: the printable report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleReport {
    pub article: ArticleView,
    /// Sources of all claims, in the order they were added; group by `claim_id`.
    pub sources: Vec<SourceView>,
}

// --- inputs -----------------------------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewArticle {
    /// Up to 300 characters (surrounding spaces trimmed).
    #[cfg_attr(feature = "ssr", schema(max_length = 300, pattern = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"))]
    pub title: String,
    /// The article's text, up to 1 MB.
    #[cfg_attr(feature = "ssr", schema(pattern = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"))]
    pub body: String,
    /// An http(s) link to the original, or empty.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::server::openapi::optional_http_url))]
    pub url: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_length = 200, pattern = "^[^\\u0000]*$"))]
    pub publisher: Option<String>,
    /// YYYY-MM-DD, or empty.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::server::openapi::optional_date))]
    pub published_date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewClaim {
    pub start: i64,
    pub end: i64,
    #[serde(default)]
    pub statement: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewSource {
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::server::openapi::required_http_url))]
    pub url: String,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_length = 300, pattern = "^[^\\u0000]*$"))]
    pub title: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_length = 200, pattern = "^[^\\u0000]*$"))]
    pub publisher: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_length = 2000, pattern = "^[^\\u0000]*$"))]
    pub excerpt: Option<String>,
    pub stance: Stance,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CastVote {
    /// Verified and disputed cite at least one of the claim's sources.
    pub verdict: Verdict,
    #[serde(default)]
    pub source_ids: Vec<i64>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewFlag {
    pub reason: FlagReason,
    #[serde(default)]
    pub details: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FlagView {
    pub id: i64,
    pub target_type: String,
    pub target_id: i64,
    pub reason: FlagReason,
    pub details: String,
    pub state: String,
}

// --- moderation -------------------------------------------------------------------------------

/// `POST /api/claims/{id}/moderation`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClaimModeration {
    pub action: ClaimAction,
    /// Required for lock: the editorial verdict.
    #[serde(default)]
    pub verdict: Option<LockVerdict>,
    /// Required for hide, remove and lock.
    #[serde(default)]
    pub reason: Option<String>,
    /// For edit: the new statement (the old one stays in the history).
    #[serde(default)]
    pub statement: Option<String>,
}

/// `POST /api/claims/{id}/merge`: the claim is a duplicate of `into`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClaimMerge {
    #[cfg_attr(feature = "ssr", schema(minimum = 1))]
    pub into: i64,
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/articles/{id}/merge`: the article is a copy of `into`, where its reviewing goes on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ArticleMerge {
    #[cfg_attr(feature = "ssr", schema(minimum = 1))]
    pub into: i64,
    /// Required unless `dry_run`.
    #[serde(default)]
    pub reason: Option<String>,
    /// Only say what the merge would do: the same report, nothing written (a merge cannot be
    /// undone, so look first).
    #[serde(default)]
    pub dry_run: bool,
}

/// What merging a copy of an article did (or, with `dry_run`, would do), claim by claim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ArticleMergeReport {
    /// The copy, now archived and pointing to `into`.
    pub id: i64,
    pub into: ArticleLink,
    /// The copy's claims merged into the visible claim `into` already had on the same text.
    pub merged_claims: i64,
    /// The copy's claims whose text `into` holds but no claim of it covered: moved there whole
    /// (same id, votes, sources, history).
    pub moved_claims: i64,
    /// The copy's claims whose text `into` does not hold (or holds only under a hidden or
    /// removed claim): they stay on the copy, readable there. Hidden claims of the copy stay too.
    pub kept_claims: i64,
    pub moved_votes: i64,
    pub moved_sources: i64,
    /// Votes a reviewer had cast on both copies of a claim: the copy's was dropped, theirs on
    /// `into` counts.
    pub dropped_votes: i64,
    /// A preview: nothing was merged, and the copy is as it was.
    #[serde(default)]
    pub dry_run: bool,
}

/// `POST /api/sources/{id}/moderation`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SourceModeration {
    pub action: SourceAction,
    /// Required for hide and remove.
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/articles/{id}/moderation`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ArticleModeration {
    pub action: ArticleAction,
    /// Required for lock and archive.
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/flags/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FlagDecision {
    pub action: FlagAction,
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /api/users/{id}/disable`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserDisable {
    /// Required: why (up to 1,000 characters).
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = String, required = true, max_length = 1000, pattern = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"))]
    pub reason: Option<String>,
    /// Stop counting the account's votes toward consensus (they are kept, and count again on enable).
    #[serde(default)]
    pub exclude_votes: bool,
}

/// `POST /api/users/{id}/enable`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserEnable {
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/users/{id}/role`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserRoleChange {
    /// reviewer | admin
    pub role: String,
    #[serde(default)]
    pub reason: Option<String>,
}

/// An account as admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserAdminView {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub disabled: bool,
    pub votes_excluded: bool,
    pub vote_count: i64,
    pub created_at: String,
    /// new | trusted: only trusted reviewers' votes count.
    pub standing: Standing,
}

/// One open flag in the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueFlag {
    pub id: i64,
    pub reason: FlagReason,
    pub details: String,
    pub by: String,
    pub at: String,
}

/// How many open flags give one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReasonCount {
    pub reason: FlagReason,
    pub count: i64,
}

/// A flagged claim or source with all its open flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FlaggedItem {
    /// claim | source
    pub target_type: String,
    pub target_id: i64,
    /// The claim (for a source: the claim it supports) and its article, to see it in context.
    pub claim_id: i64,
    pub article_id: i64,
    pub article_title: String,
    /// The claim's statement, or the source's title and URL.
    pub label: String,
    pub visibility: Visibility,
    pub reasons: Vec<ReasonCount>,
    pub flags: Vec<QueueFlag>,
    /// When the oldest open flag was raised.
    pub first_flagged_at: String,
}

/// A claim in the queue's "new manual claims" or "contested" lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueClaim {
    pub claim_id: i64,
    pub article_id: i64,
    pub article_title: String,
    pub statement: String,
    pub status: Status,
    pub tally: Tally,
    pub created_by: Option<String>,
    pub created_at: String,
}

/// `GET /api/moderation/queue`: oldest first in each list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ModerationQueue {
    pub flagged: Vec<FlaggedItem>,
    /// Manual claims no admin has looked at yet (any moderation action, or approve, clears them).
    pub manual: Vec<QueueClaim>,
    /// Visible, unlocked claims whose votes disagree.
    pub contested: Vec<QueueClaim>,
    /// Possible brigading by new accounts (see `service::brigades`).
    pub brigades: Vec<crate::model_standing::BrigadeSignal>,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    /// None for the command line.
    pub actor_id: Option<i64>,
    pub actor: String,
    pub action: String,
    /// claim | source | article | user | flag
    pub target_type: String,
    pub target_id: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub before: serde_json::Value,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub after: serde_json::Value,
    pub reason: String,
    pub at: String,
}

/// Filters for `GET /api/moderation/audit` and `/admin/audit`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct AuditQuery {
    #[serde(default)]
    #[cfg_attr(feature = "ssr", param(value_type = Option<i64>, minimum = 0, maximum = 4294967295_i64))]
    pub page: Option<u32>,
    /// e.g. claim.hide, claim.merge, user.disable
    #[serde(default)]
    #[cfg_attr(feature = "ssr", param(max_length = 100, pattern = "^[^\\u0000]*$"))]
    pub action: Option<String>,
    /// The acting admin's username.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", param(max_length = 100, pattern = "^[^\\u0000]*$"))]
    pub actor: Option<String>,
    /// claim | source | article | user | flag | invitation (empty: any)
    #[serde(default)]
    #[cfg_attr(feature = "ssr", param(schema_with = crate::server::openapi::audit_target_types))]
    pub target_type: Option<String>,
    /// 0 or left out: any.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", param(minimum = 0))]
    pub target_id: Option<i64>,
    /// json (default) | csv
    #[serde(default)]
    #[cfg_attr(feature = "ssr", param(schema_with = crate::server::openapi::audit_formats))]
    pub format: Option<String>,
}

/// Filters for the article list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct ArticleQuery {
    /// 1 for the first page; pages past the last (up to 100,000) are empty.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", param(value_type = Option<i64>, minimum = 0, maximum = 4294967295_i64))]
    pub page: Option<u32>,
    /// Words to find in titles and claim statements.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", param(max_length = 200, pattern = "^[^\\u0000]*$"))]
    pub q: Option<String>,
    /// Only articles with at least one claim in this status.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", param(schema_with = crate::server::openapi::claim_statuses))]
    pub status: Option<String>,
    /// true: only archived articles (they are left out otherwise).
    #[serde(default)]
    pub archived: Option<bool>,
}

/// A page of results with enough to draw pagination.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

impl<T> Page<T> {
    pub fn page_count(&self) -> u32 {
        let per = i64::from(self.per_page.max(1));
        u32::try_from((self.total + per - 1) / per).unwrap_or(u32::MAX).max(1)
    }
}

/// A reviewer does the everyday work; an admin also moderates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Reviewer,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "reviewer" => Some(Role::Reviewer),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// The signed-in user as the browser and API clients see them: `{id, username, role}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub role: Role,
    /// new | trusted: only trusted reviewers' votes count (admins are always trusted).
    pub standing: Standing,
}

/// What to import (`POST /api/import`): a link the server fetches, or a saved page's HTML (with the
/// link it came from, if known). Exactly one of `url` and `html` is needed; `html` wins if both come.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewImport {
    /// The page's http(s) link: the server fetches it.
    #[serde(default)]
    pub url: Option<String>,
    /// A saved page's HTML (then `url`, if given, only names the page).
    #[serde(default)]
    pub html: Option<String>,
}

// Either field alone may be left out, but not both: a shape the derive cannot say.
#[cfg(feature = "ssr")]
impl utoipa::PartialSchema for NewImport {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::server::openapi::new_import().into()
    }
}

#[cfg(feature = "ssr")]
impl utoipa::ToSchema for NewImport {}

/// An imported page's fields (`POST /api/import`, `claimcheck import-html`): nothing is stored; the
/// reviewer checks them and submits the article as usual. `body` is exactly what the article will hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportedArticle {
    pub title: Option<String>,
    /// The main text: paragraphs separated by a blank line.
    pub body: String,
    pub byline: Option<String>,
    pub publisher: Option<String>,
    /// YYYY-MM-DD
    pub published_date: Option<String>,
    /// The canonical URL when the page names one, else the URL it was fetched from.
    pub url: Option<String>,
    /// BCP 47 tag, e.g. `en` or `en-GB`.
    pub language: Option<String>,
    /// An article already here with this link (the page's canonical URL or the one given): open it
    /// rather than submit a second copy, which would split the reviewers' votes between the two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub already_submitted: Option<ArticleLink>,
}

/// Another article stored under the same link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ArticleCopy {
    pub id: i64,
    pub title: String,
    /// Neither locked nor archived: it takes votes, and a copy can be merged into it.
    pub open: bool,
}

/// An article named by its id and title.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ArticleLink {
    pub id: i64,
    pub title: String,
}

/// What the submit page shows after a plain form post to "From a link" or "From a saved page":
/// the imported fields to fill the form with, or the error to show beside the import form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPrefill {
    pub title: String,
    pub body: String,
    pub url: String,
    pub publisher: String,
    pub published_date: String,
    /// The link the reviewer typed, shown again in its box.
    pub link: String,
    /// Why the import failed, shown beside the import forms.
    pub error: Option<String>,
    /// Why the pasted article was refused (sent without JavaScript), shown beside its button.
    pub submit_error: Option<String>,
    /// The imported link's article, when it was submitted before.
    pub already_submitted: Option<ArticleLink>,
}

// --- the crowd's daily loop (review queue, check requests, activity) ---------------------------

/// One claim in a reviewer's queue: the claim as the article view shows it, its article, how many
/// readers asked for a check, and why it is in the queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueItem {
    pub claim: ClaimView,
    pub article_title: String,
    /// near_quorum | contested | requested | unreviewed
    pub reason: String,
    pub requests: i64,
}

/// A page of the review queue and how many claims wait in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewQueue {
    pub items: Vec<QueueItem>,
    pub total: i64,
    /// With `?article=`: the article these claims are from, the one named or, for a copy an admin
    /// merged into another article, that article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<ArticleLink>,
    /// With `?article=`: why that article's claims take no votes ("archived", "locked"), if so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<String>,
}

/// `?limit=&article=` of `GET /api/review/queue`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct QueueQuery {
    /// Claims per page, 1 to 100 (default 20).
    #[serde(default)]
    #[cfg_attr(feature = "ssr", param(value_type = Option<i64>, minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// Only this article's claims.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", param(minimum = 1))]
    pub article: Option<i64>,
}

/// How many readers asked for a check of a claim, and whether you (this account or browser) did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CheckRequests {
    pub claim_id: i64,
    pub requests: i64,
    pub asked: bool,
    /// The claim takes requests (unreviewed or pending, visible, not locked, article open).
    pub open: bool,
}

/// Something that happened on a claim you voted on, added a source to or flagged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ActivityItem {
    pub claim_id: i64,
    /// vote | source | status | moderation
    pub kind: String,
    /// RFC 3339, UTC.
    pub at: String,
    pub article_id: i64,
    pub article_title: String,
    pub statement: String,
    /// Who did it; for a status change, whose vote or moderation made it (empty for a recount).
    pub actor: String,
    /// vote: the verdict (or retracted); source: its title; status: the new status; moderation: the action.
    pub detail: String,
    /// status: the status before; source: its stance; else empty.
    pub previous: String,
    /// Newer than your previous visit to the activity page.
    pub unread: bool,
}

/// `GET /api/activity`: newest first; `unread` counts the events since your previous visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Activity {
    pub items: Vec<ActivityItem>,
    pub unread: i64,
}

/// What the header shows a signed-in reviewer: claims waiting in the queue, unread activity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoopCounts {
    pub waiting: i64,
    pub unread: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_list_still_has_one_page() {
        let p: Page<()> = Page { items: vec![], page: 1, per_page: 20, total: 0 };
        assert_eq!(p.page_count(), 1);
    }

    #[test]
    fn a_partial_last_page_counts_as_a_page() {
        let p: Page<()> = Page { items: vec![], page: 1, per_page: 20, total: 41 };
        assert_eq!(p.page_count(), 3);
    }
}

/// A proposed link from a claim to a fact-check of the library, or to a claim of another article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MatchView {
    pub id: i64,
    /// factcheck | claim
    pub kind: String,
    /// The earlier claim, as checked.
    pub claim: String,
    /// The fact-checker's rating, or our status for a claim of ours.
    pub rating: String,
    pub publisher: String,
    /// The fact-check, or the claim's permalink.
    pub url: Option<String>,
    pub date: Option<String>,
    /// Closeness of the two wordings, 0..1.
    pub score: f64,
    /// agree | differ | none: `differ` is "related, different figure", never the same claim.
    pub figures: String,
    /// proposed | confirmed | dismissed
    pub state: String,
    /// For a claim of ours: its article (id and title), shown as "also in".
    pub article_id: Option<i64>,
    pub article_title: Option<String>,
}

/// A reviewer's decision on a proposed match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MatchDecision {
    /// confirm | dismiss
    pub decision: String,
}

/// One entry of the fact-check library: imported, or a settled claim of ours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FactCheckView {
    pub id: i64,
    /// factcheck | claim
    pub kind: String,
    pub claim: String,
    pub title: String,
    pub rating: String,
    pub publisher: String,
    pub url: Option<String>,
    pub date: Option<String>,
}

/// What an import did (or, refused, every bad row with its line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// Rows in the file.
    pub rows: u64,
    /// New library entries.
    pub added: u64,
    /// Entries already there (same publisher and url or id), brought up to date.
    pub updated: u64,
    /// Claims without a verdict that got new "Previously checked" proposals from this import.
    pub rematched: u64,
}
