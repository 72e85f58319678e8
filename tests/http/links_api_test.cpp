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
