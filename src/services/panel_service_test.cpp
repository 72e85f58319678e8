#include "services/panel_service.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json.hpp>

#include <algorithm>
#include <map>

#include "../../tests/support/service_store.hpp"
#include "../../tests/support/store_lookup.hpp"
#include "../../tests/support/temp_dir.hpp"
#include "domain/datetime.hpp"
#include "services/access_control.hpp"
#include "services/seed.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::services {
namespace {

// 2026-05-28T20:26:40Z.
constexpr int64_t kNow = 1'780'000'000;
constexpr const char* kToday = "2026-05-28";

class PanelServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ServiceStore base;
    base.Open(dir_.File("p.db"), clock_);
    ASSERT_FALSE(HasFatalFailure());
    store_ = std::move(base.store);
    access_ = std::move(base.access);
    auto model = risk::RfgvModel::Load(refdata::RefData());
    ASSERT_TRUE(model.ok()) << model.error().message;
    model_ = std::make_unique<risk::RfgvModel>(std::move(*model));
    service_ = std::make_unique<PanelService>(*store_, *access_, *model_, clock_);
    met_ = AgencyId("met");
    kent_ = AgencyId("kent");
    probation_ = AgencyId("probation-london");
    met_lead_ = {"U-MET-LEAD", met_, "lead", "req-1", "test", {}};
    met_officer_ = {"U-MET-OFFICER", met_, "officer", "req-2", "test", {}};
    met_analyst_ = {"U-MET-ANALYST", met_, "analyst", "req-3", "test", {}};
    kent_lead_ = {"U-KENT-LEAD", kent_, "lead", "req-4", "test", {}};
    probation_ = AgencyId("probation-london");
    probation_officer_ = {"U-PROBATION", probation_, "probation", "req-5", "test", {}};
  }

  domain::Id AgencyId(const std::string& code) { return testing::AgencyIdByCode(*store_, code); }

  domain::Id Person(const domain::Id& agency, const std::string& dob = "") {
    domain::Person p;
    p.id = domain::NewId();
    p.agency_id = agency;
    p.given_name = "Test";
    p.family_name = "Person";
    p.dob = dob;
    p.created_at = "2026-01-01T00:00:00Z";
    EXPECT_TRUE(store_->Write([&](store::WriteTx& tx) { return tx.InsertPerson(p); }).ok());
    return p.id;
  }

  // One report of `force` on `date` (noon UTC) with these parties.
  domain::Id Report(const domain::Id& force, const std::string& date,
                    const std::string& recorded_as,
                    const std::vector<std::pair<std::string, domain::Id>>& parties) {
    domain::Report r;
    r.id = domain::NewId();
    r.force_id = force;
    r.reference = "REF-" + r.id.substr(20);
    r.occurred_at = date + "T12:00:00Z";
    r.reported_at = r.occurred_at;
    r.recorded_as = recorded_as;
    for (const auto& [role, person] : parties) r.parties.push_back({role, person});
    r.created_at = r.occurred_at;
    const Status s = store_->Write([&](store::WriteTx& tx) { return tx.InsertReport(r); });
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message + " " + s.error().log_detail);
    return r.id;
  }

  // `from` gives `to` its records of these types, every field class.
  void Share(const domain::Id& from, const domain::Id& to, std::vector<std::string> types,
             std::vector<std::string> fields = {"core", "narrative", "contact"}) {
    domain::SharingAgreement a;
    a.id = domain::NewId();
    a.code = "SHARE-" + std::to_string(++agreements_);
    a.name = "test agreement";
    a.from_agency_id = from;
    a.to_agency_id = to;
    a.record_types = std::move(types);
    a.fields = std::move(fields);
    a.purpose = "multi-agency stalking panel";
    a.valid_from = "2026-01-01";
    ASSERT_TRUE(store_->Write([&](store::WriteTx& tx) { return tx.InsertAgreement(a); }).ok());
    access_->InvalidateAgreements();
  }

  // A case owned by `owner`, in `status` at `tier`, whose only timeline
  // event happened at `last_event_at`.
  domain::Id Case(const domain::Id& owner, const std::string& status, int tier,
                  const std::string& last_event_at, const domain::Id& suspect = "") {
    domain::Case c;
    c.id = domain::NewId();
    c.reference = "STK-2026-" + std::to_string(100000 + (++cases_));
    c.owner_agency_id = owner;
    c.referred_by_agency_id = owner;
    c.source = "police_report";
    c.status = status;
    c.tier = tier;
    c.suspect_person_id = suspect;
    c.referral_reason = "test referral";
    c.created_at = last_event_at;
    c.updated_at = last_event_at;
    domain::CaseEvent e;
    e.case_id = c.id;
    e.at = last_event_at;
    e.kind = "case.referred";
    e.agency_id = owner;
    e.field_class = "core";
    e.summary = "Referred";
    const Status s = store_->Write([&](store::WriteTx& tx) -> Status {
      if (Status st = tx.InsertCase(c); !st.ok()) return st;
      return tx.AppendCaseEvent(e).status();
    });
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message + " " + s.error().log_detail);
    return c.id;
  }

  // Per-case minutes of one meeting, written on the meeting day, naming
  // who attended as (agency code, role) pairs.
  void Minutes(const domain::Id& case_id, const domain::Id& panel_id, const std::string& date,
               const std::vector<std::pair<std::string, std::string>>& present) {
    boost::json::array attendance;
    for (const auto& [agency, role] : present) {
      attendance.push_back({{"agency", agency}, {"role", role}});
    }
    domain::CaseItem item;
    item.id = domain::NewId();
    item.case_id = case_id;
    item.kind = "minutes";
    item.agency_id = met_;
    item.field_class = "narrative";
    item.body_json = boost::json::serialize(boost::json::object{{"panel_id", panel_id},
                                                                {"meeting_date", date},
                                                                {"attendance", attendance},
                                                                {"discussion", "Discussed."}});
    item.created_at = date + "T11:00:00Z";
    item.updated_at = item.created_at;
    domain::CaseEvent e;
    e.case_id = case_id;
    e.at = item.created_at;
    e.kind = "minutes.recorded";
    e.item_id = item.id;
    e.agency_id = met_;
    e.field_class = "core";
    e.summary = "Panel minutes";
    const Status s = store_->Write([&](store::WriteTx& tx) -> Status {
      if (Status st = tx.InsertCaseItem(item); !st.ok()) return st;
      return tx.AppendCaseEvent(e).status();
    });
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message + " " + s.error().log_detail);
  }

  domain::Panel MetPanel() {
    auto panel = service_->CreatePanel(
        met_lead_, {"met-clinic", "Met stalking clinic", "stalking_clinic", "met", "weekly"});
    EXPECT_TRUE(panel.ok()) << panel.error().message;
    return panel.ok() ? *panel : domain::Panel{};
  }

  std::vector<domain::AuditEntry> AuditOf(const std::string& type, const domain::Id& id) {
    std::vector<domain::AuditEntry> out;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTx& tx) {
                      store::AuditFilter f;
                      f.record_type = type;
                      f.record_id = id;
                      auto a = tx.ListAudit(f);
                      if (a.ok()) out = *a;
                      return a.status();
                    })
                    .ok());
    return out;
  }

  static size_t CountAction(const std::vector<domain::AuditEntry>& entries,
                            const std::string& action) {
    return static_cast<size_t>(std::count_if(entries.begin(), entries.end(),
                                             [&](const auto& e) { return e.action == action; }));
  }

  int64_t Count(store::Table t) {
    int64_t n = -1;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTx& tx) {
                      auto c = tx.Count(t);
                      n = c.ok() ? *c : -1;
                      return c.status();
                    })
                    .ok());
    return n;
  }

  // Three Met perpetrators with scores worked out by hand from
  // data/risk/rfgv-v1.json and harm-weights-v1.csv, and one in Kent.
  struct Hand {
    domain::Id a, b, c, d;
  };
  Hand HandBuilt(const std::string& c_dob = "") {
    Hand h;
    h.a = Person(met_);
    h.b = Person(met_);
    h.c = Person(met_, c_dob);
    h.d = Person(kent_);
    const domain::Id v1 = Person(met_), v2 = Person(met_), v3 = Person(met_);
    const domain::Id v4 = Person(kent_), witness = Person(met_);
    // A: three s4A stalking incidents against one victim, the last 8 days
    // ago. R 10 (<= 28 days) + F 4 (3) + G 10 (1095 days >= 730) + V 1 = 25.
    Report(met_, "2026-05-20", "stalking_s4a", {{"victim", v1}, {"suspect", h.a}});
    Report(met_, "2026-05-10", "stalking_s4a",
           {{"victim", v1}, {"suspect", h.a}, {"witness", witness}});
    Report(met_, "2026-04-30", "stalking_s4a", {{"suspect", h.a}, {"victim", v1}});
    // C: two victims, the last incident 88 days ago. R 8 (<= 91) + F 2 (2)
    // + G 2 (28 + 14 = 42 >= 30) + V 5 (2) = 17; serial.
    Report(met_, "2026-03-01", "harassment_s2", {{"victim", v2}, {"suspect", h.c}});
    Report(met_, "2026-01-29", "malicious_communications", {{"victim", v3}, {"suspect", h.c}});
    // B: one incident 200 days ago. R 4 (<= 365) + F 1 + G 1 (28) + V 1 = 7.
    Report(met_, "2025-11-09", "harassment_s2", {{"victim", v2}, {"suspect", h.b}});
    // No victim recorded: not an incident against anyone, not ranked.
    Report(met_, "2026-05-27", "stalking_s4a", {{"suspect", h.b}, {"witness", witness}});
    // Kent's perpetrator never appears in the Met's ranking.
    Report(kent_, "2026-05-27", "stalking_s4a", {{"victim", v4}, {"suspect", h.d}});
    return h;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  Clock clock_ = [] { return kNow; };
  std::unique_ptr<AccessControl> access_;
  std::unique_ptr<risk::RfgvModel> model_;
  std::unique_ptr<PanelService> service_;
  domain::Id met_, kent_, probation_;
  Actor met_lead_, met_officer_, met_analyst_, kent_lead_, probation_officer_;
  int agreements_ = 0;
  int cases_ = 0;
};

