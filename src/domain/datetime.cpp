#include "domain/datetime.hpp"

#include <chrono>
#include <cstdio>

namespace threadline::domain {
namespace {

// Reads exactly `n` decimal digits at `pos`; nullopt on anything else.
std::optional<int> Digits(std::string_view text, size_t pos, size_t n) {
  if (pos + n > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(const Date& date) {
  int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (date.month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return Date{y, m, d};
}

bool IsValidDate(const Date& date) {
  return date.year >= 1 && date.year <= 9999 && date.month >= 1 && date.month <= 12 &&
         date.day >= 1 && date.day <= DaysInMonth(date.year, date.month);
}

std::optional<Date> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = Digits(text, 0, 4);
  const auto m = Digits(text, 5, 2);
  const auto d = Digits(text, 8, 2);
  if (!y || !m || !d) return std::nullopt;
  Date date{*y, *m, *d};
  if (!IsValidDate(date)) return std::nullopt;
  return date;
}

std::string FormatDate(const Date& date) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buf;
}

std::optional<int64_t> ParseTimestamp(std::string_view text) {
  if (text.size() < 17) return std::nullopt;
  const auto date = ParseDate(text.substr(0, 10));
  if (!date || (text[10] != 'T' && text[10] != 't') || text[13] != ':') return std::nullopt;
  const auto hh = Digits(text, 11, 2);
  const auto mm = Digits(text, 14, 2);
  if (!hh || !mm || *hh > 23 || *mm > 59) return std::nullopt;
  size_t pos = 16;
  int ss = 0;
  if (pos < text.size() && text[pos] == ':') {
    const auto s = Digits(text, pos + 1, 2);
    if (!s || *s > 59) return std::nullopt;
    ss = *s;
    pos += 3;
    // Fractions of a second are accepted and dropped.
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      const size_t start = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      if (pos == start) return std::nullopt;
    }
  }
  int64_t offset = 0;
  const std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    const auto oh = Digits(zone, 1, 2);
    const auto om = Digits(zone, 4, 2);
    if (!oh || !om || *oh > 18 || *om > 59) return std::nullopt;
    offset = (int64_t{*oh} * 3600 + int64_t{*om} * 60) * (zone[0] == '+' ? 1 : -1);
  } else {
    return std::nullopt;
  }
  return DaysFromCivil(*date) * 86400 + int64_t{*hh} * 3600 + int64_t{*mm} * 60 + ss - offset;
}

std::string FormatTimestamp(int64_t unix_seconds) {
  int64_t days = unix_seconds / 86400;
  int64_t rem = unix_seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  const Date d = CivilFromDays(days);
  const int hour = static_cast<int>(rem / 3600);
  const int minute = static_cast<int>(rem % 3600 / 60);
  const int second = static_cast<int>(rem % 60);
  if (d.year < 0 || d.year > 9999) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day, hour,
                  minute, second);
    return buf;
  }
  // Digit by digit: every audited read stamps its entry, and parsing the
  // format was most of what snprintf cost.
  std::string out = "0000-00-00T00:00:00Z";
  auto put = [&out](size_t at, int value, size_t width) {
    for (size_t i = width; i-- > 0; value /= 10) out[at + i] = static_cast<char>('0' + value % 10);
  };
  put(0, d.year, 4);
  put(5, d.month, 2);
  put(8, d.day, 2);
  put(11, hour, 2);
  put(14, minute, 2);
  put(17, second, 2);
  return out;
}

namespace {

constexpr int64_t kSecondsPerDay = 86400;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// The day number of the last Sunday of a month that has 31 days.
int64_t LastSundayOf(int year, int month) {
  const int64_t last = DaysFromCivil(Date{year, month, 31});
  const int64_t weekday = ((last + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday; 0 = Sunday
  return last - weekday;
}

}  // namespace

int64_t LondonOffsetSeconds(int64_t unix_seconds) {
  const int year = CivilFromDays(FloorDiv(unix_seconds, kSecondsPerDay)).year;
  const int64_t starts = LastSundayOf(year, 3) * kSecondsPerDay + 3600;
  const int64_t ends = LastSundayOf(year, 10) * kSecondsPerDay + 3600;
  return unix_seconds >= starts && unix_seconds < ends ? 3600 : 0;
}

Date LondonDate(int64_t unix_seconds) {
  return CivilFromDays(FloorDiv(unix_seconds + LondonOffsetSeconds(unix_seconds), kSecondsPerDay));
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<PartialDate> ParsePartialDate(std::string_view text) {
  const auto y = Digits(text, 0, 4);
  if (!y || *y < 1) return std::nullopt;
  if (text.size() == 4) return PartialDate{*y, 0, 0};
  if (text.size() == 7 && text[4] == '-') {
    const auto m = Digits(text, 5, 2);
    if (!m || *m < 1 || *m > 12) return std::nullopt;
    return PartialDate{*y, *m, 0};
  }
  const auto full = ParseDate(text);
  if (!full) return std::nullopt;
  return PartialDate{full->year, full->month, full->day};
}

std::string FormatPartialDate(const PartialDate& date) {
  char buf[16];
  if (date.month == 0) {
    std::snprintf(buf, sizeof buf, "%04d", date.year);
  } else if (date.day == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", date.year, date.month);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month, date.day);
  }
  return buf;
}

}  // namespace threadline::domain
