#include "linkage/csv_reader.hpp"

#include <gtest/gtest.h>

#include "linkage/column_map.hpp"

namespace threadline::linkage {
namespace {

TEST(CsvReaderTest, QuotesSeparatorsAndLineBreaks) {
  auto t = ParseCsv("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,\"two\nlines\",z");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0][1], "x, y");
  EXPECT_EQ(t->rows[0][2], "say \"hi\"");
  EXPECT_EQ(t->rows[1][1], "two\nlines");
  EXPECT_EQ(t->row_lines[1], 3u);
  EXPECT_TRUE(t->issues.empty());
}

TEST(CsvReaderTest, SkipInitialSpaceForFebrl) {
  CsvOptions o;
  o.skip_initial_space = true;
  auto t = ParseCsv("rec_id, given_name, surname\r\nrec-1-org, ,  elie\r\nrec-1-dup-0, jo, x", o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->header[1], "given_name");
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0][1], "");
  EXPECT_EQ(t->rows[0][2], "elie");
  EXPECT_EQ(t->rows[1][2], "x");  // no final newline
}

TEST(CsvReaderTest, WrongColumnCountReportedWithLineAndSkipped) {
  auto t = ParseCsv("a,b\n1,2\n3\n4,5,6\n7,8\n");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows.size(), 2u);
  ASSERT_EQ(t->issues.size(), 2u);
  EXPECT_EQ(t->issues[0].line, 3u);
  EXPECT_EQ(t->issues[0].message, "expected 2 columns, found 1");
  EXPECT_EQ(t->issues[1].line, 4u);
}

TEST(CsvReaderTest, InvalidUtf8Reported) {
  auto t = ParseCsv("a,b\n1,ok\n2,bad\xff\xfe\n3,caf\xc3\xa9\n");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows.size(), 2u);
  ASSERT_EQ(t->issues.size(), 1u);
  EXPECT_EQ(t->issues[0].line, 3u);
  EXPECT_EQ(t->issues[0].message, "invalid UTF-8");
}

TEST(CsvReaderTest, BrokenQuotesReported) {
  auto t = ParseCsv("a,b\n1,\"x\"y\n2,ok\n3,\"never closed\n");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_EQ(t->rows[0][0], "2");
  ASSERT_EQ(t->issues.size(), 2u);
  EXPECT_EQ(t->issues[0].line, 2u);
  EXPECT_EQ(t->issues[0].message, "unexpected character after closing quote");
  EXPECT_EQ(t->issues[1].line, 4u);
  EXPECT_EQ(t->issues[1].message, "unterminated quoted field");
}

TEST(CsvReaderTest, RejectModeFailsOnFirstBadRow) {
  CsvOptions o;
  o.on_error = CsvOptions::OnError::kReject;
  auto t = ParseCsv("a,b\n1,2\n3\n", o);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message, "line 3: expected 2 columns, found 1");
  EXPECT_FALSE(ParseCsv("").ok());
}

TEST(ColumnMapTest, AbsurdDatesAndTruthRegex) {
  auto t = ParseCsv("id,first,dob\nrec-7-org,Ann,1980-02-03\nrec-7-dup-0,Ann,3021-99-99\nx,B,\n");
  ASSERT_TRUE(t.ok());
  ColumnMapping m;
  m.columns = {{"first", Role::kGivenName}, {"dob", Role::kDob}};
  m.id_column = "id";
  m.truth_column = "id";
  m.truth_regex = "rec-(\\d+)";
  auto mapped = MapRecords(*t, m);
  ASSERT_TRUE(mapped.ok());
  ASSERT_EQ(mapped->records.size(), 3u);
  EXPECT_EQ(mapped->records[0].truth, "7");
  EXPECT_EQ(mapped->records[1].truth, "7");
  EXPECT_EQ(mapped->records[1][Role::kDob], "");
  ASSERT_EQ(mapped->issues.size(), 2u);
  EXPECT_EQ(mapped->issues[0].line, 3u);
  EXPECT_EQ(mapped->issues[1].line, 4u);  // "x" does not match the truth regex
  m.columns.push_back({"nope", Role::kCity});
  EXPECT_FALSE(MapRecords(*t, m).ok());
  EXPECT_FALSE(ParseColumnRoles(std::vector<std::string>{"first=shoe_size"}).ok());
}

}  // namespace
}  // namespace threadline::linkage
