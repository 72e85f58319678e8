// Whole cases walked through the real server: referral from a screened
// report, triage into tiers, orders and breaches, Victims' Code clocks,
// criminal justice outcomes, the timeline and the audit trail; and the bad
// input and concurrency cases, each proven to change nothing.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "../support/shared_server_test.hpp"

namespace threadline {
namespace {

using testing::HttpClient;
using testing::Reply;

std::string S(const boost::json::value& v, const char* key) {
  return std::string(v.at(key).as_string());
}

class CasesApiTest : public testing::SharedServerTest {
 protected:
  static void SetUpTestSuite() { StartDemoServer({"--login-attempts-per-minute", "1000"}); }

  // A Met report of stranger stalking with a screening; returns the
  // screening id, and the report id through `report_id`.
  static std::string ScreenedReport(HttpClient& officer, std::string& report_id) {
    const Reply report = officer.Post("/api/v1/reports", R"({"force":"met",
        "occurred_at":"2026-10-01T21:00:00Z","recorded_as":"stalking_s2a",
        "summary":"Followed home from the station on five evenings.",
        "parties":[{"role":"victim","person":{"given_name":"Ada","family_name":"Casework",
                    "address":"2 Test Row","phones":["07700 900111"]}},
                   {"role":"suspect","person":{"given_name":"Ben","family_name":"Stranger"}}]})");
    EXPECT_EQ(report.status, 201u) << report.body;
    report_id = S(report.Json(), "id");
    const Reply screening =
        officer.Post("/api/v1/reports/" + report_id + "/screenings",
                     R"({"questionnaire_version":"v1","answers":{"four_unwanted":"yes",
                         "four_fixated":"yes","four_obsessive":"yes","four_repeated":"yes",
                         "relationship":"stranger","occasions":5,"behaviours":["following",
                         "loitering"]}})");
    EXPECT_EQ(screening.status, 201u) << screening.body;
    return S(screening.Json(), "id");
  }

  static boost::json::value Refer(HttpClient& officer) {
    std::string report_id;
    const std::string screening = ScreenedReport(officer, report_id);
    const Reply referral = officer.Post(
        "/api/v1/referrals", R"({"source":"police_report","screening_id":")" + screening + R"("})");
    EXPECT_EQ(referral.status, 201u) << referral.body;
    return referral.Json();
  }

  static std::string TriageBody(int64_t version, int tier, const std::string& risk,
                                const std::string& extra_facts = "") {
    return R"({"version":)" + std::to_string(version) +
           R"(,"participants":[{"agency":"met","role":"stalking lead"},
               {"agency":"nhs-beh","role":"psychologist"},{"agency":"probation-london",
               "role":"probation officer"}],"case_type":"stranger","motivation":"intimacy_seeking",
             "risk_level":")" +
           risk + R"(","facts":{"fear_of_violence":true)" + extra_facts + R"(},"tier":)" +
           std::to_string(tier) +
           R"(,"rationale":"Fixated stranger with escalating following.",
             "override_reason":"Panel agreed a different tier after discussion.",
             "action_plan":{"investigation":"Trace CCTV at the station.",
                            "risk_management":"Consider a Stalking Protection Order."},
             "safeguarding_plan":"Advocate referral offered; home security check."})";
  }

  static std::vector<std::string> TimelineKinds(HttpClient& client, const std::string& case_id) {
    const Reply t = client.Get("/api/v1/cases/" + case_id + "/timeline");
    EXPECT_EQ(t.status, 200u) << t.body;
    std::vector<std::string> kinds;
    const auto json = t.Json();
    for (const auto& e : json.at("events").as_array()) kinds.push_back(S(e, "kind"));
    return kinds;
  }

  static bool Contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  }

  // The audit actions recorded against a case, oldest first.
  static std::vector<std::string> AuditActions(const std::string& case_id) {
    HttpClient admin(server_->port());
    As(admin, "admin");
    const Reply audit = admin.Get("/api/v1/audit?record_type=case&record=" + case_id);
    EXPECT_EQ(audit.status, 200u) << audit.body;
    std::vector<std::string> actions;
    const auto entries = audit.Json();
    for (const auto& e : entries.at("items").as_array()) actions.push_back(S(e, "action"));
    return actions;
  }

  static Reply Event(HttpClient& client, const boost::json::value& item, const std::string& body) {
    return client.Post(
        "/api/v1/case-items/" + S(item, "id") + "/events",
        R"({"version":)" + std::to_string(item.at("version").as_int64()) + "," + body + "}");
  }
};

