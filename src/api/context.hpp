#pragma once
// What the HTTP handlers need from the rest of the program. Handlers parse,
// call a service, render: they hold no state of their own.

#include "api/http.hpp"
#include "services/access_control.hpp"
#include "services/actor.hpp"
#include "services/admin_service.hpp"
#include "services/case_service.hpp"
#include "services/findings_service.hpp"
#include "services/link_service.hpp"
#include "services/panel_service.hpp"
#include "services/report_service.hpp"
#include "services/retention_service.hpp"
#include "services/screening_service.hpp"
#include "services/self_referral_service.hpp"
#include "services/session_service.hpp"
#include "services/stats_service.hpp"
#include "store/store.hpp"

namespace threadline::api {

struct ApiContext {
  store::Store& store;
  const services::AccessControl& access;
  services::SessionService& sessions;
  services::AdminService& admin;
  services::ReportService& reports;
  services::ScreeningService& screenings;
  services::LinkService& links;
  services::FindingsService& findings;
  services::CaseService& cases;
  services::PanelService& panels;
  services::StatsService& stats;
  services::SelfReferralService& self_referrals;
  services::RetentionService& retention;
};

// The actor behind a request, as the sign-in guard found it.
inline const services::Actor& ActorFor(const HttpRequest& request) { return request.actor; }

}  // namespace threadline::api
