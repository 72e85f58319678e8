// The OpenAPI document, built from the router's own routes so it can never
// list a route the server does not serve or miss one it does. Each route's
// one-line summary lives here; a route without one is reported by
// UndocumentedRoutes (and the access-matrix test fails).

#include <boost/json.hpp>

#include <map>
#include <memory>

#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"
#include "services/case_kinds.hpp"

namespace threadline::api {
namespace {

const std::map<std::string, std::string, std::less<>>& Summaries() {
  static const std::map<std::string, std::string, std::less<>> summaries = {
      {"GET /", "The web application (or a plain page naming the API)"},
      {"GET /healthz", "The process is up"},
      {"GET /readyz", "The database answers"},
      {"GET /api/v1/openapi.json", "This document"},
      {"POST /api/v1/session", "Sign in: user name, password and second factor"},
      {"GET /api/v1/session", "Who is signed in, with their agency, role and actions"},
      {"DELETE /api/v1/session", "Sign out"},
      {"DELETE /api/v1/sessions", "Sign out everywhere"},
      {"GET /api/v1/users", "Users (administrators)"},
      {"GET /api/v1/roles", "What each role may do (administrators)"},
      {"POST /api/v1/users", "Create a user (administrators)"},
      {"POST /api/v1/users/{id}/unlock", "Clear a lockout (administrators)"},
      {"PUT /api/v1/users/{id}/role", "Change a role; ends the user's sessions"},
      {"GET /api/v1/service-tokens", "Service-account tokens"},
      {"POST /api/v1/service-tokens", "Issue a service-account token, shown once"},
      {"DELETE /api/v1/service-tokens/{id}", "Revoke a token"},
      {"GET /api/v1/agreements", "Information-sharing agreements"},
      {"POST /api/v1/agreements", "Create an information-sharing agreement"},
      {"POST /api/v1/emergency-access", "Open one record outside your scope, with a reason"},
      {"GET /api/v1/emergency-access", "Emergency access awaiting review"},
      {"POST /api/v1/emergency-access/{id}/review", "Review an emergency access"},
      {"GET /api/v1/cases/{id}/records",
       "Everything recorded on a case you may see: every item and every outcome"},
      {"GET /api/v1/retention/rules", "The review period of each record type"},
      {"GET /api/v1/retention/queue", "Records whose review date has passed, with the reasons"},
      {"POST /api/v1/retention/reviews", "Keep a record until a later review, or delete it"},
      {"GET /api/v1/audit", "Who consulted or changed a record"},
      {"GET /api/v1/agencies", "Agencies taking part"},
      {"POST /api/v1/reports", "Record an incident report"},
      {"GET /api/v1/reports", "Incident reports, newest first"},
      {"GET /api/v1/reports/{id}", "One report"},
      {"GET /api/v1/persons/{id}", "One person record"},
      {"GET /api/v1/persons/{id}/links", "Records linked to a person, with their strength"},
      {"GET /api/v1/persons/{id}/chart",
       "Link chart of a person's course of conduct: people, reports, identifiers, forces"},
      {"GET /api/v1/links/{a}/{b}/explain", "Why two records are (not) the same person"},
      {"PUT /api/v1/links/{a}/{b}/decision",
       "Decide that two records are (not) the same person, with a reason"},
      {"DELETE /api/v1/links/{a}/{b}/decision", "Undo the decision on two records, with a reason"},
      {"GET /api/v1/persons/{id}/link-decisions",
       "Practitioners' decisions naming a person record, with their undoing"},
      {"GET /api/v1/findings",
       "Course-of-conduct findings, with when each was raised and its status"},
      {"GET /api/v1/findings/{id}", "One finding, raised or withdrawn, with its acknowledgement"},
      {"POST /api/v1/findings/{id}/acknowledgement",
       "Record that you have acted on a finding, with a note"},
      {"GET /api/v1/screening/questionnaire", "The screening questionnaire"},
      {"POST /api/v1/reports/{id}/screenings", "Screen a report"},
      {"GET /api/v1/reports/{id}/screenings", "Screenings of a report"},
      {"GET /api/v1/screenings/{id}", "One screening with its reasons"},
      {"POST /api/v1/referrals", "Refer to the multi-agency programme (a case is opened)"},
      {"GET /api/v1/referrals", "The triage queue"},
      {"POST /api/v1/self-referrals",
       "Public self-referral, no sign-in: answers a reference and next steps only"},
      {"GET /api/v1/self-referrals/areas", "The areas a self-referral may name (public)"},
      {"GET /api/v1/cases", "Cases the caller may see"},
      {"GET /api/v1/cases/{id}", "One case"},
      {"PATCH /api/v1/cases/{id}", "Change the case lead or the Victims' Code entitlement"},
      {"POST /api/v1/cases/{id}/tier-suggestion", "What the tiering rules suggest, and why"},
      {"POST /api/v1/cases/{id}/triage", "Record a triage: tier, rationale, plans, or advice"},
      {"POST /api/v1/cases/{id}/close", "Close a case"},
      {"POST /api/v1/cases/{id}/reopen", "Reopen a case"},
      {"POST /api/v1/cases/{id}/reports", "Add a new incident's report; the tier is re-evaluated"},
      {"GET /api/v1/cases/{id}/timeline", "Everything that happened, as the caller may see it"},
      {"POST /api/v1/cases/{id}/outcomes", "A criminal justice outcome on a report of the case"},
      {"POST /api/v1/cases/{id}/{collection}", "Record an item of one kind on a case"},
      {"GET /api/v1/cases/{id}/{collection}", "The items of one kind on a case"},
      {"GET /api/v1/case-items/{id}", "One item of a case"},
      {"PATCH /api/v1/case-items/{id}", "Edit a plan or an intervention"},
      {"POST /api/v1/case-items/{id}/events", "Move an item through its lifecycle"},
      {"GET /api/v1/work/due", "Overdue actions, Victims' Code clocks, orders near expiry"},
      {"GET /api/v1/panels", "Panels the caller may see"},
      {"POST /api/v1/panels", "Create a panel"},
      {"GET /api/v1/panels/{id}", "One panel"},
      {"POST /api/v1/panels/{id}/nominations", "Nominate a case or perpetrator for a meeting"},
      {"GET /api/v1/panels/{id}/agenda", "A meeting's agenda: nominations and cases due review"},
      {"GET /api/v1/ranking", "Harm ranking (RFGV) of a force's perpetrators"},
      {"POST /api/v1/ranking/scores", "Store today's harm scores of a force"},
      {"GET /api/v1/persons/{id}/harm-scores", "A perpetrator's harm scores over time"},
      {"GET /api/v1/stats/{measure}",
       "Accountability figures (funnel, quality, programme, orders, victims, panels, return) as "
       "JSON, CSV or XLSX"},
  };
  return summaries;
}

std::string Key(const Router::RouteInfo& r) { return r.method + " " + r.pattern; }

boost::json::array PathParameters(const std::string& pattern) {
  boost::json::array params;
  for (size_t at = pattern.find('{'); at != std::string::npos; at = pattern.find('{', at + 1)) {
    const std::string name = pattern.substr(at + 1, pattern.find('}', at) - at - 1);
    boost::json::object schema{{"type", "string"}};
    if (name == "collection") {
      boost::json::array kinds;
      for (const auto& k : services::CaseItemKinds()) kinds.emplace_back(k.route);
      schema["enum"] = std::move(kinds);
    }
    params.push_back(boost::json::object{
        {"name", name}, {"in", "path"}, {"required", true}, {"schema", std::move(schema)}});
  }
  return params;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

boost::json::object OpenApiDocument(const Router& router) {
  boost::json::object paths;
  for (const auto& r : router.Routes()) {
    const auto summary = Summaries().find(Key(r));
    boost::json::object op{
        {"summary", summary != Summaries().end() ? summary->second : std::string()},
        {"parameters", PathParameters(r.pattern)},
        {"responses",
         boost::json::object{
             {"default", boost::json::object{
                             {"description", "JSON, or application/problem+json on error"}}}}}};
    if (r.access == RouteAccess::kPublic) op["security"] = boost::json::array{};
    auto& path = paths[r.pattern];
    if (!path.is_object()) path = boost::json::object{};
    path.as_object()[Lower(r.method)] = std::move(op);
  }
  return {{"openapi", "3.1.0"},
          {"info", boost::json::object{{"title", "Threadline API"}, {"version", "1"}}},
          {"components",
           boost::json::object{
               {"securitySchemes",
                boost::json::object{
                    {"session",
                     boost::json::object{
                         {"type", "apiKey"}, {"in", "cookie"}, {"name", "threadline_session"}}},
                    {"bearer", boost::json::object{{"type", "http"}, {"scheme", "bearer"}}}}}}},
          {"security", boost::json::array{boost::json::object{{"session", boost::json::array{}}},
                                          boost::json::object{{"bearer", boost::json::array{}}}}},
          {"paths", std::move(paths)}};
}

std::vector<std::string> UndocumentedRoutes(const Router& router) {
  std::vector<std::string> out;
  for (const auto& r : router.Routes()) {
    if (!Summaries().contains(Key(r))) out.push_back(Key(r));
  }
  return out;
}

void AddOpenApiRoute(Router& router) {
  // Registered last, so the document is complete when it is built: once,
  // here, including its own route.
  auto document = std::make_shared<std::string>();
  router.Add(
      "GET", "/api/v1/openapi.json",
      [document](const HttpRequest&) {
        HttpResponse r;
        r.body = *document;
        return r;
      },
      RouteAccess::kPublic);
  *document = boost::json::serialize(OpenApiDocument(router));
}

}  // namespace threadline::api
