// `threadline synth --db`, run as the real executable: besides reports it
// walks referrals and cases through the programme at every tier, from
// reports old enough for their histories to lie in the past. Checked with
// SQL on the file it wrote.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "../support/server_process.hpp"
#include "../support/sqlite_file.hpp"
#include "../support/temp_dir.hpp"
#include "domain/datetime.hpp"

namespace threadline {
namespace {

using testing::CliRun;
using testing::TempDir;

constexpr int64_t kDay = 86400;

std::set<std::string> Column(const std::string& db, const std::string& sql) {
  std::set<std::string> values;
  for (const auto& row : testing::QueryFile(db, sql)) values.insert(row.at(0));
  return values;
}

int64_t Number(const std::string& db, const std::string& sql) {
  return std::stoll(testing::QueryFile(db, sql).at(0).at(0));
}

class SynthCliTest : public ::testing::Test {
 protected:
  CliRun Run(std::vector<std::string> args) {
    return testing::RunThreadline(std::move(args), dir_.File("cli.log"));
  }
  // A timeline that starts 430 days ago and runs for 400 days: reports up to
  // a month ago, of which those older than 100 days may become cases.
  std::vector<std::string> Synth(const std::string& db, const std::string& cases) {
    const int64_t now = domain::NowSeconds();
    start_ = (now / kDay - 430) * kDay;
    return {"synth",
            "--db",
            db,
            "--reports",
            "3000",
            "--start",
            domain::FormatTimestamp(start_),
            "--span-days",
            "400",
            "--cases",
            cases};
  }
  TempDir dir_;
  int64_t start_ = 0;
};

TEST_F(SynthCliTest, FillsCasesAtEveryTierWithTheirHistories) {
  const std::string db = dir_.File("synth.db");
  const CliRun run = Run(Synth(db, "18"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("Walked 18 demo cases"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("password"), std::string::npos) << "no password is printed";

  EXPECT_EQ(Number(db, "SELECT count(*) FROM cases"), 18);
  EXPECT_EQ(Column(db, "SELECT DISTINCT tier FROM cases WHERE tier > 0"),
            (std::set<std::string>{"1", "2", "3", "4"}));
  EXPECT_EQ(Column(db, "SELECT DISTINCT status FROM cases"),
            (std::set<std::string>{"referred", "open", "closed"}));
  const auto kinds = Column(db, "SELECT DISTINCT kind FROM case_items");
  for (const char* kind : {"triage", "plan", "action", "contact", "order", "breach", "decision",
                           "advocacy", "intervention", "minutes", "outcome_measure"}) {
    EXPECT_TRUE(kinds.count(kind) == 1) << "no " << kind << " items";
  }
  // Every case has a timeline, starting with its referral.
  EXPECT_EQ(Number(db,
                   "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e "
                   "WHERE e.case_id = c.id AND e.kind = 'case.referred')"),
            0);
  // The clinic met, with nominations and harm scores.
  EXPECT_GE(Number(db, "SELECT count(*) FROM panels"), 1);
  EXPECT_GE(Number(db, "SELECT count(*) FROM nominations"), 1);
  EXPECT_GE(Number(db, "SELECT count(*) FROM harm_scores"), 1);

  // Each case came from a report of the timeline at least 100 days old.
  const int64_t latest = domain::NowSeconds() - 100 * kDay;
  for (const auto& row :
       testing::QueryFile(db,
                          "SELECT r.occurred_at FROM cases c JOIN reports r ON r.id = "
                          "json_extract(c.report_ids, '$[0]')")) {
    const auto at = domain::ParseTimestamp(row.at(0));
    ASSERT_TRUE(at.has_value()) << row.at(0);
    EXPECT_GE(*at, start_);
    EXPECT_LT(*at, latest);
  }
  EXPECT_EQ(Number(db, "SELECT count(*) FROM cases WHERE json_array_length(report_ids) = 0"), 0);

  // The staff who walked them exist, with a password hash nobody was told.
  EXPECT_EQ(Number(db,
                   "SELECT count(*) FROM users WHERE username IN ('officer', 'lead', "
                   "'advocate') AND password_hash <> ''"),
            3);
}

TEST_F(SynthCliTest, NoCasesWhenAskedForNone) {
  const std::string db = dir_.File("plain.db");
  const CliRun run = Run(Synth(db, "0"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(Number(db, "SELECT count(*) FROM reports"), 3000);
  EXPECT_EQ(Number(db, "SELECT count(*) FROM cases"), 0);
  EXPECT_EQ(Number(db, "SELECT count(*) FROM users"), 0);
}

TEST_F(SynthCliTest, CasesNeedADatabase) {
  const std::string out = dir_.File("files");
  const CliRun run = Run({"synth", "--out", out, "--cases", "3"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("--cases requires --db"), std::string::npos) << run.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace threadline
