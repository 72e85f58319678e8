-- Screenings of reports: the answers as given, the classifier's result, and
-- for a re-screening the earlier screening and what changed. Every
-- applicable classification is kept (principal or included) so stalking
-- hidden under a principal crime can be searched.
CREATE TABLE screenings (
  id TEXT PRIMARY KEY,
  report_id TEXT NOT NULL REFERENCES reports(id),
  questionnaire_version TEXT NOT NULL,
  answers TEXT NOT NULL,
  result TEXT NOT NULL,
  principal TEXT NOT NULL,
  risk_level TEXT NOT NULL,
  previous_id TEXT REFERENCES screenings(id),
  changes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX screenings_report ON screenings(report_id, created_at, id);

CREATE TABLE screening_classifications (
  screening_id TEXT NOT NULL REFERENCES screenings(id),
  classification TEXT NOT NULL,
  principal INTEGER NOT NULL CHECK (principal IN (0, 1)),
  PRIMARY KEY (screening_id, classification)
) STRICT;
CREATE INDEX screening_classifications_code ON screening_classifications(classification);
