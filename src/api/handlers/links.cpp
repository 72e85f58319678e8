#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"
#include "api/json_input.hpp"

namespace threadline::api {
namespace {

// A practitioner's decision on the pair {a}/{b}: the body is read here, and
// checked (after the caller's right to decide) by the service.
using DecisionChange = Result<services::DecisionView> (services::LinkService::*)(
    const services::Actor&, const domain::Id&, const domain::Id&, const boost::json::object&);

Handler DecisionRoute(ApiContext& context, DecisionChange change, unsigned status) {
  return [&context, change, status](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {}); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    auto body = ParseJsonObjectBody(request);
    if (!body.ok()) return ProblemResponse(body.error(), request.request_id);
    auto decided = (context.links.*change)(ActorFor(request), request.path_params.at("a"),
                                           request.path_params.at("b"), *body);
    if (!decided.ok()) return ProblemResponse(decided.error(), request.request_id);
    return JsonResponse(services::DecisionJson(*decided), status);
  };
}

}  // namespace

void AddLinkRoutes(Router& router, ApiContext& context) {
  router.Add("GET", "/api/v1/persons/{id}/links", [&context](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {}); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    const std::string& id = request.path_params.at("id");
    auto links = context.links.LinksFor(ActorFor(request), id);
    if (!links.ok()) return ProblemResponse(links.error(), request.request_id);
    boost::json::array items;
    for (const auto& l : *links) {
      items.push_back(boost::json::object{
          {"person_id", l.person_id},
          {"probability", l.probability},
          {"match_weight", l.weight},
          {"model_probability", l.model_probability},
          {"decided_by_person", l.decision.has_value()},
          {"decision", l.decision ? boost::json::value(services::DecisionJson(*l.decision))
                                  : boost::json::value(nullptr)},
          {"explain", "/api/v1/links/" + id + "/" + l.person_id + "/explain"}});
    }
    return JsonResponse(boost::json::object{{"person_id", id}, {"items", std::move(items)}});
  });
  router.Add("GET", "/api/v1/links/{a}/{b}/explain", [&context](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {"format"}); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    const auto format = request.query.find("format");
    const bool text = format != request.query.end() && format->second == "text";
    if (format != request.query.end() && !text && format->second != "json") {
      return ProblemResponse(
          InvalidArgument("the query is not valid", {{"format", "must be json or text"}}),
          request.request_id);
    }
    auto explained = context.links.Explain(ActorFor(request), request.path_params.at("a"),
                                           request.path_params.at("b"));
    if (!explained.ok()) return ProblemResponse(explained.error(), request.request_id);
    HttpResponse r;
    if (text) {
      r.content_type = "text/plain; charset=utf-8";
      r.body = std::move(explained->text);
    } else {
      r.body = std::move(explained->json);
    }
    return r;
  });
  router.Add("PUT", "/api/v1/links/{a}/{b}/decision",
             DecisionRoute(context, &services::LinkService::Decide, 201));
  router.Add("DELETE", "/api/v1/links/{a}/{b}/decision",
             DecisionRoute(context, &services::LinkService::Undo, 200));
  router.Add("GET", "/api/v1/persons/{id}/link-decisions", [&context](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {}); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    const std::string& id = request.path_params.at("id");
    auto decisions = context.links.DecisionsFor(ActorFor(request), id);
    if (!decisions.ok()) return ProblemResponse(decisions.error(), request.request_id);
    boost::json::array items;
    for (const auto& d : *decisions) items.push_back(services::DecisionJson(d));
    return JsonResponse(boost::json::object{{"person_id", id}, {"items", std::move(items)}});
  });
}

}  // namespace threadline::api
