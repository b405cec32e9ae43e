-- Abuse resistance (issue 21): registration attempts counted per client address, sign-in failures
-- counted per account and address together, and temporary passwords that must be changed.

-- One row per registration attempt that reached password hashing; pruned by the housekeeping task.
CREATE TABLE registration_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX registration_attempts_client ON registration_attempts (client, at);
CREATE INDEX registration_attempts_at ON registration_attempts (at);

-- Failures are now also counted per (address, account); `username` holds a hash of the name.
CREATE INDEX login_failures_pair ON login_failures (ip, username, at);
CREATE INDEX login_failures_at ON login_failures (at);

-- Set by `claimcheck user reset-password`: the account must choose a new password before anything else.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));
