#include "domain/working_days.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace threadline::domain {
namespace {

constexpr std::array<std::string_view, 7> kDayNames = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

// Floor division and modulo: days before 1970 are negative.
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

// 1970-01-01 was a Thursday (day 3 when Monday is 0).
int64_t Weekday(int64_t day) { return FloorMod(day + 3, 7); }

// A running count of Mondays to Fridays up to and including `day`, offset by a
// constant: the difference of two values counts the weekdays between them, so
// WorkingDaysBetween needs no loop.
int64_t WeekdayCount(int64_t day) {
  const int64_t x = day - 4;  // 1970-01-05, a Monday
  return 5 * FloorDiv(x, 7) + std::min<int64_t>(FloorMod(x, 7) + 1, 5);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

int DayOfWeek(const Date& d) { return static_cast<int>(Weekday(DaysFromCivil(d))); }

Result<WorkingCalendar> WorkingCalendar::FromCsv(std::string_view csv) {
  std::vector<FieldError> errors;
  std::vector<std::pair<int64_t, std::string>> rows;
  bool first = true;
  size_t line_no = 0;
  while (!csv.empty()) {
    const size_t eol = csv.find('\n');
    const std::string_view raw = csv.substr(0, eol);
    csv.remove_prefix(eol == std::string_view::npos ? csv.size() : eol + 1);
    ++line_no;
    const std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = "line " + std::to_string(line_no);
    const size_t comma = line.find(',');
    const std::string_view date_text = Trim(line.substr(0, comma));
    std::string_view name =
        comma == std::string_view::npos ? std::string_view() : Trim(line.substr(comma + 1));
    if (first && date_text == "date") {
      first = false;
      continue;
    }
    first = false;
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    const auto date = ParseDate(date_text);
    if (!date) {
      errors.push_back({where, "'" + std::string(date_text) + "' is not a date (YYYY-MM-DD)"});
      continue;
    }
    if (name.empty()) {
      errors.push_back({where, "the holiday on " + std::string(date_text) + " has no name"});
      continue;
    }
    const int64_t day = DaysFromCivil(*date);
    if (Weekday(day) >= 5) {
      errors.push_back({where, std::string(date_text) + " is a " +
                                   std::string(kDayNames[Weekday(day)]) +
                                   "; list the substitute weekday instead"});
      continue;
    }
    rows.emplace_back(day, std::string(name));
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].first == rows[i - 1].first) {
      errors.push_back({"date", FormatDate(CivilFromDays(rows[i].first)) + " is listed twice"});
    }
  }
  if (!errors.empty()) {
    std::string message =
        "bank holidays are not valid: " + errors.front().field + ": " + errors.front().message;
    if (errors.size() > 1) {
      message += " (and " + std::to_string(errors.size() - 1) + " more)";
    }
    return InvalidArgument(std::move(message), std::move(errors));
  }
  WorkingCalendar cal;
  cal.holidays_.reserve(rows.size());
  cal.names_.reserve(rows.size());
  for (auto& [day, name] : rows) {
    cal.holidays_.push_back(day);
    cal.names_.push_back(std::move(name));
  }
  return cal;
}

bool WorkingCalendar::IsHoliday(int64_t day) const {
  return std::binary_search(holidays_.begin(), holidays_.end(), day);
}

bool WorkingCalendar::IsWorkingDay(const Date& d) const {
  const int64_t day = DaysFromCivil(d);
  return Weekday(day) < 5 && !IsHoliday(day);
}

const std::string* WorkingCalendar::HolidayName(const Date& d) const {
  const int64_t day = DaysFromCivil(d);
  const auto it = std::lower_bound(holidays_.begin(), holidays_.end(), day);
  if (it == holidays_.end() || *it != day) return nullptr;
  return &names_[static_cast<size_t>(it - holidays_.begin())];
}

Date WorkingCalendar::AddWorkingDays(const Date& start, int n) const {
  int64_t day = DaysFromCivil(start);
  // The clocks count a handful of days, so stepping is fast enough and
  // obviously right.
  for (int left = std::max(n, 0); left > 0;) {
    ++day;
    if (Weekday(day) < 5 && !IsHoliday(day)) --left;
  }
  return CivilFromDays(day);
}

int WorkingCalendar::WorkingDaysBetween(const Date& from, const Date& to) const {
  const int64_t a = DaysFromCivil(from);
  const int64_t b = DaysFromCivil(to);
  if (b <= a) return 0;
  // Every listed holiday is a weekday (checked at load), so each one in
  // (a, b] removes exactly one working day.
  const auto lo = std::upper_bound(holidays_.begin(), holidays_.end(), a);
  const auto hi = std::upper_bound(holidays_.begin(), holidays_.end(), b);
  return static_cast<int>(WeekdayCount(b) - WeekdayCount(a) - (hi - lo));
}

std::optional<Date> WorkingCalendar::LastCoveredDate() const {
  if (holidays_.empty()) return std::nullopt;
  return Date{CivilFromDays(holidays_.back()).year, 12, 31};
}

}  // namespace threadline::domain
