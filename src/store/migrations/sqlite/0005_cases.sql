-- Multi-agency cases: the case header (referral, tier, status), the items
-- recorded on it by every agency (triage, actions, plans, contacts, orders,
-- breaches, evidence, Victims' Code decisions, interventions, minutes,
-- outcome measures), and the timeline of events. Panels, their nominations
-- and the harm scores behind them.
CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  owner_agency_id TEXT NOT NULL REFERENCES agencies(id),
  referred_by_agency_id TEXT NOT NULL REFERENCES agencies(id),
  source TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('referred', 'open', 'closed')),
  tier INTEGER NOT NULL DEFAULT 0 CHECK (tier BETWEEN 0 AND 4),
  case_type TEXT NOT NULL DEFAULT '',
  motivation TEXT NOT NULL DEFAULT '',
  risk_level TEXT NOT NULL DEFAULT '',
  victim_person_id TEXT REFERENCES persons(id),
  suspect_person_id TEXT REFERENCES persons(id),
  report_ids TEXT NOT NULL DEFAULT '[]',
  finding_keys TEXT NOT NULL DEFAULT '[]',
  referral_reason TEXT NOT NULL DEFAULT '',
  enhanced_rights INTEGER NOT NULL DEFAULT 1 CHECK (enhanced_rights IN (0, 1)),
  not_enhanced_reason TEXT NOT NULL DEFAULT '',
  lead_user_id TEXT NOT NULL DEFAULT '',
  closure_reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX cases_owner_status ON cases(owner_agency_id, status, created_at, id);
CREATE INDEX cases_suspect ON cases(suspect_person_id);
CREATE INDEX cases_victim ON cases(victim_person_id);

CREATE TABLE case_items (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  kind TEXT NOT NULL,
  subtype TEXT NOT NULL DEFAULT '',
  agency_id TEXT NOT NULL REFERENCES agencies(id),
  field_class TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT '',
  due_on TEXT NOT NULL DEFAULT '',
  owner_user_id TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX case_items_case ON case_items(case_id, kind, created_at, id);
-- Open work with a deadline: overdue actions and Victims' Code clocks.
CREATE INDEX case_items_due ON case_items(kind, status, due_on) WHERE due_on <> '';
CREATE INDEX case_items_owner ON case_items(owner_user_id, status) WHERE owner_user_id <> '';

CREATE TABLE case_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id TEXT NOT NULL REFERENCES cases(id),
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  item_id TEXT NOT NULL DEFAULT '',
  agency_id TEXT NOT NULL REFERENCES agencies(id),
  user_id TEXT NOT NULL DEFAULT '',
  field_class TEXT NOT NULL,
  summary TEXT NOT NULL
) STRICT;
CREATE INDEX case_events_case ON case_events(case_id, at, seq);

CREATE TABLE panels (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  owner_agency_id TEXT NOT NULL REFERENCES agencies(id),
  area TEXT NOT NULL DEFAULT '',
  schedule TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE nominations (
  id TEXT PRIMARY KEY,
  panel_id TEXT NOT NULL REFERENCES panels(id),
  meeting_date TEXT NOT NULL,
  case_id TEXT REFERENCES cases(id),
  person_id TEXT REFERENCES persons(id),
  source TEXT NOT NULL,
  agency_id TEXT NOT NULL REFERENCES agencies(id),
  reason TEXT NOT NULL DEFAULT '',
  score INTEGER NOT NULL DEFAULT 0,
  score_version TEXT NOT NULL DEFAULT '',
  breakdown TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX nominations_meeting ON nominations(panel_id, meeting_date, score DESC, id);

CREATE TABLE harm_scores (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  force_id TEXT NOT NULL REFERENCES agencies(id),
  scored_on TEXT NOT NULL,
  score INTEGER NOT NULL,
  version TEXT NOT NULL,
  breakdown TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX harm_scores_person ON harm_scores(person_id, scored_on, id);
