#pragma once
// What the HTTP handlers need from the rest of the program. Handlers parse,
// call a service, render: they hold no state of their own.

#include "api/http.hpp"
#include "services/actor.hpp"
#include "services/findings_service.hpp"
#include "services/link_service.hpp"
#include "services/report_service.hpp"
#include "services/screening_service.hpp"
#include "store/store.hpp"

namespace threadline::api {

struct ApiContext {
  store::Store& store;
  services::ReportService& reports;
  services::ScreeningService& screenings;
  services::LinkService& links;
  services::FindingsService& findings;
};

// The actor behind a request. Until sign-in exists every request acts as an
// unauthenticated caller, still audited with its request id and address.
services::Actor ActorFor(const HttpRequest& request);

}  // namespace threadline::api
