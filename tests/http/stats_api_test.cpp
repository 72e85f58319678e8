// The accountability figures, GET /api/v1/stats/{measure}, against the real
// server: the documented shape of every measure, figures that move by
// exactly what the test records through the API (reports, screenings,
// outcomes, referrals), the previous period, scope by force and area, the
// CSV and XLSX downloads, small-number suppression, the audit trail, and
// bad input refused with the field named and nothing audited.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "../support/shared_server_test.hpp"
#include "../support/store_lookup.hpp"
#include "domain/datetime.hpp"

namespace threadline {
namespace {

using testing::HttpClient;
using testing::Reply;

const std::vector<std::string> kMeasures = {"funnel", "quality", "panels", "programme",
                                            "orders", "victims", "return"};

std::string S(const boost::json::value& v, const char* key) {
  return std::string(v.at(key).as_string());
}

std::string DayOffset(int64_t offset) {
  return domain::FormatDate(domain::CivilFromDays(domain::NowSeconds() / 86400 + offset));
}

int64_t DaysOf(const std::string& date) { return domain::DaysFromCivil(*domain::ParseDate(date)); }

bool Has(const boost::json::array& a, std::string_view text) {
  return std::any_of(a.begin(), a.end(), [&](const boost::json::value& v) {
    return v.is_string() && v.as_string() == text;
  });
}

// The series `id` of a measure, or null.
const boost::json::object* SeriesOf(const boost::json::object& measure, std::string_view id) {
  for (const auto& s : measure.at("series").as_array()) {
    if (s.at("id").as_string() == id) return &s.as_object();
  }
  return nullptr;
}

// The row of `series` whose label starts with `label`, or null.
const boost::json::object* RowOf(const boost::json::object& series, std::string_view label) {
  const std::string key = S(series, "label_key");
  for (const auto& r : series.at("rows").as_array()) {
    const auto& cell = r.at(key);
    if (cell.is_string() && std::string(cell.as_string()).rfind(label, 0) == 0) {
      return &r.as_object();
    }
  }
  return nullptr;
}

// A count cell: the number, -1 (with a failure) when the row or cell is
// missing or not a number.
int64_t Figure(const boost::json::object& measure, std::string_view series, std::string_view row,
               const char* key = "count") {
  const auto* s = SeriesOf(measure, series);
  if (s == nullptr) {
    ADD_FAILURE() << "no series " << series << " in " << boost::json::serialize(measure);
    return -1;
  }
  const auto* r = RowOf(*s, row);
  if (r == nullptr) {
    ADD_FAILURE() << "no row " << row << " in " << boost::json::serialize(*s);
    return -1;
  }
  const auto& cell = r->at(key);
  if (!cell.is_int64()) {
    ADD_FAILURE() << series << "/" << row << "/" << key << " is " << boost::json::serialize(cell);
    return -1;
  }
  return cell.as_int64();
}

// The small-number rule over every row of the breakdowns by a personal
// characteristic: a count above zero and under the threshold is null and
// named in `suppressed` with its share; a count shown is 0 or at least the
// threshold. Returns how many rows were suppressed.
int ExpectSmallNumbersSuppressed(const boost::json::object& measure) {
  const int64_t threshold = measure.at("suppression_threshold").as_int64();
  int suppressed_rows = 0;
  for (const auto& sv : measure.at("series").as_array()) {
    const auto& s = sv.as_object();
    const std::string id = S(s, "id");
    if (id != "victims_by_gender" && id != "victims_by_age" && id != "by_case_type") continue;
    for (const auto& rv : s.at("rows").as_array()) {
      const auto& row = rv.as_object();
      const auto& hidden = row.at("suppressed").as_array();
      const std::string where = id + ": " + boost::json::serialize(row);
      if (Has(hidden, "count")) {
        ++suppressed_rows;
        EXPECT_TRUE(row.at("count").is_null()) << where;
        EXPECT_TRUE(Has(hidden, "share")) << "the share would reveal the count: " << where;
        EXPECT_TRUE(row.at("share").is_null()) << where;
      } else {
        EXPECT_TRUE(row.at("count").is_int64()) << where;
        if (!row.at("count").is_int64()) continue;
        const int64_t n = row.at("count").as_int64();
        EXPECT_TRUE(n == 0 || n >= threshold) << "a small number is shown: " << where;
      }
    }
  }
  return suppressed_rows;
}

// Everything docs/measures.md and docs/api.md promise about the JSON of a
// measure, checked on one answer.
void ExpectDocumentedShape(const boost::json::object& m, const std::string& measure,
                           const std::string& from, const std::string& to,
                           const std::string& force = "", const std::string& area = "") {
  SCOPED_TRACE(measure);
  EXPECT_EQ(m.at("measure").as_string(), measure);
  EXPECT_FALSE(m.at("title").as_string().empty());
  const auto& filters = m.at("filters").as_object();
  EXPECT_EQ(filters.size(), 4u);
  EXPECT_EQ(filters.at("from").as_string(), from);
  EXPECT_EQ(filters.at("to").as_string(), to);
  EXPECT_EQ(filters.at("force").as_string(), force);
  EXPECT_EQ(filters.at("area").as_string(), area);
  const auto& previous = m.at("previous").as_object();
  ASSERT_TRUE(domain::ParseDate(previous.at("from").as_string()).has_value());
  ASSERT_TRUE(domain::ParseDate(previous.at("to").as_string()).has_value());
  EXPECT_EQ(DaysOf(S(previous, "to")) + 1, DaysOf(from))
      << "the previous period ends the day before";
  EXPECT_EQ(DaysOf(S(previous, "to")) - DaysOf(S(previous, "from")), DaysOf(to) - DaysOf(from))
      << "the previous period is as long";
  EXPECT_GT(m.at("suppression_threshold").as_int64(), 0);
  for (const auto& n : m.at("notes").as_array()) EXPECT_TRUE(n.is_string());
  EXPECT_FALSE(m.at("notes").as_array().empty()) << "every measure says how to read it";
  for (const auto& v : m.at("validation").as_array()) EXPECT_TRUE(v.is_string());

  const auto& series = m.at("series").as_array();
  EXPECT_FALSE(series.empty());
  std::set<std::string> ids;
  for (const auto& sv : series) {
    const auto& s = sv.as_object();
    const std::string id = S(s, "id");
    SCOPED_TRACE(id);
    EXPECT_TRUE(ids.insert(id).second) << "series ids are unique";
    EXPECT_FALSE(s.at("title").as_string().empty());
    const std::string chart = S(s, "chart");
    EXPECT_TRUE(chart == "bar" || chart == "line") << chart;
    std::map<std::string, std::string> types;  // column key -> type
    for (const auto& cv : s.at("columns").as_array()) {
      const auto& c = cv.as_object();
      EXPECT_EQ(c.size(), 3u);
      const std::string type = S(c, "type");
      EXPECT_TRUE(type == "text" || type == "count" || type == "rate" || type == "days" ||
                  type == "number")
          << type;
      EXPECT_FALSE(c.at("label").as_string().empty());
      EXPECT_TRUE(types.emplace(S(c, "key"), type).second) << "column keys are unique";
    }
    ASSERT_FALSE(types.empty());
    const std::string label_key = S(s, "label_key");
    ASSERT_TRUE(types.contains(label_key)) << label_key;
    EXPECT_EQ(types[label_key], "text");
    EXPECT_FALSE(s.at("value_keys").as_array().empty());
    for (const auto& k : s.at("value_keys").as_array()) {
      EXPECT_TRUE(types.contains(std::string(k.as_string()))) << k;
    }
    for (const auto& rv : s.at("rows").as_array()) {
      const auto& row = rv.as_object();
      const std::string where = boost::json::serialize(row);
      EXPECT_EQ(row.size(), types.size() + 1) << "every column and `suppressed`: " << where;
      ASSERT_TRUE(row.contains("suppressed")) << where;
      for (const auto& k : row.at("suppressed").as_array()) {
        const std::string key(k.as_string());
        ASSERT_TRUE(types.contains(key)) << where;
        EXPECT_TRUE(row.at(key).is_null()) << "a suppressed cell has no value: " << where;
      }
      EXPECT_TRUE(row.at(label_key).is_string()) << "every row is named: " << where;
      for (const auto& [key, type] : types) {
        ASSERT_TRUE(row.contains(key)) << key << " missing from " << where;
        const auto& cell = row.at(key);
        if (cell.is_null()) continue;
        if (type == "text") {
          EXPECT_TRUE(cell.is_string()) << key << ": " << where;
        } else if (type == "count") {
          ASSERT_TRUE(cell.is_int64()) << key << ": " << where;
          EXPECT_GE(cell.as_int64(), 0) << key << ": " << where;
        } else {
          ASSERT_TRUE(cell.is_number()) << key << ": " << where;
          if (type == "rate") {
            EXPECT_GE(cell.to_number<double>(), 0.0) << key << ": " << where;
          }
        }
      }
    }
  }
  ExpectSmallNumbersSuppressed(m);
}

class StatsApiTest : public testing::SharedServerTest {
 protected:
  static void SetUpTestSuite() { StartDemoServer({"--login-attempts-per-minute", "1000"}); }

