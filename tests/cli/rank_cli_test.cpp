// `threadline rank` and `threadline panel`, run as the real executable on a
// database filled by `threadline synth`. The ranking is checked against
// figures worked out independently with SQL on the same file.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <limits>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "../support/server_process.hpp"
#include "../support/sqlite_file.hpp"
#include "../support/temp_dir.hpp"

namespace threadline {
namespace {

using testing::CliRun;
using testing::TempDir;

constexpr const char* kAsOf = "2025-06-01";
// The look-back window of data/risk/rfgv-v1.json: 1095 days up to 2025-06-01.
constexpr const char* kWindowStart = "2022-06-03T00:00:00Z";
constexpr const char* kWindowEnd = "2025-06-02T00:00:00Z";

std::vector<std::vector<std::string>> Query(const std::string& db_path, const std::string& sql) {
  return testing::QueryFile(db_path, sql);
}

void Execute(const std::string& db_path, const std::string& sql) {
  testing::ExecuteOnFile(db_path, sql);
}

class RankCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = dir_->File("demo.db");
    // The cases these tests need are made by hand.
    const CliRun synth =
        Run({"synth", "--db", db_, "--reports", "1500", "--seed", "2026", "--cases", "0"});
    ASSERT_EQ(synth.exit_code, 0) << synth.output;
    // The force with the most reports.
    const auto rows = Query(db_,
                            "SELECT a.code, a.id FROM reports r JOIN agencies a ON a.id = "
                            "r.force_id GROUP BY a.id ORDER BY count(*) DESC, a.code LIMIT 1");
    ASSERT_EQ(rows.size(), 1U);
    force_ = rows[0][0];
    force_id_ = rows[0][1];
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static CliRun Run(std::vector<std::string> args) {
    return testing::RunThreadline(std::move(args), dir_->File("cli.log"));
  }

  // The ranking as JSON; fails the test unless the command succeeded.
  static boost::json::object RankJson(const std::string& top) {
    const CliRun run = Run({"rank", "--db", db_, "--area", force_, "--as-of", kAsOf, "--top", top,
                            "--format", "json"});
    EXPECT_EQ(run.exit_code, 0) << run.output;
    boost::system::error_code ec;
    auto parsed = boost::json::parse(run.output, ec);
    EXPECT_FALSE(ec) << run.output;
    return ec || !parsed.is_object() ? boost::json::object() : parsed.as_object();
  }

  static int64_t CountRankAudit() {
    return std::stoll(
        Query(db_, "SELECT count(*) FROM audit_log WHERE action = 'rank.read'")[0][0]);
  }

