#include "reporting/report_measures.hpp"

#include <algorithm>
#include <set>

#include "domain/report_facts.hpp"

namespace threadline::reporting {
namespace rf = domain::report_facts;
namespace {

// Outcomes that can only follow a suspect being identified.
const int64_t kIdentifyingOutcomes = rf::OutcomeBit("suspect_identified") |
                                     rf::OutcomeBit("arrested") | rf::OutcomeBit("charged") |
                                     rf::OutcomeBit("cautioned") | rf::OutcomeBit("trial") |
                                     rf::OutcomeBit("convicted") | rf::OutcomeBit("acquitted");
const int64_t kTrialOutcomes =
    rf::OutcomeBit("trial") | rf::OutcomeBit("convicted") | rf::OutcomeBit("acquitted");

std::vector<Column> CountShareColumns(const std::string& label_key, const std::string& label,
                                      const std::string& count_label) {
  return {{label_key, label, ColumnType::kText},
          {"count", count_label, ColumnType::kCount},
          {"share", "Share", ColumnType::kRate},
          {"previous_count", "Previous period", ColumnType::kCount},
          {"previous_share", "Previous share", ColumnType::kRate}};
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& RecordingFamilies() {
  static const std::vector<std::pair<std::string, std::string>> kFamilies = {
      {"stalking", "Stalking (s2A or s4A)"},
      {"harassment", "Harassment (s2 or s4)"},
      {"malicious_communications", "Malicious communications"},
      {"coercive_control", "Controlling or coercive behaviour"},
      {"other_crime", "Another crime"},
      {"not_a_crime", "Not recorded as a crime"},
  };
  return kFamilies;
}

std::string RecordingFamily(std::string_view code) {
  if (rf::IsStalkingCode(code)) return "stalking";
  if (code == "harassment_s2" || code == "harassment_s4") return "harassment";
  if (code == "malicious_communications" || code == "coercive_control") return std::string(code);
  if (code == "neighbour_dispute" || code == "not_recorded") return "not_a_crime";
  return "other_crime";
}

void ReportTally::Add(const store::ReportFactsCount& row) {
  const int64_t n = row.reports;
  const int64_t f = row.facts;
  reports += n;
  const std::string fam = RecordingFamily(row.recorded_as);
  family[fam] += n;
  const bool found_stalking = (f & (rf::kScreenedStalking | rf::kIncludedStalking)) != 0;
  if (f & rf::kScreened) screened += n;
  if (f & rf::kRescreened) rescreened += n;
  if (f & rf::kIncludedStalking) included_stalking += n;
  if (found_stalking) {
    screened_stalking += n;
    family_screened_stalking[fam] += n;
    if (fam != "stalking") stalking_not_recorded += n;
  }
  if (fam != "stalking" && !found_stalking) return;
  recorded_stalking += n;
  if ((f & (rf::kNamedSuspect | kIdentifyingOutcomes)) == 0) return;
  suspect_identified += n;
  if ((f & rf::OutcomeBit("charged")) == 0) return;
  charged += n;
  if ((f & kTrialOutcomes) == 0) return;
  trial += n;
  if (f & rf::OutcomeBit("convicted")) convicted += n;
}

ReportTally Tally(const std::vector<store::ReportFactsCount>& rows) {
  ReportTally t;
  for (const auto& row : rows) t.Add(row);
  return t;
}

Series FunnelSeries(const ReportTally& now, const ReportTally& before, const Reference& ref) {
  Series s;
  s.id = "funnel";
  s.title = "From report to conviction";
  s.label_key = "step";
  s.value_keys = {"count", "previous_count"};
  s.columns = {{"step", "Step", ColumnType::kText},
               {"count", "Reports", ColumnType::kCount},
               {"rate", "Share of reports", ColumnType::kRate},
               {"step_rate", "Share of the step before", ColumnType::kRate},
               {"previous_count", "Previous period", ColumnType::kCount},
               {"previous_rate", "Previous share of reports", ColumnType::kRate},
               {"stalking_rate", "Share of reports recorded as stalking", ColumnType::kRate},
               {"national_rate", "National rate (of stalking reports)", ColumnType::kRate}};
  struct Step {
    const char* key;
    const char* label;
    int64_t ReportTally::*count;
  };
  const Step steps[] = {
      {"reports", "Reports", &ReportTally::reports},
      {"recorded_stalking", "Recorded as stalking", &ReportTally::recorded_stalking},
      {"suspect_identified", "Suspect identified", &ReportTally::suspect_identified},
      {"charged", "Charged", &ReportTally::charged},
      {"trial", "Reached trial", &ReportTally::trial},
      {"convicted", "Convicted", &ReportTally::convicted}};
  int64_t before_step = 0;
  for (const auto& step : steps) {
    const int64_t n = now.*step.count;
    const int64_t p = before.*step.count;
    const auto national = ref.national_rate.find(step.key);
    s.Add({std::string(step.label), n, Rate(n, now.reports),
           step.count == &ReportTally::reports ? Cell{} : Rate(n, before_step), p,
           Rate(p, before.reports),
           step.count == &ReportTally::reports ? Cell{} : Rate(n, now.recorded_stalking),
           national == ref.national_rate.end() ? Cell{} : Cell{national->second}});
    before_step = n;
  }
  return s;
}

std::vector<Series> QualitySeries(const ReportTally& now, const ReportTally& before) {
  std::vector<Series> out;
  Series screening;
  screening.id = "screening";
  screening.title = "Reports screened";
  screening.label_key = "status";
  screening.value_keys = {"count"};
  screening.columns = CountShareColumns("status", "Screening", "Reports");
  screening.Add({std::string("Screened"), now.screened, Rate(now.screened, now.reports),
                 before.screened, Rate(before.screened, before.reports)});
  screening.Add({std::string("Not screened"), now.reports - now.screened,
                 Rate(now.reports - now.screened, now.reports), before.reports - before.screened,
                 Rate(before.reports - before.screened, before.reports)});
  out.push_back(std::move(screening));

  Series recorded;
  recorded.id = "recorded_as";
  recorded.title = "What the conduct was recorded as";
  recorded.label_key = "recorded_as";
  recorded.value_keys = {"count", "screened_stalking"};
  recorded.columns = CountShareColumns("recorded_as", "Recorded as", "Reports");
  recorded.columns.push_back(
      {"screened_stalking", "Of those screened as stalking", ColumnType::kCount});
  recorded.columns.push_back(
      {"screened_stalking_share", "Share of those screened as stalking", ColumnType::kRate});
  auto get = [](const std::map<std::string, int64_t>& m, const std::string& k) -> int64_t {
    auto it = m.find(k);
    return it == m.end() ? 0 : it->second;
  };
  for (const auto& [key, label] : RecordingFamilies()) {
    const int64_t n = get(now.family, key);
    const int64_t p = get(before.family, key);
    const int64_t st = get(now.family_screened_stalking, key);
    recorded.Add({label, n, Rate(n, now.reports), p, Rate(p, before.reports), st,
                  Rate(st, now.screened_stalking)});
  }
  out.push_back(std::move(recorded));

  Series hidden;
  hidden.id = "hidden_stalking";
  hidden.title = "Stalking the recording missed";
  hidden.label_key = "finding";
  hidden.value_keys = {"count", "previous_count"};
  hidden.columns = {{"finding", "Finding", ColumnType::kText},
                    {"count", "Reports", ColumnType::kCount},
                    {"share", "Share of screened reports", ColumnType::kRate},
                    {"previous_count", "Previous period", ColumnType::kCount}};
  hidden.Add({std::string("Screened as stalking, recorded as something else (reclassify)"),
              now.stalking_not_recorded, Rate(now.stalking_not_recorded, now.screened),
              before.stalking_not_recorded});
  hidden.Add({std::string("Stalking included under another principal crime"), now.included_stalking,
              Rate(now.included_stalking, now.screened), before.included_stalking});
  hidden.Add({std::string("Screened again after new information"), now.rescreened,
              Rate(now.rescreened, now.screened), before.rescreened});
  out.push_back(std::move(hidden));
  return out;
}

Series FindingsSeries(const std::vector<FindingFact>& findings,
                      const std::vector<std::string>& acted_on, const Period& period,
                      const std::vector<std::string>& force_codes) {
  static const std::vector<std::pair<std::string, std::string>> kTypes = {
      {"course_exists", "A course of conduct"},
      {"misrecorded", "A course recorded as something other than stalking"},
      {"cross_force", "A course crossing force boundaries"},
      {"serial_perpetrator", "A suspect with other victims"},
      {"escalation", "A course that is escalating"}};
  const std::set<std::string> carried(acted_on.begin(), acted_on.end());
  std::map<std::string, std::pair<int64_t, int64_t>> counts;  // raised, acted on
  for (const auto& f : findings) {
    if (f.last_report_at.size() < 10) continue;
    const std::string day = f.last_report_at.substr(0, 10);
    if (day < period.from || day > period.to) continue;
    if (!force_codes.empty() &&
        std::none_of(f.force_codes.begin(), f.force_codes.end(), [&](const std::string& code) {
          return std::find(force_codes.begin(), force_codes.end(), code) != force_codes.end();
        })) {
      continue;
    }
    auto& c = counts[f.type];
    ++c.first;
    if (carried.count(f.id) != 0) ++c.second;
  }
  Series s;
  s.id = "linkage_findings";
  s.title = "Findings raised by linkage, and acted on";
  s.label_key = "finding";
  s.value_keys = {"raised", "acted_on"};
  s.columns = {{"finding", "Finding", ColumnType::kText},
               {"raised", "Raised", ColumnType::kCount},
               {"acted_on", "Carried by a referral", ColumnType::kCount},
               {"share", "Share acted on", ColumnType::kRate}};
  for (const auto& [type, label] : kTypes) {
    const auto [raised, acted] = counts[type];
    s.Add({label, raised, acted, Rate(acted, raised)});
  }
  return s;
}

}  // namespace threadline::reporting