  // A measure as JSON; fails the test unless the answer is 200 JSON.
  static boost::json::object Stats(HttpClient& client, const std::string& measure,
                                   const std::string& query) {
    const Reply r = client.Get("/api/v1/stats/" + measure + "?" + query);
    EXPECT_EQ(r.status, 200u) << measure << "?" << query << ": " << r.body;
    EXPECT_EQ(r.Header("content-type").rfind("application/json", 0), 0u)
        << r.Header("content-type");
    if (r.status != 200) return {};
    return r.Json().as_object();
  }

  // Records a report and returns its id. A unique surname keeps each
  // report its own course of conduct.
  static std::string Report(HttpClient& client, const std::string& force,
                            const std::string& occurred_at, const std::string& recorded_as,
                            bool suspect, bool named_suspect,
                            const std::string& victim_extra = "") {
    static int n = 0;
    const std::string tag = "Statsby" + std::to_string(++n);
    std::string body = R"({"force":")" + force + R"(","occurred_at":")" + occurred_at +
                       R"(","recorded_as":")" + recorded_as +
                       R"(","summary":"Repeated unwanted contact.","parties":[{"role":"victim",
                       "person":{"given_name":"Vera","family_name":")" +
                       tag + R"(")" + victim_extra + "}}";
    if (suspect) {
      body += R"(,{"role":"suspect","person":{"given_name":"Sid")";
      body += named_suspect ? R"(,"family_name":"Suspectson)" + tag + R"(")"
                            : R"(,"phones":["07700 9)" + std::to_string(10000 + n) + R"("])";
      body += "}}";
    }
    body += "]}";
    const Reply r = client.Post("/api/v1/reports", body);
    EXPECT_EQ(r.status, 201u) << r.body;
    return r.status == 201 ? S(r.Json(), "id") : std::string();
  }

