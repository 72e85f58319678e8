// The Store's part of retention review, on both backends: which records are
// due, how "keep" decisions hold them back, and deletions that take a
// record with everything only it refers to and nothing else.
#include <gtest/gtest.h>

#include <random>

#include "../../tests/support/test_database.hpp"
#include "domain/datetime.hpp"
#include "store/open_store.hpp"

namespace threadline::store {
namespace {

using threadline::testing::Backend;
using threadline::testing::TestDatabase;

constexpr const char* kToday = "2026-11-23";
// Ten years before: records counted from before this are due.
constexpr const char* kCountedBefore = "2016-11-24";

class RetentionStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    auto opened = OpenStore(db_->url());
    ASSERT_TRUE(opened.ok()) << opened.error().log_detail;
    store_ = std::move(*opened);
    force_ = AddAgency("force-a");
    other_ = AddAgency("force-b");
    user_.id = NewId();
    user_.username = "reviewer";
    user_.display_name = "A reviewer";
    user_.role = "admin";
    user_.agency_id = force_;
    ASSERT_TRUE(Write([&](WriteTx& tx) { return tx.InsertUser(user_); }).ok());
  }

  Status Write(const std::function<Status(WriteTx&)>& fn) { return store_->Write(fn); }

  domain::Id NewId() { return domain::NextId(1'700'000'000'000 + counter_++, rng_); }

  domain::Id AddAgency(const std::string& code) {
    domain::Agency a{NewId(), code, "Force " + code, "police_force", "Somewhere"};
    EXPECT_TRUE(Write([&](WriteTx& tx) { return tx.InsertAgency(a); }).ok());
    return a.id;
  }

  domain::Id AddPerson(const std::string& given) {
    domain::Person p;
    p.id = NewId();
    p.agency_id = force_;
    p.given_name = given;
    p.family_name = "Example";
    p.phones = {"07700 900123"};
    p.created_at = "2010-01-01T00:00:00Z";
    EXPECT_TRUE(Write([&](WriteTx& tx) { return tx.InsertPerson(p); }).ok());
    return p.id;
  }

  // A report of `force` created at `created` (a timestamp) naming `parties`.
  domain::Id AddReport(const domain::Id& force, const std::string& created,
                       std::vector<domain::Party> parties) {
    domain::Report r;
    r.id = NewId();
    r.force_id = force;
    r.reference = "REF-" + std::to_string(counter_);
    r.occurred_at = created;
    r.recorded_as = "harassment_s2";
    r.behaviours = {"contacting"};
    r.parties = std::move(parties);
    r.created_at = created;
    EXPECT_TRUE(Write([&](WriteTx& tx) { return tx.InsertReport(r); }).ok());
    return r.id;
  }

  domain::Id AddScreening(const domain::Id& report, const std::string& created,
                          const domain::Id& previous = {}) {
    domain::Screening s;
    s.id = NewId();
    s.report_id = report;
    s.questionnaire_version = "v1";
    s.answers_json = "{}";
    s.result_json = "{}";
    s.principal = "stalking_s2a";
    s.classifications = {"stalking_s2a", "harassment_s2"};
    s.risk_level = "medium";
    s.previous_id = previous;
    s.created_at = created;
    EXPECT_TRUE(Write([&](WriteTx& tx) { return tx.InsertScreening(s); }).ok());
    return s.id;
  }

  void AddOutcome(const domain::Id& report, const std::string& created) {
    domain::Outcome o{NewId(), report, "arrested", "", created.substr(0, 10), created};
    EXPECT_TRUE(Write([&](WriteTx& tx) { return tx.InsertOutcome(o); }).ok());
  }

  domain::Case MakeCase(const std::string& status, const std::string& updated,
                        const domain::Id& victim, const domain::Id& suspect,
                        std::vector<domain::Id> reports) {
    domain::Case c;
    c.id = NewId();
    c.reference = "STK-" + std::to_string(counter_);
    c.owner_agency_id = force_;
    c.referred_by_agency_id = force_;
    c.source = "police";
    c.status = status;
    c.victim_person_id = victim;
    c.suspect_person_id = suspect;
    c.report_ids = std::move(reports);
    c.created_at = "2015-01-01T00:00:00Z";
    c.updated_at = updated;
    EXPECT_TRUE(Write([&](WriteTx& tx) { return tx.InsertCase(c); }).ok());
    return c;
  }

