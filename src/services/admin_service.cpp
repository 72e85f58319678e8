#include "services/admin_service.hpp"

#include <algorithm>

#include "access/password_policy.hpp"
#include "access/policy.hpp"
#include "access/session_token.hpp"
#include "access/totp.hpp"
#include "domain/datetime.hpp"
#include "domain/text.hpp"
#include "services/audit.hpp"

namespace threadline::services {
namespace {

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Actions a service account may never hold: administration, emergency
// access, and the judgements a practitioner records with who and why (two
// records are or are not one person, a finding has been acted on, a record
// is kept or deleted at review) stay with people.
bool TokenMayHold(std::string_view action) {
  static constexpr std::string_view kPeopleOnly[] = {
      "user.admin",       "agreement.admin", "token.admin",          "emergency.open",
      "emergency.review", "link.decide",     "findings.acknowledge", "retention.review"};
  return std::find(std::begin(kPeopleOnly), std::end(kPeopleOnly), action) == std::end(kPeopleOnly);
}

void Sanitise(domain::User& u) {
  u.password_hash.clear();
  u.totp_secret.clear();
}

Status Append(store::WriteTx& tx, const Actor& actor, const char* action, const char* type,
              const domain::Id& id, int64_t now, const std::string& purpose = {}) {
  return tx.AppendAudit(MakeAuditEntry(actor, action, type, id, now, purpose)).status();
}

}  // namespace

Result<std::vector<AdminService::RoleGrants>> AdminService::ListRoles(const Actor& actor) const {
  if (Status s = access_.Require(actor, "user.admin"); !s.ok()) return s.error();
  std::vector<RoleGrants> out;
  for (const auto& role : access::AllRoles()) {
    out.push_back({role, access_.policy().ActionsOf(role)});
  }
  return out;
}

Result<std::vector<domain::User>> AdminService::ListUsers(const Actor& actor) {
  if (Status s = access_.Require(actor, "user.admin"); !s.ok()) return s.error();
  std::vector<domain::User> users;
  const Status read = store_.Read([&](store::ReadTx& tx) {
    auto u = tx.ListUsers();
    if (u.ok()) users = std::move(*u);
    return u.status();
  });
  if (!read.ok()) return read.error();
  for (auto& u : users) Sanitise(u);
  return users;
}

Result<domain::User> AdminService::CreateUser(const Actor& actor, const NewUser& in) {
  if (Status s = access_.Require(actor, "user.admin"); !s.ok()) return s.error();
  std::vector<FieldError> errors;
  const bool name_ok =
      !in.username.empty() && in.username.size() <= 64 &&
      std::all_of(in.username.begin(), in.username.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
      });
  if (!name_ok) {
    errors.push_back({"username", "must be 1 to 64 of a-z, 0-9, '.', '-' and '_'"});
  }
  if (in.display_name.empty() || in.display_name.size() > 200) {
    errors.push_back({"display_name", "must be 1 to 200 characters"});
  }
  if (!Contains(access::AllRoles(), in.role)) {
    errors.push_back({"role",
                      "is not a role (officer, lead, clinician, probation, advocate, "
                      "prosecutor, analyst, admin)"});
  }
  if (Status s = access::CheckNewPassword(in.password, in.username); !s.ok()) {
    errors.push_back({"password", s.error().message});
  }
  domain::User user;
  Status wrote = store_.Write([&](store::WriteTx& tx) -> Status {
    auto agency = tx.GetAgencyByCode(in.agency_code);
    if (!agency.ok() && agency.error().code != ErrorCode::kNotFound) return agency.status();
    if (!agency.ok()) errors.push_back({"agency", "is not a known agency code"});
    if (auto existing = tx.GetUserByName(in.username); existing.ok()) {
      errors.push_back({"username", "is taken"});
    }
    if (!errors.empty()) return InvalidArgument("the user is not valid", errors);
    auto hash = access::HashPassword(in.password, cost_);
    if (!hash.ok()) return hash.status();
    user.id = domain::NewId();
    user.username = in.username;
    user.display_name = in.display_name;
    user.role = in.role;
    user.agency_id = agency->id;
    user.password_hash = *hash;
    if (user.role == "admin") user.totp_secret = access::NewTotpSecret();
    if (Status s = tx.InsertUser(user); !s.ok()) return s;
    return Append(tx, actor, "user.create", "user", user.id, clock_());
  });
  if (!wrote.ok()) return wrote.error();
  user.password_hash.clear();
  return user;
}

