-- The SQLite backend keeps a screening's result compressed, because it
-- stores a large value as a chain of whole pages written at every commit.
-- PostgreSQL compresses large values itself (TOAST), so its screenings are
-- unchanged; this migration only keeps the two dialects' numbers in step.
SELECT 1;
