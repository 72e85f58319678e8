#include "api/problem.hpp"

#include <boost/json.hpp>

namespace threadline::api {
namespace {

struct ProblemKind {
  unsigned status;
  const char* slug;
  const char* title;
};

ProblemKind KindFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return {400, "invalid-argument", "The request is not valid"};
    case ErrorCode::kNotFound:
      return {404, "not-found", "Not found"};
    case ErrorCode::kUnauthenticated:
      return {401, "unauthenticated", "Authentication required"};
    case ErrorCode::kPermissionDenied:
      return {403, "permission-denied", "Not allowed"};
    case ErrorCode::kConflict:
      return {409, "conflict", "Conflict with the current state"};
    case ErrorCode::kTooLarge:
      return {413, "too-large", "Too large"};
    case ErrorCode::kRateLimited:
      return {429, "rate-limited", "Too many requests"};
    case ErrorCode::kUnavailable:
      return {503, "unavailable", "Service unavailable"};
    case ErrorCode::kInternal:
      break;
  }
  return {500, "internal", "Internal error"};
}

HttpResponse Render(const boost::json::object& body, unsigned status) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = boost::json::serialize(body);
  return r;
}

}  // namespace

unsigned HttpStatusFor(ErrorCode code) { return KindFor(code).status; }

HttpResponse ProblemResponse(const Error& error, const std::string& request_id) {
  const ProblemKind kind = KindFor(error.code);
  boost::json::object body;
  body["type"] = std::string("/problems/") + kind.slug;
  body["title"] = kind.title;
  body["status"] = kind.status;
  // Internal failures never describe themselves to the client.
  body["detail"] = error.code == ErrorCode::kInternal ? "An unexpected error occurred; quote the "
                                                        "request id to an administrator."
                                                      : error.message;
  body["request_id"] = request_id;
  if (!error.fields.empty()) {
    boost::json::array errors;
    for (const auto& f : error.fields) {
      errors.push_back(boost::json::object{{"field", f.field}, {"message", f.message}});
    }
    body["errors"] = std::move(errors);
  }
  if (!error.allowed.empty()) {
    boost::json::array allowed;
    for (const auto& a : error.allowed) allowed.emplace_back(a);
    body["allowed"] = std::move(allowed);
  }
  return Render(body, kind.status);
}

HttpResponse HttpProblem(unsigned status, const std::string& slug, const std::string& title,
                         const std::string& detail, const std::string& request_id) {
  boost::json::object body;
  body["type"] = "/problems/" + slug;
  body["title"] = title;
  body["status"] = status;
  body["detail"] = detail;
  body["request_id"] = request_id;
  return Render(body, status);
}

}  // namespace threadline::api
