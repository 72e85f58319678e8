#pragma once
// Demo cases: referrals of synthetic Met reports walked through the case use
// cases by the demo users, at every stage and tier — a referral awaiting
// triage, advice and closure, tiers 1 to 4 with plans, actions, advocacy,
// safe-contact preferences, protection orders and a breach, Victims' Code
// clocks, MAPPA, an intervention and criminal justice outcomes; the Met's
// stalking clinic with nominations, minutes and harm scores — so every
// page and report has something true to show. Demo data only.

#include <cstddef>

#include "domain/result.hpp"
#include "services/case_service.hpp"
#include "services/panel_service.hpp"
#include "store/store.hpp"

namespace threadline::services {

// Creates up to `count` cases when the database has none; returns how many
// were created (0 when cases exist already or no Met report names both a
// victim and a suspect). Needs the demo users (SeedDemoUsers).
Result<size_t> SeedDemoCases(store::Store& store, CaseService& cases, PanelService& panels,
                             size_t count);

}  // namespace threadline::services
