// Human link decisions over HTTP: a practitioner decides that two records
// are (not) the same person, the links, the explanation and the findings
// follow, the decision can be undone, every step is audited, and bad
// requests store nothing.
#include <gtest/gtest.h>

#include <algorithm>

#include "../support/http_client.hpp"
#include "../support/shared_server_test.hpp"
#include "../support/store_lookup.hpp"

namespace threadline {
namespace {

using testing::HttpClient;
using testing::Reply;

class LinkDecisionsApiTest : public testing::SharedServerTest {
 protected:
  // The person ids of a new report's parties, in order.
  static std::vector<std::string> PartiesOf(HttpClient& client, const std::string& body) {
    const Reply r = client.Post("/api/v1/reports", body);
    EXPECT_EQ(r.status, 201U) << r.body;
    std::vector<std::string> out;
    if (r.status != 201U) return out;
    const auto json = r.Json();
    for (const auto& p : json.at("parties").as_array()) {
      out.emplace_back(p.at("person_id").as_string());
    }
    return out;
  }

  static Reply Decide(HttpClient& client, const std::string& a, const std::string& b,
                      const std::string& body) {
    return client.Request("PUT", "/api/v1/links/" + a + "/" + b + "/decision", body);
  }
  static Reply Undo(HttpClient& client, const std::string& a, const std::string& b,
                    const std::string& body) {
    return client.Request("DELETE", "/api/v1/links/" + a + "/" + b + "/decision", body);
  }

  // The links listed for `person`: id -> the item.
  static std::map<std::string, boost::json::object> Links(HttpClient& client,
                                                          const std::string& person) {
    const Reply r = client.Get("/api/v1/persons/" + person + "/links");
    EXPECT_EQ(r.status, 200U) << r.body;
    std::map<std::string, boost::json::object> out;
    if (r.status != 200U) return out;
    const auto json = r.Json();
    for (const auto& item : json.at("items").as_array()) {
      out[std::string(item.at("person_id").as_string())] = item.as_object();
    }
    return out;
  }

  // Every link decision in the server's database, read through its file.
  static size_t StoredDecisions() {
    store::SqliteOptions options{server_->db()};
    options.apply_migrations = false;
    auto s = store::OpenSqlite(options);
    EXPECT_TRUE(s.ok());
    size_t n = 0;
    EXPECT_TRUE((*s)->Read([&](store::ReadTx& tx) {
                      auto d = tx.ListLinkDecisions();
                      if (d.ok()) n = d->size();
                      return d.status();
                    })
                    .ok());
    return n;
  }

  static size_t Audited(const std::string& action) {
    return testing::AuditOfFile(server_->db(), action).size();
  }

  // Course-of-conduct findings the Met lead sees holding both reports.
  static size_t CoursesHolding(const std::string& r1, const std::string& r2) {
    HttpClient lead(server_->port());
    As(lead, "lead");
    const Reply r = lead.Get("/api/v1/findings?type=course_exists");
    EXPECT_EQ(r.status, 200U) << r.body;
    if (r.status != 200U) return 0;
    const auto json = r.Json();
    size_t n = 0;
    for (const auto& f : json.at("items").as_array()) {
      bool has1 = false, has2 = false;
      for (const auto& rep : f.at("reports").as_array()) {
        has1 = has1 || rep.at("id").as_string() == r1;
        has2 = has2 || rep.at("id").as_string() == r2;
      }
      if (has1 && has2) ++n;
    }
    return n;
  }
};

TEST_F(LinkDecisionsApiTest, DecidingChangesLinksExplanationAndAuditAndUndoRestoresThem) {
  HttpClient officer(server_->port());
  As(officer, "officer");
  const auto first = PartiesOf(officer, R"({"force":"met","occurred_at":"2026-03-01T10:00:00Z",
      "parties":[{"role":"victim","person":{"given_name":"Rosalind","family_name":"Quenby",
                  "dob":"1983-07-19","postcode":"N4 2AA","phones":["07700 900411"]}}]})");
  const auto second = PartiesOf(officer, R"({"force":"met","occurred_at":"2026-03-09T10:00:00Z",
      "parties":[{"role":"victim","person":{"given_name":"Ros","family_name":"Quenby",
                  "dob":"1983-07-19","postcode":"N4 2AA","phones":["+44 7700 900411"]}}]})");
  ASSERT_EQ(first.size(), 1U);
  ASSERT_EQ(second.size(), 1U);
  const std::string& a = first[0];
  const std::string& b = second[0];
  auto links = Links(officer, a);
  ASSERT_TRUE(links.contains(b));
  EXPECT_GT(links[b].at("probability").as_double(), 0.9);
  EXPECT_FALSE(links[b].at("decided_by_person").as_bool());
  EXPECT_TRUE(links[b].at("decision").is_null());

