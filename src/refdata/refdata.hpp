#pragma once
// Reference data: questionnaires, code tables, name lists, weights.
//
// The versions shipped in data/ are compiled in. An installation may point
// `THREADLINE_DATA_DIR` (or --data-dir) at a directory of its own; a file
// found there replaces the shipped file of the same relative path, so a force
// can ship its own questionnaire without rebuilding.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace threadline::refdata {

class RefData {
 public:
  // `override_dir` empty: shipped files only.
  explicit RefData(std::string override_dir = {});

  // The content of `path` (relative to data/), or nullopt when no such file.
  std::optional<std::string> Read(std::string_view path) const;

  // Relative paths of every shipped file under `prefix` (e.g. "names/").
  std::vector<std::string> List(std::string_view prefix) const;

  const std::string& override_dir() const { return override_dir_; }

 private:
  std::string override_dir_;
};

// The shipped RefData with the override directory from THREADLINE_DATA_DIR.
RefData FromEnvironment();

// Splits CSV-ish reference tables: one record per line, fields separated by
// commas (a field in double quotes may hold commas; "" is a literal quote),
// lines starting with '#' and blank lines skipped.
std::vector<std::vector<std::string>> ParseSimpleTable(std::string_view content);

}  // namespace threadline::refdata
