#include "services/session_service.hpp"

#include <algorithm>

#include "access/password.hpp"
#include "access/session_token.hpp"
#include "access/totp.hpp"
#include "domain/awaiter.hpp"
#include "domain/datetime.hpp"
#include "services/audit.hpp"

namespace threadline::services {
namespace {

constexpr const char* kGenericFailure = "the user name or password is not right";

// A hash to verify against when the user does not exist, so an unknown user
// costs as much time as a wrong password and cannot be told apart by timing.
const std::string& DecoyHash() {
  static const std::string kHash = [] {
    // Not run aside: a fiber set aside inside a static's initialisation
    // would leave the other callers blocking their threads until it ends.
    const KeepThread once_per_process;
    auto h = access::HashPassword(access::NewSecretToken(), access::DefaultPasswordCost());
    return h.ok() ? *h : std::string();
  }();
  return kHash;
}

Actor ActorForUser(const domain::User& user, const std::string& request_id,
                   const std::string& source) {
  return {user.id, user.agency_id, user.role, request_id, source, {}};
}

}  // namespace

bool SessionService::AddressThrottled(const std::string& source, int64_t now) {
  std::lock_guard lock(throttle_mutex_);
  auto& times = attempts_by_address_[source];
  while (!times.empty() && times.front() <= now - 60) times.pop_front();
  if (static_cast<int>(times.size()) >= options_.attempts_per_address_per_minute) return true;
  times.push_back(now);
  // Forget quiet addresses so the map cannot grow without bound.
  if (attempts_by_address_.size() > 100000) {
    std::erase_if(attempts_by_address_, [&](const auto& kv) {
      return kv.second.empty() || kv.second.back() <= now - 60;
    });
  }
  return false;
}

Status SessionService::AuditAttempt(const LoginRequest& request, const domain::User* user,
                                    const std::string& action, const std::string& note,
                                    int64_t now) {
  Actor actor = Actor::Anonymous(request.request_id, request.source);
  if (user != nullptr) actor = ActorForUser(*user, request.request_id, request.source);
  return store_.Write([&](store::WriteTx& tx) {
    return tx
        .AppendAudit(
            MakeAuditEntry(actor, action, "user", user != nullptr ? user->id : "", now, note))
        .status();
  });
}

Result<SignedIn> SessionService::Login(const LoginRequest& request) {
  const int64_t now = clock_();
  if (AddressThrottled(request.source, now)) {
    (void)AuditAttempt(request, nullptr, "session.login_throttled", "too many from this address",
                       now);
    return RateLimited("too many sign-in attempts from this address; wait a minute");
  }
  domain::User user;
  bool found = false;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto u = tx.GetUserByName(request.username);
    if (!u.ok() && u.error().code != ErrorCode::kNotFound) return u.status();
    found = u.ok();
    if (found) user = std::move(*u);
    return Status::Ok();
  });
  if (!read.ok()) return read.error();

  if (!found || user.password_hash.empty()) {
    (void)access::VerifyPassword(request.password, DecoyHash());
    if (Status s = AuditAttempt(request, found ? &user : nullptr, "session.login_failed",
                                found ? "no password set" : "unknown user name", now);
        !s.ok()) {
      return s.error();
    }
    return Unauthenticated(kGenericFailure);
  }
  if (user.locked) {
    (void)access::VerifyPassword(request.password, DecoyHash());
    if (Status s = AuditAttempt(request, &user, "session.login_failed", "account locked", now);
        !s.ok()) {
      return s.error();
    }
    return Unauthenticated(kGenericFailure);
  }
  if (user.failed_logins >= options_.free_failures) {
    const int excess = std::min(user.failed_logins - options_.free_failures, 20);
    const int64_t wait = std::min<int64_t>(int64_t{1} << excess, options_.max_backoff);
    if (now - user.last_failed_at < wait) {
      if (Status s =
              AuditAttempt(request, &user, "session.login_throttled", "account back-off", now);
          !s.ok()) {
        return s.error();
      }
      // The same answer as a wrong password: a distinct one would tell an
      // attacker which user names exist.
      return Unauthenticated(kGenericFailure);
    }
  }

  bool password_ok = access::VerifyPassword(request.password, user.password_hash);
  std::string failure = "wrong password";
  bool second_factor_missing = false;
  if (password_ok) {
    if (user.totp_secret.empty() && user.role == "admin") {
      password_ok = false;
      failure = "administrator without a second factor";
      second_factor_missing = true;
    } else if (!user.totp_secret.empty()) {
      int64_t step = 0;
      bool code_ok = access::VerifyTotp(user.totp_secret, request.totp_code, now, 1, &step);
      if (code_ok) {
        std::lock_guard lock(throttle_mutex_);
        auto& last = last_totp_step_[user.id];
        code_ok = step > last;
        if (code_ok) last = step;
      }
      if (!code_ok) {
        password_ok = false;
        failure = request.totp_code.empty() ? "second factor missing" : "wrong second factor";
        second_factor_missing = request.totp_code.empty();
      }
    }
  }

  if (!password_ok) {
    const int failures = user.failed_logins + 1;
    const bool lock = failures >= options_.lock_after_failures;
    Status wrote = store_.Write([&](store::WriteTx& tx) -> Status {
      if (Status s = tx.SetUserLoginState(user.id, failures, now, lock); !s.ok()) return s;
      return tx
          .AppendAudit(MakeAuditEntry(ActorForUser(user, request.request_id, request.source),
                                      lock ? "session.login_locked" : "session.login_failed",
                                      "user", user.id, now, failure))
          .status();
    });
    if (!wrote.ok()) return wrote.error();
    if (lock) cache_.ForgetUser(user.id);  // its sessions end now
    if (second_factor_missing && user.role != "admin") {
      // The password was right: asking for the code reveals no more than
      // the sign-in page of any two-step service does.
      return Unauthenticated("enter the code from your authenticator app");
    }
    return Unauthenticated(kGenericFailure);
  }

  SignedIn out;
  out.token = access::NewSecretToken();
  out.csrf_token = access::NewSecretToken();
  out.idle_timeout = options_.idle_timeout;
  const domain::Session session{
      access::HashToken(out.token), user.id, out.csrf_token, now, now, request.source};
  Status wrote = store_.Write([&](store::WriteTx& tx) -> Status {
    if (Status s = tx.SetUserLoginState(user.id, 0, 0, false); !s.ok()) return s;
    if (Status s = tx.InsertSession(session); !s.ok()) return s;
    return tx
        .AppendAudit(MakeAuditEntry(ActorForUser(user, request.request_id, request.source),
                                    "session.login", "user", user.id, now))
        .status();
  });
  if (!wrote.ok()) return wrote.error();
  user.password_hash.clear();
  user.totp_secret.clear();
  out.user = std::move(user);
  return out;
}

