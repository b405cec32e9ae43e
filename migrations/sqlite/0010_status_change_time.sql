-- The status-change trigger of 0008 truncated its julianday arithmetic, which can land a
-- millisecond early (…999.99 becomes …999), so a status change could sort before the moderation
-- action that caused it. Rounded, it is the millisecond SQLite's clock read.
DROP TRIGGER claims_status_change;
CREATE TRIGGER claims_status_change AFTER UPDATE OF status ON claims
    WHEN OLD.status <> NEW.status
BEGIN
    INSERT INTO claim_status_changes (claim_id, before, after, at)
    VALUES (NEW.id, OLD.status, NEW.status, CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER));
END;