  static TempDir* dir_;
  static std::string db_;
  static std::string force_;
  static std::string force_id_;
};

TempDir* RankCliTest::dir_ = nullptr;
std::string RankCliTest::db_;
std::string RankCliTest::force_;
std::string RankCliTest::force_id_;

TEST_F(RankCliTest, JsonRankingAgreesWithTheDatabase) {
  const int64_t audited_before = CountRankAudit();
  const auto ranking = RankJson("10");
  ASSERT_FALSE(ranking.empty());
  EXPECT_EQ(ranking.at("force").as_string(), force_);
  EXPECT_EQ(ranking.at("as_of").as_string(), kAsOf);
  EXPECT_EQ(ranking.at("model_version").as_string(), "rfgv-v1+harm-weights-v1");
  EXPECT_FALSE(ranking.at("pseudonymised").as_bool());

  // Every suspect of a report of the force in the window with a victim
  // other than themselves is a perpetrator; nobody else is.
  const std::string in_window = "r.force_id = '" + force_id_ + "' AND r.occurred_at >= '" +
                                kWindowStart + "' AND r.occurred_at < '" + kWindowEnd + "'";
  const std::string incidents =
      "FROM reports r JOIN report_parties s ON s.report_id = r.id AND s.role = 'suspect' "
      "JOIN report_parties v ON v.report_id = r.id AND v.role = 'victim' "
      "AND v.person_id <> s.person_id WHERE " +
      in_window;
  const auto perpetrators = Query(db_, "SELECT count(DISTINCT s.person_id) " + incidents);
  ASSERT_EQ(perpetrators.size(), 1U);
  EXPECT_EQ(std::to_string(ranking.at("perpetrators").to_number<int64_t>()), perpetrators[0][0]);
  ASSERT_GT(ranking.at("perpetrators").to_number<int64_t>(), 10) << "too little data to rank";

  const auto& ranked = ranking.at("ranked").as_array();
  ASSERT_EQ(ranked.size(), 10U);
  int64_t previous = std::numeric_limits<int64_t>::max();
  std::set<std::string> ids;
  for (size_t i = 0; i < ranked.size(); ++i) {
    const auto& p = ranked[i].as_object();
    EXPECT_EQ(p.at("rank").as_int64(), static_cast<int64_t>(i + 1));
    const int64_t score = p.at("score").as_int64();
    EXPECT_LE(score, previous) << "highest score first";
    previous = score;
    EXPECT_EQ(score, p.at("recency").at("points").as_int64() +
                         p.at("frequency").at("points").as_int64() +
                         p.at("gravity").at("points").as_int64() +
                         p.at("victims").at("points").as_int64());
    const std::string id(p.at("person_id").as_string());
    ids.insert(id);
    // Incidents and distinct victims as SQL counts them (one incident per victim).
    std::string sql = "SELECT count(*), count(DISTINCT v.person_id) " + incidents;
    sql += " AND s.person_id = '" + id + "'";
    const auto counts = Query(db_, sql);
    ASSERT_EQ(counts.size(), 1U);
    EXPECT_EQ(std::to_string(p.at("frequency").at("incidents").as_int64()), counts[0][0]) << id;
    EXPECT_EQ(std::to_string(p.at("victims").at("distinct").as_int64()), counts[0][1]) << id;
    // Serial: two or more victims, unless the date of birth shows under 16.
    const auto dob = Query(db_, "SELECT dob FROM persons WHERE id = '" + id + "'");
    ASSERT_EQ(dob.size(), 1U) << id;
    const bool young = dob[0][0].size() >= 4 && std::stoi(dob[0][0].substr(0, 4)) >= 2009;
    if (!young) {
      EXPECT_EQ(p.at("serial").as_bool(), std::stoi(counts[0][1]) >= 2) << id;
    }
    const std::string explanation(p.at("explanation").as_string());
    EXPECT_NE(explanation.find("= " + std::to_string(score)), std::string::npos) << explanation;
    EXPECT_NE(explanation.find("[rfgv-v1+harm-weights-v1]"), std::string::npos) << explanation;
  }
  EXPECT_EQ(ids.size(), 10U);
  // One audit entry per person disclosed.
  EXPECT_EQ(CountRankAudit(), audited_before + 10);
}

TEST_F(RankCliTest, TopNIsAPrefixOfTheLongerList) {
  const auto five = RankJson("5");
  const auto ten = RankJson("10");
  ASSERT_EQ(five.at("ranked").as_array().size(), 5U);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(five.at("ranked").as_array()[i].at("person_id"),
              ten.at("ranked").as_array()[i].at("person_id"));
  }
}

