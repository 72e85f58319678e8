// Attacks on sign-in and sessions against the real server: forged and
// tampered credentials, cross-site writes without the CSRF token, malformed
// and oversized sign-in requests, credential stuffing, writing for another
// force, probing other agencies' ids, and personal data leaking into the log.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include <set>

#include "../support/shared_server_test.hpp"
#include "../support/store_lookup.hpp"
#include "access/session_token.hpp"
#include "domain/ids.hpp"

namespace threadline {
namespace {

using testing::HttpClient;
using testing::Reply;

constexpr const char* kCookiePrefix = "threadline_session=";

std::vector<domain::AuditEntry> AuditOf(const std::string& db, const std::string& action) {
  return testing::AuditOfFile(db, action);
}

void ExpectProblem(const Reply& reply, unsigned status, const std::string& type,
                   const std::string& what) {
  EXPECT_EQ(reply.status, status) << what << ": " << reply.body;
  EXPECT_EQ(reply.Header("content-type"), "application/problem+json") << what;
  if (reply.status == 0 || reply.body.empty()) return;
  const auto body = reply.Json().as_object();
  EXPECT_EQ(body.at("type").as_string(), "/problems/" + type) << what;
  EXPECT_FALSE(body.at("detail").as_string().empty()) << what;
}

void ExpectUnauthenticated(const Reply& reply, const std::string& what) {
  ExpectProblem(reply, 401, "unauthenticated", what);
  EXPECT_EQ(reply.Header("www-authenticate"), "Bearer realm=\"threadline\"") << what;
}

std::string LoginBody(const std::string& username, const std::string& password) {
  return boost::json::serialize(
      boost::json::object{{"username", username}, {"password", password}});
}

class SessionAbuseTest : public testing::SharedServerTest {
 protected:
  // Sign-ins from this suite all come from 127.0.0.1: the address limit is
  // tested on a server of its own below.
  static void SetUpTestSuite() { StartDemoServer({"--login-attempts-per-minute", "1000"}); }

  struct Stored {
    int64_t reports, persons;
    bool operator==(const Stored&) const = default;
  };
  static Stored Snapshot() {
    return {Count(store::Table::kReports), Count(store::Table::kPersons)};
  }

  static std::string Report(const std::string& force) {
    return R"({"force":")" + force + R"(","occurred_at":"2026-05-01T21:30:00Z",
      "summary":"Waited outside the victim's home.","behaviours":["following"],
      "parties":[{"role":"victim","person":{"given_name":"Ada","family_name":"Example"}},
                 {"role":"suspect","person":{"phones":["07700 900001"]}}]})";
  }

  // Issues a service token for the Met with `actions` through the admin API.
  static std::string IssueToken(const std::string& actions_json, std::string* id = nullptr) {
    HttpClient admin(server_->port());
    As(admin, "admin");
    const Reply issued =
        admin.Post("/api/v1/service-tokens",
                   R"({"name":"abuse test","agency":"met","actions":)" + actions_json + "}");
    EXPECT_EQ(issued.status, 201u) << issued.body;
    if (issued.status != 201) return {};
    if (id != nullptr) *id = std::string(issued.Json().at("id").as_string());
    return std::string(issued.Json().at("token").as_string());
  }

  static std::string Field(const Reply& r, const char* key) {
    return std::string(r.Json().at(key).as_string());
  }
};

