-- Sign-in, sessions, service tokens, information-sharing agreements and
-- emergency ("break the glass") access.
ALTER TABLE users ADD COLUMN totp_secret TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN failed_logins BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_failed_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked BIGINT NOT NULL DEFAULT 0 CHECK (locked IN (0, 1));

-- Only the hash of a session token is kept.
CREATE TABLE sessions (
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id),
  csrf_token TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  source TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE service_tokens (
  id TEXT COLLATE "C" PRIMARY KEY,
  token_hash TEXT COLLATE "C" NOT NULL UNIQUE,
  name TEXT COLLATE "C" NOT NULL,
  agency_id TEXT COLLATE "C" NOT NULL REFERENCES agencies(id),
  actions TEXT COLLATE "C" NOT NULL,
  created_by TEXT COLLATE "C" NOT NULL DEFAULT '',
  created_at TEXT COLLATE "C" NOT NULL,
  revoked_at TEXT COLLATE "C" NOT NULL DEFAULT ''
);

-- Lists (record types, field classes) are stored comma-separated: they are
-- short codes from a fixed vocabulary and are read whole.
CREATE TABLE sharing_agreements (
  id TEXT COLLATE "C" PRIMARY KEY,
  code TEXT COLLATE "C" NOT NULL UNIQUE,
  name TEXT COLLATE "C" NOT NULL,
  from_agency_id TEXT COLLATE "C" NOT NULL REFERENCES agencies(id),
  to_agency_id TEXT COLLATE "C" NOT NULL REFERENCES agencies(id),
  record_types TEXT COLLATE "C" NOT NULL,
  fields TEXT COLLATE "C" NOT NULL,
  purpose TEXT COLLATE "C" NOT NULL,
  valid_from TEXT COLLATE "C" NOT NULL,
  valid_to TEXT COLLATE "C" NOT NULL DEFAULT '',
  created_at TEXT COLLATE "C" NOT NULL,
  created_by TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX sharing_agreements_to ON sharing_agreements(to_agency_id);

CREATE TABLE emergency_grants (
  id TEXT COLLATE "C" PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id),
  agency_id TEXT COLLATE "C" NOT NULL REFERENCES agencies(id),
  record_type TEXT COLLATE "C" NOT NULL,
  record_id TEXT COLLATE "C" NOT NULL,
  owner_agency_id TEXT COLLATE "C" NOT NULL REFERENCES agencies(id),
  reason TEXT COLLATE "C" NOT NULL,
  granted_at TEXT COLLATE "C" NOT NULL,
  expires_at TEXT COLLATE "C" NOT NULL,
  reviewed_at TEXT COLLATE "C" NOT NULL DEFAULT '',
  reviewed_by TEXT COLLATE "C" NOT NULL DEFAULT '',
  review_note TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX emergency_grants_user ON emergency_grants(user_id, record_type, record_id);
CREATE INDEX emergency_grants_owner ON emergency_grants(owner_agency_id, reviewed_at);
