// The link chart over HTTP: a victim recorded on three reports in two
// forces, by a suspect known only by an online handle. The Met's chart
// shows its own reports, the records identity resolution joins, the shared
// handle and the forces; Kent's record is a pointer, not a record.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>

#include "../support/http_client.hpp"
#include "../support/shared_server_test.hpp"

namespace threadline {
namespace {

using testing::HttpClient;
using testing::Reply;

class ChartApiTest : public testing::SharedServerTest {
 protected:
  // Stores a report; returns the person ids of its victim and suspect.
  static std::pair<std::string, std::string> Record(HttpClient& client, const std::string& force,
                                                    const std::string& reference,
                                                    const std::string& when,
                                                    const std::string& victim_extra,
                                                    const std::string& handle) {
    const Reply r =
        client.Post("/api/v1/reports", R"({"force":")" + force + R"(","reference":")" + reference +
                                           R"(","occurred_at":")" + when + R"(",
        "recorded_as":"harassment_s2","behaviours":["contacting","following"],
        "parties":[{"role":"victim","person":{"given_name":"Imelda","family_name":"Chartwell",
                    "dob":"1982-06-19","phones":["07700 900661"])" +
                                           victim_extra + R"(}},
                   {"role":"suspect","person":{"handles":[")" +
                                           handle + R"("]}}]})");
    EXPECT_EQ(r.status, 201U) << r.body;
    const auto j = r.Json();
    const auto& parties = j.at("parties").as_array();
    return {std::string(parties[0].at("person_id").as_string()),
            std::string(parties[1].at("person_id").as_string())};
  }

  static const boost::json::object* Node(const boost::json::value& chart, const std::string& id) {
    for (const auto& n : chart.at("nodes").as_array()) {
      if (n.at("id").as_string() == id) return &n.as_object();
    }
    return nullptr;
  }

