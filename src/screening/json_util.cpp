#include "screening/json_util.hpp"

namespace threadline::screening::internal {

namespace json = boost::json;

json::value ParseJson(std::string_view text, const std::string& field,
                      std::vector<FieldError>& errors) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) {
    errors.push_back({field, "is not valid JSON: " + ec.message()});
    return nullptr;
  }
  return v;
}

std::string GetString(const json::object& obj, std::string_view key, const std::string& field,
                      bool required, std::vector<FieldError>& errors, std::string fallback) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr) {
    if (required) errors.push_back({field, "is required"});
    return fallback;
  }
  if (!v->is_string()) {
    errors.push_back({field, "must be a string"});
    return fallback;
  }
  return std::string(v->get_string());
}

bool GetBool(const json::object& obj, std::string_view key, const std::string& field, bool fallback,
             std::vector<FieldError>& errors) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr) return fallback;
  if (!v->is_bool()) {
    errors.push_back({field, "must be true or false"});
    return fallback;
  }
  return v->get_bool();
}

std::vector<std::string> GetStringArray(const json::object& obj, std::string_view key,
                                        const std::string& field, std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  const json::value* v = obj.if_contains(key);
  if (v == nullptr) return out;
  if (!v->is_array()) {
    errors.push_back({field, "must be an array of strings"});
    return out;
  }
  const auto& arr = v->get_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    if (!arr[i].is_string()) {
      errors.push_back({field + "/" + std::to_string(i), "must be a string"});
      continue;
    }
    out.emplace_back(arr[i].get_string());
  }
  return out;
}

}  // namespace threadline::screening::internal
