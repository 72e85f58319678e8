#pragma once
// What a new report must look like before it may be stored.

#include <optional>
#include <string>
#include <vector>

#include "domain/ids.hpp"
#include "domain/result.hpp"

namespace threadline::domain {

// Limits on free text, so a single report cannot exhaust the store.
inline constexpr size_t kMaxNameLength = 200;
inline constexpr size_t kMaxShortText = 500;
inline constexpr size_t kMaxSummaryLength = 20000;
inline constexpr size_t kMaxParties = 50;
inline constexpr size_t kMaxIdentifiers = 20;

struct NewPerson {
  std::string given_name;
  std::string family_name;
  std::string dob;
  std::string gender;
  std::string address;
  std::string postcode;
  std::vector<std::string> phones;
  std::vector<std::string> emails;
  std::vector<std::string> handles;
  std::vector<std::string> vehicles;
};

// A party is either an existing person record (by id) or a new one.
struct NewParty {
  std::string role;
  std::optional<Id> person_id;
  std::optional<NewPerson> person;
};

struct NewReport {
  std::string force;  // agency code of the recording force
  std::string reference;
  std::string occurred_at;
  std::string reported_at;
  std::string summary;
  std::string recorded_as;
  std::vector<std::string> behaviours;
  std::vector<NewParty> parties;
};

// Checks every field and returns the report with timestamps in canonical form
// ("...Z") and behaviours de-duplicated, or an InvalidArgument error listing
// every bad field (not just the first). Does not check that the force or the
// referenced persons exist: that needs the store.
Result<NewReport> NormaliseNewReport(NewReport report);

// Checks one new person; errors are named under `prefix` ("parties/0/person").
void ValidateNewPerson(const NewPerson& person, const std::string& prefix,
                       std::vector<FieldError>& errors);

}  // namespace threadline::domain
