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
#include "service_store.hpp"
#include "services/access_control.hpp"
#include "services/case_service.hpp"

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
    ServiceStore base;
    base.Open(db_path, clock);
    if (::testing::Test::HasFatalFailure()) return;
    store = std::move(base.store);
    access = std::move(base.access);
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
