#include "app/demo_fill.hpp"

#include <iostream>

#include "app/commands.hpp"
#include "refdata/refdata.hpp"
#include "risk/harm_ranking.hpp"
#include "risk/tiering.hpp"
#include "services/access_control.hpp"
#include "services/case_service.hpp"
#include "services/demo_cases.hpp"
#include "services/panel_service.hpp"

namespace threadline::app {

void FillWithDemoCases(store::Store& store, size_t count, int64_t from, int64_t to) {
  if (count == 0) return;
  const auto data = refdata::FromEnvironment();
  auto access = services::AccessControl::Load(data, services::SystemClock());
  auto tiers = risk::TierRules::Load(data);
  auto calendar = services::LoadWorkingCalendar(data);
  auto rfgv = risk::RfgvModel::Load(data);
  if (!access.ok() || !tiers.ok() || !calendar.ok() || !rfgv.ok()) {
    std::cerr << "threadline: the reference data for cases does not load\n";
    throw CLI::RuntimeError(1);
  }
  services::DemoTime time;
  services::CaseService cases(store, *access, *tiers, *calendar, time.clock());
  services::PanelService panels(store, *access, *rfgv, time.clock());
  auto made = services::SeedDemoCases(store, cases, panels, {count, from, to}, time);
  if (!made.ok()) {
    std::cerr << "threadline: cannot create demo cases: " << made.error().message << "\n";
    for (const auto& f : made.error().fields)
      std::cerr << "  " << f.field << ": " << f.message << "\n";
    throw CLI::RuntimeError(1);
  }
  if (*made > 0) std::cout << "Walked " << *made << " demo cases through referral and triage.\n";
}

}  // namespace threadline::app