  const size_t decided_before = Audited("person.link_decide");
  const Reply split = Decide(
      officer, a, b, R"({"decision":"different","reason":"Sisters: different NHS numbers"})");
  ASSERT_EQ(split.status, 201U) << split.body;
  const auto decision = split.Json().as_object();
  EXPECT_EQ(decision.at("decision").as_string(), "different");
  EXPECT_TRUE(decision.at("active").as_bool());
  EXPECT_EQ(decision.at("reason").as_string(), "Sisters: different NHS numbers");
  EXPECT_FALSE(decision.at("decided_by").as_string().empty());
  EXPECT_FALSE(decision.at("decided_by_name").as_string().empty());
  EXPECT_EQ(Audited("person.link_decide"), decided_before + 2);

  // The link goes; the explanation says who decided, when and why.
  EXPECT_FALSE(Links(officer, a).contains(b));
  EXPECT_FALSE(Links(officer, b).contains(a));
  const Reply explained = officer.Get("/api/v1/links/" + b + "/" + a + "/explain");
  ASSERT_EQ(explained.status, 200U) << explained.body;
  const auto e = explained.Json().as_object();
  EXPECT_EQ(e.at("probability").as_double(), 0.0);
  EXPECT_TRUE(e.at("decided_by_person").as_bool());
  EXPECT_EQ(e.at("decision").at("reason").as_string(), "Sisters: different NHS numbers");
  EXPECT_GT(e.at("match_probability").as_double(), 0.9);
  const Reply text = officer.Get("/api/v1/links/" + a + "/" + b + "/explain?format=text");
  EXPECT_NE(text.body.find("Sisters: different NHS numbers"), std::string::npos) << text.body;

  // One standing decision per pair.
  HttpClient lead(server_->port());
  As(lead, "lead");
  const Reply twice = Decide(lead, b, a, R"({"decision":"same","reason":"One person, I think"})");
  EXPECT_EQ(twice.status, 409U) << twice.body;
  EXPECT_EQ(twice.Header("content-type"), "application/problem+json");

  // Undo brings the model's link back and keeps the history.
  const size_t undone_before = Audited("person.link_undo");
  const Reply undone = Undo(lead, a, b, R"({"reason":"Checked again: one and the same"})");
  ASSERT_EQ(undone.status, 200U) << undone.body;
  EXPECT_FALSE(undone.Json().at("active").as_bool());
  EXPECT_EQ(undone.Json().at("undo_reason").as_string(), "Checked again: one and the same");
  EXPECT_EQ(Audited("person.link_undo"), undone_before + 2);
  EXPECT_TRUE(Links(officer, a).contains(b));
  EXPECT_EQ(Undo(lead, a, b, R"({"reason":"Checked again: one and the same"})").status, 404U);

  // "Same person" is listed with probability 1 and who decided.
  const Reply merged =
      Decide(officer, a, b, R"({"decision":"same","reason":"Confirmed with the victim today"})");
  ASSERT_EQ(merged.status, 201U) << merged.body;
  links = Links(officer, a);
  ASSERT_TRUE(links.contains(b));
  EXPECT_EQ(links[b].at("probability").as_double(), 1.0);
  EXPECT_TRUE(links[b].at("decided_by_person").as_bool());
  EXPECT_EQ(links[b].at("decision").at("reason").as_string(), "Confirmed with the victim today");

