// The HTTP API against a real `threadline serve` on a loopback port, with a
// real SQLite file underneath: the happy paths, and every kind of bad input
// answered with a problem+json and nothing stored.
#include <gtest/gtest.h>

#include <memory>

#include "../support/http_client.hpp"
#include "../support/shared_server_test.hpp"

namespace threadline {
namespace {

using testing::HttpClient;
using testing::Reply;

class ReportsApiTest : public testing::SharedServerTest {
 protected:
  struct Counts {
    int64_t reports, persons, audit;
    bool operator==(const Counts&) const = default;
  };
  static Counts Snapshot() {
    return {Count(store::Table::kReports), Count(store::Table::kPersons),
            Count(store::Table::kAudit)};
  }

  static std::string ValidReport(const std::string& force = "met") {
    return R"({"force":")" + force +
           R"(","reference":"CAD-123","occurred_at":"2026-05-01T21:30:00+01:00",
      "summary":"Turned up at the victim's workplace again.","recorded_as":"harassment_s2",
      "behaviours":["turning_up","following"],
      "parties":[{"role":"victim","person":{"given_name":"Zelda","family_name":"Quackenbush",
                  "dob":"1990-04-02","phones":["07700 900111"]}},
                 {"role":"suspect","person":{"given_name":"Xavier","family_name":"Ormsby-Twist",
                  "vehicles":["QA12 BCD"]}}]})";
  }

  // Asserts a problem+json reply with `status` and `type`, and that nothing
  // was stored or audited by the request.
  static void ExpectProblem(const Reply& reply, unsigned status, const std::string& type,
                            const Counts& before) {
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.Header("content-type"), "application/problem+json") << reply.body;
    if (reply.status != 0 && !reply.body.empty()) {
      const auto body = reply.Json().as_object();
      EXPECT_EQ(body.at("type").as_string(), "/problems/" + type);
      EXPECT_EQ(body.at("status").as_int64(), status);
      EXPECT_FALSE(body.at("detail").as_string().empty());
      EXPECT_FALSE(body.at("request_id").as_string().empty());
    }
    EXPECT_EQ(Snapshot(), before);
  }

  static std::vector<std::string> ErrorFields(const Reply& reply) {
    std::vector<std::string> out;
    const auto body = reply.Json().as_object();
    if (const auto* errors = body.if_contains("errors")) {
      for (const auto& e : errors->as_array()) {
        out.emplace_back(e.as_object().at("field").as_string());
      }
    }
    return out;
  }
};

TEST_F(ReportsApiTest, HealthAndReadiness) {
  HttpClient client(server_->port());
  As(client, "officer");
  EXPECT_EQ(client.Get("/healthz").status, 200U);
  const Reply ready = client.Get("/readyz");
  EXPECT_EQ(ready.status, 200U);
  EXPECT_EQ(ready.Json().at("status").as_string(), "ready");
}

