#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"

namespace threadline::api {

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
      items.push_back(
          boost::json::object{{"person_id", l.person_id},
                              {"probability", l.probability},
                              {"match_weight", l.weight},
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
}

}  // namespace threadline::api