TEST_F(RankCliTest, TextOutputIsReadable) {
  const CliRun run = Run({"rank", "--db", db_, "--area", force_, "--as-of", kAsOf, "--top", "3"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("Harm ranking of " + force_ + " on " + kAsOf +
                            " (rfgv-v1+harm-weights-v1, look-back 1095 days)"),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("rank score   R   F   G   V  serial  person"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("   1 "), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("(last incident "), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("   4 "), std::string::npos) << "only the top 3:\n" << run.output;
}

TEST_F(RankCliTest, BadInputAndUnknownForcesFailClearly) {
  const CliRun unknown = Run({"rank", "--db", db_, "--area", "atlantis"});
  EXPECT_EQ(unknown.exit_code, 4) << unknown.output;
  EXPECT_NE(unknown.output.find("no such force"), std::string::npos) << unknown.output;

  const CliRun bad_date = Run({"rank", "--db", db_, "--area", force_, "--as-of", "2025-02-30"});
  EXPECT_EQ(bad_date.exit_code, 2) << bad_date.output;
  EXPECT_NE(bad_date.output.find("as_of"), std::string::npos) << bad_date.output;

  EXPECT_NE(Run({"rank", "--db", db_, "--area", force_, "--top", "0"}).exit_code, 0);
  EXPECT_NE(Run({"rank", "--db", db_}).exit_code, 0) << "--area is required";

  const std::string absent = dir_->File("absent.db");
  const CliRun missing = Run({"rank", "--db", absent, "--area", force_});
  EXPECT_EQ(missing.exit_code, 1) << missing.output;
  EXPECT_FALSE(std::filesystem::exists(absent)) << "a read must not create a database";
}

TEST_F(RankCliTest, PanelAgendaListsNominationsThenCasesDue) {
  const CliRun created =
      Run({"panel", "create", "--db", db_, "--code", "cli-matac", "--name", "CLI MATAC", "--kind",
           "matac", "--area", force_, "--format", "json"});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const auto panel = boost::json::parse(created.output).as_object();
  const std::string id(panel.at("id").as_string());

  const CliRun again = Run({"panel", "create", "--db", db_, "--code", "cli-matac", "--name",
                            "Again", "--kind", "matac", "--area", force_});
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_NE(again.output.find("exists"), std::string::npos) << again.output;

  const CliRun list = Run({"panel", "list", "--db", db_});
  EXPECT_EQ(list.exit_code, 0) << list.output;
  EXPECT_NE(list.output.find(id + "  cli-matac  CLI MATAC (matac, " + force_ + ")"),
            std::string::npos)
      << list.output;

  const CliRun agenda = Run({"panel", "agenda", "--db", db_, "--panel", id, "--date", kAsOf});
  EXPECT_EQ(agenda.exit_code, 0) << agenda.output;
  EXPECT_NE(agenda.output.find("Agenda of CLI MATAC (cli-matac) for 2025-06-01"), std::string::npos)
      << agenda.output;
  EXPECT_NE(agenda.output.find("Nothing nominated and no case due for review."), std::string::npos)
      << agenda.output;

  const CliRun json =
      Run({"panel", "agenda", "--db", db_, "--panel", id, "--date", kAsOf, "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const auto parsed = boost::json::parse(json.output).as_object();
  EXPECT_EQ(parsed.at("panel").at("code").as_string(), "cli-matac");
  EXPECT_TRUE(parsed.at("entries").as_array().empty());

  EXPECT_EQ(Run({"panel", "agenda", "--db", db_, "--panel", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "--date",
                 kAsOf})
                .exit_code,
            4);
  EXPECT_EQ(Run({"panel", "agenda", "--db", db_, "--panel", id, "--date", "soon"}).exit_code, 2);

  // Two open cases of the force, quiet since New Year; one is nominated.
  const std::string nominated = "01J000000000000000000000C1";
  const std::string quiet = "01J000000000000000000000C2";
  std::string sql;
  for (const auto& [case_id, tier, reference] :
       {std::tuple{nominated, 4, "STK-2025-900001"}, std::tuple{quiet, 3, "STK-2025-900002"}}) {
    sql +=
        "INSERT INTO cases (id, reference, owner_agency_id, referred_by_agency_id, source, "
        "status, tier, created_at, updated_at) VALUES ('" +
        case_id + "', '" + reference + "', '" + force_id_ + "', '" + force_id_ +
        "', 'police_report', 'open', " + std::to_string(tier) +
        ", '2025-01-01T09:00:00Z', '2025-01-01T09:00:00Z');";
    sql +=
        "INSERT INTO case_events (case_id, at, kind, agency_id, field_class, summary) VALUES ('" +
        case_id + "', '2025-01-01T09:00:00Z', 'case.referred', '" + force_id_ +
        "', 'core', 'Referred');";
  }
  sql +=
      "INSERT INTO nominations (id, panel_id, meeting_date, case_id, source, agency_id, reason, "
      "created_at) VALUES ('01J000000000000000000000N1', '" +
      id + "', '2025-06-01', '" + nominated + "', 'team', '" + force_id_ +
      "', 'Breached the order twice', '2025-05-20T09:00:00Z');";
  Execute(db_, sql);
  const CliRun listed = Run({"panel", "agenda", "--db", db_, "--panel", id, "--date", kAsOf});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  const size_t first =
      listed.output.find("1. Nominated: case STK-2025-900001 (tier 4, " + nominated +
                         ")\n   Nominated by " + force_ + " (team): Breached the order twice");
  const size_t second =
      listed.output.find("2. Due for review: case STK-2025-900002 (tier 3, " + quiet +
                         ")\n   Tier 3 case open with no recorded activity for 151 days (last on "
                         "2025-01-01): due for review");
  EXPECT_NE(first, std::string::npos) << listed.output;
  EXPECT_NE(second, std::string::npos) << listed.output;
  EXPECT_EQ(listed.output.find("3. "), std::string::npos) << listed.output;
}

}  // namespace
}  // namespace threadline
