// Sign-in and sign-out, and the guard that authenticates every other route.

#include "access/session_token.hpp"
#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"
#include "api/json_input.hpp"

namespace threadline::api {
namespace {

constexpr const char* kCookieName = "threadline_session";
constexpr size_t kMaxLoginBody = 4096;

// The session token from the Cookie header, or "" (several cookies may be
// sent; only ours is read).
std::string SessionCookie(const HttpRequest& request) {
  const std::string& header = request.Header("cookie");
  const std::string prefix = std::string(kCookieName) + "=";
  size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
    const size_t end = std::min(header.find(';', pos), header.size());
    if (header.compare(pos, prefix.size(), prefix) == 0) {
      return header.substr(pos + prefix.size(), end - pos - prefix.size());
    }
    pos = end + 1;
  }
  return {};
}

std::string CookieAttributes(const HttpRequest& request) {
  return std::string("; Path=/; HttpOnly; SameSite=Strict") + (request.secure ? "; Secure" : "");
}

bool ChangesState(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

boost::json::object UserJson(const domain::User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", u.role},
          {"agency_id", u.agency_id}};
}

HttpResponse Login(ApiContext& context, const HttpRequest& request) {
  if (request.body.size() > kMaxLoginBody) {
    return ProblemResponse(MakeError(ErrorCode::kTooLarge, "the sign-in request is too large"),
                           request.request_id);
  }
  auto body = ParseJsonObjectBody(request);
  if (!body.ok()) return ProblemResponse(body.error(), request.request_id);
  std::vector<FieldError> errors;
  FieldReader f(*body, "", errors);
  services::LoginRequest login;
  login.username = f.String("username", true);
  login.password = f.String("password", true);
  login.totp_code = f.String("totp_code");
  f.RejectUnknown({"username", "password", "totp_code"});
  if (!errors.empty()) {
    return ProblemResponse(InvalidArgument("the sign-in request is not valid", errors),
                           request.request_id);
  }
  login.source = request.remote;
  login.request_id = request.request_id;
  auto signed_in = context.sessions.Login(login);
  if (!signed_in.ok()) {
    HttpResponse r = ProblemResponse(signed_in.error(), request.request_id);
    if (signed_in.error().code == ErrorCode::kRateLimited)
      r.headers.emplace_back("Retry-After", "60");
    if (signed_in.error().code == ErrorCode::kUnauthenticated) {
      r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"threadline\"");
    }
    return r;
  }
  HttpResponse r = JsonResponse(boost::json::object{
      {"user", UserJson(signed_in->user)},
      {"csrf_token", signed_in->csrf_token},
      {"idle_timeout_seconds", signed_in->idle_timeout},
  });
  r.headers.emplace_back(
      "Set-Cookie", std::string(kCookieName) + "=" + signed_in->token + CookieAttributes(request));
  return r;
}

HttpResponse ClearCookie(const HttpRequest& request) {
  HttpResponse r;
  r.status = 204;
  r.headers.emplace_back(
      "Set-Cookie", std::string(kCookieName) + "=" + CookieAttributes(request) + "; Max-Age=0");
  return r;
}

services::Authenticated Who(const HttpRequest& request) {
  services::Authenticated who;
  who.actor = request.actor;
  who.token_hash = request.session_token_hash;
  who.via_cookie = !request.session_token_hash.empty();
  return who;
}

}  // namespace

std::optional<HttpResponse> Authenticate(ApiContext& context, HttpRequest& request) {
  const std::string& authorization = request.Header("authorization");
  Result<services::Authenticated> who = Unauthenticated("sign in to continue");
  if (authorization.rfind("Bearer ", 0) == 0) {
    who = context.sessions.AuthenticateBearer(authorization.substr(7), request.request_id,
                                              request.remote);
  } else if (const std::string token = SessionCookie(request); !token.empty()) {
    who = context.sessions.AuthenticateSession(token, request.request_id, request.remote);
  }
  if (!who.ok()) {
    HttpResponse r = ProblemResponse(who.error(), request.request_id);
    if (who.error().code == ErrorCode::kUnauthenticated) {
      r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"threadline\"");
    }
    return r;
  }
  // Browsers send cookies on their own; a write must also carry the token
  // only our pages can read, or it may be forged by another site.
  if (who->via_cookie && ChangesState(request.method) &&
      !access::SecretEquals(request.Header("x-csrf-token"), who->csrf_token)) {
    return ProblemResponse(PermissionDenied("the request lacks a valid X-CSRF-Token header"),
                           request.request_id);
  }
  request.actor = std::move(who->actor);
  request.session_token_hash = who->token_hash;
  return std::nullopt;
}

void AddSessionRoutes(Router& router, ApiContext& context) {
  router.Add(
      "POST", "/api/v1/session",
      [&context](const HttpRequest& request) { return Login(context, request); },
      RouteAccess::kPublic);
  router.Add("GET", "/api/v1/session", [&context](const HttpRequest& request) {
    boost::json::object out{{"user_id", request.actor.user_id},
                            {"agency_id", request.actor.agency_id},
                            {"role", request.actor.role}};
    boost::json::array actions;
    for (const auto& a : context.access.policy().ActionsOf(request.actor.role)) {
      actions.emplace_back(a);
    }
    out["actions"] = std::move(actions);
    return JsonResponse(out);
  });
  router.Add("DELETE", "/api/v1/session", [&context](const HttpRequest& request) {
    if (request.session_token_hash.empty()) return ClearCookie(request);  // bearer: nothing to end
    if (Status s = context.sessions.Logout(Who(request)); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    return ClearCookie(request);
  });
  router.Add("DELETE", "/api/v1/sessions", [&context](const HttpRequest& request) {
    if (request.session_token_hash.empty()) {
      return ProblemResponse(PermissionDenied("service accounts have no sessions"),
                             request.request_id);
    }
    if (Status s = context.sessions.LogoutEverywhere(Who(request)); !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    return ClearCookie(request);
  });
}

}  // namespace threadline::api
