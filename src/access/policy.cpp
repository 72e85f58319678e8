#include "access/policy.hpp"

#include <algorithm>
#include <map>
#include <sstream>

#include "domain/datetime.hpp"

namespace threadline::access {
namespace {

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

void Insert(std::vector<std::string>& set, std::string_view value) {
  if (!Contains(set, value)) set.emplace_back(value);
}

}  // namespace

const std::vector<std::string>& AllActions() {
  static const std::vector<std::string> kActions = {
      "agency.read",      "agreement.admin",  "audit.read",       "case.advocacy",
      "case.police",      "case.read",        "case.refer",       "case.triage",
      "case.write",       "emergency.open",   "emergency.review", "findings.acknowledge",
      "findings.read",    "health.read",      "health.write",     "link.decide",
      "link.read",        "panel.manage",     "panel.read",       "person.read",
      "rank.read",        "report.create",    "report.list",      "report.read",
      "retention.review", "screening.create", "screening.read",   "stats.read",
      "token.admin",      "user.admin"};
  return kActions;
}

const std::vector<std::string>& AllRoles() {
  static const std::vector<std::string> kRoles = {
      "officer", "lead", "clinician", "probation", "advocate", "prosecutor", "analyst", "admin"};
  return kRoles;
}

const std::vector<std::string>& ShareableRecordTypes() {
  static const std::vector<std::string> kTypes = {"report", "person", "screening", "case"};
  return kTypes;
}

const std::vector<std::string>& AllFieldClasses() {
  static const std::vector<std::string> kClasses = {
      std::string(kFieldCore), std::string(kFieldNarrative), std::string(kFieldContact),
      std::string(kFieldVictimContact), std::string(kFieldHealth)};
  return kClasses;
}

bool WorksWithPerpetrator(std::string_view role) { return role == "probation"; }

bool IsHealthRole(std::string_view role) { return role == "clinician"; }

Result<Policy> Policy::FromTable(const std::vector<std::vector<std::string>>& rows) {
  Policy policy;
  std::vector<FieldError> errors;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    if (row.size() == 2 && row[0] == "role") continue;  // the header
    const std::string where = "roles row " + std::to_string(i + 1);
    if (row.size() != 2) {
      errors.push_back({where, "needs a role and its actions"});
      continue;
    }
    if (!Contains(AllRoles(), row[0])) {
      errors.push_back({where, "names an unknown role \"" + row[0] + "\""});
      continue;
    }
    std::istringstream words(row[1]);
    std::vector<std::string> actions;
    for (std::string action; words >> action;) {
      if (!Contains(AllActions(), action)) {
        errors.push_back({where, "names an unknown action \"" + action + "\""});
      } else {
        Insert(actions, action);
      }
    }
    std::sort(actions.begin(), actions.end());
    policy.grants_[row[0]] = std::move(actions);
  }
  if (!errors.empty()) return InvalidArgument("the roles table is not valid", std::move(errors));
  return policy;
}

bool Policy::Allows(std::string_view role, std::string_view action) const {
  const auto it = grants_.find(role);
  return it != grants_.end() && std::binary_search(it->second.begin(), it->second.end(), action);
}

std::vector<std::string> Policy::ActionsOf(std::string_view role) const {
  const auto it = grants_.find(role);
  return it == grants_.end() ? std::vector<std::string>{} : it->second;
}

bool Disclosure::Grants(std::string_view field_class) const {
  return visible && std::binary_search(granted.begin(), granted.end(), field_class);
}

bool AgreementApplies(const domain::SharingAgreement& agreement, const domain::Id& owner,
                      const domain::Id& viewer_agency, std::string_view record_type,
                      std::string_view today) {
  return agreement.from_agency_id == owner && agreement.to_agency_id == viewer_agency &&
         Contains(agreement.record_types, record_type) && agreement.valid_from <= today &&
         (agreement.valid_to.empty() || today < agreement.valid_to);
}

