#pragma once
// Input records of the linkage engine: raw text per role, as read from a CSV
// file, an API request or a stored domain::Person.
//
// A role says what a value *means* (a given name, a date of birth ...), so the
// engine never depends on a data set's column names. Multi-valued roles
// (phone, email, handle, vehicle) hold several values separated by ';'.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/records.hpp"

namespace threadline::linkage {

enum class Role : uint8_t {
  kGivenName,
  kFamilyName,
  kFullName,
  kDob,
  kPostcode,
  kAddress,
  kAddress2,
  kCity,
  kSuburb,
  kState,
  kStreetNumber,
  kEmail,
  kPhone,
  kHandle,
  kVehicle,
  kGender,
  kBirthPlace,
  kOccupation,
  kCount,
};
inline constexpr size_t kRoleCount = static_cast<size_t>(Role::kCount);

// "given_name", "family_name", ... (snake_case, as used on the command line).
std::string_view RoleName(Role role);
// Accepts the names RoleName returns plus a few aliases ("first_name",
// "surname", "dob", "date_of_birth", "address_1", "address_2", "town").
std::optional<Role> ParseRole(std::string_view name);

struct InputRecord {
  std::string id;      // the caller's identifier; opaque to the engine
  std::string truth;   // entity label when known (evaluation only), else empty
  uint8_t source = 0;  // 0: the only / first data set; 1: second set (link-only)
  std::array<std::string, kRoleCount> fields;

  std::string& operator[](Role role) { return fields[static_cast<size_t>(role)]; }
  const std::string& operator[](Role role) const { return fields[static_cast<size_t>(role)]; }
};

// The linkage view of a stored person; multi-valued fields joined with ';'.
InputRecord FromPerson(const domain::Person& person);

}  // namespace threadline::linkage
