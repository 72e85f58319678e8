#pragma once
// Reading JSON request bodies strictly: the right media type, valid UTF-8,
// well-formed JSON, an object at the top, every field of the expected type,
// and no unknown fields. Every problem is collected as a FieldError so the
// client sees all of them at once.

#include <boost/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http.hpp"
#include "domain/result.hpp"

namespace threadline::api {

// The body parsed as a JSON object, or kInvalidArgument (malformed, not UTF-8,
// not an object, too deep) / kTooLarge.
Result<boost::json::object> ParseJsonObjectBody(const HttpRequest& request);

// Reads the fields of one JSON object, naming errors under `prefix`.
class FieldReader {
 public:
  FieldReader(const boost::json::object& object, std::string prefix,
              std::vector<FieldError>& errors)
      : object_(object), prefix_(std::move(prefix)), errors_(errors) {}

  // A string field; "" when absent (an error if required) or of another type.
  std::string String(std::string_view key, bool required = false);
  // An array of strings; empty when absent.
  std::vector<std::string> StringArray(std::string_view key);
  // An array field; nullptr when absent (an error if required) or not an array.
  const boost::json::array* Array(std::string_view key, bool required = false);
  // An object field; nullptr when absent (an error if required) or not an object.
  const boost::json::object* Object(std::string_view key, bool required = false);
  bool Has(std::string_view key) const { return object_.contains(key); }

  // Records an error for every key not in `known`.
  void RejectUnknown(std::initializer_list<std::string_view> known);

  std::string Path(std::string_view key) const;
  void AddError(std::string_view key, std::string message);

 private:
  const boost::json::object& object_;
  std::string prefix_;
  std::vector<FieldError>& errors_;
};

// Parses the body and runs `read` (FieldReader& -> T) over its fields; the
// problem ("the <what> is not valid", every field error) when either fails.
template <typename T, typename Read>
Result<T> ReadBody(const HttpRequest& request, const char* what, Read read) {
  auto body = ParseJsonObjectBody(request);
  if (!body.ok()) return body.error();
  std::vector<FieldError> errors;
  FieldReader f(*body, "", errors);
  T value = read(f);
  if (!errors.empty()) return InvalidArgument(std::string("the ") + what + " is not valid", errors);
  return value;
}

}  // namespace threadline::api
