#include "access/retention.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace threadline::access {
namespace {

using Rows = std::vector<std::vector<std::string>>;

const Rows kShipped = {{"record_type", "review_after_months", "counted_from", "grounds"},
                       {"report", "120", "last_activity", "ten-year cycle"},
                       {"case", "72", "closure", "six years after closure"}};

RetentionRules Shipped() {
  auto rules = RetentionRules::FromTable(kShipped);
  EXPECT_TRUE(rules.ok());
  return *rules;
}

domain::Date D(int y, int m, int d) { return {y, m, d}; }

TEST(RetentionRulesTest, ReadsEveryRecordTypeWithItsPeriodAndBasis) {
  const RetentionRules rules = Shipped();
  ASSERT_NE(rules.For("report"), nullptr);
  EXPECT_EQ(rules.For("report")->review_after_months, 120);
  EXPECT_EQ(rules.For("report")->counted_from, RetentionBasis::kLastActivity);
  ASSERT_NE(rules.For("case"), nullptr);
  EXPECT_EQ(rules.For("case")->counted_from, RetentionBasis::kClosure);
  EXPECT_EQ(rules.For("person"), nullptr);
}

TEST(RetentionRulesTest, RefusesBadRowsNamingEach) {
  const Rows bad = {
      {"report", "0", "last_activity", "g"},    {"case", "72", "last_activity", "g"},
      {"screening", "12", "closure", "g"},      {"report", "twelve", "last_activity", "g"},
      {"report", "1201", "last_activity", "g"}, {"case", "72", "closure"}};
  auto rules = RetentionRules::FromTable(bad);
  ASSERT_FALSE(rules.ok());
  ASSERT_EQ(rules.error().fields.size(), 6U);
  EXPECT_EQ(rules.error().fields[0].field, "review periods row 1");
  EXPECT_NE(rules.error().fields[1].message.find("counted from \"closure\""), std::string::npos);
  EXPECT_NE(rules.error().fields[2].message.find("unknown record type"), std::string::npos);
}

TEST(RetentionRulesTest, RefusesAMissingOrRepeatedRecordType) {
  auto missing = RetentionRules::FromTable({{"report", "120", "last_activity", "g"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().fields[0].message.find("cases"), std::string::npos);
  auto repeated = RetentionRules::FromTable({{"report", "120", "last_activity", "g"},
                                             {"case", "72", "closure", "g"},
                                             {"case", "12", "closure", "g"}});
  ASSERT_FALSE(repeated.ok());
  EXPECT_NE(repeated.error().fields[0].message.find("repeats"), std::string::npos);
  auto no_grounds = RetentionRules::FromTable(
      {{"report", "120", "last_activity", ""}, {"case", "72", "closure", "g"}});
  EXPECT_FALSE(no_grounds.ok());
}

TEST(RetentionDatesTest, AddMonthsClampsToTheEndOfTheMonth) {
  EXPECT_EQ(AddMonths(D(2026, 1, 31), 1), D(2026, 2, 28));
  EXPECT_EQ(AddMonths(D(2028, 1, 31), 1), D(2028, 2, 29));
  EXPECT_EQ(AddMonths(D(2026, 11, 23), -120), D(2016, 11, 23));
  EXPECT_EQ(AddMonths(D(2026, 3, 31), -1), D(2026, 2, 28));
  EXPECT_EQ(AddMonths(D(2026, 12, 15), 1), D(2027, 1, 15));
  EXPECT_EQ(AddMonths(D(2026, 1, 15), -1), D(2025, 12, 15));
}

TEST(RetentionDatesTest, ARecordIsDueTheDayItsPeriodEnds) {
  const RetentionRules rules = Shipped();
  const RetentionRule& cases = *rules.For("case");
  // Closed 2020-11-23: six years later, on 2026-11-23, it is due.
  EXPECT_EQ(CountedBefore(cases, D(2026, 11, 23)), "2020-11-24");
  EXPECT_LT(std::string("2020-11-23T18:00:00Z"), CountedBefore(cases, D(2026, 11, 23)));
  EXPECT_GT(std::string("2020-11-24T00:00:00Z"), CountedBefore(cases, D(2026, 11, 23)));
  EXPECT_EQ(ReviewDueOn(cases, "2020-11-23T18:00:00Z", ""), "2026-11-23");
}

TEST(RetentionDatesTest, AKeepDecisionPushesTheReviewButNeverPullsItForward) {
  const RetentionRule& reports = *Shipped().For("report");
  EXPECT_EQ(ReviewDueOn(reports, "2014-05-01T09:00:00Z", "2027-01-01"), "2027-01-01");
  // New activity after the decision: the period from it is later still.
  EXPECT_EQ(ReviewDueOn(reports, "2020-05-01T09:00:00Z", "2027-01-01"), "2030-05-01");
  EXPECT_EQ(ReviewDueOn(reports, "not a date", ""), std::nullopt);
}

TEST(RetentionDatesTest, ReasonsSayWhatTheDateIsCountedFromAndWhy) {
  const RetentionRules rules = Shipped();
  const auto reasons =
      DueReasons(*rules.For("case"), "2019-03-02T10:00:00Z", "2025-01-01", "2025-03-02");
  ASSERT_EQ(reasons.size(), 4U);
  EXPECT_EQ(reasons[0], "The case was closed on 2019-03-02.");
  EXPECT_EQ(reasons[1], "A case is reviewed 6 years after closure: six years after closure");
  EXPECT_EQ(reasons[2], "At its last review it was kept until 2025-01-01.");
  EXPECT_EQ(reasons[3], "Its review date, 2025-03-02, has passed.");
  const auto report = DueReasons(*rules.For("report"), "2015-01-01", "", "2025-01-01");
  EXPECT_EQ(report[0], "Nothing has been added to the report since 2015-01-01.");
  EXPECT_EQ(report.size(), 3U);
}

TEST(RetentionDatesTest, NextReviewMustBeAFutureDateWithinAHundredYears) {
  const domain::Date today = D(2026, 11, 23);
  EXPECT_TRUE(CheckNextReview("2026-11-24", today).ok());
  EXPECT_TRUE(CheckNextReview("2126-11-23", today).ok());
  for (const char* bad : {"2026-11-23", "2020-01-01", "2126-11-24", "2027-02-30", "2027-1-1",
                          "soon", "2027-01-01T00:00:00Z", ""}) {
    const Status s = CheckNextReview(bad, today);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().fields.at(0).field, "next_review_on") << bad;
  }
  EXPECT_EQ(DefaultNextReview(*Shipped().For("case"), today), "2032-11-23");
}

}  // namespace
}  // namespace threadline::access
