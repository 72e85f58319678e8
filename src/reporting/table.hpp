#pragma once
// The shape every accountability figure takes: a measure is a few series,
// each a small table with typed columns, so one renderer serves the API's
// JSON, the CSV and XLSX downloads, the CLI and the dashboard charts.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace threadline::reporting {

enum class ColumnType { kText, kCount, kRate, kDays, kNumber };

struct Column {
  std::string key;
  std::string label;
  ColumnType type = ColumnType::kCount;
};

// Empty: not applicable, not yet known, or suppressed (the row says which).
using Cell = std::variant<std::monostate, std::string, int64_t, double>;

struct Row {
  std::vector<Cell> cells;              // parallel to the series' columns
  std::vector<std::string> suppressed;  // keys of the cells hidden as small numbers

  bool IsSuppressed(const std::string& key) const;
};

struct Series {
  std::string id;
  std::string title;
  std::string chart = "bar";            // bar or line
  std::string label_key;                // the column that names each row
  std::vector<std::string> value_keys;  // the columns a chart plots
  std::vector<Column> columns;
  std::vector<Row> rows;

  // Appends a row; `cells` must match the columns in number.
  Row& Add(std::vector<Cell> cells);
};

// The period a measure covers: whole days, both ends included.
struct Period {
  std::string from;  // YYYY-MM-DD
  std::string to;    // YYYY-MM-DD
};

struct Measure {
  std::string measure;  // funnel, quality, programme, orders, victims, panels, return
  std::string title;
  Period period;
  Period previous;
  std::string force;  // the force code filtered on, or empty
  std::string area;   // the area (region) filtered on, or empty
  int64_t suppression_threshold = 5;
  std::vector<Series> series;
  std::vector<std::string> notes;       // how to read the figures
  std::vector<std::string> validation;  // what is missing or doubtful in the data
};

// A count, or an empty cell with the key marked suppressed when it is above
// zero but under `threshold` (small numbers can identify a person).
Cell SuppressedCount(Row& row, const std::string& key, int64_t count, int64_t threshold);

// numerator / denominator, or empty when the denominator is zero.
Cell Rate(int64_t numerator, int64_t denominator);
// The median of `values`, or empty when there are none.
Cell Median(std::vector<double> values);

}  // namespace threadline::reporting
