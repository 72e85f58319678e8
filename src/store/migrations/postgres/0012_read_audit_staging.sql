-- The SQLite backend stages read-audit entries in a file of their own and
-- merges them into its log in large transactions, because there every
-- commit empties the page cache of every reader of the database.
-- PostgreSQL's readers keep their buffers across commits, so its read
-- audits go straight into audit_log; this migration only keeps the two
-- dialects' numbers in step.
SELECT 1;