  const Reply history = officer.Get("/api/v1/persons/" + a + "/link-decisions");
  ASSERT_EQ(history.status, 200U) << history.body;
  const auto items = history.Json().at("items").as_array();
  ASSERT_EQ(items.size(), 2U);
  EXPECT_TRUE(items[0].at("active").as_bool());
  EXPECT_FALSE(items[1].at("active").as_bool());

  // The owning agency's lead sees the decisions in the person's audit trail.
  const Reply trail = lead.Get("/api/v1/audit?record_type=person&record=" + a);
  ASSERT_EQ(trail.status, 200U) << trail.body;
  EXPECT_NE(trail.body.find("person.link_decide"), std::string::npos);
  EXPECT_NE(trail.body.find("person.link_undo"), std::string::npos);
  EXPECT_NE(trail.body.find("Sisters: different NHS numbers"), std::string::npos);
}

TEST_F(LinkDecisionsApiTest, BadRequestsAreRefusedAndStoreNothing) {
  HttpClient officer(server_->port());
  As(officer, "officer");
  const auto ids = PartiesOf(officer, R"({"force":"met","occurred_at":"2026-03-02T10:00:00Z",
      "parties":[{"role":"victim","person":{"given_name":"Valerie","family_name":"Badrequest"}},
                 {"role":"suspect","person":{"given_name":"Victor","family_name":"Badrequest"}}]})");
  ASSERT_EQ(ids.size(), 2U);
  const std::string& a = ids[0];
  const std::string& b = ids[1];
  HttpClient kent(server_->port());
  AsOfficerOf(kent, "kent");
  const auto kents = PartiesOf(kent, R"({"force":"kent","occurred_at":"2026-03-02T10:00:00Z",
      "parties":[{"role":"victim","person":{"given_name":"Kit","family_name":"Badrequest"}}]})");
  ASSERT_EQ(kents.size(), 1U);
  const size_t stored = StoredDecisions();
  const size_t audited = Audited("person.link_decide") + Audited("person.link_undo");
  const std::string ghost = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
  const std::string good = R"({"decision":"same","reason":"The same person: checked"})";

  auto expect = [&](const Reply& r, unsigned status, const std::string& type,
                    const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/problem+json") << what;
    if (r.status == status) {
      EXPECT_EQ(r.Json().at("type").as_string(), "/problems/" + type) << what;
    }
  };
  expect(Decide(officer, a, b, R"({"decision":"same",)"), 400, "invalid-argument", "malformed");
  expect(Decide(officer, a, b, R"(["same"])"), 400, "invalid-argument", "not an object");
  expect(Decide(officer, a, b, R"({"decision":true,"reason":"The same person: checked"})"), 400,
         "invalid-argument", "wrong type");
  expect(Decide(officer, a, b, R"({"decision":"likely","reason":"The same person: checked"})"), 400,
         "invalid-argument", "bad value");
  expect(Decide(officer, a, b, R"({"decision":"same"})"), 400, "invalid-argument", "no reason");
  expect(Decide(officer, a, b, R"({"decision":"same","reason":"   "})"), 400, "invalid-argument",
         "short reason");
  expect(
      Decide(officer, a, b, R"({"decision":"same","reason":")" + std::string(2001, 'r') + R"("})"),
      400, "invalid-argument", "oversized reason");
  expect(Decide(officer, a, b, "{\"decision\":\"same\",\"reason\":\"bad \xc3\x28 bytes here\"}"),
         400, "invalid-argument", "invalid UTF-8");
  expect(
      Decide(officer, a, b, R"({"decision":"same","reason":"The same person: checked","by":"me"})"),
      400, "invalid-argument", "unknown field");
  expect(officer.Request("PUT", "/api/v1/links/" + a + "/" + b + "/decision", good, "text/plain"),
         400, "invalid-argument", "media type");
  const Reply twice = Decide(officer, a, a, good);
  expect(twice, 400, "invalid-argument", "same id twice");
  EXPECT_NE(twice.body.find(R"("field":"b")"), std::string::npos) << twice.body;
  expect(Decide(officer, a, ghost, good), 404, "not-found", "unknown id");
  expect(Decide(officer, "nonsense", b, good), 404, "not-found", "malformed id");
  expect(Decide(officer, a, kents[0], good), 404, "not-found", "another force's record");
  expect(Undo(officer, a, b, R"({"reason":"Nothing to undo here"})"), 404, "not-found",
         "nothing decided");
  expect(Undo(officer, a, b, "{}"), 400, "invalid-argument", "undo without a reason");
  expect(officer.Request("PUT", "/api/v1/links/" + a + "/" + b + "/decision?force=1", good), 400,
         "invalid-argument", "unknown query parameter");

  for (const char* role : {"analyst", "probation", "prosecutor", "admin"}) {
    HttpClient other(server_->port());
    As(other, role);
    expect(Decide(other, a, b, good), 403, "permission-denied", role);
    expect(Undo(other, a, b, R"({"reason":"Not mine to undo at all"})"), 403, "permission-denied",
           role);
  }
  HttpClient anonymous(server_->port());
  EXPECT_EQ(Decide(anonymous, a, b, good).status, 401U);
  // A cookie without its CSRF token does not write.
  HttpClient no_csrf(server_->port());
  As(no_csrf, "officer");
  no_csrf.SetDefaultHeader("X-CSRF-Token", "");
  EXPECT_EQ(Decide(no_csrf, a, b, good).status, 403U);

  EXPECT_EQ(StoredDecisions(), stored);
  EXPECT_EQ(Audited("person.link_decide") + Audited("person.link_undo"), audited);
  EXPECT_TRUE(officer.Get("/api/v1/persons/" + a + "/link-decisions")
                  .Json()
                  .at("items")
                  .as_array()
                  .empty());
}

