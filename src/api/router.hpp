#pragma once
// Maps (method, path pattern) to handlers. Patterns are literal segments and
// `{name}` placeholders ("/api/v1/reports/{id}"); a placeholder matches one
// non-empty segment and is passed in HttpRequest::path_params.
// No match: 404 problem; a path that matches with another method: 405 with
// an Allow header.

#include <functional>
#include <string>
#include <vector>

#include "api/http.hpp"

namespace threadline::api {

using Handler = std::function<HttpResponse(const HttpRequest&)>;

class Router {
 public:
  void Add(std::string method, const std::string& pattern, Handler handler);
  HttpResponse Dispatch(HttpRequest& request) const;

  struct RouteInfo {
    std::string method;
    std::string pattern;
  };
  // Every registered route, for documentation and access-matrix tests.
  std::vector<RouteInfo> Routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace threadline::api
