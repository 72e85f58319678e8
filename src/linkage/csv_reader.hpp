#pragma once
// An RFC 4180 CSV reader that never drops a row silently.
//
// Contract:
// - The first record is the header when `has_header` (the default).
// - Quoted fields may hold separators, doubled quotes and line breaks; line
//   endings may be LF or CRLF; a missing final newline is fine.
// - `skip_initial_space` drops spaces after a separator (FEBRL files write
//   ", " between fields); spaces inside quotes are always kept.
// - A row is *malformed* when its column count differs from the header's,
//   when it is not valid UTF-8, or when its quoting is broken (a character
//   after a closing quote, a quote left open at end of input). Every
//   malformed row is reported as a CsvIssue with the physical line number
//   (1-based) where the row starts. With OnError::kSkip the row is left out
//   and reading goes on; with OnError::kReject the whole read fails with
//   kInvalidArgument naming the first issue.
// - Never throws and never crashes on any input (there is a fuzz target).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace threadline::linkage {

struct CsvOptions {
  char separator = ',';
  bool has_header = true;
  bool skip_initial_space = false;
  enum class OnError { kSkip, kReject } on_error = OnError::kSkip;
};

struct CsvIssue {
  size_t line = 0;  // physical line where the offending row starts
  std::string message;
};

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> row_lines;  // line number of each kept row
  std::vector<CsvIssue> issues;   // every malformed row, in file order
};

// Parses CSV text held in memory.
Result<CsvTable> ParseCsv(std::string_view text, const CsvOptions& options = {});

// Reads and parses a file. kNotFound when it cannot be opened.
Result<CsvTable> ReadCsvFile(const std::string& path, const CsvOptions& options = {});

}  // namespace threadline::linkage