TEST_F(SessionAbuseTest, ForgedTamperedAndGarbageSessionCookiesAreRefused) {
  HttpClient client(server_->port());
  const testing::Session real = testing::SignIn(client, "lead");
  ASSERT_EQ(real.cookie.rfind(kCookiePrefix, 0), 0u) << real.cookie;
  ASSERT_EQ(client.Get("/api/v1/reports").status, 200u);  // the real cookie works
  const std::string token = real.cookie.substr(std::string(kCookiePrefix).size());
  ASSERT_EQ(token.size(), 43u);
  std::string tampered = token;
  tampered[21] = tampered[21] == 'A' ? 'B' : 'A';

  const std::vector<std::string> cookies = {
      kCookiePrefix + access::NewSecretToken(),       // forged: random, well-formed
      kCookiePrefix + tampered,                       // one character changed
      kCookiePrefix + token.substr(0, 42),            // truncated
      kCookiePrefix + token + "A",                    // extended
      kCookiePrefix + access::HashToken(token),       // the stored hash, not the token
      std::string(kCookiePrefix) + "not-a-token",     // garbage
      std::string(kCookiePrefix) + "%00' OR '1'='1",  // injection attempts
      kCookiePrefix + std::string(4000, 'A'),         // long
      "other=1; " + (kCookiePrefix + access::NewSecretToken()),
      std::string(kCookiePrefix),  // empty
  };
  for (const auto& cookie : cookies) {
    HttpClient forger(server_->port());
    ExpectUnauthenticated(forger.Request("GET", "/api/v1/reports", "", "", {{"Cookie", cookie}}),
                          cookie.substr(0, 80));
  }
  // A forged cookie with a made-up CSRF token cannot write either.
  HttpClient forger(server_->port());
  const Stored before = Snapshot();
  ExpectUnauthenticated(
      forger.Request("POST", "/api/v1/reports", Report("met"), "application/json",
                     {{"Cookie", kCookiePrefix + tampered}, {"X-CSRF-Token", real.csrf}}),
      "tampered cookie, real CSRF token");
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(client.Get("/api/v1/reports").status, 200u);  // the real session is unharmed
}

TEST_F(SessionAbuseTest, ForgedAndRevokedBearerTokensAreRefused) {
  HttpClient user(server_->port());
  const testing::Session session = testing::SignIn(user, "lead");
  const std::string session_token = session.cookie.substr(std::string(kCookiePrefix).size());
  std::string id;
  const std::string real = IssueToken(R"(["report.read","report.list"])", &id);
  ASSERT_FALSE(real.empty());
  HttpClient client(server_->port());
  EXPECT_EQ(client.Request("GET", "/api/v1/reports", "", "", {{"Authorization", "Bearer " + real}})
                .status,
            200u);

  for (const std::string& header :
       {"Bearer " + access::NewSecretToken(), "Bearer " + session_token,
        "Bearer " + real.substr(0, 42) + (real[42] == 'A' ? "B" : "A"), std::string("Bearer "),
        std::string("Bearer garbage"), "Bearer " + access::HashToken(real)}) {
    HttpClient forger(server_->port());
    ExpectUnauthenticated(
        forger.Request("GET", "/api/v1/reports", "", "", {{"Authorization", header}}), header);
  }

  HttpClient admin(server_->port());
  As(admin, "admin");
  ASSERT_EQ(admin.Request("DELETE", "/api/v1/service-tokens/" + id).status, 204u);
  HttpClient revoked(server_->port());
  ExpectUnauthenticated(
      revoked.Request("GET", "/api/v1/reports", "", "", {{"Authorization", "Bearer " + real}}),
      "revoked token");
}

TEST_F(SessionAbuseTest, CookieWritesNeedThisSessionsCsrfToken) {
  HttpClient other(server_->port());
  const testing::Session other_session = testing::SignIn(other, "officer");
  HttpClient client(server_->port());
  As(client, "officer");
  client.SetDefaultHeader("X-CSRF-Token", "");
  const Stored before = Snapshot();

  ExpectProblem(client.Post("/api/v1/reports", Report("met")), 403, "permission-denied",
                "no CSRF token");
  const std::map<std::string, std::string> wrong_tokens = {
      {"random", access::NewSecretToken()},
      {"another session's", other_session.csrf},
      {"garbage", "x"},
  };
  for (const auto& [what, token] : wrong_tokens) {
    ExpectProblem(client.Request("POST", "/api/v1/reports", Report("met"), "application/json",
                                 {{"X-CSRF-Token", token}}),
                  403, "permission-denied", what + " CSRF token");
  }
  EXPECT_EQ(Snapshot(), before);
  // Signing out is a write too: without the token the session survives.
  ExpectProblem(client.Request("DELETE", "/api/v1/session"), 403, "permission-denied",
                "sign-out without CSRF token");
  EXPECT_EQ(client.Get("/api/v1/session").status, 200u);

  As(client, "officer");  // with the right token
  const Reply created = client.Post("/api/v1/reports", Report("met"));
  EXPECT_EQ(created.status, 201u) << created.body;
  EXPECT_EQ(Snapshot(), (Stored{before.reports + 1, before.persons + 2}));
}

