#pragma once
// Helpers for reading the risk module's reference data with field-level
// errors. Internal to the risk module.

#include <boost/json.hpp>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace threadline::risk::internal {

// Parses `text`; on failure appends an error for `field` and returns null.
boost::json::value ParseJson(std::string_view text, const std::string& field,
                             std::vector<FieldError>& errors);

// Reads obj[key] as a non-empty string; missing, empty or not a string: an
// error and "".
std::string RequiredString(const boost::json::object& obj, std::string_view key,
                           const std::string& field, std::vector<FieldError>& errors);

// Reads obj[key] as a whole number in [lo, hi]; missing (when `required`) or
// anything else: an error and `fallback`.
int GetInt(const boost::json::object& obj, std::string_view key, const std::string& field, int lo,
           int hi, bool required, int fallback, std::vector<FieldError>& errors);

// An error for every key of `obj` not in `known`, so a misspelt key is
// refused instead of silently ignored.
void RefuseUnknownKeys(const boost::json::object& obj,
                       std::initializer_list<std::string_view> known, const std::string& prefix,
                       std::vector<FieldError>& errors);

// The parts joined, with one allocation.
std::string Cat(std::initializer_list<std::string_view> parts);

// kInvalidArgument whose message names the first problem ("what: field:
// message (and N more)") and whose fields list them all.
Error Invalid(std::string_view what, std::vector<FieldError> errors);

}  // namespace threadline::risk::internal
