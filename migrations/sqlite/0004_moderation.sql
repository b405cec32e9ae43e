-- Moderation: what admins can do to claims, sources, articles and accounts, and the append-only
-- audit log that records every such action.

-- visibility: visible | hidden (out of public view and exports, votes kept) | removed (soft delete).
-- A merged claim is removed with merged_into set to the claim that took its sources and votes.
-- locked_verdict (verified | disputed) is an admin's editorial verdict; it overrides the crowd's
-- status, which the tallies keep deriving underneath. moderated_at takes a manual claim off the
-- "new manual claims" queue.
ALTER TABLE claims ADD COLUMN visibility TEXT NOT NULL DEFAULT 'visible';
ALTER TABLE claims ADD COLUMN merged_into INTEGER REFERENCES claims (id);
ALTER TABLE claims ADD COLUMN locked_verdict TEXT;
ALTER TABLE claims ADD COLUMN lock_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN locked_by INTEGER REFERENCES users (id);
ALTER TABLE claims ADD COLUMN locked_at INTEGER;
ALTER TABLE claims ADD COLUMN moderated_at INTEGER;
CREATE INDEX claims_article_visibility ON claims (article_id, visibility);

ALTER TABLE sources ADD COLUMN visibility TEXT NOT NULL DEFAULT 'visible';

-- locked: no more votes, sources or claims. archived: read-only and out of the default list.
ALTER TABLE articles ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;

-- A disabled account's votes stay; with votes_excluded they stop counting toward consensus.
ALTER TABLE users ADD COLUMN votes_excluded INTEGER NOT NULL DEFAULT 0;

ALTER TABLE flags ADD COLUMN resolved_by INTEGER REFERENCES users (id);
ALTER TABLE flags ADD COLUMN resolved_at INTEGER;
ALTER TABLE flags ADD COLUMN resolution TEXT NOT NULL DEFAULT '';
CREATE INDEX flags_target ON flags (target_type, target_id, state);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id INTEGER,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id INTEGER NOT NULL,
    before TEXT NOT NULL DEFAULT '{}',
    after TEXT NOT NULL DEFAULT '{}',
    reason TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX audit_log_created ON audit_log (created_at, id);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);

-- Append-only: no code path updates or deletes an entry, and the database refuses it too.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
