// The access matrix: every route, every role, the expected outcome, from one
// table (access_matrix.csv), run against the real server. A route the server
// registers without a row in the table fails the suite.

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "../support/shared_server_test.hpp"
#include "api/handlers/routes.hpp"
#include "refdata/refdata.hpp"
#include "screening/screener.hpp"
#include "services/case_service.hpp"
#include "services/finding_records.hpp"
#include "services/findings_service.hpp"
#include "services/panel_service.hpp"
#include "services/seed.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline {
namespace {

using testing::HttpClient;
using testing::Reply;

const std::vector<std::string> kRoles = {"officer",   "lead",     "clinician",
                                         "probation", "advocate", "prosecutor",
                                         "analyst",   "admin",    "anonymous"};

struct Row {
  int line = 0;
  std::string method, pattern, path, body;
  std::map<std::string, std::string> expected;  // role -> outcome
};

std::vector<Row> LoadMatrix() {
  std::ifstream in(std::string(THREADLINE_TEST_SOURCE_DIR) + "/tests/http/access_matrix.csv");
  std::stringstream text;
  text << in.rdbuf();
  std::vector<Row> rows;
  int line = 0;
  for (const auto& cells : refdata::ParseSimpleTable(text.str())) {
    ++line;
    if (cells.size() == 4 + kRoles.size() && cells[0] == "method") continue;
    EXPECT_EQ(cells.size(), 4 + kRoles.size()) << "matrix row " << line;
    if (cells.size() != 4 + kRoles.size()) continue;
    Row row{line, cells[0], cells[1], cells[2], cells[3], {}};
    for (size_t i = 0; i < kRoles.size(); ++i) row.expected[kRoles[i]] = cells[4 + i];
    rows.push_back(std::move(row));
  }
  return rows;
}

// The routes the server registers, from the same BuildRouter it runs.
// Builds the server's router over a scratch database and hands it to `fn`.
template <typename Fn>
void WithRouter(Fn&& fn) {
  testing::TempDir dir;
  auto opened = store::OpenSqlite({dir.File("routes.db")});
  EXPECT_TRUE(opened.ok());
  auto& store = **opened;
  const refdata::RefData data;
  const services::Clock clock = services::SystemClock();
  auto access = services::AccessControl::Load(data, clock);
  auto screener = screening::Screener::Load(data);
  auto links = services::LinkService::Create(store, *access, data, clock);
  EXPECT_TRUE(access.ok() && screener.ok() && links.ok());
  services::ReportService reports(store, *access, clock);
  services::ScreeningService screenings(store, *screener, *access, clock);
  services::FindingsService findings(store, **links, *access, clock);
  services::SessionService sessions(store, *access, clock);
  services::AdminService admin(store, *access, clock, access::MinimumPasswordCost());
  auto tiers = risk::TierRules::Load(data);
  auto calendar = services::LoadWorkingCalendar(data);
  EXPECT_TRUE(tiers.ok() && calendar.ok());
  services::CaseService cases(store, *access, *tiers, *calendar, clock);
  auto rfgv = risk::RfgvModel::Load(data);
  EXPECT_TRUE(rfgv.ok());
  services::PanelService panels(store, *access, *rfgv, clock);
  auto reference = reporting::Reference::Load(data);
  EXPECT_TRUE(reference.ok());
  services::StatsService stats(store, *access, *reference, clock, &findings);
  EXPECT_TRUE(services::SeedAgencies(store, data).ok());
  auto self_referrals = services::SelfReferralService::Create(store, data, clock);
  EXPECT_TRUE(self_referrals.ok());
  auto retention = services::RetentionService::Create(store, *access, data, clock);
  EXPECT_TRUE(retention.ok());
  api::ApiContext context{store,    *access, sessions, admin, reports,          screenings, **links,
                          findings, cases,   panels,   stats, **self_referrals, **retention};
  fn(api::BuildRouter(context));
}

std::set<std::pair<std::string, std::string>> RegisteredRoutes() {
  std::set<std::pair<std::string, std::string>> out;
  WithRouter([&](const api::Router& router) {
    for (const auto& r : router.Routes()) out.insert({r.method, r.pattern});
  });
  return out;
}

TEST(OpenApiDocument, ListsEveryRouteWithASummary) {
  WithRouter([](const api::Router& router) {
    EXPECT_EQ(api::UndocumentedRoutes(router), std::vector<std::string>{});
    const auto doc = api::OpenApiDocument(router);
    const auto& paths = doc.at("paths").as_object();
    EXPECT_TRUE(paths.contains("/api/v1/cases/{id}/timeline"));
    const auto& item = paths.at("/api/v1/cases/{id}/{collection}").at("post").as_object();
    EXPECT_FALSE(item.at("parameters").as_array()[1].at("schema").at("enum").as_array().empty());
    for (const auto& r : router.Routes()) {
      std::string method = r.method;
      for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      EXPECT_TRUE(paths.at(r.pattern).as_object().contains(method)) << r.method << " " << r.pattern;
    }
  });
}

TEST(AccessMatrixTable, EveryRegisteredRouteHasARowAndEveryRowARoute) {
  std::set<std::pair<std::string, std::string>> in_table;
  for (const auto& row : LoadMatrix()) in_table.insert({row.method, row.pattern});
  const auto registered = RegisteredRoutes();
  for (const auto& route : registered) {
    EXPECT_TRUE(in_table.contains(route))
        << route.first << " " << route.second << " has no row in tests/http/access_matrix.csv";
  }
  for (const auto& route : in_table) {
    EXPECT_TRUE(registered.contains(route))
        << route.first << " " << route.second << " is in the matrix but not served";
  }
  EXPECT_GE(registered.size(), 30u);
}

class AccessMatrixTest : public testing::SharedServerTest {
 protected:
  static void SetUpTestSuite() { StartDemoServer({"--login-attempts-per-minute", "1000"}); }

