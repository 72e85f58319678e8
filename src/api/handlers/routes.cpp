#include "api/handlers/routes.hpp"

namespace threadline::api {

Router BuildRouter(ApiContext& context) {
  Router router;
  router.SetGuard([&context](HttpRequest& request) { return Authenticate(context, request); });
  AddSessionRoutes(router, context);
  AddAdminRoutes(router, context);
  AddIndexRoutes(router, context);
  AddHealthRoutes(router, context);
  AddReportRoutes(router, context);
  AddPersonRoutes(router, context);
  AddAgencyRoutes(router, context);
  AddScreeningRoutes(router, context);
  AddLinkRoutes(router, context);
  AddFindingRoutes(router, context);
  return router;
}

}  // namespace threadline::api
