//! All SQL lives under this module, one file per table group. The pool speaks to SQLite (embedded
//! default) or PostgreSQL through sqlx's `Any` driver; queries use `$1` placeholders, which both accept.

pub mod articles;
pub mod claims;
pub mod moderation;
pub mod reviews;
pub mod users;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// SQLite allows one writer at a time. Writers of this process queue here (first come, first
    /// served) before they take a connection and the file's write lock, instead of all asking SQLite
    /// at once and polling in its busy handler, which sleeps up to 100 ms between tries. Other
    /// processes on the same file still meet `busy_timeout`.
    writers: Arc<tokio::sync::Mutex<()>>,
    /// Bumped after every commit of a write transaction of this process: a reader that sees the
    /// same value twice knows this process changed nothing in between (see `write_epoch`).
    epoch: Arc<AtomicU64>,
}

/// A write transaction: on SQLite it also holds this process's writer turn until it commits or is
/// dropped (rolled back). Dereferences to the transaction, so `&mut tx` works as a connection.
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
    epoch: Arc<AtomicU64>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        // The turn is released after the commit returns, when `self._turn` drops; the epoch moves
        // on before the caller can answer its client, so whoever saw the answer sees the change.
        let done = self.tx.commit().await;
        self.epoch.fetch_add(1, Ordering::SeqCst);
        done
    }
}

