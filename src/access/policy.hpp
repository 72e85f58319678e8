#pragma once
// Who may do what, and which parts of another agency's record they may see.
//
// Two questions, answered separately and purely:
//  1. May this role perform this action at all? (`Policy::Allows`, from the
//     roles table in data/access/roles.csv.)
//  2. For one record owned by some agency, may this viewer see it, and which
//     field classes? (`Decide`, from the viewer's agency, the sharing
//     agreements in force and any emergency access the viewer holds.)
// Every answer carries its reason ("own agency", "agreement MET-PROB-1",
// "withheld under agreement MET-PROB-1") so it can be shown and audited.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/records.hpp"
#include "domain/result.hpp"

namespace threadline::access {

// Every action the server checks. A role grants a subset.
const std::vector<std::string>& AllActions();
// The roles users may hold.
const std::vector<std::string>& AllRoles();
// Record types that agreements may share.
const std::vector<std::string>& ShareableRecordTypes();

// Field classes of a record. Core fields go with the record; the others must
// be granted by name.
inline constexpr std::string_view kFieldCore = "core";
inline constexpr std::string_view kFieldNarrative = "narrative";  // free-text accounts
inline constexpr std::string_view kFieldContact = "contact";      // address, phones, e-mail …
// A victim's contact details, for roles that work with the perpetrator.
inline constexpr std::string_view kFieldVictimContact = "victim_contact";
inline constexpr std::string_view kFieldHealth = "health";
const std::vector<std::string>& AllFieldClasses();

// Roles that work with the perpetrator: a victim's contact details are never
// shown to them unless a named agreement grants "victim_contact".
bool WorksWithPerpetrator(std::string_view role);
// Roles that may see health information without a clinician sharing it.
bool IsHealthRole(std::string_view role);

class Policy {
 public:
  // Rows of (role, space-separated actions). Unknown roles or actions are
  // refused with the row named, so a typo cannot silently grant nothing.
  static Result<Policy> FromTable(const std::vector<std::vector<std::string>>& rows);

  bool Allows(std::string_view role, std::string_view action) const;
  // The actions a role holds, sorted.
  std::vector<std::string> ActionsOf(std::string_view role) const;

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> grants_;
};

// The viewer of a record.
struct Viewer {
  domain::Id user_id;
  domain::Id agency_id;
  std::string role;
};

// Why a viewer may see a record, and which fields are withheld and why.
struct Disclosure {
  bool visible = false;
  std::string basis;    // "own agency", "agreement CODE", "emergency access ID"
  std::string purpose;  // the agreement's purpose or the emergency reason
  domain::Id agreement_id;
  domain::Id emergency_grant_id;
  std::vector<std::string> granted;  // field classes, sorted
  // field class -> reason shown to the viewer
  std::map<std::string, std::string, std::less<>> withheld;

  bool Grants(std::string_view field_class) const;
};

// Decides one record. `today` is an ISO date; agreements apply when
// valid_from <= today < valid_to (or no end). `grants` are the viewer's
// emergency grants for this very record that have not expired.
//
// Rules, in order:
//  - the owning agency sees every field, except health for non-health roles;
//  - otherwise the first agreement (by code) from the owner to the viewer's
//    agency covering the record type grants its field classes;
//  - otherwise an emergency grant gives core, narrative and contact;
//  - otherwise the record is not visible.
// Then, for a person who is a victim, contact fields are withheld from roles
// that work with the perpetrator unless "victim_contact" was granted.
Disclosure Decide(const Viewer& viewer, const domain::Id& owner_agency_id,
                  std::string_view record_type, bool is_victim, std::string_view today,
                  const std::vector<domain::SharingAgreement>& agreements,
                  const std::vector<domain::EmergencyGrant>& grants);

// What Decide() answers for a record of the viewer's own agency: the same
// for every such record, given the role and whether the person is a victim,
// so worked out once and kept for the life of the process. nullptr for a
// role not in AllRoles() (Decide() then works it out each time).
const Disclosure* OwnAgencyDecision(std::string_view role, bool is_victim);

// True when `agreement` is in force on `today` for `record_type` from
// `owner` to `viewer_agency`.
bool AgreementApplies(const domain::SharingAgreement& agreement, const domain::Id& owner,
                      const domain::Id& viewer_agency, std::string_view record_type,
                      std::string_view today);

// Checks an agreement as entered by an administrator.
Status ValidateAgreement(const domain::SharingAgreement& agreement);

}  // namespace threadline::access
