#pragma once
// Administration and oversight use cases: users (create, unlock, change
// role), service-account tokens, information-sharing agreements, emergency
// ("break the glass") access and its review, and the audit trail of a record.
// Every call checks the actor's actions and appends audit in the same
// transaction as its write.

#include <string>
#include <vector>

#include "access/password.hpp"
#include "domain/records.hpp"
#include "domain/result.hpp"
#include "services/access_control.hpp"
#include "services/actor.hpp"
#include "services/clock.hpp"
#include "services/session_cache.hpp"
#include "store/store.hpp"

namespace threadline::services {

struct NewUser {
  std::string username;
  std::string display_name;
  std::string role;
  std::string agency_code;
  std::string password;
};

struct IssuedToken {
  domain::ServiceToken token;
  std::string secret;  // shown once; only its hash is kept
};

struct NewEmergencyAccess {
  std::string record_type;  // report, person
  domain::Id record_id;
  std::string reason;
};

class AdminService {
 public:
  // `sessions`, when given, learns at once of the sessions this ends and
  // the users it changes (else they take effect within its second).
  AdminService(store::Store& store, const AccessControl& access, Clock clock,
               access::PasswordCost cost, SessionCache* sessions = nullptr)
      : store_(store),
        access_(access),
        clock_(std::move(clock)),
        cost_(cost),
        sessions_(sessions) {}

  // Users, without password hashes or second-factor secrets.
  Result<std::vector<domain::User>> ListUsers(const Actor& actor);
  // What each role may do, from the roles table in force (user.admin).
  struct RoleGrants {
    std::string role;
    std::vector<std::string> actions;  // sorted
  };
  Result<std::vector<RoleGrants>> ListRoles(const Actor& actor) const;
  // kInvalidArgument naming each bad field (weak password included).
  // Administrators get a second-factor secret at once (they cannot sign in
  // without one): the returned user carries it, this once.
  Result<domain::User> CreateUser(const Actor& actor, const NewUser& input);
  // Clears a lock and the failure count.
  Status UnlockUser(const Actor& actor, const domain::Id& user_id);
  // A privilege change ends every session of the user.
  Status SetRole(const Actor& actor, const domain::Id& user_id, const std::string& role);

  Result<std::vector<domain::ServiceToken>> ListTokens(const Actor& actor);
  Result<IssuedToken> IssueToken(const Actor& actor, const std::string& name,
                                 const std::string& agency_code,
                                 const std::vector<std::string>& actions);
  Status RevokeToken(const Actor& actor, const domain::Id& token_id);

  Result<std::vector<domain::SharingAgreement>> ListAgreements(const Actor& actor);
  // `agreement` names agencies by id; kInvalidArgument for unknown ones.
  Result<domain::SharingAgreement> CreateAgreement(const Actor& actor,
                                                   domain::SharingAgreement agreement);

  // Opens one record outside the actor's scope for `hours` with a reason.
  // kNotFound when there is no such record (same as for one not theirs);
  // kInvalidArgument without a reason of at least 10 characters.
  Result<domain::EmergencyGrant> OpenEmergencyAccess(const Actor& actor,
                                                     const NewEmergencyAccess& input);
  // The review queue: grants on the actor's agency's records awaiting review
  // (administrators: every agency's).
  Result<std::vector<domain::EmergencyGrant>> EmergencyQueue(const Actor& actor);
  Status ReviewEmergencyAccess(const Actor& actor, const domain::Id& grant_id,
                               const std::string& note);

  // Who has consulted or changed one record. For administrators, and for
  // the owning agency's holders of audit.read.
  Result<std::vector<domain::AuditEntry>> RecordAudit(const Actor& actor,
                                                      const std::string& record_type,
                                                      const domain::Id& record_id,
                                                      int64_t after_seq, size_t limit);

  static constexpr int64_t kEmergencyHours = 4;

 private:
  // The owning agency of a record, or kNotFound.
  Result<domain::Id> OwnerOf(store::ReadTx& tx, const std::string& record_type,
                             const domain::Id& record_id) const;

  store::Store& store_;
  const AccessControl& access_;
  Clock clock_;
  access::PasswordCost cost_;
  SessionCache* sessions_;
};

}  // namespace threadline::services
