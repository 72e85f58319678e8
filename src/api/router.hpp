#pragma once
// Maps (method, path pattern) to handlers. Patterns are literal segments and
// `{name}` placeholders ("/api/v1/reports/{id}"); a placeholder matches one
// non-empty segment and is passed in HttpRequest::path_params.
// No match: 404 problem; a path that matches with another method: 405 with
// an Allow header.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/http.hpp"

namespace threadline::api {

using Handler = std::function<HttpResponse(const HttpRequest&)>;
// Runs before the handler of every route that is not public: fills
// request.actor, or answers (401, 403) instead of the handler.
using Guard = std::function<std::optional<HttpResponse>(HttpRequest&)>;

// Who may call a route at all; what they may then see is the services' job.
enum class RouteAccess { kPublic, kSignedIn };

class Router {
 public:
  // Routes need a signed-in caller unless added as kPublic.
  void Add(std::string method, const std::string& pattern, Handler handler,
           RouteAccess access = RouteAccess::kSignedIn);
  void SetGuard(Guard guard) { guard_ = std::move(guard); }
  // Answers, without the guard, a request whose path matches no route (the
  // web application's files and client-side pages); without one, 404.
  void SetFallback(Handler fallback) { fallback_ = std::move(fallback); }
  HttpResponse Dispatch(HttpRequest& request) const;

  struct RouteInfo {
    std::string method;
    std::string pattern;
    RouteAccess access;
  };
  // Every registered route, for documentation and access-matrix tests.
  std::vector<RouteInfo> Routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    RouteAccess access;
  };
  std::vector<Route> routes_;
  Guard guard_;
  Handler fallback_;
};

}  // namespace threadline::api
