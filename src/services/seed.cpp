#include "services/seed.hpp"

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
                                             const std::string& password,
                                             access::PasswordCost cost) {
  const auto table = data.Read("demo_users.csv");
  if (!table) return Internal("demo_users.csv is missing from the reference data");
  const auto hash = access::HashPassword(password, cost);
  if (!hash.ok()) return hash.error();
  std::vector<DemoLogin> logins;
  const Status s = store.Write([&](store::WriteTx& tx) -> Status {
    for (const auto& row : refdata::ParseSimpleTable(*table)) {
      if (row.size() != 4) return InvalidArgument("demo_users.csv has a malformed row");
      logins.push_back({row[0], row[2], row[3]});
      if (auto existing = tx.GetUserByName(row[0]); existing.ok()) {
        if (Status st = tx.SetUserPassword(existing->id, *hash); !st.ok()) return st;
        continue;
      }
      auto agency = tx.GetAgencyByCode(row[3]);
      if (!agency.ok()) return agency.status();
      domain::User user{domain::NewId(), row[0], row[1], row[2], agency->id, *hash};
      if (Status st = tx.InsertUser(user); !st.ok()) return st;
    }
    return Status::Ok();
  });
  if (!s.ok()) return s.error();
  return logins;
}

}  // namespace threadline::services
