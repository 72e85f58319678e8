// `threadline report`, run as the real executable on a database filled by
// `threadline synth`. Every figure checked here is recounted independently
// with SQL over the same file, from the reports, parties, persons,
// screenings and outcomes tables (never from the stored report facts), by
// the definitions of docs/measures.md:
//
//   reports             occurred in the period (UTC), in scope;
//   recorded as stalking  recorded as stalking_s2a or stalking_s4a, or a
//                       screening of it classified it as stalking (principal
//                       or included);
//   suspect identified  ... and a suspect party's person has a non-empty
//                       family name, or it has an outcome of kind
//                       suspect_identified, arrested, charged, cautioned,
//                       trial, convicted or acquitted;
//   charged             ... and it has a charged outcome;
//   reached trial       ... and a trial, convicted or acquitted outcome;
//   convicted           ... and a convicted outcome.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "../support/server_process.hpp"
#include "../support/sqlite_file.hpp"
#include "../support/temp_dir.hpp"

namespace threadline {
namespace {

using testing::CliRun;
using testing::TempDir;

std::vector<std::vector<std::string>> Query(const std::string& db_path, const std::string& sql) {
  return testing::QueryFile(db_path, sql);
}

int64_t QueryCount(const std::string& db_path, const std::string& sql) {
  const auto rows = Query(db_path, sql);
  EXPECT_EQ(rows.size(), 1u) << sql;
  return rows.size() == 1 ? std::stoll(rows[0][0]) : -1;
}

// The six funnel steps, in order.
using Steps = std::array<int64_t, 6>;
const std::array<const char*, 6> kStepLabels = {
    "Reports", "Recorded as stalking", "Suspect identified",
    "Charged", "Reached trial",        "Convicted"};

// The funnel of the reports that occurred on `from`..`to` (dates, both
// included) of the forces `force_ids` (empty: every force), counted with SQL.
Steps FunnelBySql(const std::string& db, const std::string& from, const std::string& to_next_day,
                  const std::vector<std::string>& force_ids) {
  std::string scope = "SELECT id, recorded_as FROM reports WHERE occurred_at >= '" + from +
                      "T00:00:00Z' AND occurred_at < '" + to_next_day + "T00:00:00Z'";
  if (!force_ids.empty()) {
    scope += " AND force_id IN (";
    for (size_t i = 0; i < force_ids.size(); ++i) scope += (i ? ",'" : "'") + force_ids[i] + "'";
    scope += ")";
  }
  auto has_outcome = [](const std::string& table, const std::string& kinds) {
    return "EXISTS (SELECT 1 FROM outcomes o WHERE o.report_id = " + table + ".id AND o.kind IN (" +
           kinds + "))";
  };
  const std::string sql =
      "WITH scope AS (" + scope +
      "), "
      "stalking AS (SELECT id FROM scope WHERE recorded_as IN ('stalking_s2a', 'stalking_s4a') "
      "  OR EXISTS (SELECT 1 FROM screenings s JOIN screening_classifications c "
      "             ON c.screening_id = s.id WHERE s.report_id = scope.id "
      "             AND c.classification IN ('stalking_s2a', 'stalking_s4a'))), "
      "suspect AS (SELECT id FROM stalking WHERE "
      "  EXISTS (SELECT 1 FROM report_parties p JOIN persons n ON n.id = p.person_id "
      "          WHERE p.report_id = stalking.id AND p.role = 'suspect' "
      "          AND n.family_name <> '') OR " +
      has_outcome("stalking",
                  "'suspect_identified', 'arrested', 'charged', 'cautioned', 'trial', "
                  "'convicted', 'acquitted'") +
      "), "
      "charged AS (SELECT id FROM suspect WHERE " +
      has_outcome("suspect", "'charged'") +
      "), "
      "trial AS (SELECT id FROM charged WHERE " +
      has_outcome("charged", "'trial', 'convicted', 'acquitted'") +
      "), "
      "convicted AS (SELECT id FROM trial WHERE " +
      has_outcome("trial", "'convicted'") +
      ") "
      "SELECT (SELECT count(*) FROM scope), (SELECT count(*) FROM stalking), "
      "(SELECT count(*) FROM suspect), (SELECT count(*) FROM charged), "
      "(SELECT count(*) FROM trial), (SELECT count(*) FROM convicted)";
  const auto rows = Query(db, sql);
  Steps out{-1, -1, -1, -1, -1, -1};
  if (rows.size() != 1 || rows[0].size() != 6) {
    ADD_FAILURE() << sql;
    return out;
  }
  for (size_t i = 0; i < 6; ++i) out[i] = std::stoll(rows[0][i]);
  return out;
}

// The funnel steps of a `report funnel --format json` answer, column `key`.
Steps FunnelOf(const boost::json::object& measure, const char* key) {
  Steps out{-1, -1, -1, -1, -1, -1};
  for (const auto& s : measure.at("series").as_array()) {
    if (s.at("id").as_string() != "funnel") continue;
    for (size_t i = 0; i < kStepLabels.size(); ++i) {
      for (const auto& r : s.at("rows").as_array()) {
        if (r.at("step").as_string() == kStepLabels[i]) out[i] = r.at(key).as_int64();
      }
    }
  }
  return out;
}

class ReportCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = dir_->File("synth.db");
    const CliRun synth = Run({"synth", "--db", db_, "--reports", "3000", "--seed", "7"});
    ASSERT_EQ(synth.exit_code, 0) << synth.output;
    // The force with the most reports, and its area.
    const auto rows = Query(db_,
                            "SELECT a.code, a.id, a.region FROM reports r JOIN agencies a ON "
                            "a.id = r.force_id GROUP BY a.id ORDER BY count(*) DESC, a.code "
                            "LIMIT 1");
    ASSERT_EQ(rows.size(), 1U);
    force_ = rows[0][0];
    force_id_ = rows[0][1];
    area_ = rows[0][2];
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static CliRun Run(std::vector<std::string> args) {
    return testing::RunThreadline(std::move(args), dir_->File("cli.log"));
  }

