#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"
#include "api/json_input.hpp"
#include "linkage/conduct/render.hpp"

namespace threadline::api {
namespace {

boost::json::value TextOrNull(const std::string& text) {
  return text.empty() ? boost::json::value(nullptr) : boost::json::value(text);
}

// The finding as the engine renders it, with the kept record's id, status,
// dates and acknowledgement.
boost::json::object FindingJson(const services::FindingView& view) {
  boost::json::object o = linkage::conduct::ToJson(view.finding);
  const domain::FindingRecord& r = view.record;
  o["key"] = TextOrNull(r.key);
  o["status"] = r.status();
  o["first_raised_at"] = r.first_raised_at;
  o["last_confirmed_at"] = r.last_confirmed_at;
  o["last_changed_at"] = r.last_changed_at;
  o["withdrawn_at"] = TextOrNull(r.withdrawn_at);
  o["withdrawn_reason"] = TextOrNull(r.withdrawn_reason);
  o["acknowledged"] =
      r.acknowledged()
          ? boost::json::value(boost::json::object{{"by", r.acknowledged_by},
                                                   {"at", r.acknowledged_at},
                                                   {"note", TextOrNull(r.acknowledgement_note)}})
          : boost::json::value(nullptr);
  return o;
}

}  // namespace

void AddFindingRoutes(Router& router, ApiContext& context) {
  router.Add("GET", "/api/v1/findings", [&context](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {"force", "type", "status"}); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    auto findings = context.findings.List(
        ActorFor(request),
        {QueryParam(request, "force"), QueryParam(request, "type"), QueryParam(request, "status")});
    if (!findings.ok()) return ProblemResponse(findings.error(), request.request_id);
    boost::json::array items;
    for (const auto& f : *findings) items.push_back(FindingJson(f));
    return JsonResponse(boost::json::object{{"items", std::move(items)}});
  });
  router.Add("GET", "/api/v1/findings/{id}", [&context](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {}); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    auto finding = context.findings.Get(ActorFor(request), request.path_params.at("id"));
    if (!finding.ok()) return ProblemResponse(finding.error(), request.request_id);
    return JsonResponse(FindingJson(*finding));
  });
  router.Add(
      "POST", "/api/v1/findings/{id}/acknowledgement", [&context](const HttpRequest& request) {
        if (Status s = CheckQueryParams(request, {}); !s.ok()) {
          return ProblemResponse(s.error(), request.request_id);
        }
        auto body = ParseJsonObjectBody(request);
        if (!body.ok()) return ProblemResponse(body.error(), request.request_id);
        auto finding =
            context.findings.Acknowledge(ActorFor(request), request.path_params.at("id"), *body);
        if (!finding.ok()) return ProblemResponse(finding.error(), request.request_id);
        return JsonResponse(FindingJson(*finding));
      });
}

}  // namespace threadline::api
