#pragma once
// Errors as RFC 9457 problem details (application/problem+json).
//
// Each ErrorCode maps once to an HTTP status and a stable `type`
// ("/problems/<slug>", documented in docs/api.md). The `detail` is the safe
// client message; the request id lets a client quote the failure and an
// operator find the log line. Per-field validation failures are listed in
// `errors` as {"field": "...", "message": "..."}.

#include <string>

#include "api/http.hpp"
#include "domain/result.hpp"

namespace threadline::api {

unsigned HttpStatusFor(ErrorCode code);

// A problem response for a domain error.
HttpResponse ProblemResponse(const Error& error, const std::string& request_id);

// A problem response for a failure found by the HTTP layer itself (no route,
// wrong method, unsupported media type, oversized body ...).
HttpResponse HttpProblem(unsigned status, const std::string& slug, const std::string& title,
                         const std::string& detail, const std::string& request_id);

}  // namespace threadline::api
