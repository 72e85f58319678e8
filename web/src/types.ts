// The shapes the Threadline API answers with (docs/api.md).

export interface Withheld {
  field: string
  reason: string
}

export interface Access {
  basis: string // "own agency" | "agreement CODE" | "emergency access ID"
  withheld: Withheld[]
}

export interface Agency {
  id: string
  code: string
  name: string
  kind: string
  region: string
}

export interface Party {
  role: string
  person_id: string
}

export interface Report {
  id: string
  force: string
  force_id: string
  reference: string
  occurred_at: string
  reported_at: string
  summary: string | null
  recorded_as: string
  behaviours: string[]
  parties: Party[]
  created_at: string
  access?: Access
}

export interface Person {
  id: string
  agency_id: string
  given_name: string
  family_name: string
  dob: string
  gender: string
  address: string | null
  postcode: string | null
  phones: string[] | null
  emails: string[] | null
  handles: string[] | null
  vehicles: string[] | null
  created_at: string
  access?: Access
}

export interface Page<T> {
  items: T[]
  next_cursor?: string | null
}

export interface ChoiceOption {
  value: string
  label: string
}

export interface ShowIf {
  question: string
  any_of: string[]
}

export interface Question {
  id: string
  type: 'yes_no_unknown' | 'text' | 'integer' | 'single_choice' | 'multi_choice'
  required: boolean
  text: string
  help?: string
  options?: ChoiceOption[]
  min?: number
  max?: number
  max_length?: number
  show_if?: ShowIf
}

export interface Section {
  id: string
  title: string
  help?: string
  show_if?: ShowIf
  questions: Question[]
}

export interface Questionnaire {
  id: string
  version: string
  title: string
  description: string
  sections: Section[]
}

export type Answer = string | number | string[]
export type Answers = Record<string, Answer>

export interface User {
  id: string
  username: string
  display_name: string
  role: string
  agency_id: string
  locked: boolean
  failed_logins: number
}

export interface Agreement {
  id: string
  code: string
  name: string
  from_agency_id: string
  to_agency_id: string
  record_types: string[]
  fields: string[]
  purpose: string
  valid_from: string
  valid_to: string | null
}

export interface AuditEntry {
  seq: number
  at: string
  actor_id: string
  agency_id: string
  action: string
  record_type: string
  record_id: string
  request_id: string
  source: string
  purpose: string
}

// A practitioner's decision that two person records are, or are not, the
// same person. Who decided and why are null (details_withheld says why)
// when the viewer may not see the other record.
export interface LinkDecision {
  id: string
  person_a: string
  person_b: string
  decision: 'same' | 'different'
  active: boolean
  reason: string | null
  decided_by: string | null
  decided_by_name: string | null
  decided_at: string
  undone_by: string | null
  undone_by_name: string | null
  undone_at: string | null
  undo_reason: string | null
  details_withheld?: string
}

export interface Link {
  person_id: string
  probability: number // 1 when a person decided they are the same
  match_weight: number
  model_probability: number
  decided_by_person: boolean
  decision: LinkDecision | null
  explain: string
}

// Why two person records may be the same person: each detail's weight,
// and the standing decision on the pair, which overrides the model.
export interface LinkExplanation {
  prior_weight: number
  fields: {
    field: string
    level: string
    value_a?: string
    value_b?: string
    m: number
    u: number
    weight: number
    tf_adjustment: number
  }[]
  total_weight: number
  match_probability: number // the model's
  probability: number // 1 or 0 when a person decided
  decided_by_person: boolean
  decision: LinkDecision | null
}

// Retention review (docs/security.md): a record whose review date has passed.
export interface RetentionReview {
  id: string
  record_type: string
  record_id: string
  decision: 'retain' | 'delete'
  reason: string
  next_review_on: string | null
  deleted: string | null // what a deletion removed, as counts in words
  reviewed_by: string
  reviewed_at: string
}

export interface RetentionItem {
  record_type: 'report' | 'case'
  record_id: string
  reference: string
  owner_agency_id: string
  counted_from: string
  due_on: string
  reasons: string[]
  held_by_cases: string[] // references of the cases holding a report
  last_review: RetentionReview | null
  status?: string // cases
  tier?: number | null
}

export interface RetentionQueue {
  agency_id: string
  today: string
  rule: { record_type: string; review_after_months: number; counted_from: 'last_activity' | 'closure'; grounds: string }
  items: RetentionItem[]
  next_cursor: string | null
}

// What a deletion removed, counted.
export type DeletedCounts = Record<
  'reports' | 'screenings' | 'outcomes' | 'cases' | 'case_items' | 'case_events' | 'nominations' | 'harm_scores' | 'persons',
  number
>

// Everything recorded on a case is an item of one kind (docs/cases.md). The
// body is null when its field class is not shared with the viewer; the
// reason is then in access.withheld.
export interface VictimsCodeClock {
  due_on: string
  working_days: number
  state: 'awaiting' | 'overdue' | 'met' | 'breached' | string
}

export interface CaseItem {
  id: string
  case_id?: string
  kind: string
  subtype: string
  agency_id: string
  status: string | null
  due_on: string | null
  body: Record<string, unknown> | null
  allowed_events?: string[]
  created_at: string
  version: number
  victims_code_clock?: VictimsCodeClock
  access?: Access
}

// The body of a safe-contact item: how the victim may be contacted.
export interface SafeContact {
  channels: string[]
  times?: string
  who_may_call?: string
  code_word?: string
  do_not?: string
}

// The body of a contact item.
export interface Contact {
  with: string
  channel: string
  at: string
  summary?: string
  override_reason?: string
}

// A criminal justice outcome on one of a case's reports.
export interface Outcome {
  id: string
  report_id: string
  kind: string
  reason: string
  occurred_on: string
  created_at: string
}

// Everything recorded on a case that the viewer may see (GET /cases/{id}/records).
export interface CaseRecords {
  items: CaseItem[]
  outcomes: Outcome[]
}

// A course-of-conduct finding as GET /api/v1/findings gives it.
export interface FindingReport {
  id: string
  force: string
  reference: string
  occurred_at: string
  recorded_as: string
}

export interface Finding {
  id: string
  key: string | null
  type: string
  status: 'open' | 'acknowledged' | 'withdrawn'
  forces: string[]
  reports: FindingReport[]
  reasons: { rule_id: string; text: string }[]
  recommendations: { action: string; reference: string; text: string }[]
  first_raised_at: string
  last_confirmed_at: string
  last_changed_at: string
  withdrawn_at: string | null
  withdrawn_reason: string | null
  acknowledged: { by: string; at: string; note: string | null } | null
}
