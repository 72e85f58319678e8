#include "linkage/column_map.hpp"

#include <optional>
#include <regex>

#include "linkage/normalize.hpp"

namespace threadline::linkage {
namespace {

Result<size_t> ColumnIndex(const CsvTable& table, const std::string& name) {
  for (size_t i = 0; i < table.header.size(); ++i) {
    if (table.header[i] == name) return i;
  }
  return InvalidArgument("no column named '" + name + "'");
}

bool MultiValued(Role role) {
  return role == Role::kPhone || role == Role::kEmail || role == Role::kHandle ||
         role == Role::kVehicle;
}

}  // namespace

Result<std::vector<std::pair<std::string, Role>>> ParseColumnRoles(
    std::span<const std::string> specs) {
  std::vector<std::pair<std::string, Role>> out;
  for (const auto& spec : specs) {
    const size_t eq = spec.rfind('=');
    if (eq == std::string::npos || eq == 0) {
      return InvalidArgument("column mapping '" + spec + "' is not COLUMN=ROLE");
    }
    const auto role = ParseRole(std::string_view(spec).substr(eq + 1));
    if (!role) return InvalidArgument("unknown role in '" + spec + "'");
    out.emplace_back(spec.substr(0, eq), *role);
  }
  return out;
}

Result<MappedRecords> MapRecords(const CsvTable& table, const ColumnMapping& mapping,
                                 uint8_t source) {
  std::vector<std::pair<size_t, Role>> columns;
  for (const auto& [name, role] : mapping.columns) {
    auto index = ColumnIndex(table, name);
    if (!index.ok()) return index.error();
    columns.emplace_back(*index, role);
  }
  std::optional<size_t> id_col, truth_col;
  if (!mapping.id_column.empty()) {
    auto index = ColumnIndex(table, mapping.id_column);
    if (!index.ok()) return index.error();
    id_col = *index;
  }
  if (!mapping.truth_column.empty()) {
    auto index = ColumnIndex(table, mapping.truth_column);
    if (!index.ok()) return index.error();
    truth_col = *index;
  }
  std::optional<std::regex> truth_re;
  if (!mapping.truth_regex.empty()) {
    try {
      truth_re.emplace(mapping.truth_regex);
    } catch (const std::regex_error&) {
      return InvalidArgument("malformed truth regex");
    }
  }
  MappedRecords out;
  out.records.reserve(table.rows.size());
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const size_t line = r < table.row_lines.size() ? table.row_lines[r] : r + 2;
    InputRecord rec;
    rec.source = source;
    rec.id = id_col ? row[*id_col] : std::to_string(line);
    for (const auto& [index, role] : columns) {
      const std::string& value = row[index];
      if (value.empty()) continue;
      std::string& slot = rec[role];
      if (!slot.empty()) slot += MultiValued(role) ? ";" : " ";
      slot += value;
    }
    if (!rec[Role::kDob].empty() && !ParseDob(rec[Role::kDob]).ok()) {
      out.issues.push_back({line, "dob: unusable date '" + rec[Role::kDob].substr(0, 40) + "'"});
      rec[Role::kDob].clear();
    }
    if (truth_col) {
      rec.truth = row[*truth_col];
      std::smatch match;
      if (truth_re && !rec.truth.empty()) {
        if (std::regex_search(rec.truth, match, *truth_re)) {
          rec.truth = match.size() > 1 ? match[1].str() : match[0].str();
        } else {
          out.issues.push_back({line, "truth label does not match the truth regex"});
          rec.truth.clear();
        }
      }
    }
    out.records.push_back(std::move(rec));
  }
  return out;
}

}  // namespace threadline::linkage
