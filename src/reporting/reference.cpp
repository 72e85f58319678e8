#include "reporting/reference.hpp"

#include <charconv>

namespace threadline::reporting {
namespace {

std::optional<double> Number(const std::string& text) {
  double value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || value < 0) return std::nullopt;
  return value;
}

}  // namespace

Result<Reference> Reference::Parse(std::string_view csv) {
  Reference ref;
  int line = 0;
  for (const auto& row : refdata::ParseSimpleTable(csv)) {
    ++line;
    const std::string where = "reference data row " + std::to_string(line);
    if (row.size() < 3) return InvalidArgument(where + ": expected kind,key,value,source");
    const auto value = Number(row[2]);
    if (!value) return InvalidArgument(where + ": value is not a number");
    if (row[0] == "national_rate") {
      if (*value > 1) return InvalidArgument(where + ": a rate is a share between 0 and 1");
      ref.national_rate[row[1]] = *value;
    } else if (row[0] == "planned_tier") {
      if (row[1].size() != 1 || row[1][0] < '1' || row[1][0] > '4') {
        return InvalidArgument(where + ": tier must be 1 to 4");
      }
      ref.planned_tier[static_cast<size_t>(row[1][0] - '0')] = *value;
    } else {
      return InvalidArgument(where + ": unknown kind " + row[0]);
    }
  }
  return ref;
}

Result<Reference> Reference::Load(const refdata::RefData& data) {
  auto text = data.Read("reporting/reference-v1.csv");
  if (!text) return NotFound("reporting/reference-v1.csv is missing");
  return Parse(*text);
}

}  // namespace threadline::reporting
