-- Course-of-conduct findings kept as records, so they reach the people who
-- must act: each recomputation inserts new findings, confirms those still
-- raised and withdraws (never deletes) those no longer raised. The id is
-- derived from finding_key (type and course, or suspect), so the same
-- finding keeps its row, its first-raised date and its acknowledgement.
-- detail (the finding as rendered: references, identifiers, reasons) and
-- acknowledgement_note are sealed by the store; digest is a hash of detail
-- so a change is seen without opening it. Lists are JSON arrays.
CREATE TABLE findings (
  id TEXT PRIMARY KEY,
  finding_key TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL CHECK (type IN ('course_exists', 'misrecorded', 'cross_force',
                                     'serial_perpetrator', 'escalation')),
  owner_agency_id TEXT NOT NULL REFERENCES agencies(id),
  forces TEXT NOT NULL,
  report_ids TEXT NOT NULL,
  detail TEXT NOT NULL,
  digest TEXT NOT NULL,
  first_raised_at TEXT NOT NULL,
  last_confirmed_at TEXT NOT NULL,
  last_changed_at TEXT NOT NULL,
  withdrawn_at TEXT NOT NULL DEFAULT '',
  withdrawn_reason TEXT NOT NULL DEFAULT '',
  acknowledged_by TEXT NOT NULL DEFAULT '',
  acknowledged_at TEXT NOT NULL DEFAULT '',
  acknowledgement_note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX findings_status ON findings(withdrawn_at, acknowledged_at, first_raised_at, id);
