// Kept course-of-conduct findings over HTTP: each finding's id, dates and
// status; one finding by id; a lead's acknowledgement; a withdrawn finding
// after a "not the same person" decision; every read and write audited; bad
// requests refused with nothing stored.
#include <gtest/gtest.h>

#include <algorithm>

#include "../support/http_client.hpp"
#include "../support/shared_server_test.hpp"
#include "../support/store_lookup.hpp"

namespace threadline {
namespace {

using testing::HttpClient;
using testing::Reply;

class FindingsApiTest : public testing::SharedServerTest {
 protected:
  // Two Met reports about one victim by one suspect (the same person
  // records): a course of conduct. Returns the first report's id.
  static std::string Course(const std::string& family) {
    HttpClient officer(server_->port());
    As(officer, "officer");
    const Reply first = officer.Post("/api/v1/reports", R"({"force":"met",
        "occurred_at":"2026-02-01T21:00:00Z","recorded_as":"harassment_s2",
        "behaviours":["following"],
        "parties":[{"role":"victim","person":{"given_name":"Vera","family_name":")" +
                                                            family + R"("}},
                   {"role":"suspect","person":{"given_name":"Sid","family_name":")" +
                                                            family + R"("}}]})");
    EXPECT_EQ(first.status, 201U) << first.body;
    if (first.status != 201U) return {};
    const auto json = first.Json();
    const auto& parties = json.at("parties").as_array();
    const Reply second = officer.Post(
        "/api/v1/reports",
        R"({"force":"met","occurred_at":"2026-02-20T21:00:00Z","recorded_as":"harassment_s2",
            "behaviours":["following"],"parties":[{"role":"victim","person_id":")" +
            std::string(parties[0].at("person_id").as_string()) +
            R"("},{"role":"suspect","person_id":")" +
            std::string(parties[1].at("person_id").as_string()) + R"("}]})");
    EXPECT_EQ(second.status, 201U) << second.body;
    return std::string(json.at("id").as_string());
  }

  // The course_exists finding holding `report` in the lead's list, or null.
  static boost::json::object FindingOf(HttpClient& lead, const std::string& report,
                                       const std::string& status = "") {
    const Reply r = lead.Get("/api/v1/findings?type=course_exists" +
                             (status.empty() ? "" : "&status=" + status));
    EXPECT_EQ(r.status, 200U) << r.body;
    if (r.status != 200U) return {};
    const auto json = r.Json();
    for (const auto& f : json.at("items").as_array()) {
      for (const auto& rep : f.at("reports").as_array()) {
        if (rep.at("id").as_string() == report) return f.as_object();
      }
    }
    return {};
  }

  static size_t Audited(const std::string& action) {
    FlushServerAudit();
    return testing::AuditOfFile(server_->db(), action).size();
  }

  static Reply Acknowledge(HttpClient& client, const std::string& id, const std::string& body,
                           const std::string& type = "application/json") {
    return client.Request("POST", "/api/v1/findings/" + id + "/acknowledgement", body, type);
  }
};

