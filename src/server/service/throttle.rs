//! The sign-in and registration limits. Each attempt is written to the database BEFORE the costly
//! part (hashing, verifying) and counted after it is written, so a parallel burst cannot all pass
//! the check together: the n-th attempt to be written sees at least n. A refusal writes nothing
//! (or takes its row back), so a flood does not grow the tables.

use crate::error::AppError;
use crate::server::client_addr::key_of;
use crate::server::db::{self, users::FailureKey, Db};
use sha2::{Digest, Sha256};
use std::net::IpAddr;

/// Failed sign-ins allowed from one client address per minute.
pub const IP_FAILURES_PER_MINUTE: i64 = 5;
/// Failed sign-ins allowed against one account from one client address per hour. Counted per
/// (account, address), so a stranger elsewhere cannot lock the owner out.
pub const ACCOUNT_ADDRESS_FAILURES_PER_HOUR: i64 = 10;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 3_600_000;

/// How an account name is kept in the failure table: a hash of its lower-cased, trimmed form
/// (never the name someone typed, which may be a password typed in the wrong box), fixed length.
pub fn name_key(username: &str) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(username.trim().to_lowercase().as_bytes());
    let mut hex = String::with_capacity(64);
    for b in digest {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

fn throttled(message: &str, oldest: Option<i64>, window_ms: i64, now: i64) -> AppError {
    let retry_ms = oldest.map(|o| o + window_ms - now).unwrap_or(window_ms).max(1_000);
    AppError::RateLimited { message: message.into(), retry_after_secs: ((retry_ms + 999) / 1000) as u64 }
}

/// A sign-in attempt that has been counted; `succeeded` takes it back, dropping it keeps it as a
/// failure.
pub struct LoginAttempt {
    id: i64,
}

/// Counts a sign-in attempt from `ip` for `username`, or refuses it with 429 when the address (5 a
/// minute) or this account from this address (10 an hour) has failed too often.
pub async fn begin_login(db: &Db, ip: IpAddr, username: &str, now: i64) -> Result<LoginAttempt, AppError> {
    let client = key_of(ip);
    let name = name_key(username);
    // Refused without writing anything when already over: a flood adds no rows.
    check_login(db, &client, &name, now, 0).await?;
    let mut tx = db.begin_write().await?;
    let id = db::abuse::insert_login_attempt(&mut tx, &client, &name, now).await?;
    tx.commit().await?;
    // Counted again with this attempt written: of N attempts racing, at most the limit see a count
    // within it.
    if let Err(e) = check_login(db, &client, &name, now, 1).await {
        let mut tx = db.begin_write().await?;
        db::abuse::delete_login_attempt(&mut tx, id).await?;
        tx.commit().await?;
        return Err(e);
    }
    Ok(LoginAttempt { id })
}

/// `included`: 1 when this attempt is already written (and so in the counts), else 0.
async fn check_login(db: &Db, client: &str, name: &str, now: i64, included: i64) -> Result<(), AppError> {
    let pool = db.pool();
    let message = "too many failed sign-ins; wait before trying again";
    let (n, oldest) = db::users::login_failures(pool, FailureKey::Ip(client), now - MINUTE).await?;
    if n - included >= IP_FAILURES_PER_MINUTE {
        return Err(throttled(message, oldest, MINUTE, now));
    }
    let (n, oldest) = db::abuse::pair_failures(pool, client, name, now - HOUR).await?;
    if n - included >= ACCOUNT_ADDRESS_FAILURES_PER_HOUR {
        return Err(throttled(message, oldest, HOUR, now));
    }
    Ok(())
}

impl LoginAttempt {
    /// The attempt was not a failure (it succeeded, or could not be judged): it stops counting.
    pub async fn forget(self, db: &Db) -> Result<(), AppError> {
        let mut tx = db.begin_write().await?;
        db::abuse::delete_login_attempt(&mut tx, self.id).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// A registration attempt that has been counted (None when the limit is off).
pub struct RegistrationAttempt(Option<i64>);

impl RegistrationAttempt {
    /// The attempt could not be judged (the hasher was busy): it stops counting.
    pub async fn forget(self, db: &Db) -> Result<(), AppError> {
        if let Some(id) = self.0 {
            let mut tx = db.begin_write().await?;
            db::abuse::delete_registration(&mut tx, id).await?;
            tx.commit().await?;
        }
        Ok(())
    }
}

/// Counts a registration attempt from `ip`, or refuses it with 429 when `per_hour` attempts from
/// that address were made in the last hour. `per_hour` 0: no limit.
pub async fn begin_registration(
    db: &Db,
    ip: IpAddr,
    per_hour: u32,
    now: i64,
) -> Result<RegistrationAttempt, AppError> {
    if per_hour == 0 {
        return Ok(RegistrationAttempt(None));
    }
    let limit = i64::from(per_hour);
    let client = key_of(ip);
    let message = "too many registrations from this address; try again later";
    let (n, oldest) = db::abuse::registrations_since(db.pool(), &client, now - HOUR).await?;
    if n >= limit {
        return Err(throttled(message, oldest, HOUR, now));
    }
    let mut tx = db.begin_write().await?;
    let id = db::abuse::insert_registration(&mut tx, &client, now).await?;
    tx.commit().await?;
    let (n, oldest) = db::abuse::registrations_since(db.pool(), &client, now - HOUR).await?;
    if n > limit {
        let mut tx = db.begin_write().await?;
        db::abuse::delete_registration(&mut tx, id).await?;
        tx.commit().await?;
        return Err(throttled(message, oldest, HOUR, now));
    }
    Ok(RegistrationAttempt(Some(id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_names_are_kept_as_fixed_length_hashes_of_their_folded_form() {
        assert_eq!(name_key(" Ana "), name_key("ana"));
        assert_eq!(name_key(&"x".repeat(10_000)).len(), 64);
        assert!(!name_key("ana").contains("ana"));
    }
}
