-- "Who has looked at this record" no longer has an index on audit_log
-- itself. Reads are audited one entry each, and an index on the record id
-- put each new entry on a page of its own (ids are random), so every batch
-- of entries rewrote about as many index pages as it had entries: most of
-- what an audit entry cost to write.
--
-- Instead audit_record_index is filled in chunks (store/sqlite
-- sqlite_tx_audit.cpp): when an entry's seq is a multiple of the chunk
-- size, every entry after indexed_upto is indexed at once, sorted by record,
-- so a record read many times in a chunk costs one page write, not one per
-- entry. The entries after indexed_upto (fewer than one chunk) are found by
-- scanning them; the two together are the record's whole history.
DROP INDEX audit_log_record;
CREATE TABLE audit_record_index (
  record_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (record_id, seq)
) STRICT, WITHOUT ROWID;
CREATE TABLE audit_record_index_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_upto INTEGER NOT NULL
) STRICT;
INSERT INTO audit_record_index (record_id, seq)
  SELECT record_id, seq FROM audit_log WHERE record_id <> '' ORDER BY record_id, seq;
INSERT INTO audit_record_index_state (id, indexed_upto)
  VALUES (1, coalesce((SELECT max(seq) FROM audit_log), 0));
