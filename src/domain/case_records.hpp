#pragma once
// The records of a multi-agency stalking case, from referral to closure.
//
// A Case is the header: who referred it, whom it is about, its tier and
// status. Everything done on the case (triage, actions, plans, contacts,
// orders, breaches, evidence, Victims' Code decisions, interventions, minutes,
// outcome measures) is a CaseItem of one kind, written by one agency, with
// its own status and version. Every step also appends a CaseEvent, and the
// events in order are the case's timeline.
//
// Items carry a field class (access/policy.hpp) so each agency sees the
// parts of the case its sharing agreements allow, and sensitive bodies can be
// sealed at rest.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/ids.hpp"

namespace threadline::domain {

struct Case {
  Id id;
  std::string reference;  // "STK-2026-000042", unique, shown to people
  Id owner_agency_id;     // the agency holding the case (the programme's hub)
  Id referred_by_agency_id;
  std::string source;      // one of ReferralSources()
  std::string status;      // referred, open, closed (case_lifecycle.hpp)
  int tier = 0;            // 1..4 once triaged; 0 before
  std::string case_type;   // one of CaseTypes(), empty until triage
  std::string motivation;  // one of Motivations(), empty until assessed
  std::string risk_level;  // standard, medium, high; empty until assessed
  Id victim_person_id;
  Id suspect_person_id;
  std::vector<Id> report_ids;             // the reports the referral is about
  std::vector<std::string> finding_keys;  // linkage findings it carries
  std::string referral_reason;            // narrative
  bool enhanced_rights = true;            // Victims' Code: enhanced unless an assessor says why not
  std::string not_enhanced_reason;
  Id lead_user_id;
  std::string closure_reason;
  std::string created_at;
  Id created_by;
  std::string updated_at;
  int64_t version = 1;  // optimistic concurrency: bumped by every update
};

struct CaseItem {
  Id id;
  Id case_id;
  std::string kind;         // one of the kinds in services/case_kinds.hpp
  std::string subtype;      // e.g. the order type or the decision; for queries
  Id agency_id;             // the agency that wrote it (its owner)
  std::string field_class;  // core, narrative, victim_contact, health
  std::string status;       // per kind; empty for kinds without a lifecycle
  std::string due_on;       // date, empty when the item has no deadline
  Id owner_user_id;         // whose job it is (actions), or empty
  std::string body_json;    // the kind's fields, a JSON object
  std::string created_at;
  Id created_by;
  std::string updated_at;
  Id updated_by;
  int64_t version = 1;
};

// One line of the timeline. The summary is built from coded fields, never
// from free text, so it carries no narrative the viewer may not see.
struct CaseEvent {
  int64_t seq = 0;  // assigned by the store
  Id case_id;
  std::string at;
  std::string kind;  // "case.referred", "order.interim_granted", ...
  Id item_id;        // empty for events about the case header
  Id agency_id;      // the agency that acted
  Id user_id;
  std::string field_class;
  std::string summary;
};

struct Panel {
  Id id;
  std::string code;  // unique, e.g. "met-stalking-clinic"
  std::string name;
  std::string kind;  // stalking_clinic, matac, marac
  Id owner_agency_id;
  std::string area;      // the policing area it covers (a force code or a local area)
  std::string schedule;  // "weekly on Tuesday", shown to people
  std::string created_at;
  Id created_by;
};

// A case or perpetrator put forward for a panel meeting.
struct Nomination {
  Id id;
  Id panel_id;
  std::string meeting_date;  // date of the meeting it is for
  Id case_id;                // may be empty for a ranked perpetrator not yet a case
  Id person_id;              // the perpetrator
  std::string source;        // team, partner, ranking, review
  Id agency_id;              // who nominated
  std::string reason;
  int score = 0;  // harm score at nomination, when ranked
  std::string score_version;
  std::string breakdown_json;
  std::string created_at;
  Id created_by;
};

// A harm score (RFGV) of one perpetrator on one day, kept so a panel can see
// whether the score fell after its intervention.
struct HarmScore {
  Id id;
  Id person_id;
  Id force_id;
  std::string scored_on;  // date
  int score = 0;
  std::string version;         // the weights and bands used
  std::string breakdown_json;  // recency, frequency, gravity, victims
  std::string created_at;
};

}  // namespace threadline::domain