  // Screens a report; returns the screening.
  static boost::json::object Screen(HttpClient& client, const std::string& report_id,
                                    bool stalking) {
    const std::string answers =
        stalking ? R"({"four_unwanted":"yes","four_fixated":"yes","four_obsessive":"yes",
                       "four_repeated":"yes","alarm_distress":"yes","fear_of_violence":"no",
                       "serious_alarm_distress":"no","daily_life_changes":[],
                       "relationship":"stranger","occasions":5,
                       "behaviours":["following","contacting"]})"
                 : R"({"four_unwanted":"yes","four_fixated":"unknown","four_obsessive":"unknown",
                       "four_repeated":"no","relationship":"stranger","occasions":1,
                       "behaviours":["contacting"]})";
    const Reply r = client.Post("/api/v1/reports/" + report_id + "/screenings",
                                R"({"questionnaire_version":"v1","answers":)" + answers + "}");
    EXPECT_EQ(r.status, 201u) << r.body;
    return r.status == 201 ? r.Json().as_object() : boost::json::object();
  }

  static bool FoundStalking(const boost::json::object& screening) {
    for (const auto& c : screening.at("classifications").as_array()) {
      if (c.as_string() == "stalking_s2a" || c.as_string() == "stalking_s4a") return true;
    }
    return false;
  }

  static std::string Outcome(HttpClient& client, const std::string& case_id,
                             const std::string& report_id, const std::string& kind) {
    const Reply r = client.Post("/api/v1/cases/" + case_id + "/outcomes",
                                R"({"report_id":")" + report_id + R"(","kind":")" + kind +
                                    R"(","occurred_on":"2026-03-01"})");
    EXPECT_EQ(r.status, 201u) << kind << ": " << r.body;
    return r.body;
  }

  // The stats.read entries of the audit log, read from the database file.
  static std::vector<domain::AuditEntry> StatsReads() {
    FlushServerAudit();
    return testing::AuditOfFile(server_->db(), "stats.read");
  }
};

TEST_F(StatsApiTest, EveryMeasureHasTheDocumentedShapeForAnalystsAndLeads) {
  for (const char* role : {"analyst", "lead"}) {
    HttpClient client(server_->port());
    As(client, role);
    SCOPED_TRACE(role);
    for (const auto& measure : kMeasures) {
      const auto m = Stats(client, measure, "from=2026-01-01&to=2026-06-30");
      ASSERT_FALSE(m.empty()) << measure;
      ExpectDocumentedShape(m, measure, "2026-01-01", "2026-06-30");
      const auto scoped =
          Stats(client, measure, "from=2026-01-01&to=2026-06-30&force=met&area=London");
      ASSERT_FALSE(scoped.empty()) << measure;
      ExpectDocumentedShape(scoped, measure, "2026-01-01", "2026-06-30", "met", "London");
    }
  }
  // The funnel's steps, in order, each a share of the reports.
  HttpClient analyst(server_->port());
  As(analyst, "analyst");
  const auto funnel = Stats(analyst, "funnel", "from=2026-01-01&to=2026-06-30");
  const auto* steps = SeriesOf(funnel, "funnel");
  ASSERT_NE(steps, nullptr);
  std::vector<std::string> labels;
  for (const auto& r : steps->at("rows").as_array()) labels.push_back(S(r, "step"));
  EXPECT_EQ(labels,
            (std::vector<std::string>{"Reports", "Recorded as stalking", "Suspect identified",
                                      "Charged", "Reached trial", "Convicted"}));
}

TEST_F(StatsApiTest, WithoutDatesThePeriodIsTheTwelveMonthsUpToToday) {
  HttpClient analyst(server_->port());
  As(analyst, "analyst");
  const std::string today = DayOffset(0);
  const auto m = Stats(analyst, "funnel", "force=met");
  ASSERT_FALSE(m.empty());
  const auto& filters = m.at("filters").as_object();
  // Tolerates the request crossing midnight.
  const std::string to = S(filters, "to");
  EXPECT_TRUE(to == today || to == DayOffset(0)) << to;
  EXPECT_EQ(DaysOf(to) - DaysOf(S(filters, "from")), 364) << "365 days, both ends included";
  EXPECT_EQ(S(filters, "force"), "met");
}