TEST_F(SessionAbuseTest, BearerClientsWriteWithoutACsrfTokenWithinTheirScope) {
  const std::string writer = IssueToken(R"(["report.create","report.read"])");
  const std::string reader = IssueToken(R"(["report.read"])");
  ASSERT_FALSE(writer.empty() || reader.empty());
  const Stored before = Snapshot();

  HttpClient client(server_->port());
  client.SetDefaultHeader("Authorization", "Bearer " + writer);
  const Reply who = client.Get("/api/v1/session");
  ASSERT_EQ(who.status, 200u) << who.body;
  EXPECT_EQ(who.Json().at("role").as_string(), "service");
  const Reply created = client.Post("/api/v1/reports", Report("met"));
  EXPECT_EQ(created.status, 201u) << created.body;
  EXPECT_TRUE(created.Header("set-cookie").empty());
  EXPECT_EQ(Snapshot(), (Stored{before.reports + 1, before.persons + 2}));

  HttpClient narrow(server_->port());
  narrow.SetDefaultHeader("Authorization", "Bearer " + reader);
  ExpectProblem(narrow.Post("/api/v1/reports", Report("met")), 403, "permission-denied",
                "token without report.create");
  EXPECT_EQ(Snapshot(), (Stored{before.reports + 1, before.persons + 2}));
}

TEST_F(SessionAbuseTest, SessionCookieIsHttpOnlyStrictAndNotSecureOverPlainHttp) {
  const size_t logins = AuditOf(server_->db(), "session.login").size();
  HttpClient client(server_->port());
  const Reply r = client.Post("/api/v1/session", LoginBody("lead", testing::kDemoPassword));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(AuditOf(server_->db(), "session.login").size(), logins + 1);
  const std::string cookie = r.Header("set-cookie");
  ASSERT_EQ(cookie.rfind(kCookiePrefix, 0), 0u) << cookie;
  const std::string token = cookie.substr(std::string(kCookiePrefix).size(),
                                          cookie.find(';') - std::string(kCookiePrefix).size());
  EXPECT_TRUE(access::IsWellFormedToken(token)) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << cookie;  // would be dropped over http
  EXPECT_EQ(cookie.find("Domain"), std::string::npos) << cookie;
  const auto body = r.Json().as_object();
  EXPECT_EQ(body.at("csrf_token").as_string().size(), 43u);
  EXPECT_EQ(r.body.find(token), std::string::npos);  // scripts never see the session token
  EXPECT_EQ(r.body.find("password"), std::string::npos);
}

TEST_F(SessionAbuseTest, SignOutClearsTheCookieAndTheOldCookieNoLongerWorks) {
  HttpClient client(server_->port());
  const testing::Session session = testing::SignIn(client, "lead");
  ASSERT_EQ(client.Get("/api/v1/session").status, 200u);
  const int64_t sessions = Count(store::Table::kSessions);
  const size_t logouts = AuditOf(server_->db(), "session.logout").size();

  const Reply out = client.Request("DELETE", "/api/v1/session");
  ASSERT_EQ(out.status, 204u) << out.body;
  const std::string cleared = out.Header("set-cookie");
  EXPECT_EQ(cleared.rfind(std::string(kCookiePrefix) + ";", 0), 0u) << cleared;
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos) << cleared;
  EXPECT_NE(cleared.find("HttpOnly"), std::string::npos) << cleared;
  EXPECT_EQ(Count(store::Table::kSessions), sessions - 1);
  EXPECT_EQ(AuditOf(server_->db(), "session.logout").size(), logouts + 1);

  // Replaying the old cookie (and its CSRF token) gets nowhere.
  HttpClient replay(server_->port());
  const std::map<std::string, std::string> old = {{"Cookie", session.cookie},
                                                  {"X-CSRF-Token", session.csrf}};
  ExpectUnauthenticated(replay.Request("GET", "/api/v1/session", "", "", old), "read");
  ExpectUnauthenticated(
      replay.Request("POST", "/api/v1/reports", Report("met"), "application/json", old), "write");
}

