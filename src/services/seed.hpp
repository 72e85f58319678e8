#pragma once
// Seeding a new database: the agencies every installation needs, and the
// demo logins (one per role) a newcomer uses to look around.

#include <string>
#include <vector>

#include "access/password.hpp"
#include "domain/result.hpp"
#include "refdata/refdata.hpp"
#include "store/store.hpp"

namespace threadline::services {

// Inserts every agency in data/agencies.csv that is not there yet (matched
// by code). Returns how many were added. Idempotent.
Result<size_t> SeedAgencies(store::Store& store, const refdata::RefData& data);

struct DemoLogin {
  std::string username;
  std::string role;
  std::string agency_code;
  std::string totp_secret;  // administrators only: they must use a second factor
};

// Creates the demo users from data/demo_users.csv with `password`. Demo users
// that exist already get `password` too (and are unlocked), so the password
// printed for a demo database is always the one that works. Administrators
// get `admin_totp_secret` as their second factor. Returns the logins.
Result<std::vector<DemoLogin>> SeedDemoUsers(store::Store& store, const refdata::RefData& data,
                                             const std::string& password, access::PasswordCost cost,
                                             const std::string& admin_totp_secret = "");

// Inserts the demo information-sharing agreements from
// data/access/demo_agreements.csv that are not there yet (by code).
Result<size_t> SeedDemoAgreements(store::Store& store, const refdata::RefData& data);

}  // namespace threadline::services
