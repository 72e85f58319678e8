#include "api/router.hpp"

#include "api/problem.hpp"

namespace threadline::api {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    const size_t end = slash == std::string::npos ? path.size() : slash;
    out.push_back(path.substr(start, end - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

bool Match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
           std::map<std::string, std::string>& params) {
  if (pattern.size() != path.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const std::string& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      if (path[i].empty()) return false;
      found[p.substr(1, p.size() - 2)] = path[i];
    } else if (p != path[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

void Router::Add(std::string method, const std::string& pattern, Handler handler,
                 RouteAccess access) {
  routes_.push_back({std::move(method), pattern, Split(pattern), std::move(handler), access});
}

HttpResponse Router::Dispatch(HttpRequest& request) const {
  const auto segments = Split(request.path);
  std::string allowed;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!Match(route.segments, segments, params)) continue;
    if (route.method == request.method) {
      request.path_params = std::move(params);
      if (route.access != RouteAccess::kPublic && guard_) {
        if (auto refused = guard_(request)) return std::move(*refused);
      }
      return route.handler(request);
    }
    allowed += (allowed.empty() ? "" : ", ") + route.method;
  }
  if (!allowed.empty()) {
    HttpResponse r =
        HttpProblem(405, "method-not-allowed", "Method not allowed",
                    "This resource does not support " + request.method + ".", request.request_id);
    r.headers.emplace_back("Allow", allowed);
    return r;
  }
  if (fallback_) return fallback_(request);
  return HttpProblem(404, "not-found", "Not found", "There is no resource at this address.",
                     request.request_id);
}

std::vector<Router::RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern, r.access});
  return out;
}

}  // namespace threadline::api
