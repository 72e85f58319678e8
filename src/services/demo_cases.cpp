#include "services/demo_cases.hpp"

#include <map>

#include "domain/datetime.hpp"
#include "domain/working_days.hpp"

namespace threadline::services {
namespace {

using boost::json::object;

struct DemoActors {
  std::map<std::string, Actor> by_role;
  const Actor& operator[](const std::string& role) const { return by_role.at(role); }
};

Result<DemoActors> LoadActors(store::Store& store) {
  DemoActors actors;
  const Status read = store.Read([&](store::ReadTx& tx) -> Status {
    for (const char* name : {"officer", "lead", "clinician", "probation", "advocate"}) {
      auto user = tx.GetUserByName(name);
      if (!user.ok()) return user.status();
      actors.by_role[name] = Actor{user->id, user->agency_id, user->role, "", "demo", {}};
    }
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  return actors;
}

std::string Day(int offset) {
  return domain::FormatDate(domain::CivilFromDays(domain::NowSeconds() / 86400 + offset));
}

// Stops the seeding at the first refusal: demo data must be all true or
// not there at all, and a refusal here is a bug in the use cases.
#define TL_DEMO_TRY(expr)                      \
  do {                                         \
    auto result_ = (expr);                     \
    if (!result_.ok()) return result_.error(); \
  } while (false)

Result<CaseItemView> Event(CaseService& cases, const Actor& actor, const CaseItemView& item,
                           object fields) {
  fields["version"] = item.item.version;
  return cases.Transition(actor, item.item.id, fields);
}

object Triage(int64_t version, int tier, const char* risk, const char* case_type, object facts) {
  return {
      {"version", version},
      {"participants",
       boost::json::array{object{{"agency", "met"}, {"role", "stalking lead"}},
                          object{{"agency", "nhs-beh"}, {"role", "psychologist"}},
                          object{{"agency", "probation-london"}, {"role", "probation officer"}}}},
      {"case_type", case_type},
      {"motivation", "rejected"},
      {"risk_level", risk},
      {"facts", std::move(facts)},
      {"tier", tier},
      {"rationale", "Agreed at the daily multi-agency consultation."},
      {"override_reason", "Consultation judgement on the whole history."},
      {"action_plan", object{{"investigation", "Gather call logs and CCTV."},
                             {"risk_management", "Consider a Stalking Protection Order."}}},
      {"safeguarding_plan", "Advocate referral offered; safety plan; home security check."}};
}

// One case at the stage `stage` (0..5), from a report with victim and suspect.
Status Walk(CaseService& cases, const DemoActors& a, const domain::Report& report,
            const domain::Id& victim, const domain::Id& suspect, int stage, domain::Id& case_id) {
  const Actor& officer = a["officer"];
  const Actor& lead = a["lead"];
  auto kase = cases.Refer(officer, object{{"source", "police_report"},
                                          {"report_ids", boost::json::array{report.id}},
                                          {"victim_person_id", victim},
                                          {"suspect_person_id", suspect},
                                          {"reason",
                                           "Repeated unwanted contact; screened as "
                                           "stalking at the door."}});
  if (!kase.ok()) return kase.error();
  const domain::Id id = kase->record.id;
  case_id = id;
  if (stage == 0) return Status::Ok();  // awaiting triage
  if (stage == 1) {
    object advice = Triage(1, 1, "standard", "neighbour", object{{"is_stalking", false}});
    advice.erase("tier");
    advice["advice"] =
        "A boundary dispute between neighbours: record it as such, give "
        "mediation details, and refer again if contact continues.";
    TL_DEMO_TRY(cases.Triage(lead, id, advice));
    return Status::Ok();
  }
  const int tier = stage - 1;
  static const char* kRisk[] = {"", "", "standard", "medium", "high", "high"};
  object facts{{"fear_of_violence", stage >= 3}};
  if (stage == 5) facts["weapons"] = true;
  TL_DEMO_TRY(cases.Triage(
      lead, id,
      Triage(1, tier, kRisk[stage], stage == 3 ? "domestic_ex_intimate" : "stranger", facts)));
  TL_DEMO_TRY(cases.AddItem(officer, id, *FindKind("action"),
                            object{{"title", "Record the course of conduct as one stalking crime"},
                                   {"category", "crime_recording"},
                                   {"owner_agency", "met"},
                                   {"owner_user_id", officer.user_id},
                                   {"due_on", Day(stage == 4 ? -3 : 10)}}));
  if (stage == 3) {
    auto consent = cases.AddItem(lead, id, *FindKind("consent"),
                                 object{{"purpose", "advocacy_referral"},
                                        {"receiving_agency", "advocacy-suzy-lamplugh"},
                                        {"given", true},
                                        {"recorded_on", Day(-20)}});
    if (!consent.ok()) return consent.error();
    auto advocacy = cases.AddItem(
        lead, id, *FindKind("advocacy"),
        object{{"advocate_agency", "advocacy-suzy-lamplugh"}, {"consent_id", consent->item.id}});
    if (!advocacy.ok()) return advocacy.error();
    auto accepted = Event(cases, a["advocate"], *advocacy, {{"event", "accept"}});
    if (!accepted.ok()) return accepted.error();
    TL_DEMO_TRY(Event(cases, a["advocate"], *accepted,
                      {{"event", "allocate"}, {"advocate_user_id", a["advocate"].user_id}}));
    const Actor& advocate = a["advocate"];
    TL_DEMO_TRY(cases.AddItem(advocate, id, *FindKind("safe_contact"),
                              object{{"channels", boost::json::array{"email", "via_advocate"}},
                                     {"times", "Weekdays after 6pm"},
                                     {"code_word", "bluebell"}}));
    TL_DEMO_TRY(cases.AddItem(advocate, id, *FindKind("contact"),
                              object{{"with", "victim"},
                                     {"channel", "email"},
                                     {"at", Day(-2) + "T18:30:00Z"},
                                     {"summary", "Agreed the safety plan."}}));
    TL_DEMO_TRY(cases.AddItem(advocate, id, *FindKind("needs_assessment"),
                              object{{"needs", boost::json::array{"safety", "emotional"}},
                                     {"notes", "Wants help changing her phone number."}}));
    TL_DEMO_TRY(cases.AddItem(advocate, id, *FindKind("victim_view"),
                              object{{"risk_level", "high"},
                                     {"feels_safe", false},
                                     {"in_their_words", "I check the street before I leave."}}));
    TL_DEMO_TRY(
        cases.AddItem(lead, id, *FindKind("marac"),
                      object{{"referred_on", Day(-10)}, {"reason", "Ex-partner, medium risk"}}));
  }
  if (stage >= 4) {
    auto order = cases.AddItem(
        officer, id, *FindKind("order"),
        object{{"order_type", "spo"},
               {"court", "Highbury Corner Magistrates' Court"},
               {"conditions", boost::json::array{object{{"code", "no_contact"}, {"text", ""}},
                                                 object{{"code", "exclusion_zone"},
                                                        {"text", "The victim's street"}}}}});
    if (!order.ok()) return order.error();
    CaseItemView o = *order;
    for (object step :
         {object{{"event", "apply"}, {"on", Day(-60)}},
          object{{"event", "grant_interim"}, {"on", Day(-58)}},
          object{{"event", "serve"}, {"on", Day(-57)}},
          object{{"event", "grant_full"}, {"on", Day(-5)}, {"expires_on", Day(735)}}}) {
      auto next = Event(cases, officer, o, std::move(step));
      if (!next.ok()) return next.error();
      o = *next;
    }
    if (stage == 4) {
      TL_DEMO_TRY(cases.AddItem(officer, id, *FindKind("breach"),
                                object{{"order_id", o.item.id},
                                       {"occurred_on", Day(-2)},
                                       {"what_happened", "Seen at the end of the victim's street."},
                                       {"outcome", "arrested"}}));
      TL_DEMO_TRY(cases.RecordOutcome(
          officer, id,
          object{{"report_id", report.id}, {"kind", "charged"}, {"occurred_on", Day(-1)}}));
      TL_DEMO_TRY(cases.AddItem(officer, id, *FindKind("evidence"),
                                object{{"description", "Screenshots of 40 messages"},
                                       {"evidence_type", "screenshot"},
                                       {"source", "victim"},
                                       {"obtained_on", Day(-30)},
                                       {"content_sha256", std::string(64, 'a')},
                                       {"report_ids", boost::json::array{report.id}}}));
    }
  }
  if (stage == 5) {
    TL_DEMO_TRY(cases.AddItem(a["probation"], id, *FindKind("mappa"),
                              object{{"category", 2}, {"level", 2}, {"from_date", Day(-40)}}));
    auto intervention = cases.AddItem(a["probation"], id, *FindKind("intervention"),
                                      object{{"programme", "Stalking intervention programme"},
                                             {"provider", "NHS stalking clinic"},
                                             {"referral_date", Day(-35)}});
    if (!intervention.ok()) return intervention.error();
    TL_DEMO_TRY(Event(cases, a["probation"], *intervention,
                      {{"event", "start"}, {"on", Day(-21)}, {"engagement", "partial"}}));
    TL_DEMO_TRY(cases.AddItem(a["clinician"], id, *FindKind("health_contact"),
                              object{{"at", Day(-7) + "T10:00:00Z"},
                                     {"service", "Stalking clinic"},
                                     {"notes", "Assessment session attended."}}));
    TL_DEMO_TRY(cases.RecordOutcome(
        officer, id,
        object{{"report_id", report.id}, {"kind", "arrested"}, {"occurred_on", Day(0)}}));
  }
  return Status::Ok();
}

// The Met's stalking clinic: the tier 3 and 4 cases nominated for the next
// meeting and minuted at the last one, and today's harm scores.
Status SeedClinic(CaseService& cases, PanelService& panels, const DemoActors& a,
                  const std::vector<domain::Id>& listed) {
  const Actor& lead = a["lead"];
  auto panel = panels.CreatePanel(
      lead, NewPanel{"met-stalking-clinic", "Metropolitan Police stalking clinic",
                     "stalking_clinic", "met", "Weekly on Tuesday"});
  if (!panel.ok()) return panel.error();
  const int64_t today = domain::NowSeconds() / 86400;
  const int weekday = domain::DayOfWeek(domain::CivilFromDays(today));  // 0 = Monday
  const int64_t next_tuesday = today + ((1 - weekday + 7) % 7 == 0 ? 7 : (1 - weekday + 7) % 7);
  const std::string next = domain::FormatDate(domain::CivilFromDays(next_tuesday));
  const std::string last = domain::FormatDate(domain::CivilFromDays(next_tuesday - 7));
  for (const auto& id : listed) {
    TL_DEMO_TRY(panels.Nominate(lead, panel->id,
                                NewNomination{next, id, "", "team", "Monthly review at tier 3-4"}));
    TL_DEMO_TRY(cases.AddItem(
        lead, id, *FindKind("minutes"),
        object{{"panel_id", panel->id},
               {"meeting_date", last},
               {"attendance",
                boost::json::array{
                    object{{"agency", "met"}, {"role", "stalking lead"}},
                    object{{"agency", "nhs-beh"}, {"role", "psychologist"}},
                    object{{"agency", "probation-london"}, {"role", "probation"}},
                    object{{"agency", "advocacy-suzy-lamplugh"}, {"role", "advocate"}}}},
               {"discussion", "Reviewed the risk-management plan and the order's conditions."},
               {"decisions", "Keep at this tier; advocate to review the safety plan."}}));
  }
  TL_DEMO_TRY(panels.RecordScores(lead, "met", ""));
  return Status::Ok();
}

#undef TL_DEMO_TRY

}  // namespace

Result<size_t> SeedDemoCases(store::Store& store, CaseService& cases, PanelService& panels,
                             size_t count) {
  struct Candidate {
    domain::Report report;
    domain::Id victim;
    domain::Id suspect;
  };
  std::vector<Candidate> candidates;
  int64_t existing = 0;
  const Status read = store.Read([&](store::ReadTx& tx) -> Status {
    auto n = tx.Count(store::Table::kCases);
    if (!n.ok()) return n.status();
    existing = *n;
    auto met = tx.GetAgencyByCode("met");
    if (!met.ok()) return met.status();
    store::ReportFilter filter;
    filter.force_id = met->id;
    filter.limit = 200;
    auto page = tx.ListReports(filter);
    if (!page.ok()) return page.status();
    for (auto& r : page->reports) {
      Candidate c{r, "", ""};
      for (const auto& p : r.parties) {
        if (p.role == "victim" && c.victim.empty()) c.victim = p.person_id;
        if (p.role == "suspect" && c.suspect.empty()) c.suspect = p.person_id;
      }
      if (!c.victim.empty() && !c.suspect.empty()) candidates.push_back(std::move(c));
      if (candidates.size() >= count) break;
    }
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  if (existing > 0 || candidates.empty()) return size_t{0};
  auto actors = LoadActors(store);
  if (!actors.ok()) return actors.error();
  std::vector<domain::Id> listed;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const auto& c = candidates[i];
    const int stage = static_cast<int>(i % 6);
    domain::Id id;
    if (Status s = Walk(cases, *actors, c.report, c.victim, c.suspect, stage, id); !s.ok()) {
      return s.error();
    }
    if (stage >= 4) listed.push_back(id);
  }
  if (Status s = SeedClinic(cases, panels, *actors, listed); !s.ok()) return s.error();
  return candidates.size();
}

}  // namespace threadline::services
