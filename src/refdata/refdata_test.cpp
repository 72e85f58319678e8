#include "refdata/refdata.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>

#include <filesystem>
#include <fstream>

namespace threadline::refdata {
namespace {

TEST(RefData, ShipsTheAgencyTable) {
  RefData data;
  const auto agencies = data.Read("agencies.csv");
  ASSERT_TRUE(agencies);
  EXPECT_NE(agencies->find("Metropolitan Police Service"), std::string::npos);
}

TEST(RefData, OverrideDirectoryReplacesAShippedFile) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("threadline_refdata_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "agencies.csv") << "# local\nx,Local Force,police_force,Somewhere\n";
  RefData data(dir.string());
  EXPECT_EQ(data.Read("agencies.csv")->substr(0, 7), "# local");
  std::filesystem::remove_all(dir);
}

TEST(RefData, RefusesPathsThatClimbOut) {
  RefData data("/tmp");
  EXPECT_FALSE(data.Read("../etc/passwd"));
  EXPECT_FALSE(data.Read("/etc/passwd"));
  EXPECT_FALSE(data.Read("no/such/file.csv"));
}

TEST(RefData, SimpleTablesSkipCommentsAndBlankLines) {
  const auto rows = ParseSimpleTable("# header\n\na,b,c\r\nd,,f\n");
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"d", "", "f"}));
}

}  // namespace
}  // namespace threadline::refdata

namespace threadline::refdata {
namespace {
TEST(RefData, QuotedFieldsMayHoldCommasAndQuotes) {
  const auto rows = ParseSimpleTable("a,\"b, c\",\"say \"\"hi\"\"\"\n");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b, c", "say \"hi\""}));
}
}  // namespace
}  // namespace threadline::refdata
