#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"
#include "linkage/conduct/render.hpp"

namespace threadline::api {

void AddFindingRoutes(Router& router, ApiContext& context) {
  router.Add("GET", "/api/v1/findings", [&context](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {"force", "type"}); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    auto findings = context.findings.List(ActorFor(request), QueryParam(request, "force"),
                                          QueryParam(request, "type"));
    if (!findings.ok()) return ProblemResponse(findings.error(), request.request_id);
    boost::json::array items;
    for (const auto& f : *findings) items.push_back(linkage::conduct::ToJson(f));
    return JsonResponse(boost::json::object{{"items", std::move(items)}});
  });
}

}  // namespace threadline::api
