#include "services/session_service.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "../../tests/support/store_lookup.hpp"
#include "../../tests/support/temp_dir.hpp"
#include "access/password.hpp"
#include "access/session_token.hpp"
#include "access/totp.hpp"
#include "services/access_control.hpp"
#include "services/admin_service.hpp"
#include "services/seed.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::services {
namespace {

constexpr const char* kPassword = "a perfectly good pass phrase";
constexpr const char* kTotpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
constexpr const char* kGeneric = "the user name or password is not right";
constexpr int64_t kStart = 1'780'000'020;  // 2026-05-28, on a 30-second step boundary

// Passes every call through, counting them, so a test can prove that junk
// was refused before the database was asked.
class CountingStore : public store::Store {
 public:
  explicit CountingStore(store::Store& inner) : inner_(inner) {}
  Status Read(const std::function<Status(store::ReadTx&)>& fn) override {
    ++reads;
    return inner_.Read(fn);
  }
  Status Write(const std::function<Status(store::WriteTx&)>& fn) override {
    ++writes;
    return inner_.Write(fn);
  }
  Status Ping() override { return inner_.Ping(); }
  std::string_view backend() const override { return inner_.backend(); }

  int reads = 0;
  int writes = 0;

 private:
  store::Store& inner_;
};

class SessionServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::OpenSqlite({dir_.File("s.db")});
    ASSERT_TRUE(opened.ok());
    store_ = std::move(*opened);
    ASSERT_TRUE(SeedAgencies(*store_, refdata::RefData()).ok());
    // One user per role; the administrator has a second factor.
    ASSERT_TRUE(SeedDemoUsers(*store_, refdata::RefData(), kPassword, access::MinimumPasswordCost(),
                              kTotpSecret)
                    .ok());
    auto access = AccessControl::Load(refdata::RefData(), clock_);
    ASSERT_TRUE(access.ok()) << access.error().message;
    access_ = std::make_unique<AccessControl>(std::move(*access));
    counting_ = std::make_unique<CountingStore>(*store_);
    UseOptions({});
    const domain::User admin = UserNamed("admin");
    admin_ = {admin.id, admin.agency_id, "admin", "req-admin", "test", {}};
  }

  void UseOptions(SessionOptions options) {
    sessions_ = std::make_unique<SessionService>(*counting_, *access_, clock_, options);
  }

  AdminService Admin() {
    return AdminService(*store_, *access_, clock_, access::MinimumPasswordCost(),
                        &sessions_->cache());
  }

  static LoginRequest Attempt(const std::string& username, const std::string& password,
                              const std::string& source = "10.0.0.1",
                              const std::string& totp = "") {
    return {username, password, totp, source, "req-login"};
  }

  Result<SignedIn> Login(const std::string& username, const std::string& password = kPassword,
                         const std::string& source = "10.0.0.1") {
    return sessions_->Login(Attempt(username, password, source));
  }

  Result<Authenticated> Auth(const std::string& token) {
    return sessions_->AuthenticateSession(token, "req-auth", "10.0.0.1");
  }

  domain::User UserNamed(const std::string& name) {
    domain::User user;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTx& tx) {
                      auto u = tx.GetUserByName(name);
                      if (u.ok()) user = *u;
                      return u.status();
                    })
                    .ok())
        << name;
    return user;
  }

  Result<domain::Session> StoredSession(const std::string& token_hash) {
    Result<domain::Session> out = NotFound("unread");
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTx& tx) {
                      out = tx.GetSession(token_hash);
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  int64_t SessionCount() {
    int64_t n = -1;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTx& tx) {
                      auto c = tx.Count(store::Table::kSessions);
                      n = c.ok() ? *c : -1;
                      return c.status();
                    })
                    .ok());
    return n;
  }

  std::vector<domain::AuditEntry> Audit(const std::string& action) {
    return testing::AuditOf(*store_, action);
  }

  std::vector<std::string> AuditPurposes(const std::string& action) {
    std::vector<std::string> out;
    for (const auto& e : Audit(action)) out.push_back(e.purpose);
    return out;
  }

  std::string ReadDatabaseBytes() {
    std::string all;
    for (const char* suffix : {"", "-wal"}) {
      std::ifstream in(dir_.File(std::string("s.db") + suffix), std::ios::binary);
      std::stringstream s;
      s << in.rdbuf();
      all += s.str();
    }
    return all;
  }

  static void ExpectGenericFailure(const Result<SignedIn>& r, const std::string& what) {
    ASSERT_FALSE(r.ok()) << what;
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated) << what;
    EXPECT_EQ(r.error().message, kGeneric) << what;
  }

  static void ExpectCode(const Result<SignedIn>& r, ErrorCode code, const std::string& what) {
    ASSERT_FALSE(r.ok()) << what;
    EXPECT_EQ(r.error().code, code) << what << ": " << r.error().message;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<CountingStore> counting_;
  int64_t now_ = kStart;
  Clock clock_ = [this] { return now_; };
  std::unique_ptr<AccessControl> access_;
  std::unique_ptr<SessionService> sessions_;
  Actor admin_;
};