TEST_F(PanelServiceTest, RanksHandBuiltReportsWithTheirBreakdown) {
  const Hand h = HandBuilt();
  auto ranking = service_->Rank(met_lead_, {"met", 20, ""});
  ASSERT_TRUE(ranking.ok()) << ranking.error().message;
  EXPECT_EQ(ranking->force_code, "met");
  EXPECT_EQ(ranking->as_of, kToday);
  EXPECT_EQ(ranking->model_version, "rfgv-v1+harm-weights-v1");
  EXPECT_EQ(ranking->lookback_days, 1095);
  EXPECT_FALSE(ranking->pseudonymised);
  EXPECT_EQ(ranking->reports, 7U);
  EXPECT_EQ(ranking->perpetrators, 3U);
  ASSERT_EQ(ranking->ranked.size(), 3U);

  const RankedPerpetrator& a = ranking->ranked[0];
  EXPECT_EQ(a.rank, 1);
  EXPECT_EQ(a.person_id, h.a);
  EXPECT_EQ(a.score, 25);
  EXPECT_EQ(a.recency_points, 10);
  EXPECT_EQ(a.frequency_points, 4);
  EXPECT_EQ(a.gravity_points, 10);
  EXPECT_EQ(a.victim_points, 1);
  EXPECT_EQ(a.days_since_last, 8);
  EXPECT_EQ(a.incidents, 3);
  EXPECT_DOUBLE_EQ(a.gravity, 1095.0);
  EXPECT_EQ(a.victims, 1);
  EXPECT_FALSE(a.serial);
  EXPECT_EQ(a.model_version, "rfgv-v1+harm-weights-v1");
  EXPECT_EQ(a.explanation,
            "R 10 (last incident 8 days ago) + F 4 (3 incidents) + G 10 (harm 1095 days) + V 1 "
            "(1 victim) = 25 [rfgv-v1+harm-weights-v1]");

  const RankedPerpetrator& c = ranking->ranked[1];
  EXPECT_EQ(c.person_id, h.c);
  EXPECT_EQ(c.score, 17);
  EXPECT_EQ(c.recency_points, 8);
  EXPECT_EQ(c.frequency_points, 2);
  EXPECT_EQ(c.gravity_points, 2);
  EXPECT_EQ(c.victim_points, 5);
  EXPECT_DOUBLE_EQ(c.gravity, 42.0);
  EXPECT_EQ(c.victims, 2);
  EXPECT_TRUE(c.serial);
  EXPECT_NE(c.explanation.find("; serial perpetrator"), std::string::npos) << c.explanation;

  const RankedPerpetrator& b = ranking->ranked[2];
  EXPECT_EQ(b.person_id, h.b);
  EXPECT_EQ(b.score, 7);
  EXPECT_EQ(b.days_since_last, 200) << "the victimless report 1 day ago must not count";
  EXPECT_EQ(b.incidents, 1);
  EXPECT_FALSE(b.serial);

  // One audit entry per person disclosed, naming the ranking.
  for (const auto& id : {h.a, h.b, h.c}) {
    const auto audit = AuditOf("person", id);
    ASSERT_EQ(CountAction(audit, "rank.read"), 1U) << id;
    EXPECT_EQ(audit.back().actor_id, "U-MET-LEAD");
    EXPECT_EQ(audit.back().purpose, "harm ranking of met on 2026-05-28");
  }
  EXPECT_TRUE(AuditOf("person", h.d).empty());
}

