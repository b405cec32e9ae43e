//! The command line: `claimcheck [serve]`, `claimcheck migrate`. Flags override the environment,
//! which overrides the defaults; `claimcheck --help` lists them.

use super::config::{Config, DatabaseUrl, DEFAULT_BODY_LIMIT, DEFAULT_ORG_NAME};
use super::db::Db;
use super::http::{shutdown_signal, Server};
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Parser)]
#[command(name = "claimcheck", version, about = "Crowdsourced fact-checking of news articles")]
pub struct Cli {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct DbArgs {
    /// sqlite://PATH (created on first run) or postgres://USER:PASS@HOST/DB
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/claimcheck.db",
        global = true,
        hide_env_values = true
    )]
    pub database_url: String,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app and the JSON API (the default).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Propose claims for an article file (or - for standard input) without storing anything.
    Extract(ExtractArgs),
    /// Manage accounts: create, promote, demote, disable, enable.
    #[command(subcommand)]
    User(UserCommand),
    /// Registration invitations (for CLAIMCHECK_REGISTRATION=invite).
    #[command(subcommand)]
    Invite(InviteCommand),
    /// Load a sample article with demo reviewers, sources and votes, showing every status at once.
    Demo(DemoArgs),
    /// Write one article's verdicts (or every article's) as JSON, CSV or ClaimReview JSON-LD.
    Export(ExportArgs),
    /// Learn the claim scorer's weights from labelled articles (gold.json files, texts beside them).
    TrainExtractor(TrainExtractorArgs),
    /// Import saved HTML pages (or - for standard input): print each one's title, body, byline,
    /// publisher, date, URL and language as JSON (JSON Lines, each with its "file", for several).
    ImportHtml(ImportHtmlArgs),
    /// The fact-check library that claims are matched against: import ClaimReview or TSV files.
    #[command(subcommand)]
    Factchecks(super::cli_matching::FactchecksCommand),
    /// Rank the library for queries (TSV `id<TAB>text`) and print TREC run lines.
    Match(super::cli_matching::MatchArgs),
}

#[derive(Debug, Args)]
pub struct TrainExtractorArgs {
    /// Labelled corpora: gold.json files listing each article's segments, the .txt files beside them.
    #[arg(required = true)]
    pub labels: Vec<String>,
    /// Write the learned weights here as Rust source (src/extract/weights.rs).
    #[arg(long)]
    pub out: Option<String>,
    /// Also run leave-one-article-out cross-validation, print its figures and pick the threshold.
    #[arg(long)]
    pub cv: bool,
    /// Use this claim threshold instead of picking one.
    #[arg(long)]
    pub threshold: Option<f64>,
}