TEST_F(SessionAbuseTest, OversizedSignInBodyIs413) {
  const int64_t sessions = Count(store::Table::kSessions);
  HttpClient client(server_->port());
  const Reply r = client.Post("/api/v1/session", LoginBody("officer", std::string(4200, 'p')));
  ExpectProblem(r, 413, "too-large", "4 KiB sign-in body");
  EXPECT_TRUE(r.Header("set-cookie").empty());
  // Even with the right credentials inside, padded past the limit.
  const std::string padded = R"({"username":"officer","password":")" +
                             std::string(testing::kDemoPassword) + R"(","totp_code":")" +
                             std::string(4096, ' ') + R"("})";
  HttpClient again(server_->port());
  ExpectProblem(again.Post("/api/v1/session", padded), 413, "too-large", "padded sign-in");
  EXPECT_EQ(Count(store::Table::kSessions), sessions);
}

TEST_F(SessionAbuseTest, MalformedSignInRequestsAre400AndReachNoAccount) {
  const size_t failed = AuditOf(server_->db(), "session.login_failed").size();
  const size_t logins = AuditOf(server_->db(), "session.login").size();
  const std::string pw = testing::kDemoPassword;
  struct Case {
    std::string what, body, content_type, bad_field;
  };
  const std::vector<Case> cases = {
      {"not JSON", "username=officer&password=x", "application/json", ""},
      {"truncated JSON", R"({"username":"officer","password":")", "application/json", ""},
      {"an array", R"(["officer","x"])", "application/json", ""},
      {"a string", R"("officer")", "application/json", ""},
      {"form encoded", "username=officer&password=x", "application/x-www-form-urlencoded",
       "content-type"},
      {"username a number", R"({"username":7,"password":")" + pw + R"("})", "application/json",
       "username"},
      {"password an array", R"({"username":"officer","password":[")" + pw + R"("]})",
       "application/json", "password"},
      {"password null", R"({"username":"officer","password":null})", "application/json",
       "password"},
      {"code a number", R"({"username":"officer","password":")" + pw + R"(","totp_code":123456})",
       "application/json", "totp_code"},
      {"no password", R"({"username":"officer"})", "application/json", "password"},
      {"unknown field", R"({"username":"officer","password":")" + pw + R"(","role":"admin"})",
       "application/json", "role"},
      {"invalid UTF-8", "{\"username\":\"offic\xff\",\"password\":\"x\"}", "application/json", ""},
  };
  for (const auto& c : cases) {
    HttpClient client(server_->port());
    const Reply r = client.Request("POST", "/api/v1/session", c.body, c.content_type);
    ExpectProblem(r, 400, "invalid-argument", c.what);
    EXPECT_TRUE(r.Header("set-cookie").empty()) << c.what;
    if (!c.bad_field.empty() && r.status == 400) {
      std::set<std::string> fields;
      const auto body = r.Json();
      for (const auto& e : body.at("errors").as_array()) {
        fields.insert(std::string(e.at("field").as_string()));
      }
      EXPECT_TRUE(fields.contains(c.bad_field)) << c.what << ": " << r.body;
    }
  }
  // Refused before any account was looked at: nothing charged, nothing signed in.
  EXPECT_EQ(AuditOf(server_->db(), "session.login_failed").size(), failed);
  EXPECT_EQ(AuditOf(server_->db(), "session.login").size(), logins);
}

