#include "domain/datetime.hpp"

#include <gtest/gtest.h>

namespace threadline::domain {
namespace {

TEST(DateTime, CivilDaysRoundTripAcrossCenturies) {
  for (int64_t days = -700000; days < 2900000; days += 997) {
    const Date d = CivilFromDays(days);
    ASSERT_TRUE(IsValidDate(d));
    ASSERT_EQ(DaysFromCivil(d), days);
  }
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}), 11017);
}

TEST(DateTime, ParseDateRejectsImpossibleDates) {
  EXPECT_TRUE(ParseDate("2024-02-29"));
  EXPECT_FALSE(ParseDate("2023-02-29"));
  EXPECT_FALSE(ParseDate("2023-13-01"));
  EXPECT_FALSE(ParseDate("2023-1-01"));
  EXPECT_FALSE(ParseDate("2023-01-01x"));
  EXPECT_FALSE(ParseDate(""));
}

TEST(DateTime, TimestampsNormaliseToUtc) {
  const auto t = ParseTimestamp("2026-03-01T21:30:00+01:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatTimestamp(*t), "2026-03-01T20:30:00Z");
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2026-03-01T21:30Z")), "2026-03-01T21:30:00Z");
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2026-03-01T00:10:00.123-02:00")),
            "2026-03-01T02:10:00Z");
}

TEST(DateTime, FormattedTimestampsParseBackToTheSameSecond) {
  // Every digit position varies: seconds step by a prime across 1900-2200.
  for (int64_t t = -2208988800; t < 7258118400; t += int64_t{7919} * 13) {
    const std::string text = FormatTimestamp(t);
    ASSERT_EQ(text.size(), 20U) << text;
    const auto back = ParseTimestamp(text);
    ASSERT_TRUE(back) << text;
    ASSERT_EQ(*back, t) << text;
  }
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatTimestamp(253402300799), "9999-12-31T23:59:59Z");
  EXPECT_EQ(FormatTimestamp(253402300800), "10000-01-01T00:00:00Z");
}

TEST(DateTime, TimestampsWithoutZoneOrWithGarbageAreRejected) {
  EXPECT_FALSE(ParseTimestamp("2026-03-01T21:30:00"));
  EXPECT_FALSE(ParseTimestamp("2026-03-01 21:30:00Z"));
  EXPECT_FALSE(ParseTimestamp("2026-03-01T24:00:00Z"));
  EXPECT_FALSE(ParseTimestamp("2026-02-30T10:00:00Z"));
  EXPECT_FALSE(ParseTimestamp("yesterday"));
}

TEST(DateTime, PartialDatesKeepWhatWasRecorded) {
  EXPECT_EQ(FormatPartialDate(*ParsePartialDate("1980")), "1980");
  EXPECT_EQ(FormatPartialDate(*ParsePartialDate("1980-07")), "1980-07");
  EXPECT_EQ(FormatPartialDate(*ParsePartialDate("1980-07-14")), "1980-07-14");
  EXPECT_FALSE(ParsePartialDate("1980-13"));
  EXPECT_FALSE(ParsePartialDate("80"));
  EXPECT_FALSE(ParsePartialDate("1980-02-30"));
}

TEST(DateTime, LondonDatesFollowBritishSummerTime) {
  const auto at = [](const char* text) { return *ParseTimestamp(text); };
  // Winter: London is on GMT, so the date is the UTC date.
  EXPECT_EQ(FormatDate(LondonDate(at("2026-01-15T23:30:00Z"))), "2026-01-15");
  EXPECT_EQ(LondonOffsetSeconds(at("2026-01-15T23:30:00Z")), 0);
  // Summer: 23:30 UTC is 00:30 BST on the next day.
  EXPECT_EQ(FormatDate(LondonDate(at("2026-07-01T23:30:00Z"))), "2026-07-02");
  EXPECT_EQ(FormatDate(LondonDate(at("2026-07-01T22:59:59Z"))), "2026-07-01");
  // BST began at 01:00 UTC on Sunday 29 March 2026 and ends at 01:00 UTC on
  // Sunday 25 October 2026 (the last Sundays of those months).
  EXPECT_EQ(LondonOffsetSeconds(at("2026-03-29T00:59:59Z")), 0);
  EXPECT_EQ(LondonOffsetSeconds(at("2026-03-29T01:00:00Z")), 3600);
  EXPECT_EQ(LondonOffsetSeconds(at("2026-10-25T00:59:59Z")), 3600);
  EXPECT_EQ(LondonOffsetSeconds(at("2026-10-25T01:00:00Z")), 0);
  // 2024: 31 March and 27 October.
  EXPECT_EQ(LondonOffsetSeconds(at("2024-03-31T01:00:00Z")), 3600);
  EXPECT_EQ(LondonOffsetSeconds(at("2024-03-30T23:00:00Z")), 0);
  EXPECT_EQ(LondonOffsetSeconds(at("2024-10-27T00:30:00Z")), 3600);
  EXPECT_EQ(FormatDate(LondonDate(at("2024-10-26T23:30:00Z"))), "2024-10-27");
  // New Year's Eve is in winter everywhere: no carry across the year.
  EXPECT_EQ(FormatDate(LondonDate(at("2025-12-31T23:59:59Z"))), "2025-12-31");
}

}  // namespace
}  // namespace threadline::domain
