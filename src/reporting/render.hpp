#pragma once
// A measure as the API's JSON, as CSV (one row per cell, easy to pivot) and
// as an XLSX workbook laid out like a return: the tables one under another
// on the first sheet, then a validation sheet and a notes sheet.

#include <string>

#include <boost/json/object.hpp>

#include "domain/result.hpp"
#include "reporting/table.hpp"

namespace threadline::reporting {

boost::json::object ToJson(const Measure& measure);

// RFC 4180, header: series,row,column,value,suppressed. Text cells that a
// spreadsheet would take for a formula are prefixed with an apostrophe.
std::string ToCsv(const Measure& measure);

// The workbook's bytes; kInternal when the library cannot write it.
Result<std::string> ToXlsx(const Measure& measure);

}  // namespace threadline::reporting