  // `report MEASURE ... --format json`, parsed; fails unless it succeeded.
  static boost::json::object ReportJson(const std::string& measure,
                                        std::vector<std::string> flags) {
    std::vector<std::string> args = {"report", measure, "--db", db_, "--format", "json"};
    args.insert(args.end(), flags.begin(), flags.end());
    const CliRun run = Run(args);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    boost::system::error_code ec;
    auto parsed = boost::json::parse(run.output, ec);
    EXPECT_FALSE(ec) << run.output;
    return ec || !parsed.is_object() ? boost::json::object() : parsed.as_object();
  }

  static int64_t StatsReads(const std::string& record) {
    return QueryCount(db_,
                      "SELECT count(*) FROM audit_log WHERE action = 'stats.read' AND "
                      "record_type = 'stats' AND record_id = '" +
                          record + "'");
  }

  static TempDir* dir_;
  static std::string db_;
  static std::string force_;
  static std::string force_id_;
  static std::string area_;
};

TempDir* ReportCliTest::dir_ = nullptr;
std::string ReportCliTest::db_;
std::string ReportCliTest::force_;
std::string ReportCliTest::force_id_;
std::string ReportCliTest::area_;

TEST_F(ReportCliTest, TheFunnelOfAYearAgreesWithSqlOverTheFile) {
  const int64_t audited = StatsReads("funnel");
  const auto m = ReportJson("funnel", {"--from", "2024-04-01", "--to", "2025-03-31"});
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m.at("measure").as_string(), "funnel");
  EXPECT_EQ(m.at("filters").at("from").as_string(), "2024-04-01");
  EXPECT_EQ(m.at("filters").at("to").as_string(), "2025-03-31");
  // 365 days back, across 29 February 2024.
  EXPECT_EQ(m.at("previous").at("from").as_string(), "2023-04-02");
  EXPECT_EQ(m.at("previous").at("to").as_string(), "2024-03-31");

  EXPECT_EQ(QueryCount(db_,
                       "SELECT count(*) FROM reports WHERE occurred_at >= '2024-04-01' "
                       "AND occurred_at < '2025-04-01'"),
            FunnelBySql(db_, "2024-04-01", "2025-04-01", {})[0])
      << "the two spellings of the period agree";
  const Steps want = FunnelBySql(db_, "2024-04-01", "2025-04-01", {});
  const Steps got = FunnelOf(m, "count");
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(got[i], want[i]) << kStepLabels[i];
  ASSERT_GT(want[0], 1000) << "too few reports to test with";
  ASSERT_GT(want[3], 0) << "no charge to count: the test would prove little";
  ASSERT_LT(want[3], want[2]) << "every step lost some: the steps are told apart";
  const Steps want_before = FunnelBySql(db_, "2023-04-02", "2024-04-01", {});
  const Steps got_before = FunnelOf(m, "previous_count");
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_EQ(got_before[i], want_before[i]) << kStepLabels[i];
  EXPECT_EQ(StatsReads("funnel"), audited + 1) << "the command's read is audited";
}

