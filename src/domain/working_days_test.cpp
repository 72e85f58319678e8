#include "domain/working_days.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace threadline::domain {
namespace {

const WorkingCalendar& Shipped() {
  static const WorkingCalendar cal = [] {
    std::ifstream in(std::string(THREADLINE_TEST_SOURCE_DIR) + "/data/" +
                     std::string(kBankHolidaysPath));
    std::stringstream text;
    text << in.rdbuf();
    auto r = WorkingCalendar::FromCsv(text.str());
    if (!r.ok()) {
      ADD_FAILURE() << r.error().message;
      return WorkingCalendar();
    }
    return std::move(r).value();
  }();
  return cal;
}

Date D(int y, int m, int d) { return Date{y, m, d}; }

// Anonymous Gregorian computus, independent of the table.
Date EasterSunday(int y) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return D(y, month, day);
}

Date Plus(const Date& d, int64_t days) { return CivilFromDays(DaysFromCivil(d) + days); }

// The obvious day-by-day count, to check the closed-form one against.
int NaiveBetween(const WorkingCalendar& cal, const Date& from, const Date& to) {
  int n = 0;
  for (Date d = Plus(from, 1); d <= to; d = Plus(d, 1)) n += cal.IsWorkingDay(d) ? 1 : 0;
  return n;
}

TEST(WorkingDays, DayOfWeekFollowsTheCalendar) {
  EXPECT_EQ(DayOfWeek(D(1970, 1, 1)), 3);  // Thursday
  EXPECT_EQ(DayOfWeek(D(2026, 4, 3)), 4);  // Good Friday
  EXPECT_EQ(DayOfWeek(D(2026, 12, 26)), 5);
  EXPECT_EQ(DayOfWeek(D(1969, 12, 29)), 0);  // Monday, before the epoch
}

TEST(WorkingDays, ShippedTableCoversTo2028) {
  EXPECT_EQ(Shipped().LastCoveredDate(), D(2028, 12, 31));
}

TEST(WorkingDays, EveryShippedYearHasEightHolidaysWithEasterWhereTheComputusPutsIt) {
  for (int y = 2024; y <= 2028; ++y) {
    int holidays = 0;
    for (Date d = D(y, 1, 1); d.year == y; d = Plus(d, 1)) {
      holidays += Shipped().HolidayName(d) != nullptr ? 1 : 0;
    }
    EXPECT_EQ(holidays, 8) << y;
    const Date easter = EasterSunday(y);
    const std::string* good_friday = Shipped().HolidayName(Plus(easter, -2));
    const std::string* easter_monday = Shipped().HolidayName(Plus(easter, 1));
    ASSERT_NE(good_friday, nullptr) << y;
    ASSERT_NE(easter_monday, nullptr) << y;
    EXPECT_EQ(*good_friday, "Good Friday");
    EXPECT_EQ(*easter_monday, "Easter Monday");
  }
}

TEST(WorkingDays, Easter2026) {
  const WorkingCalendar& cal = Shipped();
  EXPECT_FALSE(cal.IsWorkingDay(D(2026, 4, 3)));  // Good Friday
  EXPECT_FALSE(cal.IsWorkingDay(D(2026, 4, 6)));  // Easter Monday
  EXPECT_TRUE(cal.IsWorkingDay(D(2026, 4, 2)));
  EXPECT_TRUE(cal.IsWorkingDay(D(2026, 4, 7)));
  // A decision on Maundy Thursday: the enhanced victim must hear by Tuesday.
  EXPECT_EQ(cal.AddWorkingDays(D(2026, 4, 2), 1), D(2026, 4, 7));
  EXPECT_EQ(cal.AddWorkingDays(D(2026, 4, 2), 5), D(2026, 4, 13));
  EXPECT_EQ(cal.WorkingDaysBetween(D(2026, 4, 2), D(2026, 4, 7)), 1);
  EXPECT_EQ(cal.WorkingDaysBetween(D(2026, 4, 2), D(2026, 4, 6)), 0);
}

TEST(WorkingDays, Christmas2026WithBoxingDaySubstitute) {
  const WorkingCalendar& cal = Shipped();
  EXPECT_FALSE(cal.IsWorkingDay(D(2026, 12, 25)));  // Friday
  EXPECT_FALSE(cal.IsWorkingDay(D(2026, 12, 26)));  // Saturday: a weekend, not a listed holiday
  EXPECT_EQ(cal.HolidayName(D(2026, 12, 26)), nullptr);
  ASSERT_NE(cal.HolidayName(D(2026, 12, 28)), nullptr);
  EXPECT_EQ(*cal.HolidayName(D(2026, 12, 28)), "Boxing Day (substitute day)");
  EXPECT_FALSE(cal.IsWorkingDay(D(2026, 12, 28)));
  EXPECT_EQ(cal.AddWorkingDays(D(2026, 12, 24), 1), D(2026, 12, 29));
  EXPECT_EQ(cal.AddWorkingDays(D(2026, 12, 24), 5), D(2027, 1, 5));  // 1 Jan 2027 is a holiday
  EXPECT_EQ(cal.WorkingDaysBetween(D(2026, 12, 24), D(2027, 1, 5)), 5);
}

