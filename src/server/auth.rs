//! Authentication plumbing: argon2id hashing on a bounded blocking pool, the database-backed
//! session store for tower-sessions, the middleware that turns a session into an `Actor`, and the
//! same-origin check that refuses cross-site state changes.

use super::db::{self, Db};
use super::state::AppState;
use super::time::now_millis;
use crate::error::AppError;
use crate::model::{Role, UserView};
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use async_trait::async_trait;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::Semaphore;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions::{Expiry, Session, SessionManagerLayer};

/// OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane.
pub const ARGON2_M_KIB: u32 = 19_456;
pub const ARGON2_T: u32 = 2;
pub const ARGON2_P: u32 = 1;

/// A session unused this long ends.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(12 * 60 * 60);
/// A session ends this long after sign-in, however active.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::from_secs(7 * 24 * 60 * 60);
/// How often activity is written back to extend the idle timeout (not on every request).
const TOUCH_EVERY_MS: i64 = 5 * 60 * 1000;

pub const SESSION_COOKIE: &str = "claimcheck_session";

const KEY_USER: &str = "user_id";
const KEY_AUTH_AT: &str = "auth_at";
const KEY_SEEN_AT: &str = "seen_at";

/// Who is asking. Every service function takes one and decides what it may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Anonymous,
    User(UserView),
    /// The command line, run by whoever operates the server.
    System,
}

impl Actor {
    pub fn user(&self) -> Option<&UserView> {
        match self {
            Actor::User(u) => Some(u),
            _ => None,
        }
    }

    /// Any signed-in, enabled account. Disabled accounts never become an `Actor::User`.
    pub fn require_reviewer(&self) -> Result<&UserView, AppError> {
        match self {
            Actor::User(u) => Ok(u),
            _ => Err(AppError::Unauthorized("sign in to do this".into())),
        }
    }

    /// Admins and the command line see hidden items and may moderate.
    pub fn is_admin(&self) -> bool {
        matches!(self, Actor::System) || matches!(self, Actor::User(u) if u.role == Role::Admin)
    }

    /// (id, name) as the audit log records the actor.
    pub fn audit_name(&self) -> (Option<i64>, String) {
        match self {
            Actor::User(u) => (Some(u.id), u.username.clone()),
            Actor::System => (None, "system (command line)".into()),
            Actor::Anonymous => (None, "anonymous".into()),
        }
    }

    pub fn require_admin(&self) -> Result<(), AppError> {
        match self {
            Actor::System => Ok(()),
            Actor::User(u) if u.role == Role::Admin => Ok(()),
            Actor::User(_) => Err(AppError::Forbidden("only admins can do this".into())),
            Actor::Anonymous => Err(AppError::Unauthorized("sign in to do this".into())),
        }
    }
}

/// Password hashing with a cap on concurrent hashes, so a burst of logins cannot take every core
/// (and every megabyte) from page rendering, and a bounded queue in front of it: when `queue`
/// hashes already wait, more are refused at once with 429 instead of holding a request slot each
/// until readers are shed too.
pub struct Passwords {
    permits: Semaphore,
    /// One permit per hash allowed to be running or waiting.
    queue: Semaphore,
    dummy_hash: String,
}

/// How long a hash may wait for a core before it is refused.
const HASH_WAIT: Duration = Duration::from_secs(5);

impl Passwords {
    pub fn new() -> anyhow::Result<Self> {
        Self::with_queue(super::config::DEFAULT_LIMIT_HASH_QUEUE)
    }

    /// `queue`: hashes that may wait for a turn (CLAIMCHECK_LIMIT_HASH_QUEUE).
    pub fn with_queue(queue: usize) -> anyhow::Result<Self> {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        let running = cores.saturating_sub(1).max(1);
        let dummy_hash = hash_blocking("a password that no account has, used to even out timing")?;
        Ok(Passwords {
            permits: Semaphore::new(running),
            queue: Semaphore::new(running + queue.max(1)),
            dummy_hash,
        })
    }

    /// A turn at the hasher: a queue place now or 429, then a core within `HASH_WAIT` or 429.
    async fn turn(
        &self,
    ) -> Result<(tokio::sync::SemaphorePermit<'_>, tokio::sync::SemaphorePermit<'_>), AppError> {
        let busy = || AppError::RateLimited {
            message: "the server is busy checking passwords; try again in a moment".into(),
            retry_after_secs: 2,
        };
        let place = self.queue.try_acquire().map_err(|_| busy())?;
        let core = tokio::time::timeout(HASH_WAIT, self.permits.acquire())
            .await
            .map_err(|_| busy())?
            .map_err(|_| AppError::Unavailable)?;
        Ok((place, core))
    }

    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        let _turn = self.turn().await?;
        tokio::task::spawn_blocking(move || hash_blocking(&password))
            .await
            .map_err(|e| anyhow::anyhow!("hash task failed: {e}"))?
            .map_err(AppError::from)
    }

    /// Verifies against `hash`, or against a dummy hash when there is no account, so an unknown
    /// username costs the same time as a wrong password.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, AppError> {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy_hash.clone());
        let _turn = self.turn().await?;
        let ok = tokio::task::spawn_blocking(move || {
            argon2().verify_password(password.as_bytes(), hash.as_str()).is_ok()
        })
        .await
        .map_err(|e| anyhow::anyhow!("verify task failed: {e}"))?;
        Ok(ok && known)
    }
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(ARGON2_M_KIB, ARGON2_T, ARGON2_P, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_blocking(password: &str) -> anyhow::Result<String> {
    argon2()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("Failed to hash a password: {e}"))
}