namespace {

Disclosure DecideAfresh(const Viewer& viewer, const domain::Id& owner_agency_id,
                        std::string_view record_type, bool is_victim, std::string_view today,
                        const std::vector<domain::SharingAgreement>& agreements,
                        const std::vector<domain::EmergencyGrant>& grants) {
  Disclosure d;
  std::string grantor;  // named in "withheld under …"
  if (!viewer.agency_id.empty() && viewer.agency_id == owner_agency_id) {
    d.visible = true;
    d.basis = "own agency";
    d.granted = AllFieldClasses();
    grantor = "the owning agency's policy";
  } else {
    const domain::SharingAgreement* chosen = nullptr;
    for (const auto& a : agreements) {
      if (!AgreementApplies(a, owner_agency_id, viewer.agency_id, record_type, today)) continue;
      if (chosen == nullptr || a.code < chosen->code) chosen = &a;
    }
    if (chosen != nullptr) {
      d.visible = true;
      grantor = "agreement " + chosen->code;
      d.basis = grantor;
      d.purpose = chosen->purpose;
      d.agreement_id = chosen->id;
      d.granted = chosen->fields;
      Insert(d.granted, kFieldCore);
    } else if (!grants.empty()) {
      d.visible = true;
      d.basis = "emergency access " + grants.front().id;
      d.purpose = grants.front().reason;
      d.emergency_grant_id = grants.front().id;
      d.granted = {std::string(kFieldCore), std::string(kFieldNarrative),
                   std::string(kFieldContact)};
      grantor = "emergency access";
    } else {
      return d;
    }
  }
  // Health information only for health roles, whatever the basis.
  if (!IsHealthRole(viewer.role)) {
    std::erase(d.granted, std::string(kFieldHealth));
  }
  // A victim's whereabouts never reach those working with the perpetrator
  // unless an agreement names them.
  const bool victim_contact_granted =
      Contains(d.granted, kFieldVictimContact) && !d.agreement_id.empty();
  if (is_victim && WorksWithPerpetrator(viewer.role) && !victim_contact_granted) {
    std::erase(d.granted, std::string(kFieldContact));
    d.withheld[std::string(kFieldContact)] =
        "victim's contact details are withheld from roles working with the perpetrator";
  }
  std::sort(d.granted.begin(), d.granted.end());
  const std::string reason = "withheld under " + grantor;
  for (const auto& field_class : AllFieldClasses()) {
    if (field_class == kFieldVictimContact || Contains(d.granted, field_class)) continue;
    d.withheld.try_emplace(field_class, reason);
  }
  return d;
}

}  // namespace

const Disclosure* OwnAgencyDecision(std::string_view role, bool is_victim) {
  // A record of the viewer's own agency, the most common read of all: the
  // answer depends only on what the role is (health, works with the
  // perpetrator, neither) and on whether the person is a victim, so the few
  // possible answers are worked out once.
  struct Own {
    std::string role;
    bool is_victim;
    Disclosure decision;
  };
  static const std::vector<Own> kOwn = [] {
    std::vector<Own> own;
    const domain::Id agency = "own";
    for (const auto& role : AllRoles()) {
      for (const bool victim : {false, true}) {
        own.push_back(
            {role, victim, DecideAfresh({"", agency, role}, agency, "", victim, "", {}, {})});
      }
    }
    return own;
  }();
  for (const Own& o : kOwn) {
    if (o.is_victim == is_victim && o.role == role) return &o.decision;
  }
  return nullptr;
}

Disclosure Decide(const Viewer& viewer, const domain::Id& owner_agency_id,
                  std::string_view record_type, bool is_victim, std::string_view today,
                  const std::vector<domain::SharingAgreement>& agreements,
                  const std::vector<domain::EmergencyGrant>& grants) {
  if (!viewer.agency_id.empty() && viewer.agency_id == owner_agency_id) {
    if (const Disclosure* own = OwnAgencyDecision(viewer.role, is_victim)) return *own;
  }
  return DecideAfresh(viewer, owner_agency_id, record_type, is_victim, today, agreements, grants);
}

Status ValidateAgreement(const domain::SharingAgreement& a) {
  std::vector<FieldError> errors;
  if (a.code.empty() || a.code.size() > 64)
    errors.push_back({"code", "must be 1 to 64 characters"});
  if (a.name.empty()) errors.push_back({"name", "is required"});
  if (a.purpose.empty())
    errors.push_back({"purpose", "is required: say why the records are shared"});
  if (a.from_agency_id == a.to_agency_id) {
    errors.push_back({"to_agency", "must differ from the sharing agency"});
  }
  if (a.record_types.empty()) errors.push_back({"record_types", "name at least one record type"});
  for (const auto& t : a.record_types) {
    if (!Contains(ShareableRecordTypes(), t)) {
      errors.push_back({"record_types", "\"" + t + "\" is not a record type that can be shared"});
    }
  }
  for (const auto& f : a.fields) {
    if (!Contains(AllFieldClasses(), f)) {
      errors.push_back({"fields", "\"" + f + "\" is not a field class"});
    }
  }
  if (!domain::ParseDate(a.valid_from)) {
    errors.push_back({"valid_from", "must be a date (YYYY-MM-DD)"});
  }
  if (!a.valid_to.empty() && !domain::ParseDate(a.valid_to)) {
    errors.push_back({"valid_to", "must be a date (YYYY-MM-DD) or empty"});
  } else if (!a.valid_to.empty() && a.valid_to <= a.valid_from) {
    errors.push_back({"valid_to", "must be after valid_from"});
  }
  if (!errors.empty()) return InvalidArgument("the agreement is not valid", std::move(errors));
  return Status::Ok();
}

}  // namespace threadline::access