TEST_F(SessionAbuseTest, OfficerCannotRecordForAnotherForce) {
  HttpClient client(server_->port());
  As(client, "officer");  // a Met officer
  const Stored before = Snapshot();
  for (const std::string force : {"kent", "essex", "btp"}) {
    ExpectProblem(client.Post("/api/v1/reports", Report(force)), 403, "permission-denied", force);
  }
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(SessionAbuseTest, AdministratorsReadWhatEachRoleMayDoFromTheTableInForce) {
  HttpClient admin(server_->port());
  As(admin, "admin");
  const Reply roles = admin.Get("/api/v1/roles");
  ASSERT_EQ(roles.status, 200u) << roles.body;
  std::map<std::string, std::vector<std::string>> grants;
  const auto json = roles.Json();
  for (const auto& r : json.at("items").as_array()) {
    auto& actions = grants[std::string(r.at("role").as_string())];
    for (const auto& a : r.at("actions").as_array()) actions.emplace_back(a.as_string());
  }
  ASSERT_EQ(grants.size(), 8u);
  const auto has = [&](const std::string& role, const std::string& action) {
    const auto& list = grants[role];
    return std::find(list.begin(), list.end(), action) != list.end();
  };
  EXPECT_TRUE(has("officer", "report.create"));
  EXPECT_FALSE(has("officer", "user.admin"));
  EXPECT_TRUE(has("admin", "retention.review"));
  EXPECT_FALSE(has("analyst", "person.read"));
  HttpClient officer(server_->port());
  As(officer, "officer");
  EXPECT_EQ(officer.Get("/api/v1/roles").status, 403u);
}

TEST_F(SessionAbuseTest, AnotherAgencysIdsLookExactlyLikeIdsThatDoNotExist) {
  HttpClient met(server_->port());
  As(met, "officer");
  const Reply created = met.Post("/api/v1/reports", Report("met"));
  ASSERT_EQ(created.status, 201u) << created.body;
  const std::string report = Field(created, "id");
  const std::string victim =
      std::string(created.Json().at("parties").as_array()[0].at("person_id").as_string());
  ASSERT_EQ(met.Get("/api/v1/reports/" + report).status, 200u);

  HttpClient kent(server_->port());
  AsOfficerOf(kent, "kent");
  // The same answer, bar the request id, whether the record is another
  // agency's, does not exist, or the id is not even well formed.
  auto without_request_id = [](const Reply& r) {
    auto body = r.Json().as_object();
    EXPECT_TRUE(body.contains("request_id"));
    body.erase("request_id");
    return boost::json::serialize(body);
  };
  struct Probe {
    std::string method, theirs, missing, junk, body;
  };
  const std::string fresh = domain::NewId();
  const std::string screening = R"({"questionnaire_version":"v1","answers":{
      "four_unwanted":"yes","four_fixated":"unknown","four_obsessive":"unknown",
      "four_repeated":"no","relationship":"stranger","occasions":1,"behaviours":["contacting"]}})";
  const std::vector<Probe> probes = {
      {"GET", "/api/v1/reports/" + report, "/api/v1/reports/" + fresh, "/api/v1/reports/R-1", ""},
      {"GET", "/api/v1/persons/" + victim, "/api/v1/persons/" + fresh, "/api/v1/persons/P-1", ""},
      {"GET", "/api/v1/reports/" + report + "/screenings",
       "/api/v1/reports/" + fresh + "/screenings", "/api/v1/reports/R-1/screenings", ""},
      {"POST", "/api/v1/reports/" + report + "/screenings",
       "/api/v1/reports/" + fresh + "/screenings", "/api/v1/reports/R-1/screenings", screening},
  };
  const int64_t screenings = Count(store::Table::kScreenings);
  for (const auto& p : probes) {
    const Reply a = kent.Request(p.method, p.theirs, p.body);
    const Reply b = kent.Request(p.method, p.missing, p.body);
    const Reply c = kent.Request(p.method, p.junk, p.body);
    ExpectProblem(a, 404, "not-found", p.method + " " + p.theirs);
    EXPECT_EQ(without_request_id(a), without_request_id(b)) << p.method << " " << p.theirs;
    EXPECT_EQ(without_request_id(a), without_request_id(c)) << p.method << " " << p.theirs;
    EXPECT_EQ(a.body.size(), b.body.size()) << p.theirs;
    EXPECT_EQ(a.Header("content-type"), b.Header("content-type")) << p.theirs;
  }
  EXPECT_EQ(Count(store::Table::kScreenings), screenings);
}

