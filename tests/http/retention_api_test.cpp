// Retention review through the real server: the administrator's queue of
// records whose review date has passed, keeping and deleting, what a
// deletion leaves (its audit trail) and what it takes (the record, for
// everyone), and the bad input that must change nothing. The server runs the
// demo data with an installation's own review periods (one month), so the
// synthetic records, months old, are due.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>

#include "../support/shared_server_test.hpp"

namespace threadline {
namespace {

using testing::HttpClient;
using testing::Reply;

std::string S(const boost::json::value& v, const char* key) {
  return std::string(v.at(key).as_string());
}

class RetentionApiTest : public testing::SharedServerTest {
 protected:
  static void SetUpTestSuite() {
    data_ = new testing::TempDir("data");
    std::filesystem::create_directories(data_->File("retention"));
    std::ofstream(data_->File("retention/review-periods.csv"))
        << "record_type,review_after_months,counted_from,grounds\n"
           "report,1,last_activity,\"a test installation's short period\"\n"
           "case,1,closure,\"a test installation's short period\"\n";
    ::setenv("THREADLINE_DATA_DIR", data_->path().c_str(), 1);
    StartDemoServer({"--reports", "400", "--login-attempts-per-minute", "1000"});
    ::unsetenv("THREADLINE_DATA_DIR");
  }
  static void TearDownTestSuite() {
    SharedServerTest::TearDownTestSuite();
    delete data_;
    data_ = nullptr;
  }

  static boost::json::value Queue(HttpClient& admin, const std::string& query = "") {
    const Reply r = admin.Get("/api/v1/retention/queue" + query);
    EXPECT_EQ(r.status, 200U) << r.body;
    return r.Json();
  }

  // The first queued item whose `held_by_cases` is (or is not) empty.
  static boost::json::object Pick(const boost::json::value& queue, bool held) {
    for (const auto& item : queue.at("items").as_array()) {
      if (item.at("held_by_cases").as_array().empty() != held) return item.as_object();
    }
    ADD_FAILURE() << "no queued item with held = " << held;
    return {};
  }

  static Reply Decide(HttpClient& client, const std::string& type, const std::string& id,
                      const std::string& decision, const std::string& extra = "") {
    return client.Post("/api/v1/retention/reviews",
                       R"({"record_type":")" + type + R"(","record_id":")" + id +
                           R"(","decision":")" + decision +
                           R"(","reason":"reviewed under the force's policy")" + extra + "}");
  }

  static inline testing::TempDir* data_ = nullptr;
};

TEST_F(RetentionApiTest, TheQueueListsDueRecordsWithTheirReasons) {
  HttpClient admin(server_->port());
  As(admin, "admin");
  const Reply rules = admin.Get("/api/v1/retention/rules");
  ASSERT_EQ(rules.status, 200U) << rules.body;
  EXPECT_EQ(rules.Json().at("items").as_array().size(), 2U);

  const auto queue = Queue(admin, "?limit=20");
  const std::string today = S(queue, "today");
  EXPECT_EQ(queue.at("rule").at("review_after_months").as_int64(), 1);
  const auto& items = queue.at("items").as_array();
  ASSERT_EQ(items.size(), 20U);
  ASSERT_TRUE(queue.at("next_cursor").is_string());
  std::set<std::string> seen;
  for (const auto& item : items) {
    EXPECT_EQ(S(item, "record_type"), "report");
    EXPECT_LE(S(item, "due_on"), today);
    EXPECT_GE(item.at("reasons").as_array().size(), 3U);
    seen.insert(S(item, "record_id"));
  }
  // The next page goes on where this one ended.
  const auto next = Queue(admin, "?limit=20&cursor=" + S(queue, "next_cursor"));
  ASSERT_FALSE(next.at("items").as_array().empty());
  for (const auto& item : next.at("items").as_array()) {
    EXPECT_FALSE(seen.contains(S(item, "record_id")));
  }

  const auto cases = Queue(admin, "?type=case");
  ASSERT_FALSE(cases.at("items").as_array().empty()) << "the demo has closed cases";
  for (const auto& item : cases.at("items").as_array()) EXPECT_EQ(S(item, "status"), "closed");
}