  RetentionDuePage Due(const std::string& type, const std::string& today = kToday,
                       const std::string& cursor = {}, size_t limit = 50,
                       const domain::Id& owner = {}, const domain::Id& record = {}) {
    RetentionDuePage page;
    RetentionDueFilter f;
    f.record_type = type;
    f.owner_agency_id = owner.empty() ? force_ : owner;
    f.counted_before = kCountedBefore;
    f.today = today;
    f.cursor = cursor;
    f.limit = limit;
    f.record_id = record;
    const Status s = store_->Read([&](ReadTx& tx) {
      auto due = tx.ListRetentionDue(f);
      if (due.ok()) page = std::move(*due);
      return due.status();
    });
    EXPECT_TRUE(s.ok()) << s.error().message << " " << s.error().log_detail;
    return page;
  }

  static std::vector<domain::Id> Ids(const RetentionDuePage& page) {
    std::vector<domain::Id> ids;
    for (const auto& r : page.records) ids.push_back(r.record_id);
    return ids;
  }

  bool Exists(const domain::Id& id, bool person) {
    bool found = false;
    EXPECT_TRUE(store_
                    ->Read([&](ReadTx& tx) -> Status {
                      const Status s =
                          person ? tx.GetPerson(id).status() : tx.GetReport(id).status();
                      found = s.ok();
                      if (!s.ok() && s.error().code != ErrorCode::kNotFound) return s;
                      return {};
                    })
                    .ok());
    return found;
  }