TEST_F(StatsApiTest, ThePreviousPeriodIsTheSameNumberOfDaysJustBefore) {
  HttpClient analyst(server_->port());
  As(analyst, "analyst");
  struct Case {
    const char* from;
    const char* to;
    const char* previous_from;
    const char* previous_to;
  };
  // Days, not calendar months: 2025's 365 days go back to 2 January 2024,
  // across 29 February.
  for (const Case& c : {Case{"2026-04-01", "2026-06-30", "2025-12-31", "2026-03-31"},
                        Case{"2024-03-01", "2024-03-31", "2024-01-30", "2024-02-29"},
                        Case{"2026-01-01", "2026-01-01", "2025-12-31", "2025-12-31"},
                        Case{"2025-01-01", "2025-12-31", "2024-01-02", "2024-12-31"}}) {
    const auto m = Stats(analyst, "quality", std::string("from=") + c.from + "&to=" + c.to);
    ASSERT_FALSE(m.empty());
    EXPECT_EQ(S(m.at("filters"), "from"), c.from);
    EXPECT_EQ(S(m.at("filters"), "to"), c.to);
    EXPECT_EQ(S(m.at("previous"), "from"), c.previous_from) << c.from << ".." << c.to;
    EXPECT_EQ(S(m.at("previous"), "to"), c.previous_to) << c.from << ".." << c.to;
  }
}

TEST_F(StatsApiTest, TheFunnelCountsExactlyTheReportsAndOutcomesRecorded) {
  HttpClient lead(server_->port());
  As(lead, "lead");
  HttpClient kent(server_->port());
  AsOfficerOf(kent, "kent");
  HttpClient analyst(server_->port());
  As(analyst, "analyst");
  const std::string day = "from=2026-02-10&to=2026-02-10";
  const std::string next_day = "from=2026-02-11&to=2026-02-11";
  auto funnel = [&](const std::string& query) { return Stats(analyst, "funnel", query); };
  struct Steps {
    int64_t reports, recorded, suspect, charged, trial, convicted;
  };
  auto steps = [&](const std::string& query) {
    const auto m = funnel(query);
    if (m.empty()) return Steps{-1, -1, -1, -1, -1, -1};
    return Steps{Figure(m, "funnel", "Reports"),
                 Figure(m, "funnel", "Recorded as stalking"),
                 Figure(m, "funnel", "Suspect identified"),
                 Figure(m, "funnel", "Charged"),
                 Figure(m, "funnel", "Reached trial"),
                 Figure(m, "funnel", "Convicted")};
  };
  const Steps met0 = steps(day + "&force=met");
  const Steps all0 = steps(day);
  const Steps london0 = steps(day + "&area=London");
  const Steps south_east0 = steps(day + "&area=South%20East");
  const Steps met_next0 = steps(next_day + "&force=met");
  ASSERT_GE(met0.reports, 0);

  // Three Met reports on the day (one given in local time that is still the
  // day in UTC), one at the first second of the next day, one Kent report.
  const std::string r1 = Report(lead, "met", "2026-02-10T09:00:00Z", "stalking_s2a", true, true);
  const std::string r2 =
      Report(lead, "met", "2026-02-11T00:30:00+01:00", "stalking_s4a", true, false);
  const std::string r3 = Report(lead, "met", "2026-02-10T12:00:00Z", "harassment_s2", false, false);
  const std::string r4 = Report(lead, "met", "2026-02-11T00:00:00Z", "stalking_s2a", true, true);
  const std::string k1 = Report(kent, "kent", "2026-02-10T10:00:00Z", "stalking_s2a", true, true);
  ASSERT_FALSE(r1.empty() || r2.empty() || r3.empty() || r4.empty() || k1.empty());

  Steps met = steps(day + "&force=met");
  EXPECT_EQ(met.reports, met0.reports + 3);
  EXPECT_EQ(met.recorded, met0.recorded + 2) << "s2A and s4A; harassment is not";
  EXPECT_EQ(met.suspect, met0.suspect + 1) << "only the suspect with a surname";
  EXPECT_EQ(met.charged, met0.charged);
  EXPECT_EQ(steps(next_day + "&force=met").reports, met_next0.reports + 1)
      << "midnight UTC starts the next day";
  EXPECT_EQ(steps(day).reports, all0.reports + 4) << "every force";
  EXPECT_EQ(steps(day + "&area=London").reports, london0.reports + 3);
  EXPECT_EQ(steps(day + "&area=South%20East").reports, south_east0.reports + 1);
  EXPECT_EQ(steps(day + "&force=kent").suspect, south_east0.suspect + 1);

  // Outcomes, recorded on the case the reports were referred in.
  const Reply referral = lead.Post(
      "/api/v1/referrals", R"({"source":"police_report","report_ids":[")" + r1 + R"(",")" + r2 +
                               R"(",")" + r3 + R"("],"reason":"Three incidents, one course."})");
  ASSERT_EQ(referral.status, 201u) << referral.body;
  const std::string case_id = S(referral.Json(), "id");
  Outcome(lead, case_id, r1, "charged");
  met = steps(day + "&force=met");
  EXPECT_EQ(met.charged, met0.charged + 1);
  EXPECT_EQ(met.suspect, met0.suspect + 1);
  EXPECT_EQ(met.trial, met0.trial);
  // An arrest shows a suspect was identified, though the record has no surname.
  Outcome(lead, case_id, r2, "arrested");
  met = steps(day + "&force=met");
  EXPECT_EQ(met.suspect, met0.suspect + 2);
  EXPECT_EQ(met.charged, met0.charged + 1);
  // A charge on a report neither recorded nor screened as stalking stays out.
  Outcome(lead, case_id, r3, "charged");
  met = steps(day + "&force=met");
  EXPECT_EQ(met.recorded, met0.recorded + 2);
  EXPECT_EQ(met.charged, met0.charged + 1);
  // A conviction is also a trial reached.
  Outcome(lead, case_id, r1, "convicted");
  met = steps(day + "&force=met");
  EXPECT_EQ(met.reports, met0.reports + 3);
  EXPECT_EQ(met.charged, met0.charged + 1);
  EXPECT_EQ(met.trial, met0.trial + 1);
  EXPECT_EQ(met.convicted, met0.convicted + 1);

  // The shares are of the reports and of the step before.
  const auto m = funnel(day + "&force=met");
  const auto* series = SeriesOf(m, "funnel");
  ASSERT_NE(series, nullptr);
  int64_t before = -1;
  for (const auto& rv : series->at("rows").as_array()) {
    const int64_t n = rv.at("count").as_int64();
    EXPECT_DOUBLE_EQ(rv.at("rate").as_double(), static_cast<double>(n) / met.reports) << rv;
    if (before < 0) {
      EXPECT_TRUE(rv.at("step_rate").is_null()) << rv;
    } else if (before > 0) {
      EXPECT_DOUBLE_EQ(rv.at("step_rate").as_double(), static_cast<double>(n) / before) << rv;
    }
    EXPECT_LE(n, before < 0 ? n : before) << "each step is within the one before";
    before = n;
  }
  // The next day's previous period is this day.
  const auto next = funnel(next_day + "&force=met");
  EXPECT_EQ(Figure(next, "funnel", "Reports", "previous_count"), met.reports);
  EXPECT_EQ(Figure(next, "funnel", "Charged", "previous_count"), met.charged);
}