TEST_F(PanelServiceTest, TopNCutsTheListButCountsEveryPerpetrator) {
  const Hand h = HandBuilt();
  auto ranking = service_->Rank(met_lead_, {"met", 2, ""});
  ASSERT_TRUE(ranking.ok()) << ranking.error().message;
  ASSERT_EQ(ranking->ranked.size(), 2U);
  EXPECT_EQ(ranking->ranked[1].person_id, h.c);
  EXPECT_EQ(ranking->perpetrators, 3U);
  EXPECT_TRUE(AuditOf("person", h.b).empty()) << "only those shown are audited";

  auto kent = service_->Rank(kent_lead_, {"kent", 20, ""});
  ASSERT_TRUE(kent.ok());
  ASSERT_EQ(kent->ranked.size(), 1U);
  EXPECT_EQ(kent->ranked[0].person_id, h.d);
}

TEST_F(PanelServiceTest, SerialFlagNeedsTwoVictimsAndAnAgeOfSixteen) {
  // C was born in 2011: 14 or 15 on the ranking day, never 16.
  const Hand h = HandBuilt("2011");
  auto ranking = service_->Rank(met_lead_, {"met", 20, ""});
  ASSERT_TRUE(ranking.ok());
  ASSERT_EQ(ranking->ranked[1].person_id, h.c);
  EXPECT_EQ(ranking->ranked[1].victims, 2);
  EXPECT_EQ(ranking->ranked[1].score, 17) << "the score itself does not change";
  EXPECT_FALSE(ranking->ranked[1].serial);
  EXPECT_EQ(ranking->ranked[1].explanation.find("serial"), std::string::npos);
}

TEST_F(PanelServiceTest, SerialFlagStaysWhenTheAgeCannotShowUnderSixteen) {
  // Born in 2010: 15 or 16 on the ranking day; the record cannot tell.
  const Hand h = HandBuilt("2010");
  auto ranking = service_->Rank(met_lead_, {"met", 20, ""});
  ASSERT_TRUE(ranking.ok());
  ASSERT_EQ(ranking->ranked[1].person_id, h.c);
  EXPECT_TRUE(ranking->ranked[1].serial);
}

TEST_F(PanelServiceTest, LookBackWindowEndsOnTheRankingDay) {
  const domain::Id inside = Person(met_), outside = Person(met_), later = Person(met_);
  const domain::Id v = Person(met_);
  // 1094 days before 2026-05-28 is the window's first day; 1095 is out.
  Report(met_, "2023-05-30", "harassment_s2", {{"victim", v}, {"suspect", inside}});
  Report(met_, "2023-05-29", "harassment_s2", {{"victim", v}, {"suspect", outside}});
  Report(met_, "2026-05-01", "harassment_s2", {{"victim", v}, {"suspect", later}});
  auto ranking = service_->Rank(met_lead_, {"met", 20, ""});
  ASSERT_TRUE(ranking.ok());
  ASSERT_EQ(ranking->ranked.size(), 2U);
  EXPECT_EQ(ranking->ranked[1].person_id, inside);
  EXPECT_EQ(ranking->ranked[1].days_since_last, 1094);
  EXPECT_EQ(ranking->ranked[1].recency_points, 1);
  EXPECT_EQ(ranking->perpetrators, 2U);

  // As of an earlier day, later incidents do not exist yet, and the window
  // moves back with it.
  auto earlier = service_->Rank(met_lead_, {"met", 20, "2026-01-01"});
  ASSERT_TRUE(earlier.ok());
  EXPECT_EQ(earlier->as_of, "2026-01-01");
  EXPECT_EQ(earlier->perpetrators, 2U) << "incidents after the ranking day do not count";
  ASSERT_EQ(earlier->ranked.size(), 2U);
  EXPECT_EQ(earlier->ranked[0].person_id, inside);
  EXPECT_EQ(earlier->ranked[0].days_since_last, 947);
  EXPECT_EQ(earlier->ranked[1].person_id, outside);
}