#[derive(Debug, Args)]
pub struct ImportHtmlArgs {
    /// Saved pages: file paths, or - for standard input.
    #[arg(required = true)]
    pub files: Vec<String>,
    /// Where the page came from: resolves relative links, and names the publisher when the page does not.
    #[arg(long)]
    pub url: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The article to export.
    #[arg(long, required_unless_present = "all", conflicts_with = "all")]
    pub article: Option<i64>,
    /// Every article, one at a time in id order: CSV under one header, or JSON Lines (one export
    /// document per line).
    #[arg(long)]
    pub all: bool,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write here instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The base of exported permalinks; use the server's. Default: http://SITE_ADDR.
    #[arg(long, env = "CLAIMCHECK_PUBLIC_URL")]
    pub public_url: Option<String>,
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub site_addr: SocketAddr,
    /// The organisation named as ClaimReview author; use the server's.
    #[arg(long, env = "CLAIMCHECK_ORG_NAME", default_value = DEFAULT_ORG_NAME)]
    pub org_name: String,
    /// The consensus rule statuses are derived under; use the server's.
    #[arg(long, env = "CLAIMCHECK_QUORUM", default_value_t = 3)]
    pub quorum: i64,
    #[arg(long, env = "CLAIMCHECK_THRESHOLD", default_value = "2/3")]
    pub threshold: String,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    Claimreview,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Add the demo even though the database already holds articles.
    #[arg(long)]
    pub force: bool,
    /// The consensus rule the demo votes are counted under; use the server's.
    #[arg(long, env = "CLAIMCHECK_QUORUM", default_value_t = 3)]
    pub quorum: i64,
    #[arg(long, env = "CLAIMCHECK_THRESHOLD", default_value = "2/3")]
    pub threshold: String,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The article text: a file path, or - for standard input.
    #[arg(default_value = "-")]
    pub file: String,
    /// json ({"claims": [...]}) or text (claims with their facts marked, for people).
    #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
    pub format: ExtractFormat,
    /// Also list every segment (sentences and boilerplate lines) with its label, score and reasons.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExtractFormat {
    Json,
    Text,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. Without --password-stdin a strong password is generated and printed once.
    Create {
        name: String,
        /// Make the account an admin.
        #[arg(long)]
        admin: bool,
        /// Make the account a trusted reviewer: its votes count from the start.
        #[arg(long)]
        trusted: bool,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Make an account an admin.
    Promote {
        name: String,
        /// Recorded in the audit log.
        #[arg(long, default_value = "changed from the command line")]
        reason: String,
    },
    /// Make an admin a reviewer again.
    Demote {
        name: String,
        #[arg(long, default_value = "changed from the command line")]
        reason: String,
    },
    /// Stop an account from signing in; its sessions end at once.
    Disable {
        name: String,
        /// Recorded in the audit log.
        #[arg(long, default_value = "disabled from the command line")]
        reason: String,
    },
    /// Let a disabled account sign in again.
    Enable {
        name: String,
        #[arg(long, default_value = "enabled from the command line")]
        reason: String,
    },
    /// Make a reviewer trusted: their votes count toward verdicts, now and past ones.
    Trust {
        name: String,
        /// Recorded in the audit log.
        #[arg(long, default_value = "trusted from the command line")]
        reason: String,
    },
    /// Make a reviewer new again: their votes stop counting until standing is earned or granted.
    Untrust {
        name: String,
        #[arg(long, default_value = "untrusted from the command line")]
        reason: String,
    },
    /// Set a generated temporary password, printed once; the account must change it at its next
    /// sign-in, and its sessions end now.
    ResetPassword { name: String },
}

#[derive(Debug, Subcommand)]
pub enum InviteCommand {
    /// Create a single-use registration link and print it.
    Create {
        /// The invited account starts trusted.
        #[arg(long)]
        trusted: bool,
        /// Hours until the link expires.
        #[arg(long, default_value_t = super::service::invites::DEFAULT_EXPIRES_HOURS)]
        expires_hours: i64,
        /// The address readers use; the link is built on it. Default: http://LEPTOS_SITE_ADDR.
        #[arg(long, env = "CLAIMCHECK_PUBLIC_URL")]
        public_url: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub site_addr: Option<SocketAddr>,
    /// Folder holding the built site (pkg/, CSS, static files).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: Option<PathBuf>,
    /// Seconds before a request is abandoned with 503.
    #[arg(long, env = "CLAIMCHECK_REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout: u64,
    /// Mark the session cookie Secure; set this when users reach the site over https.
    #[arg(long, env = "CLAIMCHECK_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// Megabytes of rendered article pages cached for readers without a session (0 turns it off).
    #[arg(long, env = "CLAIMCHECK_RENDER_CACHE_MB", default_value_t = super::config::DEFAULT_RENDER_CACHE_MB)]
    pub render_cache_mb: usize,
    /// Requests served at once; more are answered 503 with Retry-After at once.
    #[arg(long, env = "CLAIMCHECK_MAX_IN_FLIGHT", default_value_t = super::config::DEFAULT_MAX_IN_FLIGHT)]
    pub max_in_flight: usize,
    /// Votes needed before a claim can be verified or disputed.
    #[arg(long, env = "CLAIMCHECK_QUORUM", default_value_t = 3)]
    pub quorum: i64,
    /// Share of votes that decides a verdict, as a fraction (2/3) or decimal (0.75); must exceed 1/2.
    #[arg(long, env = "CLAIMCHECK_THRESHOLD", default_value = "2/3")]
    pub threshold: String,
    /// The address readers use (https://claims.example); exported permalinks are built on it.
    /// Default: http://SITE_ADDR.
    #[arg(long, env = "CLAIMCHECK_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The organisation named as author of exported ClaimReview markup.
    #[arg(long, env = "CLAIMCHECK_ORG_NAME", default_value = DEFAULT_ORG_NAME)]
    pub org_name: String,
    /// Seconds a link import may take in all (DNS, redirects, download) before it is refused.
    #[arg(long, env = "CLAIMCHECK_FETCH_TIMEOUT_S", default_value_t = super::fetch::DEFAULT_TIMEOUT_S)]
    pub fetch_timeout_s: u64,
    /// Hosts (host or host:port, comma-separated) that imports may fetch even though they resolve to
    /// a private or loopback address: intranet sites, tests.
    #[arg(long, env = "CLAIMCHECK_FETCH_ALLOW_HOSTS", default_value = "")]
    pub fetch_allow_hosts: String,
    /// Links one reviewer may import per hour (0 turns the limit off).
    #[arg(long, env = "CLAIMCHECK_LIMIT_IMPORTS_PER_HOUR", default_value_t = super::config::DEFAULT_IMPORTS_PER_HOUR)]
    pub limit_imports_per_hour: u32,
    /// Check requests ("Ask for a check") one client address may make per hour (0 turns the limit off).
    #[arg(long, env = "CLAIMCHECK_LIMIT_CHECK_REQUESTS", default_value_t = super::config::DEFAULT_LIMIT_CHECK_REQUESTS)]
    pub limit_check_requests: u32,
    /// Registrations one client address may attempt per hour (0 turns the limit off).
    #[arg(long, env = "CLAIMCHECK_LIMIT_REGISTER_PER_HOUR", default_value_t = super::config::DEFAULT_LIMIT_REGISTER_PER_HOUR)]
    pub limit_register_per_hour: u32,
    /// Reverse proxies (CIDRs or addresses, comma-separated) whose Forwarded / X-Forwarded-For
    /// headers name the client. Empty: the TCP peer is the client.
    #[arg(long, env = "CLAIMCHECK_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,
    /// Password hashes that may wait for a turn; beyond this sign-in and registration answer 429.
    #[arg(long, env = "CLAIMCHECK_LIMIT_HASH_QUEUE", default_value_t = super::config::DEFAULT_LIMIT_HASH_QUEUE)]
    pub limit_hash_queue: usize,
    /// Writes (votes, sources, flags, manual claims, submissions) one account may make per minute
    /// (0 turns the limit off).
    #[arg(long, env = "CLAIMCHECK_LIMIT_WRITES_PER_MINUTE", default_value_t = super::config::DEFAULT_LIMIT_WRITES_PER_MINUTE)]
    pub limit_writes_per_minute: u32,
    /// Sources one claim may carry (0 turns the cap off).
    #[arg(long, env = "CLAIMCHECK_LIMIT_SOURCES_PER_CLAIM", default_value_t = super::config::DEFAULT_LIMIT_SOURCES_PER_CLAIM)]
    pub limit_sources_per_claim: u32,
    /// Manual claims one article may carry (0 turns the cap off).
    #[arg(long, env = "CLAIMCHECK_LIMIT_MANUAL_CLAIMS_PER_ARTICLE", default_value_t = super::config::DEFAULT_LIMIT_MANUAL_CLAIMS_PER_ARTICLE)]
    pub limit_manual_claims_per_article: u32,
    /// Earlier builds whose browser files stay served, so that pages opened before an upgrade keep
    /// loading their code; 0 keeps none.
    #[arg(long, env = "CLAIMCHECK_KEEP_BUILDS", default_value_t = super::config::DEFAULT_KEEP_BUILDS)]
    pub keep_builds: usize,
    /// Folder the builds' files are kept in. Default: `builds` beside the site folder.
    #[arg(long, env = "CLAIMCHECK_BUILDS_DIR")]
    pub builds_dir: Option<PathBuf>,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    super::telemetry::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: failed to start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        None => serve(cli.db, ServeArgs::from_env()).await,
        Some(Command::Serve(args)) => serve(cli.db, args).await,
        Some(Command::Extract(args)) => extract(args),
        Some(Command::TrainExtractor(args)) => train_extractor(args),
        Some(Command::ImportHtml(args)) => super::import_cli::run(&args.files, args.url.as_deref()),
        Some(Command::User(cmd)) => user(&cli.db.database_url, cmd).await,
        Some(Command::Demo(args)) => demo(&cli.db.database_url, args).await,
        Some(Command::Invite(cmd)) => invite(&cli.db.database_url, cmd).await,
        Some(Command::Export(args)) => export(&cli.db.database_url, args).await,
        Some(Command::Factchecks(cmd)) => super::cli_matching::factchecks(&cli.db.database_url, cmd).await,
        Some(Command::Match(args)) => super::cli_matching::run_match(&cli.db.database_url, args).await,
        Some(Command::Migrate) => {
            let db = Db::connect(&cli.db.database_url).await?;
            db.migrate().await?;
            println!("migrations applied");
            Ok(())
        }
    }
}

impl ServeArgs {
    /// What `claimcheck` with no subcommand uses: the environment, else the defaults.
    fn from_env() -> Self {
        // Parsing an empty `serve` applies the same env/default rules as `claimcheck serve`.
        match Cli::try_parse_from(["claimcheck", "serve"]) {
            Ok(Cli { command: Some(Command::Serve(args)), .. }) => args,
            _ => ServeArgs {
                site_addr: None,
                site_root: None,
                request_timeout: 30,
                secure_cookies: false,
                render_cache_mb: super::config::DEFAULT_RENDER_CACHE_MB,
                max_in_flight: super::config::DEFAULT_MAX_IN_FLIGHT,
                quorum: 3,
                threshold: "2/3".into(),
                public_url: None,
                org_name: DEFAULT_ORG_NAME.into(),
                fetch_timeout_s: super::fetch::DEFAULT_TIMEOUT_S,
                fetch_allow_hosts: String::new(),
                limit_imports_per_hour: super::config::DEFAULT_IMPORTS_PER_HOUR,
                limit_check_requests: super::config::DEFAULT_LIMIT_CHECK_REQUESTS,
                limit_register_per_hour: super::config::DEFAULT_LIMIT_REGISTER_PER_HOUR,
                trusted_proxies: String::new(),
                limit_hash_queue: super::config::DEFAULT_LIMIT_HASH_QUEUE,
                limit_writes_per_minute: super::config::DEFAULT_LIMIT_WRITES_PER_MINUTE,
                limit_sources_per_claim: super::config::DEFAULT_LIMIT_SOURCES_PER_CLAIM,
                limit_manual_claims_per_article: super::config::DEFAULT_LIMIT_MANUAL_CLAIMS_PER_ARTICLE,
                keep_builds: super::config::DEFAULT_KEEP_BUILDS,
                builds_dir: None,
            },
        }
    }
}

async fn serve(db: DbArgs, args: ServeArgs) -> anyhow::Result<()> {
    let site_addr = args.site_addr.unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000)));
    let site_root = args.site_root.unwrap_or_else(|| PathBuf::from("target/site"));
    // Beside the site folder, which a build empties: `target/site` keeps them in `target/builds`.
    let builds_dir = args
        .builds_dir
        .unwrap_or_else(|| site_root.parent().unwrap_or(std::path::Path::new("")).join(super::assets::KEPT));
    let config = Config {
        database_url: DatabaseUrl(db.database_url),
        site_addr,
        site_root,
        body_limit: DEFAULT_BODY_LIMIT,
        request_timeout: Duration::from_secs(args.request_timeout.max(1)),
        secure_cookies: args.secure_cookies,
        rule: crate::consensus::Rule::new(args.quorum, &args.threshold)
            .map_err(|e| anyhow::anyhow!("invalid consensus rule: {e}"))?,
        public_url: public_url(args.public_url.as_deref(), site_addr)?,
        org_name: args.org_name,
        render_cache_bytes: args.render_cache_mb.saturating_mul(1024 * 1024),
        max_in_flight: args.max_in_flight.max(1),
        registration: super::config::Registration::parse(
            &std::env::var("CLAIMCHECK_REGISTRATION").unwrap_or_default(),
        )
        .map_err(|e| anyhow::anyhow!(e))?,
        earn: super::config::EarnRule::from_env(),
        trust_new_accounts: super::config::trust_new_accounts_from_env(),
        fetch: super::fetch::FetchPolicy {
            timeout: Duration::from_secs(args.fetch_timeout_s.max(1)),
            allow_hosts: super::fetch::FetchPolicy::parse_allow_hosts(&args.fetch_allow_hosts),
        },
        imports_per_hour: args.limit_imports_per_hour,
        limit_check_requests: args.limit_check_requests,
        limit_register_per_hour: args.limit_register_per_hour,
        trusted_proxies: super::client_addr::parse_trusted_proxies(&args.trusted_proxies)
            .map_err(|e| anyhow::anyhow!(e))?,
        limit_hash_queue: args.limit_hash_queue.max(1),
        limit_writes_per_minute: args.limit_writes_per_minute,
        limit_sources_per_claim: args.limit_sources_per_claim,
        limit_manual_claims_per_article: args.limit_manual_claims_per_article,
        housekeeping_every: super::housekeeping::DEFAULT_EVERY,
        keep_builds: args.keep_builds,
        builds_dir,
    };
    super::transport::warn_if_plain_http(&config);
    tracing::info!(database = ?config.database_url, site_root = %config.site_root.display(), "starting");
    let server = Server::build(config).await?;
    tracing::info!("listening on http://{}", server.local_addr());
    server.run(shutdown_signal()).await
}

