#pragma once
// A fresh SQLite store with the agencies seeded and the shipped access rules
// under the test's own clock: what every service test starts from.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

#include "refdata/refdata.hpp"
#include "services/access_control.hpp"
#include "services/seed.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::testing {

struct ServiceStore {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<services::AccessControl> access;

  // Fails the current test when a part does not open or load; the caller
  // checks HasFatalFailure() before going on.
  void Open(const std::string& db_path, const services::Clock& clock) {
    auto opened = store::OpenSqlite({db_path});
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store = std::move(*opened);
    ASSERT_TRUE(services::SeedAgencies(*store, refdata::RefData()).ok());
    auto loaded_access = services::AccessControl::Load(refdata::RefData(), clock);
    ASSERT_TRUE(loaded_access.ok()) << loaded_access.error().message;
    access = std::make_unique<services::AccessControl>(std::move(*loaded_access));
  }
};

}  // namespace threadline::testing
