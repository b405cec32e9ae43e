//! Sessions: a tower-sessions store on our own database (every app instance sees every session),
//! signing in and out, and the middleware that resolves a request's session into an [`Actor`].

use super::Actor;
use crate::error::AppError;
use crate::model::{Role, UserView};
use crate::server::db::{self, Db};
use crate::server::state::AppState;
use crate::server::time::now_millis;
use async_trait::async_trait;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::time::Duration;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions::{Expiry, Session, SessionManagerLayer};

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

/// Deletes the session server-side and expires the cookie. Without a session (a signed-out
/// browser signing out again) there is nothing to delete: the store would log a warning each time.
pub async fn end_session(session: &Session) -> Result<(), AppError> {
    if session.id().is_none() {
        session.clear().await;
        return Ok(());
    }
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
    // The site's files are the same for everyone: no session read for each of a page's chunks.
    if crate::server::transport::is_static_file(req.uri().path()) {
        req.extensions_mut().insert(Actor::Anonymous);
        return next.run(req).await;
    }
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
        standing: row.standing.unwrap_or(crate::values::Standing::New),
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

    #[test]
    fn session_ids_are_stored_hashed() {
        let id = Id::default();
        let h = id_hash(&id);
        assert_eq!(h.len(), 64);
        assert!(!h.contains(&id.to_string()));
    }
}
