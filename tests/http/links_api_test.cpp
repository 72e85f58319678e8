// Identity resolution over HTTP: a person recorded by two forces with a
// nickname and a different phone format is linked the moment the second
// report is stored, and the link explains itself.
#include <gtest/gtest.h>

#include "../support/http_client.hpp"
#include "../support/shared_server_test.hpp"

namespace threadline {
namespace {

using testing::HttpClient;
using testing::Reply;

class LinksApiTest : public testing::SharedServerTest {
 protected:
  static std::string VictimOf(HttpClient& client, const std::string& body) {
    const Reply r = client.Post("/api/v1/reports", body);
    EXPECT_EQ(r.status, 201U) << r.body;
    const auto j = r.Json();
    return std::string(j.at("parties").as_array()[0].at("person_id").as_string());
  }
};

TEST_F(LinksApiTest, TheSamePersonAcrossForcesIsLinkedAndExplained) {
  HttpClient client(server_->port());
  As(client, "officer");
  const std::string met = VictimOf(client, R"({"force":"met","occurred_at":"2026-03-01T10:00:00Z",
      "parties":[{"role":"victim","person":{"given_name":"Rebecca","family_name":"Featherstonehaugh",
                  "dob":"1985-03-12","postcode":"N1 7QQ","phones":["07700 900321"]}}]})");
  const std::string stranger =
      VictimOf(client, R"({"force":"met","occurred_at":"2026-03-02T10:00:00Z",
      "parties":[{"role":"victim","person":{"given_name":"Oliver","family_name":"Pemberton",
                  "dob":"1960-11-30","postcode":"SE5 9ZZ"}}]})");
  HttpClient kent_client(server_->port());
  AsOfficerOf(kent_client, "kent");
  const std::string kent =
      VictimOf(kent_client, R"({"force":"kent","occurred_at":"2026-04-01T10:00:00Z",
      "parties":[{"role":"victim","person":{"given_name":"Becky","family_name":"Featherstonehaugh",
                  "dob":"1985-03-12","phones":["+44 7700 900321"]}}]})");

  // The Met sees that Kent holds a record of the same person: an id to ask
  // about, not the record itself.
  const Reply links = client.Get("/api/v1/persons/" + met + "/links");
  ASSERT_EQ(links.status, 200U) << links.body;
  const auto json = links.Json();
  const auto& items = json.at("items").as_array();
  ASSERT_FALSE(items.empty()) << links.body;
  EXPECT_EQ(items[0].at("person_id").as_string(), kent);
  EXPECT_GT(items[0].at("probability").as_double(), 0.9);
  for (const auto& item : items) EXPECT_NE(item.at("person_id").as_string(), stranger);
  EXPECT_EQ(client.Get("/api/v1/persons/" + kent).status, 404U);
  EXPECT_EQ(client.Get("/api/v1/links/" + kent + "/" + met + "/explain").status, 404U);

  // Once Kent shares person records with the Met, the comparison can be
  // explained and challenged.
  HttpClient admin(server_->port());
  As(admin, "admin");
  const auto agencies = admin.Get("/api/v1/agencies").Json().at("items").as_array();
  std::string kent_id, met_id;
  for (const auto& a : agencies) {
    if (a.at("code").as_string() == "kent") kent_id = a.at("id").as_string();
    if (a.at("code").as_string() == "met") met_id = a.at("id").as_string();
  }
  const Reply agreed = admin.Post("/api/v1/agreements", R"({"code":"KENT-MET-1","name":"test",
      "from_agency_id":")" + kent_id + R"(","to_agency_id":")" +
                                                            met_id + R"(",
      "record_types":["person"],"fields":[],"purpose":"linking a cross-border course of conduct",
      "valid_from":"2026-01-01"})");
  ASSERT_EQ(agreed.status, 201U) << agreed.body;

  const Reply explained = client.Get("/api/v1/links/" + kent + "/" + met + "/explain");
  ASSERT_EQ(explained.status, 200U) << explained.body;
  const auto e = explained.Json().as_object();
  // The waterfall: each field's contribution adds up to the total weight.
  double sum = e.at("prior_weight").to_number<double>();
  for (const auto& f : e.at("fields").as_array()) sum += f.at("weight").to_number<double>();
  EXPECT_NEAR(sum, e.at("total_weight").to_number<double>(), 1e-6);
  const Reply text = client.Get("/api/v1/links/" + kent + "/" + met + "/explain?format=text");
  EXPECT_EQ(text.status, 200U);
  EXPECT_EQ(text.Header("content-type"), "text/plain; charset=utf-8");
  EXPECT_FALSE(text.body.empty());
}

