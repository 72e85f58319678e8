#pragma once
// Dates and times as Threadline stores and exchanges them.
//
// Timestamps are UTC, exchanged as ISO 8601 ("2026-03-01T21:30:00Z"; an
// offset such as "+01:00" is accepted on input and normalised to Z) and
// stored in that exact text form, so text order is time order.
// Dates of birth may be partial ("1980", "1980-07") because agencies often
// record only part of one.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace threadline::domain {

struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  // The checker mistakes the defaulted comparison for a null-pointer literal.
  auto operator<=>(const Date&) const = default;  // NOLINT(modernize-use-nullptr)
};

// Days since 1970-01-01 (proleptic Gregorian), and back.
int64_t DaysFromCivil(const Date& date);
Date CivilFromDays(int64_t days);

bool IsValidDate(const Date& date);

// "YYYY-MM-DD" of a real calendar date, else nullopt.
std::optional<Date> ParseDate(std::string_view text);
std::string FormatDate(const Date& date);

// ISO 8601 date-time with seconds optional and a Z or +hh:mm / -hh:mm
// offset required; returns seconds since the epoch (UTC).
std::optional<int64_t> ParseTimestamp(std::string_view text);
// "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatTimestamp(int64_t unix_seconds);
// Seconds since the epoch now.
int64_t NowSeconds();

// Civil time in England and Wales: GMT, and BST (one hour ahead) from 01:00
// UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
// October. Deadlines counted in days (the Victims' Code's working days) and
// "today" are English dates, not UTC ones: a decision at 00:30 BST is made
// on that day, not the one before.
int64_t LondonOffsetSeconds(int64_t unix_seconds);
Date LondonDate(int64_t unix_seconds);

// A date of birth as recorded: the year always, month and day when known.
struct PartialDate {
  int year = 0;
  int month = 0;  // 0 when unknown
  int day = 0;    // 0 when unknown
  auto operator<=>(const PartialDate&) const = default;
};
// "YYYY", "YYYY-MM" or "YYYY-MM-DD" (each part valid), else nullopt.
std::optional<PartialDate> ParsePartialDate(std::string_view text);
std::string FormatPartialDate(const PartialDate& date);

}  // namespace threadline::domain
