-- Retention review: reviewers' decisions to keep a record until a later
-- review or to delete it. A decision outlives the record it deletes, so it
-- holds no foreign key to it. Indexes find due records by owner and age, and
-- what still refers to a person before the person is deleted.
CREATE TABLE retention_reviews (
  id TEXT PRIMARY KEY,
  record_type TEXT NOT NULL CHECK (record_type IN ('report', 'case')),
  record_id TEXT NOT NULL,
  owner_agency_id TEXT NOT NULL REFERENCES agencies(id),
  decision TEXT NOT NULL CHECK (decision IN ('retain', 'delete')),
  reason TEXT NOT NULL,
  next_review_on TEXT NOT NULL DEFAULT '',
  deleted TEXT NOT NULL DEFAULT '',
  reviewed_by TEXT NOT NULL,
  reviewed_at TEXT NOT NULL
) STRICT;
CREATE INDEX retention_reviews_record ON retention_reviews(record_type, record_id, next_review_on);

CREATE INDEX reports_force_created ON reports(force_id, created_at, id);
CREATE INDEX cases_owner_updated ON cases(owner_agency_id, status, updated_at, id);
CREATE INDEX nominations_case ON nominations(case_id) WHERE case_id IS NOT NULL;
CREATE INDEX nominations_person ON nominations(person_id) WHERE person_id IS NOT NULL;
