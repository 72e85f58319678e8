// Administration and oversight: users, service tokens, sharing agreements,
// emergency access and a record's audit trail.

#include "api/handlers/respond.hpp"
#include "api/handlers/routes.hpp"
#include "api/json_input.hpp"
#include "api/json_render.hpp"

namespace threadline::api {
namespace {

boost::json::object UserJson(const domain::User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", u.role},
          {"agency_id", u.agency_id},
          {"locked", u.locked},
          {"failed_logins", u.failed_logins}};
}

boost::json::object TokenJson(const domain::ServiceToken& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"agency_id", t.agency_id},
          {"actions", Strings(t.actions)},
          {"created_at", t.created_at},
          {"revoked_at", TextOrNull(t.revoked_at)}};
}

boost::json::object AgreementJson(const domain::SharingAgreement& a) {
  return {{"id", a.id},
          {"code", a.code},
          {"name", a.name},
          {"from_agency_id", a.from_agency_id},
          {"to_agency_id", a.to_agency_id},
          {"record_types", Strings(a.record_types)},
          {"fields", Strings(a.fields)},
          {"purpose", a.purpose},
          {"valid_from", a.valid_from},
          {"valid_to", TextOrNull(a.valid_to)}};
}

boost::json::object GrantJson(const domain::EmergencyGrant& g) {
  return {{"id", g.id},
          {"user_id", g.user_id},
          {"agency_id", g.agency_id},
          {"record_type", g.record_type},
          {"record_id", g.record_id},
          {"owner_agency_id", g.owner_agency_id},
          {"reason", g.reason},
          {"granted_at", g.granted_at},
          {"expires_at", g.expires_at},
          {"reviewed_at", g.reviewed_at.empty() ? boost::json::value(nullptr)
                                                : boost::json::value(g.reviewed_at)}};
}

boost::json::object AuditJson(const domain::AuditEntry& e) {
  return {{"seq", e.seq},
          {"at", e.at},
          {"actor_id", e.actor_id},
          {"agency_id", e.agency_id},
          {"action", e.action},
          {"record_type", e.record_type},
          {"record_id", e.record_id},
          {"request_id", e.request_id},
          {"source", e.source},
          {"purpose", e.purpose}};
}

template <typename T, typename Render>
HttpResponse Items(const Result<std::vector<T>>& list, const HttpRequest& request, Render render) {
  if (!list.ok()) return ProblemResponse(list.error(), request.request_id);
  boost::json::array items;
  for (const auto& item : *list) items.push_back(render(item));
  return JsonResponse(boost::json::object{{"items", std::move(items)}});
}

HttpResponse NoContentOr(const Status& s, const HttpRequest& request) {
  if (!s.ok()) return ProblemResponse(s.error(), request.request_id);
  HttpResponse r;
  r.status = 204;
  return r;
}

void AddUserRoutes(Router& router, ApiContext& context) {
  router.Add("GET", "/api/v1/roles", [&context](const HttpRequest& request) {
    return Items(context.admin.ListRoles(ActorFor(request)), request,
                 [](const services::AdminService::RoleGrants& g) {
                   return boost::json::object{{"role", g.role}, {"actions", Strings(g.actions)}};
                 });
  });
  router.Add("GET", "/api/v1/users", [&context](const HttpRequest& request) {
    return Items(context.admin.ListUsers(ActorFor(request)), request, UserJson);
  });
  router.Add("POST", "/api/v1/users", [&context](const HttpRequest& request) {
    auto input = ReadBody<services::NewUser>(request, "user", [](FieldReader& f) {
      services::NewUser u;
      u.username = f.String("username", true);
      u.display_name = f.String("display_name", true);
      u.role = f.String("role", true);
      u.agency_code = f.String("agency", true);
      u.password = f.String("password", true);
      f.RejectUnknown({"username", "display_name", "role", "agency", "password"});
      return u;
    });
    if (!input.ok()) return ProblemResponse(input.error(), request.request_id);
    auto user = context.admin.CreateUser(ActorFor(request), *input);
    if (!user.ok()) return ProblemResponse(user.error(), request.request_id);
    boost::json::object out = UserJson(*user);
    if (!user->totp_secret.empty()) out["totp_secret"] = user->totp_secret;  // shown once
    return JsonResponse(out, 201);
  });
  router.Add("POST", "/api/v1/users/{id}/unlock", [&context](const HttpRequest& request) {
    return NoContentOr(context.admin.UnlockUser(ActorFor(request), request.path_params.at("id")),
                       request);
  });
  router.Add("PUT", "/api/v1/users/{id}/role", [&context](const HttpRequest& request) {
    auto role = ReadBody<std::string>(request, "role change", [](FieldReader& f) {
      std::string r = f.String("role", true);
      f.RejectUnknown({"role"});
      return r;
    });
    if (!role.ok()) return ProblemResponse(role.error(), request.request_id);
    return NoContentOr(
        context.admin.SetRole(ActorFor(request), request.path_params.at("id"), *role), request);
  });
}

