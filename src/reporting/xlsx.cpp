// The XLSX rendering of a measure (render.hpp), written with libxlsxwriter.
// The library writes to a file, so the workbook goes to a private temporary
// file that is read back and removed.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include <xlsxwriter.h>

#include "reporting/render.hpp"

namespace threadline::reporting {
namespace {

struct Formats {
  lxw_format* title = nullptr;
  lxw_format* heading = nullptr;
  lxw_format* header = nullptr;
  lxw_format* count = nullptr;
  lxw_format* rate = nullptr;
  lxw_format* days = nullptr;
  lxw_format* number = nullptr;
  lxw_format* wrap = nullptr;
};

Formats MakeFormats(lxw_workbook* wb) {
  Formats f;
  f.title = workbook_add_format(wb);
  format_set_bold(f.title);
  format_set_font_size(f.title, 14);
  f.heading = workbook_add_format(wb);
  format_set_bold(f.heading);
  format_set_font_size(f.heading, 12);
  f.header = workbook_add_format(wb);
  format_set_bold(f.header);
  format_set_bottom(f.header, LXW_BORDER_THIN);
  format_set_text_wrap(f.header);
  f.count = workbook_add_format(wb);
  format_set_num_format(f.count, "#,##0");
  f.rate = workbook_add_format(wb);
  format_set_num_format(f.rate, "0.0%");
  f.days = workbook_add_format(wb);
  format_set_num_format(f.days, "0.0");
  f.number = workbook_add_format(wb);
  format_set_num_format(f.number, "0.00");
  f.wrap = workbook_add_format(wb);
  format_set_text_wrap(f.wrap);
  return f;
}

lxw_format* FormatOf(const Formats& f, ColumnType t) {
  switch (t) {
    case ColumnType::kCount:
      return f.count;
    case ColumnType::kRate:
      return f.rate;
    case ColumnType::kDays:
      return f.days;
    case ColumnType::kNumber:
      return f.number;
    case ColumnType::kText:
      return nullptr;
  }
  return nullptr;
}

void WriteFigures(lxw_worksheet* ws, const Formats& f, const Measure& m) {
  lxw_row_t row = 0;
  worksheet_write_string(ws, row++, 0, m.title.c_str(), f.title);
  const std::string period = "Period: " + m.period.from + " to " + m.period.to;
  worksheet_write_string(ws, row++, 0, period.c_str(), nullptr);
  const std::string scope = "Force: " + (m.force.empty() ? std::string("all") : m.force) +
                            "; area: " + (m.area.empty() ? std::string("all") : m.area);
  worksheet_write_string(ws, row++, 0, scope.c_str(), nullptr);
  const std::string legend = "Cells marked * are under " + std::to_string(m.suppression_threshold) +
                             " and not shown (small numbers can identify a person).";
  worksheet_write_string(ws, row++, 0, legend.c_str(), nullptr);
  worksheet_set_column(ws, 0, 0, 48, nullptr);
  worksheet_set_column(ws, 1, 12, 16, nullptr);
  for (const auto& s : m.series) {
    ++row;
    worksheet_write_string(ws, row++, 0, s.title.c_str(), f.heading);
    for (size_t c = 0; c < s.columns.size(); ++c) {
      worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), s.columns[c].label.c_str(),
                             f.header);
    }
    ++row;
    for (const auto& r : s.rows) {
      for (size_t c = 0; c < s.columns.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        const Cell& cell = r.cells[c];
        const bool hidden = r.IsSuppressed(s.columns[c].key);
        if (hidden) {
          worksheet_write_string(ws, row, col, "*", nullptr);
        } else if (const auto* text = std::get_if<std::string>(&cell)) {
          worksheet_write_string(ws, row, col, text->c_str(), nullptr);
        } else if (const auto* i = std::get_if<int64_t>(&cell)) {
          worksheet_write_number(ws, row, col, static_cast<double>(*i),
                                 FormatOf(f, s.columns[c].type));
        } else if (const auto* d = std::get_if<double>(&cell)) {
          worksheet_write_number(ws, row, col, *d, FormatOf(f, s.columns[c].type));
        }
      }
      ++row;
    }
  }
}

void WriteList(lxw_worksheet* ws, const Formats& f, const char* title,
               const std::vector<std::string>& lines, const char* when_empty) {
  worksheet_set_column(ws, 0, 0, 100, f.wrap);
  worksheet_write_string(ws, 0, 0, title, f.title);
  if (lines.empty()) worksheet_write_string(ws, 1, 0, when_empty, nullptr);
  for (size_t i = 0; i < lines.size(); ++i) {
    worksheet_write_string(ws, static_cast<lxw_row_t>(i + 1), 0, lines[i].c_str(), f.wrap);
  }
}

}  // namespace

Result<std::string> ToXlsx(const Measure& m) {
  std::string path = (std::filesystem::temp_directory_path() / "threadline-xlsx-XXXXXX").string();
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return Internal("cannot create a temporary file for the workbook");
  ::close(fd);
  struct Remove {
    std::string path;
    ~Remove() { std::filesystem::remove(path); }
  } remove{path};

  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) return Internal("libxlsxwriter could not start a workbook");
  const Formats f = MakeFormats(wb);
  WriteFigures(workbook_add_worksheet(wb, "Figures"), f, m);
  WriteList(workbook_add_worksheet(wb, "Validation"), f, "What is missing or doubtful",
            m.validation, "Nothing is missing.");
  std::vector<std::string> notes = m.notes;
  notes.emplace_back("Each figure is defined in docs/measures.md.");
  WriteList(workbook_add_worksheet(wb, "Notes"), f, "How to read these figures", notes, "");
  if (const lxw_error err = workbook_close(wb); err != LXW_NO_ERROR) {
    return Internal(std::string("libxlsxwriter: ") + lxw_strerror(err));
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) return Internal("the workbook came back empty");
  return bytes;
}

}  // namespace threadline::reporting