TEST_F(CasesApiTest, NonDomesticStalkingFromScreeningToConvictionWithAnOrderAndABreach) {
  HttpClient officer(server_->port());
  As(officer, "officer");
  const auto kase = Refer(officer);
  const std::string id = S(kase, "id");
  EXPECT_EQ(S(kase, "status"), "referred");
  EXPECT_EQ(kase.at("report_ids").as_array().size(), 1u) << "the screened report travels along";
  EXPECT_FALSE(kase.at("victim_person_id").is_null());
  EXPECT_EQ(S(kase, "reference").rfind("STK-", 0), 0u);

  // The triage queue lists it.
  HttpClient lead(server_->port());
  As(lead, "lead");
  const Reply queue = lead.Get("/api/v1/referrals?limit=200");
  ASSERT_EQ(queue.status, 200u);
  bool queued = false;
  const auto queued_cases = queue.Json();
  for (const auto& c : queued_cases.at("items").as_array()) queued |= S(c, "id") == id;
  EXPECT_TRUE(queued);

  // The rules suggest a tier with reasons; the lead triages to tier 3.
  const Reply suggestion = lead.Post("/api/v1/cases/" + id + "/tier-suggestion",
                                     R"({"risk_level":"high","facts":{"fear_of_violence":true}})");
  ASSERT_EQ(suggestion.status, 200u) << suggestion.body;
  const int suggested = static_cast<int>(suggestion.Json().at("tier").as_int64());
  EXPECT_GE(suggested, 3);
  EXPECT_FALSE(suggestion.Json().at("reasons").as_array().empty());
  const Reply triage = lead.Post("/api/v1/cases/" + id + "/triage", TriageBody(1, 3, "high"));
  ASSERT_EQ(triage.status, 201u) << triage.body;
  const auto triaged = triage.Json();
  EXPECT_EQ(triaged.at("case").at("tier").as_int64(), 3);
  EXPECT_EQ(S(triaged.at("case"), "status"), "open");
  EXPECT_EQ(triaged.at("suggestion").at("tier").as_int64(), suggested);
  EXPECT_FALSE(S(triaged.at("suggestion"), "explanation").empty());

  // Tier 3: listed for the stalking clinic, where the agenda shows why.
  const Reply panel = lead.Post("/api/v1/panels", R"({"code":"scenario-clinic",
      "name":"Scenario stalking clinic","kind":"stalking_clinic","area":"met",
      "schedule":"weekly on Tuesday"})");
  ASSERT_EQ(panel.status, 201u) << panel.body;
  const std::string panel_id = S(panel.Json(), "id");
  const Reply nominated = lead.Post("/api/v1/panels/" + panel_id + "/nominations",
                                    R"({"meeting_date":"2026-12-01","case_id":")" + id +
                                        R"(","source":"team","reason":"Tier 3: clinic review"})");
  ASSERT_EQ(nominated.status, 201u) << nominated.body;
  const Reply agenda = lead.Get("/api/v1/panels/" + panel_id + "/agenda?date=2026-12-01");
  ASSERT_EQ(agenda.status, 200u) << agenda.body;
  EXPECT_NE(agenda.body.find(id), std::string::npos);
  const Reply again = lead.Post("/api/v1/panels/" + panel_id + "/nominations",
                                R"({"meeting_date":"2026-12-01","case_id":")" + id +
                                    R"(","source":"team","reason":"Again"})");
  EXPECT_EQ(again.status, 409u) << "one nomination per case per meeting";

  // SPO: considered, applied, interim, served, full, then breached.
  const Reply order = officer.Post("/api/v1/cases/" + id + "/orders",
                                   R"({"order_type":"spo","court":"Highbury Corner",
                                       "conditions":[{"code":"no_contact","text":""},
                                                     {"code":"exclusion_zone","text":"N1"}]})");
  ASSERT_EQ(order.status, 201u) << order.body;
  auto item = order.Json();
  EXPECT_EQ(S(item, "status"), "considered");
  for (const char* step :
       {R"("event":"apply","on":"2026-10-10")", R"("event":"grant_interim","on":"2026-10-12")",
        R"("event":"serve","on":"2026-10-13")",
        R"("event":"grant_full","on":"2026-12-07","expires_on":"2028-12-07")"}) {
    const Reply r = Event(officer, item, step);
    ASSERT_EQ(r.status, 200u) << step << ": " << r.body;
    item = r.Json();
  }
  EXPECT_EQ(S(item, "status"), "full_granted");
  EXPECT_EQ(S(item.at("body"), "notification_due"), "2026-10-16") << "served + 3 days";
  EXPECT_EQ(S(item, "due_on"), "2028-12-07") << "expiry is the reminder date";
  const Reply breach =
      officer.Post("/api/v1/cases/" + id + "/breaches", R"({"order_id":")" + S(item, "id") +
                                                            R"(","occurred_on":"2026-12-20",
                                        "what_happened":"Waited at the station exit.",
                                        "outcome":"arrested"})");
  ASSERT_EQ(breach.status, 201u) << breach.body;

  // Charge starts a Victims' Code clock: enhanced rights, one working day,
  // over Christmas (25 Dec Friday, 28 Dec the Boxing Day substitute).
  const std::string report_id(kase.at("report_ids").as_array()[0].as_string());
  const Reply charged = officer.Post(
      "/api/v1/cases/" + id + "/outcomes",
      R"({"report_id":")" + report_id + R"(","kind":"charged","occurred_on":"2026-12-24"})");
  ASSERT_EQ(charged.status, 201u) << charged.body;
  const Reply decisions = officer.Get("/api/v1/cases/" + id + "/decisions");
  ASSERT_EQ(decisions.status, 200u);
  const auto clocks = decisions.Json().at("items").as_array();
  ASSERT_EQ(clocks.size(), 1u);
  EXPECT_EQ(S(clocks[0].at("victims_code_clock"), "due_on"), "2026-12-29");
  EXPECT_EQ(clocks[0].at("victims_code_clock").at("working_days").as_int64(), 1);
  EXPECT_EQ(S(clocks[0].at("victims_code_clock"), "state"), "awaiting");
  const Reply told = Event(officer, clocks[0], R"("event":"inform","on":"2026-12-30")");
  ASSERT_EQ(told.status, 200u) << told.body;
  EXPECT_EQ(S(told.Json().at("victims_code_clock"), "state"), "breached")
      << "told a day late: the breach is visible";
  ASSERT_EQ(officer
                .Post("/api/v1/cases/" + id + "/outcomes",
                      R"({"report_id":")" + report_id +
                          R"(","kind":"convicted","occurred_on":"2027-03-01"})")
                .status,
            201u);

  const auto kinds = TimelineKinds(lead, id);
  const std::vector<std::string> expected_order = {
      "case.referred",       "case.triaged",      "order.recorded",   "order.apply",
      "order.grant_interim", "order.serve",       "order.grant_full", "breach.recorded",
      "outcome.charged",     "decision.recorded", "decision.inform",  "outcome.convicted"};
  size_t at = 0;
  for (const auto& k : kinds) {
    if (at < expected_order.size() && k == expected_order[at]) ++at;
  }
  EXPECT_EQ(at, expected_order.size()) << "the timeline keeps the steps in order";
  EXPECT_TRUE(Contains(kinds, "plan.recorded")) << "the plans agreed at triage";

  // Every step was audited against the case or its items.
  const auto actions = AuditActions(id);
  for (const char* a : {"case.refer", "case.triage", "case.timeline.read"}) {
    EXPECT_TRUE(Contains(actions, a)) << a;
  }
}

