#include "reporting/render.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include <boost/json.hpp>

namespace threadline::reporting {
namespace {

const char* TypeName(ColumnType t) {
  switch (t) {
    case ColumnType::kText:
      return "text";
    case ColumnType::kCount:
      return "count";
    case ColumnType::kRate:
      return "rate";
    case ColumnType::kDays:
      return "days";
    case ColumnType::kNumber:
      return "number";
  }
  return "text";
}

boost::json::value CellJson(const Cell& cell) {
  if (const auto* s = std::get_if<std::string>(&cell)) return boost::json::value(*s);
  if (const auto* i = std::get_if<int64_t>(&cell)) return boost::json::value(*i);
  if (const auto* d = std::get_if<double>(&cell)) return boost::json::value(*d);
  return nullptr;
}

std::string CellText(const Cell& cell) {
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<int64_t>(&cell)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&cell)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", *d);
    return buf;
  }
  return "";
}

std::string CsvField(std::string text, bool is_text) {
  if (is_text && !text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string::npos) {
    text.insert(0, "'");
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

boost::json::object ToJson(const Measure& m) {
  boost::json::object out;
  out["measure"] = m.measure;
  out["title"] = m.title;
  out["filters"] = {
      {"from", m.period.from}, {"to", m.period.to}, {"force", m.force}, {"area", m.area}};
  out["previous"] = {{"from", m.previous.from}, {"to", m.previous.to}};
  out["suppression_threshold"] = m.suppression_threshold;
  boost::json::array series;
  for (const auto& s : m.series) {
    boost::json::object js;
    js["id"] = s.id;
    js["title"] = s.title;
    js["chart"] = s.chart;
    js["label_key"] = s.label_key;
    boost::json::array keys;
    for (const auto& k : s.value_keys) keys.emplace_back(k);
    js["value_keys"] = std::move(keys);
    boost::json::array columns;
    for (const auto& c : s.columns) {
      columns.push_back({{"key", c.key}, {"label", c.label}, {"type", TypeName(c.type)}});
    }
    js["columns"] = std::move(columns);
    boost::json::array rows;
    for (const auto& r : s.rows) {
      boost::json::object row;
      for (size_t i = 0; i < s.columns.size(); ++i) row[s.columns[i].key] = CellJson(r.cells[i]);
      boost::json::array suppressed;
      for (const auto& k : r.suppressed) suppressed.emplace_back(k);
      row["suppressed"] = std::move(suppressed);
      rows.push_back(std::move(row));
    }
    js["rows"] = std::move(rows);
    series.push_back(std::move(js));
  }
  out["series"] = std::move(series);
  boost::json::array notes;
  for (const auto& n : m.notes) notes.emplace_back(n);
  out["notes"] = std::move(notes);
  boost::json::array validation;
  for (const auto& v : m.validation) validation.emplace_back(v);
  out["validation"] = std::move(validation);
  return out;
}

std::string ToCsv(const Measure& m) {
  std::ostringstream out;
  out << "series,row,column,value,suppressed\r\n";
  for (const auto& s : m.series) {
    const auto label = std::find_if(s.columns.begin(), s.columns.end(),
                                    [&](const Column& c) { return c.key == s.label_key; });
    const size_t label_index =
        label == s.columns.end() ? 0 : static_cast<size_t>(label - s.columns.begin());
    for (const auto& r : s.rows) {
      const std::string row_label = CellText(r.cells[label_index]);
      for (size_t i = 0; i < s.columns.size(); ++i) {
        if (i == label_index) continue;
        const bool hidden = r.IsSuppressed(s.columns[i].key);
        out << CsvField(s.title, true) << ',' << CsvField(row_label, true) << ','
            << CsvField(s.columns[i].label, true) << ','
            << CsvField(CellText(r.cells[i]), s.columns[i].type == ColumnType::kText) << ','
            << (hidden ? "yes" : "no") << "\r\n";
      }
    }
  }
  return out.str();
}

}  // namespace threadline::reporting