  static std::string Field(const Reply& r, const char* key) {
    return std::string(r.Json().at(key).as_string());
  }

  // Records the matrix's fixtures: a Met report with victim and suspect and
  // a screening, a Kent report, a user, a token.
  void SetUp() override {
    if (!ids_.empty()) return;
    HttpClient officer(server_->port());
    As(officer, "officer");
    const Reply report = officer.Post("/api/v1/reports", R"({"force":"met",
        "occurred_at":"2026-04-01T21:00:00Z","summary":"Waited outside the victim's flat.",
        "parties":[{"role":"victim","person":{"given_name":"Mina","family_name":"Matrixson",
                    "address":"1 Test Row","postcode":"N1 1AA","phones":["07700 900555"]}},
                   {"role":"suspect","person":{"given_name":"Sol","family_name":"Matrixson",
                    "phones":["07700 900556"]}}]})");
    ASSERT_EQ(report.status, 201u) << report.body;
    const auto j = report.Json();
    ids_["met_report"] = Field(report, "id");
    ids_["met_victim"] = j.at("parties").as_array()[0].at("person_id").as_string();
    ids_["met_suspect"] = j.at("parties").as_array()[1].at("person_id").as_string();
    // A second occasion: a course of conduct, so a finding to read and acknowledge.
    const std::string parties = R"([{"role":"victim","person_id":")" + ids_["met_victim"] +
                                R"("},{"role":"suspect","person_id":")" + ids_["met_suspect"] +
                                R"("}])";
    const Reply again = officer.Post(
        "/api/v1/reports",
        R"({"force":"met","occurred_at":"2026-04-08T21:00:00Z","parties":)" + parties + "}");
    ASSERT_EQ(again.status, 201u) << again.body;
    ids_["met_finding"] = services::FindingRecordId("course_exists:course:" + ids_["met_report"]);
    const Reply screening =
        officer.Post("/api/v1/reports/" + ids_["met_report"] + "/screenings",
                     R"({"questionnaire_version":"v1","answers":{"four_unwanted":"yes",
                         "four_fixated":"unknown","four_obsessive":"unknown","four_repeated":"no",
                         "relationship":"stranger","occasions":1,"behaviours":["contacting"]}})");
    ASSERT_EQ(screening.status, 201u) << screening.body;
    ids_["met_screening"] = Field(screening, "id");
    const Reply referral =
        officer.Post("/api/v1/referrals", R"({"source":"police_report","screening_id":")" +
                                              ids_["met_screening"] + R"("})");
    ASSERT_EQ(referral.status, 201u) << referral.body;
    ids_["met_case"] = Field(referral, "id");
    const Reply note = officer.Post("/api/v1/cases/" + ids_["met_case"] + "/notes",
                                    R"({"text":"Victim called in; no change."})");
    ASSERT_EQ(note.status, 201u) << note.body;
    ids_["met_note"] = Field(note, "id");
    HttpClient lead(server_->port());
    As(lead, "lead");
    const Reply panel = lead.Post("/api/v1/panels", R"({"code":"matrix-clinic",
        "name":"Matrix stalking clinic","kind":"stalking_clinic","area":"met"})");
    ASSERT_EQ(panel.status, 201u) << panel.body;
    ids_["met_panel"] = Field(panel, "id");

    HttpClient kent(server_->port());
    AsOfficerOf(kent, "kent");
    const Reply kent_report = kent.Post("/api/v1/reports", R"({"force":"kent",
        "occurred_at":"2026-04-02T21:00:00Z",
        "parties":[{"role":"victim","person":{"given_name":"Kay"}}]})");
    ASSERT_EQ(kent_report.status, 201u) << kent_report.body;
    ids_["kent_report"] = Field(kent_report, "id");
    // A course of conduct seen by Kent alone.
    const Reply first_kent = kent.Post("/api/v1/reports", R"({"force":"kent",
        "occurred_at":"2026-04-03T21:00:00Z","parties":[
          {"role":"victim","person":{"given_name":"Kim","family_name":"Kentish"}},
          {"role":"suspect","person":{"given_name":"Ken","family_name":"Kentish"}}]})");
    ASSERT_EQ(first_kent.status, 201u) << first_kent.body;
    const auto kent_parties = first_kent.Json().at("parties").as_array();
    const std::string kent_pair = R"([{"role":"victim","person_id":")" +
                                  std::string(kent_parties[0].at("person_id").as_string()) +
                                  R"("},{"role":"suspect","person_id":")" +
                                  std::string(kent_parties[1].at("person_id").as_string()) +
                                  R"("}])";
    const Reply second_kent = kent.Post(
        "/api/v1/reports",
        R"({"force":"kent","occurred_at":"2026-04-09T21:00:00Z","parties":)" + kent_pair + "}");
    ASSERT_EQ(second_kent.status, 201u) << second_kent.body;
    ids_["kent_finding"] =
        services::FindingRecordId("course_exists:course:" + Field(first_kent, "id"));

    HttpClient admin(server_->port());
    As(admin, "admin");
    const auto agencies = admin.Get("/api/v1/agencies").Json();
    for (const auto& a : agencies.at("items").as_array()) {
      const std::string code(a.at("code").as_string());
      if (code == "met" || code == "kent") ids_[code] = a.at("id").as_string();
    }
    const Reply user = admin.Post("/api/v1/users", R"({"username":"matrix-target",
        "display_name":"Target","role":"officer","agency":"met",
        "password":"a long pass phrase for the target"})");
    ASSERT_EQ(user.status, 201u) << user.body;
    ids_["user"] = Field(user, "id");
    const Reply token = admin.Post("/api/v1/service-tokens",
                                   R"({"name":"matrix","agency":"met","actions":["report.read"]})");
    ASSERT_EQ(token.status, 201u) << token.body;
    ids_["token"] = Field(token, "id");
  }

  // A new emergency grant on the Met report, opened by Kent, awaiting review.
  static std::string FreshGrant() {
    HttpClient kent(server_->port());
    AsOfficerOf(kent, "kent");
    const Reply g = kent.Post("/api/v1/emergency-access",
                              R"({"record_type":"report","record_id":")" + ids_["met_report"] +
                                  R"(","reason":"victim may be at risk tonight"})");
    EXPECT_EQ(g.status, 201u) << g.body;
    return Field(g, "id");
  }

  // Two new Met person records, "A/B" (the victim and suspect of a new
  // report); with `decided`, the officer has decided they are different.
  static std::string FreshPair(bool decided) {
    HttpClient officer(server_->port());
    As(officer, "officer");
    const Reply r = officer.Post("/api/v1/reports", R"({"force":"met",
        "occurred_at":"2026-04-03T21:00:00Z",
        "parties":[{"role":"victim","person":{"given_name":"Pia","family_name":"Pairson"}},
                   {"role":"suspect","person":{"given_name":"Per","family_name":"Pairson"}}]})");
    EXPECT_EQ(r.status, 201u) << r.body;
    if (r.status != 201u) return "no-pair/no-pair";
    const auto json = r.Json();
    const auto& parties = json.at("parties").as_array();
    const std::string pair = std::string(parties[0].at("person_id").as_string()) + "/" +
                             std::string(parties[1].at("person_id").as_string());
    if (decided) {
      const Reply d = officer.Request("PUT", "/api/v1/links/" + pair + "/decision",
                                      R"({"decision":"different","reason":"Matrix set-up"})");
      EXPECT_EQ(d.status, 201u) << d.body;
    }
    return pair;
  }

  static std::string Fill(std::string text) {
    static int counter = 0;
    for (size_t at = text.find('{'); at != std::string::npos; at = text.find('{', at + 1)) {
      const size_t end = text.find('}', at);
      if (end == std::string::npos) break;
      const std::string name = text.substr(at + 1, end - at - 1);
      std::string value;
      if (name == "n") {
        value = std::to_string(++counter);
      } else if (name == "fresh_grant") {
        value = FreshGrant();
      } else if (name == "fresh_pair" || name == "decided_pair") {
        value = FreshPair(name == "decided_pair");
      } else if (ids_.contains(name)) {
        value = ids_[name];
      } else {
        continue;  // JSON braces
      }
      text.replace(at, end - at + 1, value);
    }
    return text;
  }

  static inline std::map<std::string, std::string> ids_;
};