Status AdminService::UnlockUser(const Actor& actor, const domain::Id& user_id) {
  if (Status s = access_.Require(actor, "user.admin"); !s.ok()) return s;
  Status wrote = store_.Write([&](store::WriteTx& tx) -> Status {
    if (Status s = tx.SetUserLoginState(user_id, 0, 0, false); !s.ok()) return s;
    return Append(tx, actor, "user.unlock", "user", user_id, clock_());
  });
  if (sessions_ != nullptr) sessions_->ForgetUser(user_id);
  return wrote;
}

Status AdminService::SetRole(const Actor& actor, const domain::Id& user_id,
                             const std::string& role) {
  if (Status s = access_.Require(actor, "user.admin"); !s.ok()) return s;
  if (!Contains(access::AllRoles(), role)) {
    return InvalidArgument("the role is not valid", {{"role", "is not a role"}});
  }
  if (user_id == actor.user_id) {
    return PermissionDenied("administrators cannot change their own role");
  }
  Status wrote = store_.Write([&](store::WriteTx& tx) -> Status {
    auto user = tx.GetUser(user_id);
    if (!user.ok()) return user.status();
    if (role == "admin" && user->totp_secret.empty()) {
      return InvalidArgument("the role is not valid",
                             {{"role", "an administrator needs a second factor enrolled first"}});
    }
    if (Status s = tx.SetUserRole(user_id, role); !s.ok()) return s;
    if (Status s = tx.DeleteUserSessions(user_id); !s.ok()) return s;
    return Append(tx, actor, "user.set_role", "user", user_id, clock_(),
                  user->role + " -> " + role);
  });
  // After the commit: a session read begun before it is then not kept.
  if (sessions_ != nullptr) sessions_->ForgetUser(user_id);
  return wrote;
}

Result<std::vector<domain::ServiceToken>> AdminService::ListTokens(const Actor& actor) {
  if (Status s = access_.Require(actor, "token.admin"); !s.ok()) return s.error();
  std::vector<domain::ServiceToken> out;
  const Status read = store_.Read([&](store::ReadTx& tx) {
    auto t = tx.ListServiceTokens();
    if (t.ok()) out = std::move(*t);
    return t.status();
  });
  if (!read.ok()) return read.error();
  for (auto& t : out) t.token_hash.clear();
  return out;
}

Result<IssuedToken> AdminService::IssueToken(const Actor& actor, const std::string& name,
                                             const std::string& agency_code,
                                             const std::vector<std::string>& actions) {
  if (Status s = access_.Require(actor, "token.admin"); !s.ok()) return s.error();
  std::vector<FieldError> errors;
  if (name.empty() || name.size() > 100) errors.push_back({"name", "must be 1 to 100 characters"});
  if (actions.empty()) errors.push_back({"actions", "name at least one action"});
  for (const auto& a : actions) {
    if (!Contains(access::AllActions(), a) || !TokenMayHold(a)) {
      errors.push_back({"actions", "\"" + a + "\" is not an action a service account may hold"});
    }
  }
  IssuedToken out;
  Status wrote = store_.Write([&](store::WriteTx& tx) -> Status {
    auto agency = tx.GetAgencyByCode(agency_code);
    if (!agency.ok() && agency.error().code != ErrorCode::kNotFound) return agency.status();
    if (!agency.ok()) errors.push_back({"agency", "is not a known agency code"});
    if (!errors.empty()) return InvalidArgument("the token is not valid", errors);
    out.secret = access::NewSecretToken();
    out.token.id = domain::NewId();
    out.token.token_hash = access::HashToken(out.secret);
    out.token.name = name;
    out.token.agency_id = agency->id;
    out.token.actions = actions;
    out.token.created_by = actor.user_id;
    out.token.created_at = domain::FormatTimestamp(clock_());
    if (Status s = tx.InsertServiceToken(out.token); !s.ok()) return s;
    return Append(tx, actor, "token.issue", "service_token", out.token.id, clock_());
  });
  if (!wrote.ok()) return wrote.error();
  out.token.token_hash.clear();
  return out;
}

