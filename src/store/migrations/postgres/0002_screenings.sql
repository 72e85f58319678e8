-- Screenings of reports: the answers as given, the classifier's result, and
-- for a re-screening the earlier screening and what changed. Every
-- applicable classification is kept (principal or included) so stalking
-- hidden under a principal crime can be searched.
CREATE TABLE screenings (
  id TEXT COLLATE "C" PRIMARY KEY,
  report_id TEXT COLLATE "C" NOT NULL REFERENCES reports(id),
  questionnaire_version TEXT COLLATE "C" NOT NULL,
  answers TEXT COLLATE "C" NOT NULL,
  result TEXT COLLATE "C" NOT NULL,
  principal TEXT COLLATE "C" NOT NULL,
  risk_level TEXT COLLATE "C" NOT NULL,
  previous_id TEXT COLLATE "C" REFERENCES screenings(id),
  changes TEXT COLLATE "C" NOT NULL DEFAULT '',
  created_at TEXT COLLATE "C" NOT NULL,
  created_by TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX screenings_report ON screenings(report_id, created_at, id);

CREATE TABLE screening_classifications (
  screening_id TEXT COLLATE "C" NOT NULL REFERENCES screenings(id),
  classification TEXT COLLATE "C" NOT NULL,
  principal BIGINT NOT NULL CHECK (principal IN (0, 1)),
  -- The order they were given in (SQLite keeps it in its rowid).
  position BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (screening_id, classification)
);
CREATE INDEX screening_classifications_code ON screening_classifications(classification);