// --- sessions ---------------------------------------------------------------------------------

/// tower-sessions store on our own database, so every app instance sees every session.
#[derive(Clone)]
pub struct DbSessionStore {
    db: Db,
}

impl std::fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbSessionStore")
    }
}

impl DbSessionStore {
    pub fn new(db: Db) -> Self {
        DbSessionStore { db }
    }
}

/// The cookie value is never stored; its SHA-256 is.
fn id_hash(id: &Id) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(id.to_string().as_bytes());
    // Runs on every request with a session cookie: one buffer, not a string per byte.
    let mut hex = String::with_capacity(64);
    for b in digest {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

fn encode_record(record: &Record) -> session_store::Result<(Option<i64>, String, i64)> {
    let data =
        serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let user_id = record.data.get(KEY_USER).and_then(|v| v.as_i64());
    let expires_at = (record.expiry_date.unix_timestamp_nanos() / 1_000_000) as i64;
    Ok((user_id, data, expires_at))
}

fn backend_err(e: sqlx::Error) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let (user_id, data, expires_at) = encode_record(record)?;
            let mut tx = self.db.begin_write().await.map_err(backend_err)?;
            let created =
                db::users::session_create(&mut tx, &id_hash(&record.id), user_id, &data, expires_at)
                    .await
                    .map_err(backend_err)?;
            tx.commit().await.map_err(backend_err)?;
            if created {
                return Ok(());
            }
            // 128 random bits collided: pick another id.
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (user_id, data, expires_at) = encode_record(record)?;
        let mut tx = self.db.begin_write().await.map_err(backend_err)?;
        db::users::session_save(&mut tx, &id_hash(&record.id), user_id, &data, expires_at)
            .await
            .map_err(backend_err)?;
        tx.commit().await.map_err(backend_err)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some((data, expires_at)) =
            db::users::session_load(self.db.pool(), &id_hash(id), now_millis()).await.map_err(backend_err)?
        else {
            return Ok(None);
        };
        let data: HashMap<String, serde_json::Value> =
            serde_json::from_str(&data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(expires_at) * 1_000_000)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record { id: *id, data, expiry_date }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let mut tx = self.db.begin_write().await.map_err(backend_err)?;
        db::users::session_delete(&mut tx, &id_hash(id)).await.map_err(backend_err)?;
        tx.commit().await.map_err(backend_err)
    }
}

pub fn session_layer(db: Db, name: &'static str, secure: bool) -> SessionManagerLayer<DbSessionStore> {
    SessionManagerLayer::new(DbSessionStore::new(db))
        .with_name(name)
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_secure(secure)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::try_from(IDLE_TIMEOUT).expect("idle timeout fits")))
}

fn session_err(e: tower_sessions::session::Error) -> AppError {
    tracing::warn!(error = %e, "session store error");
    AppError::Unavailable
}

/// Signs `user` in on this session under a fresh id (the old id, if any, stops working).
pub async fn start_session(session: &Session, user: &UserView) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_err)?;
    let now = now_millis();
    session.insert(KEY_USER, user.id).await.map_err(session_err)?;
    session.insert(KEY_AUTH_AT, now).await.map_err(session_err)?;
    session.insert(KEY_SEEN_AT, now).await.map_err(session_err)?;
    session.save().await.map_err(session_err)?;
    Ok(())
}

/// Deletes the session server-side and expires the cookie.
pub async fn end_session(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(session_err)
}

/// A request extension: the signed-in account has a temporary password it must change first.
#[derive(Debug, Clone, Copy)]
pub struct MustChangePassword;

/// The id_hash the session store keeps for this request's session (None without one).
pub fn current_session_hash(session: &Session) -> Option<String> {
    session.id().map(|id| id_hash(&id))
}

