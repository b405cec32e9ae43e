-- Who changed a claim's status when a person did: the reviewer whose vote (or retraction) moved
-- it, or the admin whose moderation did. Activity leaves out the status changes a reviewer caused
-- themselves. Every statement that writes `claims.status` also writes `status_by` (NULL for a
-- recount after a standing change or a new consensus rule), and the trigger copies it. Plain
-- integers, not foreign keys: accounts are never deleted, and history outlives them anyway.
ALTER TABLE claims ADD COLUMN status_by BIGINT;
ALTER TABLE claim_status_changes ADD COLUMN caused_by BIGINT;
CREATE OR REPLACE FUNCTION claims_status_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO claim_status_changes (claim_id, before, after, at, caused_by)
    VALUES (NEW.id, OLD.status, NEW.status, (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT,
            NEW.status_by);
    RETURN NEW;
END;
$$;

-- Importing a link looks for an article already stored under it.
CREATE INDEX articles_url ON articles (url);
