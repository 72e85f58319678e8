-- The core of the domain: agencies, users, persons as recorded, reports with
-- their behaviours and parties, criminal justice outcomes, and the audit log.
CREATE TABLE agencies (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  region TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  agency_id TEXT NOT NULL REFERENCES agencies(id),
  password_hash TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE persons (
  id TEXT PRIMARY KEY,
  agency_id TEXT NOT NULL REFERENCES agencies(id),
  given_name TEXT NOT NULL DEFAULT '',
  family_name TEXT NOT NULL DEFAULT '',
  dob TEXT NOT NULL DEFAULT '',
  gender TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX persons_agency ON persons(agency_id);

CREATE TABLE person_identifiers (
  person_id TEXT NOT NULL REFERENCES persons(id),
  kind TEXT NOT NULL CHECK (kind IN ('phone', 'email', 'handle', 'vehicle')),
  position INTEGER NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (person_id, kind, position)
) STRICT;
CREATE INDEX person_identifiers_value ON person_identifiers(kind, value);

CREATE TABLE reports (
  id TEXT PRIMARY KEY,
  force_id TEXT NOT NULL REFERENCES agencies(id),
  reference TEXT NOT NULL DEFAULT '',
  occurred_at TEXT NOT NULL,
  reported_at TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  recorded_as TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX reports_force_time ON reports(force_id, occurred_at, id);
CREATE INDEX reports_time ON reports(occurred_at, id);

CREATE TABLE report_behaviours (
  report_id TEXT NOT NULL REFERENCES reports(id),
  behaviour TEXT NOT NULL,
  PRIMARY KEY (report_id, behaviour)
) STRICT;

CREATE TABLE report_parties (
  report_id TEXT NOT NULL REFERENCES reports(id),
  position INTEGER NOT NULL,
  person_id TEXT NOT NULL REFERENCES persons(id),
  role TEXT NOT NULL CHECK (role IN ('victim', 'suspect', 'witness')),
  PRIMARY KEY (report_id, position)
) STRICT;
CREATE INDEX report_parties_person ON report_parties(person_id);

CREATE TABLE outcomes (
  id TEXT PRIMARY KEY,
  report_id TEXT NOT NULL REFERENCES reports(id),
  kind TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  occurred_on TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX outcomes_report ON outcomes(report_id);

-- Append-only: no UPDATE or DELETE is ever issued against it.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id TEXT NOT NULL DEFAULT '',
  agency_id TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  record_type TEXT NOT NULL DEFAULT '',
  record_id TEXT NOT NULL DEFAULT '',
  request_id TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  purpose TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_record ON audit_log(record_type, record_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
