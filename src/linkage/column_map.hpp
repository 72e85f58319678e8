#pragma once
// Column mapping: from a CSV table's columns to InputRecord roles.
//
// Values are checked as they are mapped. A date of birth that cannot be read
// or is absurd (1 Feb 3021, month 14 ...) and a truth label the truth regex
// does not match are reported as CsvIssues with the row's line number; the
// value is then treated as missing, the row is kept.

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "domain/result.hpp"
#include "linkage/csv_reader.hpp"
#include "linkage/record.hpp"

namespace threadline::linkage {

struct ColumnMapping {
  std::vector<std::pair<std::string, Role>> columns;  // several columns may share a role
  std::string id_column;                              // empty: the row number is the id
  std::string truth_column;                           // empty: no truth
  // Optional ECMAScript regex applied to the truth column: the first capture
  // group (or the whole match) is the entity label, e.g. "rec-(\\d+)" for FEBRL.
  std::string truth_regex;
};

// Parses "COLUMN=ROLE" specifications. kInvalidArgument names a bad one.
Result<std::vector<std::pair<std::string, Role>>> ParseColumnRoles(
    std::span<const std::string> specs);

struct MappedRecords {
  std::vector<InputRecord> records;
  std::vector<CsvIssue> issues;
};

// kInvalidArgument when a named column is not in the header or the regex is
// malformed. `source` is stored in every record (0 or 1, see InputRecord).
Result<MappedRecords> MapRecords(const CsvTable& table, const ColumnMapping& mapping,
                                 uint8_t source = 0);

}  // namespace threadline::linkage