TEST_F(FindingsApiTest, AFindingHasAnIdDatesAndStatusAndCanBeAcknowledged) {
  const std::string report = Course("Findlay");
  ASSERT_FALSE(report.empty());
  HttpClient lead(server_->port());
  As(lead, "lead");
  const auto f = FindingOf(lead, report);
  ASSERT_FALSE(f.empty());
  const std::string id(f.at("id").as_string());
  EXPECT_EQ(id.size(), 32U);
  EXPECT_EQ(f.at("key").as_string(), "course_exists:course:" + report);
  EXPECT_EQ(f.at("status").as_string(), "open");
  EXPECT_FALSE(f.at("first_raised_at").as_string().empty());
  EXPECT_FALSE(f.at("last_confirmed_at").as_string().empty());
  EXPECT_TRUE(f.at("withdrawn_at").is_null());
  EXPECT_TRUE(f.at("acknowledged").is_null());
  EXPECT_FALSE(f.at("reasons").as_array().empty());

  const size_t reads = Audited("finding.read");
  const Reply one = lead.Get("/api/v1/findings/" + id);
  ASSERT_EQ(one.status, 200U) << one.body;
  EXPECT_EQ(one.Json().at("id").as_string(), id);
  EXPECT_EQ(one.Json().at("first_raised_at"), f.at("first_raised_at"));
  EXPECT_EQ(Audited("finding.read"), reads + 1);

  const size_t acks = Audited("finding.acknowledge");
  const Reply acked = Acknowledge(lead, id, R"({"note":"Crimed as stalking; victim told"})");
  ASSERT_EQ(acked.status, 200U) << acked.body;
  const auto a = acked.Json().as_object();
  EXPECT_EQ(a.at("status").as_string(), "acknowledged");
  EXPECT_FALSE(a.at("acknowledged").at("by").as_string().empty());
  EXPECT_FALSE(a.at("acknowledged").at("at").as_string().empty());
  EXPECT_EQ(a.at("acknowledged").at("note").as_string(), "Crimed as stalking; victim told");
  EXPECT_EQ(Audited("finding.acknowledge"), acks + 1);
  EXPECT_FALSE(FindingOf(lead, report, "acknowledged").empty());
  EXPECT_TRUE(FindingOf(lead, report, "open").empty());
  // Listing again keeps the id and the first-raised date.
  const auto again = FindingOf(lead, report);
  ASSERT_FALSE(again.empty());
  EXPECT_EQ(again.at("id").as_string(), id);
  EXPECT_EQ(again.at("first_raised_at"), f.at("first_raised_at"));

  // The analyst sees it under a pseudonym, without the note.
  HttpClient analyst(server_->port());
  As(analyst, "analyst");
  const Reply seen = analyst.Get("/api/v1/findings?status=acknowledged&type=course_exists");
  ASSERT_EQ(seen.status, 200U) << seen.body;
  EXPECT_EQ(seen.body.find(id), std::string::npos);
  EXPECT_EQ(seen.body.find("victim told"), std::string::npos);
}

TEST_F(FindingsApiTest, AWithdrawnFindingStaysReadableAndCannotBeAcknowledged) {
  HttpClient officer(server_->port());
  As(officer, "officer");
  auto report = [&](const char* when) {
    const Reply r = officer.Post("/api/v1/reports", std::string(R"({"force":"met",
        "occurred_at":")") + when + R"(T21:00:00Z","recorded_as":"harassment_s2",
        "behaviours":["following","contacting"],
        "parties":[{"role":"victim","person":{"given_name":"Wilhelmina","family_name":"Withers",
                    "dob":"1988-02-14","postcode":"E8 3RR"}},
                   {"role":"suspect","person":{"given_name":"Walter","family_name":"Withers",
                    "dob":"1969-09-09","postcode":"E8 4QQ"}}]})");
    EXPECT_EQ(r.status, 201U) << r.body;
    const auto json = r.Json();
    return std::make_pair(
        std::string(json.at("id").as_string()),
        std::string(json.at("parties").as_array()[1].at("person_id").as_string()));
  };
  const auto [r1, s1] = report("2026-01-10");
  const auto [r2, s2] = report("2026-02-20");
  HttpClient lead(server_->port());
  As(lead, "lead");
  const auto raised = FindingOf(lead, r1);
  ASSERT_FALSE(raised.empty()) << "the model should take the two suspects for one man";
  const std::string id(raised.at("id").as_string());

  const Reply split =
      officer.Request("PUT", "/api/v1/links/" + s1 + "/" + s2 + "/decision",
                      R"({"decision":"different","reason":"Father and son, both Walter"})");
  ASSERT_EQ(split.status, 201U) << split.body;
  EXPECT_TRUE(FindingOf(lead, r1).empty());
  const auto withdrawn = FindingOf(lead, r1, "withdrawn");
  ASSERT_FALSE(withdrawn.empty());
  EXPECT_EQ(withdrawn.at("id").as_string(), id);
  EXPECT_EQ(withdrawn.at("status").as_string(), "withdrawn");
  EXPECT_FALSE(withdrawn.at("withdrawn_at").is_null());
  EXPECT_NE(std::string(withdrawn.at("withdrawn_reason").as_string()).find("not the same person"),
            std::string::npos);
  const Reply one = lead.Get("/api/v1/findings/" + id);
  ASSERT_EQ(one.status, 200U) << one.body;
  EXPECT_EQ(one.Json().at("status").as_string(), "withdrawn");

  const size_t acks = Audited("finding.acknowledge");
  const Reply late = Acknowledge(lead, id, R"({"note":"Acting on it now"})");
  EXPECT_EQ(late.status, 409U) << late.body;
  EXPECT_EQ(late.Header("content-type"), "application/problem+json");
  EXPECT_EQ(Audited("finding.acknowledge"), acks);
  EXPECT_TRUE(lead.Get("/api/v1/findings/" + id).Json().at("acknowledged").is_null());
}