TEST_F(CasesApiTest, TheTriageQueueFiltersByHowTheCaseWasReferred) {
  HttpClient officer(server_->port());
  As(officer, "officer");
  const std::string id = S(Refer(officer), "id");
  HttpClient lead(server_->port());
  As(lead, "lead");
  const auto listed = [&](const std::string& query) {
    std::vector<std::string> ids;
    const Reply r = lead.Get("/api/v1/referrals?limit=200" + query);
    EXPECT_EQ(r.status, 200u) << r.body;
    const auto json = r.Json();
    for (const auto& c : json.at("items").as_array()) {
      ids.push_back(S(c, "id"));
      if (!query.empty()) {
        EXPECT_EQ(S(c, "source"), query.substr(query.find('=') + 1));
      }
    }
    return ids;
  };
  EXPECT_TRUE(Contains(listed(""), id));
  EXPECT_TRUE(Contains(listed("&source=police_report"), id));
  EXPECT_FALSE(Contains(listed("&source=probation"), id));
  EXPECT_EQ(lead.Get("/api/v1/referrals?source=rumour").status, 400u);
  EXPECT_EQ(lead.Get("/api/v1/cases?source=police_report&status=referred").status, 200u);
}

TEST_F(CasesApiTest, TheCasePageReadsEveryRecordInOneRequestAuditedOnce) {
  HttpClient officer(server_->port());
  As(officer, "officer");
  const auto kase = Refer(officer);
  const std::string id = S(kase, "id");
  const std::string report_id(kase.at("report_ids").as_array()[0].as_string());
  ASSERT_EQ(
      officer.Post("/api/v1/cases/" + id + "/notes", R"({"text":"Spoke to the victim."})").status,
      201u);
  ASSERT_EQ(officer
                .Post("/api/v1/cases/" + id + "/outcomes",
                      R"({"report_id":")" + report_id +
                          R"(","kind":"arrested","occurred_on":"2026-10-02"})")
                .status,
            201u);
  const Reply records = officer.Get("/api/v1/cases/" + id + "/records");
  ASSERT_EQ(records.status, 200u) << records.body;
  const auto json = records.Json();
  std::vector<std::string> kinds;
  for (const auto& item : json.at("items").as_array()) kinds.push_back(S(item, "kind"));
  EXPECT_TRUE(Contains(kinds, "note"));
  EXPECT_TRUE(Contains(kinds, "decision")) << "the arrest started a Victims' Code clock";
  ASSERT_EQ(json.at("outcomes").as_array().size(), 1u);
  EXPECT_EQ(S(json.at("outcomes").as_array()[0], "kind"), "arrested");
  const auto actions = AuditActions(id);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "case.records"), 1);

  HttpClient kent(server_->port());
  AsOfficerOf(kent, "kent");
  EXPECT_EQ(kent.Get("/api/v1/cases/" + id + "/records").status, 404u);
  EXPECT_EQ(officer.Get("/api/v1/cases/01J0000000000000000000000Z/records").status, 404u);
  EXPECT_EQ(officer.Get("/api/v1/cases/" + id + "/records?kind=note").status, 400u);
}

