// Referrals, cases, triage, the things recorded on a case and the timeline.
// Each handler parses, calls CaseService, renders; the service decides access.

#include <charconv>

#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"
#include "api/json_input.hpp"
#include "api/json_render.hpp"
#include "services/case_kinds.hpp"

namespace threadline::api {
namespace {

boost::json::object CaseJson(const services::Disclosed<domain::Case>& shown) {
  const domain::Case& c = shown.record;
  boost::json::object o{
      {"id", c.id},
      {"reference", c.reference},
      {"status", c.status},
      {"tier", c.tier == 0 ? boost::json::value(nullptr) : boost::json::value(c.tier)},
      {"source", c.source},
      {"owner_agency_id", c.owner_agency_id},
      {"referred_by_agency_id", c.referred_by_agency_id},
      {"case_type", c.case_type},
      {"motivation", c.motivation},
      {"risk_level", c.risk_level},
      {"victim_person_id", TextOrNull(c.victim_person_id)},
      {"suspect_person_id", TextOrNull(c.suspect_person_id)},
      {"report_ids", Strings(c.report_ids)},
      {"finding_keys", Strings(c.finding_keys)},
      {"referral_reason", c.referral_reason},
      {"enhanced_rights", c.enhanced_rights},
      {"not_enhanced_reason", c.not_enhanced_reason},
      {"lead_user_id", TextOrNull(c.lead_user_id)},
      {"closure_reason", c.closure_reason},
      {"created_at", c.created_at},
      {"updated_at", c.updated_at},
      {"version", c.version}};
  ApplyDisclosure(o, shown.basis, shown.withheld);
  return o;
}

boost::json::object OutcomeJson(const domain::Outcome& o) {
  return {{"id", o.id},         {"report_id", o.report_id},     {"kind", o.kind},
          {"reason", o.reason}, {"occurred_on", o.occurred_on}, {"created_at", o.created_at}};
}

boost::json::object ItemJson(const services::CaseItemView& view) {
  const domain::CaseItem& i = view.item;
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(i.body_json, ec);
  if (ec) body = nullptr;
  boost::json::object o{{"id", i.id},
                        {"case_id", i.case_id},
                        {"kind", i.kind},
                        {"subtype", i.subtype},
                        {"agency_id", i.agency_id},
                        {"field_class", i.field_class},
                        {"status", TextOrNull(i.status)},
                        {"due_on", TextOrNull(i.due_on)},
                        {"owner_user_id", TextOrNull(i.owner_user_id)},
                        {"body", std::move(body)},
                        {"allowed_events", Strings(view.allowed_events)},
                        {"created_at", i.created_at},
                        {"created_by", TextOrNull(i.created_by)},
                        {"updated_at", i.updated_at},
                        {"version", i.version}};
  if (view.clock) {
    o["victims_code_clock"] = boost::json::object{{"due_on", view.clock->due_on},
                                                  {"working_days", view.clock->working_days},
                                                  {"state", view.clock->state}};
  }
  o["access"] = AccessJson(view.basis, view.withheld);
  return o;
}

boost::json::object SuggestionJson(const risk::TierSuggestion& s, const risk::TierRules& rules) {
  boost::json::array reasons;
  for (const auto& r : s.reasons) {
    reasons.push_back(
        boost::json::object{{"rule_id", r.rule_id}, {"tier", r.tier}, {"text", r.text}});
  }
  boost::json::object o{
      {"tier", s.tier == 0 ? boost::json::value(nullptr) : boost::json::value(s.tier)},
      {"advice_only", s.advice_only},
      {"reasons", std::move(reasons)},
      {"rules_version", s.rules_version},
      {"explanation", risk::ExplainSuggestion(s, rules)}};
  if (const auto* def = rules.Find(s.tier)) {
    o["tier_name"] = def->name;
    o["tier_description"] = def->description;
  }
  return o;
}

template <typename Fn>
HttpResponse WithBody(const HttpRequest& request, Fn&& fn) {
  auto body = ParseJsonObjectBody(request);
  if (!body.ok()) return ProblemResponse(body.error(), request.request_id);
  return fn(*body);
}

HttpResponse Created(const boost::json::object& body, const std::string& location) {
  HttpResponse r = JsonResponse(body, 201);
  r.headers.emplace_back("Location", location);
  return r;
}

Result<size_t> LimitParam(const HttpRequest& request) {
  const auto it = request.query.find("limit");
  if (it == request.query.end()) return size_t{50};
  size_t value = 0;
  const auto [p, ec] =
      std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  if (ec != std::errc() || p != it->second.data() + it->second.size()) {
    return InvalidArgument("the query is not valid", {{"limit", "must be a whole number"}});
  }
  return value;
}

HttpResponse ListCases(ApiContext& context, const HttpRequest& request, bool referrals) {
  if (Status s = CheckQueryParams(
          request, referrals
                       ? std::initializer_list<std::string_view>{"source", "cursor", "limit"}
                       : std::initializer_list<std::string_view>{"status", "tier", "person_id",
                                                                 "source", "cursor", "limit"});
      !s.ok()) {
    return ProblemResponse(s.error(), request.request_id);
  }
  auto limit = LimitParam(request);
  if (!limit.ok()) return ProblemResponse(limit.error(), request.request_id);
  services::CaseQuery q;
  q.limit = *limit;
  if (referrals) q.status = "referred";
  for (const auto& [key, value] : request.query) {
    if (key == "status") q.status = value;
    if (key == "person_id") q.person_id = value;
    if (key == "source") q.source = value;
    if (key == "cursor") q.cursor = value;
    if (key == "tier") {
      if (value.size() != 1 || value[0] < '1' || value[0] > '4') {
        return ProblemResponse(
            InvalidArgument("the query is not valid", {{"tier", "must be 1 to 4"}}),
            request.request_id);
      }
      q.tier = value[0] - '0';
    }
  }
  auto page = context.cases.List(ActorFor(request), q);
  if (!page.ok()) return ProblemResponse(page.error(), request.request_id);
  boost::json::array items;
  for (const auto& c : page->cases) items.push_back(CaseJson(c));
  return JsonResponse(boost::json::object{
      {"items", std::move(items)},
      {"next_cursor", page->next_cursor.empty() ? boost::json::value(nullptr)
                                                : boost::json::value(page->next_cursor)}});
}

// POST /cases/{id}/triage, /close, /reopen and PATCH /cases/{id}: a body in,
// the case out.
using CaseChange = Result<services::Disclosed<domain::Case>> (services::CaseService::*)(
    const services::Actor&, const domain::Id&, const boost::json::object&);

void AddCaseChange(Router& router, ApiContext& context, const char* method, const char* path,
                   CaseChange change) {
  router.Add(method, path, [&context, change](const HttpRequest& request) {
    return WithBody(request, [&](const boost::json::object& body) {
      auto c = (context.cases.*change)(ActorFor(request), request.path_params.at("id"), body);
      if (!c.ok()) return ProblemResponse(c.error(), request.request_id);
      return JsonResponse(CaseJson(*c));
    });
  });
}

}  // namespace

void AddCaseRoutes(Router& router, ApiContext& context) {
  router.Add("POST", "/api/v1/referrals", [&context](const HttpRequest& request) {
    return WithBody(request, [&](const boost::json::object& body) {
      auto c = context.cases.Refer(ActorFor(request), body);
      if (!c.ok()) return ProblemResponse(c.error(), request.request_id);
      return Created(CaseJson(*c), "/api/v1/cases/" + c->record.id);
    });
  });
  router.Add("GET", "/api/v1/referrals",
             [&context](const HttpRequest& request) { return ListCases(context, request, true); });
  router.Add("GET", "/api/v1/cases",
             [&context](const HttpRequest& request) { return ListCases(context, request, false); });
  router.Add("GET", "/api/v1/cases/{id}", [&context](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {}); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    auto c = context.cases.Get(ActorFor(request), request.path_params.at("id"));
    if (!c.ok()) return ProblemResponse(c.error(), request.request_id);
    return JsonResponse(CaseJson(*c));
  });
  AddCaseChange(router, context, "PATCH", "/api/v1/cases/{id}", &services::CaseService::Update);
  AddCaseChange(router, context, "POST", "/api/v1/cases/{id}/close", &services::CaseService::Close);
  AddCaseChange(router, context, "POST", "/api/v1/cases/{id}/reopen",
                &services::CaseService::Reopen);
  AddCaseChange(router, context, "POST", "/api/v1/cases/{id}/reports",
                &services::CaseService::AddReport);
  router.Add("POST", "/api/v1/cases/{id}/triage", [&context](const HttpRequest& request) {
    return WithBody(request, [&](const boost::json::object& body) {
      auto t = context.cases.Triage(ActorFor(request), request.path_params.at("id"), body);
      if (!t.ok()) return ProblemResponse(t.error(), request.request_id);
      return Created(
          boost::json::object{
              {"case", CaseJson(t->kase)},
              {"triage", ItemJson(t->triage)},
              {"suggestion", SuggestionJson(t->suggestion, context.cases.tier_rules())}},
          "/api/v1/case-items/" + t->triage.item.id);
    });
  });
  router.Add("POST", "/api/v1/cases/{id}/tier-suggestion", [&context](const HttpRequest& request) {
    return WithBody(request, [&](const boost::json::object& body) {
      auto s = context.cases.SuggestTier(ActorFor(request), request.path_params.at("id"), body);
      if (!s.ok()) return ProblemResponse(s.error(), request.request_id);
      return JsonResponse(SuggestionJson(*s, context.cases.tier_rules()));
    });
  });
  router.Add("GET", "/api/v1/cases/{id}/timeline", [&context](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {}); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    auto t = context.cases.GetTimeline(ActorFor(request), request.path_params.at("id"));
    if (!t.ok()) return ProblemResponse(t.error(), request.request_id);
    boost::json::array events;
    for (const auto& e : t->entries) {
      boost::json::object o{
          {"seq", e.event.seq},
          {"at", e.event.at},
          {"kind", e.event.kind},
          {"item_id", TextOrNull(e.event.item_id)},
          {"agency", e.agency_code},
          {"user_id", TextOrNull(e.event.user_id)},
          {"summary", e.withheld_reason.empty() ? boost::json::value(e.event.summary)
                                                : boost::json::value(nullptr)}};
      if (!e.withheld_reason.empty()) o["withheld"] = e.withheld_reason;
      events.push_back(std::move(o));
    }
    return JsonResponse(boost::json::object{{"case_id", t->case_id},
                                            {"events", std::move(events)},
                                            {"withheld_events", t->withheld_events}});
  });
  router.Add("POST", "/api/v1/cases/{id}/outcomes", [&context](const HttpRequest& request) {
    return WithBody(request, [&](const boost::json::object& body) {
      auto o = context.cases.RecordOutcome(ActorFor(request), request.path_params.at("id"), body);
      if (!o.ok()) return ProblemResponse(o.error(), request.request_id);
      return JsonResponse(OutcomeJson(*o), 201);
    });
  });
  // Everything on the case page in one request: every item, every outcome.
  router.Add("GET", "/api/v1/cases/{id}/records", [&context](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {}); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    auto records = context.cases.ListRecords(ActorFor(request), request.path_params.at("id"));
    if (!records.ok()) return ProblemResponse(records.error(), request.request_id);
    boost::json::array items;
    for (const auto& v : records->items) items.push_back(ItemJson(v));
    boost::json::array outcomes;
    for (const auto& o : records->outcomes) outcomes.push_back(OutcomeJson(o));
    return JsonResponse(
        boost::json::object{{"items", std::move(items)}, {"outcomes", std::move(outcomes)}});
  });
  // Every kind of thing recorded on a case, by its collection name
  // (services/case_kinds.cpp): actions, plans, contacts, orders, breaches ...
  router.Add("POST", "/api/v1/cases/{id}/{collection}", [&context](const HttpRequest& request) {
    const services::KindSpec* kind =
        services::FindKindByRoute(request.path_params.at("collection"));
    if (kind == nullptr) {
      return HttpProblem(404, "not-found", "Not found", "There is no resource at this address.",
                         request.request_id);
    }
    return WithBody(request, [&](const boost::json::object& body) {
      auto v = context.cases.AddItem(ActorFor(request), request.path_params.at("id"), *kind, body);
      if (!v.ok()) return ProblemResponse(v.error(), request.request_id);
      return Created(ItemJson(*v), "/api/v1/case-items/" + v->item.id);
    });
  });
  router.Add("GET", "/api/v1/cases/{id}/{collection}", [&context](const HttpRequest& request) {
    const services::KindSpec* kind =
        services::FindKindByRoute(request.path_params.at("collection"));
    if (kind == nullptr) {
      return HttpProblem(404, "not-found", "Not found", "There is no resource at this address.",
                         request.request_id);
    }
    if (Status s = CheckQueryParams(request, {}); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    auto items = context.cases.ListItems(ActorFor(request), request.path_params.at("id"), *kind);
    if (!items.ok()) return ProblemResponse(items.error(), request.request_id);
    boost::json::array out;
    for (const auto& v : *items) out.push_back(ItemJson(v));
    return JsonResponse(boost::json::object{{"items", std::move(out)}});
  });
  router.Add("GET", "/api/v1/case-items/{id}", [&context](const HttpRequest& request) {
    auto v = context.cases.GetItem(ActorFor(request), request.path_params.at("id"));
    if (!v.ok()) return ProblemResponse(v.error(), request.request_id);
    return JsonResponse(ItemJson(*v));
  });
  router.Add("PATCH", "/api/v1/case-items/{id}", [&context](const HttpRequest& request) {
    return WithBody(request, [&](const boost::json::object& body) {
      auto v = context.cases.UpdateItem(ActorFor(request), request.path_params.at("id"), body);
      if (!v.ok()) return ProblemResponse(v.error(), request.request_id);
      return JsonResponse(ItemJson(*v));
    });
  });
  router.Add("POST", "/api/v1/case-items/{id}/events", [&context](const HttpRequest& request) {
    return WithBody(request, [&](const boost::json::object& body) {
      auto v = context.cases.Transition(ActorFor(request), request.path_params.at("id"), body);
      if (!v.ok()) return ProblemResponse(v.error(), request.request_id);
      return JsonResponse(ItemJson(*v));
    });
  });
  router.Add("GET", "/api/v1/work/due", [&context](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {"kind", "within_days", "mine"}); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    std::string kind = "action";
    int within = 0;
    bool mine = false;
    for (const auto& [key, value] : request.query) {
      if (key == "kind") kind = value;
      if (key == "mine") mine = value == "true";
      if (key == "within_days") {
        const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), within);
        if (ec != std::errc() || p != value.data() + value.size()) {
          return ProblemResponse(InvalidArgument("the query is not valid",
                                                 {{"within_days", "must be a whole number"}}),
                                 request.request_id);
        }
      }
    }
    auto items = context.cases.DueWork(ActorFor(request), kind, within, mine);
    if (!items.ok()) return ProblemResponse(items.error(), request.request_id);
    boost::json::array out;
    for (const auto& v : *items) out.push_back(ItemJson(v));
    return JsonResponse(boost::json::object{{"items", std::move(out)}});
  });
}

}  // namespace threadline::api
