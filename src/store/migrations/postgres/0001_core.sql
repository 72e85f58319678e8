-- PostgreSQL dialect of migrations/sqlite/0001_core.sql, same numbering.
-- Text is compared byte by byte (COLLATE "C"), as SQLite does, so ids,
-- codes and timestamps sort the same on both backends.
--
-- The core of the domain: agencies, users, persons as recorded, reports with
-- their behaviours and parties, criminal justice outcomes, and the audit log.
CREATE TABLE agencies (
  id TEXT COLLATE "C" PRIMARY KEY,
  code TEXT COLLATE "C" NOT NULL UNIQUE,
  name TEXT COLLATE "C" NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  region TEXT COLLATE "C" NOT NULL DEFAULT ''
);

CREATE TABLE users (
  id TEXT COLLATE "C" PRIMARY KEY,
  username TEXT COLLATE "C" NOT NULL UNIQUE,
  display_name TEXT COLLATE "C" NOT NULL,
  role TEXT COLLATE "C" NOT NULL,
  agency_id TEXT COLLATE "C" NOT NULL REFERENCES agencies(id),
  password_hash TEXT COLLATE "C" NOT NULL DEFAULT '',
  created_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE persons (
  id TEXT COLLATE "C" PRIMARY KEY,
  agency_id TEXT COLLATE "C" NOT NULL REFERENCES agencies(id),
  given_name TEXT COLLATE "C" NOT NULL DEFAULT '',
  family_name TEXT COLLATE "C" NOT NULL DEFAULT '',
  dob TEXT COLLATE "C" NOT NULL DEFAULT '',
  gender TEXT COLLATE "C" NOT NULL DEFAULT '',
  address TEXT COLLATE "C" NOT NULL DEFAULT '',
  postcode TEXT COLLATE "C" NOT NULL DEFAULT '',
  created_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX persons_agency ON persons(agency_id);

CREATE TABLE person_identifiers (
  person_id TEXT COLLATE "C" NOT NULL REFERENCES persons(id),
  kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('phone', 'email', 'handle', 'vehicle')),
  position BIGINT NOT NULL,
  value TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (person_id, kind, position)
);
CREATE INDEX person_identifiers_value ON person_identifiers(kind, value);

CREATE TABLE reports (
  id TEXT COLLATE "C" PRIMARY KEY,
  force_id TEXT COLLATE "C" NOT NULL REFERENCES agencies(id),
  reference TEXT COLLATE "C" NOT NULL DEFAULT '',
  occurred_at TEXT COLLATE "C" NOT NULL,
  reported_at TEXT COLLATE "C" NOT NULL DEFAULT '',
  summary TEXT COLLATE "C" NOT NULL DEFAULT '',
  recorded_as TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  created_by TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX reports_force_time ON reports(force_id, occurred_at, id);
CREATE INDEX reports_time ON reports(occurred_at, id);

CREATE TABLE report_behaviours (
  report_id TEXT COLLATE "C" NOT NULL REFERENCES reports(id),
  behaviour TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (report_id, behaviour)
);

CREATE TABLE report_parties (
  report_id TEXT COLLATE "C" NOT NULL REFERENCES reports(id),
  position BIGINT NOT NULL,
  person_id TEXT COLLATE "C" NOT NULL REFERENCES persons(id),
  role TEXT COLLATE "C" NOT NULL CHECK (role IN ('victim', 'suspect', 'witness')),
  PRIMARY KEY (report_id, position)
);
CREATE INDEX report_parties_person ON report_parties(person_id);

CREATE TABLE outcomes (
  id TEXT COLLATE "C" PRIMARY KEY,
  report_id TEXT COLLATE "C" NOT NULL REFERENCES reports(id),
  kind TEXT COLLATE "C" NOT NULL,
  reason TEXT COLLATE "C" NOT NULL DEFAULT '',
  occurred_on TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX outcomes_report ON outcomes(report_id);

-- Append-only: no UPDATE or DELETE is ever issued against it.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at TEXT COLLATE "C" NOT NULL,
  actor_id TEXT COLLATE "C" NOT NULL DEFAULT '',
  agency_id TEXT COLLATE "C" NOT NULL DEFAULT '',
  action TEXT COLLATE "C" NOT NULL,
  record_type TEXT COLLATE "C" NOT NULL DEFAULT '',
  record_id TEXT COLLATE "C" NOT NULL DEFAULT '',
  request_id TEXT COLLATE "C" NOT NULL DEFAULT '',
  source TEXT COLLATE "C" NOT NULL DEFAULT '',
  purpose TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_record ON audit_log(record_type, record_id);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
