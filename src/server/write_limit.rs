//! The per-account write limit (CLAIMCHECK_LIMIT_WRITES_PER_MINUTE): votes, sources, flags, manual
//! claims and submissions. A GCRA limiter (governor) per account: up to the limit at once, then
//! refilling evenly over the minute, so a person never notices it and a script is slowed to the
//! limit's pace. Kept in memory: with several app instances each allows the limit, which is still
//! a hard ceiling a script cannot get round by racing (the database-counted limits are the ones
//! that must hold across instances: sign-in and registration).

use crate::error::AppError;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;

pub struct WriteLimit {
    limiter: Option<DefaultKeyedRateLimiter<i64>>,
    clock: DefaultClock,
}

impl WriteLimit {
    /// `per_minute` 0: no limit.
    pub fn new(per_minute: u32) -> WriteLimit {
        let limiter = NonZeroU32::new(per_minute).map(|n| RateLimiter::keyed(Quota::per_minute(n)));
        WriteLimit { limiter, clock: DefaultClock::default() }
    }

    /// One write by account `user_id`, or 429 with the seconds until the next is allowed.
    pub fn check(&self, user_id: i64) -> Result<(), AppError> {
        let Some(limiter) = &self.limiter else { return Ok(()) };
        limiter.check_key(&user_id).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            AppError::RateLimited {
                message: "too many changes in a minute from this account; slow down".into(),
                retry_after_secs: wait.as_secs() + 1,
            }
        })
    }

    /// Forgets accounts whose budget is full again (the housekeeping task calls this).
    pub fn forget_idle(&self) {
        if let Some(limiter) = &self.limiter {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_allows_a_burst_then_refuses_with_a_wait() {
        let limit = WriteLimit::new(3);
        for _ in 0..3 {
            limit.check(7).unwrap();
        }
        match limit.check(7) {
            Err(AppError::RateLimited { retry_after_secs, .. }) => {
                assert!((1..=21).contains(&retry_after_secs))
            }
            other => panic!("{other:?}"),
        }
        limit.check(8).expect("another account has its own budget");
    }

    #[test]
    fn zero_turns_the_limit_off() {
        let limit = WriteLimit::new(0);
        for _ in 0..10_000 {
            limit.check(1).unwrap();
        }
    }
}
