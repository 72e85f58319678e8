// Screening over HTTP: the questionnaire, a first screening, a re-screening
// when a new incident joins the course of conduct, and bad answers refused
// with nothing stored.
#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

#include "../support/http_client.hpp"
#include "../support/shared_server_test.hpp"

namespace threadline {
namespace {

using testing::HttpClient;
using testing::Reply;

class ScreeningApiTest : public testing::SharedServerTest {
 protected:
  static int64_t Screenings() { return Count(store::Table::kScreenings); }

  // A report with a new victim and suspect; returns {report id, victim, suspect}.
  static std::array<std::string, 3> NewReport(HttpClient& client) {
    const Reply r = client.Post("/api/v1/reports", R"({"force":"cheshire","reference":"INC-1",
        "occurred_at":"2026-03-01T20:00:00Z","recorded_as":"harassment_s2",
        "behaviours":["contacting"],
        "parties":[{"role":"victim","person":{"given_name":"Vee","family_name":"Test"}},
                   {"role":"suspect","person":{"handles":["@synthetic_suspect"]}}]})");
    EXPECT_EQ(r.status, 201U) << r.body;
    const auto j = r.Json();
    const auto& parties = j.at("parties").as_array();
    return {std::string(j.at("id").as_string()),
            std::string(parties[0].at("person_id").as_string()),
            std::string(parties[1].at("person_id").as_string())};
  }
};

constexpr const char* kThinAnswers = R"({"questionnaire_version":"v1",
  "answers":{"four_fixated":"unknown","four_obsessive":"unknown","four_unwanted":"yes",
             "four_repeated":"unknown","relationship":"acquaintance","occasions":1,
             "behaviours":["contacting"]}})";

constexpr const char* kStalkingAnswers = R"({"questionnaire_version":"v1",
  "answers":{"four_fixated":"yes","four_obsessive":"yes","four_unwanted":"yes","four_repeated":"yes",
             "relationship":"acquaintance","occasions":6,"period_days":40,
             "behaviours":["following","contacting","loitering"],
             "alarm_distress":"yes","fear_of_violence":"yes","fear_of_violence_occasions":2,
             "risk_very_frightened":"yes","threats_physical":"yes","risk_escalation":"yes"}})";

TEST_F(ScreeningApiTest, TheQuestionnaireIsServedAsData) {
  HttpClient client(server_->port());
  AsOfficerOf(client, "cheshire");
  const Reply r = client.Get("/api/v1/screening/questionnaire");
  ASSERT_EQ(r.status, 200U);
  const auto j = r.Json();
  EXPECT_EQ(j.at("version").as_string(), "v1");
  EXPECT_NE(r.body.find("four_fixated"), std::string::npos);
}

TEST_F(ScreeningApiTest, ANewIncidentReScreensTheCourseOfConduct) {
  HttpClient client(server_->port());
  AsOfficerOf(client, "cheshire");
  const auto [first, victim, suspect] = NewReport(client);
  const Reply one = client.Post("/api/v1/reports/" + first + "/screenings", kThinAnswers);
  ASSERT_EQ(one.status, 201U) << one.body;
  const auto one_json = one.Json();
  const std::string one_id(one_json.at("id").as_string());
  EXPECT_EQ(one.Header("location"), "/api/v1/screenings/" + one_id);
  EXPECT_TRUE(one_json.at("previous_screening_id").is_null());
  EXPECT_FALSE(one_json.at("classifications").as_array().empty());
  const std::string first_principal(one_json.at("principal").as_string());
  EXPECT_NE(first_principal, "stalking_s4a");
  EXPECT_NE(one_json.at("risk_level").as_string(), "high");

  // A second incident naming the same victim and suspect records.
  const Reply second = client.Post("/api/v1/reports", R"({"force":"cheshire","reference":"INC-2",
      "occurred_at":"2026-04-01T20:00:00Z","recorded_as":"malicious_communications",
      "parties":[{"role":"victim","person_id":")" + victim +
                                                          R"("},
                 {"role":"suspect","person_id":")" + suspect +
                                                          R"("}]})");
  ASSERT_EQ(second.status, 201U) << second.body;
  const std::string second_id(second.Json().at("id").as_string());
  const Reply two = client.Post("/api/v1/reports/" + second_id + "/screenings", kStalkingAnswers);
  ASSERT_EQ(two.status, 201U) << two.body;
  const auto two_json = two.Json();
  EXPECT_EQ(two_json.at("previous_screening_id").as_string(), one_id);
  EXPECT_EQ(two_json.at("principal").as_string(), "stalking_s4a");
  EXPECT_EQ(two_json.at("risk_level").as_string(), "high");
  // What changed is recorded, with the principal classification among it.
  EXPECT_NE(two.body.find("\"kind\":\"principal\""), std::string::npos) << two.body;
  EXPECT_NE(two.body.find("\"kind\":\"risk_level\""), std::string::npos) << two.body;
  // The earlier incident, recorded as harassment, is named in the counting advice.
  EXPECT_NE(two.body.find("INC-1"), std::string::npos);
  // Every classification carries reasons.
  for (const auto& c : two_json.at("result").at("classifications").as_array()) {
    EXPECT_FALSE(c.at("reasons").as_array().empty());
  }

  const Reply got = client.Get("/api/v1/screenings/" + std::string(two_json.at("id").as_string()));
  ASSERT_EQ(got.status, 200U);
  EXPECT_EQ(got.Json().at("principal").as_string(), "stalking_s4a");
  const Reply list = client.Get("/api/v1/reports/" + first + "/screenings");
  ASSERT_EQ(list.status, 200U);
  EXPECT_EQ(list.Json().at("items").as_array().size(), 1U);
}