TEST_F(ReportCliTest, AForceAndAnAreaOverHalfAYearAgreeWithSql) {
  // 182 days; the previous period is the 182 days before.
  const auto m =
      ReportJson("funnel", {"--from", "2024-10-01", "--to", "2025-03-31", "--force", force_});
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m.at("filters").at("force").as_string(), force_);
  EXPECT_EQ(m.at("previous").at("from").as_string(), "2024-04-02");
  EXPECT_EQ(m.at("previous").at("to").as_string(), "2024-09-30");
  const Steps want = FunnelBySql(db_, "2024-10-01", "2025-04-01", {force_id_});
  const Steps got = FunnelOf(m, "count");
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(got[i], want[i]) << kStepLabels[i];
  ASSERT_GT(want[0], 0);
  const Steps want_before = FunnelBySql(db_, "2024-04-02", "2024-10-01", {force_id_});
  const Steps got_before = FunnelOf(m, "previous_count");
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_EQ(got_before[i], want_before[i]) << kStepLabels[i];

  std::vector<std::string> area_forces;
  for (const auto& row : Query(db_,
                               "SELECT id FROM agencies WHERE kind = 'police_force' AND "
                               "region = '" +
                                   area_ + "'")) {
    area_forces.push_back(row[0]);
  }
  ASSERT_FALSE(area_forces.empty());
  const auto area =
      ReportJson("funnel", {"--from", "2024-10-01", "--to", "2025-03-31", "--area", area_});
  ASSERT_FALSE(area.empty());
  EXPECT_EQ(area.at("filters").at("area").as_string(), area_);
  const Steps want_area = FunnelBySql(db_, "2024-10-01", "2025-04-01", area_forces);
  const Steps got_area = FunnelOf(area, "count");
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(got_area[i], want_area[i]) << kStepLabels[i];
  EXPECT_GE(want_area[0], want[0]);
}

TEST_F(ReportCliTest, RecordingQualityAgreesWithSql) {
  const auto m = ReportJson("quality", {"--from", "2024-04-01", "--to", "2025-03-31"});
  ASSERT_FALSE(m.empty());
  const std::string in_period =
      "occurred_at >= '2024-04-01T00:00:00Z' AND occurred_at < '2025-04-01T00:00:00Z'";
  const int64_t reports = QueryCount(db_, "SELECT count(*) FROM reports WHERE " + in_period);
  const int64_t screened =
      QueryCount(db_, "SELECT count(*) FROM reports r WHERE " + in_period +
                          " AND EXISTS (SELECT 1 FROM screenings s WHERE s.report_id = r.id)");
  const int64_t stalking =
      QueryCount(db_, "SELECT count(*) FROM reports WHERE " + in_period +
                          " AND recorded_as IN ('stalking_s2a', 'stalking_s4a')");
  const int64_t harassment =
      QueryCount(db_, "SELECT count(*) FROM reports WHERE " + in_period +
                          " AND recorded_as IN ('harassment_s2', 'harassment_s4')");
  ASSERT_GT(stalking, 0);
  ASSERT_GT(harassment, 0);
  auto cell = [&](const char* series, const char* label_start) -> int64_t {
    for (const auto& s : m.at("series").as_array()) {
      if (s.at("id").as_string() != series) continue;
      const std::string key(s.at("label_key").as_string());
      for (const auto& r : s.at("rows").as_array()) {
        if (std::string(r.at(key).as_string()).rfind(label_start, 0) == 0) {
          return r.at("count").as_int64();
        }
      }
    }
    ADD_FAILURE() << series << " / " << label_start;
    return -1;
  };
  EXPECT_EQ(cell("screening", "Screened"), screened);
  EXPECT_EQ(cell("screening", "Not screened"), reports - screened);
  EXPECT_EQ(cell("recorded_as", "Stalking"), stalking);
  EXPECT_EQ(cell("recorded_as", "Harassment"), harassment);
  int64_t families = 0;
  for (const auto& s : m.at("series").as_array()) {
    if (s.at("id").as_string() != "recorded_as") continue;
    for (const auto& r : s.at("rows").as_array()) families += r.at("count").as_int64();
  }
  EXPECT_EQ(families, reports) << "every report is in exactly one recording family";
}