Status AdminService::RevokeToken(const Actor& actor, const domain::Id& token_id) {
  if (Status s = access_.Require(actor, "token.admin"); !s.ok()) return s;
  return store_.Write([&](store::WriteTx& tx) -> Status {
    if (Status s = tx.RevokeServiceToken(token_id, domain::FormatTimestamp(clock_())); !s.ok()) {
      return s;
    }
    return Append(tx, actor, "token.revoke", "service_token", token_id, clock_());
  });
}

Result<std::vector<domain::SharingAgreement>> AdminService::ListAgreements(const Actor& actor) {
  if (Status s = access_.Require(actor, "agreement.admin"); !s.ok()) return s.error();
  std::vector<domain::SharingAgreement> out;
  const Status read = store_.Read([&](store::ReadTx& tx) {
    auto a = tx.ListAgreements();
    if (a.ok()) out = std::move(*a);
    return a.status();
  });
  if (!read.ok()) return read.error();
  return out;
}

Result<domain::SharingAgreement> AdminService::CreateAgreement(const Actor& actor,
                                                               domain::SharingAgreement a) {
  if (Status s = access_.Require(actor, "agreement.admin"); !s.ok()) return s.error();
  if (Status s = access::ValidateAgreement(a); !s.ok()) return s.error();
  Status wrote = store_.Write([&](store::WriteTx& tx) -> Status {
    std::vector<FieldError> errors;
    for (const auto& [field, id] :
         {std::pair{"from_agency", a.from_agency_id}, std::pair{"to_agency", a.to_agency_id}}) {
      auto agency = tx.GetAgency(id);
      if (!agency.ok() && agency.error().code != ErrorCode::kNotFound) return agency.status();
      if (!agency.ok()) errors.push_back({field, "is not a known agency"});
    }
    if (!errors.empty()) return InvalidArgument("the agreement is not valid", errors);
    a.id = domain::NewId();
    a.created_at = domain::FormatTimestamp(clock_());
    a.created_by = actor.user_id;
    if (Status s = tx.InsertAgreement(a); !s.ok()) {
      if (s.error().code == ErrorCode::kConflict) {
        return InvalidArgument("the agreement is not valid", {{"code", "is taken"}});
      }
      return s;
    }
    return Append(tx, actor, "agreement.create", "agreement", a.id, clock_(), a.purpose);
  });
  access_.InvalidateAgreements();
  if (!wrote.ok()) return wrote.error();
  return a;
}

Result<domain::Id> AdminService::OwnerOf(store::ReadTx& tx, const std::string& record_type,
                                         const domain::Id& record_id) const {
  if (!domain::IsWellFormedId(record_id)) return NotFound("no such " + record_type);
  if (record_type == "report") {
    auto r = tx.GetReport(record_id);
    if (!r.ok()) return r.error();
    return r->force_id;
  }
  if (record_type == "person") {
    auto p = tx.GetPerson(record_id);
    if (!p.ok()) return p.error();
    return p->agency_id;
  }
  if (record_type == "screening") {
    auto s = tx.GetScreening(record_id);
    if (!s.ok()) return s.error();
    auto r = tx.GetReport(s->report_id);
    if (!r.ok()) return r.error();
    return r->force_id;
  }
  return InvalidArgument("the record type is not valid",
                         {{"record_type", "must be report, person or screening"}});
}

