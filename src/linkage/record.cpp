#include "linkage/record.hpp"

#include <utility>

namespace threadline::linkage {
namespace {

struct RoleAlias {
  std::string_view name;
  Role role;
};

constexpr std::array<std::string_view, kRoleCount> kRoleNames = {
    "given_name", "family_name", "full_name", "dob",    "postcode",      "address",
    "address2",   "city",        "suburb",    "state",  "street_number", "email",
    "phone",      "handle",      "vehicle",   "gender", "birth_place",   "occupation"};

constexpr RoleAlias kAliases[] = {
    {"first_name", Role::kGivenName},
    {"forename", Role::kGivenName},
    {"surname", Role::kFamilyName},
    {"last_name", Role::kFamilyName},
    {"name", Role::kFullName},
    {"date_of_birth", Role::kDob},
    {"address_1", Role::kAddress},
    {"address_2", Role::kAddress2},
    {"town", Role::kCity},
    {"locality", Role::kAddress2},
    {"sex", Role::kGender},
    {"telephone", Role::kPhone},
    {"registration", Role::kVehicle},
    {"vrm", Role::kVehicle},
};

std::string JoinValues(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ';';
    out += v;
  }
  return out;
}

}  // namespace

std::string_view RoleName(Role role) { return kRoleNames[static_cast<size_t>(role)]; }

std::optional<Role> ParseRole(std::string_view name) {
  for (size_t i = 0; i < kRoleCount; ++i) {
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  }
  for (const auto& alias : kAliases) {
    if (alias.name == name) return alias.role;
  }
  return std::nullopt;
}

InputRecord FromPerson(const domain::Person& person) {
  InputRecord r;
  r.id = person.id;
  r[Role::kGivenName] = person.given_name;
  r[Role::kFamilyName] = person.family_name;
  r[Role::kDob] = person.dob;
  r[Role::kGender] = person.gender;
  r[Role::kAddress] = person.address;
  r[Role::kPostcode] = person.postcode;
  r[Role::kPhone] = JoinValues(person.phones);
  r[Role::kEmail] = JoinValues(person.emails);
  r[Role::kHandle] = JoinValues(person.handles);
  r[Role::kVehicle] = JoinValues(person.vehicles);
  return r;
}

}  // namespace threadline::linkage
