#include "api/handlers/routes.hpp"

namespace threadline::api {

services::Actor ActorFor(const HttpRequest& request) {
  return {"", "", "anonymous", request.request_id, request.remote};
}

Router BuildRouter(ApiContext& context) {
  Router router;
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
