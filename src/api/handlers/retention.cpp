// Retention review: the review periods, the queue of records whose review
// date has passed, and reviewers' decisions to keep or delete them.

#include <charconv>

#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"
#include "api/json_input.hpp"
#include "api/json_render.hpp"

namespace threadline::api {
namespace {

boost::json::value ReviewJson(const domain::RetentionReview& r) {
  return boost::json::object{{"id", r.id},
                             {"record_type", r.record_type},
                             {"record_id", r.record_id},
                             {"owner_agency_id", r.owner_agency_id},
                             {"decision", r.decision},
                             {"reason", r.reason},
                             {"next_review_on", TextOrNull(r.next_review_on)},
                             {"deleted", TextOrNull(r.deleted)},
                             {"reviewed_by", r.reviewed_by},
                             {"reviewed_at", r.reviewed_at}};
}

boost::json::object RuleJson(const access::RetentionRule& rule) {
  return {{"record_type", rule.record_type},
          {"review_after_months", rule.review_after_months},
          {"counted_from", access::BasisName(rule.counted_from)},
          {"grounds", rule.grounds}};
}

boost::json::object ItemJson(const services::RetentionQueueItem& item) {
  const auto& r = item.record;
  boost::json::object out{{"record_type", r.record_type},
                          {"record_id", r.record_id},
                          {"reference", r.reference},
                          {"owner_agency_id", r.owner_agency_id},
                          {"counted_from", r.counted_from},
                          {"due_on", item.due_on},
                          {"reasons", Strings(item.reasons)},
                          {"held_by_cases", Strings(item.held_by_cases)},
                          {"last_review", item.last_review ? ReviewJson(*item.last_review)
                                                           : boost::json::value(nullptr)}};
  if (r.record_type == "case") {
    out["status"] = r.status;
    out["tier"] = r.tier;
  }
  return out;
}

boost::json::object DeletedJson(const store::DeletedRecords& d) {
  return {{"reports", d.reports},         {"screenings", d.screenings},
          {"outcomes", d.outcomes},       {"cases", d.cases},
          {"case_items", d.case_items},   {"case_events", d.case_events},
          {"nominations", d.nominations}, {"harm_scores", d.harm_scores},
          {"findings", d.findings},       {"persons", static_cast<int64_t>(d.persons.size())}};
}

HttpResponse Queue(ApiContext& context, const HttpRequest& request) {
  if (Status s = CheckQueryParams(request, {"type", "agency", "record", "cursor", "limit"});
      !s.ok()) {
    return ProblemResponse(s.error(), request.request_id);
  }
  services::RetentionQueueQuery query;
  query.record_type = QueryParam(request, "type", "report");
  query.agency_code = QueryParam(request, "agency");
  query.record_id = QueryParam(request, "record");
  query.cursor = QueryParam(request, "cursor");
  const std::string limit = QueryParam(request, "limit", "50");
  const auto [end, ec] = std::from_chars(limit.data(), limit.data() + limit.size(), query.limit);
  if (ec != std::errc() || end != limit.data() + limit.size()) {
    return ProblemResponse(
        InvalidArgument("the query is not valid", {{"limit", "must be between 1 and 200"}}),
        request.request_id);
  }
  auto page = context.retention.Queue(ActorFor(request), query);
  if (!page.ok()) return ProblemResponse(page.error(), request.request_id);
  boost::json::array items;
  for (const auto& item : page->items) items.push_back(ItemJson(item));
  return JsonResponse(boost::json::object{{"agency_id", page->agency_id},
                                          {"today", page->today},
                                          {"rule", RuleJson(*page->rule)},
                                          {"items", std::move(items)},
                                          {"next_cursor", TextOrNull(page->next_cursor)}});
}

HttpResponse Decide(ApiContext& context, const HttpRequest& request) {
  auto input = ReadBody<services::RetentionDecisionInput>(request, "decision", [](FieldReader& f) {
    services::RetentionDecisionInput in;
    in.record_type = f.String("record_type", true);
    in.record_id = f.String("record_id", true);
    in.decision = f.String("decision", true);
    in.reason = f.String("reason", true);
    in.next_review_on = f.String("next_review_on");
    f.RejectUnknown({"record_type", "record_id", "decision", "reason", "next_review_on"});
    return in;
  });
  if (!input.ok()) return ProblemResponse(input.error(), request.request_id);
  auto outcome = context.retention.Decide(ActorFor(request), *input);
  if (!outcome.ok()) return ProblemResponse(outcome.error(), request.request_id);
  return JsonResponse(boost::json::object{{"review", ReviewJson(outcome->review)},
                                          {"deleted", DeletedJson(outcome->deleted)}},
                      201);
}

}  // namespace

void AddRetentionRoutes(Router& router, ApiContext& context) {
  router.Add("GET", "/api/v1/retention/rules", [&context](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {}); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    auto rules = context.retention.Rules(ActorFor(request));
    if (!rules.ok()) return ProblemResponse(rules.error(), request.request_id);
    boost::json::array items;
    for (const auto& rule : *rules) items.push_back(RuleJson(rule));
    return JsonResponse(boost::json::object{{"items", std::move(items)}});
  });
  router.Add("GET", "/api/v1/retention/queue",
             [&context](const HttpRequest& request) { return Queue(context, request); });
  router.Add("POST", "/api/v1/retention/reviews",
             [&context](const HttpRequest& request) { return Decide(context, request); });
}

}  // namespace threadline::api
