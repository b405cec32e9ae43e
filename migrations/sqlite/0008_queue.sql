-- The crowd's daily loop: readers' check requests, the review queue's indexes, status changes for
-- "what changed since my last visit", and when each reviewer last looked at it.

-- How many readers asked for a check; raised by SQL increments in the request's transaction.
ALTER TABLE claims ADD COLUMN request_count INTEGER NOT NULL DEFAULT 0;

-- One request per account or per browser per claim. An anonymous browser is known only by the
-- SHA-256 of a random token in its `claimcheck_asker` cookie; nothing else about it is kept here.
CREATE TABLE check_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users (id),
    browser_hash TEXT,
    created_at INTEGER NOT NULL,
    CHECK ((user_id IS NULL) <> (browser_hash IS NULL))
);
CREATE UNIQUE INDEX check_requests_user_key ON check_requests (claim_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX check_requests_browser_key ON check_requests (claim_id, browser_hash) WHERE browser_hash IS NOT NULL;

-- The per-address limit on requests: a hash of the client address and the time, pruned
-- once older than the window (so no address outlives the limit that needs it).
CREATE TABLE check_request_throttle (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_hash TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX check_request_throttle_client ON check_request_throttle (client_hash, at);
CREATE INDEX check_request_throttle_at ON check_request_throttle (at);

-- The review queue reads open claims tier by tier in index order and stops at the page's end.
-- Open: visible and without an editorial verdict. Newest article first, then text order. The
-- trailing columns make the index cover the queue's count (no table row read per claim).
CREATE INDEX claims_queue_open ON claims (status, article_id DESC, start_offset, id, visibility, locked_verdict)
    WHERE visibility = 'visible' AND locked_verdict IS NULL;
CREATE INDEX claims_queue_requested ON claims (request_count DESC, article_id DESC, start_offset, id)
    WHERE visibility = 'visible' AND locked_verdict IS NULL AND request_count > 0;
CREATE INDEX claims_queue_fresh ON claims (article_id DESC, start_offset, id)
    WHERE visibility = 'visible' AND locked_verdict IS NULL AND request_count = 0
    AND status IN ('unreviewed', 'pending');
-- Activity reads a reviewer's sources and flags by author.
CREATE INDEX sources_added_by ON sources (added_by, claim_id);
CREATE INDEX flags_user ON flags (user_id, target_type, target_id);
CREATE INDEX vote_history_user ON vote_history (user_id, claim_id);

-- Every change of a claim's stored status (votes, locks, merges, a new consensus rule), written by
-- the database itself so no code path can forget it. Times are Unix milliseconds.
CREATE TABLE claim_status_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX claim_status_changes_claim ON claim_status_changes (claim_id, at);
CREATE TRIGGER claims_status_change AFTER UPDATE OF status ON claims
    WHEN OLD.status <> NEW.status
BEGIN
    INSERT INTO claim_status_changes (claim_id, before, after, at)
    VALUES (NEW.id, OLD.status, NEW.status, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER));
END;

-- When each reviewer last opened /activity: events after it are unread.
CREATE TABLE activity_seen (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    seen_at INTEGER NOT NULL
);
