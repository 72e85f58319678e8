#pragma once
// Demo cases: referrals of synthetic Met reports walked through the case use
// cases by the demo users, at every stage and tier — a referral awaiting
// triage, advice and closure, tiers 1 to 4 with plans, actions, advocacy,
// safe-contact preferences, protection orders and a breach, Victims' Code
// clocks, MAPPA, an intervention and criminal justice outcomes; the Met's
// stalking clinic with nominations, minutes and harm scores — so every
// page and report has something true to show. Demo data only.

#include <atomic>
#include <cstddef>

#include "domain/datetime.hpp"
#include "domain/result.hpp"
#include "services/case_service.hpp"
#include "services/clock.hpp"
#include "services/panel_service.hpp"
#include "store/store.hpp"

namespace threadline::services {

// The time the demo's services see. Each demo case is walked through its
// history at the times it would have happened (referred days after its
// report, triaged, orders applied for and granted weeks later), so the
// timelines, clocks and dashboards look like a programme's real year. Give
// the CaseService and PanelService handed to SeedDemoCases `clock()`.
class DemoTime {
 public:
  Clock clock() {
    return [this] {
      const int64_t t = now_.load();
      return t != 0 ? t : domain::NowSeconds();
    };
  }
  void Set(int64_t unix_seconds) { now_ = unix_seconds; }
  void Release() { now_ = 0; }  // back to the real time
  int64_t Now() { return clock()(); }

 private:
  std::atomic<int64_t> now_{0};
};

// Which reports become demo cases: up to `count` Met reports naming a
// victim and a suspect that occurred in [from, to) (Unix seconds), spread
// evenly over the window. Histories run up to about three months after a
// report, so a window ending three months ago keeps every one in the past.
struct DemoCasePlan {
  size_t count = 36;
  int64_t from = 0;
  int64_t to = 0;
};

// Creates the planned cases when the database has none; returns how many
// were created (0 when cases exist already or no report fits the plan).
// Needs the demo users (SeedDemoUsers). `time` (which the services' clocks
// must read) is moved through each history and released at the end.
Result<size_t> SeedDemoCases(store::Store& store, CaseService& cases, PanelService& panels,
                             const DemoCasePlan& plan, DemoTime& time);

}  // namespace threadline::services
