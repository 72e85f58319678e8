#include "domain/report_validation.hpp"

#include <algorithm>

#include "domain/datetime.hpp"
#include "domain/text.hpp"
#include "domain/vocabulary.hpp"

namespace threadline::domain {
namespace {

void CheckText(const std::string& value, const std::string& field, size_t max_length, bool required,
               std::vector<FieldError>& errors) {
  if (required && value.empty()) {
    errors.push_back({field, "is required"});
  } else if (value.size() > max_length) {
    errors.push_back({field, "is longer than " + std::to_string(max_length) + " bytes"});
  } else if (!HasNoControlCharacters(value)) {
    errors.push_back({field, "contains control characters"});
  }
}

void CheckList(const std::vector<std::string>& values, const std::string& field,
               std::vector<FieldError>& errors) {
  if (values.size() > kMaxIdentifiers) {
    errors.push_back({field, "has more than " + std::to_string(kMaxIdentifiers) + " entries"});
    return;
  }
  for (size_t i = 0; i < values.size(); ++i) {
    CheckText(values[i], field + "/" + std::to_string(i), kMaxNameLength, true, errors);
  }
}

// Canonicalises a timestamp field in place; records an error when it is bad.
void CheckTimestamp(std::string& value, const std::string& field, bool required,
                    std::vector<FieldError>& errors) {
  if (value.empty()) {
    if (required) errors.push_back({field, "is required"});
    return;
  }
  const auto parsed = ParseTimestamp(value);
  if (!parsed) {
    errors.push_back({field,
                      "must be an ISO 8601 date-time with a time zone, e.g. "
                      "2026-03-01T21:30:00Z"});
    return;
  }
  value = FormatTimestamp(*parsed);
}

}  // namespace

void ValidateNewPerson(const NewPerson& person, const std::string& prefix,
                       std::vector<FieldError>& errors) {
  CheckText(person.given_name, prefix + "/given_name", kMaxNameLength, false, errors);
  CheckText(person.family_name, prefix + "/family_name", kMaxNameLength, false, errors);
  if (person.given_name.empty() && person.family_name.empty() && person.phones.empty() &&
      person.emails.empty() && person.handles.empty() && person.vehicles.empty()) {
    errors.push_back({prefix,
                      "needs a name or at least one identifier (phone, e-mail, "
                      "handle or vehicle)"});
  }
  if (!person.dob.empty()) {
    const auto dob = ParsePartialDate(person.dob);
    if (!dob) {
      errors.push_back({prefix + "/dob", "must be YYYY, YYYY-MM or YYYY-MM-DD"});
    } else if (dob->year < 1900 || dob->year > 2100) {
      errors.push_back({prefix + "/dob", "is not a plausible date of birth"});
    }
  }
  CheckText(person.gender, prefix + "/gender", 32, false, errors);
  CheckText(person.address, prefix + "/address", kMaxShortText, false, errors);
  CheckText(person.postcode, prefix + "/postcode", 16, false, errors);
  CheckList(person.phones, prefix + "/phones", errors);
  CheckList(person.emails, prefix + "/emails", errors);
  CheckList(person.handles, prefix + "/handles", errors);
  CheckList(person.vehicles, prefix + "/vehicles", errors);
}

Result<NewReport> NormaliseNewReport(NewReport report) {
  std::vector<FieldError> errors;
  CheckText(report.force, "force", 64, true, errors);
  CheckText(report.reference, "reference", 64, false, errors);
  CheckTimestamp(report.occurred_at, "occurred_at", true, errors);
  CheckTimestamp(report.reported_at, "reported_at", false, errors);
  if (errors.empty() && !report.reported_at.empty() && report.reported_at < report.occurred_at) {
    errors.push_back({"reported_at", "is before occurred_at"});
  }
  CheckText(report.summary, "summary", kMaxSummaryLength, false, errors);
  if (report.recorded_as.empty()) {
    report.recorded_as = "not_recorded";
  } else if (!IsCode(RecordedAsCodes(), report.recorded_as)) {
    errors.push_back({"recorded_as", "is not a known classification code"});
  }
  for (size_t i = 0; i < report.behaviours.size(); ++i) {
    if (FindBehaviour(report.behaviours[i]) == nullptr) {
      errors.push_back({"behaviours/" + std::to_string(i), "is not a known behaviour code"});
    }
  }
  std::sort(report.behaviours.begin(), report.behaviours.end());
  report.behaviours.erase(std::unique(report.behaviours.begin(), report.behaviours.end()),
                          report.behaviours.end());
  if (report.parties.size() > kMaxParties) {
    errors.push_back({"parties", "has more than " + std::to_string(kMaxParties) + " entries"});
  }
  bool has_victim = false;
  for (size_t i = 0; i < report.parties.size() && i < kMaxParties; ++i) {
    const auto& party = report.parties[i];
    const std::string prefix = "parties/" + std::to_string(i);
    if (!IsCode(PartyRoles(), party.role)) {
      errors.push_back({prefix + "/role", "must be victim, suspect or witness"});
    }
    has_victim = has_victim || party.role == "victim";
    if (party.person_id.has_value() == party.person.has_value()) {
      errors.push_back({prefix, "needs exactly one of person_id or person"});
    } else if (party.person_id && !IsWellFormedId(*party.person_id)) {
      errors.push_back({prefix + "/person_id", "is not a well-formed id"});
    } else if (party.person) {
      ValidateNewPerson(*party.person, prefix + "/person", errors);
    }
  }
  if (!has_victim) errors.push_back({"parties", "needs at least one victim"});
  if (!errors.empty()) return InvalidArgument("the report is not valid", std::move(errors));
  return report;
}

}  // namespace threadline::domain