TEST_F(ReportsApiTest, EveryResponseCarriesSecurityHeadersAndARequestId) {
  HttpClient client(server_->port());
  As(client, "officer");
  const Reply r = client.Get("/api/v1/agencies");
  EXPECT_EQ(r.status, 200U);
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.Header("referrer-policy"), "no-referrer");
  EXPECT_NE(r.Header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(r.Header("cache-control"), "no-store");
  EXPECT_EQ(r.Header("x-request-id").size(), 16U);
  const Reply echoed = client.Request("GET", "/healthz", "", "", {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(echoed.Header("x-request-id"), "abc-123");
  const Reply unsafe = client.Request("GET", "/healthz", "", "", {{"X-Request-Id", "a b\"c"}});
  EXPECT_NE(unsafe.Header("x-request-id"), "a b\"c");
}

TEST_F(ReportsApiTest, AgenciesIncludeEveryTerritorialForce) {
  HttpClient client(server_->port());
  As(client, "officer");
  const auto json = client.Get("/api/v1/agencies").Json();
  const auto& items = json.at("items").as_array();
  int forces = 0;
  for (const auto& a : items) forces += a.at("kind").as_string() == "police_force" ? 1 : 0;
  EXPECT_EQ(forces, 44);  // 43 territorial forces and British Transport Police
}

TEST_F(ReportsApiTest, CreateThenReadReportAndPersons) {
  HttpClient client(server_->port());
  As(client, "officer");
  const Counts before = Snapshot();
  const Reply created = client.Post("/api/v1/reports", ValidReport());
  ASSERT_EQ(created.status, 201U) << created.body;
  const auto report = created.Json().as_object();
  const std::string id(report.at("id").as_string());
  EXPECT_EQ(created.Header("location"), "/api/v1/reports/" + id);
  EXPECT_EQ(report.at("force").as_string(), "met");
  EXPECT_EQ(report.at("occurred_at").as_string(), "2026-05-01T20:30:00Z");
  EXPECT_EQ(Count(store::Table::kReports), before.reports + 1);
  EXPECT_EQ(Count(store::Table::kPersons), before.persons + 2);

  const Reply got = client.Get("/api/v1/reports/" + id);
  ASSERT_EQ(got.status, 200U);
  EXPECT_EQ(got.Json().at("summary").as_string(), "Turned up at the victim's workplace again.");
  const auto got_json = got.Json();
  const auto& parties = got_json.at("parties").as_array();
  ASSERT_EQ(parties.size(), 2U);
  const std::string suspect(parties[1].at("person_id").as_string());
  const Reply person = client.Get("/api/v1/persons/" + suspect);
  ASSERT_EQ(person.status, 200U);
  EXPECT_EQ(person.Json().at("family_name").as_string(), "Ormsby-Twist");
  EXPECT_EQ(person.Json().at("vehicles").as_array()[0].as_string(), "QA12 BCD");

  // A second report may name the same suspect by id.
  const std::string by_id = R"({"force":"met","occurred_at":"2026-05-09T10:00:00Z",
      "parties":[{"role":"victim","person":{"given_name":"Zelda"}},
                 {"role":"suspect","person_id":")" +
                            suspect + R"("}]})";
  ASSERT_EQ(client.Post("/api/v1/reports", by_id).status, 201U);
}

TEST_F(ReportsApiTest, ListPaginatesAndFilters) {
  HttpClient client(server_->port());
  AsOfficerOf(client, "essex");
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(client.Post("/api/v1/reports", ValidReport("essex")).status, 201U);
  const Reply first = client.Get("/api/v1/reports?force=essex&limit=2");
  ASSERT_EQ(first.status, 200U) << first.body;
  const auto first_json = first.Json();
  EXPECT_EQ(first_json.at("items").as_array().size(), 2U);
  std::string cursor(first_json.at("next_cursor").as_string());
  int seen = 2;
  while (!cursor.empty()) {
    const Reply page = client.Get("/api/v1/reports?force=essex&limit=2&cursor=" + cursor);
    ASSERT_EQ(page.status, 200U) << page.body;
    const auto json = page.Json();
    for (const auto& r : json.at("items").as_array()) {
      EXPECT_EQ(r.at("force").as_string(), "essex");
      ++seen;
    }
    const auto& next = json.at("next_cursor");
    cursor = next.is_null() ? "" : std::string(next.as_string());
  }
  EXPECT_EQ(seen, 5);
  const Reply window = client.Get("/api/v1/reports?force=essex&from=2026-05-02&to=2027-01-01");
  EXPECT_EQ(window.Json().at("items").as_array().size(), 0U);
}

TEST_F(ReportsApiTest, MalformedJsonIsRefused) {
  HttpClient client(server_->port());
  As(client, "officer");
  const Counts before = Snapshot();
  ExpectProblem(client.Post("/api/v1/reports", R"({"force": "met",)"), 400, "invalid-argument",
                before);
  ExpectProblem(client.Post("/api/v1/reports", "[]"), 400, "invalid-argument", before);
  ExpectProblem(client.Post("/api/v1/reports", ""), 400, "invalid-argument", before);
}

TEST_F(ReportsApiTest, WrongTypesAreNamedField) {
  HttpClient client(server_->port());
  As(client, "officer");
  const Counts before = Snapshot();
  const Reply r = client.Post("/api/v1/reports",
                              R"({"force": 7, "occurred_at": true, "behaviours": "following",
                                  "parties": [{"role": "victim", "person": {"phones": [7]}}]})");
  ExpectProblem(r, 400, "invalid-argument", before);
  const auto fields = ErrorFields(r);
  for (const char* f : {"force", "occurred_at", "behaviours", "parties/0/person/phones/0"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f;
  }
}