TEST_F(RetentionApiTest, DeletingAReportTakesItFromEveryoneAndLeavesItsAuditTrail) {
  HttpClient admin(server_->port());
  As(admin, "admin");
  HttpClient lead(server_->port());
  As(lead, "lead");
  const auto item = Pick(Queue(admin, "?limit=200"), false);
  const std::string id = S(item, "record_id");
  ASSERT_EQ(lead.Get("/api/v1/reports/" + id).status, 200U);
  const int64_t reports = Count(store::Table::kReports);

  const Reply deleted = Decide(admin, "report", id, "delete");
  ASSERT_EQ(deleted.status, 201U) << deleted.body;
  const auto body = deleted.Json();
  EXPECT_EQ(S(body.at("review"), "decision"), "delete");
  EXPECT_EQ(body.at("deleted").at("reports").as_int64(), 1);
  EXPECT_EQ(Count(store::Table::kReports), reports - 1);
  EXPECT_EQ(lead.Get("/api/v1/reports/" + id).status, 404U);
  const auto after = Queue(admin, "?limit=200");
  for (const auto& queued : after.at("items").as_array()) EXPECT_NE(S(queued, "record_id"), id);
  // Who saw the report, and that it was deleted, and why, is still there.
  const Reply trail = admin.Get("/api/v1/audit?record_type=report&record=" + id);
  ASSERT_EQ(trail.status, 200U) << trail.body;
  bool read_by_lead = false;
  bool deletion = false;
  const auto entries = trail.Json();
  for (const auto& e : entries.at("items").as_array()) {
    read_by_lead |= S(e, "action") == "report.read";
    if (S(e, "action") == "retention.delete") {
      deletion = true;
      EXPECT_EQ(S(e, "purpose"), "reviewed under the force's policy");
    }
  }
  EXPECT_TRUE(read_by_lead);
  EXPECT_TRUE(deletion);
}

TEST_F(RetentionApiTest, KeepingAReportTakesItOffTheQueueUntilItsNextReview) {
  HttpClient admin(server_->port());
  As(admin, "admin");
  const auto item = Pick(Queue(admin, "?limit=200"), false);
  const std::string id = S(item, "record_id");
  const Reply kept = Decide(admin, "report", id, "retain", R"(,"next_review_on":"2031-01-31")");
  ASSERT_EQ(kept.status, 201U) << kept.body;
  EXPECT_EQ(S(kept.Json().at("review"), "next_review_on"), "2031-01-31");
  const auto after = Queue(admin, "?limit=200");
  for (const auto& queued : after.at("items").as_array()) EXPECT_NE(S(queued, "record_id"), id);
  HttpClient lead(server_->port());
  As(lead, "lead");
  EXPECT_EQ(lead.Get("/api/v1/reports/" + id).status, 200U);
}

TEST_F(RetentionApiTest, ACaseGoesWholeAndAReportItHoldsWaitsForIt) {
  HttpClient admin(server_->port());
  As(admin, "admin");
  HttpClient lead(server_->port());
  As(lead, "lead");
  const auto held = Pick(Queue(admin, "?limit=200"), true);
  const Reply refused = Decide(admin, "report", S(held, "record_id"), "delete");
  EXPECT_EQ(refused.status, 409U) << refused.body;

  const auto closed = Queue(admin, "?type=case").at("items").as_array().at(0);
  const std::string case_id = S(closed, "record_id");
  ASSERT_EQ(lead.Get("/api/v1/cases/" + case_id).status, 200U);
  const int64_t items = Count(store::Table::kCaseItems);
  const Reply deleted = Decide(admin, "case", case_id, "delete");
  ASSERT_EQ(deleted.status, 201U) << deleted.body;
  const auto counts = deleted.Json().at("deleted");
  EXPECT_EQ(counts.at("cases").as_int64(), 1);
  EXPECT_EQ(Count(store::Table::kCaseItems), items - counts.at("case_items").as_int64());
  EXPECT_EQ(lead.Get("/api/v1/cases/" + case_id).status, 404U);
}