TEST_F(CasesApiTest, AReferralThatIsNotStalkingClosesWithAdviceToTheReferrer) {
  HttpClient officer(server_->port());
  As(officer, "officer");
  const std::string id = S(Refer(officer), "id");
  HttpClient lead(server_->port());
  As(lead, "lead");
  const Reply no_advice = lead.Post("/api/v1/cases/" + id + "/triage",
                                    R"({"version":1,"participants":[{"agency":"met","role":"lead"}],
                                        "case_type":"neighbour","risk_level":"standard",
                                        "facts":{"is_stalking":false}})");
  EXPECT_EQ(no_advice.status, 400u) << "advice is required";
  const Reply closed = lead.Post("/api/v1/cases/" + id + "/triage",
                                 R"({"version":1,"participants":[{"agency":"met","role":"lead"}],
                                     "case_type":"neighbour","risk_level":"standard",
                                     "facts":{"is_stalking":false},
                                     "advice":"A boundary dispute: record as a neighbour dispute."})");
  ASSERT_EQ(closed.status, 201u) << closed.body;
  EXPECT_EQ(S(closed.Json().at("case"), "status"), "closed");
  EXPECT_TRUE(closed.Json().at("suggestion").at("advice_only").as_bool());
  const auto kinds = TimelineKinds(lead, id);
  EXPECT_EQ(kinds.back(), "case.closed");
  const Reply clocks = lead.Get("/api/v1/cases/" + id + "/decisions");
  EXPECT_EQ(clocks.Json().at("items").as_array().size(), 0u) << "no decision, no clock";
  const auto actions = AuditActions(id);
  for (const char* a : {"case.refer", "case.triage", "case.timeline.read"}) {
    EXPECT_TRUE(Contains(actions, a)) << a;
  }
  // A closed case takes nothing more until reopened.
  const Reply late = officer.Post("/api/v1/cases/" + id + "/notes", R"({"text":"More."})");
  EXPECT_EQ(late.status, 409u);
  EXPECT_NE(late.body.find("reopen"), std::string::npos);
}

