#include "api/handlers/routes.hpp"

namespace threadline::api {

Router BuildRouter(ApiContext& context, const WebFiles* web) {
  Router router;
  router.SetGuard([&context](HttpRequest& request) { return Authenticate(context, request); });
  AddSessionRoutes(router, context);
  AddAdminRoutes(router, context);
  AddIndexRoutes(router, context, web);
  AddHealthRoutes(router, context);
  AddReportRoutes(router, context);
  AddCaseRoutes(router, context);
  AddSelfReferralRoutes(router, context);
  AddPanelRoutes(router, context);
  AddStatsRoutes(router, context);
  AddRetentionRoutes(router, context);
  AddPersonRoutes(router, context);
  AddAgencyRoutes(router, context);
  AddScreeningRoutes(router, context);
  AddLinkRoutes(router, context);
  AddChartRoutes(router, context);
  AddFindingRoutes(router, context);
  AddOpenApiRoute(router);
  return router;
}

}  // namespace threadline::api