TEST_F(LinksApiTest, UnknownPersonsAndBadQueriesAreRefused) {
  HttpClient client(server_->port());
  As(client, "officer");
  const std::string ghost = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
  EXPECT_EQ(client.Get("/api/v1/persons/" + ghost + "/links").status, 404U);
  EXPECT_EQ(client.Get("/api/v1/persons/nonsense/links").status, 404U);
  EXPECT_EQ(client.Get("/api/v1/links/" + ghost + "/" + ghost + "/explain").status, 404U);
  EXPECT_EQ(client.Get("/api/v1/persons/" + ghost + "/links?depth=9").status, 400U);
  EXPECT_EQ(client.Get("/api/v1/links/a/b/explain?format=xml").status, 400U);
}

}  // namespace
}  // namespace threadline

namespace threadline {
namespace {

// Three reports by one suspect (known by a handle) against one victim in
// two forces, recorded as harassment and malicious communications: the
// course of conduct, the misrecording and the cross-force reach are found.
TEST_F(LinksApiTest, ACourseOfConductAcrossForcesRaisesFindings) {
  HttpClient lancashire(server_->port());
  AsOfficerOf(lancashire, "lancashire");
  HttpClient cumbria(server_->port());
  AsOfficerOf(cumbria, "cumbria");
  auto report = [&](const char* force, const char* when, const char* recorded_as) {
    HttpClient& client = std::string(force) == "cumbria" ? cumbria : lancashire;
    const std::string body = std::string(R"({"force":")") + force + R"(","reference":"REF-)" +
                             when + R"(","occurred_at":")" + when + R"(T21:00:00Z",
        "recorded_as":")" + recorded_as +
                             R"(","behaviours":["following","contacting"],
        "parties":[{"role":"victim","person":{"given_name":"Imogen","family_name":"Quillfeather",
                    "dob":"1979-08-23","phones":["07700 900777"]}},
                   {"role":"suspect","person":{"handles":["@night_watcher_synthetic"]}}]})";
    const Reply r = client.Post("/api/v1/reports", body);
    EXPECT_EQ(r.status, 201U) << r.body;
  };
  report("lancashire", "2026-01-05", "harassment_s2");
  report("lancashire", "2026-02-11", "malicious_communications");
  report("cumbria", "2026-03-20", "harassment_s2");

  // Analysts see every finding, pseudonymised.
  HttpClient client(server_->port());
  As(client, "analyst");
  const Reply cross = client.Get("/api/v1/findings?force=cumbria&type=cross_force");
  ASSERT_EQ(cross.status, 200U) << cross.body;
  const auto cross_json = cross.Json();
  ASSERT_EQ(cross_json.at("items").as_array().size(), 1U) << cross.body;
  const auto& finding = cross_json.at("items").as_array()[0];
  EXPECT_EQ(finding.at("reports").as_array().size(), 3U);
  EXPECT_FALSE(finding.at("reasons").as_array().empty());
  EXPECT_NE(cross.body.find("lancashire"), std::string::npos);
  EXPECT_EQ(cross.body.find("REF-2026"), std::string::npos) << "crime references leak";
  EXPECT_EQ(cross.body.find("night_watcher"), std::string::npos) << "identifiers leak";
  EXPECT_EQ(std::string(finding.at("suspect").as_string()).substr(0, 2), "P-");

  // A Met lead sees only findings that involve the Met.
  HttpClient met_lead(server_->port());
  As(met_lead, "lead");
  const Reply none = met_lead.Get("/api/v1/findings?force=cumbria&type=cross_force");
  ASSERT_EQ(none.status, 200U);
  EXPECT_TRUE(none.Json().at("items").as_array().empty()) << none.body;
  // Officers may not read findings at all.
  EXPECT_EQ(lancashire.Get("/api/v1/findings").status, 403U);

  const Reply misrecorded = client.Get("/api/v1/findings?force=lancashire&type=misrecorded");
  ASSERT_EQ(misrecorded.status, 200U);
  EXPECT_FALSE(misrecorded.Json().at("items").as_array().empty()) << misrecorded.body;

  EXPECT_EQ(client.Get("/api/v1/findings?type=gossip").status, 400U);
  EXPECT_EQ(client.Get("/api/v1/findings?force=atlantis").status, 400U);
  EXPECT_EQ(client.Get("/api/v1/findings?colour=red").status, 400U);
}

}  // namespace
}  // namespace threadline