TEST_F(PanelServiceTest, NobodyIsTheirOwnVictim) {
  const domain::Id both = Person(met_), other = Person(met_);
  // A counter-allegation: named as suspect and victim of the same report.
  Report(met_, "2026-05-20", "harassment_s2",
         {{"suspect", both}, {"victim", both}, {"victim", other}});
  Report(met_, "2026-05-21", "harassment_s2", {{"suspect", both}, {"victim", both}});
  auto ranking = service_->Rank(met_lead_, {"met", 20, ""});
  ASSERT_TRUE(ranking.ok());
  ASSERT_EQ(ranking->ranked.size(), 1U);
  EXPECT_EQ(ranking->ranked[0].person_id, both);
  EXPECT_EQ(ranking->ranked[0].incidents, 1);
  EXPECT_EQ(ranking->ranked[0].victims, 1);
  EXPECT_EQ(ranking->ranked[0].days_since_last, 8);
  EXPECT_EQ(ranking->perpetrators, 1U);
}

// The store reads a force that holds most reports front to back and looks
// up the reports of a force that holds few: both must rank alike.
TEST_F(PanelServiceTest, SmallAndLargeForcesRankAlike) {
  const Hand h = HandBuilt();
  auto alone = service_->Rank(met_lead_, {"met", 20, ""});
  ASSERT_TRUE(alone.ok());
  // Now the Met's 7 reports are under a tenth of all.
  const domain::Id kent_suspect = Person(kent_), kent_victim = Person(kent_);
  for (int i = 0; i < 80; ++i) {
    Report(kent_, "2026-04-" + std::string(i % 28 < 9 ? "0" : "") + std::to_string(i % 28 + 1),
           "harassment_s2", {{"victim", kent_victim}, {"suspect", kent_suspect}});
  }
  auto among_many = service_->Rank(met_lead_, {"met", 20, ""});
  ASSERT_TRUE(among_many.ok());
  ASSERT_EQ(among_many->ranked.size(), alone->ranked.size());
  EXPECT_EQ(among_many->reports, alone->reports);
  EXPECT_EQ(among_many->perpetrators, alone->perpetrators);
  for (size_t i = 0; i < alone->ranked.size(); ++i) {
    EXPECT_EQ(among_many->ranked[i].person_id, alone->ranked[i].person_id);
    EXPECT_EQ(among_many->ranked[i].explanation, alone->ranked[i].explanation);
  }
  EXPECT_EQ(among_many->ranked[0].person_id, h.a);
  auto kent = service_->Rank(kent_lead_, {"kent", 20, ""});
  ASSERT_TRUE(kent.ok());
  ASSERT_EQ(kent->ranked.size(), 2U);
  EXPECT_EQ(kent->ranked[0].person_id, kent_suspect);
  EXPECT_EQ(kent->ranked[0].incidents, 80);
  EXPECT_EQ(kent->reports, 81U);
}

TEST_F(PanelServiceTest, PartiesWrittenApartFromTheirReportAreRefused) {
  const domain::Id s = Person(met_), v = Person(met_), w = Person(met_);
  const domain::Id first = Report(met_, "2026-05-20", "harassment_s2", {{"suspect", s}});
  Report(met_, "2026-05-21", "harassment_s2", {{"suspect", s}, {"victim", v}});
  // Only the store's own writes keep a report's parties together; a row
  // added behind its back must not be silently miscounted.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("p.db").c_str(), &db), SQLITE_OK);
  const std::string sql =
      "INSERT INTO report_parties (report_id, position, person_id, role) "
      "VALUES ('" +
      first + "', 1, '" + w + "', 'victim')";
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK);
  auto ranking = service_->Rank(met_lead_, {"met", 20, ""});
  ASSERT_FALSE(ranking.ok());
  EXPECT_EQ(ranking.error().code, ErrorCode::kInternal);
}

TEST_F(PanelServiceTest, AnotherForceWithoutAgreementGetsNotFound) {
  HandBuilt();
  auto denied = service_->Rank(kent_lead_, {"met", 20, ""});
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, ErrorCode::kNotFound);
  const std::string message = denied.error().message;
  // The same answer as a force that does not exist, or an agency that is not a force.
  for (const char* code : {"atlantis", "probation-london"}) {
    auto unknown = service_->Rank(met_lead_, {code, 20, ""});
    ASSERT_FALSE(unknown.ok()) << code;
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound) << code;
    EXPECT_EQ(unknown.error().message, message) << code;
  }
  // Reports or persons shared do not open the ranking: case records do.
  Share(met_, kent_, {"report", "person"});
  EXPECT_EQ(service_->Rank(kent_lead_, {"met", 20, ""}).error().code, ErrorCode::kNotFound);
  Share(met_, kent_, {"case"});
  auto shared = service_->Rank(kent_lead_, {"met", 20, ""});
  ASSERT_TRUE(shared.ok()) << shared.error().message;
  EXPECT_EQ(shared->ranked.size(), 3U);

  // Roles without rank.read are refused before anything is read.
  EXPECT_EQ(service_->Rank(met_officer_, {"met", 20, ""}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->Rank(Actor::Anonymous("r", "t"), {"met", 20, ""}).error().code,
            ErrorCode::kUnauthenticated);
}