TEST_F(ReportCliTest, CsvTextAndXlsxCarryTheSameFigures) {
  const Steps want = FunnelBySql(db_, "2024-04-01", "2025-04-01", {});
  const CliRun csv = Run({"report", "funnel", "--db", db_, "--from", "2024-04-01", "--to",
                          "2025-03-31", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  EXPECT_EQ(csv.output.rfind("series,row,column,value,suppressed\r\n", 0), 0u) << csv.output;
  EXPECT_NE(csv.output.find("\r\nFrom report to conviction,Reports,Reports," +
                            std::to_string(want[0]) + ",no\r\n"),
            std::string::npos)
      << csv.output;
  EXPECT_NE(csv.output.find("\r\nFrom report to conviction,Charged,Reports," +
                            std::to_string(want[3]) + ",no\r\n"),
            std::string::npos)
      << csv.output;

  const CliRun text =
      Run({"report", "funnel", "--db", db_, "--from", "2024-04-01", "--to", "2025-03-31"});
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_EQ(text.output.rfind("Attrition funnel, 2024-04-01 to 2025-03-31\n", 0), 0u)
      << text.output;
  EXPECT_NE(text.output.find("\n  Reports | Reports: " + std::to_string(want[0]) + " |"),
            std::string::npos)
      << text.output;
  EXPECT_NE(
      text.output.find("\n  Recorded as stalking | Reports: " + std::to_string(want[1]) + " |"),
      std::string::npos)
      << text.output;

  const std::string workbook = dir_->File("return.xlsx");
  const CliRun xlsx = Run({"report", "return", "--db", db_, "--from", "2024-04-01", "--to",
                           "2024-06-30", "--format", "xlsx", "--out", workbook});
  ASSERT_EQ(xlsx.exit_code, 0) << xlsx.output;
  EXPECT_NE(xlsx.output.find("to " + workbook), std::string::npos) << xlsx.output;
  const std::string bytes = testing::ReadWholeFile(workbook);
  EXPECT_EQ(bytes.rfind("PK\x03\x04", 0), 0u) << "a ZIP container";
  EXPECT_GT(bytes.size(), 1000u);

  const CliRun to_terminal = Run({"report", "return", "--db", db_, "--from", "2024-04-01", "--to",
                                  "2024-06-30", "--format", "xlsx"});
  EXPECT_EQ(to_terminal.exit_code, 2) << to_terminal.output;
  EXPECT_NE(to_terminal.output.find("--out"), std::string::npos) << to_terminal.output;
  EXPECT_EQ(to_terminal.output.find("PK\x03\x04"), std::string::npos)
      << "no workbook on the terminal";
}

TEST_F(ReportCliTest, BadInputFailsClearlyAndAMissingDatabaseIsNotCreated) {
  const int64_t audited = QueryCount(db_, "SELECT count(*) FROM audit_log");
  struct Bad {
    std::vector<std::string> flags;
    std::string field;
  };
  for (const Bad& bad :
       {Bad{{"--from", "2024-02-30", "--to", "2024-03-31"}, "from"},
        Bad{{"--from", "2024-04-01", "--to", "31/03/2025"}, "to"},
        Bad{{"--from", "2025-04-01", "--to", "2025-03-31"}, "to"},
        Bad{{"--from", "2024-04-01"}, "to"},
        Bad{{"--from", "2010-01-01", "--to", "2025-01-01"}, "to"},
        Bad{{"--from", "2024-04-01", "--to", "2025-03-31", "--force", "atlantis"}, "force"},
        Bad{{"--from", "2024-04-01", "--to", "2025-03-31", "--area", "Atlantis"}, "area"}}) {
    std::vector<std::string> args = {"report", "funnel", "--db", db_};
    args.insert(args.end(), bad.flags.begin(), bad.flags.end());
    const CliRun run = Run(args);
    EXPECT_EQ(run.exit_code, 2) << bad.field << ": " << run.output;
    EXPECT_NE(run.output.find("  " + bad.field + ": "), std::string::npos)
        << bad.field << ": " << run.output;
  }
  EXPECT_EQ(QueryCount(db_, "SELECT count(*) FROM audit_log"), audited) << "nothing audited";

  EXPECT_NE(Run({"report", "nope", "--db", db_}).exit_code, 0) << "unknown measure";
  EXPECT_NE(Run({"report", "funnel", "--db", db_, "--format", "pdf"}).exit_code, 0);

  const std::string absent = dir_->File("absent.db");
  const std::string out = dir_->File("absent.csv");
  const CliRun missing = Run({"report", "funnel", "--db", absent, "--from", "2024-04-01", "--to",
                              "2025-03-31", "--format", "csv", "--out", out});
  EXPECT_NE(missing.exit_code, 0) << missing.output;
  EXPECT_NE(missing.output.find("no database"), std::string::npos) << missing.output;
  EXPECT_FALSE(std::filesystem::exists(absent)) << "a read must not create a database";
  EXPECT_FALSE(std::filesystem::exists(out)) << "nothing to write, no file";
}

}  // namespace
}  // namespace threadline
