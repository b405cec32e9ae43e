//! All SQL lives under this module, one file per table group. The pool speaks to SQLite (embedded
//! default) or PostgreSQL through sqlx's `Any` driver; queries use `$1` placeholders, which both accept.

pub mod abuse;
pub mod account;
pub mod articles;
pub mod claims;
pub mod factchecks;
pub mod imports;
pub mod moderation;
pub mod queue;
pub mod reviews;
pub mod standing;
pub mod unique;
pub mod users;

pub use unique::{OnUnique, Unique};

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Executor, Transaction};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a connection speaks to (for code that holds a connection, not the `Db`).
    pub fn of(conn: &AnyConnection) -> Backend {
        if conn.backend_name().to_ascii_lowercase().starts_with("postgres") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// SQLite allows one writer at a time. This process's writers take turns here (first come, first
    /// served) on one connection kept for writing, instead of all asking SQLite at once and polling
    /// in its busy handler, which sleeps up to 100 ms between tries. Other processes on the same
    /// file still meet `busy_timeout`.
    writer: Arc<tokio::sync::Mutex<Writer>>,
    /// SQLite: the path of the database's shared-memory WAL index (`-shm`), whose header changes
    /// with every commit by any process (see `change_marker`).
    shm: Option<Arc<std::path::Path>>,
}

/// The first copy of the WAL-index header (<https://sqlite.org/walformat.html>, "The WAL-Index
/// Header"): its change counter, last valid frame, salts and checksums move on with every commit to
/// the database, by any connection of any process, and stay as they are otherwise (reads and
/// rollbacks leave it alone).
pub type ChangeMarker = [u8; 48];

/// SQLite: the connection this process writes with, kept out of the pool between writes (a pooled
/// connection costs a round trip to its worker thread each time it goes back), and whether a
/// transaction may still be open on it (one abandoned half-way) that must be rolled back first.
#[derive(Default)]
struct Writer {
    conn: Option<PoolConnection<Any>>,
    open: bool,
}

impl Writer {
    /// Makes the writer ready for a new transaction: rolls back one left open, reconnects if needed.
    async fn ready(&mut self, pool: &AnyPool) -> Result<&mut AnyConnection, sqlx::Error> {
        if self.open {
            if let Some(conn) = self.conn.as_mut() {
                // "no transaction is active" when the abandoned statement had already committed.
                if let Err(e) = conn.execute("ROLLBACK").await {
                    if !matches!(e, sqlx::Error::Database(_)) {
                        self.conn = None;
                    }
                }
            }
            self.open = false;
        }
        if self.conn.is_none() {
            self.conn = Some(pool.acquire().await?);
        }
        Ok(self.conn.as_deref_mut().expect("connected above"))
    }
}

/// A write transaction: on SQLite it holds this process's writer turn and connection until it
/// commits or is dropped (rolled back). Dereferences to the connection, so `&mut tx` is one.
pub struct WriteTx {
    inner: Option<TxInner>,
}

enum TxInner {
    /// `begun`: false for a turn from `write_turn` whose opening statement has not gone yet.
    Sqlite {
        writer: tokio::sync::OwnedMutexGuard<Writer>,
        begun: bool,
    },
    Postgres(Transaction<'static, Any>),
}

impl WriteTx {
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        // The writer turn is released when `self` drops, after the commit.
        match self.inner.as_mut() {
            Some(TxInner::Sqlite { writer, begun }) => {
                if *begun {
                    let conn = writer.conn.as_deref_mut().ok_or(sqlx::Error::PoolClosed)?;
                    conn.execute("COMMIT").await.map(|_| writer.open = false)
                } else {
                    Ok(())
                }
            }
            Some(TxInner::Postgres(_)) => match self.inner.take() {
                Some(TxInner::Postgres(tx)) => tx.commit().await,
                _ => unreachable!("matched above"),
            },
            None => Ok(()),
        }
    }