TEST_F(PanelServiceTest, AnalystsSeeStablePseudonymsAndTheSameScores) {
  const Hand h = HandBuilt();
  auto lead = service_->Rank(met_lead_, {"met", 20, ""});
  auto first = service_->Rank(met_analyst_, {"met", 20, ""});
  auto second = service_->Rank(met_analyst_, {"met", 20, ""});
  ASSERT_TRUE(lead.ok() && first.ok() && second.ok());
  EXPECT_TRUE(first->pseudonymised);
  ASSERT_EQ(first->ranked.size(), 3U);
  for (size_t i = 0; i < 3; ++i) {
    const auto& p = first->ranked[i];
    EXPECT_EQ(p.person_id.substr(0, 2), "P-") << p.person_id;
    EXPECT_NE(p.person_id, lead->ranked[i].person_id);
    EXPECT_EQ(p.person_id, second->ranked[i].person_id) << "pseudonyms are stable";
    EXPECT_EQ(p.score, lead->ranked[i].score);
    EXPECT_EQ(p.explanation, lead->ranked[i].explanation);
  }
  for (const auto& id : {h.a, h.b, h.c}) {
    for (const auto& p : first->ranked) EXPECT_EQ(p.person_id.find(id), std::string::npos);
  }
  EXPECT_NE(first->ranked[0].person_id, first->ranked[1].person_id);
  // The audit log keeps the real record: the analyst did see that person.
  const auto audit = AuditOf("person", h.a);
  EXPECT_EQ(std::count_if(audit.begin(), audit.end(),
                          [](const auto& e) { return e.actor_id == "U-MET-ANALYST"; }),
            2);
}

TEST_F(PanelServiceTest, BadRankingQueriesNameEveryBadField) {
  auto bad = service_->Rank(met_lead_, {"", 501, "2026-02-30"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(bad.error().fields.size(), 3U);
  EXPECT_EQ(bad.error().fields[0].field, "force");
  EXPECT_EQ(bad.error().fields[1].field, "top");
  EXPECT_EQ(bad.error().fields[2].field, "as_of");
  EXPECT_EQ(service_->Rank(met_lead_, {"met", 0, ""}).error().fields.at(0).field, "top");
  auto future = service_->Rank(met_lead_, {"met", 20, "2026-05-29"});
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(future.error().fields.at(0).field, "as_of");
  EXPECT_TRUE(service_->Rank(met_lead_, {"met", 500, kToday}).ok());
  EXPECT_EQ(Count(store::Table::kAudit), 0) << "nothing ranked, nothing disclosed";
}

TEST_F(PanelServiceTest, RecordedScoresShowWhetherAScoreFell) {
  const Hand h = HandBuilt();
  auto first = service_->RecordScores(met_lead_, "met", "2026-05-20");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->force_code, "met");
  EXPECT_EQ(first->scored_on, "2026-05-20");
  EXPECT_EQ(first->recorded, 3U);
  // Again on the same day: nothing new.
  auto again = service_->RecordScores(met_lead_, "met", "2026-05-20");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->recorded, 0U);
  EXPECT_EQ(again->already_recorded, 3U);
  EXPECT_EQ(Count(store::Table::kHarmScores), 3);
  // A week on, everyone is scored again.
  auto later = service_->RecordScores(met_lead_, "met", "");
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->scored_on, kToday);
  EXPECT_EQ(Count(store::Table::kHarmScores), 6);

  auto history = service_->ScoreHistory(met_lead_, h.c);
  ASSERT_TRUE(history.ok()) << history.error().message;
  ASSERT_EQ(history->entries.size(), 2U);
  EXPECT_EQ(history->entries[0].score.scored_on, "2026-05-20");
  EXPECT_EQ(history->entries[1].score.scored_on, kToday);
  // On 2026-05-20 C's last incident was 80 days old (R 8), on 2026-05-28 88 (R 8).
  EXPECT_EQ(history->entries[0].score.score, 17);
  EXPECT_EQ(history->entries[0].score.version, "rfgv-v1+harm-weights-v1");
  const auto breakdown = boost::json::parse(history->entries[0].score.breakdown_json);
  EXPECT_EQ(breakdown.at("victims").at("distinct").as_int64(), 2);
  EXPECT_TRUE(breakdown.at("serial").as_bool());
  EXPECT_TRUE(history->same_model);

  auto a = service_->ScoreHistory(met_lead_, h.a);
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->entries.size(), 2U);
  // 2026-05-20: last incident that day; 2026-05-28: 8 days ago. R 10 both times.
  EXPECT_EQ(a->entries[0].score.score, 25);
  EXPECT_EQ(a->entries[1].score.score, 25);
  EXPECT_EQ(a->change_since_first, 0);
  EXPECT_EQ(CountAction(AuditOf("person", h.a), "rank.record"), 2U);

  // Permissions and visibility.
  EXPECT_EQ(service_->RecordScores(probation_officer_, "met", "").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->RecordScores(kent_lead_, "met", "").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->ScoreHistory(kent_lead_, h.c).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->ScoreHistory(met_lead_, "not-an-id").error().code, ErrorCode::kNotFound);
}

TEST_F(PanelServiceTest, ScoresFallAfterIntervention) {
  const domain::Id p = Person(met_), v = Person(met_);
  for (const char* date : {"2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"}) {
    Report(met_, date, "harassment_s2", {{"victim", v}, {"suspect", p}});
  }
  ASSERT_TRUE(service_->RecordScores(met_lead_, "met", "2026-01-27").ok());
  // Nothing since the panel intervened: on the 28th recency has dropped.
  ASSERT_TRUE(service_->RecordScores(met_lead_, "met", kToday).ok());
  auto history = service_->ScoreHistory(met_lead_, p);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->entries.size(), 2U);
  // 2026-01-27: R 10 (1 day) + F 4 (4) + G 4 (112) + V 1 = 19.
  // 2026-05-28: R 6 (122 days) + F 4 + G 4 + V 1 = 15.
  EXPECT_EQ(history->entries[0].score.score, 19);
  EXPECT_EQ(history->entries[1].score.score, 15);
  EXPECT_EQ(history->entries[1].change_since_first, -4);
  EXPECT_EQ(history->change_since_first, -4);
}