TEST(WorkingDays, SubstituteDaysIn2027And2028) {
  const WorkingCalendar& cal = Shipped();
  EXPECT_TRUE(cal.IsWorkingDay(D(2027, 12, 24)));
  EXPECT_FALSE(cal.IsWorkingDay(D(2027, 12, 27)));
  EXPECT_FALSE(cal.IsWorkingDay(D(2027, 12, 28)));
  EXPECT_TRUE(cal.IsWorkingDay(D(2027, 12, 29)));
  EXPECT_FALSE(cal.IsWorkingDay(D(2028, 1, 3)));
  EXPECT_EQ(cal.AddWorkingDays(D(2027, 12, 24), 1), D(2027, 12, 29));
}

TEST(WorkingDays, WeekendsAreSkipped) {
  const WorkingCalendar& cal = Shipped();
  EXPECT_EQ(cal.AddWorkingDays(D(2026, 3, 6), 1), D(2026, 3, 9));  // Friday -> Monday
  EXPECT_EQ(cal.AddWorkingDays(D(2026, 3, 7), 1), D(2026, 3, 9));  // Saturday -> Monday
  EXPECT_EQ(cal.AddWorkingDays(D(2026, 3, 8), 0), D(2026, 3, 8));
  EXPECT_EQ(cal.AddWorkingDays(D(2026, 3, 2), 5), D(2026, 3, 9));
  EXPECT_EQ(cal.WorkingDaysBetween(D(2026, 3, 6), D(2026, 3, 8)), 0);
  EXPECT_EQ(cal.WorkingDaysBetween(D(2026, 3, 6), D(2026, 3, 9)), 1);
  EXPECT_EQ(cal.WorkingDaysBetween(D(2026, 3, 9), D(2026, 3, 6)), 0);
  EXPECT_EQ(cal.WorkingDaysBetween(D(2026, 3, 9), D(2026, 3, 9)), 0);
}

TEST(WorkingDays, ClosedFormCountAgreesWithCountingDayByDay) {
  const WorkingCalendar& cal = Shipped();
  for (Date from = D(2023, 12, 1); from < D(2029, 1, 31); from = Plus(from, 3)) {
    for (int span : {0, 1, 2, 6, 7, 8, 13, 40}) {
      const Date to = Plus(from, span);
      ASSERT_EQ(cal.WorkingDaysBetween(from, to), NaiveBetween(cal, from, to))
          << FormatDate(from) << " .. " << FormatDate(to);
    }
    for (int n = 0; n <= 12; ++n) {
      const Date end = cal.AddWorkingDays(from, n);
      ASSERT_EQ(cal.WorkingDaysBetween(from, end), n) << FormatDate(from) << " + " << n;
      if (n > 0) {
        ASSERT_TRUE(cal.IsWorkingDay(end)) << FormatDate(end);
      }
    }
  }
  // Also before 1970, where day numbers are negative.
  for (Date from = D(1969, 12, 1); from < D(1970, 1, 20); from = Plus(from, 1)) {
    ASSERT_EQ(cal.WorkingDaysBetween(from, Plus(from, 9)), NaiveBetween(cal, from, Plus(from, 9)));
  }
}

TEST(WorkingDays, BeyondTheTableOnlyWeekendsAreSkipped) {
  const WorkingCalendar& cal = Shipped();
  EXPECT_TRUE(cal.IsWorkingDay(D(2029, 12, 25)));  // a Tuesday the table does not reach
  EXPECT_GT(D(2029, 12, 25), *cal.LastCoveredDate());
}

TEST(WorkingDays, EmptyCalendarKnowsOnlyWeekends) {
  const auto cal = WorkingCalendar::FromCsv("# nothing yet\ndate,name\n");
  ASSERT_TRUE(cal.ok());
  EXPECT_FALSE(cal->LastCoveredDate());
  EXPECT_TRUE(cal->IsWorkingDay(D(2026, 12, 25)));
}

TEST(WorkingDays, HeaderIsOptionalAndNamesMayBeQuoted) {
  const auto cal = WorkingCalendar::FromCsv("2026-04-03,\"Good Friday\"\r\n");
  ASSERT_TRUE(cal.ok()) << cal.error().message;
  EXPECT_EQ(*cal->HolidayName(D(2026, 4, 3)), "Good Friday");
}

TEST(WorkingDays, RefusesABadDateNamingTheLine) {
  const auto cal = WorkingCalendar::FromCsv("date,name\n2026-04-03,Good Friday\n2026-02-30,Bad\n");
  ASSERT_FALSE(cal.ok());
  EXPECT_EQ(cal.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(cal.error().fields.size(), 1U);
  EXPECT_EQ(cal.error().fields[0].field, "line 3");
  EXPECT_NE(cal.error().message.find("'2026-02-30' is not a date"), std::string::npos)
      << cal.error().message;
}

TEST(WorkingDays, RefusesWeekendDatesDuplicatesAndMissingNames) {
  const auto weekend = WorkingCalendar::FromCsv("2027-12-25,Christmas Day\n");
  ASSERT_FALSE(weekend.ok());
  EXPECT_NE(weekend.error().message.find("is a Saturday; list the substitute weekday"),
            std::string::npos)
      << weekend.error().message;

  const auto twice = WorkingCalendar::FromCsv("2026-12-25,Christmas Day\n2026-12-25,Again\n");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message.find("2026-12-25 is listed twice"), std::string::npos);

  const auto unnamed = WorkingCalendar::FromCsv("2026-12-25\n");
  ASSERT_FALSE(unnamed.ok());
  EXPECT_NE(unnamed.error().message.find("line 1: the holiday on 2026-12-25 has no name"),
            std::string::npos)
      << unnamed.error().message;
}

}  // namespace
}  // namespace threadline::domain
