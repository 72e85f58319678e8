#pragma once
// Screening results as JSON (for the API and storage) and as readable text
// (for the CLI and case notes). Pure functions.

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "screening/result.hpp"
#include "screening/screener.hpp"

namespace threadline::screening {

// Field names are stable API: classifications[{code, ho_class, label,
// legislation, principal, reasons[{rule_id, text, questions}]}], possible,
// settle_questions, counting, risk{level, drivers, yes_count, unknown_count,
// items, reasons}, actions[{code, text, why}], overrides.
// ToJsonText writes the text directly (what is stored on every
// screening); ToJson is the same as a document.
std::string ToJsonText(const ScreeningResult& result);
boost::json::value ToJson(const ScreeningResult& result);
// Inverse of ToJson, for a stored result (e.g. the earlier screening handed
// to Screener::Rescreen). kInvalidArgument when `v` is not in that shape.
Result<ScreeningResult> ResultFromJson(const boost::json::value& v);

boost::json::value ToJson(const ResultDiff& diff);
boost::json::value ToJson(const Rescreening& rescreening, const Questionnaire& qn);

// Plain text, headed sections, wrapped for a terminal.
std::string ToText(const ScreeningResult& result);
std::string ToText(const ResultDiff& diff);

}  // namespace threadline::screening
