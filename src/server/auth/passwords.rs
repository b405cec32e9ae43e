//! Password hashing (argon2id) with a cap on concurrent hashes and a bounded queue in front.

use crate::error::AppError;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use std::time::Duration;
use tokio::sync::Semaphore;

/// OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane.
pub const ARGON2_M_KIB: u32 = 19_456;
pub const ARGON2_T: u32 = 2;
pub const ARGON2_P: u32 = 1;
/// Password hashing with a cap on concurrent hashes, so a burst of logins cannot take every core
/// (and every megabyte) from page rendering, and a bounded queue in front of it: when `queue`
/// hashes already wait, more are refused at once with 429 instead of holding a request slot each
/// until readers are shed too.
pub struct Passwords {
    permits: Semaphore,
    /// One permit per hash allowed to be running or waiting.
    queue: Semaphore,
    dummy_hash: String,
    hashers: Hashers,
}

/// How long a hash may wait for a core before it is refused.
const HASH_WAIT: Duration = Duration::from_secs(5);

impl Passwords {
    pub fn new() -> anyhow::Result<Self> {
        Self::with_queue(crate::server::config::DEFAULT_LIMIT_HASH_QUEUE)
    }

    /// `queue`: hashes that may wait for a turn (CLAIMCHECK_LIMIT_HASH_QUEUE).
    pub fn with_queue(queue: usize) -> anyhow::Result<Self> {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        let running = cores.saturating_sub(1).max(1);
        let dummy_hash = hash_blocking("a password that no account has, used to even out timing")?;
        // 0 turns the queue's limit off: every hash waits for its turn (up to HASH_WAIT).
        let waiting = if queue == 0 { Semaphore::MAX_PERMITS - running } else { queue };
        Ok(Passwords {
            permits: Semaphore::new(running),
            queue: Semaphore::new(running + waiting),
            dummy_hash,
            hashers: Hashers::start(running)?,
        })
    }

    /// A place in the hasher's queue now, or 429 at once when `queue` hashes already wait. Taken
    /// before anything else is spent on a sign-in or registration (a throttle row written, a user
    /// looked up), so a flood that finds the queue full costs the server nothing but the answer.
    pub fn reserve(&self) -> Result<Place<'_>, AppError> {
        self.queue.try_acquire().map(|_permit| Place { _permit }).map_err(|_| busy())
    }

    /// A core for the holder of `place` within `HASH_WAIT`, or 429.
    async fn core(&self) -> Result<tokio::sync::SemaphorePermit<'_>, AppError> {
        tokio::time::timeout(HASH_WAIT, self.permits.acquire())
            .await
            .map_err(|_| busy())?
            .map_err(|_| AppError::Unavailable)
    }

    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.hash_in(self.reserve()?, password).await
    }

    /// Hashes with a queue place reserved earlier.
    pub async fn hash_in(&self, place: Place<'_>, password: String) -> Result<String, AppError> {
        let _turn = (place, self.core().await?);
        self.hashers.run(move || hash_blocking(&password)).await?.map_err(AppError::from)
    }

    /// Verifies against `hash`, or against a dummy hash when there is no account, so an unknown
    /// username costs the same time as a wrong password.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, AppError> {
        self.verify_in(self.reserve()?, password, hash).await
    }

    /// `verify` with a queue place reserved earlier.
    pub async fn verify_in(
        &self,
        place: Place<'_>,
        password: String,
        hash: Option<String>,
    ) -> Result<bool, AppError> {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy_hash.clone());
        let _turn = (place, self.core().await?);
        let ok = self
            .hashers
            .run(move || argon2().verify_password(password.as_bytes(), hash.as_str()).is_ok())
            .await?;
        Ok(ok && known)
    }
}

/// A place in the hasher's queue, held until the hash it was taken for is done (or dropped).
pub struct Place<'a> {
    _permit: tokio::sync::SemaphorePermit<'a>,
}

fn busy() -> AppError {
    AppError::RateLimited {
        message: "the server is busy checking passwords; try again in a moment".into(),
        retry_after_secs: 2,
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// The threads that hash, one per core the hasher may use, started once and kept. They run at a
/// lower scheduling priority (nice 10) than the async workers, so during a flood of sign-ins a
/// page render that needs a core gets it before the next hash does: hashing fills idle time
/// instead of taking turns with readers. Their own threads, not tokio's blocking pool, so the
/// lowered priority never reaches other blocking work.
struct Hashers {
    // `Sender` is `Sync`: every request sends on it directly, no lock needed.
    jobs: std::sync::mpsc::Sender<Job>,
}

impl Hashers {
    fn start(threads: usize) -> anyhow::Result<Self> {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        for i in 0..threads {
            let rx = rx.clone();
            std::thread::Builder::new().name(format!("password-hasher-{i}")).spawn(move || {
                lower_priority();
                loop {
                    // The lock is held only while taking a job, never while running one.
                    let job = match rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    match job {
                        // A panic fails that one request (its result is never sent), not the thread.
                        Ok(job) => {
                            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                        }
                        Err(_) => return, // `Passwords` was dropped.
                    }
                }
            })?;
        }
        Ok(Hashers { jobs: tx })
    }

    /// Runs `f` on a hasher thread and waits for its result without blocking the async worker.
    async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(f());
        });
        self.jobs
            .send(job)
            .map_err(|_| AppError::internal(anyhow::anyhow!("the password hashers have stopped")))?;
        result.await.map_err(|_| AppError::internal(anyhow::anyhow!("a password hash panicked")))
    }
}

/// nice 10 for the calling thread (on Linux, `setpriority` on a thread id sets that thread only).
/// A failure leaves the thread at normal priority, which is only slower for readers, never wrong.
#[allow(unsafe_code)] // Two plain system calls; std has no thread-priority API.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid and setpriority take plain integers and touch no memory of ours.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        if libc::setpriority(libc::PRIO_PROCESS, tid, 10) != 0 {
            tracing::warn!(
                "could not lower the password hashers' priority; they compete with page rendering"
            );
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_place_in_the_queue_is_taken_before_any_work_and_given_back_when_dropped() {
        let passwords = Passwords::with_queue(1).unwrap();
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        let places: Vec<_> =
            (0..cores.saturating_sub(1).max(1) + 1).map(|_| passwords.reserve().unwrap()).collect();
        // Every place is held: the next caller is refused at once, with a wait to retry after.
        match passwords.reserve() {
            Err(AppError::RateLimited { retry_after_secs, .. }) => assert!(retry_after_secs >= 1),
            other => panic!("expected 429, got {:?}", other.map(|_| ())),
        }
        assert!(matches!(
            passwords.hash("a long enough password".into()).await,
            Err(AppError::RateLimited { .. })
        ));
        drop(places);
        let place = passwords.reserve().unwrap();
        let hash = passwords.hash_in(place, "a long enough password".into()).await.unwrap();
        let place = passwords.reserve().unwrap();
        assert!(passwords.verify_in(place, "a long enough password".into(), Some(hash)).await.unwrap());
    }
}
