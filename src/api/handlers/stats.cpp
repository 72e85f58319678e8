// The accountability figures: GET /api/v1/stats/{measure} as JSON, CSV or
// an XLSX workbook. Parse, call StatsService, render; the service decides
// access.

#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"
#include "reporting/render.hpp"

namespace threadline::api {
namespace {

HttpResponse Download(std::string body, const char* content_type, const reporting::Measure& m,
                      const char* extension) {
  HttpResponse r;
  r.content_type = content_type;
  r.body = std::move(body);
  const std::string name = "threadline-" + m.measure + "-" + m.period.from + "-to-" + m.period.to +
                           (m.force.empty() ? "" : "-" + m.force) + extension;
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
  return r;
}

}  // namespace

void AddStatsRoutes(Router& router, ApiContext& context) {
  router.Add("GET", "/api/v1/stats/{measure}", [&context](const HttpRequest& request) {
    // Who may ask comes before what was asked.
    if (Status s = context.access.Require(ActorFor(request), "stats.read"); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    if (Status s = CheckQueryParams(request, {"from", "to", "force", "area", "format"}); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    services::StatsQuery q;
    q.measure = request.path_params.at("measure");
    std::string format = "json";
    for (const auto& [key, value] : request.query) {
      if (key == "from") q.from = value;
      if (key == "to") q.to = value;
      if (key == "force") q.force = value;
      if (key == "area") q.area = value;
      if (key == "format") format = value;
    }
    if (format != "json" && format != "csv" && format != "xlsx") {
      return ProblemResponse(
          InvalidArgument("the query is not valid", {{"format", "must be json, csv or xlsx"}}),
          request.request_id);
    }
    auto measure = context.stats.Get(ActorFor(request), q);
    if (!measure.ok()) return ProblemResponse(measure.error(), request.request_id);
    if (format == "csv") {
      return Download(reporting::ToCsv(*measure), "text/csv; charset=utf-8", *measure, ".csv");
    }
    if (format == "xlsx") {
      auto bytes = reporting::ToXlsx(*measure);
      if (!bytes.ok()) return ProblemResponse(bytes.error(), request.request_id);
      return Download(std::move(*bytes),
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", *measure,
                      ".xlsx");
    }
    return JsonResponse(reporting::ToJson(*measure));
  });
}

}  // namespace threadline::api
