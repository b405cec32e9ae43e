-- A counter that every committed change to articles or claims moves forward, so the readers' cached
-- article list (`/`) can tell in one read whether anything it shows has changed (issue 21). SQLite
-- has one writer at a time, so one row serves.
CREATE TABLE site_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO site_version (id, version) VALUES (1, 0);

CREATE TRIGGER articles_site_version_insert AFTER INSERT ON articles
BEGIN UPDATE site_version SET version = version + 1; END;
CREATE TRIGGER articles_site_version_update AFTER UPDATE ON articles
BEGIN UPDATE site_version SET version = version + 1; END;
CREATE TRIGGER articles_site_version_delete AFTER DELETE ON articles
BEGIN UPDATE site_version SET version = version + 1; END;
CREATE TRIGGER claims_site_version_insert AFTER INSERT ON claims
BEGIN UPDATE site_version SET version = version + 1; END;
CREATE TRIGGER claims_site_version_update AFTER UPDATE ON claims
BEGIN UPDATE site_version SET version = version + 1; END;
CREATE TRIGGER claims_site_version_delete AFTER DELETE ON claims
BEGIN UPDATE site_version SET version = version + 1; END;
