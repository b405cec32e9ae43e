-- Reviewer standing: only trusted reviewers' votes count toward consensus; a new reviewer's vote
-- is stored and shown but pending until standing is earned or granted. Accounts that exist now
-- stay trusted, so nothing already published changes.
ALTER TABLE users ADD COLUMN standing TEXT NOT NULL DEFAULT 'new' CHECK (standing IN ('new', 'trusted'));
UPDATE users SET standing = 'trusted';
CREATE INDEX users_created_at ON users (created_at);

-- pending_count: current votes of new (not yet trusted, not excluded) reviewers, kept beside the
-- counted tallies by the same SQL increments. settled_at: when the stored status last became a
-- verdict (verified, disputed, not a claim; NULL otherwise), for telling which votes came before it.
ALTER TABLE claims ADD COLUMN pending_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN settled_at INTEGER;
UPDATE claims SET settled_at = created_at WHERE status IN ('verified', 'disputed', 'not_a_claim');
CREATE INDEX votes_user_claim ON votes (user_id, claim_id);

-- Single-use registration invitations. The token is a bearer secret shown only to admins.
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token TEXT NOT NULL UNIQUE,
    standing TEXT NOT NULL DEFAULT 'new' CHECK (standing IN ('new', 'trusted')),
    created_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_by INTEGER REFERENCES users (id),
    used_at INTEGER,
    revoked_at INTEGER
);
CREATE INDEX invitations_created ON invitations (created_at);
