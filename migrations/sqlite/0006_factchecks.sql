-- The fact-check library (imported ClaimReview / CheckThat! rows; our own settled claims are read
-- from `claims` directly) and the matches proposed between a claim and a library entry or a claim
-- of another article. Times are Unix milliseconds.
CREATE TABLE factchecks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    publisher TEXT NOT NULL,
    -- The url (ClaimReview) or the id column (TSV): with the publisher, what makes a re-import idempotent.
    ext_id TEXT NOT NULL,
    claim TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    rating TEXT NOT NULL DEFAULT '',
    url TEXT,
    date TEXT,
    appearance TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (publisher, ext_id)
);

CREATE TABLE claim_matches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    factcheck_id INTEGER REFERENCES factchecks (id) ON DELETE CASCADE,
    other_claim_id INTEGER REFERENCES claims (id) ON DELETE CASCADE,
    score REAL NOT NULL,
    figures TEXT NOT NULL CHECK (figures IN ('agree', 'differ', 'none')),
    state TEXT NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed', 'confirmed', 'dismissed')),
    decided_by INTEGER REFERENCES users (id),
    decided_at INTEGER,
    created_at INTEGER NOT NULL,
    CHECK ((factcheck_id IS NULL) <> (other_claim_id IS NULL))
);
CREATE UNIQUE INDEX claim_matches_factcheck ON claim_matches (claim_id, factcheck_id) WHERE factcheck_id IS NOT NULL;
CREATE UNIQUE INDEX claim_matches_claim ON claim_matches (claim_id, other_claim_id) WHERE other_claim_id IS NOT NULL;
CREATE INDEX claim_matches_other ON claim_matches (other_claim_id);
CREATE INDEX claim_matches_fc ON claim_matches (factcheck_id);