TEST_F(StatsApiTest, QualityCountsStalkingTheRecordingMissed) {
  HttpClient lead(server_->port());
  As(lead, "lead");
  HttpClient analyst(server_->port());
  As(analyst, "analyst");
  const std::string day = "from=2026-02-17&to=2026-02-17&force=met";
  const auto q0 = Stats(analyst, "quality", day);
  const auto f0 = Stats(analyst, "funnel", day);
  ASSERT_FALSE(q0.empty() || f0.empty());
  const char* kMissed = "Screened as stalking, recorded as something else";
  const char* kHarassment = "Harassment (s2 or s4)";

  // Harassment screened as stalking, twice; harassment screened as
  // something else; stalking screened as stalking; harassment unscreened.
  const std::string h1 = Report(lead, "met", "2026-02-17T20:00:00Z", "harassment_s2", true, true);
  const auto h1_first = Screen(lead, h1, true);
  ASSERT_FALSE(h1_first.empty());
  ASSERT_TRUE(FoundStalking(h1_first)) << boost::json::serialize(h1_first);
  const auto h1_again = Screen(lead, h1, true);
  ASSERT_FALSE(h1_again.empty());
  EXPECT_EQ(h1_again.at("previous_screening_id"), h1_first.at("id"));
  const std::string h2 = Report(lead, "met", "2026-02-17T21:00:00Z", "harassment_s2", true, true);
  const auto h2_screen = Screen(lead, h2, false);
  ASSERT_FALSE(h2_screen.empty());
  const int64_t h2_stalking = FoundStalking(h2_screen) ? 1 : 0;
  const std::string s1 = Report(lead, "met", "2026-02-17T22:00:00Z", "stalking_s2a", true, true);
  const auto s1_screen = Screen(lead, s1, true);
  ASSERT_FALSE(s1_screen.empty());
  const std::string h3 = Report(lead, "met", "2026-02-17T23:00:00Z", "harassment_s4", false, false);
  ASSERT_FALSE(h3.empty());

  const auto q = Stats(analyst, "quality", day);
  ASSERT_FALSE(q.empty());
  EXPECT_EQ(Figure(q, "screening", "Screened"), Figure(q0, "screening", "Screened") + 3)
      << "a report screened twice is one screened report";
  EXPECT_EQ(Figure(q, "screening", "Not screened"), Figure(q0, "screening", "Not screened") + 1);
  EXPECT_EQ(Figure(q, "hidden_stalking", kMissed),
            Figure(q0, "hidden_stalking", kMissed) + 1 + h2_stalking);
  EXPECT_EQ(Figure(q, "hidden_stalking", "Screened again"),
            Figure(q0, "hidden_stalking", "Screened again") + 1);
  EXPECT_EQ(Figure(q, "recorded_as", kHarassment), Figure(q0, "recorded_as", kHarassment) + 3);
  EXPECT_EQ(Figure(q, "recorded_as", kHarassment, "screened_stalking"),
            Figure(q0, "recorded_as", kHarassment, "screened_stalking") + 1 + h2_stalking);
  EXPECT_EQ(Figure(q, "recorded_as", "Stalking", "screened_stalking"),
            Figure(q0, "recorded_as", "Stalking", "screened_stalking") + 1);
  // Stalking found by screening is stalking in the funnel too.
  const auto f = Stats(analyst, "funnel", day);
  EXPECT_EQ(Figure(f, "funnel", "Recorded as stalking"),
            Figure(f0, "funnel", "Recorded as stalking") + 2 + h2_stalking);
  EXPECT_EQ(Figure(f, "funnel", "Reports"), Figure(f0, "funnel", "Reports") + 4);
}

