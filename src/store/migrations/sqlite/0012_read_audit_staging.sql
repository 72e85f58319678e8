-- Read-audit entries are staged in a file of their own and merged into
-- audit_log in large transactions (store/sqlite read_audit_staging.hpp):
-- every commit to this file empties the page cache of every reader of it.
-- This row says how far the log holds the staged entries, and of which
-- staging file (each has a random id), so that a merge interrupted at any
-- point neither loses nor repeats an entry. It is updated in the same
-- transaction as the entries it counts.
-- database_id names this database to its staging file, so that a staging
-- file left beside a database that was since replaced is refused rather
-- than merged into the new one.
CREATE TABLE audit_staging_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  database_id TEXT NOT NULL,
  staging_file_id TEXT NOT NULL,
  merged_upto INTEGER NOT NULL
) STRICT;
INSERT INTO audit_staging_state (id, database_id, staging_file_id, merged_upto)
  VALUES (1, lower(hex(randomblob(16))), '', 0);