    /// SQLite, for a transaction from `write_turn`: the statement that opens it, for the caller to
    /// put in front of its first statement (saving a round trip). Empty on PostgreSQL, where the
    /// transaction is already open, and after the first call.
    pub fn opening_sql(&mut self) -> &'static str {
        match self.inner.as_mut() {
            Some(TxInner::Sqlite { writer, begun }) if !*begun => {
                *begun = true;
                writer.open = true;
                "BEGIN IMMEDIATE; "
            }
            _ => "",
        }
    }

    /// SQLite: the caller may end its last statement with `; COMMIT` and then call
    /// `committed_inline` instead of `commit` (saving a round trip).
    pub fn can_commit_inline(&self) -> bool {
        matches!(self.inner, Some(TxInner::Sqlite { begun: true, .. }))
    }

    /// After a statement that ended with `COMMIT` succeeded (see `can_commit_inline`).
    pub fn committed_inline(mut self) {
        if let Some(TxInner::Sqlite { writer, .. }) = self.inner.as_mut() {
            writer.open = false;
        }
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        // Dropped without committing: roll back now (on SQLite, still holding the turn, so no other
        // writer of this process starts before the rollback). A PostgreSQL transaction rolls itself
        // back when dropped.
        if let Some(TxInner::Sqlite { mut writer, .. }) = self.inner.take() {
            if writer.open {
                match tokio::runtime::Handle::try_current() {
                    Ok(rt) => {
                        rt.spawn(async move {
                            if let Some(conn) = writer.conn.as_mut() {
                                if conn.execute("ROLLBACK").await.is_ok() {
                                    writer.open = false;
                                }
                            }
                        });
                    }
                    Err(_) => writer.conn = None,
                }
            }
        }
    }
}

impl std::ops::Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &Self::Target {
        match self.inner.as_ref() {
            Some(TxInner::Sqlite { writer, .. }) => {
                writer.conn.as_deref().expect("a write turn has a connection")
            }
            Some(TxInner::Postgres(tx)) => tx,
            None => unreachable!("a WriteTx is only emptied when it is consumed"),
        }
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        match self.inner.as_mut() {
            Some(TxInner::Sqlite { writer, .. }) => {
                writer.conn.as_deref_mut().expect("a write turn has a connection")
            }
            Some(TxInner::Postgres(tx)) => tx,
            None => unreachable!("a WriteTx is only emptied when it is consumed"),
        }
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
        let shm_path = match backend {
            Backend::Sqlite => sqlite_file(&url).map(|f| std::path::PathBuf::from(format!("{f}-shm"))),
            Backend::Postgres => None,
        };
        let options = AnyConnectOptions::from_str(&url).context("Failed to parse DATABASE_URL")?;