TEST_F(StatsApiTest, CsvAndXlsxDownloadsCarryTheSameFigures) {
  HttpClient lead(server_->port());
  As(lead, "lead");
  ASSERT_FALSE(Report(lead, "met", "2026-03-03T10:00:00Z", "stalking_s2a", true, true).empty());
  HttpClient analyst(server_->port());
  As(analyst, "analyst");
  const std::string query = "from=2026-03-03&to=2026-03-03&force=met";
  const auto json = Stats(analyst, "funnel", query);
  const int64_t reports = Figure(json, "funnel", "Reports");
  ASSERT_GE(reports, 1);

  const Reply csv = analyst.Get("/api/v1/stats/funnel?" + query + "&format=csv");
  ASSERT_EQ(csv.status, 200u) << csv.body;
  EXPECT_EQ(csv.Header("content-type").rfind("text/csv", 0), 0u) << csv.Header("content-type");
  const std::string disposition = csv.Header("content-disposition");
  EXPECT_EQ(disposition.rfind("attachment;", 0), 0u) << disposition;
  EXPECT_NE(disposition.find("filename=\""), std::string::npos) << disposition;
  EXPECT_EQ(disposition.substr(disposition.size() - 5), ".csv\"") << disposition;
  EXPECT_EQ(csv.body.rfind("series,row,column,value,suppressed\r\n", 0), 0u) << csv.body;
  EXPECT_NE(csv.body.find("\r\nFrom report to conviction,Reports,Reports," +
                          std::to_string(reports) + ",no\r\n"),
            std::string::npos)
      << csv.body;
  EXPECT_NE(csv.body.find("\r\nFrom report to conviction,Charged,Reports," +
                          std::to_string(Figure(json, "funnel", "Charged")) + ",no\r\n"),
            std::string::npos)
      << csv.body;

  const Reply xlsx = analyst.Get("/api/v1/stats/return?from=2026-01-01&to=2026-03-31&format=xlsx");
  ASSERT_EQ(xlsx.status, 200u) << xlsx.body.substr(0, 300);
  EXPECT_NE(xlsx.Header("content-type").find("spreadsheetml"), std::string::npos)
      << xlsx.Header("content-type");
  EXPECT_EQ(xlsx.body.rfind("PK\x03\x04", 0), 0u) << "a ZIP container";
  const std::string xlsx_disposition = xlsx.Header("content-disposition");
  EXPECT_EQ(xlsx_disposition.rfind("attachment;", 0), 0u) << xlsx_disposition;
  EXPECT_NE(xlsx_disposition.find(".xlsx\""), std::string::npos) << xlsx_disposition;
  EXPECT_GT(xlsx.body.size(), 1000u);
}

TEST_F(StatsApiTest, BadInputIsRefusedNamingTheFieldAndNothingIsAudited) {
  HttpClient analyst(server_->port());
  As(analyst, "analyst");
  // Warm the session so that only the refused requests run below.
  ASSERT_EQ(analyst.Get("/api/v1/session").status, 200u);
  const size_t reads_before = StatsReads().size();
  const int64_t audit_before = Count(store::Table::kAudit);
  struct Bad {
    std::string target;
    std::string field;
  };
  const std::vector<Bad> cases = {
      {"/api/v1/stats/nope?from=2026-01-01&to=2026-01-31", "measure"},
      {"/api/v1/stats/funnel?from=2026-13-01&to=2026-12-31", "from"},
      {"/api/v1/stats/funnel?from=2026-02-30&to=2026-03-31", "from"},
      {"/api/v1/stats/funnel?from=1%2F1%2F2026&to=2026-03-31", "from"},
      {"/api/v1/stats/funnel?from=2026-01-01&to=2026-1-31", "to"},
      {"/api/v1/stats/funnel?from=2026-06-01&to=2026-05-31", "to"},
      {"/api/v1/stats/funnel?from=2026-01-01", "to"},
      {"/api/v1/stats/funnel?to=2026-01-01", "from"},
      {"/api/v1/stats/funnel?from=2010-01-01&to=2026-01-01", "to"},
      {"/api/v1/stats/funnel?from=2026-01-01&to=2026-03-31&force=atlantis", "force"},
      {"/api/v1/stats/funnel?from=2026-01-01&to=2026-03-31&force=nhs-beh", "force"},
      {"/api/v1/stats/funnel?from=2026-01-01&to=2026-03-31&area=Atlantis", "area"},
      {"/api/v1/stats/funnel?from=2026-01-01&to=2026-03-31&force=met&area=North%20West", "force"},
      {"/api/v1/stats/victims?from=2026-01-01&to=2026-03-31&format=pdf", "format"},
      {"/api/v1/stats/funnel?from=2026-01-01&to=2026-03-31&colour=blue", "colour"},
  };
  for (const auto& bad : cases) {
    const Reply r = analyst.Get(bad.target);
    EXPECT_EQ(r.status, 400u) << bad.target << ": " << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/problem+json") << bad.target;
    if (r.status != 400) continue;
    const auto problem = r.Json().as_object();
    EXPECT_EQ(problem.at("type").as_string(), "/problems/invalid-argument") << bad.target;
    std::vector<std::string> fields;
    if (const auto* errors = problem.if_contains("errors")) {
      for (const auto& e : errors->as_array()) fields.push_back(S(e, "field"));
    }
    EXPECT_TRUE(std::find(fields.begin(), fields.end(), bad.field) != fields.end())
        << bad.target << " should name " << bad.field << ": " << r.body;
  }
  EXPECT_EQ(StatsReads().size(), reads_before) << "a refused read is not audited as a read";
  EXPECT_EQ(Count(store::Table::kAudit), audit_before) << "nothing audited";

  // The limits themselves are accepted: ten calendar years, one day.
  EXPECT_EQ(analyst.Get("/api/v1/stats/funnel?from=2016-01-01&to=2025-12-31").status, 200u);
  EXPECT_EQ(analyst.Get("/api/v1/stats/funnel?from=2026-05-31&to=2026-05-31").status, 200u);
  EXPECT_EQ(analyst.Get("/api/v1/stats/funnel?from=2026-01-01&to=2026-03-31&force=met&area=London")
                .status,
            200u);
}

