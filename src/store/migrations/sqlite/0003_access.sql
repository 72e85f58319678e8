-- Sign-in, sessions, service tokens, information-sharing agreements and
-- emergency ("break the glass") access.
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_failed_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1));

-- Only the hash of a session token is kept.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  source TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE service_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  agency_id TEXT NOT NULL REFERENCES agencies(id),
  actions TEXT NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  revoked_at TEXT NOT NULL DEFAULT ''
) STRICT;

-- Lists (record types, field classes) are stored comma-separated: they are
-- short codes from a fixed vocabulary and are read whole.
CREATE TABLE sharing_agreements (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  from_agency_id TEXT NOT NULL REFERENCES agencies(id),
  to_agency_id TEXT NOT NULL REFERENCES agencies(id),
  record_types TEXT NOT NULL,
  fields TEXT NOT NULL,
  purpose TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sharing_agreements_to ON sharing_agreements(to_agency_id);

CREATE TABLE emergency_grants (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  agency_id TEXT NOT NULL REFERENCES agencies(id),
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  owner_agency_id TEXT NOT NULL REFERENCES agencies(id),
  reason TEXT NOT NULL,
  granted_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  reviewed_at TEXT NOT NULL DEFAULT '',
  reviewed_by TEXT NOT NULL DEFAULT '',
  review_note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX emergency_grants_user ON emergency_grants(user_id, record_type, record_id);
CREATE INDEX emergency_grants_owner ON emergency_grants(owner_agency_id, reviewed_at);
