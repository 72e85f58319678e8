// Panels, nominations, agendas and the harm ranking. Parse, call
// PanelService, render; the service decides access.

#include <charconv>

#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"
#include "api/json_input.hpp"
#include "api/json_render.hpp"

namespace threadline::api {
namespace {

boost::json::object PanelJson(const domain::Panel& p) {
  return {{"id", p.id},
          {"code", p.code},
          {"name", p.name},
          {"kind", p.kind},
          {"area", p.area},
          {"schedule", p.schedule},
          {"owner_agency_id", p.owner_agency_id},
          {"created_at", p.created_at}};
}

boost::json::object NominationJson(const domain::Nomination& n) {
  boost::system::error_code ec;
  boost::json::value breakdown = boost::json::parse(n.breakdown_json, ec);
  if (ec) breakdown = nullptr;
  return {{"id", n.id},
          {"panel_id", n.panel_id},
          {"meeting_date", n.meeting_date},
          {"case_id", TextOrNull(n.case_id)},
          {"person_id", TextOrNull(n.person_id)},
          {"source", n.source},
          {"reason", n.reason},
          {"score", n.score},
          {"score_version", TextOrNull(n.score_version)},
          {"breakdown", std::move(breakdown)},
          {"created_at", n.created_at}};
}

// Reads the listed string members of a JSON object; anything else is refused.
Status ReadStrings(const boost::json::object& body,
                   std::initializer_list<std::pair<const char*, std::string*>> fields) {
  std::vector<FieldError> errors;
  for (const auto& [key, value] : body) {
    const auto* f =
        std::find_if(fields.begin(), fields.end(), [&](const auto& p) { return key == p.first; });
    if (f == fields.end()) {
      errors.push_back({std::string(key), "is not a known field"});
    } else if (!value.is_string()) {
      errors.push_back({std::string(key), "must be a string"});
    } else {
      *f->second = std::string(value.as_string());
    }
  }
  if (errors.empty()) return Status::Ok();
  return InvalidArgument("the request is not valid", std::move(errors));
}

HttpResponse Problem(const Error& e, const HttpRequest& r) {
  return ProblemResponse(e, r.request_id);
}

}  // namespace

void AddPanelRoutes(Router& router, ApiContext& context) {
  router.Add("GET", "/api/v1/panels", [&context](const HttpRequest& request) {
    auto panels = context.panels.ListPanels(ActorFor(request));
    if (!panels.ok()) return Problem(panels.error(), request);
    boost::json::array items;
    for (const auto& p : *panels) items.push_back(PanelJson(p));
    return JsonResponse(boost::json::object{{"items", std::move(items)}});
  });
  router.Add("POST", "/api/v1/panels", [&context](const HttpRequest& request) {
    auto body = ParseJsonObjectBody(request);
    if (!body.ok()) return Problem(body.error(), request);
    services::NewPanel in;
    if (Status s = ReadStrings(*body, {{"code", &in.code},
                                       {"name", &in.name},
                                       {"kind", &in.kind},
                                       {"area", &in.area},
                                       {"schedule", &in.schedule}});
        !s.ok()) {
      return Problem(s.error(), request);
    }
    auto panel = context.panels.CreatePanel(ActorFor(request), in);
    if (!panel.ok()) return Problem(panel.error(), request);
    HttpResponse r = JsonResponse(PanelJson(*panel), 201);
    r.headers.emplace_back("Location", "/api/v1/panels/" + panel->id);
    return r;
  });
  router.Add("GET", "/api/v1/panels/{id}", [&context](const HttpRequest& request) {
    auto panel = context.panels.GetPanel(ActorFor(request), request.path_params.at("id"));
    if (!panel.ok()) return Problem(panel.error(), request);
    return JsonResponse(PanelJson(*panel));
  });
  router.Add("POST", "/api/v1/panels/{id}/nominations", [&context](const HttpRequest& request) {
    auto body = ParseJsonObjectBody(request);
    if (!body.ok()) return Problem(body.error(), request);
    services::NewNomination in;
    if (Status s = ReadStrings(*body, {{"meeting_date", &in.meeting_date},
                                       {"case_id", &in.case_id},
                                       {"person_id", &in.person_id},
                                       {"source", &in.source},
                                       {"reason", &in.reason}});
        !s.ok()) {
      return Problem(s.error(), request);
    }
    auto n = context.panels.Nominate(ActorFor(request), request.path_params.at("id"), in);
    if (!n.ok()) return Problem(n.error(), request);
    return JsonResponse(NominationJson(*n), 201);
  });
  router.Add("GET", "/api/v1/panels/{id}/agenda", [&context](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {"date"}); !s.ok()) return Problem(s.error(), request);
    const auto date = request.query.find("date");
    if (date == request.query.end()) {
      return Problem(InvalidArgument("the query is not valid", {{"date", "is required"}}), request);
    }
    auto agenda =
        context.panels.Agenda(ActorFor(request), request.path_params.at("id"), date->second);
    if (!agenda.ok()) return Problem(agenda.error(), request);
    boost::json::array entries;
    for (const auto& e : agenda->entries) {
      boost::json::object o{
          {"basis", e.basis},
          {"why", e.why},
          {"case_id", TextOrNull(e.case_id)},
          {"case_reference", TextOrNull(e.case_reference)},
          {"tier", e.tier == 0 ? boost::json::value(nullptr) : boost::json::value(e.tier)},
          {"person_id", TextOrNull(e.person_id)},
          {"score", e.score},
          {"score_version", TextOrNull(e.score_version)},
          {"last_event_at", TextOrNull(e.last_event_at)}};
      if (e.nomination) o["nomination"] = NominationJson(*e.nomination);
      entries.push_back(std::move(o));
    }
    boost::json::array present;
    for (const auto& a : agenda->attendance.agencies) {
      boost::json::array roles;
      for (const auto& r : a.roles) roles.emplace_back(r);
      present.push_back({{"agency", a.agency}, {"roles", std::move(roles)}, {"cases", a.cases}});
    }
    return JsonResponse(boost::json::object{
        {"panel", PanelJson(agenda->panel)},
        {"meeting_date", agenda->meeting_date},
        {"entries", std::move(entries)},
        {"withheld", agenda->withheld},
        {"attendance",
         boost::json::object{{"agencies", std::move(present)},
                             {"minutes_recorded", agenda->attendance.minutes_recorded},
                             {"minutes_withheld", agenda->attendance.minutes_withheld}}}});
  });
  router.Add("GET", "/api/v1/ranking", [&context](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {"force", "top", "as_of"}); !s.ok()) {
      return Problem(s.error(), request);
    }
    services::RankQuery q;
    for (const auto& [key, value] : request.query) {
      if (key == "force") q.force_code = value;
      if (key == "as_of") q.as_of = value;
      if (key == "top") {
        const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), q.top_n);
        if (ec != std::errc() || p != value.data() + value.size()) {
          return Problem(InvalidArgument("the query is not valid", {{"top", "must be a number"}}),
                         request);
        }
      }
    }
    auto ranking = context.panels.Rank(ActorFor(request), q);
    if (!ranking.ok()) return Problem(ranking.error(), request);
    boost::json::array ranked;
    for (const auto& r : ranking->ranked) {
      ranked.push_back(boost::json::object{
          {"rank", r.rank},
          {"person_id", r.person_id},
          {"score", r.score},
          {"recency", boost::json::object{{"points", r.recency_points},
                                          {"days_since_last", r.days_since_last}}},
          {"frequency",
           boost::json::object{{"points", r.frequency_points}, {"incidents", r.incidents}}},
          {"gravity", boost::json::object{{"points", r.gravity_points}, {"harm", r.gravity}}},
          {"victims", boost::json::object{{"points", r.victim_points}, {"count", r.victims}}},
          {"serial", r.serial},
          {"explanation", r.explanation}});
    }
    return JsonResponse(boost::json::object{{"force", ranking->force_code},
                                            {"as_of", ranking->as_of},
                                            {"model_version", ranking->model_version},
                                            {"lookback_days", ranking->lookback_days},
                                            {"pseudonymised", ranking->pseudonymised},
                                            {"reports", ranking->reports},
                                            {"perpetrators", ranking->perpetrators},
                                            {"ranked", std::move(ranked)}});
  });
  router.Add("POST", "/api/v1/ranking/scores", [&context](const HttpRequest& request) {
    auto body = ParseJsonObjectBody(request);
    if (!body.ok()) return Problem(body.error(), request);
    std::string force;
    std::string as_of;
    if (Status s = ReadStrings(*body, {{"force", &force}, {"as_of", &as_of}}); !s.ok()) {
      return Problem(s.error(), request);
    }
    auto recorded = context.panels.RecordScores(ActorFor(request), force, as_of);
    if (!recorded.ok()) return Problem(recorded.error(), request);
    return JsonResponse(boost::json::object{{"force", recorded->force_code},
                                            {"scored_on", recorded->scored_on},
                                            {"model_version", recorded->model_version},
                                            {"recorded", recorded->recorded},
                                            {"already_recorded", recorded->already_recorded}},
                        201);
  });
  router.Add("GET", "/api/v1/persons/{id}/harm-scores", [&context](const HttpRequest& request) {
    auto history = context.panels.ScoreHistory(ActorFor(request), request.path_params.at("id"));
    if (!history.ok()) return Problem(history.error(), request);
    boost::json::array entries;
    for (const auto& e : history->entries) {
      boost::system::error_code ec;
      boost::json::value breakdown = boost::json::parse(e.score.breakdown_json, ec);
      if (ec) breakdown = nullptr;
      entries.push_back(boost::json::object{{"scored_on", e.score.scored_on},
                                            {"score", e.score.score},
                                            {"version", e.score.version},
                                            {"breakdown", std::move(breakdown)},
                                            {"change_since_first", e.change_since_first}});
    }
    return JsonResponse(boost::json::object{{"person_id", history->person_id},
                                            {"entries", std::move(entries)},
                                            {"change_since_first", history->change_since_first},
                                            {"same_model", history->same_model}});
  });
}

}  // namespace threadline::api
