#pragma once
// Reference figures the accountability measures compare with: the national
// published attrition rates and a programme's planned tier distribution.
// Data (data/reporting/reference-v1.csv), so a programme sets its own plan.

#include <array>
#include <map>
#include <string>

#include "domain/result.hpp"
#include "refdata/refdata.hpp"

namespace threadline::reporting {

struct Reference {
  std::map<std::string, double> national_rate;  // funnel step -> share of reports
  std::array<double, 5> planned_tier{};         // [1..4]: planned referrals at that tier
  std::string version = "reference-v1";

  // kInvalidArgument naming the line for an unknown kind, a bad number or a
  // tier outside 1-4; kNotFound when the file is missing.
  static Result<Reference> Parse(std::string_view csv);
  static Result<Reference> Load(const refdata::RefData& data);
};

}  // namespace threadline::reporting
