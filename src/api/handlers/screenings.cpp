#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"
#include "api/json_input.hpp"

namespace threadline::api {
namespace {

boost::json::value ParseStored(const std::string& text) {
  if (text.empty()) return nullptr;
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  return ec ? boost::json::value(nullptr) : v;
}

boost::json::object ScreeningJson(const domain::Screening& s) {
  boost::json::array classifications;
  for (const auto& c : s.classifications) classifications.emplace_back(c);
  return {{"id", s.id},
          {"report_id", s.report_id},
          {"questionnaire_version", s.questionnaire_version},
          {"created_at", s.created_at},
          {"principal", s.principal},
          {"classifications", std::move(classifications)},
          {"risk_level", s.risk_level},
          {"previous_screening_id",
           s.previous_id.empty() ? boost::json::value(nullptr) : boost::json::value(s.previous_id)},
          {"changes", ParseStored(s.changes_json)},
          {"answers", ParseStored(s.answers_json)},
          {"result", ParseStored(s.result_json)}};
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
  HttpResponse response = JsonResponse(ScreeningJson(*stored), 201);
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
    boost::json::array items;
    for (const auto& s : *list) items.push_back(ScreeningJson(s));
    return JsonResponse(boost::json::object{{"items", std::move(items)}});
  });
  router.Add("GET", "/api/v1/screenings/{id}", [&context](const HttpRequest& request) {
    auto s = context.screenings.Get(ActorFor(request), request.path_params.at("id"));
    if (!s.ok()) return ProblemResponse(s.error(), request.request_id);
    return JsonResponse(ScreeningJson(*s));
  });
}

}  // namespace threadline::api
