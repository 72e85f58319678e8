#pragma once
// When records come up for review, and why.
//
// Following police information management practice, nothing is deleted
// automatically: each record type has a review period (a table in the
// reference data, retention/review-periods.csv, not code), counted from
// the record's last activity or from its closure. A record whose review date
// has passed is due: a person decides to keep it until a later review date or
// to delete it. Pure: dates in, dates and sentences out.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/datetime.hpp"
#include "domain/result.hpp"

namespace threadline::access {

// What a review period is counted from.
enum class RetentionBasis {
  kLastActivity,  // the record's newest change: a report, its screenings, its outcomes
  kClosure,       // when the case was closed (its last change once closed)
};

struct RetentionRule {
  std::string record_type;  // "report" or "case"
  int review_after_months = 0;
  RetentionBasis counted_from = RetentionBasis::kLastActivity;
  std::string grounds;  // why this period, in words a reviewer reads
};

// The record types that have a review period, with the basis each counts from.
const std::vector<std::string>& RetentionRecordTypes();

// The longest review period, and the furthest a "keep" decision may push the
// next review: a hundred years.
inline constexpr int kMaxReviewMonths = 1200;

class RetentionRules {
 public:
  // Rows of (record_type, review_after_months, counted_from, grounds), the
  // header row skipped. Every record type in RetentionRecordTypes() must
  // appear exactly once, with the basis that type counts from
  // ("last_activity" for reports, "closure" for cases) and a period of 1 to
  // kMaxReviewMonths months. kInvalidArgument naming each bad row otherwise.
  static Result<RetentionRules> FromTable(const std::vector<std::vector<std::string>>& rows);

  // nullptr for a record type without a rule.
  const RetentionRule* For(std::string_view record_type) const;
  const std::vector<RetentionRule>& rules() const { return rules_; }

 private:
  std::vector<RetentionRule> rules_;
};

std::string_view BasisName(RetentionBasis basis);

// `date` moved by `months` calendar months (either way); a day past the end
// of the target month becomes its last day (31 January + 1 month = 28 or 29
// February).
domain::Date AddMonths(const domain::Date& date, int months);

// The records counted from before this date (exclusive, "YYYY-MM-DD") have
// reached their review date on `today`: today minus the period, plus a day.
std::string CountedBefore(const RetentionRule& rule, const domain::Date& today);

// One record's review date: the period after it was counted from, or a later
// date a reviewer chose when they last kept it. `counted_from` is a timestamp
// or date; `kept_until` the last "keep" decision's next review date, or "".
// nullopt when `counted_from` is not a date.
std::optional<std::string> ReviewDueOn(const RetentionRule& rule, std::string_view counted_from,
                                       std::string_view kept_until);

// Why one record is due, as sentences a reviewer can check.
std::vector<std::string> DueReasons(const RetentionRule& rule, std::string_view counted_from,
                                    std::string_view kept_until, std::string_view due_on);

// Checks a "keep until" date: a valid date after `today`, at most
// kMaxReviewMonths ahead. kInvalidArgument on the field "next_review_on".
Status CheckNextReview(std::string_view next_review_on, const domain::Date& today);

// The default next review for a record kept on `today`: one period ahead.
std::string DefaultNextReview(const RetentionRule& rule, const domain::Date& today);

}  // namespace threadline::access