TEST_F(CasesApiTest, ATierTwoConsultationEscalatesToTierFourAfterANewIncident) {
  HttpClient officer(server_->port());
  As(officer, "officer");
  const std::string id = S(Refer(officer), "id");
  HttpClient lead(server_->port());
  As(lead, "lead");
  ASSERT_EQ(lead.Post("/api/v1/cases/" + id + "/triage", TriageBody(1, 2, "medium")).status, 201u);
  // A new incident joins the case; the reassessment after it is high risk,
  // and the rules say the tier should rise.
  std::string new_report;
  (void)ScreenedReport(officer, new_report);
  const int64_t before = lead.Get("/api/v1/cases/" + id).Json().at("version").as_int64();
  const Reply added = officer.Post(
      "/api/v1/cases/" + id + "/reports",
      R"({"version":)" + std::to_string(before) + R"(,"report_id":")" + new_report + R"("})");
  ASSERT_EQ(added.status, 200u) << added.body;
  EXPECT_EQ(added.Json().at("report_ids").as_array().size(), 2u);
  const Reply twice = officer.Post(
      "/api/v1/cases/" + id + "/reports",
      R"({"version":)" + std::to_string(before + 1) + R"(,"report_id":")" + new_report + R"("})");
  EXPECT_EQ(twice.status, 409u) << twice.body;
  EXPECT_TRUE(Contains(TimelineKinds(lead, id), "case.report_added"));
  const Reply risk = officer.Post("/api/v1/cases/" + id + "/risk-assessments",
                                  R"({"tool":"sash","risk_level":"high","assessed_on":"2026-11-20",
                                      "notes":"Threatened the victim with a knife."})");
  ASSERT_EQ(risk.status, 201u) << risk.body;
  const auto after = TimelineKinds(lead, id);
  EXPECT_TRUE(Contains(after, "case.retriage_suggested"));
  const Reply kase = lead.Get("/api/v1/cases/" + id);
  EXPECT_EQ(S(kase.Json(), "risk_level"), "high");
  const int64_t version = kase.Json().at("version").as_int64();
  const Reply retriage = lead.Post("/api/v1/cases/" + id + "/triage",
                                   TriageBody(version, 4, "high", R"(,"weapons":true)"));
  ASSERT_EQ(retriage.status, 201u) << retriage.body;
  EXPECT_EQ(retriage.Json().at("case").at("tier").as_int64(), 4);
  const Reply timeline = lead.Get("/api/v1/cases/" + id + "/timeline");
  EXPECT_NE(timeline.body.find("Re-triaged: tier 4"), std::string::npos);
  EXPECT_NE(timeline.body.find("was tier 2"), std::string::npos);
  // The escalation's trail: the new incident, the suggestion, both triages.
  const auto actions = AuditActions(id);
  for (const char* a : {"case.report_add", "case.retriage_suggested", "case.triage"}) {
    EXPECT_TRUE(Contains(actions, a)) << a;
  }
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "case.triage"), 2);
  // A charge on the new incident starts the victim's clock.
  const Reply charged = officer.Post(
      "/api/v1/cases/" + id + "/outcomes",
      R"({"report_id":")" + new_report + R"(","kind":"arrested","occurred_on":"2026-11-23"})");
  ASSERT_EQ(charged.status, 201u) << charged.body;
  const auto clocks = officer.Get("/api/v1/cases/" + id + "/decisions").Json();
  ASSERT_EQ(clocks.at("items").as_array().size(), 1u);
  EXPECT_EQ(S(clocks.at("items").as_array()[0].at("victims_code_clock"), "due_on"), "2026-11-24");
}