TEST_F(StatsApiTest, OnlyRolesWithStatsReadSeeTheFigures) {
  const size_t reads_before = StatsReads().size();
  for (const char* role : {"officer", "advocate", "admin"}) {
    HttpClient client(server_->port());
    As(client, role);
    const Reply r = client.Get("/api/v1/stats/funnel?from=2026-01-01&to=2026-03-31");
    EXPECT_EQ(r.status, 403u) << role << ": " << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/problem+json") << role;
    EXPECT_EQ(r.body.find("\"series\""), std::string::npos) << role;
    // Asking for an unknown measure reveals nothing either.
    EXPECT_EQ(client.Get("/api/v1/stats/nope").status, 403u) << role;
  }
  HttpClient anonymous(server_->port());
  const Reply r = anonymous.Get("/api/v1/stats/funnel?from=2026-01-01&to=2026-03-31");
  EXPECT_EQ(r.status, 401u) << r.body;
  EXPECT_EQ(r.Header("content-type"), "application/problem+json");
  EXPECT_EQ(anonymous.Get("/api/v1/stats/return?format=xlsx").status, 401u);
  EXPECT_EQ(StatsReads().size(), reads_before) << "no figures, no read to audit";
}

TEST_F(StatsApiTest, EverySuccessfulReadIsAuditedWithWhoWhichPeriodAndScope) {
  HttpClient analyst(server_->port());
  As(analyst, "analyst");
  const Reply me = analyst.Get("/api/v1/session");
  ASSERT_EQ(me.status, 200u) << me.body;
  const std::string analyst_id = S(me.Json(), "user_id");
  const size_t before = StatsReads().size();

  ASSERT_FALSE(Stats(analyst, "orders", "from=2026-01-05&to=2026-02-04&force=kent").empty());
  ASSERT_EQ(analyst.Get("/api/v1/stats/orders?from=2026-01-05&to=2026-02-04&format=csv").status,
            200u);
  const auto reads = StatsReads();
  ASSERT_EQ(reads.size(), before + 2) << "one entry per read, downloads too";
  for (size_t i = before; i < reads.size(); ++i) {
    EXPECT_EQ(reads[i].actor_id, analyst_id);
    EXPECT_EQ(reads[i].record_type, "stats");
    EXPECT_EQ(reads[i].record_id, "orders");
    // The period and the scope asked for.
    EXPECT_EQ(reads[i].purpose,
              i == before ? "2026-01-05..2026-02-04 force kent" : "2026-01-05..2026-02-04");
    EXPECT_FALSE(reads[i].request_id.empty());
  }

  // An auditor finds it through the API.
  HttpClient admin(server_->port());
  As(admin, "admin");
  const Reply audit = admin.Get("/api/v1/audit?record_type=stats&record=orders");
  ASSERT_EQ(audit.status, 200u) << audit.body;
  const auto entries = audit.Json();
  int found = 0;
  for (const auto& e : entries.at("items").as_array()) {
    if (S(e, "action") == "stats.read" && S(e, "actor_id") == analyst_id &&
        S(e, "purpose").rfind("2026-01-05..2026-02-04", 0) == 0) {
      ++found;
    }
  }
  EXPECT_EQ(found, 2) << audit.body;
}