/// The public base URL: given, or the bind address; an absolute http(s) URL without trailing slash.
fn public_url(given: Option<&str>, site_addr: SocketAddr) -> anyhow::Result<String> {
    let raw = match given.map(str::trim).filter(|s| !s.is_empty()) {
        Some(u) => u.to_string(),
        None => format!("http://{site_addr}"),
    };
    let parsed = url::Url::parse(&raw).map_err(|e| anyhow::anyhow!("invalid public URL {raw:?}: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        anyhow::bail!("the public URL must start with http:// or https://, not {raw:?}");
    }
    Ok(raw.trim_end_matches('/').to_string())
}

fn extract(args: ExtractArgs) -> anyhow::Result<()> {
    use anyhow::Context;
    use std::io::Read;
    let bytes = if args.file == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).context("Failed to read standard input")?;
        buf
    } else {
        std::fs::read(&args.file).with_context(|| format!("Failed to read {}", args.file))?
    };
    let body = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{} is not valid UTF-8 (first bad byte at offset {})",
            args.file,
            e.utf8_error().valid_up_to()
        )
    })?;
    let ex = crate::extract::extract(&body);
    match args.format {
        ExtractFormat::Text => print!("{}", crate::extract::render_text(&body, &ex)),
        ExtractFormat::Json => {
            let value = if args.all {
                serde_json::json!({ "claims": ex.claims, "segments": ex.segments })
            } else {
                serde_json::json!({ "claims": ex.claims })
            };
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
    }
    Ok(())
}