TEST_F(PanelServiceTest, CreatePanelValidatesAndKeepsCodesUnique) {
  const domain::Panel panel = MetPanel();
  EXPECT_EQ(panel.owner_agency_id, met_);
  EXPECT_EQ(panel.created_by, "U-MET-LEAD");
  EXPECT_EQ(CountAction(AuditOf("panel", panel.id), "panel.create"), 1U);

  auto duplicate = service_->CreatePanel(met_lead_, {"met-clinic", "Another", "matac", "met", ""});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);

  auto bad = service_->CreatePanel(met_lead_, {"Met Clinic!", " ", "tea_party", "", "x"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(bad.error().fields.size(), 4U);
  EXPECT_EQ(bad.error().fields[0].field, "code");
  EXPECT_EQ(bad.error().fields[1].field, "name");
  EXPECT_EQ(bad.error().fields[2].field, "kind");
  EXPECT_EQ(bad.error().fields[3].field, "area");
  EXPECT_EQ(Count(store::Table::kPanels), 1);

  EXPECT_EQ(
      service_->CreatePanel(met_officer_, {"met-2", "Met 2", "matac", "met", ""}).error().code,
      ErrorCode::kPermissionDenied);
  // The system actor names the owning agency as the area.
  auto system = service_->CreatePanel(Actor::System("test"),
                                      {"kent-matac", "Kent MATAC", "matac", "kent", ""});
  ASSERT_TRUE(system.ok()) << system.error().message;
  EXPECT_EQ(system->owner_agency_id, kent_);
}

TEST_F(PanelServiceTest, PanelsAreVisibleToTheOwnerAndCaseSharingPartners) {
  const domain::Panel panel = MetPanel();
  auto mine = service_->ListPanels(met_lead_);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1U);
  EXPECT_TRUE(service_->GetPanel(met_lead_, panel.id).ok());

  auto theirs = service_->ListPanels(kent_lead_);
  ASSERT_TRUE(theirs.ok());
  EXPECT_TRUE(theirs->empty());
  EXPECT_EQ(service_->GetPanel(kent_lead_, panel.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->GetPanel(met_lead_, domain::NewId()).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->GetPanel(met_lead_, "x").error().code, ErrorCode::kNotFound);

  Share(met_, probation_, {"case"});
  auto partner = service_->ListPanels(probation_officer_);
  ASSERT_TRUE(partner.ok());
  ASSERT_EQ(partner->size(), 1U);
  EXPECT_EQ(partner->front().code, "met-clinic");
  EXPECT_EQ(service_->ListPanels(met_analyst_).error().code, ErrorCode::kPermissionDenied);
}

TEST_F(PanelServiceTest, NominatingACaseAddsItToTheTimelineOnce) {
  const Hand h = HandBuilt();
  const domain::Panel panel = MetPanel();
  const domain::Id kase = Case(met_, "open", 3, "2026-05-01T10:00:00Z", h.c);
  auto n = service_->Nominate(met_lead_, panel.id,
                              {"2026-06-02", kase, "", "team", "Escalating towards the victim"});
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(n->person_id, h.c) << "the case's suspect is the perpetrator";
  EXPECT_EQ(n->agency_id, met_);
  EXPECT_EQ(n->score, 0);

  std::vector<domain::CaseEvent> events;
  ASSERT_TRUE(store_
                  ->Read([&](store::ReadTx& tx) {
                    auto e = tx.ListCaseEvents(kase);
                    if (e.ok()) events = *e;
                    return e.status();
                  })
                  .ok());
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(events[1].kind, "case.nominated");
  EXPECT_EQ(events[1].summary, "Nominated for met-clinic on 2026-06-02 (team)");
  EXPECT_EQ(CountAction(AuditOf("nomination", n->id), "panel.nominate"), 1U);

  auto duplicate =
      service_->Nominate(met_lead_, panel.id, {"2026-06-02", kase, "", "partner", "Again"});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
  // The next meeting is another matter.
  EXPECT_TRUE(
      service_->Nominate(met_lead_, panel.id, {"2026-06-09", kase, "", "review", "Follow up"})
          .ok());
  EXPECT_EQ(Count(store::Table::kNominations), 2);
  EXPECT_EQ(Count(store::Table::kCaseEvents), 3);
}

TEST_F(PanelServiceTest, NominationFromTheRankingStoresTheScore) {
  const Hand h = HandBuilt();
  const domain::Panel panel = MetPanel();
  auto n = service_->Nominate(met_lead_, panel.id, {"2026-06-02", "", h.a, "ranking", ""});
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(n->score, 25);
  EXPECT_EQ(n->score_version, "rfgv-v1+harm-weights-v1");
  const auto breakdown = boost::json::parse(n->breakdown_json);
  EXPECT_EQ(breakdown.at("recency").at("points").as_int64(), 10);
  EXPECT_EQ(breakdown.at("frequency").at("incidents").as_int64(), 3);
  EXPECT_EQ(breakdown.at("gravity").at("harm_days").as_double(), 1095.0);
  EXPECT_NE(n->reason.find("R 10 (last incident 8 days ago)"), std::string::npos) << n->reason;
  EXPECT_EQ(Count(store::Table::kCaseEvents), 0) << "no case, no timeline";

  // The same perpetrator again for that meeting, without a case: conflict.
  EXPECT_EQ(service_->Nominate(met_lead_, panel.id, {"2026-06-02", "", h.a, "team", "Again"})
                .error()
                .code,
            ErrorCode::kConflict);
  // A person with no incident in the window cannot come from the ranking.
  const domain::Id quiet = Person(met_);
  auto none = service_->Nominate(met_lead_, panel.id, {"2026-06-02", "", quiet, "ranking", ""});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(none.error().fields.at(0).field, "source");
}

TEST_F(PanelServiceTest, NominationsNeedVisibleOpenCasesAndGoodInput) {
  const Hand h = HandBuilt();
  const domain::Panel panel = MetPanel();
  const domain::Id kent_case = Case(kent_, "open", 3, "2026-05-01T10:00:00Z", h.d);
  const domain::Id closed = Case(met_, "closed", 4, "2026-05-01T10:00:00Z", h.a);

  // A Kent case the Met cannot see, and a Met panel Kent cannot see.
  EXPECT_EQ(service_->Nominate(met_lead_, panel.id, {"2026-06-02", kent_case, "", "team", "Why"})
                .error()
                .code,
            ErrorCode::kNotFound);
  EXPECT_EQ(service_->Nominate(kent_lead_, panel.id, {"2026-06-02", kent_case, "", "team", "Why"})
                .error()
                .code,
            ErrorCode::kNotFound);
  EXPECT_EQ(
      service_->Nominate(met_lead_, panel.id, {"2026-06-02", "", h.d, "team", "Why"}).error().code,
      ErrorCode::kNotFound)
      << "a Kent person the Met may not see";
  auto closed_case =
      service_->Nominate(met_lead_, panel.id, {"2026-06-02", closed, "", "team", "Why"});
  ASSERT_FALSE(closed_case.ok());
  EXPECT_EQ(closed_case.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(closed_case.error().fields.at(0).field, "case_id");
  const domain::Id open = Case(met_, "open", 3, "2026-05-01T10:00:00Z", h.a);
  auto wrong_person =
      service_->Nominate(met_lead_, panel.id, {"2026-06-02", open, h.b, "team", "Why"});
  ASSERT_FALSE(wrong_person.ok());
  EXPECT_EQ(wrong_person.error().fields.at(0).field, "person_id");

  auto bad = service_->Nominate(met_lead_, panel.id, {"2026-13-01", "", "", "gossip", ""});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(bad.error().fields.size(), 4U);
  EXPECT_EQ(bad.error().fields[0].field, "meeting_date");
  EXPECT_EQ(bad.error().fields[1].field, "source");
  EXPECT_EQ(bad.error().fields[2].field, "case_id");
  EXPECT_EQ(bad.error().fields[3].field, "reason");
  EXPECT_EQ(service_->Nominate(met_analyst_, panel.id, {"2026-06-02", open, "", "team", "Why"})
                .error()
                .code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Count(store::Table::kNominations), 0);
}

TEST_F(PanelServiceTest, AgendaListsNominationsThenCasesDueForReview) {
  const Hand h = HandBuilt();
  const domain::Panel panel = MetPanel();
  // The meeting is on 2026-06-02: quiet since before 2026-05-05 is due.
  const domain::Id quiet3 = Case(met_, "open", 3, "2026-04-01T09:00:00Z", h.b);
  const domain::Id quiet4 = Case(met_, "open", 4, "2026-03-01T09:00:00Z");
  const domain::Id busy3 = Case(met_, "open", 3, "2026-05-20T09:00:00Z");
  const domain::Id quiet2 = Case(met_, "open", 2, "2026-01-01T09:00:00Z");
  const domain::Id closed4 = Case(met_, "closed", 4, "2026-01-01T09:00:00Z");
  const domain::Id nominated4 = Case(met_, "open", 4, "2026-01-01T09:00:00Z", h.c);
  const domain::Id border3 = Case(met_, "open", 3, "2026-05-05T23:00:00Z");  // 28 days: not yet
  const domain::Id kent4 = Case(kent_, "open", 4, "2026-01-01T09:00:00Z", h.d);

  ASSERT_TRUE(
      service_->Nominate(met_lead_, panel.id, {"2026-06-02", nominated4, "", "team", "Stuck"})
          .ok());
  ASSERT_TRUE(service_->Nominate(met_lead_, panel.id, {"2026-06-02", "", h.a, "ranking", ""}).ok());
  // Kent, which sees the Met's cases, nominates one of its own cases.
  Share(met_, kent_, {"case"});
  ASSERT_TRUE(
      service_->Nominate(kent_lead_, panel.id, {"2026-06-02", kent4, "", "partner", "Cross-border"})
          .ok());
  // Another meeting's nomination is not on this agenda.
  ASSERT_TRUE(
      service_->Nominate(met_lead_, panel.id, {"2026-06-09", busy3, "", "team", "Next week"}).ok());

  auto agenda = service_->Agenda(met_lead_, panel.id, "2026-06-02");
  ASSERT_TRUE(agenda.ok()) << agenda.error().message;
  EXPECT_EQ(agenda->panel.id, panel.id);
  EXPECT_EQ(agenda->meeting_date, "2026-06-02");
  EXPECT_EQ(agenda->withheld, 1) << "Kent's case is not the Met's to see";
  ASSERT_EQ(agenda->entries.size(), 4U);

  const AgendaEntry& ranked = agenda->entries[0];
  EXPECT_EQ(ranked.basis, "nominated");
  EXPECT_EQ(ranked.person_id, h.a);
  EXPECT_EQ(ranked.score, 25) << "highest score first";
  EXPECT_TRUE(ranked.case_id.empty());
  EXPECT_NE(ranked.why.find("Nominated by met (ranking), harm score 25"), std::string::npos)
      << ranked.why;
  ASSERT_TRUE(ranked.nomination.has_value());

  const AgendaEntry& stuck = agenda->entries[1];
  EXPECT_EQ(stuck.basis, "nominated");
  EXPECT_EQ(stuck.case_id, nominated4);
  EXPECT_EQ(stuck.tier, 4);
  EXPECT_EQ(stuck.why, "Nominated by met (team): Stuck");

  EXPECT_EQ(agenda->entries[2].basis, "due_for_review");
  EXPECT_EQ(agenda->entries[2].case_id, quiet4) << "the longest without activity first";
  EXPECT_EQ(agenda->entries[2].why,
            "Tier 4 case open with no recorded activity for 93 days (last on 2026-03-01): due "
            "for review");
  EXPECT_EQ(agenda->entries[3].case_id, quiet3);
  EXPECT_EQ(agenda->entries[3].person_id, h.b);
  EXPECT_EQ(agenda->entries[3].last_event_at, "2026-04-01T09:00:00Z");
  for (const auto& e : agenda->entries) {
    for (const auto& absent : {busy3, quiet2, closed4, border3, kent4}) {
      EXPECT_NE(e.case_id, absent);
    }
  }
  // Each case and person shown is audited as read from the agenda.
  for (const auto& id : {nominated4, quiet4, quiet3}) {
    EXPECT_EQ(CountAction(AuditOf("case", id), "panel.agenda"), 1U) << id;
  }
  EXPECT_EQ(CountAction(AuditOf("person", h.a), "panel.agenda"), 1U);
  EXPECT_EQ(CountAction(AuditOf("case", kent4), "panel.agenda"), 0U);

  // Kent sees its own case and the Met's cases, but not the Met's person
  // records: the ranked perpetrator without a case is withheld from it.
  auto kent = service_->Agenda(kent_lead_, panel.id, "2026-06-02");
  ASSERT_TRUE(kent.ok()) << kent.error().message;
  EXPECT_EQ(kent->withheld, 1);
  ASSERT_EQ(kent->entries.size(), 4U);
  EXPECT_EQ(kent->entries[0].case_id, nominated4);
  EXPECT_EQ(kent->entries[1].case_id, kent4);
  EXPECT_EQ(kent->entries[1].why, "Nominated by kent (partner): Cross-border");
}

TEST_F(PanelServiceTest, AgendaNeedsAVisiblePanelAndADate) {
  const domain::Panel panel = MetPanel();
  EXPECT_EQ(service_->Agenda(kent_lead_, panel.id, "2026-06-02").error().code,
            ErrorCode::kNotFound);
  auto bad = service_->Agenda(met_lead_, panel.id, "next tuesday");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().fields.at(0).field, "date");
  EXPECT_EQ(service_->Agenda(met_analyst_, panel.id, "2026-06-02").error().code,
            ErrorCode::kPermissionDenied);
  auto empty = service_->Agenda(met_lead_, panel.id, "2026-06-02");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->entries.empty());
}