TEST_F(CasesApiTest, ANewReportsFindingReachesItsOpenCaseWithoutAnyoneListingFindings) {
  HttpClient officer(server_->port());
  As(officer, "officer");
  const boost::json::value referral = Refer(officer);
  const std::string id = S(referral, "id");
  HttpClient lead(server_->port());
  As(lead, "lead");
  ASSERT_EQ(lead.Post("/api/v1/cases/" + id + "/triage", TriageBody(1, 2, "medium")).status, 201u);
  EXPECT_FALSE(Contains(TimelineKinds(lead, id), "case.finding"));
  // The same suspect again, about the same victim: with the case's report
  // this is a course of conduct, recorded this time as harassment.
  const Reply again = officer.Post(
      "/api/v1/reports",
      R"({"force":"met","occurred_at":"2026-10-08T21:00:00Z","recorded_as":"harassment_s2",
          "summary":"Waited at the station again.",
          "parties":[{"role":"victim","person_id":")" +
          S(referral, "victim_person_id") + R"("},{"role":"suspect","person_id":")" +
          S(referral, "suspect_person_id") + R"("}]})");
  ASSERT_EQ(again.status, 201u) << again.body;
  // Nobody lists the findings: the server works them out shortly after the
  // report is stored and puts them on the case.
  bool reached = false;
  for (int i = 0; i < 100 && !reached; ++i) {
    reached = Contains(TimelineKinds(lead, id), "case.finding");
    if (!reached) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_TRUE(reached) << "no finding reached the case within 20 seconds";
  const auto actions = AuditActions(id);
  EXPECT_TRUE(Contains(actions, "case.finding"));
}

TEST_F(CasesApiTest, IllegalMovesAreConflictsThatListWhatIsAllowedAndChangeNothing) {
  HttpClient officer(server_->port());
  As(officer, "officer");
  const std::string id = S(Refer(officer), "id");
  HttpClient lead(server_->port());
  As(lead, "lead");

  const Reply tier7 = lead.Post("/api/v1/cases/" + id + "/triage", TriageBody(1, 7, "high"));
  ASSERT_EQ(tier7.status, 409u) << tier7.body;
  EXPECT_EQ(tier7.Json().at("allowed").as_array().size(), 4u);
  EXPECT_EQ(S(lead.Get("/api/v1/cases/" + id).Json(), "status"), "referred");
  ASSERT_EQ(lead.Post("/api/v1/cases/" + id + "/triage", TriageBody(1, 3, "high")).status, 201u);

  const auto order =
      officer.Post("/api/v1/cases/" + id + "/orders", R"({"order_type":"spo"})").Json();
  // From "considered" a full order is allowed only for orders made without an
  // application; an interim one never is.
  const Reply interim = Event(officer, order, R"("event":"grant_interim")");
  ASSERT_EQ(interim.status, 409u) << interim.body;
  std::vector<std::string> allowed;
  const auto refusal = interim.Json();
  for (const auto& a : refusal.at("allowed").as_array()) allowed.emplace_back(a.as_string());
  EXPECT_TRUE(std::find(allowed.begin(), allowed.end(), "apply") != allowed.end());
  const Reply direct = Event(officer, order, R"("event":"grant_full","expires_on":"2030-01-01")");
  EXPECT_EQ(direct.status, 200u) << direct.body;

  const Reply short_spo =
      officer.Post("/api/v1/cases/" + id + "/orders", R"({"order_type":"spo"})");
  const Reply short_full =
      Event(officer, short_spo.Json(),
            R"("event":"grant_full","on":"2026-11-01","expires_on":"2027-01-01")");
  EXPECT_EQ(short_full.status, 400u) << "a full SPO lasts at least two years";

  // Closing with an open action needs a reason.
  ASSERT_EQ(officer
                .Post("/api/v1/cases/" + id + "/actions",
                      R"({"title":"Trace CCTV","category":"investigation","owner_agency":"met",
                          "due_on":"2026-11-01"})")
                .status,
            201u);
  const int64_t version = lead.Get("/api/v1/cases/" + id).Json().at("version").as_int64();
  const Reply close =
      lead.Post("/api/v1/cases/" + id + "/close", R"({"version":)" + std::to_string(version) + "}");
  ASSERT_EQ(close.status, 409u) << close.body;
  EXPECT_NE(close.body.find("still open"), std::string::npos);
  EXPECT_EQ(S(lead.Get("/api/v1/cases/" + id).Json(), "status"), "open");
  // The overdue action surfaces as due work.
  const Reply due = lead.Get("/api/v1/work/due?kind=action");
  ASSERT_EQ(due.status, 200u) << due.body;
  EXPECT_NE(due.body.find(id), std::string::npos);

  // MARAC is for domestic cases only.
  const Reply marac = officer.Post("/api/v1/cases/" + id + "/marac",
                                   R"({"referred_on":"2026-11-01","reason":"High risk"})");
  EXPECT_EQ(marac.status, 409u) << marac.body;
}