TEST_F(LinkDecisionsApiTest, NotTheSamePersonSplitsACourseOfConduct) {
  HttpClient officer(server_->port());
  As(officer, "officer");
  auto report = [&](const char* when, const char* given) {
    const std::string body = std::string(R"({"force":"met","occurred_at":")") + when +
                             R"(T21:00:00Z","recorded_as":"harassment_s2",
        "behaviours":["following","contacting"],
        "parties":[{"role":"victim","person":{"given_name":"Clementine","family_name":"Yardley",
                    "dob":"1988-02-14","postcode":"E8 3RR"}},
                   {"role":"suspect","person":{"given_name":")" +
                             given + R"(","family_name":"Ormerod","dob":"1969-09-09",
                    "postcode":"E8 4QQ"}}]})";
    const Reply r = officer.Post("/api/v1/reports", body);
    EXPECT_EQ(r.status, 201U) << r.body;
    const auto json = r.Json();
    return std::make_pair(
        std::string(json.at("id").as_string()),
        std::string(json.at("parties").as_array()[1].at("person_id").as_string()));
  };
  const auto [r1, s1] = report("2026-01-10", "Lucian");
  const auto [r2, s2] = report("2026-02-20", "Lucian");
  ASSERT_EQ(CoursesHolding(r1, r2), 1U);
  const Reply split =
      Decide(officer, s1, s2, R"({"decision":"different","reason":"Father and son, both Lucian"})");
  ASSERT_EQ(split.status, 201U) << split.body;
  EXPECT_EQ(CoursesHolding(r1, r2), 0U);
  const Reply undone = Undo(officer, s1, s2, R"({"reason":"The son was abroad: one man"})");
  ASSERT_EQ(undone.status, 200U) << undone.body;
  EXPECT_EQ(CoursesHolding(r1, r2), 1U);
}

}  // namespace
}  // namespace threadline