// Officers screening one course of conduct at the same moment: each
// screening builds on the one before it, so they form one chain (no two name
// the same previous screening) however the writes interleave.
TEST_F(ScreeningApiTest, ScreeningsOfOneCourseAtOnceFormOneChain) {
  HttpClient client(server_->port());
  AsOfficerOf(client, "cheshire");
  const std::string report = NewReport(client)[0];
  constexpr int kThreads = 4;
  constexpr int kEach = 6;
  std::vector<std::thread> threads;
  std::vector<int> created(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      HttpClient mine(server_->port());
      AsOfficerOf(mine, "cheshire");
      for (int i = 0; i < kEach; ++i) {
        const Reply r = mine.Post("/api/v1/reports/" + report + "/screenings",
                                  (t + i) % 2 == 0 ? kThinAnswers : kStalkingAnswers);
        if (r.status == 201U) ++created[t];
      }
    });
  }
  for (auto& t : threads) t.join();
  const Reply list = client.Get("/api/v1/reports/" + report + "/screenings");
  ASSERT_EQ(list.status, 200U);
  const auto listed = list.Json();
  std::vector<std::string> previous;
  for (const auto& item : listed.at("items").as_array()) {
    const auto& p = item.at("previous_screening_id");
    previous.push_back(p.is_null() ? "" : std::string(p.as_string()));
  }
  int made = 0;
  for (int n : created) made += n;
  EXPECT_EQ(static_cast<int>(previous.size()), made);
  EXPECT_EQ(made, kThreads * kEach);  // the last attempt cannot lose the race
  EXPECT_EQ(std::count(previous.begin(), previous.end(), ""), 1) << "one start of the chain";
  EXPECT_EQ(std::set<std::string>(previous.begin(), previous.end()).size(), previous.size())
      << "no two screenings build on the same one";
}

TEST_F(ScreeningApiTest, BadAnswersAreRefusedAndNothingIsStored) {
  HttpClient client(server_->port());
  AsOfficerOf(client, "cheshire");
  const auto ids = NewReport(client);
  const std::string path = "/api/v1/reports/" + ids[0] + "/screenings";
  const int64_t before = Screenings();
  struct Case {
    const char* body;
    const char* field;
  };
  const Case cases[] = {
      {R"({"questionnaire_version":"v1","answers":{"no_such_question":"yes"}})",
       "answers/no_such_question"},
      {R"({"questionnaire_version":"v1","answers":{"occasions":"lots"}})", "answers/occasions"},
      {R"({"questionnaire_version":"v1","answers":{"four_fixated":"perhaps"}})",
       "answers/four_fixated"},
      {R"({"questionnaire_version":"v9","answers":{}})", "questionnaire_version"},
      {R"({"answers":{}})", "questionnaire_version"},
  };
  for (const auto& c : cases) {
    const Reply r = client.Post(path, c.body);
    EXPECT_EQ(r.status, 400U) << c.body;
    EXPECT_NE(r.body.find(std::string("\"field\":\"") + c.field + "\""), std::string::npos)
        << c.field << " in " << r.body;
  }
  EXPECT_EQ(client.Post(path, "{not json").status, 400U);
  EXPECT_EQ(client.Request("POST", path, kThinAnswers, "text/plain").status, 400U);
  EXPECT_EQ(
      client.Post("/api/v1/reports/01ARZ3NDEKTSV4RRFFQ69G5FAV/screenings", kThinAnswers).status,
      404U);
  EXPECT_EQ(client.Get("/api/v1/screenings/01ARZ3NDEKTSV4RRFFQ69G5FAV").status, 404U);
  EXPECT_EQ(Screenings(), before);
}

}  // namespace
}  // namespace threadline