TEST_F(SessionAbuseTest, PersonalDataNeverReachesTheServerLog) {
  // Synthetic people: no real person has these details.
  const std::vector<std::string> personal = {
      "Philippa",
      "Quillfeather-Dunmore",
      "Evander",
      "Thistlewood",
      "42 Marrowbone Lane",
      "ZX9 8QP",
      "07700 900417",
      "07700900418",
      "philippa.quill@example.org",
      "e.thistlewood@example.net",
  };
  const std::string report = R"({"force":"met","occurred_at":"2026-05-02T20:00:00Z",
      "summary":"Evander Thistlewood phoned Philippa from 07700900418.",
      "parties":[{"role":"victim","person":{"given_name":"Philippa",
                  "family_name":"Quillfeather-Dunmore","dob":"1988-03-04",
                  "address":"42 Marrowbone Lane","postcode":"ZX9 8QP",
                  "phones":["07700 900417"],"emails":["philippa.quill@example.org"]}},
                 {"role":"suspect","person":{"given_name":"Evander","family_name":"Thistlewood",
                  "phones":["07700900418"],"emails":["e.thistlewood@example.net"]}}]})";

  HttpClient officer(server_->port());
  As(officer, "officer");
  const Reply created = officer.Request("POST", "/api/v1/reports", report, "application/json",
                                        {{"X-Request-Id", "pii-probe-1"}});
  ASSERT_EQ(created.status, 201u) << created.body;
  const std::string id = Field(created, "id");
  const auto parties = created.Json().at("parties").as_array();
  EXPECT_EQ(officer.Get("/api/v1/reports/" + id).status, 200u);
  for (const auto& p : parties) {
    EXPECT_EQ(officer.Get("/api/v1/persons/" + std::string(p.at("person_id").as_string())).status,
              200u);
  }
  // Refused requests carrying the same details: bad input, another force,
  // unknown query parameters, and sign-in attempts that use them as names.
  std::string bad = report;
  bad.replace(bad.find("1988-03-04"), 10, "04/03/1988");
  EXPECT_EQ(officer.Post("/api/v1/reports", bad).status, 400u);
  std::string kent = report;
  kent.replace(kent.find(R"("met")"), 5, R"("kent")");
  EXPECT_EQ(officer.Post("/api/v1/reports", kent).status, 403u);
  EXPECT_EQ(officer.Get("/api/v1/reports?name=Quillfeather-Dunmore&phone=07700900418").status,
            400u);
  HttpClient anonymous(server_->port());
  EXPECT_EQ(
      anonymous
          .Post("/api/v1/session", LoginBody("philippa.quill@example.org", "Quillfeather-Dunmore"))
          .status,
      401u);
  EXPECT_EQ(anonymous.Post("/api/v1/session", LoginBody("Thistlewood", "07700 900417")).status,
            401u);

  const std::string log = server_->Log();
  ASSERT_NE(log.find("pii-probe-1"), std::string::npos) << "the requests were not logged";
  for (const auto& value : personal) {
    EXPECT_EQ(log.find(value), std::string::npos) << "the log holds \"" << value << "\"";
  }
}

// Many sign-ins in quick succession from one address, each trying another
// account: a server with a low per-address limit answers 429 from the
// limit on, whatever the credentials, and audits every attempt.
TEST(SessionAbuseStuffingTest, ManyAttemptsFromOneAddressAreCutOffWithRetryAfter) {
  testing::UseDemoLoginsInTests();
  testing::TempDir dir;
  testing::ServerProcess server(dir, {"--reports", "0", "--login-attempts-per-minute", "5"},
                                "demo");
  const std::vector<std::string> accounts = {"officer", "lead", "clinician", "probation",
                                             "advocate"};
  std::string first_detail;
  for (const auto& account : accounts) {
    HttpClient client(server.port());
    const Reply r = client.Post("/api/v1/session", LoginBody(account, "Password123!"));
    ExpectProblem(r, 401, "unauthenticated", account);
    const std::string detail(r.Json().at("detail").as_string());
    if (first_detail.empty()) first_detail = detail;
    EXPECT_EQ(detail, first_detail) << account;
  }
  for (const auto& [account, password] : std::vector<std::pair<std::string, std::string>>{
           {"prosecutor", "Password123!"},
           {"analyst", testing::kDemoPassword}}) {  // even the right password
    HttpClient client(server.port());
    const Reply r = client.Post("/api/v1/session", LoginBody(account, password));
    ExpectProblem(r, 429, "rate-limited", account);
    EXPECT_EQ(r.Header("retry-after"), "60") << account;
    EXPECT_TRUE(r.Header("set-cookie").empty()) << account;
  }

  const auto failed = AuditOf(server.db(), "session.login_failed");
  ASSERT_EQ(failed.size(), accounts.size());
  for (const auto& e : failed) {
    EXPECT_EQ(e.purpose, "wrong password");
    EXPECT_EQ(e.source, "127.0.0.1");
    EXPECT_FALSE(e.record_id.empty());
  }
  const auto throttled = AuditOf(server.db(), "session.login_throttled");
  ASSERT_EQ(throttled.size(), 2u);
  for (const auto& e : throttled) {
    EXPECT_EQ(e.purpose, "too many from this address");
    EXPECT_EQ(e.source, "127.0.0.1");
  }
  EXPECT_TRUE(AuditOf(server.db(), "session.login").empty());
}

}  // namespace
}  // namespace threadline