TEST_F(StatsApiTest, SmallNumbersOfVictimsAreSuppressed) {
  // Kent's referrals, made only here, today: the period is the days around
  // today so that a run across midnight still counts them.
  HttpClient kent(server_->port());
  AsOfficerOf(kent, "kent");
  HttpClient analyst(server_->port());
  As(analyst, "analyst");
  const std::string from = DayOffset(-1);
  const std::string to = DayOffset(1);
  const std::string query = "from=" + from + "&to=" + to + "&force=kent";
  // Aged 39 or 40 on the last day of the period: 35 to 44.
  const std::string dob = std::to_string(std::stoi(to.substr(0, 4)) - 40) + "-06-15";

  const auto before = Stats(analyst, "victims", query);
  ASSERT_FALSE(before.empty());
  for (const char* id : {"victims_by_gender", "victims_by_age"}) {
    const auto* s = SeriesOf(before, id);
    ASSERT_NE(s, nullptr) << id;
    for (const auto& r : s->at("rows").as_array()) {
      EXPECT_EQ(r.at("count"), boost::json::value(0)) << "Kent has referred no one yet: " << r;
    }
  }
  const int64_t threshold = before.at("suppression_threshold").as_int64();
  ASSERT_GE(threshold, 2);
  ASSERT_LE(threshold, 20);

  auto refer_female_victim = [&] {
    const std::string report = Report(kent, "kent", "2026-11-01T20:00:00Z", "stalking_s2a", true,
                                      true, R"(,"gender":"female","dob":")" + dob + R"(")");
    const auto screening = Screen(kent, report, true);
    ASSERT_FALSE(screening.empty());
    const Reply referral =
        kent.Post("/api/v1/referrals",
                  R"({"source":"police_report","screening_id":")" + S(screening, "id") + R"("})");
    ASSERT_EQ(referral.status, 201u) << referral.body;
  };

  // One victim: her gender and her age band are both hidden.
  refer_female_victim();
  const auto one = Stats(analyst, "victims", query);
  ASSERT_FALSE(one.empty());
  ExpectDocumentedShape(one, "victims", from, to, "kent");
  EXPECT_EQ(ExpectSmallNumbersSuppressed(one), 2);
  for (const auto& [series, label] :
       {std::pair{"victims_by_gender", "Female"}, std::pair{"victims_by_age", "35 to 44"}}) {
    const auto* row = RowOf(*SeriesOf(one, series), label);
    ASSERT_NE(row, nullptr) << label;
    EXPECT_TRUE(row->at("count").is_null()) << *row;
    EXPECT_TRUE(Has(row->at("suppressed").as_array(), "count")) << *row;
    EXPECT_TRUE(Has(row->at("suppressed").as_array(), "share")) << *row;
  }
  EXPECT_EQ(Figure(one, "victims_by_gender", "Male"), 0);
  EXPECT_EQ(Figure(one, "victims_by_gender", "Not recorded"), 0);
  // The return carries the same breakdowns, suppressed the same way, and
  // says the referral awaits triage.
  const auto ret = Stats(analyst, "return", query);
  ASSERT_FALSE(ret.empty());
  EXPECT_EQ(Figure(ret, "return_summary", "Referrals received"), 1);
  EXPECT_GE(ExpectSmallNumbersSuppressed(ret), 3) << "gender, age and type of stalking";
  EXPECT_TRUE(Has(ret.at("validation").as_array(),
                  "1 referrals are not yet triaged, so their type of stalking is unknown"))
      << ret.at("validation");
  // The CSV leaves the value empty and says so.
  const Reply csv = analyst.Get("/api/v1/stats/victims?" + query + "&format=csv");
  ASSERT_EQ(csv.status, 200u);
  EXPECT_NE(csv.body.find("\r\n\"Victims referred, by gender\",Female,Count,,yes\r\n"),
            std::string::npos)
      << csv.body;
  EXPECT_NE(csv.body.find("\r\n\"Victims referred, by gender\",Male,Count,0,no\r\n"),
            std::string::npos)
      << csv.body;

  // One under the threshold is still hidden; at the threshold it is shown.
  for (int64_t i = 1; i < threshold - 1; ++i) refer_female_victim();
  const auto under = Stats(analyst, "victims", query);
  ASSERT_FALSE(under.empty());
  EXPECT_EQ(ExpectSmallNumbersSuppressed(under), 2);
  EXPECT_TRUE(RowOf(*SeriesOf(under, "victims_by_gender"), "Female")->at("count").is_null());
  refer_female_victim();
  const auto enough = Stats(analyst, "victims", query);
  ASSERT_FALSE(enough.empty());
  EXPECT_EQ(ExpectSmallNumbersSuppressed(enough), 0);
  EXPECT_EQ(Figure(enough, "victims_by_gender", "Female"), threshold);
  EXPECT_EQ(Figure(enough, "victims_by_age", "35 to 44"), threshold);
  const auto* female = RowOf(*SeriesOf(enough, "victims_by_gender"), "Female");
  ASSERT_NE(female, nullptr);
  EXPECT_TRUE(female->at("suppressed").as_array().empty());
  EXPECT_DOUBLE_EQ(female->at("share").as_double(), 1.0);
  // Kent's victims are not the Met's.
  const auto met = Stats(analyst, "victims", "from=" + from + "&to=" + to + "&force=met");
  ASSERT_FALSE(met.empty());
  const auto* met_female = RowOf(*SeriesOf(met, "victims_by_gender"), "Female");
  ASSERT_NE(met_female, nullptr);
  EXPECT_EQ(met_female->at("count"), boost::json::value(0)) << *met_female;
}

}  // namespace
}  // namespace threadline