TEST_F(ReportsApiTest, MissingRequiredFieldsAreListed) {
  HttpClient client(server_->port());
  As(client, "officer");
  const Counts before = Snapshot();
  const Reply r = client.Post("/api/v1/reports", "{}");
  ExpectProblem(r, 400, "invalid-argument", before);
  EXPECT_EQ(ErrorFields(r), (std::vector<std::string>{"force", "occurred_at", "parties"}));
}

TEST_F(ReportsApiTest, UnknownFieldsAreRefused) {
  HttpClient client(server_->port());
  As(client, "officer");
  const Counts before = Snapshot();
  std::string body = ValidReport();
  body.insert(1, R"("agency_id":"01ARZ3NDEKTSV4RRFFQ69G5FAV",)");
  const Reply r = client.Post("/api/v1/reports", body);
  ExpectProblem(r, 400, "invalid-argument", before);
  EXPECT_EQ(ErrorFields(r), std::vector<std::string>{"agency_id"});
}

TEST_F(ReportsApiTest, InvalidValuesAreRefused) {
  HttpClient client(server_->port());
  As(client, "officer");
  const Counts before = Snapshot();
  const Reply r = client.Post(
      "/api/v1/reports",
      R"({"force":"atlantis","occurred_at":"2026-02-30T10:00:00Z","recorded_as":"gossip",
          "behaviours":["telepathy"],"parties":[{"role":"suspect","person":{"given_name":"A"}}]})");
  ExpectProblem(r, 400, "invalid-argument", before);
  const auto fields = ErrorFields(r);
  for (const char* f : {"occurred_at", "recorded_as", "behaviours/0", "parties"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f;
  }
  // The force is checked against the database once the shape is right.
  const Reply unknown_force = client.Post("/api/v1/reports", ValidReport("atlantis"));
  ExpectProblem(unknown_force, 400, "invalid-argument", before);
  EXPECT_EQ(ErrorFields(unknown_force), std::vector<std::string>{"force"});
}

TEST_F(ReportsApiTest, InvalidUtf8IsRefused) {
  HttpClient client(server_->port());
  As(client, "officer");
  const Counts before = Snapshot();
  std::string body = ValidReport();
  body.replace(body.find("Zelda"), 5, "Z\xC3\x28lda");
  ExpectProblem(client.Post("/api/v1/reports", body), 400, "invalid-argument", before);
}

TEST_F(ReportsApiTest, WrongMediaTypeIsRefused) {
  HttpClient client(server_->port());
  As(client, "officer");
  const Counts before = Snapshot();
  ExpectProblem(client.Request("POST", "/api/v1/reports", ValidReport(), "text/plain"), 400,
                "invalid-argument", before);
}

TEST_F(ReportsApiTest, OversizedBodyIsRefusedBeforeParsing) {
  HttpClient client(server_->port());
  As(client, "officer");
  const Counts before = Snapshot();
  std::string body = ValidReport();
  body.insert(body.find("Turned up"), std::string(2 * 1024 * 1024, 'x'));
  ExpectProblem(client.Post("/api/v1/reports", body), 413, "too-large", before);
}

TEST_F(ReportsApiTest, OversizedTextFieldIsRefused) {
  HttpClient client(server_->port());
  As(client, "officer");
  const Counts before = Snapshot();
  std::string body = ValidReport();
  body.insert(body.find("Turned up"), std::string(30000, 'x'));  // under the body limit
  const Reply r = client.Post("/api/v1/reports", body);
  ExpectProblem(r, 400, "invalid-argument", before);
  EXPECT_EQ(ErrorFields(r), std::vector<std::string>{"summary"});
}

TEST_F(ReportsApiTest, OversizedHeadersAreRefused) {
  HttpClient client(server_->port());
  As(client, "officer");
  const Counts before = Snapshot();
  const Reply r =
      client.Request("GET", "/healthz", "", "", {{"X-Padding", std::string(32 * 1024, 'a')}});
  ExpectProblem(r, 431, "headers-too-large", before);
}

