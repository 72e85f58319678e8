#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"
#include "api/json_input.hpp"
#include "api/json_render.hpp"

namespace threadline::api {
namespace {

domain::NewPerson ReadPerson(const boost::json::object& object, const std::string& prefix,
                             std::vector<FieldError>& errors) {
  FieldReader f(object, prefix, errors);
  f.RejectUnknown({"given_name", "family_name", "dob", "gender", "address", "postcode", "phones",
                   "emails", "handles", "vehicles"});
  domain::NewPerson p;
  p.given_name = f.String("given_name");
  p.family_name = f.String("family_name");
  p.dob = f.String("dob");
  p.gender = f.String("gender");
  p.address = f.String("address");
  p.postcode = f.String("postcode");
  p.phones = f.StringArray("phones");
  p.emails = f.StringArray("emails");
  p.handles = f.StringArray("handles");
  p.vehicles = f.StringArray("vehicles");
  return p;
}

domain::NewParty ReadParty(const boost::json::value& value, const std::string& prefix,
                           std::vector<FieldError>& errors) {
  domain::NewParty party;
  if (!value.is_object()) {
    errors.push_back({prefix, "must be an object"});
    return party;
  }
  FieldReader f(value.as_object(), prefix, errors);
  f.RejectUnknown({"role", "person_id", "person"});
  party.role = f.String("role", true);
  if (f.Has("person_id")) party.person_id = f.String("person_id");
  if (const auto* person = f.Object("person")) {
    party.person = ReadPerson(*person, f.Path("person"), errors);
  }
  return party;
}

// The body of POST /api/v1/reports as a NewReport, or every problem with it.
Result<domain::NewReport> ReadNewReport(const boost::json::object& body) {
  std::vector<FieldError> errors;
  FieldReader f(body, "", errors);
  f.RejectUnknown({"force", "reference", "occurred_at", "reported_at", "summary", "recorded_as",
                   "behaviours", "parties"});
  domain::NewReport r;
  r.force = f.String("force", true);
  r.reference = f.String("reference");
  r.occurred_at = f.String("occurred_at", true);
  r.reported_at = f.String("reported_at");
  r.summary = f.String("summary");
  r.recorded_as = f.String("recorded_as");
  r.behaviours = f.StringArray("behaviours");
  if (const auto* parties = f.Array("parties", true)) {
    if (parties->size() > domain::kMaxParties) {
      f.AddError("parties", "has more than " + std::to_string(domain::kMaxParties) + " entries");
    } else {
      for (size_t i = 0; i < parties->size(); ++i) {
        r.parties.push_back(ReadParty((*parties)[i], "parties/" + std::to_string(i), errors));
      }
    }
  }
  if (!errors.empty()) return InvalidArgument("the report is not valid", std::move(errors));
  return r;
}

HttpResponse CreateReport(ApiContext& context, const HttpRequest& request) {
  auto body = ParseJsonObjectBody(request);
  if (!body.ok()) return ProblemResponse(body.error(), request.request_id);
  auto input = ReadNewReport(*body);
  if (!input.ok()) return ProblemResponse(input.error(), request.request_id);
  auto report = context.reports.Submit(ActorFor(request), std::move(*input));
  if (!report.ok()) return ProblemResponse(report.error(), request.request_id);
  HttpResponse response = JsonResponse(ReportJson(*report), 201);
  response.headers.emplace_back("Location", "/api/v1/reports/" + report->id);
  return response;
}

HttpResponse ListReports(ApiContext& context, const HttpRequest& request) {
  if (Status s = CheckQueryParams(request, {"force", "from", "to", "cursor", "limit"}); !s.ok()) {
    return ProblemResponse(s.error(), request.request_id);
  }
  services::ReportQuery query;
  query.force = QueryParam(request, "force");
  query.from = QueryParam(request, "from");
  query.to = QueryParam(request, "to");
  query.cursor = QueryParam(request, "cursor");
  if (const std::string limit = QueryParam(request, "limit"); !limit.empty()) {
    const bool digits = limit.size() <= 4 && std::all_of(limit.begin(), limit.end(), ::isdigit);
    query.limit = digits ? std::stoul(limit) : 0;  // 0 is refused with the other errors
  }
  auto page = context.reports.List(ActorFor(request), query);
  if (!page.ok()) return ProblemResponse(page.error(), request.request_id);
  boost::json::array items;
  for (const auto& r : page->reports) items.push_back(ReportJson(r));
  boost::json::object out{{"items", std::move(items)}};
  out["next_cursor"] = page->next_cursor.empty() ? boost::json::value(nullptr)
                                                 : boost::json::value(page->next_cursor);
  return JsonResponse(out);
}

}  // namespace

void AddReportRoutes(Router& router, ApiContext& context) {
  router.Add("POST", "/api/v1/reports",
             [&context](const HttpRequest& request) { return CreateReport(context, request); });
  router.Add("GET", "/api/v1/reports",
             [&context](const HttpRequest& request) { return ListReports(context, request); });
  router.Add("GET", "/api/v1/reports/{id}", [&context](const HttpRequest& request) {
    auto report = context.reports.Get(ActorFor(request), request.path_params.at("id"));
    if (!report.ok()) return ProblemResponse(report.error(), request.request_id);
    return JsonResponse(ReportJson(*report));
  });
}

}  // namespace threadline::api
