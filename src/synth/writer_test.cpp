#include "synth/writer.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "refdata/refdata.hpp"
#include "synth/synth.hpp"

namespace threadline::synth {
namespace {

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

size_t Lines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

class WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        ("threadline_synth_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  Dataset Make(uint64_t seed) {
    Config config;
    config.seed = seed;
    config.reports = 300;
    return *Generate(config, refdata_, *MakeAgencies(refdata_, seed));
  }
  refdata::RefData refdata_;
  std::filesystem::path dir_;
};

TEST(Csv, QuotesOnlyWhenNeeded) {
  std::string out;
  AppendCsvField(out, "plain");
  out += '|';
  AppendCsvField(out, "a, b");
  out += '|';
  AppendCsvField(out, "say \"hi\"");
  out += '|';
  AppendCsvField(out, "two\nlines");
  EXPECT_EQ(out, "plain|\"a, b\"|\"say \"\"hi\"\"\"|\"two\nlines\"");
  EXPECT_EQ(JoinValues({"a", "b", "c"}), "a;b;c");
  EXPECT_EQ(JoinValues({}), "");
}

TEST_F(WriterTest, SameSeedGivesIdenticalFiles) {
  ASSERT_TRUE(WriteFiles(Make(9), (dir_ / "a").string()).ok());
  ASSERT_TRUE(WriteFiles(Make(9), (dir_ / "b").string()).ok());
  ASSERT_TRUE(WriteFiles(Make(10), (dir_ / "c").string()).ok());
  for (const char* name :
       {"agencies.csv", "persons.csv", "reports.csv", "parties.csv", "outcomes.csv",
        "persons_truth.csv", "courses_truth.csv", "reports.jsonl"}) {
    const auto a = Slurp(dir_ / "a" / name);
    EXPECT_FALSE(a.empty()) << name;
    EXPECT_EQ(a, Slurp(dir_ / "b" / name)) << name;
    EXPECT_NE(a, Slurp(dir_ / "c" / name)) << name;
  }
}

TEST_F(WriterTest, TruthFilesCoverEveryRecordAndJsonLinesParse) {
  const Dataset d = Make(3);
  ASSERT_TRUE(WriteFiles(d, dir_.string()).ok());
  EXPECT_EQ(Lines(Slurp(dir_ / "persons_truth.csv")), d.persons.size() + 1);
  EXPECT_EQ(Lines(Slurp(dir_ / "courses_truth.csv")), d.reports.size() + 1);
  EXPECT_EQ(Lines(Slurp(dir_ / "reports.jsonl")), d.reports.size());
  const auto rows = refdata::ParseSimpleTable(Slurp(dir_ / "persons.csv"));
  ASSERT_EQ(rows.size(), d.persons.size() + 1);
  for (const auto& row : rows) ASSERT_EQ(row.size(), 13U);
  EXPECT_EQ(rows[1][0], d.persons[0].id);
  std::ifstream jsonl(dir_ / "reports.jsonl");
  std::string line;
  size_t i = 0;
  while (std::getline(jsonl, line)) {
    const auto value = boost::json::parse(line);
    ASSERT_EQ(value.at("id").as_string(), d.reports[i].id);
    ASSERT_EQ(value.at("summary").as_string(), d.reports[i].summary);
    ASSERT_GE(value.at("parties").as_array().size(), 1U);
    ++i;
  }
  EXPECT_EQ(i, d.reports.size());
}

TEST_F(WriterTest, PersonsOnlyStreamsTheSameRecordsAsGenerate) {
  Config config;
  config.seed = 4;
  config.persons_only = 1000;
  const auto agencies = *MakeAgencies(refdata_, 4);
  ASSERT_TRUE(WritePersonsOnly(config, refdata_, agencies, (dir_ / "stream").string()).ok());
  Dataset d = *Generate(config, refdata_, agencies);
  ASSERT_TRUE(WriteFiles(d, (dir_ / "full").string()).ok());
  EXPECT_EQ(Slurp(dir_ / "stream" / "persons.csv"), Slurp(dir_ / "full" / "persons.csv"));
  EXPECT_EQ(Slurp(dir_ / "stream" / "persons_truth.csv"),
            Slurp(dir_ / "full" / "persons_truth.csv"));
}

}  // namespace
}  // namespace threadline::synth