TEST_F(RetentionApiTest, ARecordNotYetDueIsNotDeleted) {
  HttpClient officer(server_->port());
  As(officer, "officer");
  const Reply report = officer.Post("/api/v1/reports", R"({"force":"met",
      "occurred_at":"2026-10-01T21:00:00Z","recorded_as":"stalking_s2a",
      "parties":[{"role":"victim","person":{"given_name":"Ada","family_name":"Recent"}}]})");
  ASSERT_EQ(report.status, 201U) << report.body;
  HttpClient admin(server_->port());
  As(admin, "admin");
  const Reply refused = Decide(admin, "report", S(report.Json(), "id"), "delete");
  EXPECT_EQ(refused.status, 409U) << refused.body;
  EXPECT_NE(refused.body.find("not due for review until"), std::string::npos);
}

TEST_F(RetentionApiTest, BadRequestsAreRefusedAndChangeNothing) {
  HttpClient admin(server_->port());
  As(admin, "admin");
  const std::string id = S(Pick(Queue(admin, "?limit=200"), false), "record_id");
  const int64_t reports = Count(store::Table::kReports);
  const size_t queued = Queue(admin, "?limit=200").at("items").as_array().size();

  struct Bad {
    std::string body;
    unsigned status;
  };
  const std::string good_start = R"({"record_type":"report","record_id":")" + id + R"(",)";
  const std::vector<Bad> bad = {
      {"{not json", 400},
      {"[]", 400},
      {good_start + R"("decision":"delete","reason":5})", 400},
      {good_start + R"("decision":"delete","reason":"r","extra":true})", 400},
      {good_start + R"("decision":"shred","reason":"r"})", 400},
      {good_start + R"("decision":"delete"})", 400},
      {good_start + R"("decision":"delete","reason":"r","next_review_on":"2030-01-01"})", 400},
      {good_start + R"("decision":"retain","reason":"r","next_review_on":"yesterday"})", 400},
      {good_start + "\"decision\":\"delete\",\"reason\":\"bad \xc3\x28 bytes\"}", 400},
      {R"({"record_type":"report","record_id":"01J0000000000000000000000Z","decision":"delete",)"
       R"("reason":"r"})",
       404},
      {R"({"record_type":"report","record_id":"../../x","decision":"delete","reason":"r"})", 404},
      {good_start + R"("decision":"delete","reason":")" + std::string(3'000'000, 'x') + "\"}", 413},
  };
  for (const auto& b : bad) {
    const Reply r = admin.Post("/api/v1/retention/reviews", b.body);
    EXPECT_EQ(r.status, b.status) << b.body.substr(0, 120) << " -> " << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/problem+json") << b.body.substr(0, 120);
  }
  for (const char* query :
       {"?type=person", "?limit=0", "?limit=ten", "?cursor=forged", "?colour=red"}) {
    EXPECT_EQ(admin.Get(std::string("/api/v1/retention/queue") + query).status, 400U) << query;
  }
  EXPECT_EQ(admin.Get("/api/v1/retention/queue?agency=atlantis").status, 404U);

  HttpClient officer(server_->port());
  As(officer, "officer");
  EXPECT_EQ(Decide(officer, "report", id, "delete").status, 403U);
  EXPECT_EQ(officer.Get("/api/v1/retention/queue").status, 403U);
  HttpClient anonymous(server_->port());
  EXPECT_EQ(Decide(anonymous, "report", id, "delete").status, 401U);

  EXPECT_EQ(Count(store::Table::kReports), reports);
  EXPECT_EQ(Queue(admin, "?limit=200").at("items").as_array().size(), queued);
}

}  // namespace
}  // namespace threadline
