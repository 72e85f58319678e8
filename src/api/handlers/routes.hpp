#pragma once

#include <boost/json.hpp>
// Registration of every route, one function per resource file.

#include "api/context.hpp"
#include "api/router.hpp"

namespace threadline::api {

class WebFiles;  // static_files.hpp

// "/" and, with `web`, every path no other route owns: the web application.
void AddIndexRoutes(Router& router, ApiContext& context, const WebFiles* web);
void AddHealthRoutes(Router& router, ApiContext& context);
void AddReportRoutes(Router& router, ApiContext& context);
void AddPersonRoutes(Router& router, ApiContext& context);
void AddAgencyRoutes(Router& router, ApiContext& context);
void AddScreeningRoutes(Router& router, ApiContext& context);
void AddLinkRoutes(Router& router, ApiContext& context);
void AddChartRoutes(Router& router, ApiContext& context);
void AddFindingRoutes(Router& router, ApiContext& context);
void AddSessionRoutes(Router& router, ApiContext& context);
void AddAdminRoutes(Router& router, ApiContext& context);
void AddCaseRoutes(Router& router, ApiContext& context);
// The public self-referral form's routes (no sign-in).
void AddSelfReferralRoutes(Router& router, ApiContext& context);
void AddPanelRoutes(Router& router, ApiContext& context);
void AddStatsRoutes(Router& router, ApiContext& context);
void AddRetentionRoutes(Router& router, ApiContext& context);
// GET /api/v1/openapi.json; must be added after every other route.
void AddOpenApiRoute(Router& router);
// The OpenAPI document of `router`'s routes, and the routes it has no
// summary for (which a test keeps empty).
boost::json::object OpenApiDocument(const Router& router);
std::vector<std::string> UndocumentedRoutes(const Router& router);

// The sign-in guard: the actor from the session cookie or bearer token, and
// the CSRF check for cookie-authenticated writes; an answer when refused.
std::optional<HttpResponse> Authenticate(ApiContext& context, HttpRequest& request);

// All of the above; `web` (may be null) must outlive the router.
Router BuildRouter(ApiContext& context, const WebFiles* web = nullptr);

}  // namespace threadline::api
