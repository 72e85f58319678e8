#pragma once
// Small helpers for reading reference data and input JSON with field-level
// errors. Internal to the screening module.

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace threadline::screening::internal {

// Parses `text`; on failure appends an error for `field` and returns null.
boost::json::value ParseJson(std::string_view text, const std::string& field,
                             std::vector<FieldError>& errors);

// Reads obj[key] as a string. Missing: `fallback` (and an error when
// `required`). Wrong type: an error.
std::string GetString(const boost::json::object& obj, std::string_view key,
                      const std::string& field, bool required, std::vector<FieldError>& errors,
                      std::string fallback = {});
bool GetBool(const boost::json::object& obj, std::string_view key, const std::string& field,
             bool fallback, std::vector<FieldError>& errors);
// Reads an array of strings; missing means empty.
std::vector<std::string> GetStringArray(const boost::json::object& obj, std::string_view key,
                                        const std::string& field, std::vector<FieldError>& errors);

}  // namespace threadline::screening::internal