fn train_extractor(args: TrainExtractorArgs) -> anyhow::Result<()> {
    let opts =
        crate::extract::train::Options { cv: args.cv, threshold: args.threshold, ..Default::default() };
    let read = |p: &str| std::fs::read_to_string(p).map_err(|e| format!("Failed to read {p}: {e}"));
    let out = crate::extract::train::run(&args.labels, &read, &opts).map_err(|e| anyhow::anyhow!(e))?;
    print!("{}", out.report);
    if let Some(path) = args.out {
        std::fs::write(&path, out.source).map_err(|e| anyhow::anyhow!("Failed to write {path}: {e}"))?;
        println!("weights written to {path}");
    }
    Ok(())
}

async fn user(database_url: &str, cmd: UserCommand) -> anyhow::Result<()> {
    use super::service::accounts;
    let db = Db::connect(database_url).await?;
    db.migrate().await?;
    let passwords = super::auth::Passwords::new()?;
    // The server's consensus rule, for counting again the votes of an account being enabled.
    let rule = crate::consensus::Rule::new(
        std::env::var("CLAIMCHECK_QUORUM").ok().and_then(|q| q.parse().ok()).unwrap_or(3),
        &std::env::var("CLAIMCHECK_THRESHOLD").unwrap_or_else(|_| "2/3".into()),
    )
    .map_err(|e| anyhow::anyhow!("invalid consensus rule: {e}"))?;
    let result = match cmd {
        UserCommand::Create { name, admin, trusted, password_stdin } => {
            let (password, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                (line.trim_end_matches(['\r', '\n']).to_string(), false)
            } else {
                (accounts::generate_password(), true)
            };
            let role = if admin { crate::model::Role::Admin } else { crate::model::Role::Reviewer };
            let user = accounts::create_user(&db, &passwords, &name, &password, role, trusted).await;
            user.map(|u| {
                println!("created {} {} {} (id {})", u.standing, u.role.as_str(), u.username, u.id);
                if generated {
                    println!("password: {password}");
                    println!("(shown once; store it now)");
                }
            })
        }
        UserCommand::Promote { name, reason } => {
            accounts::set_role_by_name(&db, &rule, &name, crate::model::Role::Admin, &reason)
                .await
                .map(|u| println!("{} is now an admin", u.username))
        }
        UserCommand::Demote { name, reason } => {
            accounts::set_role_by_name(&db, &rule, &name, crate::model::Role::Reviewer, &reason)
                .await
                .map(|u| println!("{} is now a reviewer", u.username))
        }
        UserCommand::Disable { name, reason } => {
            accounts::set_disabled_by_name(&db, &rule, &name, true, &reason)
                .await
                .map(|u| println!("{} is disabled; their sessions have ended", u.username))
        }
        UserCommand::Enable { name, reason } => {
            accounts::set_disabled_by_name(&db, &rule, &name, false, &reason)
                .await
                .map(|u| println!("{} is enabled", u.username))
        }
        UserCommand::Trust { name, reason } => super::service::standing::set_standing_by_name(
            &db,
            &rule,
            &name,
            crate::values::Standing::Trusted,
            &reason,
        )
        .await
        .map(|u| println!("{} is trusted; their votes count", u.username)),
        UserCommand::ResetPassword { name } => {
            super::service::password::reset_password_by_name(&db, &passwords, &name).await.map(|temporary| {
                println!("temporary password for {}: {temporary}", name.trim());
                println!("(shown once; it must be changed at the next sign-in, and every session has ended)");
            })
        }
        UserCommand::Untrust { name, reason } => super::service::standing::set_standing_by_name(
            &db,
            &rule,
            &name,
            crate::values::Standing::New,
            &reason,
        )
        .await
        .map(|u| println!("{} is a new reviewer again; their votes do not count yet", u.username)),
    };
    db.close().await;
    result.map_err(|e| anyhow::anyhow!("{}", crate::error::Friendly(&e)))
}