impl std::ops::Deref for WriteTx {
    type Target = Transaction<'static, Any>;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Per-connection SQLite settings. WAL lets readers proceed during a write; NORMAL sync is durable
/// across application crashes in WAL mode; busy_timeout makes a writer wait for the lock instead of
/// failing with SQLITE_BUSY.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;";

/// How long a request waits for a pooled connection, or on SQLite for its writer turn.
const WRITER_WAIT: Duration = Duration::from_secs(15);

impl Db {
    /// Opens the pool; for SQLite, creates the file and its folder on first use.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            anyhow::bail!(
                "DATABASE_URL must start with sqlite:// or postgres:// (got an unsupported scheme)"
            );
        };

        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url).context("Failed to parse DATABASE_URL")?;

        let pool = match backend {
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(WRITER_WAIT)
                    // An in-process SQLite connection does not go stale the way a network one does;
                    // pinging it on every checkout cost a round trip to its worker thread per query.
                    .test_before_acquire(false)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            conn.execute(SQLITE_PRAGMAS).await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(15))
                    .connect_with(options)
                    .await
            }
        }
        .context("Failed to connect to the database")?;

        Ok(Db {
            pool,
            backend,
            writers: Arc::new(tokio::sync::Mutex::new(())),
            epoch: Arc::new(AtomicU64::new(0)),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// This process's write epoch: it moves on whenever a write transaction from this process
    /// commits. Every change to claims, sources, votes and moderation goes through `begin_write`, so
    /// while it stands still nothing this process serves has changed; other processes on the same
    /// database are not seen here.
    pub fn write_epoch(&self) -> u64 {
        self.epoch.load(Ordering::SeqCst)
    }

    /// Applies pending migrations; running it again is a no-op.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self.backend {
            // sqlx's migration lock is a no-op on SQLite: two processes starting together on a
            // fresh file both applied migration 1 and the second died with "table already
            // exists". Running them under the write lock (BEGIN IMMEDIATE) makes the second wait
            // (busy_timeout), then find them all applied. Each migration nests as a savepoint.
            Backend::Sqlite => {
                let mut tx =
                    self.begin_write().await.context("Failed to lock the database for migrations")?;
                SQLITE_MIGRATIONS.run(&mut *tx).await.context("Failed to run database migrations")?;
                tx.commit().await.context("Failed to commit database migrations")?;
            }
            // On PostgreSQL sqlx holds an advisory lock for the whole run.
            Backend::Postgres => {
                POSTGRES_MIGRATIONS.run(&self.pool).await.context("Failed to run database migrations")?
            }
        }
        Ok(())
    }

    /// Starts a write transaction. On SQLite it takes the write lock up front (BEGIN IMMEDIATE):
    /// a deferred transaction that reads and then writes can fail with SQLITE_BUSY no matter how long
    /// busy_timeout is, because its read snapshot may be stale by the time it wants to write.
    /// The writer turn is taken before a pooled connection, so queued writers do not hold
    /// connections that readers need.
    ///
    /// The start runs as its own task so that a request dropped half-way (the client went away)
    /// cannot cancel it between SQLite's BEGIN and the moment sqlx hands out the `Transaction`: sqlx
    /// checks a custom BEGIN with a second await, and a cancellation there used to return the
    /// connection to the pool still inside a write transaction, so every other writer waited out
    /// busy_timeout. Now an abandoned start finishes, and dropping its result rolls back.
    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        let pool = self.pool.clone();
        let epoch = Arc::clone(&self.epoch);
        let start = match self.backend {
            Backend::Sqlite => {
                let writers = Arc::clone(&self.writers);
                tokio::spawn(async move {
                    // Waits no longer than a pooled connection would (then 503, as for a pool timeout).
                    let turn = tokio::time::timeout(WRITER_WAIT, writers.lock_owned())
                        .await
                        .map_err(|_| sqlx::Error::PoolTimedOut)?;
                    let tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                    Ok(WriteTx { tx, _turn: Some(turn), epoch })
                })
            }
            Backend::Postgres => {
                tokio::spawn(async move { Ok(WriteTx { tx: pool.begin().await?, _turn: None, epoch }) })
            }
        };
        start.await.map_err(|e| sqlx::Error::Protocol(format!("starting a write transaction failed: {e}")))?
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&self.pool).await.is_ok()
    }

    /// Closes every connection; later queries fail fast. Used on shutdown and by tests that need
    /// an unreachable database.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Reads one SQLite pragma back, as text (for diagnostics and tests).
    pub async fn sqlite_pragma(&self, name: &str) -> anyhow::Result<String> {
        anyhow::ensure!(self.backend == Backend::Sqlite, "not an SQLite database");
        anyhow::ensure!(name.chars().all(|c| c.is_ascii_alphabetic() || c == '_'), "bad pragma name");
        let mut conn = self.pool.acquire().await.context("Failed to acquire a connection")?;
        let row = sqlx::query(&format!("PRAGMA {name}"))
            .fetch_one(&mut *conn)
            .await
            .context("Failed to read pragma")?;
        use sqlx::Row;
        // Pragmas answer either a number or a word.
        match row.try_get::<i64, _>(0) {
            Ok(n) => Ok(n.to_string()),
            Err(_) => Ok(row.try_get::<String, _>(0)?),
        }
    }
}

/// Makes sure the folder exists and asks SQLite to create the file (`mode=rwc`).
fn prepare_sqlite_url(url: &str) -> anyhow::Result<String> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:" && !path.is_empty() {
        if let Some(parent) = std::path::Path::new(path).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("Failed to create the database folder {}", parent.display()))?;
            }
        }
    }
    let query = if query.contains("mode=") {
        query.to_string()
    } else if query.is_empty() {
        "mode=rwc".to_string()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

#[cfg(test)]
mod tests {
    use super::prepare_sqlite_url;

    #[test]
    fn a_relative_sqlite_path_is_created_read_write() {
        let dir = std::env::temp_dir().join(format!("cc-url-{}", std::process::id()));
        let url = format!("sqlite://{}/x/claims.db", dir.display());
        let out = prepare_sqlite_url(&url).unwrap();
        assert!(out.ends_with("claims.db?mode=rwc"), "{out}");
        assert!(dir.join("x").is_dir());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn an_explicit_mode_is_kept() {
        let out = prepare_sqlite_url("sqlite::memory:?mode=memory").unwrap();
        assert_eq!(out, "sqlite://:memory:?mode=memory");
    }
}
