#include "risk/parse_util.hpp"

#include <algorithm>

namespace threadline::risk::internal {

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

std::string RequiredString(const json::object& obj, std::string_view key, const std::string& field,
                           std::vector<FieldError>& errors) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr) {
    errors.push_back({field, "is required"});
    return {};
  }
  if (!v->is_string() || v->get_string().empty()) {
    errors.push_back({field, "must be a non-empty string"});
    return {};
  }
  return std::string(v->get_string());
}

int GetInt(const json::object& obj, std::string_view key, const std::string& field, int lo, int hi,
           bool required, int fallback, std::vector<FieldError>& errors) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr) {
    if (required) errors.push_back({field, "is required"});
    return fallback;
  }
  if (!v->is_int64() || v->get_int64() < lo || v->get_int64() > hi) {
    errors.push_back(
        {field, "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi)});
    return fallback;
  }
  return static_cast<int>(v->get_int64());
}

void RefuseUnknownKeys(const json::object& obj, std::initializer_list<std::string_view> known,
                       const std::string& prefix, std::vector<FieldError>& errors) {
  for (const auto& kv : obj) {
    if (std::find(known.begin(), known.end(), kv.key()) == known.end()) {
      errors.push_back({prefix + std::string(kv.key()), "is not a known field"});
    }
  }
}

std::string Cat(std::initializer_list<std::string_view> parts) {
  size_t n = 0;
  for (auto p : parts) n += p.size();
  std::string out;
  out.reserve(n);
  for (auto p : parts) out += p;
  return out;
}

Error Invalid(std::string_view what, std::vector<FieldError> errors) {
  std::string message(what);
  if (!errors.empty()) {
    message += ": " + errors.front().field + ": " + errors.front().message;
    if (errors.size() > 1) message += " (and " + std::to_string(errors.size() - 1) + " more)";
  }
  return InvalidArgument(std::move(message), std::move(errors));
}

}  // namespace threadline::risk::internal
