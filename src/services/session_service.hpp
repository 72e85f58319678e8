#pragma once
// Signing in and out, and turning a session cookie or bearer token into the
// actor behind a request.
//
// Promises:
//  - a failed sign-in says only "the user name or password is not right",
//    whatever failed (unknown user, wrong password, locked account), and
//    takes about as long either way;
//  - every attempt, good or bad, appends one audit record;
//  - per address: at most `attempts_per_address_per_minute` attempts, then
//    kRateLimited; per account: after `free_failures` consecutive failures
//    each further attempt must wait an exponentially growing back-off (an
//    attempt inside it fails like a wrong password, unchecked), and
//    after `lock_after_failures` the account is locked until an
//    administrator clears it;
//  - tokens are 256-bit random values; only their hashes are stored; a new
//    session (and CSRF token) is issued on every sign-in;
//  - a session ends after `idle_timeout` without use or `absolute_timeout`
//    after sign-in, whichever comes first;
//  - administrators must use a second factor (TOTP).

#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "domain/records.hpp"
#include "domain/result.hpp"
#include "services/access_control.hpp"
#include "services/actor.hpp"
#include "services/clock.hpp"
#include "services/session_cache.hpp"
#include "store/store.hpp"

namespace threadline::services {

struct SessionOptions {
  int64_t idle_timeout = int64_t{30} * 60;
  int64_t absolute_timeout = int64_t{12} * 3600;
  int attempts_per_address_per_minute = 30;
  int free_failures = 3;
  int lock_after_failures = 10;
  int64_t max_backoff = int64_t{15} * 60;
};

struct LoginRequest {
  std::string username;
  std::string password;
  std::string totp_code;  // empty when not given
  std::string source;     // remote address
  std::string request_id;
};

struct SignedIn {
  std::string token;       // goes in the session cookie, never stored
  std::string csrf_token;  // sent back in X-CSRF-Token on every write
  domain::User user;
  int64_t idle_timeout = 0;
};

// The result of authenticating a request.
struct Authenticated {
  Actor actor;
  std::string csrf_token;  // empty for bearer tokens (not sent by browsers)
  bool via_cookie = false;
  std::string token_hash;  // the session's, for sign-out
};

class SessionService {
 public:
  SessionService(store::Store& store, const AccessControl& access, Clock clock,
                 SessionOptions options = {})
      : store_(store), access_(access), clock_(std::move(clock)), options_(options) {}

  // kUnauthenticated (generic message) or kRateLimited; see above.
  Result<SignedIn> Login(const LoginRequest& request);

  // Ends the session of this request.
  Status Logout(const Authenticated& who);
  // Ends every session of the actor's user ("sign out everywhere").
  Status LogoutEverywhere(const Authenticated& who);

  // From the session cookie's token. kUnauthenticated when it is missing,
  // malformed, unknown, expired, or the user is locked.
  Result<Authenticated> AuthenticateSession(std::string_view token, const std::string& request_id,
                                            const std::string& source);
  // From an `Authorization: Bearer` service token.
  Result<Authenticated> AuthenticateBearer(std::string_view token, const std::string& request_id,
                                           const std::string& source);

  const SessionOptions& options() const { return options_; }
  // The sessions recently read; whatever ends sessions or changes users
  // elsewhere in this process tells it (AdminService does).
  SessionCache& cache() { return cache_; }

 private:
  // True when `source` has made too many attempts in the last minute.
  bool AddressThrottled(const std::string& source, int64_t now);
  Status AuditAttempt(const LoginRequest& request, const domain::User* user,
                      const std::string& action, const std::string& note, int64_t now);

  store::Store& store_;
  const AccessControl& access_;
  Clock clock_;
  SessionOptions options_;
  std::mutex throttle_mutex_;
  std::map<std::string, std::deque<int64_t>> attempts_by_address_;
  std::map<domain::Id, int64_t> last_totp_step_;  // refuses a code replayed in its window
  SessionCache cache_;
};

}  // namespace threadline::services
