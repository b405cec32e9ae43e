-- Each reviewer's latest vote entry per claim, kept by the database beside the append-only
-- vote_history (which is never updated). Activity reads votes from here, so a vote cast and
-- retracted 100,000 times is one row to read, not 100,000 (issue 21).
CREATE TABLE vote_latest (
    claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    history_id INTEGER NOT NULL,
    verdict TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (claim_id, user_id)
);
CREATE INDEX vote_latest_user ON vote_latest (user_id, claim_id);

INSERT INTO vote_latest (claim_id, user_id, history_id, verdict, created_at)
SELECT h.claim_id, h.user_id, h.id, h.verdict, h.created_at
FROM vote_history h JOIN (SELECT MAX(id) AS id FROM vote_history GROUP BY claim_id, user_id) m ON m.id = h.id;

CREATE TRIGGER vote_history_latest AFTER INSERT ON vote_history
BEGIN
    INSERT INTO vote_latest (claim_id, user_id, history_id, verdict, created_at)
    VALUES (NEW.claim_id, NEW.user_id, NEW.id, NEW.verdict, NEW.created_at)
    ON CONFLICT (claim_id, user_id) DO UPDATE SET
        history_id = excluded.history_id, verdict = excluded.verdict, created_at = excluded.created_at;
END;

-- Activity found "claims I voted on" through this index; vote_latest_user answers it now.
DROP INDEX vote_history_user;