/// Middleware: resolves the session into an `Actor` request extension.
pub async fn resolve_actor(
    State(state): State<AppState>,
    session: Session,
    mut req: Request,
    next: Next,
) -> Response {
    let (actor, must_change) = match actor_for(&state, &session).await {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    if must_change {
        req.extensions_mut().insert(MustChangePassword);
    }
    req.extensions_mut().insert(actor);
    next.run(req).await
}

async fn actor_for(state: &AppState, session: &Session) -> Result<(Actor, bool), AppError> {
    // One read for the session and its account together (instead of the session store's load and
    // then the account): this runs on every request that carries a session cookie.
    let Some(id) = session.id() else {
        return Ok((Actor::Anonymous, false));
    };
    let now = now_millis();
    let Some(row) = db::users::session_actor(state.db.pool(), &id_hash(&id), now).await? else {
        // Unknown or expired: tower-sessions finds the same when anything loads it, and starts over.
        return Ok((Actor::Anonymous, false));
    };
    let data: SessionTimes = serde_json::from_str(&row.data).unwrap_or_default();
    let Some(signed_in_as) = data.user_id else {
        return Ok((Actor::Anonymous, false));
    };
    if now - data.auth_at.unwrap_or(0) > ABSOLUTE_TIMEOUT.as_millis() as i64 {
        end_session(session).await?;
        return Ok((Actor::Anonymous, false));
    }
    let (Some(user_id), Some(username), Some(role), Some(0)) =
        (row.user_id, row.username, row.role, row.disabled)
    else {
        // Disabled or deleted: the session ends now, not at its expiry.
        end_session(session).await?;
        return Ok((Actor::Anonymous, false));
    };
    if user_id != signed_in_as {
        end_session(session).await?;
        return Ok((Actor::Anonymous, false));
    }
    if now - data.seen_at.unwrap_or(0) > TOUCH_EVERY_MS {
        // Modifying the session makes tower-sessions load and save it, which pushes the idle
        // expiry forward.
        session.insert(KEY_SEEN_AT, now).await.map_err(session_err)?;
    }
    let user = Actor::User(UserView {
        id: user_id,
        username,
        role: Role::parse(&role).unwrap_or(Role::Reviewer),
        standing: row.standing.unwrap_or_else(|| "new".into()),
    });
    Ok((user, row.must_change_password == Some(1)))
}

/// The keys of a session's data that `actor_for` reads (others are ignored). The field names are
/// `KEY_USER`, `KEY_AUTH_AT` and `KEY_SEEN_AT`; a test keeps them in step.
#[derive(Default, serde::Deserialize)]
struct SessionTimes {
    user_id: Option<i64>,
    auth_at: Option<i64>,
    seen_at: Option<i64>,
}

// --- CSRF -------------------------------------------------------------------------------------

/// Middleware: a state-changing request that a browser marks as cross-site is refused with 403
/// before it reaches any handler. Requests without Origin/Sec-Fetch-Site (curl, API clients) carry
/// no ambient browser credentials to abuse and pass.
pub async fn reject_cross_site(req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        if let Some(why) = cross_site_reason(req.headers()) {
            let body = serde_json::json!({ "error": format!("cross-site request refused: {why}") });
            return (StatusCode::FORBIDDEN, axum::Json(body)).into_response();
        }
    }
    next.run(req).await
}

fn cross_site_reason(headers: &header::HeaderMap) -> Option<&'static str> {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site.eq_ignore_ascii_case("cross-site") {
            return Some("Sec-Fetch-Site is cross-site");
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("null");
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        let authority = origin.split_once("://").map(|(_, rest)| rest.trim_end_matches('/'));
        match authority {
            Some(a) if !host.is_empty() && a.eq_ignore_ascii_case(host) => {}
            _ => return Some("Origin does not match this site"),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_times_read_the_keys_that_sign_in_writes() {
        let data: HashMap<&str, i64> = HashMap::from([(KEY_USER, 7), (KEY_AUTH_AT, 11), (KEY_SEEN_AT, 13)]);
        let t: SessionTimes = serde_json::from_str(&serde_json::to_string(&data).unwrap()).unwrap();
        assert_eq!((t.user_id, t.auth_at, t.seen_at), (Some(7), Some(11), Some(13)));
    }

    #[test]
    fn a_session_id_hashes_to_64_hex_digits() {
        let h = id_hash(&Id::default());
        assert_eq!(h.len(), 64);
        assert!(h.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    }
    use axum::http::{HeaderMap, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn a_same_origin_post_passes() {
        assert_eq!(
            cross_site_reason(&headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")])),
            None
        );
    }

    #[test]
    fn a_foreign_origin_is_refused() {
        assert!(cross_site_reason(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000")
        ]))
        .is_some());
    }

    #[test]
    fn a_null_origin_is_refused() {
        assert!(cross_site_reason(&headers(&[("origin", "null"), ("host", "127.0.0.1:3000")])).is_some());
    }

    #[test]
    fn sec_fetch_site_cross_site_is_refused_even_without_origin() {
        assert!(cross_site_reason(&headers(&[("sec-fetch-site", "cross-site")])).is_some());
    }

    #[test]
    fn requests_without_browser_headers_pass() {
        assert_eq!(cross_site_reason(&headers(&[("host", "127.0.0.1:3000")])), None);
    }

    #[test]
    fn session_ids_are_stored_hashed() {
        let id = Id::default();
        let h = id_hash(&id);
        assert_eq!(h.len(), 64);
        assert!(!h.contains(&id.to_string()));
    }
}