Result<domain::EmergencyGrant> AdminService::OpenEmergencyAccess(const Actor& actor,
                                                                 const NewEmergencyAccess& in) {
  if (Status s = access_.Require(actor, "emergency.open"); !s.ok()) return s.error();
  if (in.reason.size() < 10 || in.reason.size() > 2000) {
    return InvalidArgument("the request is not valid",
                           {{"reason", "say why, in 10 to 2000 characters"}});
  }
  if (in.record_type != "report" && in.record_type != "person") {
    return InvalidArgument("the request is not valid",
                           {{"record_type", "must be report or person"}});
  }
  domain::EmergencyGrant g;
  Status wrote = store_.Write([&](store::WriteTx& tx) -> Status {
    auto owner = OwnerOf(tx, in.record_type, in.record_id);
    if (!owner.ok()) return owner.status();
    if (*owner == actor.agency_id) {
      return InvalidArgument("the request is not valid",
                             {{"record_id", "is your own agency's record: open it directly"}});
    }
    const int64_t now = clock_();
    g.id = domain::NewId();
    g.user_id = actor.user_id;
    g.agency_id = actor.agency_id;
    g.record_type = in.record_type;
    g.record_id = in.record_id;
    g.owner_agency_id = *owner;
    g.reason = in.reason;
    g.granted_at = domain::FormatTimestamp(now);
    g.expires_at = domain::FormatTimestamp(now + kEmergencyHours * 3600);
    if (Status s = tx.InsertEmergencyGrant(g); !s.ok()) return s;
    return Append(tx, actor, "emergency.open", in.record_type.c_str(), in.record_id, now,
                  in.reason);
  });
  if (!wrote.ok()) return wrote.error();
  return g;
}

Result<std::vector<domain::EmergencyGrant>> AdminService::EmergencyQueue(const Actor& actor) {
  if (Status s = access_.Require(actor, "emergency.review"); !s.ok()) return s.error();
  store::EmergencyGrantFilter filter;
  filter.awaiting_review_only = true;
  filter.limit = 500;
  if (actor.role != "admin") filter.owner_agency_id = actor.agency_id;
  std::vector<domain::EmergencyGrant> out;
  const Status read = store_.Read([&](store::ReadTx& tx) {
    auto g = tx.ListEmergencyGrants(filter);
    if (g.ok()) out = std::move(*g);
    return g.status();
  });
  if (!read.ok()) return read.error();
  return out;
}

Status AdminService::ReviewEmergencyAccess(const Actor& actor, const domain::Id& grant_id,
                                           const std::string& note) {
  if (Status s = access_.Require(actor, "emergency.review"); !s.ok()) return s;
  if (note.empty() || note.size() > 2000) {
    return InvalidArgument("the review is not valid", {{"note", "must be 1 to 2000 characters"}});
  }
  if (!domain::IsWellFormedId(grant_id)) return NotFound("no such emergency access");
  return store_.Write([&](store::WriteTx& tx) -> Status {
    auto g = tx.GetEmergencyGrant(grant_id);
    if (!g.ok()) return g.status();
    if (actor.role != "admin" && g->owner_agency_id != actor.agency_id) {
      return NotFound("no such emergency access");
    }
    if (!g->reviewed_at.empty()) return Conflict("this emergency access was reviewed already");
    const int64_t now = clock_();
    if (Status s =
            tx.ReviewEmergencyGrant(grant_id, actor.user_id, domain::FormatTimestamp(now), note);
        !s.ok()) {
      return s;
    }
    return Append(tx, actor, "emergency.review", "emergency_grant", grant_id, now);
  });
}

Result<std::vector<domain::AuditEntry>> AdminService::RecordAudit(const Actor& actor,
                                                                  const std::string& record_type,
                                                                  const domain::Id& record_id,
                                                                  int64_t after_seq, size_t limit) {
  if (Status s = access_.Require(actor, "audit.read"); !s.ok()) return s.error();
  if (limit == 0 || limit > 500) {
    return InvalidArgument("the query is not valid", {{"limit", "must be between 1 and 500"}});
  }
  // Reads audited a moment ago may still be queued: write them first.
  if (Status s = store_.FlushAudit(); !s.ok()) return s.error();
  std::vector<domain::AuditEntry> out;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    if (actor.role != "admin") {
      auto owner = OwnerOf(tx, record_type, record_id);
      if (!owner.ok()) return owner.status();
      if (*owner != actor.agency_id) return NotFound("no such " + record_type);
    }
    store::AuditFilter filter;
    filter.record_type = record_type;
    filter.record_id = record_id;
    filter.after_seq = after_seq;
    filter.limit = limit;
    auto entries = tx.ListAudit(filter);
    if (entries.ok()) out = std::move(*entries);
    return entries.status();
  });
  if (!read.ok()) return read.error();
  const Status audited = AuditRead(store_, actor, "audit.read", record_type, record_id, clock_());
  if (!audited.ok()) return audited.error();
  return out;
}

}  // namespace threadline::services
