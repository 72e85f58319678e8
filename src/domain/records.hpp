#pragma once
// The core records of Threadline, as plain values.
//
// A Person is a person *as recorded by one agency*: the same human being
// appears as several Person records (in different forces, with typos and
// nicknames); the linkage engine decides which records are one individual.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/ids.hpp"

namespace threadline::domain {

struct Agency {
  Id id;
  std::string code;  // stable short code, e.g. "met" or "probation-london"
  std::string name;
  std::string kind;  // one of AgencyKinds()
  std::string region;
};

struct User {
  Id id;
  std::string username;
  std::string display_name;
  std::string role;  // officer, lead, clinician, probation, advocate, prosecutor, analyst, admin
  Id agency_id;
  std::string password_hash;   // argon2id encoded string; empty = cannot log in
  std::string totp_secret;     // base32; empty = no second factor enrolled
  int failed_logins = 0;       // consecutive failures since the last success
  int64_t last_failed_at = 0;  // unix seconds of the last failure
  bool locked = false;         // set after too many failures; an administrator clears it
};

// A signed-in browser session. Only the hash of the token is stored, so a
// copy of the database does not let anyone act as the user.
struct Session {
  std::string token_hash;
  Id user_id;
  std::string csrf_token;
  int64_t created_at = 0;    // unix seconds
  int64_t last_seen_at = 0;  // unix seconds, refreshed at most once a minute
  std::string source;        // address that signed in
};

// A bearer token for an API client (a service account): scoped to one agency
// and a set of actions, revocable.
struct ServiceToken {
  Id id;
  std::string token_hash;
  std::string name;
  Id agency_id;
  std::vector<std::string> actions;
  Id created_by;
  std::string created_at;
  std::string revoked_at;  // empty while valid
};

// Agency `from` shares these record types and field classes with agency `to`
// for a purpose, between two dates (valid_to empty = open-ended).
struct SharingAgreement {
  Id id;
  std::string code;  // shown in redaction markers: "withheld under agreement CODE"
  std::string name;
  Id from_agency_id;
  Id to_agency_id;
  std::vector<std::string> record_types;  // report, person, screening
  std::vector<std::string> fields;        // field classes, see access/policy.hpp
  std::string purpose;
  std::string valid_from;  // date
  std::string valid_to;    // date, exclusive; empty = no end
  std::string created_at;
  Id created_by;
};

// "Break the glass": time-limited access to one record outside the user's
// scope, given with a reason, flagged to the owner and a review queue.
struct EmergencyGrant {
  Id id;
  Id user_id;
  Id agency_id;  // the user's agency
  std::string record_type;
  Id record_id;
  Id owner_agency_id;
  std::string reason;
  std::string granted_at;
  std::string expires_at;
  std::string reviewed_at;  // empty while awaiting review
  Id reviewed_by;
  std::string review_note;
};

struct Person {
  Id id;
  Id agency_id;
  std::string given_name;
  std::string family_name;
  std::string dob;     // partial ISO date ("1980", "1980-07", "1980-07-14") or empty
  std::string gender;  // free code: female, male, other, unknown, or empty
  std::string address;
  std::string postcode;
  std::vector<std::string> phones;
  std::vector<std::string> emails;
  std::vector<std::string> handles;
  std::vector<std::string> vehicles;
  std::string created_at;
};

struct Party {
  std::string role;  // one of PartyRoles()
  Id person_id;
};

struct Report {
  Id id;
  Id force_id;             // the recording police force (an Agency)
  std::string force_code;  // filled on read from the agency; ignored on insert
  std::string reference;   // the force's own incident or crime reference
  std::string occurred_at;
  std::string reported_at;
  std::string summary;                  // free text narrative
  std::string recorded_as;              // one of RecordedAsCodes()
  std::vector<std::string> behaviours;  // codes from Behaviours()
  std::vector<Party> parties;
  std::string created_at;
  Id created_by;  // user id, empty for imports
};

struct Outcome {
  Id id;
  Id report_id;
  std::string kind;  // one of OutcomeKinds()
  std::string reason;
  std::string occurred_on;  // date
  std::string created_at;
};

// A screening of a report: the answers, the classifier's result (JSON as the
// engine renders it) and, for a re-screening, what changed since the last.
struct Screening {
  Id id;
  Id report_id;
  std::string questionnaire_version;
  std::string answers_json;
  std::string result_json;
  std::string principal;                     // principal classification code
  std::vector<std::string> classifications;  // every applicable one, principal first
  std::string risk_level;                    // standard, medium, high
  Id previous_id;                            // the screening this one re-ran, or empty
  std::string changes_json;                  // the diff from the previous, or empty
  std::string created_at;
  Id created_by;
};

// One append-only audit entry: who did what to which record, when, from where.
struct AuditEntry {
  int64_t seq = 0;  // assigned by the store, strictly increasing
  std::string at;
  Id actor_id;  // user id, or empty for the system
  Id agency_id;
  std::string action;       // e.g. "report.create", "person.read"
  std::string record_type;  // "report", "person", ...
  Id record_id;
  std::string request_id;
  std::string source;   // remote address or "cli"
  std::string purpose;  // stated purpose, where one is required
  std::string hash;     // hex chain hash of this entry, set by the store (access/audit_chain.hpp)
};

}  // namespace threadline::domain
