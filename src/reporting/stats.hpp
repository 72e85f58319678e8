#pragma once
// One entry point for every accountability measure: checks the period,
// reads what the measure needs from the store in one read transaction, and
// returns the measure's tables. Callers (services) decide who may ask.

#include <string>
#include <vector>

#include "domain/result.hpp"
#include "reporting/reference.hpp"
#include "reporting/report_measures.hpp"
#include "reporting/table.hpp"
#include "store/store.hpp"

namespace threadline::reporting {

// funnel, quality, programme, orders, victims, panels, return.
const std::vector<std::string>& MeasureNames();
bool IsMeasure(std::string_view name);

// The period from `from` to `to` (YYYY-MM-DD, both included). Both empty:
// the twelve months up to `today`. kInvalidArgument, naming the field, for a
// malformed or impossible date, `to` before `from`, only one of the two, or
// a period longer than ten years.
Result<Period> MakePeriod(const std::string& from, const std::string& to, const std::string& today);
// The period of the same number of days just before.
Period PreviousPeriod(const Period& period);

struct StatsRequest {
  std::string measure;
  Period period;
  std::string force;                  // shown only: the force code asked for
  std::string area;                   // shown only: the area asked for
  std::vector<domain::Id> force_ids;  // the forces counted; empty = every force
  std::string today;                  // YYYY-MM-DD
  int64_t suppression_threshold = 5;
  std::vector<std::string> force_codes;  // the codes of force_ids
  // The course-of-conduct findings, when the caller has them (quality only);
  // null: the quality measure says they were not counted.
  const std::vector<FindingFact>* findings = nullptr;
};

// kInvalidArgument for an unknown measure.
Result<Measure> Compute(store::ReadTx& tx, const StatsRequest& request, const Reference& reference);

}  // namespace threadline::reporting
