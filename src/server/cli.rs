//! The command line: `claimcheck [serve]`, `claimcheck migrate`. Flags override the environment,
//! which overrides the defaults; `claimcheck --help` lists them.

use super::config::{Config, DatabaseUrl, DEFAULT_BODY_LIMIT};
use super::db::Db;
use super::http::{shutdown_signal, Server};
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Parser)]
#[command(
    name = "claimcheck",
    version,
    about = "Crowdsourced fact-checking of news articles"
)]
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
}

#[derive(Debug, Args, Default)]
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
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    super::telemetry::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
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
            Ok(Cli {
                command: Some(Command::Serve(args)),
                ..
            }) => args,
            _ => ServeArgs::default(),
        }
    }
}

async fn serve(db: DbArgs, args: ServeArgs) -> anyhow::Result<()> {
    let config = Config {
        database_url: DatabaseUrl(db.database_url),
        site_addr: args
            .site_addr
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000))),
        site_root: args
            .site_root
            .unwrap_or_else(|| PathBuf::from("target/site")),
        body_limit: DEFAULT_BODY_LIMIT,
        request_timeout: Duration::from_secs(args.request_timeout.max(1)),
    };
    tracing::info!(database = ?config.database_url, site_root = %config.site_root.display(), "starting");
    let server = Server::build(config).await?;
    tracing::info!("listening on http://{}", server.local_addr());
    server.run(shutdown_signal()).await
}