TEST_F(FindingsApiTest, BadRequestsAreRefusedAndChangeNothing) {
  const std::string report = Course("Badley");
  ASSERT_FALSE(report.empty());
  HttpClient lead(server_->port());
  As(lead, "lead");
  const auto f = FindingOf(lead, report);
  ASSERT_FALSE(f.empty());
  const std::string id(f.at("id").as_string());
  const size_t acks = Audited("finding.acknowledge");

  auto expect = [&](const Reply& r, unsigned status, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/problem+json") << what;
  };
  expect(Acknowledge(lead, id, R"({"note":"half)"), 400, "malformed");
  expect(Acknowledge(lead, id, R"(["a note"])"), 400, "not an object");
  expect(Acknowledge(lead, id, R"({"note":5})"), 400, "wrong type");
  expect(Acknowledge(lead, id, R"({"note":null})"), 400, "null");
  expect(Acknowledge(lead, id, R"({})"), 400, "no note");
  expect(Acknowledge(lead, id, R"({"note":""})"), 400, "empty");
  expect(Acknowledge(lead, id, R"({"note":"   "})"), 400, "blank");
  expect(Acknowledge(lead, id, R"({"note":")" + std::string(2001, 'n') + R"("})"), 400,
         "oversized");
  expect(Acknowledge(lead, id, "{\"note\":\"bad \xc3\x28 bytes\"}"), 400, "invalid UTF-8");
  expect(Acknowledge(lead, id, R"({"note":"fine","by":"someone"})"), 400, "unknown field");
  expect(Acknowledge(lead, id, R"({"note":"fine"})", "text/plain"), 400, "media type");
  expect(
      lead.Request("POST", "/api/v1/findings/" + id + "/acknowledgement?x=1", R"({"note":"fine"})"),
      400, "unknown query parameter");
  expect(lead.Get("/api/v1/findings?status=closed"), 400, "unknown status");
  expect(lead.Get("/api/v1/findings/" + id + "?x=1"), 400, "query on one finding");

  const std::string ghost(32, 'a');
  expect(lead.Get("/api/v1/findings/" + ghost), 404, "unknown id");
  expect(lead.Get("/api/v1/findings/nonsense"), 404, "malformed id");
  expect(Acknowledge(lead, ghost, R"({"note":"fine"})"), 404, "acknowledge unknown id");
  expect(Acknowledge(lead, "nonsense", R"({"note":"fine"})"), 404, "acknowledge malformed id");

  HttpClient officer(server_->port());
  As(officer, "officer");
  expect(Acknowledge(officer, id, R"({"note":"fine"})"), 403, "officer");
  expect(officer.Get("/api/v1/findings/" + id), 403, "officer reads");
  HttpClient no_csrf(server_->port());
  As(no_csrf, "lead");
  no_csrf.SetDefaultHeader("X-CSRF-Token", "");
  EXPECT_EQ(Acknowledge(no_csrf, id, R"({"note":"fine"})").status, 403U);
  HttpClient anonymous(server_->port());
  EXPECT_EQ(Acknowledge(anonymous, id, R"({"note":"fine"})").status, 401U);

  EXPECT_EQ(Audited("finding.acknowledge"), acks);
  const Reply after = lead.Get("/api/v1/findings/" + id);
  ASSERT_EQ(after.status, 200U) << after.body;
  EXPECT_TRUE(after.Json().at("acknowledged").is_null());
  EXPECT_EQ(after.Json().at("status").as_string(), "open");
}

}  // namespace
}  // namespace threadline
