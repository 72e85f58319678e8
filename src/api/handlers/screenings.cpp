#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"
#include "api/json_input.hpp"
#include "api/json_render.hpp"

namespace threadline::api {
namespace {

// The stored answers, result and changes are JSON this server wrote; they
// are spliced into the answer as they are rather than parsed and written
// again, which was most of the cost of a screening request.
std::string ScreeningBody(const domain::Screening& s) {
  boost::json::array classifications;
  for (const auto& c : s.classifications) classifications.emplace_back(c);
  const boost::json::object meta{{"id", s.id},
                                 {"report_id", s.report_id},
                                 {"questionnaire_version", s.questionnaire_version},
                                 {"created_at", s.created_at},
                                 {"principal", s.principal},
                                 {"classifications", std::move(classifications)},
                                 {"risk_level", s.risk_level},
                                 {"previous_screening_id", TextOrNull(s.previous_id)}};
  std::string out = boost::json::serialize(meta);
  out.pop_back();  // the closing brace
  out.reserve(out.size() + s.changes_json.size() + s.answers_json.size() + s.result_json.size() +
              48);
  out += ",\"changes\":";
  out += s.changes_json.empty() ? "null" : s.changes_json;
  out += ",\"answers\":";
  out += s.answers_json;
  out += ",\"result\":";
  out += s.result_json;
  out += '}';
  return out;
}

// A disclosed screening: withheld parts null, and the basis of access.
std::string ScreeningBody(const services::Disclosed<domain::Screening>& shown) {
  domain::Screening s = shown.record;
  const bool answers_withheld =
      std::any_of(shown.withheld.begin(), shown.withheld.end(),
                  [](const services::Withheld& w) { return w.field == "answers"; });
  if (answers_withheld) s.answers_json = "null";
  std::string out = ScreeningBody(s);
  out.pop_back();
  out += ",\"access\":";
  out += boost::json::serialize(AccessJson(shown.basis, shown.withheld));
  out += '}';
  return out;
}

HttpResponse RawJson(std::string body, unsigned status = 200) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

HttpResponse CreateScreening(ApiContext& context, const HttpRequest& request) {
  // Media type, UTF-8 and JSON shape are checked here like every body; the
  // engine then checks the answers against the questionnaire.
  if (auto body = ParseJsonObjectBody(request); !body.ok()) {
    return ProblemResponse(body.error(), request.request_id);
  }
  const std::string& report_id = request.path_params.at("id");
  auto stored = context.screenings.Screen(ActorFor(request), report_id, request.body);
  if (!stored.ok()) return ProblemResponse(stored.error(), request.request_id);
  HttpResponse response = RawJson(ScreeningBody(*stored), 201);
  response.headers.emplace_back("Location", "/api/v1/screenings/" + stored->id);
  return response;
}

}  // namespace

void AddScreeningRoutes(Router& router, ApiContext& context) {
  router.Add("GET", "/api/v1/screening/questionnaire", [&context](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {}); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    return JsonResponse(context.screenings.screener().questionnaire().ToJson());
  });
  router.Add("POST", "/api/v1/reports/{id}/screenings",
             [&context](const HttpRequest& request) { return CreateScreening(context, request); });
  router.Add("GET", "/api/v1/reports/{id}/screenings", [&context](const HttpRequest& request) {
    auto list = context.screenings.ListForReport(ActorFor(request), request.path_params.at("id"));
    if (!list.ok()) return ProblemResponse(list.error(), request.request_id);
    std::string body = "{\"items\":[";
    for (size_t i = 0; i < list->size(); ++i) {
      if (i > 0) body += ',';
      body += ScreeningBody((*list)[i]);
    }
    body += "]}";
    return RawJson(std::move(body));
  });
  router.Add("GET", "/api/v1/screenings/{id}", [&context](const HttpRequest& request) {
    auto s = context.screenings.Get(ActorFor(request), request.path_params.at("id"));
    if (!s.ok()) return ProblemResponse(s.error(), request.request_id);
    return RawJson(ScreeningBody(*s));
  });
}

}  // namespace threadline::api
