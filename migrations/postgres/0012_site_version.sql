-- A counter that every committed change to articles or claims moves forward, so the readers' cached
-- article list (`/`) can tell in one read whether anything it shows has changed (issue 21). The
-- site's version is the sum of 16 stripes; a transaction bumps only the stripe its transaction id
-- picks, so concurrent writers rarely wait on the same row and never lock two stripes (no
-- deadlock), and every commit still raises the sum.
CREATE TABLE site_version (
    stripe INTEGER PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO site_version (stripe, version) SELECT s, 0 FROM generate_series(0, 15) AS s;

CREATE FUNCTION site_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE site_version SET version = version + 1 WHERE stripe = (txid_current() % 16)::INTEGER;
    RETURN NULL;
END;
$$;
CREATE TRIGGER articles_site_version AFTER INSERT OR UPDATE OR DELETE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION site_version_bump();
CREATE TRIGGER claims_site_version AFTER INSERT OR UPDATE OR DELETE ON claims
    FOR EACH STATEMENT EXECUTE FUNCTION site_version_bump();
