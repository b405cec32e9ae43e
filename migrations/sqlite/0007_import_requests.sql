-- Article imports a reviewer asked for, for the per-user hourly limit (CLAIMCHECK_LIMIT_IMPORTS_PER_HOUR).
-- Rows older than an hour are pruned as new ones arrive; nothing else reads them.
CREATE TABLE import_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at INTEGER NOT NULL
);
CREATE INDEX import_requests_user ON import_requests (user_id, at);
