#pragma once
// Registration of every route, one function per resource file.

#include "api/context.hpp"
#include "api/router.hpp"

namespace threadline::api {

void AddIndexRoutes(Router& router, ApiContext& context);
void AddHealthRoutes(Router& router, ApiContext& context);
void AddReportRoutes(Router& router, ApiContext& context);
void AddPersonRoutes(Router& router, ApiContext& context);
void AddAgencyRoutes(Router& router, ApiContext& context);
void AddScreeningRoutes(Router& router, ApiContext& context);
void AddLinkRoutes(Router& router, ApiContext& context);
void AddFindingRoutes(Router& router, ApiContext& context);
void AddSessionRoutes(Router& router, ApiContext& context);
void AddAdminRoutes(Router& router, ApiContext& context);

// The sign-in guard: the actor from the session cookie or bearer token, and
// the CSRF check for cookie-authenticated writes; an answer when refused.
std::optional<HttpResponse> Authenticate(ApiContext& context, HttpRequest& request);

// All of the above.
Router BuildRouter(ApiContext& context);

}  // namespace threadline::api
