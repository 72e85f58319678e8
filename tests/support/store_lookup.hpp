#pragma once
// What tests look up in a store: the data they built straight into it, or
// what a running executable wrote to its database file.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace threadline::testing {

// The id of the seeded agency with `code`; a failed test (and an empty id)
// when there is none.
inline domain::Id AgencyIdByCode(store::Store& store, const std::string& code) {
  domain::Id id;
  EXPECT_TRUE(store
                  .Read([&](store::ReadTx& tx) {
                    auto a = tx.GetAgencyByCode(code);
                    if (a.ok()) id = a->id;
                    return a.status();
                  })
                  .ok())
      << "no agency " << code;
  return id;
}

// The audit entries of one action in `store`, in order.
inline std::vector<domain::AuditEntry> AuditOf(store::Store& store, const std::string& action) {
  std::vector<domain::AuditEntry> out;
  EXPECT_TRUE(store
                  .Read([&](store::ReadTx& tx) {
                    return tx.ScanAudit(0, [&](const domain::AuditEntry& e) {
                      if (e.action == action) out.push_back(e);
                      return Status::Ok();
                    });
                  })
                  .ok());
  return out;
}

// The audit entries of one action in the database file `db_path`, read
// directly (without migrating it), in order.
inline std::vector<domain::AuditEntry> AuditOfFile(const std::string& db_path,
                                                   const std::string& action) {
  store::SqliteOptions options{db_path};
  options.apply_migrations = false;
  auto opened = store::OpenSqlite(options);
  EXPECT_TRUE(opened.ok());
  if (!opened.ok()) return {};
  return AuditOf(**opened, action);
}

}  // namespace threadline::testing
