//! Configuration, loaded once from the environment and flags (see `cli`), then shared read-only.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite://…` (the default, file created on first run) or `postgres://…`.
    pub database_url: DatabaseUrl,
    pub site_addr: SocketAddr,
    /// Where the compiled site (pkg/, CSS, public files) lives.
    pub site_root: PathBuf,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// A request that takes longer is answered 503.
    pub request_timeout: Duration,
    /// Mark the session cookie `Secure` (serve over https, or behind a TLS-terminating proxy).
    pub secure_cookies: bool,
    /// The consensus rule: quorum and threshold.
    pub rule: crate::consensus::Rule,
    /// Absolute base URL readers reach the site at, no trailing slash; exported permalinks and
    /// ClaimReview `url`s are built on it, so it must be the public address, not the bind address.
    pub public_url: String,
    /// The organisation named as ClaimReview `author`.
    pub org_name: String,
    /// Bytes of rendered article pages kept for readers without a session (0: no cache).
    pub render_cache_bytes: usize,
    /// Requests served at once; beyond this the server answers 503 at once (load shedding) instead
    /// of queueing until every request is slow.
    pub max_in_flight: usize,
    /// Who may create an account: anyone, invited people, or only admins.
    pub registration: Registration,
    /// When a new reviewer earns standing without an admin.
    pub earn: EarnRule,
    /// Self-registered accounts start trusted (CLAIMCHECK_TRUST_NEW_ACCOUNTS): for a closed team
    /// behind its own sign-on, and for test suites written before standing existed. Off by default.
    pub trust_new_accounts: bool,
    /// How links are fetched for import: overall timeout, hosts exempt from the private-address guard.
    pub fetch: super::fetch::FetchPolicy,
    /// Links one reviewer may import per hour (0: no limit).
    pub imports_per_hour: u32,
    /// Check requests one client address may make per hour (0: no limit).
    pub limit_check_requests: u32,
    /// Registrations one client address may attempt per hour (0: no limit).
    pub limit_register_per_hour: u32,
    /// Peers (reverse proxies) whose `Forwarded` / `X-Forwarded-For` name the client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Password hashes that may wait for a turn; when full, sign-in and registration answer 429.
    pub limit_hash_queue: usize,
    /// Writes (votes, sources, flags, manual claims, submissions) one account may make per minute
    /// (0: no limit).
    pub limit_writes_per_minute: u32,
    /// Sources one claim may carry (0: no limit).
    pub limit_sources_per_claim: u32,
    /// Manual claims one article may carry (0: no limit).
    pub limit_manual_claims_per_article: u32,
    /// How often expired sessions and old sign-in failures are deleted (see `housekeeping`).
    pub housekeeping_every: Duration,
    /// Earlier builds whose browser files stay served after an upgrade (`assets`), so that pages
    /// opened before it keep working; 0 keeps none.
    pub keep_builds: usize,
    /// Where those files are kept, one folder per build.
    pub builds_dir: PathBuf,
}

/// CLAIMCHECK_REGISTRATION: open | invite | closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Registration {
    Open,
    Invite,
    Closed,
}

impl Registration {
    pub fn parse(raw: &str) -> Result<Registration, String> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "" | "open" => Ok(Registration::Open),
            "invite" => Ok(Registration::Invite),
            "closed" => Ok(Registration::Closed),
            other => Err(format!("CLAIMCHECK_REGISTRATION must be open, invite or closed, not {other:?}")),
        }
    }
}

/// How a new reviewer earns standing: `votes` of their votes agree with verdicts the claims later
/// reached (by counted votes or an editorial lock), at most `max_disagree` disagree, and the
/// account is at least `min_age_ms` old.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EarnRule {
    pub votes: i64,
    pub max_disagree: i64,
    pub min_age_ms: i64,
}

impl Default for EarnRule {
    fn default() -> Self {
        EarnRule { votes: 5, max_disagree: 1, min_age_ms: 24 * 3_600_000 }
    }
}

impl EarnRule {
    /// CLAIMCHECK_EARN_VOTES, CLAIMCHECK_EARN_MAX_DISAGREE, CLAIMCHECK_EARN_MIN_AGE_H; unset or
    /// unreadable values keep their defaults.
    pub fn from_env() -> EarnRule {
        let get = |name: &str| std::env::var(name).ok().and_then(|v| v.trim().parse::<i64>().ok());
        let d = EarnRule::default();
        EarnRule {
            votes: get("CLAIMCHECK_EARN_VOTES").map(|v| v.max(1)).unwrap_or(d.votes),
            max_disagree: get("CLAIMCHECK_EARN_MAX_DISAGREE").map(|v| v.max(0)).unwrap_or(d.max_disagree),
            min_age_ms: get("CLAIMCHECK_EARN_MIN_AGE_H")
                .map(|h| h.max(0) * 3_600_000)
                .unwrap_or(d.min_age_ms),
        }
    }
}