  void Keep(const std::string& type, const domain::Id& id, const std::string& until) {
    domain::RetentionReview r{NewId(),        type,  id, force_,   "retain",
                              "still needed", until, "", user_.id, "2026-11-01T10:00:00Z"};
    ASSERT_TRUE(Write([&](WriteTx& tx) { return tx.InsertRetentionReview(r); }).ok());
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Store> store_;
  std::mt19937_64 rng_{777};
  int64_t counter_ = 0;
  domain::Id force_;
  domain::Id other_;
  domain::User user_;
};

TEST_P(RetentionStoreTest, OldReportsOfTheOwnerAreDueOldestFirstAndPaged) {
  const domain::Id v = AddPerson("Vic");
  const domain::Id oldest = AddReport(force_, "2010-03-01T09:00:00Z", {{"victim", v}});
  const domain::Id older = AddReport(force_, "2012-05-01T09:00:00Z", {{"victim", v}});
  AddReport(force_, "2020-01-01T09:00:00Z", {{"victim", v}});  // too recent
  AddReport(other_, "2009-01-01T09:00:00Z", {{"victim", v}});  // another owner's
  const domain::Id last_day = AddReport(force_, "2016-11-23T23:59:59Z", {{"victim", v}});
  AddReport(force_, "2016-11-24T00:00:00Z", {{"victim", v}});  // due tomorrow

  const auto all = Due("report");
  EXPECT_EQ(Ids(all), (std::vector<domain::Id>{oldest, older, last_day}));
  EXPECT_EQ(all.records[0].counted_from, "2010-03-01T09:00:00Z");
  EXPECT_TRUE(all.next_cursor.empty());

  const auto first = Due("report", kToday, "", 2);
  EXPECT_EQ(Ids(first), (std::vector<domain::Id>{oldest, older}));
  ASSERT_FALSE(first.next_cursor.empty());
  const auto second = Due("report", kToday, first.next_cursor, 2);
  EXPECT_EQ(Ids(second), (std::vector<domain::Id>{last_day}));
  EXPECT_TRUE(second.next_cursor.empty());

  // One record asked for: listed when due, not otherwise.
  EXPECT_EQ(Ids(Due("report", kToday, "", 50, {}, older)), (std::vector<domain::Id>{older}));
  EXPECT_TRUE(Due("report", kToday, "", 50, other_, older).records.empty());
}

TEST_P(RetentionStoreTest, AReportIsCountedFromItsLastActivity) {
  const domain::Id v = AddPerson("Vic");
  const domain::Id screened_late = AddReport(force_, "2010-01-01T09:00:00Z", {{"victim", v}});
  AddScreening(screened_late, "2019-06-01T10:00:00Z");
  const domain::Id outcome_late = AddReport(force_, "2010-02-01T09:00:00Z", {{"victim", v}});
  AddOutcome(outcome_late, "2018-02-01T10:00:00Z");
  const domain::Id screened_early = AddReport(force_, "2010-03-01T09:00:00Z", {{"victim", v}});
  AddScreening(screened_early, "2013-04-01T10:00:00Z");

  const auto due = Due("report");
  EXPECT_EQ(Ids(due), (std::vector<domain::Id>{screened_early}));
  EXPECT_EQ(due.records.at(0).counted_from, "2013-04-01T10:00:00Z");
}

TEST_P(RetentionStoreTest, AKeepDecisionHoldsARecordBackUntilItsNextReview) {
  const domain::Id v = AddPerson("Vic");
  const domain::Id kept = AddReport(force_, "2010-01-01T09:00:00Z", {{"victim", v}});
  const domain::Id other = AddReport(force_, "2011-01-01T09:00:00Z", {{"victim", v}});
  Keep("report", kept, "2027-01-01");
  EXPECT_EQ(Ids(Due("report")), (std::vector<domain::Id>{other}));
  EXPECT_EQ(Ids(Due("report", "2026-12-31")), (std::vector<domain::Id>{other}));
  EXPECT_EQ(Ids(Due("report", "2027-01-01")), (std::vector<domain::Id>{kept, other}));

  std::vector<domain::RetentionReview> reviews;
  ASSERT_TRUE(store_
                  ->Read([&](ReadTx& tx) {
                    auto r = tx.ListRetentionReviews("report", kept);
                    if (r.ok()) reviews = *r;
                    return r.status();
                  })
                  .ok());
  ASSERT_EQ(reviews.size(), 1U);
  EXPECT_EQ(reviews[0].decision, "retain");
  EXPECT_EQ(reviews[0].next_review_on, "2027-01-01");
  EXPECT_EQ(reviews[0].reviewed_by, user_.id);
}

TEST_P(RetentionStoreTest, ClosedCasesAreDueFromTheirLastChangeOpenOnesNever) {
  const domain::Id v = AddPerson("Vic");
  const auto closed = MakeCase("closed", "2015-06-01T12:00:00Z", v, "", {});
  MakeCase("open", "2012-06-01T12:00:00Z", v, "", {});
  MakeCase("closed", "2020-06-01T12:00:00Z", v, "", {});
  const auto due = Due("case");
  ASSERT_EQ(Ids(due), (std::vector<domain::Id>{closed.id}));
  EXPECT_EQ(due.records[0].reference, closed.reference);
  EXPECT_EQ(due.records[0].status, "closed");
  EXPECT_EQ(due.records[0].counted_from, "2015-06-01T12:00:00Z");
}

TEST_P(RetentionStoreTest, ABadCursorOrTypeIsRefused) {
  RetentionDueFilter f;
  f.record_type = "report";
  f.owner_agency_id = force_;
  f.counted_before = kCountedBefore;
  f.today = kToday;
  f.cursor = "not-a-cursor";
  const Status bad_cursor =
      store_->Read([&](ReadTx& tx) { return tx.ListRetentionDue(f).status(); });
  ASSERT_FALSE(bad_cursor.ok());
  EXPECT_EQ(bad_cursor.error().code, ErrorCode::kInvalidArgument);
  f.cursor.clear();
  f.record_type = "person";
  const Status bad_type = store_->Read([&](ReadTx& tx) { return tx.ListRetentionDue(f).status(); });
  ASSERT_FALSE(bad_type.ok());
  EXPECT_EQ(bad_type.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(RetentionStoreTest, DeletingAReportTakesItsOwnRowsAndPersonsNothingElseNeeds) {
  const domain::Id victim = AddPerson("Vic");
  const domain::Id suspect = AddPerson("Sus");
  const domain::Id old_report =
      AddReport(force_, "2010-01-01T09:00:00Z", {{"victim", victim}, {"suspect", suspect}});
  const domain::Id later_report = AddReport(force_, "2020-01-01T09:00:00Z", {{"suspect", suspect}});
  const domain::Id first = AddScreening(old_report, "2010-01-02T09:00:00Z");
  // A re-screening of the later report points back at the old one's.
  const domain::Id rescreen = AddScreening(later_report, "2020-01-02T09:00:00Z", first);
  AddOutcome(old_report, "2010-03-01T09:00:00Z");
  domain::HarmScore score{NewId(), victim, force_, "2011-01-01",
                          12,      "v1",   "{}",   "2011-01-01T00:00:00Z"};
  ASSERT_TRUE(Write([&](WriteTx& tx) { return tx.InsertHarmScore(score); }).ok());
  domain::AuditEntry seen;
  seen.at = "2011-01-01T00:00:00Z";
  seen.action = "report.read";
  seen.record_type = "report";
  seen.record_id = old_report;
  ASSERT_TRUE(Write([&](WriteTx& tx) { return tx.AppendAudit(seen).status(); }).ok());

  // Two findings list the old report with the later one; a third lists only
  // the later report and must stay.
  const auto finding = [&](const std::string& key, std::vector<domain::Id> reports) {
    domain::FindingRecord f;
    f.id = "finding-" + key;
    f.key = key;
    f.type = "course_exists";
    f.owner_agency_id = force_;
    f.forces = {"force"};
    f.report_ids = std::move(reports);
    f.detail_json = R"({"reports":"rendered"})";
    f.digest = "digest-" + key;
    return f;
  };
  const FindingSync sync{
      {finding("course", {old_report, later_report}), finding("serial", {later_report, old_report}),
       finding("other", {later_report})},
      "2020-02-01T00:00:00Z",
      "no longer raised",
      {}};
  ASSERT_TRUE(Write([&](WriteTx& tx) { return tx.SyncFindings(sync).status(); }).ok());

  DeletedRecords deleted;
  ASSERT_TRUE(Write([&](WriteTx& tx) -> Status {
                auto d = tx.DeleteReportRecords(old_report);
                if (d.ok()) deleted = *d;
                return d.status();
              }).ok());
  EXPECT_EQ(deleted.reports, 1);
  EXPECT_EQ(deleted.screenings, 1);
  EXPECT_EQ(deleted.outcomes, 1);
  EXPECT_EQ(deleted.harm_scores, 1);
  EXPECT_EQ(deleted.findings, 2);
  EXPECT_EQ(deleted.persons, (std::vector<domain::Id>{victim}));
  EXPECT_FALSE(Exists(old_report, false));
  EXPECT_FALSE(Exists(victim, true));
  EXPECT_TRUE(Exists(suspect, true));
  EXPECT_TRUE(Exists(later_report, false));
  ASSERT_TRUE(store_
                  ->Read([&](ReadTx& tx) -> Status {
                    auto s = tx.GetScreening(rescreen);
                    if (!s.ok()) return s.status();
                    EXPECT_EQ(s->previous_id, "");
                    EXPECT_EQ(tx.ListOutcomes(old_report)->size(), 0U);
                    EXPECT_EQ(*tx.Count(Table::kAudit), 1);  // the audit log is untouched
                    EXPECT_EQ(tx.GetFinding("finding-course").error().code, ErrorCode::kNotFound);
                    EXPECT_EQ(tx.GetFinding("finding-serial").error().code, ErrorCode::kNotFound);
                    EXPECT_TRUE(tx.GetFinding("finding-other").ok());
                    return {};
                  })
                  .ok());
}

TEST_P(RetentionStoreTest, DeletingACaseTakesItsItemsTimelineNominationsAndLonePersons) {
  const domain::Id victim = AddPerson("Vic");
  const domain::Id suspect = AddPerson("Sus");
  const domain::Id report = AddReport(force_, "2012-01-01T09:00:00Z", {{"suspect", suspect}});
  const auto c = MakeCase("closed", "2015-01-01T00:00:00Z", victim, suspect, {report});
  domain::CaseItem item;
  item.id = NewId();
  item.case_id = c.id;
  item.kind = "action";
  item.agency_id = force_;
  item.field_class = "core";
  item.body_json = "{}";
  item.created_at = item.updated_at = "2014-01-01T00:00:00Z";
  domain::CaseEvent event{
      0, c.id, "2014-01-01T00:00:00Z", "case.referred", "", force_, "", "core", "referred"};
  domain::Panel panel{NewId(), "clinic",     "Clinic", "stalking_clinic", force_, "",
                      "",      "2010-01-01", ""};
  domain::Nomination nomination;
  nomination.id = NewId();
  nomination.panel_id = panel.id;
  nomination.meeting_date = "2014-02-01";
  nomination.case_id = c.id;
  nomination.person_id = suspect;
  nomination.source = "team";
  nomination.agency_id = force_;
  nomination.created_at = "2014-01-10T00:00:00Z";
  ASSERT_TRUE(Write([&](WriteTx& tx) -> Status {
                if (Status s = tx.InsertCaseItem(item); !s.ok()) return s;
                if (auto e = tx.AppendCaseEvent(event); !e.ok()) return e.status();
                if (Status s = tx.InsertPanel(panel); !s.ok()) return s;
                return tx.InsertNomination(nomination);
              }).ok());

  std::vector<CaseReportRef> held;
  ASSERT_TRUE(store_
                  ->Read([&](ReadTx& tx) {
                    auto refs = tx.ListCaseReports();
                    if (refs.ok()) held = *refs;
                    return refs.status();
                  })
                  .ok());
  ASSERT_EQ(held.size(), 1U);
  EXPECT_EQ(held[0].report_id, report);
  EXPECT_EQ(held[0].case_reference, c.reference);

  DeletedRecords deleted;
  ASSERT_TRUE(Write([&](WriteTx& tx) -> Status {
                auto d = tx.DeleteCaseRecords(c.id);
                if (d.ok()) deleted = *d;
                return d.status();
              }).ok());
  EXPECT_EQ(deleted.cases, 1);
  EXPECT_EQ(deleted.case_items, 1);
  EXPECT_EQ(deleted.case_events, 1);
  EXPECT_EQ(deleted.nominations, 1);
  EXPECT_EQ(deleted.persons, (std::vector<domain::Id>{victim}));  // the suspect is in a report
  EXPECT_TRUE(Exists(suspect, true));
  EXPECT_TRUE(Exists(report, false));
  ASSERT_TRUE(store_
                  ->Read([&](ReadTx& tx) -> Status {
                    EXPECT_FALSE(tx.GetCase(c.id).ok());
                    EXPECT_TRUE(tx.ListCaseReports()->empty());
                    return {};
                  })
                  .ok());
}

TEST_P(RetentionStoreTest, DeletingWhatIsNotThereIsNotFoundAndARolledBackDeletionLeavesAll) {
  const Status report =
      Write([&](WriteTx& tx) { return tx.DeleteReportRecords(NewId()).status(); });
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::kNotFound);
  const Status c = Write([&](WriteTx& tx) { return tx.DeleteCaseRecords(NewId()).status(); });
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kNotFound);

  const domain::Id victim = AddPerson("Vic");
  const domain::Id old_report = AddReport(force_, "2010-01-01T09:00:00Z", {{"victim", victim}});
  const Status failed = Write([&](WriteTx& tx) -> Status {
    if (auto d = tx.DeleteReportRecords(old_report); !d.ok()) return d.status();
    return Conflict("the decision could not be recorded");  // anything failing afterwards
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_TRUE(Exists(old_report, false));
  EXPECT_TRUE(Exists(victim, true));
}

INSTANTIATE_TEST_SUITE_P(Backends, RetentionStoreTest,
                         ::testing::ValuesIn(threadline::testing::AllBackends()),
                         threadline::testing::BackendParamName());

}  // namespace
}  // namespace threadline::store
