-- Articles as submitted and the claims found in them. Times are Unix milliseconds.
CREATE TABLE articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    url TEXT,
    publisher TEXT,
    published_date TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX articles_created_at ON articles (created_at DESC);

-- start_offset/end_offset are Unicode code point offsets into articles.body (W3C TextPositionSelector);
-- the quote_* columns are the TextQuoteSelector that re-anchors a claim if offsets ever drift.
CREATE TABLE claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    quote_exact TEXT NOT NULL,
    quote_prefix TEXT NOT NULL,
    quote_suffix TEXT NOT NULL,
    statement TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('extracted', 'manual')),
    kind TEXT NOT NULL CHECK (kind IN ('quantity', 'statistic', 'datetime', 'attribution', 'event', 'comparison')),
    score REAL NOT NULL,
    facts TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL,
    CHECK (start_offset >= 0 AND end_offset > start_offset)
);
CREATE INDEX claims_article ON claims (article_id, start_offset);