async fn invite(database_url: &str, cmd: InviteCommand) -> anyhow::Result<()> {
    let InviteCommand::Create { trusted, expires_hours, public_url: given } = cmd;
    let site_addr = std::env::var("LEPTOS_SITE_ADDR")
        .ok()
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000)));
    let base = public_url(given.as_deref(), site_addr)?;
    let db = Db::connect(database_url).await?;
    db.migrate().await?;
    let input = crate::model_standing::NewInvite {
        standing: Some(if trusted { "trusted" } else { "new" }.into()),
        expires_hours: Some(expires_hours),
    };
    let result = super::service::invites::create(&db, &base, &super::auth::Actor::System, input).await;
    db.close().await;
    let invite = result.map_err(|e| anyhow::anyhow!("{}", crate::error::Friendly(&e)))?;
    println!("{}", invite.url);
    eprintln!("single use, for a {} reviewer, expires {}", invite.standing, invite.expires_at);
    Ok(())
}

async fn demo(database_url: &str, args: DemoArgs) -> anyhow::Result<()> {
    use crate::consensus::Status;
    let rule = crate::consensus::Rule::new(args.quorum, &args.threshold)
        .map_err(|e| anyhow::anyhow!("invalid consensus rule: {e}"))?;
    let db = Db::connect(database_url).await?;
    db.migrate().await?;
    // As at server start-up: stored statuses follow the rule in force.
    super::service::claims::sync_statuses(&db, &rule).await?;
    let config = Config { rule, ..Config::for_database(database_url) };
    let options = leptos::prelude::LeptosOptions::builder().output_name("claimcheck").build();
    let state = super::state::AppState::new(config, db.clone(), options)?;
    let result = super::service::demo::load(&state, args.force).await;
    db.close().await;
    let summary = result.map_err(|e| anyhow::anyhow!("{}", crate::error::Friendly(&e)))?;
    let a = &summary.article;
    println!("loaded the demo article {:?} (id {})", a.title, a.id);
    println!("open it at /articles/{}", a.id);
    println!("{} claims:", a.claims.len());
    for status in Status::ALL {
        println!("  {:<12} {}", status.as_str(), a.distribution.get(status));
    }
    let names: Vec<&str> = summary.reviewers.iter().map(|u| u.username.as_str()).collect();
    println!(
        "demo reviewers: {} (random passwords, never shown: nobody can sign in as them)",
        names.join(", ")
    );
    Ok(())
}

