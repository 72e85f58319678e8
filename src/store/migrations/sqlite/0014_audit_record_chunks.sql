-- The record index is kept chunk by chunk. audit_record_index was keyed by
-- record id, so each chunk of 16,384 entries was spread over the whole
-- index: with as many records as a force holds, indexing a chunk rewrote up
-- to one page per entry (64 MB through the write-ahead log at a time), in
-- the transaction of the entry that completed it, while every other write
-- waited. Keyed by chunk first, a chunk's rows go after every earlier
-- chunk's: about 150 new pages, however many records there are.
--
-- A row's chunk is (seq - 1) / 16384, the chunk size of
-- store/sqlite/sqlite_tx.hpp (kAuditIndexChunk); "who has looked at this
-- record" looks the record up in each chunk in turn, then scans the entries
-- after indexed_upto as before.
CREATE TABLE audit_record_chunks (
  chunk INTEGER NOT NULL,
  record_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (chunk, record_id, seq)
) STRICT, WITHOUT ROWID;
--
-- Rebuilt from the log, which holds the same rows (every entry with a record
-- id up to indexed_upto), read in seq order: chunks then arrive in order and
-- only the current chunk's pages are written to, so however long the log,
-- nothing is sorted as a whole and the memory used stays small (sorting the
-- old index's rows by chunk would hold them all at once).
INSERT INTO audit_record_chunks (chunk, record_id, seq)
  SELECT (seq - 1) / 16384, record_id, seq FROM audit_log
  WHERE record_id <> '' AND seq <= (SELECT indexed_upto FROM audit_record_index_state)
  ORDER BY seq;
DROP TABLE audit_record_index;
