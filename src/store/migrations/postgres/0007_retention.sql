-- Retention review: reviewers' decisions to keep a record until a later
-- review or to delete it. A decision outlives the record it deletes, so it
-- holds no foreign key to it. Indexes find due records by owner and age, and
-- what still refers to a person before the person is deleted.
CREATE TABLE retention_reviews (
  id TEXT COLLATE "C" PRIMARY KEY,
  record_type TEXT COLLATE "C" NOT NULL CHECK (record_type IN ('report', 'case')),
  record_id TEXT COLLATE "C" NOT NULL,
  owner_agency_id TEXT COLLATE "C" NOT NULL REFERENCES agencies(id),
  decision TEXT COLLATE "C" NOT NULL CHECK (decision IN ('retain', 'delete')),
  reason TEXT COLLATE "C" NOT NULL,
  next_review_on TEXT COLLATE "C" NOT NULL DEFAULT '',
  deleted TEXT COLLATE "C" NOT NULL DEFAULT '',
  reviewed_by TEXT COLLATE "C" NOT NULL,
  reviewed_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX retention_reviews_record ON retention_reviews(record_type, record_id, next_review_on);

CREATE INDEX reports_force_created ON reports(force_id, created_at, id);
CREATE INDEX cases_owner_updated ON cases(owner_agency_id, status, updated_at, id);
CREATE INDEX nominations_case ON nominations(case_id) WHERE case_id IS NOT NULL;
CREATE INDEX nominations_person ON nominations(person_id) WHERE person_id IS NOT NULL;
