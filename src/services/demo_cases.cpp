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

constexpr int64_t kDay = 86400;

// Dates relative to the demo's "now" (what the services see) or to the real
// today (for deadlines that must still lie ahead when the demo is used).
std::string DateAt(int64_t unix_seconds, int offset_days) {
  return domain::FormatDate(domain::CivilFromDays(unix_seconds / kDay + offset_days));
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

// One case's history, walked at the times it happened: `At(d)` moves the
// services' clock to `d` days after the referral.
struct Walker {
  CaseService& cases;
  const DemoActors& a;
  DemoTime& time;
  int64_t referred_at = 0;

  void At(int days) { time.Set(referred_at + days * kDay); }
  std::string Day(int offset) { return DateAt(time.Now(), offset); }

  // Tells the victim of every decision still awaiting: in time, or late.
  Status InformDecisions(const domain::Id& id, bool late) {
    const Actor& officer = a["officer"];
    auto decisions = cases.ListItems(officer, id, *FindKind("decision"));
    if (!decisions.ok()) return decisions.error();
    for (const auto& d : *decisions) {
      if (d.item.status != "awaiting") continue;
      TL_DEMO_TRY(Event(cases, officer, d,
                        {{"event", "inform"}, {"on", Day(late ? 4 : 0)}, {"channel", "phone"}}));
    }
    return Status::Ok();
  }

  Status CloseCase(const domain::Id& id, const char* reason) {
    auto c = cases.Get(a["lead"], id);
    if (!c.ok()) return c.error();
    TL_DEMO_TRY(cases.Close(a["lead"], id, {{"version", c->record.version}, {"reason", reason}}));
    return Status::Ok();
  }

  // One case at the stage `stage` (0..5), from a report with victim and suspect.
  Status Walk(const domain::Report& report, const domain::Id& victim, const domain::Id& suspect,
              int stage, int n, domain::Id& case_id) {
    const Actor& officer = a["officer"];
    const Actor& lead = a["lead"];
    auto reported = domain::ParseTimestamp(report.occurred_at);
    // Referrals still awaiting triage arrived this week; the rest three days
    // after their report.
    referred_at = stage == 0 ? domain::NowSeconds() - (n % 3 + 1) * kDay
                             : (reported ? *reported : domain::NowSeconds()) + 3 * kDay;
    At(0);
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
    At(1 + n % 3);
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
    // Actions: tier 1's is due ahead of today; half of tier 3's were missed
    // (overdue); the others were done in time.
    const std::string due =
        stage == 2 ? DateAt(domain::NowSeconds(), 10) : Day(stage == 4 ? 7 : 14);
    auto action =
        cases.AddItem(officer, id, *FindKind("action"),
                      object{{"title", "Record the course of conduct as one stalking crime"},
                             {"category", "crime_recording"},
                             {"owner_agency", "met"},
                             {"owner_user_id", officer.user_id},
                             {"due_on", due}});
    if (!action.ok()) return action.error();
    // Time only moves forward: each step below is at or after the one before.
    auto complete = [&](int day) -> Status {
      At(day);
      TL_DEMO_TRY(Event(cases, officer, *action,
                        {{"event", "complete"}, {"outcome", "Recorded as one s2A crime."}}));
      return Status::Ok();
    };
    if (stage == 5 || (stage == 4 && n % 2 == 0)) {
      if (Status s = complete(5); !s.ok()) return s;
    }
    if (stage == 3) {
      At(4);
      auto consent = cases.AddItem(lead, id, *FindKind("consent"),
                                   object{{"purpose", "advocacy_referral"},
                                          {"receiving_agency", "advocacy-suzy-lamplugh"},
                                          {"given", true},
                                          {"recorded_on", Day(0)}});
      if (!consent.ok()) return consent.error();
      auto advocacy = cases.AddItem(
          lead, id, *FindKind("advocacy"),
          object{{"advocate_agency", "advocacy-suzy-lamplugh"}, {"consent_id", consent->item.id}});
      if (!advocacy.ok()) return advocacy.error();
      At(5);
      const Actor& advocate = a["advocate"];
      auto accepted = Event(cases, advocate, *advocacy, {{"event", "accept"}});
      if (!accepted.ok()) return accepted.error();
      auto allocated = Event(cases, advocate, *accepted,
                             {{"event", "allocate"}, {"advocate_user_id", advocate.user_id}});
      if (!allocated.ok()) return allocated.error();
      TL_DEMO_TRY(cases.AddItem(advocate, id, *FindKind("safe_contact"),
                                object{{"channels", boost::json::array{"email", "via_advocate"}},
                                       {"times", "Weekdays after 6pm"},
                                       {"code_word", "bluebell"}}));
      At(7);
      TL_DEMO_TRY(cases.AddItem(advocate, id, *FindKind("contact"),
                                object{{"with", "victim"},
                                       {"channel", "email"},
                                       {"at", Day(0) + "T18:30:00Z"},
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
                        object{{"referred_on", Day(0)}, {"reason", "Ex-partner, medium risk"}}));
      if (Status s = complete(8); !s.ok()) return s;
      // Support ends after about three months, with the victim's own measures.
      At(90);
      static const char* kMeasure[] = {"improved", "improved", "same", "improved", "worse"};
      TL_DEMO_TRY(cases.AddItem(advocate, id, *FindKind("outcome_measure"),
                                object{{"better_able_to_cope", kMeasure[n % 5]},
                                       {"feel_safer", kMeasure[(n + 1) % 5]},
                                       {"better_informed", "improved"}}));
      TL_DEMO_TRY(Event(cases, advocate, *allocated, {{"event", "close"}}));
    }
    if (stage >= 4) {
      At(6);
      auto order = cases.AddItem(
          officer, id, *FindKind("order"),
          object{{"order_type", "spo"},
                 {"court", "Highbury Corner Magistrates' Court"},
                 {"conditions", boost::json::array{object{{"code", "no_contact"}, {"text", ""}},
                                                   object{{"code", "exclusion_zone"},
                                                          {"text", "The victim's street"}}}}});
      if (!order.ok()) return order.error();
      CaseItemView o = *order;
      const std::pair<int, object> steps[] = {{7, object{{"event", "apply"}}},
                                              {9, object{{"event", "grant_interim"}}},
                                              {10, object{{"event", "serve"}}},
                                              {40 + n % 20, object{{"event", "grant_full"}}}};
      for (const auto& [day, step] : steps) {
        At(day);
        object fields = step;
        fields["on"] = Day(0);
        if (fields["event"] == "grant_full") fields["expires_on"] = Day(735);
        auto next = Event(cases, officer, o, std::move(fields));
        if (!next.ok()) return next.error();
        o = *next;
      }
      if (stage == 4) {
        At(20);
        TL_DEMO_TRY(cases.AddItem(officer, id, *FindKind("evidence"),
                                  object{{"description", "Screenshots of 40 messages"},
                                         {"evidence_type", "screenshot"},
                                         {"source", "victim"},
                                         {"obtained_on", Day(-2)},
                                         {"content_sha256", std::string(64, 'a')},
                                         {"report_ids", boost::json::array{report.id}}}));
        At(70);
        TL_DEMO_TRY(
            cases.AddItem(officer, id, *FindKind("breach"),
                          object{{"order_id", o.item.id},
                                 {"occurred_on", Day(-1)},
                                 {"what_happened", "Seen at the end of the victim's street."},
                                 {"outcome", "arrested"}}));
        TL_DEMO_TRY(cases.RecordOutcome(
            officer, id,
            object{{"report_id", report.id}, {"kind", "charged"}, {"occurred_on", Day(0)}}));
        if (Status s = InformDecisions(id, n % 3 == 0); !s.ok()) return s;
      }
    }
    if (stage == 5) {
      At(12);
      TL_DEMO_TRY(cases.AddItem(a["probation"], id, *FindKind("mappa"),
                                object{{"category", 2}, {"level", 2}, {"from_date", Day(0)}}));
      auto intervention = cases.AddItem(a["probation"], id, *FindKind("intervention"),
                                        object{{"programme", "Stalking intervention programme"},
                                               {"provider", "NHS stalking clinic"},
                                               {"referral_date", Day(0)}});
      if (!intervention.ok()) return intervention.error();
      At(26);
      TL_DEMO_TRY(Event(cases, a["probation"], *intervention,
                        {{"event", "start"}, {"on", Day(0)}, {"engagement", "partial"}}));
      At(40);
      TL_DEMO_TRY(cases.AddItem(a["clinician"], id, *FindKind("health_contact"),
                                object{{"at", Day(0) + "T10:00:00Z"},
                                       {"service", "Stalking clinic"},
                                       {"notes", "Assessment session attended."}}));
      At(45);
      TL_DEMO_TRY(cases.RecordOutcome(
          officer, id,
          object{{"report_id", report.id}, {"kind", "arrested"}, {"occurred_on", Day(0)}}));
      if (Status s = InformDecisions(id, n % 2 == 1); !s.ok()) return s;
    }
    // Some tier 1 and 2 cases have run their course.
    if ((stage == 2 || stage == 3) && n % 2 == 1) {
      At(stage == 3 ? 95 : 30);
      if (stage == 2) {
        auto open = cases.ListItems(officer, id, *FindKind("action"));
        if (!open.ok()) return open.error();
        for (const auto& item : *open) {
          if (item.item.status != "open") continue;
          TL_DEMO_TRY(Event(cases, officer, item, {{"event", "complete"}, {"outcome", "Done."}}));
        }
      }
      if (Status s = CloseCase(id, "The plan is complete and the conduct has stopped."); !s.ok()) {
        return s;
      }
    }
    return Status::Ok();
  }
};

// The Met's stalking clinic: a meeting three months ago that reviewed the
// tier 3 and 4 cases (scored the week before it and again today, so the
// change after the panel shows), last week's minutes and next week's
// nominations.
Status SeedClinic(CaseService& cases, PanelService& panels, const DemoActors& a, DemoTime& time,
                  const std::vector<domain::Id>& listed) {
  const Actor& lead = a["lead"];
  const int64_t today = domain::NowSeconds() / kDay;
  const int weekday = domain::DayOfWeek(domain::CivilFromDays(today));  // 0 = Monday
  const int64_t next_tuesday = today + ((1 - weekday + 7) % 7 == 0 ? 7 : (1 - weekday + 7) % 7);
  const int64_t earlier = next_tuesday - 7 * 13;
  time.Set((earlier - 14) * kDay + 9 * 3600);
  auto panel = panels.CreatePanel(
      lead, NewPanel{"met-stalking-clinic", "Metropolitan Police stalking clinic",
                     "stalking_clinic", "met", "Weekly on Tuesday"});
  if (!panel.ok()) return panel.error();
  auto minutes = [&](const domain::Id& id, int64_t day, const char* decisions) {
    return cases.AddItem(
        lead, id, *FindKind("minutes"),
        object{{"panel_id", panel->id},
               {"meeting_date", domain::FormatDate(domain::CivilFromDays(day))},
               {"attendance",
                boost::json::array{
                    object{{"agency", "met"}, {"role", "stalking lead"}},
                    object{{"agency", "nhs-beh"}, {"role", "psychologist"}},
                    object{{"agency", "probation-london"}, {"role", "probation"}},
                    object{{"agency", "advocacy-suzy-lamplugh"}, {"role", "advocate"}}}},
               {"discussion", "Reviewed the risk-management plan and the order's conditions."},
               {"decisions", decisions}});
  };
  time.Set((earlier - 7) * kDay + 9 * 3600);
  TL_DEMO_TRY(panels.RecordScores(lead, "met", ""));
  const std::string earlier_date = domain::FormatDate(domain::CivilFromDays(earlier));
  for (const auto& id : listed) {
    auto c = cases.Get(lead, id);
    if (!c.ok()) return c.error();
    // Only cases referred by then.
    if (c->record.created_at.substr(0, 10) > earlier_date) continue;
    TL_DEMO_TRY(panels.Nominate(lead, panel->id,
                                NewNomination{earlier_date, id, "", "team", "Quarterly review"}));
  }
  time.Set(earlier * kDay + 14 * 3600);
  for (const auto& id : listed) {
    auto c = cases.Get(lead, id);
    if (!c.ok()) return c.error();
    if (c->record.created_at.substr(0, 10) > earlier_date) continue;
    TL_DEMO_TRY(minutes(id, earlier,
                        "Apply the order's conditions strictly; refer to the "
                        "intervention programme."));
  }
  time.Release();
  const std::string next = domain::FormatDate(domain::CivilFromDays(next_tuesday));
  for (const auto& id : listed) {
    TL_DEMO_TRY(panels.Nominate(lead, panel->id,
                                NewNomination{next, id, "", "team", "Monthly review at tier 3-4"}));
    TL_DEMO_TRY(
        minutes(id, next_tuesday - 7, "Keep at this tier; advocate to review the safety plan."));
  }
  TL_DEMO_TRY(panels.RecordScores(lead, "met", ""));
  return Status::Ok();
}

#undef TL_DEMO_TRY

}  // namespace

Result<size_t> SeedDemoCases(store::Store& store, CaseService& cases, PanelService& panels,
                             const DemoCasePlan& plan, DemoTime& time) {
  if (plan.count == 0 || plan.to <= plan.from) return size_t{0};
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
    filter.from = domain::FormatTimestamp(plan.from);
    filter.to = domain::FormatTimestamp(plan.to);
    filter.limit = 500;
    std::vector<Candidate> all;
    while (true) {
      auto page = tx.ListReports(filter);
      if (!page.ok()) return page.status();
      for (auto& r : page->reports) {
        Candidate c{r, "", ""};
        for (const auto& p : r.parties) {
          if (p.role == "victim" && c.victim.empty()) c.victim = p.person_id;
          if (p.role == "suspect" && c.suspect.empty()) c.suspect = p.person_id;
        }
        if (!c.victim.empty() && !c.suspect.empty()) all.push_back(std::move(c));
      }
      if (page->next_cursor.empty()) break;
      filter.cursor = page->next_cursor;
    }
    // Evenly spread over the year, oldest first.
    const size_t take = std::min(plan.count, all.size());
    for (size_t i = 0; i < take; ++i) {
      candidates.push_back(all[all.size() - 1 - i * all.size() / take]);
    }
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  if (existing > 0 || candidates.empty()) return size_t{0};
  auto actors = LoadActors(store);
  if (!actors.ok()) return actors.error();
  std::vector<domain::Id> listed;
  Walker walker{cases, *actors, time};
  for (size_t i = 0; i < candidates.size(); ++i) {
    const auto& c = candidates[i];
    const int stage = static_cast<int>(i % 6);
    domain::Id id;
    if (Status s = walker.Walk(c.report, c.victim, c.suspect, stage, static_cast<int>(i / 6), id);
        !s.ok()) {
      time.Release();
      return s.error();
    }
    if (stage >= 4) listed.push_back(id);
  }
  const Status clinic = SeedClinic(cases, panels, *actors, time, listed);
  time.Release();
  if (!clinic.ok()) return clinic.error();
  return candidates.size();
}

}  // namespace threadline::services
