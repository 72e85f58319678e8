// GET /api/v1/persons/{id}/chart: the link chart of a person's course of
// conduct as nodes and edges (docs/api.md).

#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"
#include "api/json_render.hpp"
#include "services/link_chart_service.hpp"

namespace threadline::api {
namespace {

namespace chart = services::chart;

boost::json::object NodeJson(const chart::Node& n) {
  boost::json::object out{{"id", n.id}, {"kind", chart::NodeKindName(n.kind)}};
  switch (n.kind) {
    case chart::NodeKind::kPerson:
      out["person_id"] = n.record_id;
      out["root"] = n.root;
      out["visible"] = n.visible;
      out["roles"] = Strings(n.roles);
      if (n.visible) {
        out["agency"] = n.agency_code;
        out["given_name"] = n.given_name;
        out["family_name"] = n.family_name;
        out["access"] = AccessJson(n.basis, n.withheld);
      }
      break;
    case chart::NodeKind::kReport:
      out["report_id"] = n.record_id;
      out["reference"] = TextOrNull(n.reference);
      out["occurred_at"] = n.occurred_at;
      out["recorded_as"] = TextOrNull(n.recorded_as);
      out["force"] = n.force_code;
      break;
    case chart::NodeKind::kIdentifier:
      out["identifier_kind"] = n.identifier_kind;
      out["value"] = n.value;
      out["holders"] = n.holders;
      break;
    case chart::NodeKind::kForce:
      out["code"] = n.force_code;
      out["name"] = n.name;
      break;
  }
  return out;
}

boost::json::object EdgeJson(const chart::Edge& e) {
  boost::json::object out{{"kind", e.kind}, {"source", e.source}, {"target", e.target}};
  if (e.kind == "party_of") out["role"] = e.role;
  if (e.kind == "same_person") {
    out["probability"] = e.probability;
    out["match_weight"] = e.weight;
  }
  return out;
}

}  // namespace

void AddChartRoutes(Router& router, ApiContext& context) {
  router.Add("GET", "/api/v1/persons/{id}/chart", [&context](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {}); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    const std::string& id = request.path_params.at("id");
    services::LinkChartService charts(context.store, context.access, context.links);
    auto drawn = charts.ForPerson(ActorFor(request), id);
    if (!drawn.ok()) return ProblemResponse(drawn.error(), request.request_id);
    boost::json::array nodes;
    for (const auto& n : drawn->chart.nodes) nodes.push_back(NodeJson(n));
    boost::json::array edges;
    for (const auto& e : drawn->chart.edges) edges.push_back(EdgeJson(e));
    return JsonResponse(boost::json::object{{"person_id", id},
                                            {"links_shown", drawn->links_shown},
                                            {"truncated", drawn->truncated},
                                            {"nodes", std::move(nodes)},
                                            {"edges", std::move(edges)}});
  });
}

}  // namespace threadline::api