TEST_F(SessionServiceTest, SignInIssuesRandomTokensAndStoresOnlyTheirHash) {
  const domain::User officer = UserNamed("officer");
  auto in = Login("officer");
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(in->token.size(), 43u);
  EXPECT_TRUE(access::IsWellFormedToken(in->token));
  EXPECT_EQ(in->csrf_token.size(), 43u);
  EXPECT_NE(in->token, in->csrf_token);
  EXPECT_EQ(in->user.id, officer.id);
  EXPECT_TRUE(in->user.password_hash.empty());
  EXPECT_EQ(in->idle_timeout, sessions_->options().idle_timeout);

  const std::string hash = access::HashToken(in->token);
  auto stored = StoredSession(hash);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->token_hash, hash);
  EXPECT_NE(stored->token_hash, in->token);
  EXPECT_EQ(stored->user_id, officer.id);
  EXPECT_EQ(stored->csrf_token, in->csrf_token);
  EXPECT_EQ(stored->created_at, kStart);
  EXPECT_EQ(stored->last_seen_at, kStart);
  EXPECT_EQ(stored->source, "10.0.0.1");
  // The token itself is no key of any session, and is nowhere in the file.
  EXPECT_EQ(StoredSession(in->token).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(SessionCount(), 1);
  const std::string bytes = ReadDatabaseBytes();
  EXPECT_NE(bytes.find(hash), std::string::npos);  // the search does see the session row
  EXPECT_EQ(bytes.find(in->token), std::string::npos);

  const auto logins = Audit("session.login");
  ASSERT_EQ(logins.size(), 1u);
  EXPECT_EQ(logins[0].actor_id, officer.id);
  EXPECT_EQ(logins[0].agency_id, officer.agency_id);
  EXPECT_EQ(logins[0].record_type, "user");
  EXPECT_EQ(logins[0].record_id, officer.id);
  EXPECT_EQ(logins[0].source, "10.0.0.1");
  EXPECT_EQ(logins[0].request_id, "req-login");

  auto who = Auth(in->token);
  ASSERT_TRUE(who.ok()) << who.error().message;
  EXPECT_EQ(who->actor.user_id, officer.id);
  EXPECT_EQ(who->actor.role, "officer");
  EXPECT_EQ(who->csrf_token, in->csrf_token);
  EXPECT_TRUE(who->via_cookie);
}

TEST_F(SessionServiceTest, EverySignInIssuesANewSessionAndCsrfToken) {
  auto first = Login("officer");
  auto second = Login("officer");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(first->token, second->token);
  EXPECT_NE(first->csrf_token, second->csrf_token);
  EXPECT_EQ(SessionCount(), 2);
  EXPECT_EQ(Auth(second->token)->csrf_token, second->csrf_token);
  EXPECT_EQ(Audit("session.login").size(), 2u);
}

TEST_F(SessionServiceTest, EveryFailureGivesTheSameAnswerAndIsAudited) {
  const domain::User lead = UserNamed("lead");
  ASSERT_TRUE(store_
                  ->Write([&](store::WriteTx& tx) {
                    return tx.SetUserLoginState(lead.id, 0, 0, /*locked=*/true);
                  })
                  .ok());
  ExpectGenericFailure(Login("officer", "not the password"), "wrong password");
  ExpectGenericFailure(Login("nobody-here"), "unknown user");
  ExpectGenericFailure(Login("lead"), "locked account, right password");
  EXPECT_EQ(SessionCount(), 0);

  const auto failed = Audit("session.login_failed");
  ASSERT_EQ(failed.size(), 3u);
  EXPECT_EQ(failed[0].purpose, "wrong password");
  EXPECT_EQ(failed[0].record_id, UserNamed("officer").id);
  EXPECT_EQ(failed[1].purpose, "unknown user name");
  EXPECT_EQ(failed[1].actor_id, "");
  EXPECT_EQ(failed[1].source, "10.0.0.1");
  EXPECT_EQ(failed[2].purpose, "account locked");
  EXPECT_EQ(failed[2].record_id, lead.id);
  // Only the wrong password counts against the account.
  EXPECT_EQ(UserNamed("officer").failed_logins, 1);
}

