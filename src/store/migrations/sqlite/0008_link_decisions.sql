-- Practitioners' decisions that two person records are, or are not, the
-- same person (identity resolution: human decisions win over the model).
-- The pair is stored in canonical order (person_a < person_b). Undoing a
-- decision keeps the row as history and fills the undo columns; at most one
-- decision per pair stands at a time. A decision goes with either of its
-- records when a record is deleted; the audit log keeps what was decided.
CREATE TABLE link_decisions (
  id TEXT PRIMARY KEY,
  person_a TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
  person_b TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
  decision TEXT NOT NULL CHECK (decision IN ('same', 'different')),
  reason TEXT NOT NULL CHECK (reason <> ''),
  decided_by TEXT NOT NULL REFERENCES users(id),
  decided_at TEXT NOT NULL,
  undone_by TEXT NOT NULL DEFAULT '',
  undone_at TEXT NOT NULL DEFAULT '',
  undo_reason TEXT NOT NULL DEFAULT '',
  CHECK (person_a < person_b)
) STRICT;
CREATE UNIQUE INDEX link_decisions_standing ON link_decisions(person_a, person_b)
  WHERE undone_at = '';
CREATE INDEX link_decisions_a ON link_decisions(person_a, decided_at);
CREATE INDEX link_decisions_b ON link_decisions(person_b, decided_at);
