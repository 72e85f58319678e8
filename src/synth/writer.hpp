#pragma once
// Internal: buffered RFC 4180 CSV output.

#include <fstream>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace threadline::synth {

// Appends `field` to `out`, quoted when it holds a comma, quote, CR or LF.
void AppendCsvField(std::string& out, std::string_view field);

// Joins several values into one field with ';'.
std::string JoinValues(const std::vector<std::string>& values);

// A CSV file written through a large buffer. Rows end with CRLF, as RFC 4180
// says. Errors are sticky and reported by Close().
class CsvFile {
 public:
  Status Open(const std::string& path, std::initializer_list<std::string_view> header);
  void Row(std::initializer_list<std::string_view> fields);
  // Appends raw text (used for JSON Lines, which shares the buffering).
  void Raw(std::string_view text);
  Status Close();

 private:
  void MaybeFlush();
  std::ofstream out_;
  std::string path_;
  std::string buffer_;
};

}  // namespace threadline::synth
