#include "access/retention.hpp"

#include <algorithm>
#include <charconv>

namespace threadline::access {
namespace {

struct TypeBasis {
  std::string_view type;
  RetentionBasis basis;
};

// Reports live while anything is added to them; cases are reviewed once closed.
constexpr TypeBasis kTypes[] = {{"report", RetentionBasis::kLastActivity},
                                {"case", RetentionBasis::kClosure}};

std::optional<RetentionBasis> ParseBasis(std::string_view text) {
  if (text == "last_activity") return RetentionBasis::kLastActivity;
  if (text == "closure") return RetentionBasis::kClosure;
  return std::nullopt;
}

std::optional<int> ParseMonths(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

int DaysInMonth(int year, int month) {
  const domain::Date first{year, month, 1};
  const domain::Date next =
      month == 12 ? domain::Date{year + 1, 1, 1} : domain::Date{year, month + 1, 1};
  return static_cast<int>(domain::DaysFromCivil(next) - domain::DaysFromCivil(first));
}

// The date part of a timestamp or date.
std::optional<domain::Date> DateOf(std::string_view text) {
  return domain::ParseDate(text.substr(0, std::min<size_t>(text.size(), 10)));
}

std::string Months(int months) {
  if (months % 12 == 0) {
    const int years = months / 12;
    return std::to_string(years) + (years == 1 ? " year" : " years");
  }
  return std::to_string(months) + (months == 1 ? " month" : " months");
}

}  // namespace

const std::vector<std::string>& RetentionRecordTypes() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const auto& t : kTypes) names.emplace_back(t.type);
    return names;
  }();
  return kNames;
}

std::string_view BasisName(RetentionBasis basis) {
  return basis == RetentionBasis::kClosure ? "closure" : "last_activity";
}

Result<RetentionRules> RetentionRules::FromTable(
    const std::vector<std::vector<std::string>>& rows) {
  RetentionRules rules;
  std::vector<FieldError> errors;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    if (!row.empty() && row[0] == "record_type") continue;  // the header
    const std::string where = "review periods row " + std::to_string(i + 1);
    if (row.size() != 4) {
      errors.push_back({where, "needs a record type, a period in months, a basis and grounds"});
      continue;
    }
    const auto* type = std::find_if(std::begin(kTypes), std::end(kTypes),
                                    [&](const TypeBasis& t) { return t.type == row[0]; });
    if (type == std::end(kTypes)) {
      errors.push_back({where, "names an unknown record type \"" + row[0] + "\""});
      continue;
    }
    if (rules.For(row[0]) != nullptr) {
      errors.push_back({where, "repeats the record type \"" + row[0] + "\""});
      continue;
    }
    const auto months = ParseMonths(row[1]);
    if (!months || *months < 1 || *months > kMaxReviewMonths) {
      errors.push_back({where, "needs a period of 1 to " + std::to_string(kMaxReviewMonths) +
                                   " months, not \"" + row[1] + "\""});
      continue;
    }
    const auto basis = ParseBasis(row[2]);
    if (!basis || *basis != type->basis) {
      errors.push_back({where, "a " + row[0] + " is counted from \"" +
                                   std::string(BasisName(type->basis)) + "\", not \"" + row[2] +
                                   "\""});
      continue;
    }
    if (row[3].empty()) {
      errors.push_back({where, "needs the grounds for the period"});
      continue;
    }
    rules.rules_.push_back({row[0], *months, *basis, row[3]});
  }
  for (const auto& t : kTypes) {
    if (rules.For(t.type) == nullptr && errors.empty()) {
      errors.push_back({"review periods", "has no row for " + std::string(t.type) + "s"});
    }
  }
  if (!errors.empty()) {
    return InvalidArgument("the review periods table is not valid", std::move(errors));
  }
  return rules;
}

const RetentionRule* RetentionRules::For(std::string_view record_type) const {
  for (const auto& rule : rules_) {
    if (rule.record_type == record_type) return &rule;
  }
  return nullptr;
}

domain::Date AddMonths(const domain::Date& date, int months) {
  const int index = date.year * 12 + (date.month - 1) + months;
  const int year = index >= 0 ? index / 12 : (index - 11) / 12;
  const int month = index - year * 12 + 1;
  return {year, month, std::min(date.day, DaysInMonth(year, month))};
}

std::string CountedBefore(const RetentionRule& rule, const domain::Date& today) {
  const domain::Date counted = AddMonths(today, -rule.review_after_months);
  return domain::FormatDate(domain::CivilFromDays(domain::DaysFromCivil(counted) + 1));
}

std::optional<std::string> ReviewDueOn(const RetentionRule& rule, std::string_view counted_from,
                                       std::string_view kept_until) {
  const auto from = DateOf(counted_from);
  if (!from) return std::nullopt;
  std::string due = domain::FormatDate(AddMonths(*from, rule.review_after_months));
  if (!kept_until.empty() && std::string(kept_until) > due) due = std::string(kept_until);
  return due;
}

std::vector<std::string> DueReasons(const RetentionRule& rule, std::string_view counted_from,
                                    std::string_view kept_until, std::string_view due_on) {
  std::vector<std::string> reasons;
  const std::string from(counted_from.substr(0, std::min<size_t>(counted_from.size(), 10)));
  if (rule.counted_from == RetentionBasis::kClosure) {
    reasons.push_back("The case was closed on " + from + ".");
  } else {
    reasons.push_back("Nothing has been added to the " + rule.record_type + " since " + from + ".");
  }
  reasons.push_back(
      "A " + rule.record_type + " is reviewed " + Months(rule.review_after_months) + " after " +
      (rule.counted_from == RetentionBasis::kClosure ? "closure" : "its last activity") + ": " +
      rule.grounds);
  if (!kept_until.empty()) {
    reasons.push_back("At its last review it was kept until " + std::string(kept_until) + ".");
  }
  reasons.push_back("Its review date, " + std::string(due_on) + ", has passed.");
  return reasons;
}

Status CheckNextReview(std::string_view next_review_on, const domain::Date& today) {
  const auto date = domain::ParseDate(next_review_on);
  if (!date || next_review_on.size() != 10) {
    return InvalidArgument("the next review date is not valid",
                           {{"next_review_on", "must be a date like 2031-04-30"}});
  }
  if (*date <= today) {
    return InvalidArgument("the next review date is not valid",
                           {{"next_review_on", "must be after today"}});
  }
  if (*date > AddMonths(today, kMaxReviewMonths)) {
    return InvalidArgument("the next review date is not valid",
                           {{"next_review_on", "must be within " + Months(kMaxReviewMonths)}});
  }
  return {};
}

std::string DefaultNextReview(const RetentionRule& rule, const domain::Date& today) {
  return domain::FormatDate(AddMonths(today, rule.review_after_months));
}

}  // namespace threadline::access