bool Withheld(const Reply& r) { return r.body.find(R"("withheld":[{)") != std::string::npos; }

TEST_F(AccessMatrixTest, EveryRoleGetsTheExpectedOutcomeOnEveryRoute) {
  for (const auto& row : LoadMatrix()) {
    for (const auto& role : kRoles) {
      HttpClient client(server_->port());
      const bool signing_in = row.method == "POST" && row.pattern == "/api/v1/session";
      if (role != "anonymous" && !signing_in) {
        if (row.method == "DELETE" && row.pattern == "/api/v1/sessions") {
          // The previous row ended the cached session: sign in afresh (the
          // administrator with the next second-factor step).
          Forget(role);
          const auto fresh = testing::SignIn(client, role, testing::kDemoPassword, 1);
          (void)fresh;
        } else {
          As(client, role);
        }
      }
      const std::string path = Fill(row.path);
      const std::string body = Fill(row.body);
      const Reply r = client.Request(row.method, path, body);
      const std::string& want = row.expected.at(role);
      const std::string where = "row " + std::to_string(row.line) + " " + row.method + " " +
                                row.path + " as " + role + ": " + std::to_string(r.status) + " " +
                                r.body.substr(0, 300);
      if (want == "allow") {
        EXPECT_TRUE(r.status >= 200 && r.status < 300) << where;
        EXPECT_FALSE(Withheld(r)) << where;
      } else if (want == "redact") {
        EXPECT_TRUE(r.status >= 200 && r.status < 300) << where;
        EXPECT_TRUE(Withheld(r)) << where;
      } else if (want == "deny") {
        EXPECT_EQ(r.status, 403u) << where;
      } else if (want == "hidden") {
        EXPECT_EQ(r.status, 404u) << where;
      } else if (want == "anon") {
        EXPECT_EQ(r.status, 401u) << where;
      } else if (want == "invalid") {
        EXPECT_EQ(r.status, 400u) << where;
      } else {
        ADD_FAILURE() << "unknown outcome \"" << want << "\" in " << where;
      }
      if (row.method == "DELETE" && row.pattern == "/api/v1/session" && role != "anonymous") {
        Forget(role);
      }
    }
  }
}

}  // namespace
}  // namespace threadline