TEST_F(SessionServiceTest, AccountBacksOffAfterTheFreeFailures) {
  const int free = sessions_->options().free_failures;
  for (int i = 0; i < free; ++i) {
    ExpectGenericFailure(Login("officer", "guess " + std::to_string(i)), "free failure");
  }
  // Within the back-off even the right password is refused, and not counted.
  ExpectGenericFailure(Login("officer"), "within the back-off");
  EXPECT_EQ(UserNamed("officer").failed_logins, free);
  const auto throttled = Audit("session.login_throttled");
  ASSERT_EQ(throttled.size(), 1u);
  EXPECT_EQ(throttled[0].purpose, "account back-off");
  EXPECT_EQ(throttled[0].record_id, UserNamed("officer").id);

  // The first back-off is a second; each further failure doubles it.
  now_ += 1;
  ExpectGenericFailure(Login("officer", "guess again"), "after the first back-off");
  now_ += 1;
  ExpectGenericFailure(Login("officer"), "within the doubled back-off");
  now_ += 1;
  auto in = Login("officer");
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(UserNamed("officer").failed_logins, 0);
  EXPECT_EQ(Audit("session.login_throttled").size(), 2u);
}

TEST_F(SessionServiceTest, AccountLocksUntilAnAdministratorUnlocksIt) {
  SessionOptions options;
  options.max_backoff = 60;  // keeps the whole run inside one idle period
  UseOptions(options);
  auto earlier = Login("officer");
  ASSERT_TRUE(earlier.ok());
  const int lock_after = options.lock_after_failures;
  for (int i = 0; i < lock_after; ++i) {
    now_ += options.max_backoff;  // past any back-off
    if (i == lock_after - 1) {
      ASSERT_TRUE(Auth(earlier->token).ok());  // not locked yet, and kept for this second
    }
    ExpectGenericFailure(Login("officer", "guess " + std::to_string(i)), "failure");
  }
  // Within the same second: the lock ends the session at once.
  EXPECT_EQ(Auth(earlier->token).error().code, ErrorCode::kUnauthenticated);
  domain::User officer = UserNamed("officer");
  EXPECT_TRUE(officer.locked);
  ASSERT_EQ(Audit("session.login_locked").size(), 1u);
  EXPECT_EQ(Audit("session.login_failed").size(), static_cast<size_t>(lock_after - 1));

  now_ += options.max_backoff;
  ExpectGenericFailure(Login("officer"), "locked, right password");
  // A session from before the lock ends too.
  EXPECT_EQ(Auth(earlier->token).error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(AuditPurposes("session.expired"), std::vector<std::string>{"account locked"});

  const Actor lead{UserNamed("lead").id, officer.agency_id, "lead", "r", "test", {}};
  EXPECT_EQ(Admin().UnlockUser(lead, officer.id).error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(UserNamed("officer").locked);

  ASSERT_TRUE(Admin().UnlockUser(admin_, officer.id).ok());
  officer = UserNamed("officer");
  EXPECT_FALSE(officer.locked);
  EXPECT_EQ(officer.failed_logins, 0);
  EXPECT_EQ(Audit("user.unlock").size(), 1u);
  EXPECT_TRUE(Login("officer").ok());
}

TEST_F(SessionServiceTest, AddressLimitRefusesFurtherAttemptsForAMinute) {
  SessionOptions options;
  options.attempts_per_address_per_minute = 3;
  UseOptions(options);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Login("officer", kPassword, "10.9.9.9").ok());
  now_ += 59;
  ExpectCode(Login("lead", kPassword, "10.9.9.9"), ErrorCode::kRateLimited, "fourth in a minute");
  const auto throttled = Audit("session.login_throttled");
  ASSERT_EQ(throttled.size(), 1u);
  EXPECT_EQ(throttled[0].purpose, "too many from this address");
  EXPECT_EQ(throttled[0].source, "10.9.9.9");
  EXPECT_EQ(UserNamed("lead").failed_logins, 0);  // the account is not charged
  // Other addresses are not affected; the limit lifts a minute after.
  EXPECT_TRUE(Login("lead", kPassword, "10.9.9.10").ok());
  now_ += 1;
  EXPECT_TRUE(Login("lead", kPassword, "10.9.9.9").ok());
}

TEST_F(SessionServiceTest, IdleSessionEndsAndIsDeleted) {
  auto in = Login("officer");
  ASSERT_TRUE(in.ok());
  const int64_t idle = sessions_->options().idle_timeout;
  // Use keeps it alive past one idle period from sign-in.
  now_ += idle - 100;
  ASSERT_TRUE(Auth(in->token).ok());
  now_ += idle - 100;
  ASSERT_TRUE(Auth(in->token).ok());
  now_ += idle + 1;
  auto ended = Auth(in->token);
  ASSERT_FALSE(ended.ok());
  EXPECT_EQ(ended.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(StoredSession(access::HashToken(in->token)).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(SessionCount(), 0);
  EXPECT_EQ(AuditPurposes("session.expired"), std::vector<std::string>{"idle timeout"});
}

TEST_F(SessionServiceTest, SessionEndsAtTheAbsoluteTimeoutHoweverBusy) {
  auto in = Login("officer");
  ASSERT_TRUE(in.ok());
  const int64_t absolute = sessions_->options().absolute_timeout;
  const int64_t step = sessions_->options().idle_timeout / 2;
  for (now_ = kStart + step; now_ <= kStart + absolute; now_ += step) {
    ASSERT_TRUE(Auth(in->token).ok()) << now_ - kStart;
  }
  now_ = kStart + absolute + 1;
  EXPECT_EQ(Auth(in->token).error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(SessionCount(), 0);
  EXPECT_EQ(AuditPurposes("session.expired"), std::vector<std::string>{"absolute timeout"});
}

TEST_F(SessionServiceTest, LastSeenIsRefreshedAtMostOnceAMinute) {
  auto in = Login("officer");
  ASSERT_TRUE(in.ok());
  const std::string hash = access::HashToken(in->token);
  const int writes = counting_->writes;
  now_ += 30;
  ASSERT_TRUE(Auth(in->token).ok());
  EXPECT_EQ(StoredSession(hash)->last_seen_at, kStart);
  EXPECT_EQ(counting_->writes, writes);  // a read stays a read
  now_ = kStart + 60;
  ASSERT_TRUE(Auth(in->token).ok());
  EXPECT_EQ(StoredSession(hash)->last_seen_at, kStart + 60);
  EXPECT_EQ(counting_->writes, writes + 1);
  now_ = kStart + 119;
  ASSERT_TRUE(Auth(in->token).ok());
  EXPECT_EQ(StoredSession(hash)->last_seen_at, kStart + 60);
  EXPECT_EQ(counting_->writes, writes + 1);
}

// A session is read from the store once in a second however busy it is, and
// trusted for that second only: an end made behind this service's back (as
// by another process) takes effect by the next second.
TEST_F(SessionServiceTest, ABusySessionIsReadOnceASecondAndTrustedForThatSecondOnly) {
  auto in = Login("officer");
  ASSERT_TRUE(in.ok());
  const int reads = counting_->reads;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Auth(in->token).ok());
  EXPECT_EQ(counting_->reads, reads + 1);
  ASSERT_TRUE(store_
                  ->Write([&](store::WriteTx& tx) {
                    return tx.DeleteSession(access::HashToken(in->token));
                  })
                  .ok());
  EXPECT_TRUE(Auth(in->token).ok());
  now_ += 1;
  EXPECT_EQ(Auth(in->token).error().code, ErrorCode::kUnauthenticated);
}

TEST_F(SessionServiceTest, LogoutEndsOneSessionAndLogoutEverywhereEndsAll) {
  auto a = Login("officer");
  auto b = Login("officer");
  auto other = Login("lead");
  ASSERT_TRUE(a.ok() && b.ok() && other.ok());
  auto who_a = Auth(a->token);
  ASSERT_TRUE(who_a.ok());
  ASSERT_TRUE(sessions_->Logout(*who_a).ok());
  EXPECT_EQ(Auth(a->token).error().code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(Auth(b->token).ok());
  EXPECT_EQ(Audit("session.logout").size(), 1u);

  auto c = Login("officer");
  ASSERT_TRUE(c.ok());
  auto who_b = Auth(b->token);
  ASSERT_TRUE(who_b.ok());
  ASSERT_TRUE(sessions_->LogoutEverywhere(*who_b).ok());
  EXPECT_EQ(Auth(b->token).error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(Auth(c->token).error().code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(Auth(other->token).ok());  // another user's session stays
  EXPECT_EQ(SessionCount(), 1);
  EXPECT_EQ(Audit("session.logout_everywhere").size(), 1u);
}

TEST_F(SessionServiceTest, AdministratorsCannotSignInWithoutASecondFactor) {
  domain::User bare;
  bare.id = domain::NewId();
  bare.username = "admin-no-totp";
  bare.display_name = "Admin without a second factor";
  bare.role = "admin";
  bare.agency_id = admin_.agency_id;
  bare.password_hash = *access::HashPassword(kPassword, access::MinimumPasswordCost());
  ASSERT_TRUE(store_->Write([&](store::WriteTx& tx) { return tx.InsertUser(bare); }).ok());
  ExpectGenericFailure(Login("admin-no-totp"), "administrator without TOTP");
  ExpectGenericFailure(sessions_->Login(Attempt("admin-no-totp", kPassword, "10.0.0.1",
                                                access::TotpCode(kTotpSecret, now_))),
                       "administrator without TOTP, with a code");
  EXPECT_EQ(AuditPurposes("session.login_failed"),
            (std::vector<std::string>{"administrator without a second factor",
                                      "administrator without a second factor"}));
  EXPECT_EQ(SessionCount(), 0);
}

TEST_F(SessionServiceTest, AdministratorNeedsTheRightCodeOnceOnly) {
  const std::string code = access::TotpCode(kTotpSecret, now_);
  ASSERT_EQ(code.size(), 6u);
  std::string wrong = code;
  wrong[0] = wrong[0] == '9' ? '0' : static_cast<char>(wrong[0] + 1);

  ExpectGenericFailure(Login("admin"), "no code");
  ExpectGenericFailure(sessions_->Login(Attempt("admin", kPassword, "10.0.0.1", wrong)),
                       "wrong code");
  ExpectGenericFailure(sessions_->Login(Attempt("admin", "wrong password", "10.0.0.1", code)),
                       "right code, wrong password");
  now_ += 1;  // past the account's back-off, within the same step
  auto in = sessions_->Login(Attempt("admin", kPassword, "10.0.0.1", code));
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_TRUE(in->user.totp_secret.empty());  // never handed back

  // The same code again, even within its step, is refused.
  now_ += 4;
  ExpectGenericFailure(sessions_->Login(Attempt("admin", kPassword, "10.0.0.1", code)), "replay");
  EXPECT_EQ(AuditPurposes("session.login_failed"),
            (std::vector<std::string>{"second factor missing", "wrong second factor",
                                      "wrong password", "wrong second factor"}));
  // The next step's code works.
  now_ += access::kTotpStepSeconds;
  EXPECT_TRUE(
      sessions_->Login(Attempt("admin", kPassword, "10.0.0.1", access::TotpCode(kTotpSecret, now_)))
          .ok());
  EXPECT_EQ(Audit("session.login").size(), 2u);
}

TEST_F(SessionServiceTest, OtherUsersWithASecondFactorAreAskedForTheCode) {
  const domain::User lead = UserNamed("lead");
  ASSERT_TRUE(
      store_->Write([&](store::WriteTx& tx) { return tx.SetUserTotpSecret(lead.id, kTotpSecret); })
          .ok());
  auto asked = Login("lead");
  ASSERT_FALSE(asked.ok());
  EXPECT_EQ(asked.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(asked.error().message, "enter the code from your authenticator app");
  EXPECT_TRUE(
      sessions_->Login(Attempt("lead", kPassword, "10.0.0.1", access::TotpCode(kTotpSecret, now_)))
          .ok());
}

TEST_F(SessionServiceTest, ChangingARoleEndsTheUsersSessions) {
  const domain::User officer = UserNamed("officer");
  auto in = Login("officer");
  ASSERT_TRUE(in.ok());
  const Actor lead{UserNamed("lead").id, officer.agency_id, "lead", "r", "test", {}};
  EXPECT_EQ(Admin().SetRole(lead, officer.id, "lead").error().code, ErrorCode::kPermissionDenied);
  ASSERT_TRUE(Auth(in->token).ok());  // a refused change ends nothing

  ASSERT_TRUE(Admin().SetRole(admin_, officer.id, "lead").ok());
  EXPECT_EQ(Auth(in->token).error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(SessionCount(), 0);
  EXPECT_EQ(AuditPurposes("user.set_role"), std::vector<std::string>{"officer -> lead"});
  auto again = Login("officer");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(Auth(again->token)->actor.role, "lead");
}

TEST_F(SessionServiceTest, BearerTokensActAsAScopedServiceAccountUntilRevoked) {
  auto issued = Admin().IssueToken(admin_, "case feed", "met", {"report.read", "report.list"});
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  EXPECT_TRUE(access::IsWellFormedToken(issued->secret));
  auto who = sessions_->AuthenticateBearer(issued->secret, "req-b", "10.1.1.1");
  ASSERT_TRUE(who.ok()) << who.error().message;
  EXPECT_EQ(who->actor.role, "service");
  EXPECT_EQ(who->actor.user_id, issued->token.id);
  EXPECT_EQ(who->actor.agency_id, admin_.agency_id);  // the Met
  EXPECT_EQ(who->actor.scoped_actions, (std::vector<std::string>{"report.read", "report.list"}));
  EXPECT_EQ(who->actor.source, "10.1.1.1");
  EXPECT_FALSE(who->via_cookie);
  EXPECT_TRUE(who->csrf_token.empty());
  EXPECT_TRUE(access_->Allows(who->actor, "report.read"));
  EXPECT_FALSE(access_->Allows(who->actor, "report.create"));  // an officer's, not the token's
  // A bearer token is no session token, and a session token is no bearer token.
  EXPECT_EQ(Auth(issued->secret).error().code, ErrorCode::kUnauthenticated);
  auto in = Login("officer");
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(sessions_->AuthenticateBearer(in->token, "r", "s").error().code,
            ErrorCode::kUnauthenticated);

  ASSERT_TRUE(Admin().RevokeToken(admin_, issued->token.id).ok());
  auto revoked = sessions_->AuthenticateBearer(issued->secret, "req-b", "10.1.1.1");
  ASSERT_FALSE(revoked.ok());
  EXPECT_EQ(revoked.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(SessionServiceTest, TokensCannotHoldAdministrationOrAPractitionersJudgement) {
  for (const std::string action :
       {"user.admin", "agreement.admin", "token.admin", "emergency.open", "emergency.review",
        "link.decide", "findings.acknowledge", "retention.review"}) {
    auto issued = Admin().IssueToken(admin_, "feed", "met", {"report.read", action});
    ASSERT_FALSE(issued.ok()) << action;
    EXPECT_EQ(issued.error().code, ErrorCode::kInvalidArgument) << action;
  }
  EXPECT_TRUE(Admin().IssueToken(admin_, "feed", "met", {"findings.read", "link.read"}).ok());
}

TEST_F(SessionServiceTest, MalformedTokensAreRefusedWithoutAStoreRead) {
  const std::string good = access::NewSecretToken();
  const std::vector<std::string> junk = {
      "",
      "short",
      good + "A",                                 // one too long
      good.substr(0, 42),                         // one too short
      good.substr(0, 42) + "=",                   // padding
      good.substr(0, 42) + "/",                   // standard, not url-safe, base64
      std::string(43, '\0'),                      // NULs
      "' OR 1=1 --" + std::string(32, 'A'),       // SQL
      good.substr(0, 20) + " " + good.substr(21)  // a space
  };
  const int reads = counting_->reads;
  for (const auto& token : junk) {
    EXPECT_EQ(sessions_->AuthenticateBearer(token, "r", "s").error().code,
              ErrorCode::kUnauthenticated);
    EXPECT_EQ(Auth(token).error().code, ErrorCode::kUnauthenticated);
  }
  EXPECT_EQ(counting_->reads, reads);
  // A well-formed but unknown token is looked up, and refused.
  EXPECT_EQ(sessions_->AuthenticateBearer(good, "r", "s").error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(counting_->reads, reads + 1);
}

}  // namespace
}  // namespace threadline::services