TEST_F(PanelServiceTest, AgendaGathersWhoAttendedFromTheMeetingsMinutes) {
  const domain::Panel panel = MetPanel();
  const domain::Id nominated = Case(met_, "open", 4, "2026-05-30T09:00:00Z");
  const domain::Id quiet = Case(met_, "open", 3, "2026-03-01T09:00:00Z");
  ASSERT_TRUE(
      service_->Nominate(met_lead_, panel.id, {"2026-06-02", nominated, "", "team", "Escalating"})
          .ok());
  Minutes(nominated, panel.id, "2026-06-02",
          {{"met", "stalking lead"}, {"nhs-beh", "psychologist"}});
  Minutes(quiet, panel.id, "2026-06-02",
          {{"met", "stalking lead"},
           {"met", "detective sergeant"},
           {"probation-london", "probation officer"}});
  // The next meeting's minutes are not this meeting's register.
  ASSERT_TRUE(
      service_->Nominate(met_lead_, panel.id, {"2026-06-09", nominated, "", "team", "Follow-up"})
          .ok());
  Minutes(nominated, panel.id, "2026-06-09", {{"kent", "observer"}});

  auto agenda = service_->Agenda(met_lead_, panel.id, "2026-06-02");
  ASSERT_TRUE(agenda.ok()) << agenda.error().message;
  // The quiet case stays on its meeting's agenda although its minutes, written
  // on the day, are newer than the review limit.
  ASSERT_EQ(agenda->entries.size(), 2U);
  EXPECT_EQ(agenda->entries[1].case_id, quiet);
  EXPECT_EQ(agenda->entries[1].basis, "due_for_review");

  const MeetingAttendance& a = agenda->attendance;
  EXPECT_EQ(a.minutes_recorded, 2);
  EXPECT_EQ(a.minutes_withheld, 0);
  ASSERT_EQ(a.agencies.size(), 3U);
  EXPECT_EQ(a.agencies[0].agency, "met");
  EXPECT_EQ(a.agencies[0].roles, (std::vector<std::string>{"detective sergeant", "stalking lead"}));
  EXPECT_EQ(a.agencies[0].cases, 2);
  EXPECT_EQ(a.agencies[1].agency, "nhs-beh");
  EXPECT_EQ(a.agencies[1].cases, 1);
  EXPECT_EQ(a.agencies[2].agency, "probation-london");
  EXPECT_EQ(a.agencies[2].roles, (std::vector<std::string>{"probation officer"}));

  // The next meeting has its own register.
  auto next = service_->Agenda(met_lead_, panel.id, "2026-06-09");
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next->attendance.agencies.size(), 1U);
  EXPECT_EQ(next->attendance.agencies[0].agency, "kent");

  // Kent sees the Met's cases but not their narrative: the minutes are
  // counted as withheld and none of their attendance is shown.
  Share(met_, kent_, {"case"}, {"core"});
  auto kent = service_->Agenda(kent_lead_, panel.id, "2026-06-02");
  ASSERT_TRUE(kent.ok()) << kent.error().message;
  EXPECT_EQ(kent->entries.size(), 2U);
  EXPECT_EQ(kent->attendance.minutes_withheld, 2);
  EXPECT_EQ(kent->attendance.minutes_recorded, 0);
  EXPECT_TRUE(kent->attendance.agencies.empty());
}

}  // namespace
}  // namespace threadline::services