Result<Authenticated> SessionService::AuthenticateSession(std::string_view token,
                                                          const std::string& request_id,
                                                          const std::string& source) {
  if (!access::IsWellFormedToken(token)) return Unauthenticated("sign in to continue");
  const std::string hash = access::HashToken(token);
  const int64_t now = clock_();
  std::optional<SessionCache::Entry> cached = cache_.Find(hash, now);
  if (!cached) {
    SessionCache::Entry read_now;
    read_now.read_at = now;
    const uint64_t generation = cache_.generation();
    const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
      auto s = tx.GetSession(hash);
      if (!s.ok()) return s.status();
      read_now.session = std::move(*s);
      auto u = tx.GetUser(read_now.session.user_id);
      if (!u.ok()) return u.status();
      read_now.user = std::move(*u);
      return Status::Ok();
    });
    if (!read.ok()) {
      if (read.error().code == ErrorCode::kNotFound) return Unauthenticated("sign in to continue");
      return read.error();
    }
    // Secrets need not stay in memory for this.
    read_now.user.password_hash.clear();
    read_now.user.totp_secret.clear();
    cache_.Put(hash, read_now, generation);
    cached = std::move(read_now);
  }
  domain::Session& session = cached->session;
  const domain::User& user = cached->user;
  const bool idle = now - session.last_seen_at > options_.idle_timeout;
  const bool too_old = now - session.created_at > options_.absolute_timeout;
  if (idle || too_old || user.locked) {
    (void)store_.Write([&](store::WriteTx& tx) -> Status {
      if (Status s = tx.DeleteSession(hash); !s.ok()) return s;
      return tx
          .AppendAudit(MakeAuditEntry(ActorForUser(user, request_id, source), "session.expired",
                                      "user", user.id, now,
                                      user.locked ? "account locked"
                                      : idle      ? "idle timeout"
                                                  : "absolute timeout"))
          .status();
    });
    cache_.ForgetSession(hash);
    return Unauthenticated("your session has ended; sign in again");
  }
  // Refreshing at most once a minute keeps reads from turning into writes.
  if (now - session.last_seen_at >= 60) {
    const uint64_t generation = cache_.generation();
    if (store_.Write([&](store::WriteTx& tx) { return tx.TouchSession(hash, now); }).ok()) {
      session.last_seen_at = now;
      cache_.Put(hash, *cached, generation);
    }
  }
  Authenticated out;
  out.actor = ActorForUser(user, request_id, source);
  out.csrf_token = session.csrf_token;
  out.via_cookie = true;
  out.token_hash = hash;
  return out;
}

Result<Authenticated> SessionService::AuthenticateBearer(std::string_view token,
                                                         const std::string& request_id,
                                                         const std::string& source) {
  if (!access::IsWellFormedToken(token)) return Unauthenticated("the bearer token is not valid");
  const std::string hash = access::HashToken(token);
  Result<domain::ServiceToken> found = NotFound("no such token");
  const Status read = store_.Read([&](store::ReadTx& tx) {
    found = tx.GetServiceToken(hash);
    return found.status();
  });
  if (!read.ok()) {
    if (read.error().code == ErrorCode::kNotFound) {
      return Unauthenticated("the bearer token is not valid");
    }
    return read.error();
  }
  if (!found->revoked_at.empty()) return Unauthenticated("the bearer token is not valid");
  Authenticated out;
  out.actor = {found->id, found->agency_id, "service", request_id, source, found->actions};
  return out;
}

// Each forgets what it ended only after the commit: a read begun before it
// then keeps nothing, and one begun after it reads the session gone.
Status SessionService::Logout(const Authenticated& who) {
  const int64_t now = clock_();
  Status wrote = store_.Write([&](store::WriteTx& tx) -> Status {
    if (Status s = tx.DeleteSession(who.token_hash); !s.ok()) return s;
    return tx
        .AppendAudit(MakeAuditEntry(who.actor, "session.logout", "user", who.actor.user_id, now))
        .status();
  });
  cache_.ForgetSession(who.token_hash);
  return wrote;
}

Status SessionService::LogoutEverywhere(const Authenticated& who) {
  const int64_t now = clock_();
  Status wrote = store_.Write([&](store::WriteTx& tx) -> Status {
    if (Status s = tx.DeleteUserSessions(who.actor.user_id); !s.ok()) return s;
    return tx
        .AppendAudit(
            MakeAuditEntry(who.actor, "session.logout_everywhere", "user", who.actor.user_id, now))
        .status();
  });
  cache_.ForgetUser(who.actor.user_id);
  return wrote;
}

}  // namespace threadline::services