void AddTokenRoutes(Router& router, ApiContext& context) {
  router.Add("GET", "/api/v1/service-tokens", [&context](const HttpRequest& request) {
    return Items(context.admin.ListTokens(ActorFor(request)), request, TokenJson);
  });
  router.Add("POST", "/api/v1/service-tokens", [&context](const HttpRequest& request) {
    struct In {
      std::string name, agency;
      std::vector<std::string> actions;
    };
    auto input = ReadBody<In>(request, "token", [](FieldReader& f) {
      In in{f.String("name", true), f.String("agency", true), f.StringArray("actions")};
      f.RejectUnknown({"name", "agency", "actions"});
      return in;
    });
    if (!input.ok()) return ProblemResponse(input.error(), request.request_id);
    auto issued =
        context.admin.IssueToken(ActorFor(request), input->name, input->agency, input->actions);
    if (!issued.ok()) return ProblemResponse(issued.error(), request.request_id);
    boost::json::object out = TokenJson(issued->token);
    out["token"] = issued->secret;  // shown once
    return JsonResponse(out, 201);
  });
  router.Add("DELETE", "/api/v1/service-tokens/{id}", [&context](const HttpRequest& request) {
    return NoContentOr(context.admin.RevokeToken(ActorFor(request), request.path_params.at("id")),
                       request);
  });
}

void AddAgreementRoutes(Router& router, ApiContext& context) {
  router.Add("GET", "/api/v1/agreements", [&context](const HttpRequest& request) {
    return Items(context.admin.ListAgreements(ActorFor(request)), request, AgreementJson);
  });
  router.Add("POST", "/api/v1/agreements", [&context](const HttpRequest& request) {
    auto input = ReadBody<domain::SharingAgreement>(request, "agreement", [](FieldReader& f) {
      domain::SharingAgreement a;
      a.code = f.String("code", true);
      a.name = f.String("name", true);
      a.from_agency_id = f.String("from_agency_id", true);
      a.to_agency_id = f.String("to_agency_id", true);
      a.record_types = f.StringArray("record_types");
      a.fields = f.StringArray("fields");
      a.purpose = f.String("purpose", true);
      a.valid_from = f.String("valid_from", true);
      a.valid_to = f.String("valid_to");
      f.RejectUnknown({"code", "name", "from_agency_id", "to_agency_id", "record_types", "fields",
                       "purpose", "valid_from", "valid_to"});
      return a;
    });
    if (!input.ok()) return ProblemResponse(input.error(), request.request_id);
    auto created = context.admin.CreateAgreement(ActorFor(request), std::move(*input));
    if (!created.ok()) return ProblemResponse(created.error(), request.request_id);
    return JsonResponse(AgreementJson(*created), 201);
  });
}

void AddEmergencyRoutes(Router& router, ApiContext& context) {
  router.Add("POST", "/api/v1/emergency-access", [&context](const HttpRequest& request) {
    auto input = ReadBody<services::NewEmergencyAccess>(request, "request", [](FieldReader& f) {
      services::NewEmergencyAccess in{f.String("record_type", true), f.String("record_id", true),
                                      f.String("reason", true)};
      f.RejectUnknown({"record_type", "record_id", "reason"});
      return in;
    });
    if (!input.ok()) return ProblemResponse(input.error(), request.request_id);
    auto grant = context.admin.OpenEmergencyAccess(ActorFor(request), *input);
    if (!grant.ok()) return ProblemResponse(grant.error(), request.request_id);
    return JsonResponse(GrantJson(*grant), 201);
  });
  router.Add("GET", "/api/v1/emergency-access", [&context](const HttpRequest& request) {
    return Items(context.admin.EmergencyQueue(ActorFor(request)), request, GrantJson);
  });
  router.Add("POST", "/api/v1/emergency-access/{id}/review",
             [&context](const HttpRequest& request) {
               auto note = ReadBody<std::string>(request, "review", [](FieldReader& f) {
                 std::string n = f.String("note", true);
                 f.RejectUnknown({"note"});
                 return n;
               });
               if (!note.ok()) return ProblemResponse(note.error(), request.request_id);
               return NoContentOr(context.admin.ReviewEmergencyAccess(
                                      ActorFor(request), request.path_params.at("id"), *note),
                                  request);
             });
}

void AddAuditRoutes(Router& router, ApiContext& context) {
  router.Add("GET", "/api/v1/audit", [&context](const HttpRequest& request) {
    if (Status s = CheckQueryParams(request, {"record_type", "record", "after", "limit"});
        !s.ok()) {
      return ProblemResponse(s.error(), request.request_id);
    }
    std::vector<FieldError> errors;
    const std::string type = QueryParam(request, "record_type").empty()
                                 ? std::string("person")
                                 : QueryParam(request, "record_type");
    const std::string record = QueryParam(request, "record");
    if (record.empty()) errors.push_back({"record", "is required: the record's id"});
    auto number = [&](const char* key, int64_t fallback) -> int64_t {
      const std::string v = QueryParam(request, key);
      if (v.empty()) return fallback;
      if (v.size() > 18 || !std::all_of(v.begin(), v.end(), ::isdigit)) {
        errors.push_back({key, "must be a whole number"});
        return fallback;
      }
      return std::stoll(v);
    };
    const int64_t after = number("after", 0);
    const int64_t limit = number("limit", 100);
    if (!errors.empty()) {
      return ProblemResponse(InvalidArgument("the query is not valid", errors), request.request_id);
    }
    return Items(context.admin.RecordAudit(ActorFor(request), type, record, after,
                                           static_cast<size_t>(limit)),
                 request, AuditJson);
  });
}

}  // namespace

void AddAdminRoutes(Router& router, ApiContext& context) {
  AddUserRoutes(router, context);
  AddTokenRoutes(router, context);
  AddAgreementRoutes(router, context);
  AddEmergencyRoutes(router, context);
  AddAuditRoutes(router, context);
}

}  // namespace threadline::api
