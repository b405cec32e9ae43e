//! Who is asking, and how a request comes to say so: the [`Actor`] every service function takes
//! (here), argon2id password hashing on a bounded pool (`passwords`), the database-backed session
//! store and the middleware that turns a session into an `Actor` (`sessions`), and the same-origin
//! check that refuses cross-site state changes (`csrf`).

mod csrf;
mod passwords;
mod sessions;

pub use csrf::reject_cross_site;
pub use passwords::{Passwords, ARGON2_M_KIB, ARGON2_P, ARGON2_T};
pub use sessions::{
    current_session_hash, end_session, resolve_actor, session_layer, start_session, DbSessionStore,
    MustChangePassword, ABSOLUTE_TIMEOUT, IDLE_TIMEOUT, SESSION_COOKIE,
};

use crate::error::AppError;
use crate::model::{Role, UserView};

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