TEST_F(ReportsApiTest, UnknownIdsAreNotFound) {
  HttpClient client(server_->port());
  As(client, "officer");
  const Counts before = Snapshot();
  ExpectProblem(client.Get("/api/v1/reports/01ARZ3NDEKTSV4RRFFQ69G5FAV"), 404, "not-found", before);
  ExpectProblem(client.Get("/api/v1/reports/not-an-id"), 404, "not-found", before);
  ExpectProblem(client.Get("/api/v1/persons/01ARZ3NDEKTSV4RRFFQ69G5FAV"), 404, "not-found", before);
  ExpectProblem(client.Get("/api/v1/persons/%2e%2e%2fetc"), 404, "not-found", before);
  std::string body = ValidReport();
  body.replace(body.find(R"({"given_name":"Xavier")"), 0, "");
  const std::string with_unknown_person =
      R"({"force":"met","occurred_at":"2026-05-01T21:30:00Z","parties":[{"role":"victim",
          "person_id":"01ARZ3NDEKTSV4RRFFQ69G5FAV"}]})";
  const Reply r = client.Post("/api/v1/reports", with_unknown_person);
  ExpectProblem(r, 400, "invalid-argument", before);
  EXPECT_EQ(ErrorFields(r), std::vector<std::string>{"parties/0/person_id"});
}

TEST_F(ReportsApiTest, UnknownRoutesMethodsAndQueriesAreRefused) {
  HttpClient client(server_->port());
  As(client, "officer");
  const Counts before = Snapshot();
  ExpectProblem(client.Get("/api/v1/nothing-here"), 404, "not-found", before);
  const Reply wrong_method = client.Request("DELETE", "/api/v1/reports");
  ExpectProblem(wrong_method, 405, "method-not-allowed", before);
  EXPECT_EQ(wrong_method.Header("allow"), "POST, GET");
  ExpectProblem(client.Get("/api/v1/reports?colour=blue"), 400, "invalid-argument", before);
  ExpectProblem(client.Get("/api/v1/reports?cursor=forged"), 400, "invalid-argument", before);
  ExpectProblem(client.Get("/api/v1/reports?limit=100000"), 400, "invalid-argument", before);
  ExpectProblem(client.Get("/api/v1/reports?from=yesterday"), 400, "invalid-argument", before);
}

TEST_F(ReportsApiTest, MalformedHttpIsRefused) {
  HttpClient client(server_->port());
  As(client, "officer");
  const Counts before = Snapshot();
  ExpectProblem(client.Raw("GARBAGE\r\n\r\n"), 400, "bad-request", before);
  HttpClient second(server_->port());
  ExpectProblem(second.Raw("GET /healthz%zz HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "bad-target",
                before);
}

TEST_F(ReportsApiTest, OneJsonLogLinePerRequestWithoutPersonalData) {
  HttpClient client(server_->port());
  As(client, "officer");
  ASSERT_EQ(client.Post("/api/v1/reports", ValidReport()).status, 201U);
  const Reply probe = client.Request("GET", "/healthz", "", "", {{"X-Request-Id", "log-probe-1"}});
  ASSERT_EQ(probe.status, 200U);
  const std::string log = server_->Log();
  bool found = false;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("log-probe-1") == std::string::npos) continue;
    const auto entry = boost::json::parse(line).as_object();
    EXPECT_EQ(entry.at("method").as_string(), "GET");
    EXPECT_EQ(entry.at("path").as_string(), "/healthz");
    EXPECT_EQ(entry.at("status").as_int64(), 200);
    EXPECT_TRUE(entry.contains("time"));
    EXPECT_TRUE(entry.at("duration_us").is_int64());
    found = true;
  }
  EXPECT_TRUE(found);
  for (const char* secret :
       {"Zelda", "Quackenbush", "Ormsby", "07700 900111", "QA12 BCD", "workplace"}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << secret << " leaked into the log";
  }
}

}  // namespace
}  // namespace threadline

namespace threadline {
namespace {
TEST_F(ReportsApiTest, TheRootPageSaysWhatIsRunning) {
  testing::HttpClient client(server_->port());
  As(client, "officer");
  const auto r = client.Get("/");
  EXPECT_EQ(r.status, 200U);
  EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("/api/v1/reports"), std::string::npos);
}
}  // namespace
}  // namespace threadline
