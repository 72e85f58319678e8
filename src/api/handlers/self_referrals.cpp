// The public self-referral form's API: anyone may refer themselves (or
// someone else) without signing in. No session and so no CSRF token: the
// route is public. Every attempt counts against the caller's address; the
// answer holds the reference and next steps, never what was sent.

#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"
#include "api/json_input.hpp"

namespace threadline::api {
namespace {

// A referral is a few short answers and one free text of at most 5,000
// bytes (which JSON escaping may make six times longer).
constexpr size_t kMaxSelfReferralBody = size_t{64} * 1024;

HttpResponse Submit(ApiContext& context, const HttpRequest& request) {
  const services::Actor actor = services::Actor::Anonymous(request.request_id, request.remote);
  if (const int64_t wait = context.self_referrals.Admit(actor); wait > 0) {
    HttpResponse r = ProblemResponse(
        RateLimited("too many referrals have been sent from this address; try again in " +
                    std::to_string((wait + 59) / 60) + " minute(s), or call 999 in an emergency"),
        request.request_id);
    r.headers.emplace_back("Retry-After", std::to_string(wait));
    return r;
  }
  if (request.body.size() > kMaxSelfReferralBody) {
    return ProblemResponse(MakeError(ErrorCode::kTooLarge, "the referral is too large"),
                           request.request_id);
  }
  if (Status s = CheckQueryParams(request, {}); !s.ok()) {
    return ProblemResponse(s.error(), request.request_id);
  }
  auto body = ParseJsonObjectBody(request);
  if (!body.ok()) return ProblemResponse(body.error(), request.request_id);
  auto receipt = context.self_referrals.Submit(actor, *body);
  if (!receipt.ok()) return ProblemResponse(receipt.error(), request.request_id);
  boost::json::array steps;
  for (const auto& s : receipt->next_steps) steps.emplace_back(s);
  boost::json::object out{{"reference", receipt->reference}, {"next_steps", std::move(steps)}};
  out["emergency"] = receipt->emergency.empty() ? boost::json::value(nullptr)
                                                : boost::json::value(receipt->emergency);
  return JsonResponse(out, 201);
}

}  // namespace

void AddSelfReferralRoutes(Router& router, ApiContext& context) {
  router.Add(
      "POST", "/api/v1/self-referrals",
      [&context](const HttpRequest& request) { return Submit(context, request); },
      RouteAccess::kPublic);
  router.Add(
      "GET", "/api/v1/self-referrals/areas",
      [&context](const HttpRequest& request) {
        if (Status s = CheckQueryParams(request, {}); !s.ok()) {
          return ProblemResponse(s.error(), request.request_id);
        }
        boost::json::array items;
        for (const auto& a : context.self_referrals.areas()) {
          items.push_back(boost::json::object{{"code", a.code}, {"name", a.name}});
        }
        return JsonResponse(boost::json::object{{"items", std::move(items)}});
      },
      RouteAccess::kPublic);
}

}  // namespace threadline::api
