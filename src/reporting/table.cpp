#include "reporting/table.hpp"

#include <algorithm>

namespace threadline::reporting {

bool Row::IsSuppressed(const std::string& key) const {
  return std::find(suppressed.begin(), suppressed.end(), key) != suppressed.end();
}

Row& Series::Add(std::vector<Cell> cells) {
  cells.resize(columns.size());
  rows.push_back({std::move(cells), {}});
  return rows.back();
}

Cell SuppressedCount(Row& row, const std::string& key, int64_t count, int64_t threshold) {
  if (count > 0 && count < threshold) {
    row.suppressed.push_back(key);
    return std::monostate{};
  }
  return count;
}

Cell Rate(int64_t numerator, int64_t denominator) {
  if (denominator <= 0) return std::monostate{};
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

Cell Median(std::vector<double> values) {
  if (values.empty()) return std::monostate{};
  const size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  if (values.size() % 2 == 1) return values[mid];
  const double upper = values[mid];
  const double lower =
      *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2;
}

}  // namespace threadline::reporting
