#pragma once
// Working days in England and Wales, for the Victims' Code clocks: an
// enhanced victim must be told of a decision within 1 working day, others
// within 5.
//
// A working day is Monday to Friday and not a bank holiday. The holidays come
// from a table (data/calendar/bank-holidays-england-wales.csv, path below);
// the domain depends on std only, so reading the file is the caller's job:
//
//   auto text = refdata.Read(domain::kBankHolidaysPath);
//   auto calendar = domain::WorkingCalendar::FromCsv(*text);
//
// Past the last year in the table only weekends are skipped: callers should
// compare a deadline with LastCoveredDate() and warn when it lies beyond.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/datetime.hpp"
#include "domain/result.hpp"

namespace threadline::domain {

// Reference-data path of the shipped bank-holiday table.
inline constexpr std::string_view kBankHolidaysPath = "calendar/bank-holidays-england-wales.csv";

// 0 = Monday .. 6 = Sunday.
int DayOfWeek(const Date& d);

class WorkingCalendar {
 public:
  // An empty calendar: every Monday to Friday is a working day.
  WorkingCalendar() = default;

  // Lines "YYYY-MM-DD,name"; a first line "date,name", blank lines and lines
  // starting with '#' are skipped. kInvalidArgument naming the line for a
  // date that is not a real date, a date at a weekend (list the substitute
  // weekday instead), a date listed twice, or a missing name.
  static Result<WorkingCalendar> FromCsv(std::string_view csv);

  // Monday to Friday and not a bank holiday.
  bool IsWorkingDay(const Date& d) const;
  // The name of the bank holiday on `d`, or nullptr.
  const std::string* HolidayName(const Date& d) const;
  // The n-th working day after `start` (start itself not counted); n >= 0,
  // and n = 0 gives `start`. A negative n is treated as 0.
  Date AddWorkingDays(const Date& start, int n) const;
  // Working days after `from` up to and including `to`; 0 if to <= from.
  int WorkingDaysBetween(const Date& from, const Date& to) const;
  // 31 December of the latest year the table lists a holiday in; nullopt for
  // an empty calendar.
  std::optional<Date> LastCoveredDate() const;

 private:
  bool IsHoliday(int64_t day) const;

  std::vector<int64_t> holidays_;   // days since 1970-01-01, ascending, all weekdays
  std::vector<std::string> names_;  // parallel to holidays_
};

}  // namespace threadline::domain
