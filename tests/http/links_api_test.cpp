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
  const std::string met = VictimOf(client, R"({"force":"met","occurred_at":"2026-03-01T10:00:00Z",
      "parties":[{"role":"victim","person":{"given_name":"Rebecca","family_name":"Featherstonehaugh",
                  "dob":"1985-03-12","postcode":"N1 7QQ","phones":["07700 900321"]}}]})");
  const std::string stranger =
      VictimOf(client, R"({"force":"met","occurred_at":"2026-03-02T10:00:00Z",
      "parties":[{"role":"victim","person":{"given_name":"Oliver","family_name":"Pemberton",
                  "dob":"1960-11-30","postcode":"SE5 9ZZ"}}]})");
  const std::string kent = VictimOf(client, R"({"force":"kent","occurred_at":"2026-04-01T10:00:00Z",
      "parties":[{"role":"victim","person":{"given_name":"Becky","family_name":"Featherstonehaugh",
                  "dob":"1985-03-12","phones":["+44 7700 900321"]}}]})");

  const Reply links = client.Get("/api/v1/persons/" + kent + "/links");
  ASSERT_EQ(links.status, 200U) << links.body;
  const auto json = links.Json();
  const auto& items = json.at("items").as_array();
  ASSERT_FALSE(items.empty()) << links.body;
  EXPECT_EQ(items[0].at("person_id").as_string(), met);
  EXPECT_GT(items[0].at("probability").as_double(), 0.9);
  for (const auto& item : items) EXPECT_NE(item.at("person_id").as_string(), stranger);

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
  HttpClient client(server_->port());
  auto report = [&](const char* force, const char* when, const char* recorded_as) {
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

  const Reply cross = client.Get("/api/v1/findings?force=cumbria&type=cross_force");
  ASSERT_EQ(cross.status, 200U) << cross.body;
  const auto cross_json = cross.Json();
  ASSERT_EQ(cross_json.at("items").as_array().size(), 1U) << cross.body;
  const auto& finding = cross_json.at("items").as_array()[0];
  EXPECT_EQ(finding.at("reports").as_array().size(), 3U);
  EXPECT_FALSE(finding.at("reasons").as_array().empty());
  EXPECT_NE(cross.body.find("lancashire"), std::string::npos);

  const Reply misrecorded = client.Get("/api/v1/findings?force=lancashire&type=misrecorded");
  ASSERT_EQ(misrecorded.status, 200U);
  EXPECT_FALSE(misrecorded.Json().at("items").as_array().empty()) << misrecorded.body;

  EXPECT_EQ(client.Get("/api/v1/findings?type=gossip").status, 400U);
  EXPECT_EQ(client.Get("/api/v1/findings?force=atlantis").status, 400U);
  EXPECT_EQ(client.Get("/api/v1/findings?colour=red").status, 400U);
}

}  // namespace
}  // namespace threadline
