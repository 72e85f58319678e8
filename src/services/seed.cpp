#include "services/seed.hpp"

#include <algorithm>
#include <sstream>

#include "access/policy.hpp"
#include "domain/datetime.hpp"
#include "domain/vocabulary.hpp"

namespace threadline::services {

Result<size_t> SeedAgencies(store::Store& store, const refdata::RefData& data) {
  const auto table = data.Read("agencies.csv");
  if (!table) return Internal("agencies.csv is missing from the reference data");
  const auto rows = refdata::ParseSimpleTable(*table);
  for (const auto& row : rows) {
    if (row.size() != 4 || !domain::IsCode(domain::AgencyKinds(), row[2])) {
      return InvalidArgument("agencies.csv has a malformed row for '" +
                             (row.empty() ? std::string() : row[0]) + "'");
    }
  }
  size_t added = 0;
  const Status s = store.Write([&](store::WriteTx& tx) -> Status {
    for (const auto& row : rows) {
      auto existing = tx.GetAgencyByCode(row[0]);
      if (existing.ok()) continue;
      if (existing.error().code != ErrorCode::kNotFound) return existing.status();
      if (Status st = tx.InsertAgency({domain::NewId(), row[0], row[1], row[2], row[3]});
          !st.ok()) {
        return st;
      }
      ++added;
    }
    return Status::Ok();
  });
  if (!s.ok()) return s.error();
  return added;
}

Result<std::vector<DemoLogin>> SeedDemoUsers(store::Store& store, const refdata::RefData& data,
                                             const std::string& password, access::PasswordCost cost,
                                             const std::string& admin_totp_secret) {
  const auto table = data.Read("demo_users.csv");
  if (!table) return Internal("demo_users.csv is missing from the reference data");
  const auto hash = access::HashPassword(password, cost);
  if (!hash.ok()) return hash.error();
  std::vector<DemoLogin> logins;
  const Status s = store.Write([&](store::WriteTx& tx) -> Status {
    for (const auto& row : refdata::ParseSimpleTable(*table)) {
      if (row.size() != 4) return InvalidArgument("demo_users.csv has a malformed row");
      const std::string totp = row[2] == "admin" ? admin_totp_secret : "";
      logins.push_back({row[0], row[2], row[3], totp});
      if (auto existing = tx.GetUserByName(row[0]); existing.ok()) {
        if (Status st = tx.SetUserPassword(existing->id, *hash); !st.ok()) return st;
        if (Status st = tx.SetUserLoginState(existing->id, 0, 0, false); !st.ok()) return st;
        if (Status st = tx.SetUserTotpSecret(existing->id, totp); !st.ok()) return st;
        continue;
      }
      auto agency = tx.GetAgencyByCode(row[3]);
      if (!agency.ok()) return agency.status();
      domain::User user;
      user.id = domain::NewId();
      user.username = row[0];
      user.display_name = row[1];
      user.role = row[2];
      user.agency_id = agency->id;
      user.password_hash = *hash;
      user.totp_secret = totp;
      if (Status st = tx.InsertUser(user); !st.ok()) return st;
    }
    return Status::Ok();
  });
  if (!s.ok()) return s.error();
  return logins;
}

Result<size_t> SeedDemoAgreements(store::Store& store, const refdata::RefData& data) {
  const auto table = data.Read("access/demo_agreements.csv");
  if (!table) return Internal("access/demo_agreements.csv is missing from the reference data");
  size_t added = 0;
  const Status s = store.Write([&](store::WriteTx& tx) -> Status {
    auto existing = tx.ListAgreements();
    if (!existing.ok()) return existing.status();
    for (const auto& row : refdata::ParseSimpleTable(*table)) {
      if (row.size() == 8 && row[0] == "code") continue;  // the header
      if (row.size() != 8) return InvalidArgument("demo_agreements.csv has a malformed row");
      const bool present = std::any_of(existing->begin(), existing->end(),
                                       [&](const auto& a) { return a.code == row[0]; });
      if (present) continue;
      auto from = tx.GetAgencyByCode(row[2]);
      if (!from.ok()) return from.status();
      auto to = tx.GetAgencyByCode(row[3]);
      if (!to.ok()) return to.status();
      domain::SharingAgreement a;
      a.id = domain::NewId();
      a.code = row[0];
      a.name = row[1];
      a.from_agency_id = from->id;
      a.to_agency_id = to->id;
      std::istringstream types(row[4]);
      for (std::string t; types >> t;) a.record_types.push_back(t);
      std::istringstream fields(row[5]);
      for (std::string f; fields >> f;) a.fields.push_back(f);
      a.purpose = row[6];
      a.valid_from = row[7];
      a.created_at = domain::FormatTimestamp(domain::NowSeconds());
      if (Status v = access::ValidateAgreement(a); !v.ok()) return v;
      if (Status st = tx.InsertAgreement(a); !st.ok()) return st;
      ++added;
    }
    return Status::Ok();
  });
  if (!s.ok()) return s.error();
  return added;
}

}  // namespace threadline::services
