#include "reporting/stats.hpp"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "domain/datetime.hpp"
#include "reporting/case_measures.hpp"
#include "reporting/report_measures.hpp"

namespace threadline::reporting {
namespace {

int64_t Days(const std::string& date) { return domain::DaysFromCivil(*domain::ParseDate(date)); }
std::string DateOf(int64_t days) { return domain::FormatDate(domain::CivilFromDays(days)); }

// The same day ten years on (29 February: 1 March), the first day a period
// starting on `date` may not reach.
std::string TenYearsOn(const std::string& date) {
  domain::Date d = *domain::ParseDate(date);
  d.year += 10;
  if (!domain::IsValidDate(d)) d = {d.year, 3, 1};
  return domain::FormatDate(d);
}

store::ReportStatsScope ScopeOf(const StatsRequest& req, const Period& p) {
  return {req.force_ids, p.from + "T00:00:00Z", DateOf(Days(p.to) + 1) + "T00:00:00Z"};
}

Result<ReportTally> TallyOf(store::ReadTx& tx, const StatsRequest& req, const Period& p) {
  auto rows = tx.CountReportFacts(ScopeOf(req, p));
  if (!rows.ok()) return rows.error();
  return Tally(*rows);
}

bool InScope(const domain::Case& c, const std::set<domain::Id>& forces) {
  return forces.empty() || forces.count(c.owner_agency_id) != 0 ||
         forces.count(c.referred_by_agency_id) != 0;
}

// Which items of one kind a measure reads: those recorded in the period or
// all of them, and whether it needs their bodies (unsealing costs).
struct ItemNeed {
  const char* kind;
  bool whole_history;
  bool body;
};

// The cases of the request's forces with the items they need; victims and
// first reports only for the cases the period's measures look at.
Result<CaseSnapshot> LoadSnapshot(store::ReadTx& tx, const StatsRequest& req,
                                  const std::vector<ItemNeed>& needs, bool victims,
                                  bool first_reports) {
  CaseSnapshot d;
  d.today = req.today;
  const std::set<domain::Id> forces(req.force_ids.begin(), req.force_ids.end());
  std::unordered_set<domain::Id> ids;
  Status s = tx.ScanCases([&](const domain::Case& c) -> Status {
    if (!InScope(c, forces)) return Status::Ok();
    ids.insert(c.id);
    d.cases.push_back(c);
    return Status::Ok();
  });
  if (!s.ok()) return s.error();
  std::set<domain::Id> cases_with_orders;
  const std::string period_start = req.period.from + "T00:00:00Z";
  for (const auto& need : needs) {
    auto& list = d.items[need.kind];
    s = tx.ScanCaseItems(need.kind, need.whole_history ? "" : period_start, need.body,
                         [&](const domain::CaseItem& item) -> Status {
                           if (ids.count(item.case_id) != 0) list.push_back(item);
                           return Status::Ok();
                         });
    if (!s.ok()) return s.error();
  }
  for (const auto& item : d.items["order"]) {
    if (InPeriod(item.created_at, req.period)) cases_with_orders.insert(item.case_id);
  }
  for (const auto& c : d.cases) {
    const bool referred_now = InPeriod(c.created_at, req.period);
    if (victims && referred_now && !c.victim_person_id.empty() &&
        d.victims.count(c.victim_person_id) == 0) {
      auto person = tx.GetPerson(c.victim_person_id);
      if (!person.ok()) return person.error();
      domain::Person kept;  // only what the breakdowns use
      kept.id = person->id;
      kept.gender = person->gender;
      kept.dob = person->dob;
      d.victims.emplace(kept.id, std::move(kept));
    }
    if (first_reports && (referred_now || cases_with_orders.count(c.id) != 0)) {
      std::string first;
      std::string recorded_as;
      for (const auto& report_id : c.report_ids) {
        auto report = tx.GetReport(report_id);
        if (!report.ok()) return report.error();
        if (first.empty() || report->occurred_at < first) {
          first = report->occurred_at;
          recorded_as = report->recorded_as;
        }
      }
      if (!first.empty()) {
        d.first_report_at[c.id] = first;
        d.first_report_recorded_as[c.id] = recorded_as;
      }
    }
  }
  return d;
}

Status LoadPanels(store::ReadTx& tx, const Period& p, CaseSnapshot& d) {
  auto nominations = tx.ListNominationsBetween(p.from, DateOf(Days(p.to) + 1));
  if (!nominations.ok()) return nominations.error();
  d.nominations = std::move(*nominations);
  for (const auto& n : d.nominations) {
    if (n.person_id.empty() || d.harm_scores.count(n.person_id) != 0) continue;
    auto scores = tx.ListHarmScores(n.person_id);
    if (!scores.ok()) return scores.error();
    d.harm_scores.emplace(n.person_id, std::move(*scores));
  }
  return Status::Ok();
}

const char* TitleOf(std::string_view measure) {
  if (measure == "funnel") return "Attrition funnel";
  if (measure == "quality") return "Recording quality";
  if (measure == "programme") return "Programme: referrals and triage";
  if (measure == "orders") return "Protection orders";
  if (measure == "victims") return "Victims";
  if (measure == "panels") return "Panels";
  return "Commissioner’s return";
}

}  // namespace

const std::vector<std::string>& MeasureNames() {
  static const std::vector<std::string> kNames = {"funnel",  "quality", "programme", "orders",
                                                  "victims", "panels",  "return"};
  return kNames;
}

bool IsMeasure(std::string_view name) {
  const auto& names = MeasureNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

Result<Period> MakePeriod(const std::string& from, const std::string& to,
                          const std::string& today) {
  if (from.empty() && to.empty()) {
    const int64_t end = Days(today);
    return Period{DateOf(end - 364), DateOf(end)};
  }
  std::vector<FieldError> errors;
  if (!domain::ParseDate(from)) errors.push_back({"from", "must be a date, YYYY-MM-DD"});
  if (!domain::ParseDate(to)) errors.push_back({"to", "must be a date, YYYY-MM-DD"});
  if (errors.empty() && to < from) errors.push_back({"to", "must not be before from"});
  if (errors.empty() && to >= TenYearsOn(from)) {
    errors.push_back({"to", "the period may be at most ten years"});
  }
  if (!errors.empty()) return InvalidArgument("the period is not valid", std::move(errors));
  return Period{from, to};
}

Period PreviousPeriod(const Period& p) {
  const int64_t from = Days(p.from);
  const int64_t length = Days(p.to) - from + 1;
  return {DateOf(from - length), DateOf(from - 1)};
}

Result<Measure> Compute(store::ReadTx& tx, const StatsRequest& req, const Reference& ref) {
  if (!IsMeasure(req.measure)) {
    return InvalidArgument("unknown measure", {{"measure",
                                                "must be one of funnel, quality, "
                                                "programme, orders, victims, panels, "
                                                "return"}});
  }
  Measure m;
  m.measure = req.measure;
  m.title = TitleOf(req.measure);
  m.period = req.period;
  m.previous = PreviousPeriod(req.period);
  m.force = req.force;
  m.area = req.area;
  m.suppression_threshold = req.suppression_threshold;
  const std::string& what = req.measure;
  if (what == "funnel" || what == "quality") {
    auto now = TallyOf(tx, req, m.period);
    if (!now.ok()) return now.error();
    auto before = TallyOf(tx, req, m.previous);
    if (!before.ok()) return before.error();
    if (what == "funnel") {
      m.series.push_back(FunnelSeries(*now, *before, ref));
    } else {
      m.series = QualitySeries(*now, *before);
      if (req.findings != nullptr) {
        std::vector<std::string> carried;
        const Status scanned = tx.ScanCases([&](const domain::Case& c) -> Status {
          carried.insert(carried.end(), c.finding_keys.begin(), c.finding_keys.end());
          return Status::Ok();
        });
        if (!scanned.ok()) return scanned.error();
        m.series.push_back(FindingsSeries(*req.findings, carried, m.period, req.force_codes));
        m.notes.emplace_back(
            "A finding counts in the period its latest report occurred in; it is "
            "acted on when a referral carries it.");
      } else {
        m.notes.emplace_back("Linkage findings are counted by the running server only.");
      }
    }
    m.notes.emplace_back(
        "Reports are counted by the date the incident occurred; their outcomes are counted "
        "whenever they happened, up to today.");
    return m;
  }
  m.notes.emplace_back(
      "Cases are counted by the date they were referred; items (orders, "
      "decisions, contacts) by the date they were recorded.");
  if (what == "programme") {
    auto d =
        LoadSnapshot(tx, req, {{"triage", false, false}, {"action", true, false}}, false, true);
    if (!d.ok()) return d.error();
    m.series = ProgrammeSeries(*d, m.period, m.previous, ref);
  } else if (what == "orders") {
    auto now = TallyOf(tx, req, m.period);
    if (!now.ok()) return now.error();
    auto d = LoadSnapshot(tx, req, {{"order", true, true}, {"breach", false, true}}, false, true);
    if (!d.ok()) return d.error();
    m.series = OrderSeries(*d, m.period, now->recorded_stalking);
  } else if (what == "victims") {
    auto d = LoadSnapshot(tx, req,
                          {{"consent", false, false},
                           {"advocacy", false, false},
                           {"decision", false, true},
                           {"outcome_measure", false, true}},
                          true, false);
    if (!d.ok()) return d.error();
    m.series = VictimSeries(*d, m.period, req.suppression_threshold);
  } else if (what == "panels") {
    CaseSnapshot d;
    d.today = req.today;
    if (Status s = LoadPanels(tx, m.period, d); !s.ok()) return s.error();
    m.series = PanelSeries(d, m.period);
    m.notes.back() =
        "Nominations are counted by meeting date; a score change compares the "
        "last score on or before the first meeting with the last one after it.";
  } else {
    auto d = LoadSnapshot(
        tx, req,
        {{"consent", false, false}, {"advocacy", false, false}, {"outcome_measure", true, true}},
        true, true);
    if (!d.ok()) return d.error();
    auto r = CommissionerReturn(*d, m.period, req.suppression_threshold);
    m.series = std::move(r.series);
    m.validation = std::move(r.validation);
  }
  m.notes.emplace_back("Counts under " + std::to_string(req.suppression_threshold) +
                       " in breakdowns by personal characteristic are not shown.");
  return m;
}

}  // namespace threadline::reporting
