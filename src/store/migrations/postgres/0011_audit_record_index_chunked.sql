-- The SQLite log moves its record index to a table filled in chunks: there
-- each entry's index page was rewritten in the write-ahead log and again at
-- checkpoint, and every commit empties the readers' page caches. PostgreSQL
-- keeps audit_log_record on every entry (migration 0010); this migration
-- only keeps the two dialects' numbers in step.
SELECT 1;
