-- The SQLite backend keeps its record index of the audit log chunk by chunk
-- (migrations/sqlite/0014 says why). PostgreSQL indexes every entry as it
-- is appended and is unchanged; this migration only keeps the two
-- dialects' numbers in step.
SELECT 1;