  static bool HasEdge(const boost::json::value& chart, const std::string& kind,
                      const std::string& source, const std::string& target) {
    const auto& edges = chart.at("edges").as_array();
    return std::any_of(edges.begin(), edges.end(), [&](const boost::json::value& e) {
      const bool forward =
          e.at("source").as_string() == source && e.at("target").as_string() == target;
      const bool backward =
          e.at("source").as_string() == target && e.at("target").as_string() == source;
      return e.at("kind").as_string() == kind && (forward || (kind == "same_person" && backward));
    });
  }
};

TEST_F(ChartApiTest, AVictimsChartShowsReportsLinkedRecordsTheSharedHandleAndForces) {
  HttpClient met(server_->port());
  As(met, "officer");
  const auto [v1, s1] =
      Record(met, "met", "CHART-1", "2026-01-10T21:00:00Z", "", "@chart_watcher_synthetic");
  const auto [v2, s2] =
      Record(met, "met", "CHART-2", "2026-02-14T21:00:00Z", "", "@Chart_Watcher_Synthetic");
  HttpClient kent(server_->port());
  AsOfficerOf(kent, "kent");
  const auto [v3, s3] = Record(kent, "kent", "KENT-CHART-3", "2026-03-20T21:00:00Z",
                               R"(,"address":"9 Kentish Lane")", "@chart_watcher_synthetic");

  const Reply r = met.Get("/api/v1/persons/" + v1 + "/chart");
  ASSERT_EQ(r.status, 200U) << r.body;
  const auto chart = r.Json();
  EXPECT_EQ(chart.at("person_id").as_string(), v1);
  EXPECT_TRUE(chart.at("links_shown").as_bool());
  EXPECT_FALSE(chart.at("truncated").as_bool());

  // The victim, first; the second Met record of her, linked with its strength.
  const auto& first = chart.at("nodes").as_array().at(0);
  EXPECT_EQ(first.at("id").as_string(), "person:" + v1);
  EXPECT_TRUE(first.at("root").as_bool());
  EXPECT_EQ(first.at("given_name").as_string(), "Imelda");
  EXPECT_EQ(first.at("roles").as_array(), boost::json::array{"victim"});
  EXPECT_EQ(first.at("access").at("basis").as_string(), "own agency");
  ASSERT_NE(Node(chart, "person:" + v2), nullptr) << r.body;
  EXPECT_TRUE(HasEdge(chart, "same_person", "person:" + v1, "person:" + v2)) << r.body;
  for (const auto& e : chart.at("edges").as_array()) {
    if (e.at("kind").as_string() == "same_person") {
      EXPECT_GE(e.at("probability").as_double(), 0.5);
    }
  }

  // Both Met reports, with their reference, classification and force.
  std::vector<std::string> references;
  std::string report_id;
  for (const auto& n : chart.at("nodes").as_array()) {
    if (n.at("kind").as_string() != "report") continue;
    references.emplace_back(n.at("reference").as_string());
    EXPECT_EQ(n.at("recorded_as").as_string(), "harassment_s2");
    EXPECT_EQ(n.at("force").as_string(), "met");
    report_id = n.at("report_id").as_string();
    EXPECT_TRUE(HasEdge(chart, "recorded_by", "report:" + report_id, "force:met")) << r.body;
  }
  EXPECT_EQ(references, (std::vector<std::string>{"CHART-1", "CHART-2"}));
  const auto* force = Node(chart, "force:met");
  ASSERT_NE(force, nullptr);
  EXPECT_EQ(force->at("name").as_string(), "Metropolitan Police Service");

  // Both suspect records hold the handle: one identifier, two holders.
  ASSERT_NE(Node(chart, "person:" + s1), nullptr);
  ASSERT_NE(Node(chart, "person:" + s2), nullptr);
  EXPECT_EQ(Node(chart, "person:" + s2)->at("roles").as_array(), boost::json::array{"suspect"});
  const boost::json::object* handle = nullptr;
  for (const auto& n : chart.at("nodes").as_array()) {
    if (n.at("kind").as_string() == "identifier" &&
        n.at("identifier_kind").as_string() == "handle") {
      handle = &n.as_object();
    }
  }
  ASSERT_NE(handle, nullptr) << r.body;
  EXPECT_EQ(handle->at("holders").as_int64(), 2);
  const std::string handle_id(handle->at("id").as_string());
  EXPECT_TRUE(HasEdge(chart, "has_identifier", "person:" + s1, handle_id));
  EXPECT_TRUE(HasEdge(chart, "has_identifier", "person:" + s2, handle_id));

  // Kent's record of the victim is linked but not shared: a pointer with no
  // content, and Kent's report is not charted at all.
  const auto* pointer = Node(chart, "person:" + v3);
  ASSERT_NE(pointer, nullptr) << r.body;
  EXPECT_FALSE(pointer->at("visible").as_bool());
  EXPECT_FALSE(pointer->contains("given_name"));
  EXPECT_EQ(r.body.find("Kentish Lane"), std::string::npos);
  EXPECT_EQ(r.body.find("KENT-CHART-3"), std::string::npos);
  EXPECT_EQ(Node(chart, "force:kent"), nullptr);

  // The read is audited against each record shown.
  HttpClient lead(server_->port());
  As(lead, "lead");
  const auto audited = [&](const std::string& type, const std::string& id,
                           const std::string& action) {
    const Reply audit = lead.Get("/api/v1/audit?record_type=" + type + "&record=" + id);
    EXPECT_EQ(audit.status, 200U) << audit.body;
    return audit.body.find(R"("action":")" + action + R"(")") != std::string::npos;
  };
  EXPECT_TRUE(audited("person", s2, "person.chart"));
  EXPECT_TRUE(audited("report", report_id, "report.chart"));
}

TEST_F(ChartApiTest, OtherAgenciesUnknownIdsAndRolesWithoutPersonReadAreRefused) {
  HttpClient met(server_->port());
  As(met, "officer");
  const auto [victim, suspect] =
      Record(met, "met", "CHART-9", "2026-04-01T21:00:00Z", "", "@chart_refusal_synthetic");
  (void)suspect;
  EXPECT_EQ(met.Get("/api/v1/persons/01ARZ3NDEKTSV4RRFFQ69G5FAV/chart").status, 404U);
  EXPECT_EQ(met.Get("/api/v1/persons/nonsense/chart").status, 404U);
  EXPECT_EQ(met.Get("/api/v1/persons/" + victim + "/chart?depth=2").status, 400U);

  HttpClient kent(server_->port());
  AsOfficerOf(kent, "kent");
  const Reply hidden = kent.Get("/api/v1/persons/" + victim + "/chart");
  EXPECT_EQ(hidden.status, 404U) << hidden.body;
  EXPECT_EQ(hidden.body.find("Chartwell"), std::string::npos);

  HttpClient analyst(server_->port());
  As(analyst, "analyst");
  EXPECT_EQ(analyst.Get("/api/v1/persons/" + victim + "/chart").status, 403U);
  HttpClient anonymous(server_->port());
  EXPECT_EQ(anonymous.Get("/api/v1/persons/" + victim + "/chart").status, 401U);
}

}  // namespace
}  // namespace threadline
