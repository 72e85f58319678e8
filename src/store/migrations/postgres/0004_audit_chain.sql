-- The audit log becomes a hash chain: each entry stores the hex BLAKE2b-256
-- of the previous entry's hash and its own canonical bytes (see
-- src/access/audit_chain.hpp). Entries written before this migration get
-- their hashes when the store next opens, in seq order.
ALTER TABLE audit_log ADD COLUMN hash TEXT COLLATE "C" NOT NULL DEFAULT '';
-- Holds only entries still waiting for a hash, so the check at open is
-- instant however long the log is.
CREATE INDEX audit_log_unhashed ON audit_log(seq) WHERE hash = '';
