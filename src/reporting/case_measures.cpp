#include "reporting/case_measures.hpp"

#include <algorithm>
#include <set>

#include <boost/json.hpp>

#include "domain/datetime.hpp"
#include "domain/vocabulary.hpp"
#include "reporting/report_measures.hpp"

namespace threadline::reporting {
namespace {

using Items = std::vector<domain::CaseItem>;

const Items& ItemsOf(const CaseSnapshot& d, const std::string& kind) {
  static const Items kNone;
  auto it = d.items.find(kind);
  return it == d.items.end() ? kNone : it->second;
}

boost::json::object Body(const domain::CaseItem& item) {
  boost::system::error_code ec;
  auto v = boost::json::parse(item.body_json, ec);
  if (ec || !v.is_object()) return {};
  return v.as_object();
}

std::string Field(const boost::json::object& body, const char* key) {
  const auto* v = body.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// Days between two dates or timestamps (their date parts); nullopt when
// either is missing or malformed.
std::optional<double> DaysBetween(std::string_view from, std::string_view to) {
  const auto a = domain::ParseDate(from.substr(0, 10));
  const auto b = domain::ParseDate(to.substr(0, 10));
  if (!a || !b) return std::nullopt;
  return static_cast<double>(domain::DaysFromCivil(*b) - domain::DaysFromCivil(*a));
}

Cell Percentile90(std::vector<double> values) {
  if (values.empty()) return std::monostate{};
  std::sort(values.begin(), values.end());
  const size_t rank = (values.size() * 9 + 9) / 10;  // nearest rank
  return values[std::min(values.size(), std::max<size_t>(rank, 1)) - 1];
}

std::string Label(std::span<const domain::Code> codes, std::string_view code) {
  for (const auto& c : codes) {
    if (c.code == code) return std::string(c.label);
  }
  return std::string(code);
}

// The age band of a victim at the end of the period, from a full or
// partial date of birth.
std::string AgeBand(const domain::Person& p, const Period& period) {
  if (p.dob.size() < 4) return "Not recorded";
  const int born = std::atoi(p.dob.substr(0, 4).c_str());
  const int year = std::atoi(period.to.substr(0, 4).c_str());
  int age = year - born;
  if (p.dob.size() >= 10 && p.dob.substr(5, 5) > period.to.substr(5, 5)) --age;
  if (born < 1900 || age < 0) return "Not recorded";
  if (age < 18) return "Under 18";
  if (age < 25) return "18 to 24";
  if (age < 35) return "25 to 34";
  if (age < 45) return "35 to 44";
  if (age < 55) return "45 to 54";
  if (age < 65) return "55 to 64";
  return "65 and over";
}

const std::vector<std::string>& AgeBands() {
  static const std::vector<std::string> kBands = {"Under 18",    "18 to 24",    "25 to 34",
                                                  "35 to 44",    "45 to 54",    "55 to 64",
                                                  "65 and over", "Not recorded"};
  return kBands;
}

// Gender is free text on a person record: read case-insensitively, with the
// one-letter forms forces use.
std::string GenderGroup(const domain::Person& p) {
  std::string g = p.gender;
  for (char& c : g) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (g == "female" || g == "f") return "Female";
  if (g == "male" || g == "m") return "Male";
  if (g == "other" || g == "non-binary" || g == "nonbinary") return "Another gender";
  return "Not recorded";
}

// One definition each of the advocacy steps the victims measure and the
// return both count.
bool IsAdvocacyOffer(const domain::CaseItem& consent) {
  return consent.subtype == "advocacy_referral";
}
bool IsSupport(const domain::CaseItem& advocacy) {
  return advocacy.status == "accepted" || advocacy.status == "allocated" ||
         advocacy.status == "closed";
}

Series CountSeries(std::string id, std::string title, std::string label_key,
                   std::string label_title) {
  Series s;
  s.id = std::move(id);
  s.title = std::move(title);
  s.label_key = label_key;
  s.value_keys = {"count"};
  s.columns = {{std::move(label_key), std::move(label_title), ColumnType::kText},
               {"count", "Count", ColumnType::kCount},
               {"share", "Share", ColumnType::kRate}};
  return s;
}

// Rows of `labels` with their counts, small counts suppressed; the share is
// hidden with the count it would reveal.
void AddSuppressedRows(Series& s, const std::vector<std::string>& labels,
                       const std::map<std::string, int64_t>& counts, int64_t threshold) {
  int64_t total = 0;
  for (const auto& [_, n] : counts) total += n;
  for (const auto& label : labels) {
    auto it = counts.find(label);
    const int64_t n = it == counts.end() ? 0 : it->second;
    Row& row = s.Add({label});
    row.cells[1] = SuppressedCount(row, "count", n, threshold);
    if (row.suppressed.empty()) {
      row.cells[2] = Rate(n, total);
    } else {
      row.suppressed.emplace_back("share");
    }
  }
}

std::vector<const domain::Case*> ReferredIn(const CaseSnapshot& d, const Period& p) {
  std::vector<const domain::Case*> out;
  for (const auto& c : d.cases) {
    if (InPeriod(c.created_at, p)) out.push_back(&c);
  }
  return out;
}

// The first triage of each case: case id -> the triage item.
std::map<domain::Id, const domain::CaseItem*> FirstTriage(const CaseSnapshot& d) {
  std::map<domain::Id, const domain::CaseItem*> out;
  for (const auto& item : ItemsOf(d, "triage")) out.emplace(item.case_id, &item);
  return out;
}

Series VictimsBy(const char* id, const char* title, const std::vector<std::string>& labels,
                 const std::vector<const domain::Case*>& cases, const CaseSnapshot& d,
                 int64_t threshold,
                 const std::function<std::string(const domain::Person&)>& group) {
  Series s = CountSeries(id, title, "group", "Group");
  std::map<std::string, int64_t> counts;
  for (const auto* c : cases) {
    auto v = d.victims.find(c->victim_person_id);
    counts[v == d.victims.end() ? "Not recorded" : group(v->second)]++;
  }
  AddSuppressedRows(s, labels, counts, threshold);
  return s;
}

const std::vector<std::pair<const char*, const char*>>& OutcomeMeasureNames() {
  static const std::vector<std::pair<const char*, const char*>> kNames = {
      {"better_able_to_cope", "Better able to cope and recover"},
      {"feel_safer", "Feel safer"},
      {"better_informed", "Better informed and empowered"},
      {"health_wellbeing", "Improved health and wellbeing"},
      {"engage_justice", "Better able to engage with criminal justice"}};
  return kNames;
}

Series OutcomeMeasures(const CaseSnapshot& d, const Period& now) {
  Series s;
  s.id = "outcome_measures";
  s.title = "Outcome measures at closure";
  s.label_key = "measure";
  s.value_keys = {"improved", "same", "worse"};
  s.columns = {{"measure", "Measure", ColumnType::kText},
               {"improved", "Improved", ColumnType::kCount},
               {"same", "No change", ColumnType::kCount},
               {"worse", "Worse", ColumnType::kCount},
               {"not_asked", "Not asked", ColumnType::kCount},
               {"improved_share", "Improved, of those asked", ColumnType::kRate}};
  std::map<std::string, std::map<std::string, int64_t>> counts;
  for (const auto& item : ItemsOf(d, "outcome_measure")) {
    if (!InPeriod(item.created_at, now)) continue;
    const auto body = Body(item);
    for (const auto& [key, _] : OutcomeMeasureNames()) {
      const std::string answer = Field(body, key);
      counts[key][answer.empty() ? "not_asked" : answer]++;
    }
  }
  for (const auto& [key, label] : OutcomeMeasureNames()) {
    auto& c = counts[key];
    const int64_t asked = c["improved"] + c["same"] + c["worse"];
    s.Add({std::string(label), c["improved"], c["same"], c["worse"], c["not_asked"],
           Rate(c["improved"], asked)});
  }
  return s;
}

}  // namespace

bool InPeriod(std::string_view at, const Period& p) {
  if (at.size() < 10) return false;
  const std::string_view day = at.substr(0, 10);
  return day >= p.from && day <= p.to;
}

std::vector<Series> ProgrammeSeries(const CaseSnapshot& d, const Period& now, const Period& before,
                                    const Reference& ref) {
  std::vector<Series> out;
  const auto current = ReferredIn(d, now);
  const auto previous = ReferredIn(d, before);
  const auto triage = FirstTriage(d);

  Series sources;
  sources.id = "referrals_by_source";
  sources.title = "Referrals by source";
  sources.label_key = "source";
  sources.value_keys = {"count", "previous_count"};
  sources.columns = {{"source", "Referred by", ColumnType::kText},
                     {"count", "Referrals", ColumnType::kCount},
                     {"share", "Share", ColumnType::kRate},
                     {"previous_count", "Previous period", ColumnType::kCount}};
  for (const auto& code : domain::ReferralSources()) {
    const auto n = std::count_if(current.begin(), current.end(),
                                 [&](const auto* c) { return c->source == code.code; });
    const auto p = std::count_if(previous.begin(), previous.end(),
                                 [&](const auto* c) { return c->source == code.code; });
    sources.Add({std::string(code.label), int64_t{n}, Rate(n, static_cast<int64_t>(current.size())),
                 int64_t{p}});
  }
  out.push_back(std::move(sources));

  // Where the period's referrals stand now.
  Series outcomes = CountSeries("triage_outcomes", "Triage outcomes of the period's referrals",
                                "outcome", "Outcome");
  outcomes.columns.push_back({"planned_share", "Planned share", ColumnType::kRate});
  outcomes.value_keys = {"count"};
  std::array<int64_t, 5> tiers{};
  int64_t awaiting = 0;
  int64_t advice = 0;
  for (const auto* c : current) {
    auto t = triage.find(c->id);
    if (t == triage.end()) {
      ++awaiting;
    } else if (t->second->subtype == "advice") {
      ++advice;
    } else if (c->tier >= 1 && c->tier <= 4) {
      ++tiers[static_cast<size_t>(c->tier)];
    }
  }
  const auto total = static_cast<int64_t>(current.size());
  const int64_t triaged = tiers[1] + tiers[2] + tiers[3] + tiers[4];
  double planned_total = 0;
  for (int t = 1; t <= 4; ++t) planned_total += ref.planned_tier[static_cast<size_t>(t)];
  outcomes.Add({std::string("Awaiting triage"), awaiting, Rate(awaiting, total)});
  outcomes.Add({std::string("Not stalking: advice to the referrer"), advice, Rate(advice, total)});
  for (int t = 1; t <= 4; ++t) {
    const int64_t n = tiers[static_cast<size_t>(t)];
    outcomes.Add({"Tier " + std::to_string(t), n, Rate(n, triaged),
                  planned_total > 0 ? Cell{ref.planned_tier[static_cast<size_t>(t)] / planned_total}
                                    : Cell{}});
  }
  outcomes.columns[2].label = "Share (tiers: of those given a tier)";
  out.push_back(std::move(outcomes));

  Series timing;
  timing.id = "time_to_triage";
  timing.title = "Days to triage";
  timing.label_key = "from";
  timing.value_keys = {"median_days"};
  timing.columns = {{"from", "From", ColumnType::kText},
                    {"cases", "Cases triaged", ColumnType::kCount},
                    {"median_days", "Median days", ColumnType::kDays},
                    {"p90_days", "90th percentile days", ColumnType::kDays}};
  std::vector<double> from_referral;
  std::vector<double> from_report;
  for (const auto* c : current) {
    auto t = triage.find(c->id);
    if (t == triage.end()) continue;
    if (auto days = DaysBetween(c->created_at, t->second->created_at)) {
      from_referral.push_back(*days);
    }
    auto first = d.first_report_at.find(c->id);
    if (first == d.first_report_at.end()) continue;
    if (auto days = DaysBetween(first->second, t->second->created_at)) from_report.push_back(*days);
  }
  timing.Add({std::string("Referral"), static_cast<int64_t>(from_referral.size()),
              Median(from_referral), Percentile90(from_referral)});
  timing.Add({std::string("First report"), static_cast<int64_t>(from_report.size()),
              Median(from_report), Percentile90(from_report)});
  out.push_back(std::move(timing));

  // Now, whatever the period: open cases and overdue actions by tier.
  Series open;
  open.id = "open_by_tier";
  open.title = "Open cases and overdue actions by tier, today";
  open.label_key = "tier";
  open.value_keys = {"open_cases", "overdue_actions"};
  open.columns = {{"tier", "Tier", ColumnType::kText},
                  {"open_cases", "Open cases", ColumnType::kCount},
                  {"open_actions", "Open actions", ColumnType::kCount},
                  {"overdue_actions", "Overdue actions", ColumnType::kCount}};
  std::map<domain::Id, int> tier_of;
  std::array<int64_t, 5> open_cases{};
  for (const auto& c : d.cases) {
    if (c.status == "closed") continue;
    tier_of[c.id] = c.tier;
    ++open_cases[static_cast<size_t>(std::clamp(c.tier, 0, 4))];
  }
  std::array<int64_t, 5> open_actions{};
  std::array<int64_t, 5> overdue{};
  for (const auto& item : ItemsOf(d, "action")) {
    auto t = tier_of.find(item.case_id);
    if (t == tier_of.end() || item.status != "open") continue;
    const auto tier = static_cast<size_t>(std::clamp(t->second, 0, 4));
    ++open_actions[tier];
    if (!item.due_on.empty() && item.due_on < d.today) ++overdue[tier];
  }
  for (size_t t = 0; t <= 4; ++t) {
    open.Add({t == 0 ? std::string("Awaiting triage") : "Tier " + std::to_string(t), open_cases[t],
              open_actions[t], overdue[t]});
  }
  out.push_back(std::move(open));
  return out;
}

std::vector<Series> OrderSeries(const CaseSnapshot& d, const Period& now, int64_t stalking_crimes) {
  static const std::vector<std::pair<std::string, std::string>> kTypes = {
      {"spo", "Stalking Protection Order"},
      {"restraining_order", "Restraining order"},
      {"non_molestation_order", "Non-molestation order"},
      {"dvpn", "Domestic violence protection notice"},
      {"dvpo", "Domestic violence protection order"},
      {"bail_conditions", "Bail conditions"}};
  struct Tally {
    int64_t considered = 0, not_pursued = 0, applied = 0, interim = 0, full = 0, refused = 0;
    int64_t interim_to_full = 0, breaches = 0;
    std::vector<double> interim_days, report_to_application_days;
  };
  std::map<std::string, Tally> by_type;
  std::map<domain::Id, std::string> type_of_order;
  for (const auto& item : ItemsOf(d, "order")) {
    type_of_order[item.id] = item.subtype;
    if (!InPeriod(item.created_at, now)) continue;
    Tally& t = by_type[item.subtype];
    const auto body = Body(item);
    const std::string applied = Field(body, "applied_on");
    const std::string interim = Field(body, "interim_granted_on");
    const std::string full = Field(body, "full_granted_on");
    ++t.considered;
    if (item.status == "not_pursued") ++t.not_pursued;
    if (!applied.empty()) ++t.applied;
    if (!interim.empty()) ++t.interim;
    if (!full.empty()) ++t.full;
    if (!Field(body, "interim_refused_on").empty() || !Field(body, "full_refused_on").empty()) {
      ++t.refused;
    }
    if (!interim.empty() && !full.empty()) {
      ++t.interim_to_full;
      if (auto days = DaysBetween(interim, full)) t.interim_days.push_back(*days);
    }
    auto first = d.first_report_at.find(item.case_id);
    if (!applied.empty() && first != d.first_report_at.end()) {
      if (auto days = DaysBetween(first->second, applied)) {
        t.report_to_application_days.push_back(*days);
      }
    }
  }
  std::map<std::string, int64_t> breach_outcomes;
  for (const auto& item : ItemsOf(d, "breach")) {
    if (!InPeriod(item.created_at, now)) continue;
    const auto body = Body(item);
    auto type = type_of_order.find(Field(body, "order_id"));
    if (type != type_of_order.end()) ++by_type[type->second].breaches;
    ++breach_outcomes[item.status.empty() ? Field(body, "outcome") : item.status];
  }

  std::vector<Series> out;
  Series orders;
  orders.id = "orders";
  orders.title = "Orders considered in the period and what became of them";
  orders.label_key = "order_type";
  orders.value_keys = {"applied", "interim_granted", "full_granted"};
  orders.columns = {
      {"order_type", "Order", ColumnType::kText},
      {"considered", "Considered", ColumnType::kCount},
      {"not_pursued", "Decided not to apply", ColumnType::kCount},
      {"applied", "Applied for", ColumnType::kCount},
      {"interim_granted", "Interim granted", ColumnType::kCount},
      {"full_granted", "Full granted", ColumnType::kCount},
      {"refused", "Refused", ColumnType::kCount},
      {"interim_to_full", "Interim then full", ColumnType::kRate},
      {"interim_to_full_days", "Median days interim to full", ColumnType::kDays},
      {"report_to_application_days", "Median days first report to application", ColumnType::kDays},
      {"breaches", "Breaches recorded", ColumnType::kCount}};
  for (const auto& [code, label] : kTypes) {
    const Tally& t = by_type[code];
    orders.Add({label, t.considered, t.not_pursued, t.applied, t.interim, t.full, t.refused,
                Rate(t.interim_to_full, t.interim), Median(t.interim_days),
                Median(t.report_to_application_days), t.breaches});
  }
  out.push_back(std::move(orders));

  Series spo;
  spo.id = "spo_rate";
  spo.title = "Stalking Protection Orders per 1,000 stalking crimes";
  spo.label_key = "what";
  spo.value_keys = {"per_thousand"};
  spo.columns = {{"what", "Orders", ColumnType::kText},
                 {"count", "Count", ColumnType::kCount},
                 {"per_thousand", "Per 1,000 stalking crimes", ColumnType::kNumber}};
  const Tally& s = by_type["spo"];
  auto per_thousand = [&](int64_t n) -> Cell {
    if (stalking_crimes <= 0) return std::monostate{};
    return static_cast<double>(n) * 1000.0 / static_cast<double>(stalking_crimes);
  };
  spo.Add({std::string("Applications"), s.applied, per_thousand(s.applied)});
  spo.Add({std::string("Full orders granted"), s.full, per_thousand(s.full)});
  spo.Add({std::string("Stalking crimes recorded"), stalking_crimes, Cell{}});
  out.push_back(std::move(spo));

  Series breaches = CountSeries("breach_outcomes", "Breaches recorded in the period by outcome",
                                "outcome", "Outcome");
  int64_t all = 0;
  for (const auto& [_, n] : breach_outcomes) all += n;
  for (const char* code : {"pending", "warning", "arrested", "charged", "no_further_action",
                           "convicted", "acquitted"}) {
    const int64_t n = breach_outcomes[code];
    std::string label = code;
    std::replace(label.begin(), label.end(), '_', ' ');
    label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
    breaches.Add({label, n, Rate(n, all)});
  }
  out.push_back(std::move(breaches));
  return out;
}

std::vector<Series> VictimSeries(const CaseSnapshot& d, const Period& now, int64_t threshold) {
  std::vector<Series> out;
  Series advocacy = CountSeries("advocacy", "Independent stalking advocacy", "step", "Step");
  advocacy.columns[2].label = "Share of those offered";
  int64_t offered = 0, consented = 0;
  for (const auto& item : ItemsOf(d, "consent")) {
    if (!InPeriod(item.created_at, now) || !IsAdvocacyOffer(item)) continue;
    ++offered;
    if (item.status == "given" || item.status == "withdrawn") ++consented;
  }
  int64_t referred = 0, accepted = 0, declined = 0, closed = 0;
  for (const auto& item : ItemsOf(d, "advocacy")) {
    if (!InPeriod(item.created_at, now)) continue;
    ++referred;
    if (IsSupport(item)) ++accepted;
    if (item.status == "declined") ++declined;
    if (item.status == "closed") ++closed;
  }
  advocacy.Add(
      {std::string("Offered an advocate (consent asked)"), offered, Rate(offered, offered)});
  advocacy.Add({std::string("Consented to a referral"), consented, Rate(consented, offered)});
  advocacy.Add({std::string("Referred to an advocacy service"), referred, Rate(referred, offered)});
  advocacy.Add({std::string("Accepted support"), accepted, Rate(accepted, offered)});
  advocacy.Add({std::string("Declined support"), declined, Rate(declined, offered)});
  advocacy.Add({std::string("Support completed"), closed, Rate(closed, offered)});
  out.push_back(std::move(advocacy));

  Series clocks = CountSeries(
      "victims_code", "Victims’ Code: telling the victim of decisions in time", "clock", "Clock");
  clocks.columns[2].label = "Share of decisions";
  int64_t met = 0, late = 0, waiting = 0, overdue = 0;
  for (const auto& item : ItemsOf(d, "decision")) {
    if (!InPeriod(item.created_at, now)) continue;
    if (item.status == "informed") {
      const std::string informed = Field(Body(item), "informed_on");
      (informed.empty() || item.due_on.empty() || informed.substr(0, 10) <= item.due_on ? met
                                                                                        : late)++;
    } else {
      (item.due_on.empty() || item.due_on >= d.today ? waiting : overdue)++;
    }
  }
  const int64_t decisions = met + late + waiting + overdue;
  clocks.Add({std::string("Told in time"), met, Rate(met, decisions)});
  clocks.Add({std::string("Told late"), late, Rate(late, decisions)});
  clocks.Add({std::string("Not yet told, still in time"), waiting, Rate(waiting, decisions)});
  clocks.Add({std::string("Not yet told, overdue"), overdue, Rate(overdue, decisions)});
  clocks.Add({std::string("Compliance (told in time, of those due)"), Cell{},
              Rate(met, met + late + overdue)});
  out.push_back(std::move(clocks));

  out.push_back(OutcomeMeasures(d, now));
  const auto referred_cases = ReferredIn(d, now);
  out.push_back(VictimsBy("victims_by_gender", "Victims referred, by gender",
                          {"Female", "Male", "Another gender", "Not recorded"}, referred_cases, d,
                          threshold, GenderGroup));
  out.push_back(VictimsBy("victims_by_age", "Victims referred, by age", AgeBands(), referred_cases,
                          d, threshold, [&](const domain::Person& p) { return AgeBand(p, now); }));
  return out;
}

std::vector<Series> PanelSeries(const CaseSnapshot& d, const Period& now) {
  std::vector<Series> out;
  Series reviewed = CountSeries("reviewed", "Reviewed at panels", "what", "What");
  reviewed.columns.pop_back();
  std::set<domain::Id> people;
  std::set<domain::Id> cases;
  std::map<domain::Id, std::string> first_meeting;
  int64_t nominations = 0;
  for (const auto& n : d.nominations) {
    if (!InPeriod(n.meeting_date, now)) continue;
    ++nominations;
    if (!n.person_id.empty()) {
      people.insert(n.person_id);
      first_meeting.emplace(n.person_id, n.meeting_date);
    }
    if (!n.case_id.empty()) cases.insert(n.case_id);
  }
  reviewed.Add({std::string("Nominations"), nominations});
  reviewed.Add({std::string("Perpetrators reviewed"), static_cast<int64_t>(people.size())});
  reviewed.Add({std::string("Cases reviewed"), static_cast<int64_t>(cases.size())});
  out.push_back(std::move(reviewed));

  Series change;
  change.id = "harm_change";
  change.title = "Harm score after a panel, for perpetrators scored before and after";
  change.label_key = "change";
  change.value_keys = {"count"};
  change.columns = {{"change", "Change", ColumnType::kText},
                    {"count", "Perpetrators", ColumnType::kCount},
                    {"median_change", "Median change in score", ColumnType::kNumber}};
  int64_t fell = 0, rose = 0, same = 0;
  std::vector<double> deltas;
  for (const auto& [person, meeting] : first_meeting) {
    auto scores = d.harm_scores.find(person);
    if (scores == d.harm_scores.end()) continue;
    const domain::HarmScore* before = nullptr;
    const domain::HarmScore* after = nullptr;
    for (const auto& s : scores->second) {
      if (s.scored_on.substr(0, 10) <= meeting) {
        before = &s;
      } else {
        after = &s;
      }
    }
    if (before == nullptr || after == nullptr) continue;
    const int delta = after->score - before->score;
    deltas.push_back(delta);
    (delta < 0 ? fell : delta > 0 ? rose : same)++;
  }
  change.Add({std::string("Scored before and after"), static_cast<int64_t>(deltas.size()),
              Median(deltas)});
  change.Add({std::string("Score fell"), fell, Cell{}});
  change.Add({std::string("No change"), same, Cell{}});
  change.Add({std::string("Score rose"), rose, Cell{}});
  out.push_back(std::move(change));
  return out;
}

Return CommissionerReturn(const CaseSnapshot& d, const Period& now, int64_t threshold) {
  Return r;
  const auto referred = ReferredIn(d, now);
  Series summary = CountSeries("return_summary", "Victims referred and supported", "line", "Line");
  summary.columns.pop_back();
  int64_t offered = 0, supported = 0, closed = 0;
  std::set<domain::Id> with_measures;
  for (const auto& item : ItemsOf(d, "outcome_measure")) with_measures.insert(item.case_id);
  for (const auto& item : ItemsOf(d, "consent")) {
    if (InPeriod(item.created_at, now) && IsAdvocacyOffer(item)) ++offered;
  }
  std::set<domain::Id> supported_cases;
  for (const auto& item : ItemsOf(d, "advocacy")) {
    if (!InPeriod(item.created_at, now)) continue;
    if (IsSupport(item)) {
      ++supported;
      supported_cases.insert(item.case_id);
    }
  }
  int64_t closed_without_measures = 0;
  for (const auto& c : d.cases) {
    if (c.status != "closed" || !InPeriod(c.updated_at, now)) continue;
    ++closed;
    if (supported_cases.count(c.id) != 0 && with_measures.count(c.id) == 0) {
      ++closed_without_measures;
    }
  }
  summary.Add({std::string("Referrals received"), static_cast<int64_t>(referred.size())});
  summary.Add({std::string("Offered support"), offered});
  summary.Add({std::string("Supported"), supported});
  summary.Add({std::string("Closed"), closed});
  r.series.push_back(std::move(summary));

  Series types = CountSeries("by_case_type", "Referrals by type of stalking", "case_type", "Type");
  std::map<std::string, int64_t> type_counts;
  std::vector<std::string> type_labels;
  for (const auto& code : domain::CaseTypes()) type_labels.emplace_back(code.label);
  type_labels.emplace_back("Not yet triaged");
  type_labels.emplace_back("Not recorded");
  int64_t untriaged = 0;
  for (const auto* c : referred) {
    const bool waiting = c->status == "referred";
    if (waiting) ++untriaged;
    type_counts[!c->case_type.empty() ? Label(domain::CaseTypes(), c->case_type)
                : waiting             ? "Not yet triaged"
                                      : "Not recorded"]++;
  }
  AddSuppressedRows(types, type_labels, type_counts, threshold);
  r.series.push_back(std::move(types));

  Series crimes =
      CountSeries("by_crime", "Referrals by the crime first recorded", "crime", "Recorded as");
  std::map<std::string, int64_t> crime_counts;
  std::vector<std::string> crime_labels;
  for (const auto& [key, label] : RecordingFamilies()) crime_labels.push_back(label);
  crime_labels.emplace_back("No police report");
  for (const auto* c : referred) {
    auto recorded = d.first_report_recorded_as.find(c->id);
    if (recorded == d.first_report_recorded_as.end()) {
      crime_counts["No police report"]++;
      continue;
    }
    const std::string family = RecordingFamily(recorded->second);
    for (const auto& [key, label] : RecordingFamilies()) {
      if (key == family) crime_counts[label]++;
    }
  }
  AddSuppressedRows(crimes, crime_labels, crime_counts, threshold);
  r.series.push_back(std::move(crimes));
  auto victims = VictimSeries(d, now, threshold);
  for (auto& s : victims) {
    if (s.id == "victims_by_gender" || s.id == "victims_by_age" || s.id == "outcome_measures") {
      r.series.push_back(std::move(s));
    }
  }

  int64_t no_gender = 0, no_dob = 0, no_victim = 0;
  for (const auto* c : referred) {
    auto v = d.victims.find(c->victim_person_id);
    if (v == d.victims.end()) {
      ++no_victim;
      continue;
    }
    if (GenderGroup(v->second) == "Not recorded") ++no_gender;
    if (AgeBand(v->second, now) == "Not recorded") ++no_dob;
  }
  auto note = [&](int64_t n, const std::string& what) {
    if (n > 0) r.validation.push_back(std::to_string(n) + " " + what);
  };
  note(no_victim, "referrals name no victim, so no victim can be counted for them");
  note(no_gender, "referred victims have no gender recorded");
  note(no_dob, "referred victims have no date of birth recorded");
  note(untriaged, "referrals are not yet triaged, so their type of stalking is unknown");
  note(closed_without_measures, "supported cases closed without outcome measures");
  const bool whole_months = now.from.substr(8) == "01" && [&] {
    auto to = domain::ParseDate(now.to);
    if (!to) return false;
    auto next = domain::CivilFromDays(domain::DaysFromCivil(*to) + 1);
    return next.day == 1;
  }();
  if (!whole_months) {
    r.validation.push_back("The period " + now.from + " to " + now.to +
                           " is not whole months; a return normally covers a quarter");
  }
  return r;
}

}  // namespace threadline::reporting
