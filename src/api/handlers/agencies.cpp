#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"
#include "api/json_render.hpp"

namespace threadline::api {

void AddAgencyRoutes(Router& router, ApiContext& context) {
  router.Add("GET", "/api/v1/agencies", [&context](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {}); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    if (Status s = context.access.Require(ActorFor(request), "agency.read"); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    boost::json::array items;
    const Status s = context.store.Read([&](store::ReadTx& tx) {
      auto agencies = tx.ListAgencies();
      if (!agencies.ok()) return agencies.status();
      for (const auto& a : *agencies) items.push_back(AgencyJson(a));
      return Status::Ok();
    });
    if (!s.ok()) return ProblemResponse(s.error(), request.request_id);
    return JsonResponse(boost::json::object{{"items", std::move(items)}});
  });
}

}  // namespace threadline::api