        let pool = match backend {
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(9)
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
            writer: Arc::new(tokio::sync::Mutex::new(Writer::default())),
            shm: shm_path.map(|p| Arc::from(p.as_path())),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// SQLite: a value that changes whenever anything commits to the database, read without a round
    /// trip to it (a read of the WAL-index header). Two equal markers mean nothing was
    /// committed in between, by this process or any other on the same file. `None` on PostgreSQL,
    /// and when the index cannot be read (an in-memory database): then nothing can be assumed.
    pub fn change_marker(&self) -> Option<ChangeMarker> {
        use std::os::unix::fs::FileExt;
        // Opened each time (a few microseconds): SQLite deletes the file when the last connection
        // to the database closes and makes a new one later, and a handle kept open would go on
        // reading the deleted one.
        let mut header = [0u8; 48];
        std::fs::File::open(self.shm.as_deref()?).ok()?.read_exact_at(&mut header, 0).ok()?;
        Some(header)
    }

    /// Applies pending migrations; running it again is a no-op.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self.backend {
            // sqlx's migration lock is a no-op on SQLite: two processes starting together on a
            // fresh file both applied migration 1 and the second died with "table already
            // exists". Running them under the write lock (BEGIN IMMEDIATE) makes the second wait
            // (busy_timeout), then find them all applied. Each migration nests as a savepoint.
            Backend::Sqlite => {
                // sqlx's own transaction here (not the writer's): the migrator nests savepoints in it.
                let _turn = self.writer.lock().await;
                let mut tx = self
                    .pool
                    .begin_with("BEGIN IMMEDIATE")
                    .await
                    .context("Failed to lock the database for migrations")?;
                SQLITE_MIGRATIONS.run(&mut *tx).await.context("Failed to run database migrations")?;
                tx.commit().await.context("Failed to commit database migrations")?;
            }
            // On PostgreSQL sqlx holds an advisory lock for the whole run.
            Backend::Postgres => {
                POSTGRES_MIGRATIONS.run(&self.pool).await.context("Failed to run database migrations")?
            }
        }
        // Data a migration cannot compute in SQL: the link keys of articles stored before 0015.
        // Read first, so that a start with none to fill (every start after the first) takes no
        // write turn; then short write turns, so that a large database keeps serving meanwhile.
        // Servers that start together fill the same rows with the same values.
        const BATCH: i64 = 500;
        loop {
            let rows = articles::missing_url_keys(&self.pool, BATCH)
                .await
                .context("Failed to read article links")?;
            if rows.is_empty() {
                break;
            }
            let mut tx = self.begin_write().await.context("Failed to start filling in article link keys")?;
            articles::fill_url_keys(&mut tx, &rows).await.context("Failed to fill in article link keys")?;
            tx.commit().await.context("Failed to commit article link keys")?;
            if (rows.len() as i64) < BATCH {
                break;
            }
        }
        Ok(())
    }

    /// Starts a write transaction. On SQLite it takes the write lock up front (BEGIN IMMEDIATE):
    /// a deferred transaction that reads and then writes can fail with SQLITE_BUSY no matter how long
    /// busy_timeout is, because its read snapshot may be stale by the time it wants to write.
    /// Queued writers wait for the writer turn, not for pooled connections, so they do not hold
    /// connections that readers need.
    ///
    /// The start runs as its own task so that a request dropped half-way (the client went away)
    /// cannot cancel it between SQLite's BEGIN and the moment the `WriteTx` exists (an abandoned
    /// start once left a pooled connection inside a write transaction, and every other writer
    /// waited out busy_timeout). Now an abandoned start finishes, and dropping its result rolls
    /// back; a transaction abandoned later is rolled back by `WriteTx`'s drop, still in its turn.
    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        self.start_write(true).await
    }

    /// A write turn whose transaction the caller's first statement opens, by starting with
    /// `WriteTx::opening_sql` (on SQLite; on PostgreSQL it is already open, as from `begin_write`).
    pub async fn write_turn(&self) -> Result<WriteTx, sqlx::Error> {
        self.start_write(false).await
    }

    async fn start_write(&self, begin: bool) -> Result<WriteTx, sqlx::Error> {
        let pool = self.pool.clone();
        let start =
            match self.backend {
                Backend::Sqlite => {
                    let writer = Arc::clone(&self.writer);
                    tokio::spawn(async move {
                        // Waits no longer than a pooled connection would (then 503, as for a pool timeout).
                        let mut writer = tokio::time::timeout(WRITER_WAIT, writer.lock_owned())
                            .await
                            .map_err(|_| sqlx::Error::PoolTimedOut)?;
                        let conn = writer.ready(&pool).await?;
                        if begin {
                            if let Err(e) = conn.execute("BEGIN IMMEDIATE").await {
                                if !matches!(e, sqlx::Error::Database(_)) {
                                    writer.conn = None;
                                }
                                return Err(e);
                            }
                            writer.open = true;
                        }
                        Ok(WriteTx { inner: Some(TxInner::Sqlite { writer, begun: begin }) })
                    })
                }
                Backend::Postgres => tokio::spawn(async move {
                    Ok(WriteTx { inner: Some(TxInner::Postgres(pool.begin().await?)) })
                }),
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
        // The pool waits for every connection to come back, the writer's too.
        self.writer.lock().await.conn = None;
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

/// The database file of a prepared SQLite URL; `None` for an in-memory database.
fn sqlite_file(url: &str) -> Option<String> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    (!path.is_empty() && path != ":memory:" && !query.contains("mode=memory")).then(|| path.to_string())
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

/// A step of the one savepoint a transaction nests (PostgreSQL only: on SQLite, where writers take
/// turns and nothing waits on a row lock, every step does nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SavepointStep {
    Begin,
    Release,
    RollBack,
}

pub async fn savepoint(
    conn: &mut AnyConnection,
    backend: Backend,
    step: SavepointStep,
) -> Result<(), sqlx::Error> {
    if backend != Backend::Postgres {
        return Ok(());
    }
    let sql = match step {
        SavepointStep::Begin => "SAVEPOINT nested",
        SavepointStep::Release => "RELEASE SAVEPOINT nested",
        SavepointStep::RollBack => "ROLLBACK TO SAVEPOINT nested",
    };
    conn.execute(sql).await?;
    Ok(())
}