/// Where `export --all` writes: CSV rows under one header, or JSON Lines.
enum Sink<W: std::io::Write> {
    Csv(Box<csv::Writer<W>>),
    Lines(W),
}

/// Articles per id page in `export --all`: bounds memory to one page of ids plus one article.
const EXPORT_PAGE: i64 = 100;

async fn export(database_url: &str, args: ExportArgs) -> anyhow::Result<()> {
    use super::export::{self as writers, Format};
    use super::service::export::{gather_checked, render, site, today};
    use anyhow::Context;
    use std::io::Write;
    let format = match args.format {
        ExportFormat::Json => Format::Json,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Claimreview => Format::ClaimReview,
    };
    if args.all && format == Format::ClaimReview {
        anyhow::bail!(
            "export --all writes json or csv; export ClaimReview one article at a time with --article"
        );
    }
    let rule = crate::consensus::Rule::new(args.quorum, &args.threshold)
        .map_err(|e| anyhow::anyhow!("invalid consensus rule: {e}"))?;
    let config = Config {
        rule,
        public_url: public_url(args.public_url.as_deref(), args.site_addr)?,
        org_name: args.org_name,
        ..Config::for_database(database_url)
    };
    let db = Db::connect(database_url).await?;
    db.migrate().await?;
    let options = leptos::prelude::LeptosOptions::builder().output_name("claimcheck").build();
    let state = super::state::AppState::new(config, db.clone(), options)?;
    let date = today();
    let site = site(&state.config, &date);
    let friendly = |e: crate::error::AppError| anyhow::anyhow!("{}", crate::error::Friendly(&e));

    // One article is gathered before the output file is created, so a wrong id leaves no empty file.
    let single = match args.article {
        Some(id) => {
            let (article, sources, checked) = gather_checked(&state, id).await.map_err(friendly)?;
            Some(render(&article, &sources, &checked, &site, format).map_err(friendly)?)
        }
        None => None,
    };
    let out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(
            std::fs::File::create(path).with_context(|| format!("Failed to create {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout()),
    };
    let mut out = std::io::BufWriter::new(out);
    if let Some(body) = single {
        out.write_all(&body).context("Failed to write the export")?;
        if format != Format::Csv {
            out.write_all(b"\n")?;
        }
        out.flush().context("Failed to write the export")?;
    } else {
        let mut sink = match format {
            Format::Csv => Sink::Csv(Box::new(writers::csv_writer(out)?)),
            _ => Sink::Lines(out),
        };
        let pool = state.db.pool();
        let mut after = 0;
        loop {
            let ids = super::db::articles::ids_after(pool, after, EXPORT_PAGE).await?;
            let Some(&last) = ids.last() else { break };
            after = last;
            for id in ids {
                let (article, sources, checked) = match gather_checked(&state, id).await {
                    Ok(found) => found,
                    // Deleted since its id was read: nothing to export.
                    Err(crate::error::AppError::NotFound(_)) => continue,
                    Err(e) => return Err(friendly(e)),
                };
                match &mut sink {
                    Sink::Csv(w) => writers::write_csv_rows_checked(w, &article, &sources, &checked, &site)?,
                    Sink::Lines(o) => {
                        // JSON Lines: each article is a complete document on its own line.
                        serde_json::to_writer(
                            &mut *o,
                            &writers::document_checked(&article, &sources, &checked, &site),
                        )?;
                        o.write_all(b"\n").context("Failed to write the export")?;
                    }
                }
            }
        }
        match sink {
            Sink::Csv(mut w) => w.flush(),
            Sink::Lines(mut o) => o.flush(),
        }
        .context("Failed to write the export")?;
    }
    db.close().await;
    Ok(())
}
