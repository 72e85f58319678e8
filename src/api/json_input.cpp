#include "api/json_input.hpp"

#include <algorithm>

#include "domain/text.hpp"

namespace threadline::api {
namespace {

const char* TypeName(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      return "a number";
    case boost::json::kind::string:
      return "a string";
    case boost::json::kind::array:
      return "an array";
    case boost::json::kind::object:
      return "an object";
  }
  return "unknown";
}

}  // namespace

Result<boost::json::object> ParseJsonObjectBody(const HttpRequest& request) {
  const std::string& type = request.Header("content-type");
  const std::string_view media = std::string_view(type).substr(0, type.find(';'));
  if (media != "application/json") {
    return InvalidArgument("the body must be sent as application/json",
                           {{"content-type", "must be application/json"}});
  }
  if (!domain::IsValidUtf8(request.body)) {
    return InvalidArgument("the body is not valid UTF-8", {{"", "is not valid UTF-8"}});
  }
  boost::json::parse_options options;
  options.max_depth = 16;
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(request.body, ec, {}, options);
  if (ec) {
    return InvalidArgument("the body is not well-formed JSON: " + ec.message(),
                           {{"", "is not well-formed JSON"}});
  }
  if (!value.is_object()) {
    return InvalidArgument("the body must be a JSON object", {{"", "must be an object"}});
  }
  return std::move(value.as_object());
}

std::string FieldReader::Path(std::string_view key) const {
  return prefix_.empty() ? std::string(key) : prefix_ + "/" + std::string(key);
}

void FieldReader::AddError(std::string_view key, std::string message) {
  errors_.push_back({Path(key), std::move(message)});
}

std::string FieldReader::String(std::string_view key, bool required) {
  const auto* v = object_.if_contains(key);
  if (v == nullptr) {
    if (required) AddError(key, "is required");
    return {};
  }
  if (!v->is_string()) {
    AddError(key, std::string("must be a string, not ") + TypeName(*v));
    return {};
  }
  return std::string(v->as_string());
}

std::vector<std::string> FieldReader::StringArray(std::string_view key) {
  std::vector<std::string> out;
  const auto* array = Array(key);
  if (array == nullptr) return out;
  for (size_t i = 0; i < array->size(); ++i) {
    const auto& item = (*array)[i];
    if (!item.is_string()) {
      errors_.push_back({Path(key) + "/" + std::to_string(i),
                         std::string("must be a string, not ") + TypeName(item)});
      continue;
    }
    out.emplace_back(item.as_string());
  }
  return out;
}

const boost::json::array* FieldReader::Array(std::string_view key, bool required) {
  const auto* v = object_.if_contains(key);
  if (v == nullptr) {
    if (required) AddError(key, "is required");
    return nullptr;
  }
  if (!v->is_array()) {
    AddError(key, std::string("must be an array, not ") + TypeName(*v));
    return nullptr;
  }
  return &v->as_array();
}

const boost::json::object* FieldReader::Object(std::string_view key, bool required) {
  const auto* v = object_.if_contains(key);
  if (v == nullptr) {
    if (required) AddError(key, "is required");
    return nullptr;
  }
  if (!v->is_object()) {
    AddError(key, std::string("must be an object, not ") + TypeName(*v));
    return nullptr;
  }
  return &v->as_object();
}

void FieldReader::RejectUnknown(std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : object_) {
    if (std::find(known.begin(), known.end(), std::string_view(key)) == known.end()) {
      AddError(key, "is not a known field");
    }
  }
}

}  // namespace threadline::api
