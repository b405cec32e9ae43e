-- SQLite's 0010 rounds its status-change trigger's time; PostgreSQL's trigger reads
-- clock_timestamp() exactly and needs no change. Kept so both trees have the same steps.
SELECT 1;
