#pragma once
// A CaseService over a fresh SQLite store, with the agencies seeded and the
// shipped access rules, tiering rules and bank-holiday calendar, driven by
// the test's own clock: the set-up every case-service test needs.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

#include "domain/working_days.hpp"
#include "refdata/refdata.hpp"
#include "risk/tiering.hpp"
#include "services/access_control.hpp"
#include "services/case_service.hpp"
#include "services/seed.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::testing {

struct CaseServiceRig {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<services::AccessControl> access;
  std::unique_ptr<risk::TierRules> tiers;
  std::unique_ptr<domain::WorkingCalendar> calendar;
  std::unique_ptr<services::CaseService> cases;

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
    auto loaded_tiers = risk::TierRules::Load(refdata::RefData());
    ASSERT_TRUE(loaded_tiers.ok()) << loaded_tiers.error().message;
    tiers = std::make_unique<risk::TierRules>(std::move(*loaded_tiers));
    auto loaded_calendar = services::LoadWorkingCalendar(refdata::RefData());
    ASSERT_TRUE(loaded_calendar.ok()) << loaded_calendar.error().message;
    calendar = std::make_unique<domain::WorkingCalendar>(std::move(*loaded_calendar));
    cases = std::make_unique<services::CaseService>(*store, *access, *tiers, *calendar, clock);
  }
};

}  // namespace threadline::testing
