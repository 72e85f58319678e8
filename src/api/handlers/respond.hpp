#pragma once
// Small helpers shared by handlers for writing JSON answers.

#include <boost/json.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

#include "api/http.hpp"
#include "api/problem.hpp"

namespace threadline::api {

inline HttpResponse JsonResponse(const boost::json::value& body, unsigned status = 200) {
  HttpResponse r;
  r.status = status;
  r.body = boost::json::serialize(body);
  return r;
}

// The value of query parameter `key`, or `fallback` when it is absent.
inline std::string QueryParam(const HttpRequest& request, std::string_view key,
                              std::string_view fallback = {}) {
  const auto it = request.query.find(std::string(key));
  return it == request.query.end() ? std::string(fallback) : it->second;
}

// kInvalidArgument listing every query parameter not in `known`.
inline Status CheckQueryParams(const HttpRequest& request,
                               std::initializer_list<std::string_view> known) {
  std::vector<FieldError> errors;
  for (const auto& [key, value] : request.query) {
    if (std::find(known.begin(), known.end(), std::string_view(key)) == known.end()) {
      errors.push_back({key, "is not a known query parameter"});
    }
  }
  if (errors.empty()) return Status::Ok();
  return InvalidArgument("the query is not valid", std::move(errors));
}

}  // namespace threadline::api