TEST_F(CasesApiTest, TwoPractitionersEditingOnePlanNeverOverwriteEachOther) {
  HttpClient officer(server_->port());
  As(officer, "officer");
  const std::string id = S(Refer(officer), "id");
  HttpClient lead(server_->port());
  As(lead, "lead");
  ASSERT_EQ(lead.Post("/api/v1/cases/" + id + "/triage", TriageBody(1, 3, "high")).status, 201u);
  const auto plans = lead.Get("/api/v1/cases/" + id + "/plans").Json().at("items").as_array();
  ASSERT_EQ(plans.size(), 2u);
  const std::string plan = S(plans[0], "id");
  const Reply first =
      officer.Request("PATCH", "/api/v1/case-items/" + plan, R"({"version":1,"text":"Mine."})");
  ASSERT_EQ(first.status, 200u) << first.body;
  const Reply second =
      lead.Request("PATCH", "/api/v1/case-items/" + plan, R"({"version":1,"text":"Theirs."})");
  ASSERT_EQ(second.status, 409u) << second.body;
  EXPECT_NE(second.body.find("PC Sam Taylor"), std::string::npos)
      << "the conflict names who changed it";
  EXPECT_EQ(S(lead.Get("/api/v1/case-items/" + plan).Json().at("body"), "text"), "Mine.");
}

TEST_F(CasesApiTest, AdvocacyNeedsConsentAndContactsRespectSafeContactPreferences) {
  HttpClient officer(server_->port());
  As(officer, "officer");
  const std::string id = S(Refer(officer), "id");
  HttpClient lead(server_->port());
  As(lead, "lead");
  ASSERT_EQ(lead.Post("/api/v1/cases/" + id + "/triage", TriageBody(1, 2, "medium")).status, 201u);
  const Reply refused = lead.Post("/api/v1/cases/" + id + "/consents",
                                  R"({"purpose":"advocacy_referral",
                                      "receiving_agency":"advocacy-suzy-lamplugh","given":false,
                                      "lawful_basis":"None recorded","recorded_on":"2026-11-01"})");
  ASSERT_EQ(refused.status, 201u) << refused.body;
  const Reply without = lead.Post("/api/v1/cases/" + id + "/advocacy",
                                  R"({"advocate_agency":"advocacy-suzy-lamplugh","consent_id":")" +
                                      S(refused.Json(), "id") + R"("})");
  EXPECT_EQ(without.status, 409u) << without.body;
  const Reply consent = lead.Post("/api/v1/cases/" + id + "/consents",
                                  R"({"purpose":"advocacy_referral",
                                      "receiving_agency":"advocacy-suzy-lamplugh","given":true,
                                      "recorded_on":"2026-11-02"})");
  ASSERT_EQ(consent.status, 201u);
  const Reply advocacy = lead.Post("/api/v1/cases/" + id + "/advocacy",
                                   R"({"advocate_agency":"advocacy-suzy-lamplugh","consent_id":")" +
                                       S(consent.Json(), "id") + R"("})");
  ASSERT_EQ(advocacy.status, 201u) << advocacy.body;

  HttpClient advocate(server_->port());
  As(advocate, "advocate");
  ASSERT_EQ(advocate
                .Post("/api/v1/cases/" + id + "/safe-contact",
                      R"({"channels":["email","via_advocate"],"code_word":"bluebell",
                          "times":"weekdays after 6pm"})")
                .status,
            201u);
  const Reply by_phone = advocate.Post("/api/v1/cases/" + id + "/contacts",
                                       R"({"with":"victim","channel":"phone",
                                           "at":"2026-11-03T18:30:00Z"})");
  ASSERT_EQ(by_phone.status, 409u) << by_phone.body;
  EXPECT_EQ(by_phone.Json().at("allowed").as_array().size(), 2u);
  EXPECT_EQ(advocate
                .Post("/api/v1/cases/" + id + "/contacts",
                      R"({"with":"victim","channel":"email","at":"2026-11-03T18:30:00Z"})")
                .status,
            201u);

  // The Met, which the advocacy service shares victim contact details with,
  // sees the preferences; the Met's own victim contact goes to probation
  // (which works with the perpetrator) only as a withheld marker, and the
  // advocate's records, shared with probation by no agreement, not at all.
  const Reply at_met = lead.Get("/api/v1/cases/" + id + "/safe-contact");
  ASSERT_EQ(at_met.status, 200u);
  EXPECT_NE(at_met.body.find("bluebell"), std::string::npos);
  ASSERT_EQ(lead.Post("/api/v1/cases/" + id + "/contacts",
                      R"({"with":"victim","channel":"email","at":"2026-11-04T09:00:00Z",
                          "summary":"Agreed the safety plan by e-mail."})")
                .status,
            201u);
  HttpClient probation(server_->port());
  As(probation, "probation");
  const Reply contacts = probation.Get("/api/v1/cases/" + id + "/contacts");
  ASSERT_EQ(contacts.status, 200u) << contacts.body;
  const auto items = contacts.Json().at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << "only the Met's contact reaches probation";
  EXPECT_TRUE(items[0].at("body").is_null());
  EXPECT_EQ(contacts.body.find("safety plan"), std::string::npos);
  EXPECT_NE(contacts.body.find("withheld"), std::string::npos);
  const Reply prefs = probation.Get("/api/v1/cases/" + id + "/safe-contact");
  ASSERT_EQ(prefs.status, 200u);
  EXPECT_EQ(prefs.Json().at("items").as_array().size(), 0u);
  const Reply timeline = probation.Get("/api/v1/cases/" + id + "/timeline");
  EXPECT_GT(timeline.Json().at("withheld_events").as_int64(), 0);
}

