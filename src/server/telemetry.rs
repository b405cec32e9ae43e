//! Logging set-up: `RUST_LOG` decides what is printed (default: info for claimcheck and HTTP traces).

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,claimcheck=info,tower_http=info,sqlx=warn"));
    // A second init (tests start many servers in one process) is harmless, so the error is ignored.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).try_init();
}