/// Reads CLAIMCHECK_TRUST_NEW_ACCOUNTS (1/true/yes).
pub fn trust_new_accounts_from_env() -> bool {
    matches!(
        std::env::var("CLAIMCHECK_TRUST_NEW_ACCOUNTS")
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
            .as_str(),
        "1" | "true" | "yes"
    )
}

pub const DEFAULT_IMPORTS_PER_HOUR: u32 = 30;

pub const DEFAULT_RENDER_CACHE_MB: usize = 64;
pub const DEFAULT_MAX_IN_FLIGHT: usize = 512;
pub const DEFAULT_LIMIT_CHECK_REQUESTS: u32 = 30;
pub const DEFAULT_LIMIT_REGISTER_PER_HOUR: u32 = 10;
pub const DEFAULT_LIMIT_HASH_QUEUE: usize = 16;
pub const DEFAULT_LIMIT_WRITES_PER_MINUTE: u32 = 120;
pub const DEFAULT_LIMIT_SOURCES_PER_CLAIM: u32 = 50;
pub const DEFAULT_LIMIT_MANUAL_CLAIMS_PER_ARTICLE: u32 = 200;
pub const DEFAULT_KEEP_BUILDS: usize = 3;

impl Config {
    /// Defaults for a test or a one-off: a given database, an ephemeral port on loopback.
    pub fn for_database(database_url: &str) -> Self {
        let site_addr = SocketAddr::from(([127, 0, 0, 1], 0));
        Config {
            database_url: DatabaseUrl(database_url.to_string()),
            site_addr,
            site_root: PathBuf::from("target/site"),
            body_limit: DEFAULT_BODY_LIMIT,
            request_timeout: Duration::from_secs(30),
            secure_cookies: false,
            rule: crate::consensus::Rule::default(),
            public_url: format!("http://{site_addr}"),
            org_name: DEFAULT_ORG_NAME.to_string(),
            render_cache_bytes: DEFAULT_RENDER_CACHE_MB * 1024 * 1024,
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            registration: Registration::Open,
            earn: EarnRule::default(),
            trust_new_accounts: false,
            fetch: super::fetch::FetchPolicy::default(),
            imports_per_hour: DEFAULT_IMPORTS_PER_HOUR,
            limit_check_requests: DEFAULT_LIMIT_CHECK_REQUESTS,
            limit_register_per_hour: DEFAULT_LIMIT_REGISTER_PER_HOUR,
            trusted_proxies: Vec::new(),
            limit_hash_queue: DEFAULT_LIMIT_HASH_QUEUE,
            limit_writes_per_minute: DEFAULT_LIMIT_WRITES_PER_MINUTE,
            limit_sources_per_claim: DEFAULT_LIMIT_SOURCES_PER_CLAIM,
            limit_manual_claims_per_article: DEFAULT_LIMIT_MANUAL_CLAIMS_PER_ARTICLE,
            housekeeping_every: super::housekeeping::DEFAULT_EVERY,
            // Tests and one-off commands leave the site folder as it is.
            keep_builds: 0,
            builds_dir: PathBuf::from("target").join(super::assets::KEPT),
        }
    }
}

pub const DEFAULT_ORG_NAME: &str = "claimcheck";

/// Two megabytes: room for a 1 MB article body after JSON escaping, and no more.
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// A database URL whose password never reaches a log line.
#[derive(Clone)]
pub struct DatabaseUrl(pub String);

impl DatabaseUrl {
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_postgres(&self) -> bool {
        self.0.starts_with("postgres://") || self.0.starts_with("postgresql://")
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Keep scheme and host, drop credentials.
        let redacted = match (self.0.find("://"), self.0.rfind('@')) {
            (Some(s), Some(at)) if at > s => {
                format!("{}://***@{}", &self.0[..s], &self.0[at + 1..])
            }
            _ => self.0.clone(),
        };
        f.write_str(&redacted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_database_credentials() {
        let url = DatabaseUrl("postgres://app:s3cret@db.internal:5432/claims".into());
        let shown = format!("{url:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("db.internal:5432/claims"));
    }

    #[test]
    fn postgres_urls_are_recognised_in_both_spellings() {
        assert!(DatabaseUrl("postgresql://x/y".into()).is_postgres());
        assert!(DatabaseUrl("postgres://x/y".into()).is_postgres());
        assert!(!DatabaseUrl("sqlite://data/claimcheck.db".into()).is_postgres());
    }
}
