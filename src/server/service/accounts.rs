//! Accounts: registration, sign-in with throttling, and role/state changes. Input is parsed into
//! `Username`/`Password` at the edge so nothing below ever sees an unchecked value.

use crate::consensus::Rule;
use crate::error::AppError;
use crate::model::{Role, Standing, UserAdminView, UserDisable, UserEnable, UserRoleChange, UserView};
use crate::server::auth::{Actor, Passwords};
use crate::server::db::{self, users::UserRow, Db, OnUnique, Unique};
use crate::server::state::AppState;
use crate::server::time::now_millis;
use std::net::IpAddr;

pub use super::throttle::{ACCOUNT_ADDRESS_FAILURES_PER_HOUR, IP_FAILURES_PER_MINUTE};

const BAD_CREDENTIALS: &str = "invalid username or password";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    /// 3 to 32 characters: ASCII letters, digits, `_`, `.` or `-`, starting with a letter or digit.
    pub fn parse(raw: &str) -> Result<Username, AppError> {
        let name = raw.trim();
        let len = name.chars().count();
        if !(3..=32).contains(&len) {
            return Err(AppError::validation("username", "username must be 3 to 32 characters long"));
        }
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')) {
            return Err(AppError::validation(
                "username",
                "username may contain only letters a-z, digits, '_', '.' and '-'",
            ));
        }
        if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Err(AppError::validation("username", "username must start with a letter or a digit"));
        }
        Ok(Username(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    /// 10 to 1024 characters. The upper bound keeps hashing cost bounded.
    pub fn parse(raw: &str) -> Result<Password, AppError> {
        let len = raw.chars().count();
        if len < 10 {
            return Err(AppError::validation("password", "password must be at least 10 characters long"));
        }
        if len > 1024 {
            return Err(AppError::validation("password", "password must be at most 1024 characters long"));
        }
        if raw.trim().is_empty() {
            return Err(AppError::validation("password", "password must not be only spaces"));
        }
        if crate::server::password_policy::too_repetitive(raw) {
            return Err(AppError::validation(
                "password",
                "password repeats too few characters (like aaaaaaaaaa or 1212121212); choose another (a passphrase works well)",
            ));
        }
        if crate::server::password_policy::is_common(raw) {
            return Err(AppError::validation(
                "password",
                "that password is among the 10,000 most common ones; choose another (a passphrase works well)",
            ));
        }
        Ok(Password(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

fn view(row: &UserRow) -> UserView {
    UserView {
        id: row.id,
        username: row.username.clone(),
        role: Role::parse(&row.role).unwrap_or(Role::Reviewer),
        standing: row.standing,
    }
}

/// Creates an account (the CLI's `user create`, the demo). Admins are always trusted; otherwise
/// `trusted` decides whether the account's votes count from the start.
pub async fn create_user(
    db: &Db,
    passwords: &Passwords,
    username: &str,
    password: &str,
    role: Role,
    trusted: bool,
) -> Result<UserView, AppError> {
    let username = Username::parse(username)?;
    let password = Password::parse(password)?;
    let hash = passwords.hash(password.0).await?;
    let standing = if trusted || role == Role::Admin { Standing::Trusted } else { Standing::New };
    let mut tx = db.begin_write().await?;
    let id = insert_user(&mut tx, &username, &hash, role, standing).await?;
    tx.commit().await?;
    Ok(UserView { id, username: username.0, role, standing })
}

async fn insert_user(
    conn: &mut sqlx::AnyConnection,
    username: &Username,
    hash: &str,
    role: Role,
    standing: Standing,
) -> Result<i64, AppError> {
    db::users::insert(conn, username.as_str(), hash, role.as_str(), standing, now_millis())
        .await
        .on_unique(Unique::Username, || AppError::validation("username", "that username is taken"))
}

/// Self-service registration: always a reviewer, new unless an invitation (or
/// CLAIMCHECK_TRUST_NEW_ACCOUNTS) says trusted. CLAIMCHECK_REGISTRATION decides who may: anyone
/// (`open`), holders of an invitation (`invite`), nobody (`closed`: admins create accounts).
/// Using an invitation is audited with the account it created.
pub async fn register(
    state: &AppState,
    ip: IpAddr,
    username: &str,
    password: &str,
    invite: Option<&str>,
) -> Result<UserView, AppError> {
    use crate::server::config::Registration;
    let invite = invite.map(str::trim).filter(|t| !t.is_empty());
    match (state.config.registration, invite) {
        (Registration::Closed, _) => {
            return Err(AppError::Forbidden(
                "registration is closed on this site; an admin creates accounts".into(),
            ))
        }
        (Registration::Invite, None) => {
            return Err(AppError::Forbidden(
                "registration here is by invitation only; open the invitation link an admin sent you".into(),
            ))
        }
        _ => {}
    }
    let username = Username::parse(username)?;
    let password = Password::parse(password)?;
    let now = now_millis();
    if let Some(token) = invite {
        // Refuse a bad invitation before spending a password hash on it; checked again below.
        super::invites::check(&mut *state.db.pool().acquire().await?, token, now).await?;
    }
    // A place at the hasher first (no I/O: a full queue is refused before anything is written),
    // then counted per client address before the hash is paid for.
    let place = state.passwords.reserve()?;
    let attempt =
        super::throttle::begin_registration(&state.db, ip, state.config.limit_register_per_hour, now).await?;
    let hash = match state.passwords.hash_in(place, password.0).await {
        Ok(h) => h,
        Err(e) => {
            // Turned away by a busy hasher: that costs the address none of its hourly budget.
            attempt.forget(&state.db).await?;
            return Err(e);
        }
    };
    let mut tx = state.db.begin_write().await?;
    let invitation = match invite {
        Some(token) => Some(super::invites::check(&mut tx, token, now).await?),
        None => None,
    };
    let standing = match &invitation {
        Some(inv) => inv.standing,
        None if state.config.trust_new_accounts => Standing::Trusted,
        None => Standing::New,
    };
    let id = insert_user(&mut tx, &username, &hash, Role::Reviewer, standing).await?;
    let user = UserView { id, username: username.0, role: Role::Reviewer, standing };
    if let Some(inv) = invitation {
        super::invites::mark_used(&mut tx, &inv, &user, now).await?;
    }
    tx.commit().await?;
    Ok(user)
}

/// Checks credentials. Attempts are counted per client address and per (account, address) in the
/// database before the password is verified (see `throttle`), so the limits hold across app
/// instances and against parallel bursts; the answer for a wrong password, an unknown user and a
/// disabled account is the same, in words, status and (through the dummy hash) time.
pub async fn login(
    state: &AppState,
    ip: IpAddr,
    username: &str,
    password: &str,
) -> Result<UserView, AppError> {
    let now = now_millis();
    // A place at the hasher before the attempt is written: a flood that finds the queue full is
    // refused with no database work at all.
    let place = state.passwords.reserve()?;
    let attempt = super::throttle::begin_login(&state.db, ip, username, now).await?;

    // Over-long input is refused before hashing, but only after the throttle, and with the same
    // message, so it reveals nothing either.
    let too_long = password.chars().count() > 1024 || username.chars().count() > 256;
    let checked = async {
        let user =
            if too_long { None } else { db::users::by_username(state.db.pool(), username.trim()).await? };
        let ok = if too_long {
            false
        } else {
            state
                .passwords
                .verify_in(place, password.to_string(), user.as_ref().map(|u| u.password_hash.clone()))
                .await?
        };
        Ok::<_, AppError>((user, ok))
    }
    .await;
    match checked {
        Ok((Some(u), true)) if u.disabled == 0 => {
            attempt.forget(&state.db).await?;
            Ok(view(&u))
        }
        // Wrong password, unknown name, or a disabled account: the attempt stays counted.
        Ok(_) => Err(AppError::Unauthorized(BAD_CREDENTIALS.into())),
        // Not judged (the hasher was busy, the database failed): not a failure of the caller's.
        Err(e) => {
            attempt.forget(&state.db).await?;
            Err(e)
        }
    }
}

async fn by_name(db: &Db, name: &str) -> Result<UserRow, AppError> {
    db::users::by_username(db.pool(), name.trim())
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no account named {name:?}")))
}

/// The command line's `user promote|demote`: audited as the system.
pub async fn set_role_by_name(
    db: &Db,
    rule: &Rule,
    name: &str,
    role: Role,
    reason: &str,
) -> Result<UserAdminView, AppError> {
    let row = by_name(db, name).await?;
    let input = UserRoleChange { role: role.as_str().into(), reason: Some(reason.into()) };
    super::moderation::set_user_role(db, rule, &Actor::System, row.id, input).await
}

/// The command line's `user disable|enable`: audited as the system. Votes are never excluded from
/// here; `rule` is the server's, for counting again votes an admin had excluded.
pub async fn set_disabled_by_name(
    db: &Db,
    rule: &Rule,
    name: &str,
    disabled: bool,
    reason: &str,
) -> Result<UserAdminView, AppError> {
    let row = by_name(db, name).await?;
    let reason = Some(reason.to_string());
    if disabled {
        let input = UserDisable { reason, exclude_votes: row.votes_excluded != 0 };
        super::moderation::disable_user(db, rule, &Actor::System, row.id, input).await
    } else {
        super::moderation::enable_user(db, rule, &Actor::System, row.id, UserEnable { reason }).await
    }
}

/// 20 characters from a 62-letter alphabet: about 119 bits.
pub fn generate_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..20).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_of_letters_digits_and_dots_are_accepted() {
        assert_eq!(Username::parse("  ana.lopez_2 ").unwrap().as_str(), "ana.lopez_2");
    }

    #[test]
    fn too_short_and_too_long_usernames_say_so() {
        assert!(
            matches!(Username::parse("ab"), Err(AppError::Validation { field, .. }) if field == "username")
        );
        assert!(Username::parse(&"a".repeat(33)).is_err());
    }

    #[test]
    fn usernames_with_spaces_or_markup_are_refused() {
        assert!(Username::parse("ana lopez").is_err());
        assert!(Username::parse("<script>").is_err());
        assert!(Username::parse("_hidden").is_err());
    }

    #[test]
    fn passwords_must_be_10_to_1024_characters() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse("exactly10!").is_ok());
        assert!(Password::parse(&"abcd".repeat(256)).is_ok());
        assert!(Password::parse(&"x".repeat(1025)).is_err());
    }

    #[test]
    fn password_length_counts_characters_not_bytes() {
        assert!(Password::parse("éèêëéèêëé").is_err(), "9 characters, 18 bytes");
        assert!(Password::parse("éèêëéèêëéè").is_ok());
    }

    #[test]
    fn one_of_the_most_common_passwords_is_refused() {
        assert!(
            matches!(Password::parse("1234567890"), Err(AppError::Validation { field, .. }) if field == "password")
        );
        assert!(Password::parse("Qwertyuiop").is_err());
        for weak in [
            "          ",
            "\t\t\t\t\t \n\n\n\n",
            "aaaaaaaaaa",
            "1212121212",
            "abcabcabcabc",
            "!!!!!!!!!!!!!!",
        ] {
            assert!(matches!(Password::parse(weak), Err(AppError::Validation { .. })), "{weak:?}");
        }
        assert!(Password::parse("aaaa bbbb cccc").is_ok(), "four different characters");
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        assert_eq!(format!("{:?}", Password::parse("hunter2hunter2").unwrap()), "Password(***)");
    }

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let a = generate_password();
        assert_eq!(a.len(), 20);
        assert_ne!(a, generate_password());
        assert!(Password::parse(&a).is_ok());
    }
}
