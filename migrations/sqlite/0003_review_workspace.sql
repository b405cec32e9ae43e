-- The reviewer's workspace: who submitted what, statement revisions, sources, votes (current and
-- history), flags, and settings the server compares at start-up (e.g. the consensus rule in force).
ALTER TABLE articles ADD COLUMN created_by INTEGER REFERENCES users (id);

-- Tallies are kept on the claim row and changed only inside the vote transaction, by SQL increments.
-- status is derived from them by the consensus rule (src/consensus.rs) and stored for filtering.
-- version grows on every change that alters how the claim is shown (votes, sources, edits).
ALTER TABLE claims ADD COLUMN created_by INTEGER REFERENCES users (id);
ALTER TABLE claims ADD COLUMN verified_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN disputed_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN not_a_claim_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN status TEXT NOT NULL DEFAULT 'unreviewed';
ALTER TABLE claims ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX claims_status ON claims (status, article_id);

CREATE TABLE claim_revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    statement TEXT NOT NULL,
    edited_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX claim_revisions_claim ON claim_revisions (claim_id, id);

CREATE TABLE sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    publisher TEXT NOT NULL,
    excerpt TEXT NOT NULL DEFAULT '',
    stance TEXT NOT NULL CHECK (stance IN ('supports', 'refutes', 'context')),
    added_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX sources_claim_url_key ON sources (claim_id, url);

CREATE TABLE votes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    verdict TEXT NOT NULL CHECK (verdict IN ('verified', 'disputed', 'not_a_claim')),
    note TEXT NOT NULL DEFAULT '',
    source_ids TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX votes_claim_user_key ON votes (claim_id, user_id);
CREATE INDEX votes_user ON votes (user_id);

-- Every cast, change and retraction, in order; never updated.
CREATE TABLE vote_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    verdict TEXT NOT NULL CHECK (verdict IN ('verified', 'disputed', 'not_a_claim', 'retracted')),
    note TEXT NOT NULL DEFAULT '',
    source_ids TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL
);
CREATE INDEX vote_history_claim ON vote_history (claim_id, id);

CREATE TABLE flags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    target_type TEXT NOT NULL CHECK (target_type IN ('claim', 'source')),
    target_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL CHECK (reason IN ('duplicate', 'not_a_claim', 'wrong_span', 'abusive', 'spam', 'other')),
    details TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved', 'dismissed')),
    created_at INTEGER NOT NULL
);
-- One open flag per reviewer per item.
CREATE UNIQUE INDEX flags_open_key ON flags (target_type, target_id, user_id) WHERE state = 'open';
CREATE INDEX flags_state ON flags (state, created_at);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
