#include "linkage/csv_reader.hpp"

#include <fstream>
#include <sstream>

#include "domain/text.hpp"

namespace threadline::linkage {
namespace {

// Splits one record starting at `pos`; advances `pos` and `line` past it.
// Returns an empty string on success, else what was wrong with the record.
class RecordSplitter {
 public:
  RecordSplitter(std::string_view text, const CsvOptions& options)
      : text_(text), options_(options) {}

  bool AtEnd() const { return pos_ >= text_.size(); }
  size_t line() const { return line_; }

  std::string Next(std::vector<std::string>& fields) {
    fields.assign(1, std::string());
    std::string problem;
    bool at_field_start = true;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (at_field_start && options_.skip_initial_space && c == ' ') {
        ++pos_;
        continue;
      }
      if (at_field_start && c == '"') {
        ++pos_;
        if (!ReadQuoted(fields.back()) && problem.empty()) problem = "unterminated quoted field";
        at_field_start = false;
        // After the closing quote only a separator or the end of the record may follow.
        if (pos_ < text_.size() && text_[pos_] != options_.separator && !AtLineEnd()) {
          if (problem.empty()) problem = "unexpected character after closing quote";
          SkipToRecordEnd(fields.back());
        }
        continue;
      }
      if (c == options_.separator) {
        fields.emplace_back();
        at_field_start = true;
        ++pos_;
        continue;
      }
      if (AtLineEnd()) {
        ConsumeLineEnd();
        return problem;
      }
      fields.back() += c;
      at_field_start = false;
      ++pos_;
    }
    return problem;
  }

 private:
  bool AtLineEnd() const {
    const char c = text_[pos_];
    return c == '\n' || (c == '\r' && (pos_ + 1 >= text_.size() || text_[pos_ + 1] == '\n'));
  }
  void ConsumeLineEnd() {
    if (text_[pos_] == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    ++line_;
  }
  // Reads up to the closing quote; false when the input ends first.
  bool ReadQuoted(std::string& out) {
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          out += '"';
          ++pos_;
          continue;
        }
        return true;
      }
      if (c == '\n') ++line_;
      out += c;
    }
    return false;
  }
  void SkipToRecordEnd(std::string& out) {
    while (pos_ < text_.size() && text_[pos_] != options_.separator && !AtLineEnd()) {
      out += text_[pos_++];
    }
  }

  std::string_view text_;
  const CsvOptions& options_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

bool IsBlank(const std::vector<std::string>& fields) {
  return fields.size() == 1 && fields[0].empty();
}

std::string RowProblem(const std::vector<std::string>& fields, size_t expected) {
  if (expected != 0 && fields.size() != expected) {
    return "expected " + std::to_string(expected) + " columns, found " +
           std::to_string(fields.size());
  }
  for (const auto& f : fields) {
    if (!domain::IsValidUtf8(f)) return "invalid UTF-8";
  }
  return {};
}

}  // namespace

Result<CsvTable> ParseCsv(std::string_view text, const CsvOptions& options) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM
  CsvTable table;
  RecordSplitter splitter(text, options);
  std::vector<std::string> fields;
  bool header_pending = options.has_header;
  while (!splitter.AtEnd()) {
    const size_t line = splitter.line();
    std::string problem = splitter.Next(fields);
    if (problem.empty() && IsBlank(fields)) continue;  // blank lines carry no row
    if (problem.empty()) problem = RowProblem(fields, header_pending ? 0 : table.header.size());
    if (header_pending) {
      if (!problem.empty())
        return InvalidArgument("line " + std::to_string(line) + ": header: " + problem);
      table.header = fields;
      header_pending = false;
      continue;
    }
    if (table.header.empty()) table.header.resize(fields.size());
    if (!problem.empty()) {
      table.issues.push_back({line, problem});
      if (options.on_error == CsvOptions::OnError::kReject) {
        return InvalidArgument("line " + std::to_string(line) + ": " + problem);
      }
      continue;
    }
    table.rows.push_back(std::move(fields));
    table.row_lines.push_back(line);
    fields = {};
  }
  if (header_pending) return InvalidArgument("empty input: no header");
  return table;
}

Result<CsvTable> ReadCsvFile(const std::string& path, const CsvOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  return ParseCsv(buf.str(), options);
}

}  // namespace threadline::linkage
