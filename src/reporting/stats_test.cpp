// The accountability measures against a small data set built by hand, where
// every right answer is known by construction (the comments say why each
// figure is what it is), in a real SQLite store.

#include "reporting/stats.hpp"

#include <gtest/gtest.h>

#include "../../tests/support/store_lookup.hpp"
#include "../../tests/support/temp_dir.hpp"
#include "domain/datetime.hpp"
#include "reporting/render.hpp"
#include "services/seed.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::reporting {
namespace {

// The period: 90 days, so the previous period is 2025-10-03 to 2025-12-31.
const Period kQ1{"2026-01-01", "2026-03-31"};

class StatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::OpenSqlite({dir_.File("stats.db")});
    ASSERT_TRUE(opened.ok());
    store_ = std::move(*opened);
    ASSERT_TRUE(services::SeedAgencies(*store_, refdata::RefData()).ok());
    auto ref = Reference::Load(refdata::RefData());
    ASSERT_TRUE(ref.ok());
    reference_ = *ref;
    met_ = AgencyId("met");
    kent_ = AgencyId("kent");
    Build();
  }

  domain::Id AgencyId(const std::string& code) { return testing::AgencyIdByCode(*store_, code); }

  void Write(const std::function<Status(store::WriteTx&)>& fn) {
    const Status s = store_->Write(fn);
    ASSERT_TRUE(s.ok()) << s.error().message << " " << s.error().log_detail;
  }

  domain::Id Person(const std::string& family_name, const std::string& gender = "",
                    const std::string& dob = "") {
    domain::Person p;
    p.id = domain::NewId();
    p.agency_id = met_;
    p.given_name = "Test";
    p.family_name = family_name;
    p.gender = gender;
    p.dob = dob;
    p.created_at = "2025-01-01T00:00:00Z";
    Write([&](store::WriteTx& tx) { return tx.InsertPerson(p); });
    return p.id;
  }

  domain::Id Report(const domain::Id& force, const std::string& at, const std::string& recorded_as,
                    const domain::Id& suspect = "") {
    domain::Report r;
    r.id = domain::NewId();
    r.force_id = force;
    r.reference = "REF-" + r.id.substr(18);
    r.occurred_at = at;
    r.reported_at = at;
    r.recorded_as = recorded_as;
    r.parties.push_back({"victim", victim_});
    if (!suspect.empty()) r.parties.push_back({"suspect", suspect});
    r.created_at = at;
    Write([&](store::WriteTx& tx) { return tx.InsertReport(r); });
    return r.id;
  }

  void Outcome(const domain::Id& report, const std::string& kind) {
    domain::Outcome o{domain::NewId(), report, kind, "", "2026-04-01", "2026-04-01T00:00:00Z"};
    Write([&](store::WriteTx& tx) { return tx.InsertOutcome(o); });
  }

  domain::Id Screening(const domain::Id& report, std::vector<std::string> classifications,
                       const domain::Id& previous = "") {
    domain::Screening s;
    s.id = domain::NewId();
    s.report_id = report;
    s.questionnaire_version = "v1";
    s.answers_json = "{}";
    s.result_json = "{}";
    s.principal = classifications.front();
    s.classifications = std::move(classifications);
    s.risk_level = "standard";
    s.previous_id = previous;
    s.created_at = "2026-02-01T00:00:00Z";
    Write([&](store::WriteTx& tx) { return tx.InsertScreening(s); });
    return s.id;
  }

  domain::Id Case(const std::string& created, const std::string& source, const std::string& status,
                  int tier, const domain::Id& victim, std::vector<domain::Id> reports) {
    domain::Case c;
    c.id = domain::NewId();
    c.reference = "STK-2026-" + std::to_string(100000 + ++cases_);
    c.owner_agency_id = met_;
    c.referred_by_agency_id = met_;
    c.source = source;
    c.status = status;
    c.tier = tier;
    c.victim_person_id = victim;
    if (tier > 0) c.case_type = "stranger";
    c.report_ids = std::move(reports);
    c.created_at = created + "T09:00:00Z";
    c.updated_at = c.created_at;
    Write([&](store::WriteTx& tx) { return tx.InsertCase(c); });
    return c.id;
  }

  domain::Id Item(const domain::Id& case_id, const std::string& kind, const std::string& subtype,
                  const std::string& status, const std::string& created, const std::string& body,
                  const std::string& due_on = "") {
    domain::CaseItem i;
    i.id = domain::NewId();
    i.case_id = case_id;
    i.kind = kind;
    i.subtype = subtype;
    i.agency_id = met_;
    i.field_class = "core";
    i.status = status;
    i.due_on = due_on;
    i.body_json = body;
    i.created_at = created + "T10:00:00Z";
    i.updated_at = i.created_at;
    Write([&](store::WriteTx& tx) { return tx.InsertCaseItem(i); });
    return i.id;
  }

  void Build() {
    victim_ = Person("Victim", "female", "1990-05-01");
    const domain::Id named = Person("Named");
    const domain::Id unnamed = Person("");  // known only by a phone number
    // Met, in the period.
    r1_ = Report(met_, "2026-01-05T20:00:00Z", "stalking_s2a", named);
    Outcome(r1_, "charged");
    Outcome(r1_, "trial");
    Outcome(r1_, "convicted");
    // Recorded as harassment; the screening found stalking.
    const domain::Id r2 = Report(met_, "2026-02-10T08:00:00Z", "harassment_s2", unnamed);
    Screening(r2, {"stalking_s2a", "harassment_s2"});
    Outcome(r2, "suspect_identified");
    // Stalking included under malicious communications, screened twice.
    const domain::Id r3 = Report(met_, "2026-03-01T12:00:00Z", "malicious_communications", unnamed);
    const domain::Id first = Screening(r3, {"malicious_communications", "stalking_s4a"});
    Screening(r3, {"malicious_communications", "stalking_s4a"}, first);
    // Charged, but a theft: it never enters the stalking funnel.
    const domain::Id r4 = Report(met_, "2026-03-15T12:00:00Z", "theft", named);
    Outcome(r4, "charged");
    // The last minute of the period, no suspect.
    Report(met_, "2026-03-31T23:59:59Z", "stalking_s4a");
    // Outside the period: the first second after it, and the last day before.
    Report(met_, "2026-04-01T00:00:00Z", "stalking_s2a", named);
    Report(met_, "2025-12-31T23:59:59Z", "stalking_s2a", named);
    // Kent, in the period: counted only when every force is.
    const domain::Id k1 = Report(kent_, "2026-02-02T12:00:00Z", "stalking_s2a", named);
    Outcome(k1, "charged");

    const domain::Id boy = Person("Young", "male", "2010");
    const domain::Id unknown = Person("Unknown");
    c1_ = Case("2026-01-10", "police_report", "open", 3, victim_, {r1_});
    Item(c1_, "triage", "tier_3", "", "2026-01-15", "{}");
    Item(c1_, "action", "", "open", "2026-01-15", "{}", "2026-03-01");  // overdue
    Item(c1_, "action", "", "open", "2026-01-15", "{}", "2099-12-01");
    const domain::Id spo =
        Item(c1_, "order", "spo", "full_granted", "2026-01-20",
             R"({"order_type":"spo","applied_on":"2026-01-20",)"
             R"("interim_granted_on":"2026-01-25","full_granted_on":"2026-03-06"})");
    Item(c1_, "breach", "arrested", "", "2026-03-10",
         R"({"order_id":")" + spo + R"(","occurred_on":"2026-03-09","outcome":"arrested"})");
    Item(c1_, "consent", "advocacy_referral", "given", "2026-01-16",
         R"({"purpose":"advocacy_referral","given":true})");
    Item(c1_, "advocacy", "", "allocated", "2026-01-17", "{}");
    Item(c1_, "decision", "arrest", "informed", "2026-01-19",
         R"({"decision":"arrest","informed_on":"2026-01-19"})", "2026-01-20");
    Item(c1_, "decision", "charge", "awaiting", "2026-01-31", R"({"decision":"charge"})",
         "2026-02-01");
    Item(c1_, "outcome_measure", "", "", "2026-03-20",
         R"({"better_able_to_cope":"improved","feel_safer":"same"})");
    const domain::Id c2 = Case("2026-02-01", "probation", "closed", 0, boy, {});
    Item(c2, "triage", "advice", "", "2026-02-03", "{}");
    Case("2026-03-01", "self", "referred", 0, unknown, {});
    Case("2025-12-01", "police_report", "open", 2, victim_, {});

    domain::Nomination n;
    n.id = domain::NewId();
    n.panel_id = domain::NewId();
    domain::Panel panel{n.panel_id, "met-clinic", "Met clinic", "stalking_clinic",
                        met_,       "met",        "",           "2026-01-01T00:00:00Z",
                        ""};
    n.meeting_date = "2026-02-10";
    n.case_id = c1_;
    n.person_id = named;
    n.source = "team";
    n.agency_id = met_;
    n.created_at = "2026-02-01T00:00:00Z";
    domain::HarmScore before{domain::NewId(), named, met_, "2026-02-01", 40, "rfgv-v1", "", ""};
    domain::HarmScore after{domain::NewId(), named, met_, "2026-03-15", 25, "rfgv-v1", "", ""};
    Write([&](store::WriteTx& tx) -> Status {
      if (Status s = tx.InsertPanel(panel); !s.ok()) return s;
      if (Status s = tx.InsertNomination(n); !s.ok()) return s;
      if (Status s = tx.InsertHarmScore(before); !s.ok()) return s;
      return tx.InsertHarmScore(after);
    });
  }

  // The measure `req` asks for, read from the store.
  Measure Run(const StatsRequest& req) {
    Measure m;
    const Status s = store_->Read([&](store::ReadTx& tx) -> Status {
      auto got = Compute(tx, req, reference_);
      if (!got.ok()) return got.status();
      m = std::move(*got);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.error().message;
    return m;
  }

  // A request for the period kQ1 and these forces, dated 2026-05-28.
  static StatsRequest Request(const std::string& measure, std::vector<domain::Id> forces,
                              int64_t threshold = 5) {
    StatsRequest req;
    req.measure = measure;
    req.period = kQ1;
    req.force_ids = std::move(forces);
    req.today = "2026-05-28";
    req.suppression_threshold = threshold;
    return req;
  }

  Measure Get(const std::string& measure, std::vector<domain::Id> forces, int64_t threshold = 5) {
    return Run(Request(measure, std::move(forces), threshold));
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  Reference reference_;
  domain::Id met_, kent_, victim_, r1_, c1_;
  int cases_ = 0;
};

const Series& SeriesOf(const Measure& m, const std::string& id) {
  for (const auto& s : m.series) {
    if (s.id == id) return s;
  }
  ADD_FAILURE() << "no series " << id << " in " << m.measure;
  static const Series kNone;
  return kNone;
}

// The cell of the row whose label is `row`, in column `key`.
Cell At(const Series& s, const std::string& row, const std::string& key) {
  size_t label = 0, column = s.columns.size();
  for (size_t i = 0; i < s.columns.size(); ++i) {
    if (s.columns[i].key == s.label_key) label = i;
    if (s.columns[i].key == key) column = i;
  }
  EXPECT_LT(column, s.columns.size()) << "no column " << key << " in " << s.id;
  for (const auto& r : s.rows) {
    if (column < r.cells.size() && std::get<std::string>(r.cells[label]) == row) {
      return r.cells[column];
    }
  }
  ADD_FAILURE() << "no row " << row << " in " << s.id;
  return {};
}

int64_t Count(const Series& s, const std::string& row, const std::string& key = "count") {
  const Cell c = At(s, row, key);
  return std::holds_alternative<int64_t>(c) ? std::get<int64_t>(c) : -1;
}

double Number(const Series& s, const std::string& row, const std::string& key) {
  const Cell c = At(s, row, key);
  return std::holds_alternative<double>(c) ? std::get<double>(c) : -1;
}

TEST_F(StatsTest, FunnelNestsEachStepInTheOneBeforeAndKeepsToThePeriodAndForce) {
  const Measure m = Get("funnel", {met_});
  const Series& f = SeriesOf(m, "funnel");
  // r1..r5 fall in the period; the reports a second either side do not.
  EXPECT_EQ(Count(f, "Reports"), 5);
  // r1 and r5 recorded as stalking, r2 screened as stalking, r3 with stalking included.
  EXPECT_EQ(Count(f, "Recorded as stalking"), 4);
  // r1 names its suspect; r2's was identified later; r3 and r5 have none named.
  EXPECT_EQ(Count(f, "Suspect identified"), 2);
  // r1 only: r4 was charged but is a theft.
  EXPECT_EQ(Count(f, "Charged"), 1);
  EXPECT_EQ(Count(f, "Reached trial"), 1);
  EXPECT_EQ(Count(f, "Convicted"), 1);
  EXPECT_DOUBLE_EQ(Number(f, "Recorded as stalking", "rate"), 4.0 / 5);
  EXPECT_DOUBLE_EQ(Number(f, "Suspect identified", "step_rate"), 2.0 / 4);
  EXPECT_DOUBLE_EQ(Number(f, "Charged", "national_rate"), 0.05);
  EXPECT_DOUBLE_EQ(Number(f, "Charged", "stalking_rate"), 1.0 / 4);  // beside the national rate
  EXPECT_DOUBLE_EQ(Number(f, "Convicted", "national_rate"), 0.02);
  // The previous 90 days hold the report of 2025-12-31.
  EXPECT_EQ(m.previous.from, "2025-10-03");
  EXPECT_EQ(m.previous.to, "2025-12-31");
  EXPECT_EQ(Count(f, "Reports", "previous_count"), 1);

  const Measure every = Get("funnel", {});
  const Series& all = SeriesOf(every, "funnel");
  EXPECT_EQ(Count(all, "Reports"), 6);  // and Kent's
  EXPECT_EQ(Count(all, "Charged"), 2);
  const Measure kent = Get("funnel", {kent_});
  EXPECT_EQ(Count(SeriesOf(kent, "funnel"), "Reports"), 1);
}

TEST_F(StatsTest, QualityFindsStalkingTheRecordingMissed) {
  const Measure m = Get("quality", {met_});
  const Series& screening = SeriesOf(m, "screening");
  EXPECT_EQ(Count(screening, "Screened"), 2);  // r2 and r3
  EXPECT_EQ(Count(screening, "Not screened"), 3);
  const Series& recorded = SeriesOf(m, "recorded_as");
  EXPECT_EQ(Count(recorded, "Stalking (s2A or s4A)"), 2);
  EXPECT_EQ(Count(recorded, "Harassment (s2 or s4)"), 1);
  EXPECT_EQ(Count(recorded, "Malicious communications"), 1);
  EXPECT_EQ(Count(recorded, "Another crime"), 1);
  EXPECT_EQ(Count(recorded, "Harassment (s2 or s4)", "screened_stalking"), 1);
  const Series& hidden = SeriesOf(m, "hidden_stalking");
  EXPECT_EQ(Count(hidden, "Screened as stalking, recorded as something else (reclassify)"), 2);
  EXPECT_EQ(Count(hidden, "Stalking included under another principal crime"), 1);
  EXPECT_EQ(Count(hidden, "Screened again after new information"), 1);
}

TEST_F(StatsTest, QualityCountsFindingsRaisedInThePeriodAndThoseAReferralCarries) {
  // c1 carries the first finding.
  Write([&](store::WriteTx& tx) -> Status {
    auto c = tx.GetCase(c1_);
    if (!c.ok()) return c.status();
    domain::Case changed = *c;
    changed.finding_keys = {"course_exists:C1"};
    changed.version = c->version + 1;
    return tx.UpdateCase(changed, c->version);
  });
  const std::vector<FindingFact> findings = {
      {"course_exists:C1", "course_exists", "2026-02-01T10:00:00Z", {"met"}},
      {"course_exists:C2", "course_exists", "2026-03-31T23:00:00Z", {"met", "kent"}},
      {"course_exists:C3", "course_exists", "2026-04-01T00:00:00Z", {"met"}},  // after
      {"cross_force:C2", "cross_force", "2026-03-01T00:00:00Z", {"kent"}},
  };
  StatsRequest req = Request("quality", {met_});
  req.force = "met";
  req.force_codes = {"met"};
  req.findings = &findings;
  Measure m = Run(req);
  const Series& s = SeriesOf(m, "linkage_findings");
  EXPECT_EQ(Count(s, "A course of conduct", "raised"), 2);
  EXPECT_EQ(Count(s, "A course of conduct", "acted_on"), 1);
  EXPECT_DOUBLE_EQ(Number(s, "A course of conduct", "share"), 0.5);
  EXPECT_EQ(Count(s, "A course crossing force boundaries", "raised"), 0);  // Kent's only
  req.force_codes.clear();
  req.force_ids.clear();
  m = Run(req);
  EXPECT_EQ(Count(SeriesOf(m, "linkage_findings"), "A course crossing force boundaries", "raised"),
            1);
  // Without findings the series is left out and a note says why.
  const Measure without = Get("quality", {met_});
  EXPECT_TRUE(std::none_of(without.series.begin(), without.series.end(),
                           [](const Series& x) { return x.id == "linkage_findings"; }));
}

TEST_F(StatsTest, ProgrammeCountsReferralsTriageTimesAndOverdueWork) {
  const Measure m = Get("programme", {met_});
  const Series& sources = SeriesOf(m, "referrals_by_source");
  EXPECT_EQ(Count(sources, "A screened police report"), 1);
  EXPECT_EQ(Count(sources, "Probation"), 1);
  EXPECT_EQ(Count(sources, "Self-referral by the victim"), 1);
  EXPECT_EQ(Count(sources, "A screened police report", "previous_count"), 1);
  const Series& outcomes = SeriesOf(m, "triage_outcomes");
  EXPECT_EQ(Count(outcomes, "Awaiting triage"), 1);
  EXPECT_EQ(Count(outcomes, "Not stalking: advice to the referrer"), 1);
  EXPECT_EQ(Count(outcomes, "Tier 3"), 1);
  EXPECT_EQ(Count(outcomes, "Tier 2"), 0);  // referred before the period
  EXPECT_DOUBLE_EQ(Number(outcomes, "Tier 2", "planned_share"), 500.0 / 1100);
  const Series& timing = SeriesOf(m, "time_to_triage");
  EXPECT_DOUBLE_EQ(Number(timing, "Referral", "median_days"), 3.5);  // 5 and 2 days
  EXPECT_DOUBLE_EQ(Number(timing, "First report", "median_days"), 10);
  const Series& open = SeriesOf(m, "open_by_tier");
  EXPECT_EQ(Count(open, "Tier 3", "open_cases"), 1);
  EXPECT_EQ(Count(open, "Tier 2", "open_cases"), 1);
  EXPECT_EQ(Count(open, "Awaiting triage", "open_cases"), 1);
  EXPECT_EQ(Count(open, "Tier 3", "open_actions"), 2);
  EXPECT_EQ(Count(open, "Tier 3", "overdue_actions"), 1);
}

TEST_F(StatsTest, OrdersConvertInterimToFullAndCountBreachesPerStalkingCrime) {
  const Measure m = Get("orders", {met_});
  const Series& orders = SeriesOf(m, "orders");
  const std::string spo = "Stalking Protection Order";
  EXPECT_EQ(Count(orders, spo, "applied"), 1);
  EXPECT_EQ(Count(orders, spo, "interim_granted"), 1);
  EXPECT_EQ(Count(orders, spo, "full_granted"), 1);
  EXPECT_DOUBLE_EQ(Number(orders, spo, "interim_to_full"), 1.0);
  EXPECT_DOUBLE_EQ(Number(orders, spo, "interim_to_full_days"), 40);        // 25 Jan to 6 Mar
  EXPECT_DOUBLE_EQ(Number(orders, spo, "report_to_application_days"), 15);  // 5 to 20 Jan
  EXPECT_EQ(Count(orders, spo, "breaches"), 1);
  // One application against four stalking crimes: 250 per 1,000.
  EXPECT_DOUBLE_EQ(Number(SeriesOf(m, "spo_rate"), "Applications", "per_thousand"), 250);
  EXPECT_EQ(Count(SeriesOf(m, "breach_outcomes"), "Arrested"), 1);
}

TEST_F(StatsTest, VictimsMeasuresSuppressSmallNumbersUnlessTheThresholdAllows) {
  const Measure m = Get("victims", {met_});
  const Series& advocacy = SeriesOf(m, "advocacy");
  EXPECT_EQ(Count(advocacy, "Offered an advocate (consent asked)"), 1);
  EXPECT_EQ(Count(advocacy, "Accepted support"), 1);
  const Series& clocks = SeriesOf(m, "victims_code");
  EXPECT_EQ(Count(clocks, "Told in time"), 1);
  EXPECT_EQ(Count(clocks, "Not yet told, overdue"), 1);  // due 1 Feb, today 28 May
  EXPECT_DOUBLE_EQ(Number(clocks, "Compliance (told in time, of those due)", "share"), 0.5);
  const Series& measures = SeriesOf(m, "outcome_measures");
  EXPECT_EQ(Count(measures, "Better able to cope and recover", "improved"), 1);
  EXPECT_EQ(Count(measures, "Feel safer", "same"), 1);
  EXPECT_EQ(Count(measures, "Improved health and wellbeing", "not_asked"), 1);

  // One female victim: under the threshold of 5, so not shown, and marked.
  const Series& gender = SeriesOf(m, "victims_by_gender");
  const Cell hidden = At(gender, "Female", "count");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(hidden));
  for (const auto& row : gender.rows) {
    if (std::get<std::string>(row.cells[0]) == "Female") {
      EXPECT_EQ(row.suppressed, (std::vector<std::string>{"count", "share"}));
    }
  }
  const Measure open = Get("victims", {met_}, 1);
  EXPECT_EQ(Count(SeriesOf(open, "victims_by_gender"), "Female"), 1);
  EXPECT_EQ(Count(SeriesOf(open, "victims_by_age"), "Under 18"), 1);  // born 2010
  EXPECT_EQ(Count(SeriesOf(open, "victims_by_age"), "35 to 44"), 1);  // 35 on 31 Mar 2026
  EXPECT_EQ(Count(SeriesOf(open, "victims_by_gender"), "Not recorded"), 1);
}

TEST_F(StatsTest, PanelsShowTheHarmScoreAfterTheFirstMeeting) {
  const Measure m = Get("panels", {met_});
  EXPECT_EQ(Count(SeriesOf(m, "reviewed"), "Perpetrators reviewed"), 1);
  const Series& change = SeriesOf(m, "harm_change");
  EXPECT_EQ(Count(change, "Scored before and after"), 1);
  EXPECT_EQ(Count(change, "Score fell"), 1);
  EXPECT_DOUBLE_EQ(Number(change, "Scored before and after", "median_change"), -15);
}

TEST_F(StatsTest, TheReturnListsWhatIsMissingAndRendersAsCsvAndXlsx) {
  const Measure m = Get("return", {met_}, 1);
  const Series& summary = SeriesOf(m, "return_summary");
  EXPECT_EQ(Count(summary, "Referrals received"), 3);
  EXPECT_EQ(Count(summary, "Offered support"), 1);
  EXPECT_EQ(Count(summary, "Supported"), 1);
  const Series& types = SeriesOf(m, "by_case_type");
  EXPECT_EQ(Count(types, "Non-domestic: stranger"), 1);
  EXPECT_EQ(Count(types, "Not yet triaged"), 1);
  EXPECT_EQ(Count(types, "Not recorded"), 1);  // closed with advice, no type
  const Series& crimes = SeriesOf(m, "by_crime");
  EXPECT_EQ(Count(crimes, "Stalking (s2A or s4A)"), 1);  // c1's report r1
  EXPECT_EQ(Count(crimes, "No police report"), 2);
  const auto has = [&](const std::string& text) {
    return std::any_of(m.validation.begin(), m.validation.end(),
                       [&](const std::string& v) { return v == text; });
  };
  EXPECT_TRUE(has("1 referred victims have no gender recorded"));
  EXPECT_TRUE(has("1 referred victims have no date of birth recorded"));
  EXPECT_TRUE(has("1 referrals are not yet triaged, so their type of stalking is unknown"));
  EXPECT_FALSE(std::any_of(m.validation.begin(), m.validation.end(),
                           [](const std::string& v) { return v.find("whole months") != v.npos; }));

  const std::string csv = ToCsv(m);
  EXPECT_EQ(csv.rfind("series,row,column,value,suppressed\r\n", 0), 0u);
  EXPECT_NE(csv.find("Victims referred and supported,Referrals received,Count,3,no\r\n"),
            std::string::npos);
  auto xlsx = ToXlsx(m);
  ASSERT_TRUE(xlsx.ok());
  EXPECT_EQ(xlsx->substr(0, 2), "PK");
  EXPECT_GT(xlsx->size(), 4000u);
}

TEST_F(StatsTest, PeriodsAreCheckedAndDefaultToTheLastYear) {
  auto year = MakePeriod("", "", "2026-05-28");
  ASSERT_TRUE(year.ok());
  EXPECT_EQ(year->from, "2025-05-29");
  EXPECT_EQ(year->to, "2026-05-28");
  EXPECT_FALSE(MakePeriod("2026-02-30", "2026-03-01", "2026-05-28").ok());
  EXPECT_FALSE(MakePeriod("2026-03-01", "", "2026-05-28").ok());
  const auto backwards = MakePeriod("2026-03-01", "2026-02-01", "2026-05-28");
  ASSERT_FALSE(backwards.ok());
  EXPECT_EQ(backwards.error().fields.front().field, "to");
  EXPECT_FALSE(MakePeriod("2010-01-01", "2026-01-01", "2026-05-28").ok());
  EXPECT_TRUE(MakePeriod("2016-01-01", "2025-12-31", "2026-05-28").ok());  // ten years exactly
  EXPECT_FALSE(MakePeriod("2016-01-01", "2026-01-01", "2026-05-28").ok());
  EXPECT_TRUE(MakePeriod("2016-02-29", "2026-02-28", "2026-05-28").ok());
  EXPECT_EQ(PreviousPeriod({"2026-04-01", "2026-06-30"}).from, "2025-12-31");
  const StatsRequest unknown = Request("nope", {});
  const Status s =
      store_->Read([&](store::ReadTx& tx) { return Compute(tx, unknown, reference_).status(); });
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(StatsTest, ReferenceDataRefusesNonsense) {
  EXPECT_FALSE(Reference::Parse("national_rate,charged,1.5,x\n").ok());
  EXPECT_FALSE(Reference::Parse("planned_tier,5,10,x\n").ok());
  EXPECT_FALSE(Reference::Parse("planned_tiers,1,10,x\n").ok());
  EXPECT_FALSE(Reference::Parse("national_rate,charged,abc,x\n").ok());
  EXPECT_TRUE(Reference::Parse("# comment\nnational_rate,charged,0.05,x\n").ok());
}

}  // namespace
}  // namespace threadline::reporting