TEST_F(CasesApiTest, BadInputAndOtherAgenciesChangeNothing) {
  HttpClient officer(server_->port());
  As(officer, "officer");
  const std::string id = S(Refer(officer), "id");
  const int64_t items_before = Count(store::Table::kCaseItems);
  const int64_t events_before = Count(store::Table::kCaseEvents);
  for (
      const std::string& body :
      {std::string("{not json"), std::string(R"({"title":5})"),
       std::string(
           R"({"title":"x","category":"nonsense","owner_agency":"met","due_on":"2026-01-01"})"),
       std::string(
           R"({"title":"x","category":"investigation","owner_agency":"nowhere","due_on":"2026-01-01"})"),
       std::string(
           R"({"title":"x","category":"investigation","owner_agency":"met","due_on":"2026-02-30"})"),
       std::string("{\"title\":\"\xff\"}")}) {
    const Reply r = officer.Post("/api/v1/cases/" + id + "/actions", body);
    EXPECT_EQ(r.status, 400u) << body << " -> " << r.body;
  }
  EXPECT_EQ(officer.Post("/api/v1/cases/" + id + "/nonsense", "{}").status, 404u);
  EXPECT_EQ(officer.Get("/api/v1/cases/01ARZ3NDEKTSV4RRFFQ69G5FAV").status, 404u);
  EXPECT_EQ(officer.Get("/api/v1/cases/not-an-id/timeline").status, 404u);

  HttpClient kent(server_->port());
  AsOfficerOf(kent, "kent");
  EXPECT_EQ(kent.Get("/api/v1/cases/" + id).status, 404u) << "not theirs looks like absent";
  EXPECT_EQ(kent.Post("/api/v1/cases/" + id + "/notes", R"({"text":"Hello"})").status, 404u);
  HttpClient analyst(server_->port());
  As(analyst, "analyst");
  EXPECT_EQ(analyst.Get("/api/v1/cases/" + id).status, 403u);
  EXPECT_EQ(Count(store::Table::kCaseItems), items_before);
  EXPECT_EQ(Count(store::Table::kCaseEvents), events_before);
}

}  // namespace
}  // namespace threadline
