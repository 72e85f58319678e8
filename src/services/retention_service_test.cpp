// Retention review as a use case: the queue an administrator works, keep and
// delete decisions with their audit trail, and everything that must be
// refused without changing anything.
#include "services/retention_service.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "../../tests/support/service_store.hpp"
#include "../../tests/support/store_lookup.hpp"
#include "../../tests/support/temp_dir.hpp"
#include "domain/datetime.hpp"
#include "services/report_service.hpp"
#include "services/seed.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::services {
namespace {

constexpr int64_t k2014 = 1'388'577'600;   // 2014-01-01T12:00:00Z
constexpr int64_t kToday = 1'795'435'200;  // 2026-11-23T12:00:00Z

class RetentionServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ServiceStore base;
    base.Open(dir_.File("s.db"), clock_);
    ASSERT_FALSE(HasFatalFailure());
    store_ = std::move(base.store);
    access_ = std::move(base.access);
    met_ = testing::AgencyIdByCode(*store_, "met");
    kent_ = testing::AgencyIdByCode(*store_, "kent");
    auto service = RetentionService::Create(*store_, *access_, refdata::RefData(), clock_,
                                            [this](const std::vector<domain::Id>& persons) {
                                              forgotten_.insert(forgotten_.end(), persons.begin(),
                                                                persons.end());
                                            });
    ASSERT_TRUE(service.ok()) << service.error().message;
    retention_ = std::move(*service);
  }

  // A report of `force` stored at `when` by one of its officers, with a new
  // victim and suspect.
  domain::Report Report(const std::string& force, int64_t when) {
    now_ = when;
    ReportService reports(*store_, *access_, clock_);
    domain::NewReport in;
    in.force = force;
    in.occurred_at = domain::FormatTimestamp(when - 86400);
    in.recorded_as = "harassment_s2";
    in.behaviours = {"following"};
    domain::NewPerson victim;
    victim.given_name = "Ada";
    victim.family_name = "Example";
    domain::NewPerson suspect;
    suspect.phones = {"07700 900001"};
    in.parties = {{"victim", std::nullopt, victim}, {"suspect", std::nullopt, suspect}};
    const Actor officer{
        "U-" + force, testing::AgencyIdByCode(*store_, force), "officer", "r", "test", {}};
    auto report = reports.Submit(officer, in);
    EXPECT_TRUE(report.ok()) << report.error().message;
    now_ = kToday;
    return report.ok() ? *report : domain::Report{};
  }

  // A case straight into the store, as an import would.
  domain::Case StoredCase(const std::string& status, const std::string& updated_at,
                          std::vector<domain::Id> reports = {}) {
    domain::Case c;
    c.id = domain::NewId();
    c.reference = "STK-2015-" + std::to_string(++cases_);
    c.owner_agency_id = met_;
    c.referred_by_agency_id = met_;
    c.source = "police";
    c.status = status;
    c.report_ids = std::move(reports);
    c.created_at = "2014-06-01T00:00:00Z";
    c.updated_at = updated_at;
    EXPECT_TRUE(store_->Write([&](store::WriteTx& tx) { return tx.InsertCase(c); }).ok());
    return c;
  }

  RetentionQueuePage Queue(const std::string& type = "report", const Actor* actor = nullptr) {
    RetentionQueueQuery q;
    q.record_type = type;
    auto page = retention_->Queue(actor != nullptr ? *actor : admin_, q);
    EXPECT_TRUE(page.ok()) << page.error().message;
    return page.ok() ? *page : RetentionQueuePage{};
  }

  static std::vector<domain::Id> Ids(const RetentionQueuePage& page) {
    std::vector<domain::Id> ids;
    for (const auto& item : page.items) ids.push_back(item.record.record_id);
    return ids;
  }

  Result<RetentionOutcome> Decide(const std::string& type, const domain::Id& id,
                                  const std::string& decision, std::string reason = "checked",
                                  std::string next_review_on = {}) {
    return retention_->Decide(admin_,
                              {type, id, decision, std::move(reason), std::move(next_review_on)});
  }

  bool ReportExists(const domain::Id& id) {
    bool found = false;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTx& tx) {
                      found = tx.GetReport(id).ok();
                      return Status::Ok();
                    })
                    .ok());
    return found;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  int64_t now_ = kToday;
  Clock clock_ = [this] { return now_; };
  std::unique_ptr<AccessControl> access_;
  std::unique_ptr<RetentionService> retention_;
  domain::Id met_, kent_;
  Actor admin_{"U-ADMIN", "", "admin", "req", "test", {}};
  std::vector<domain::Id> forgotten_;
  int cases_ = 0;
};

TEST_F(RetentionServiceTest, TheQueueHoldsTheAgencysDueRecordsWithTheirReasons) {
  admin_.agency_id = met_;
  const auto old_report = Report("met", k2014);
  Report("met", kToday - 86400);  // recorded yesterday: not due for ten years
  Report("kent", k2014);          // another force's
  const auto page = Queue();
  ASSERT_EQ(Ids(page), (std::vector<domain::Id>{old_report.id}));
  EXPECT_EQ(page.today, "2026-11-23");
  EXPECT_EQ(page.agency_id, met_);
  ASSERT_NE(page.rule, nullptr);
  EXPECT_EQ(page.rule->review_after_months, 120);
  const auto& item = page.items[0];
  EXPECT_EQ(item.due_on, "2024-01-01");
  EXPECT_EQ(item.reasons.front(), "Nothing has been added to the report since 2014-01-01.");
  EXPECT_EQ(item.reasons.back(), "Its review date, 2024-01-01, has passed.");
  EXPECT_FALSE(item.last_review.has_value());
  // Listing is audited like any list of records.
  const auto audit = testing::AuditOf(*store_, "retention.queue");
  ASSERT_EQ(audit.size(), 1U);
  EXPECT_EQ(audit[0].record_id, old_report.id);

  // An administrator may look at another agency's queue by its code.
  RetentionQueueQuery kent;
  kent.agency_code = "kent";
  auto kent_page = retention_->Queue(admin_, kent);
  ASSERT_TRUE(kent_page.ok());
  EXPECT_EQ(kent_page->agency_id, kent_);
  EXPECT_EQ(kent_page->items.size(), 1U);
}

TEST_F(RetentionServiceTest, KeepingARecordSetsItsNextReviewAndTakesItOffTheQueue) {
  admin_.agency_id = met_;
  const auto report = Report("met", k2014);
  auto kept = Decide("report", report.id, "retain", "the suspect is still offending");
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  EXPECT_EQ(kept->review.next_review_on, "2036-11-23");  // one period ahead by default
  EXPECT_EQ(kept->review.owner_agency_id, met_);
  EXPECT_TRUE(Queue().items.empty());
  EXPECT_TRUE(ReportExists(report.id));
  const auto audit = testing::AuditOf(*store_, "retention.retain");
  ASSERT_EQ(audit.size(), 1U);
  EXPECT_EQ(audit[0].record_id, report.id);
  EXPECT_EQ(audit[0].purpose, "the suspect is still offending");

  // Back on the queue on the chosen date, with the decision shown.
  const auto again = Report("met", k2014);
  ASSERT_TRUE(Decide("report", again.id, "retain", "review next year", "2027-06-30").ok());
  now_ = domain::ParseTimestamp("2027-06-30T09:00:00Z").value();
  const auto page = Queue();
  ASSERT_EQ(Ids(page), (std::vector<domain::Id>{again.id}));
  ASSERT_TRUE(page.items[0].last_review.has_value());
  EXPECT_EQ(page.items[0].last_review->reason, "review next year");
  EXPECT_EQ(page.items[0].reasons[2], "At its last review it was kept until 2027-06-30.");
}

TEST_F(RetentionServiceTest, DeletingAReportRemovesItAndItsPersonsAndLeavesTheAuditTrail) {
  admin_.agency_id = met_;
  const auto report = Report("met", k2014);
  const int64_t audit_before =
      static_cast<int64_t>(testing::AuditOf(*store_, "report.create").size());
  auto deleted = Decide("report", report.id, "delete", "no further policing purpose");
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  EXPECT_EQ(deleted->review.deleted, "1 report, 2 persons");
  EXPECT_EQ(deleted->deleted.persons.size(), 2U);
  EXPECT_FALSE(ReportExists(report.id));
  EXPECT_EQ(forgotten_, deleted->deleted.persons);  // linking forgets them
  const auto audit = testing::AuditOf(*store_, "retention.delete");
  ASSERT_EQ(audit.size(), 3U);  // the report and each of its persons
  EXPECT_EQ(audit[0].record_type, "report");
  EXPECT_EQ(audit[0].purpose, "no further policing purpose");
  EXPECT_EQ(audit[1].record_type, "person");
  // What was written about the report before stays.
  EXPECT_EQ(static_cast<int64_t>(testing::AuditOf(*store_, "report.create").size()), audit_before);
  EXPECT_TRUE(Queue().items.empty());
  // Deleting it again: there is nothing to delete.
  auto twice = Decide("report", report.id, "delete", "again");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kNotFound);
}

TEST_F(RetentionServiceTest, WhatIsNotDueOrStillHeldIsNotDeleted) {
  admin_.agency_id = met_;
  const auto fresh = Report("met", kToday - 3600);
  auto early = Decide("report", fresh.id, "delete");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);
  EXPECT_EQ(early.error().message, "the report is not due for review until 2036-11-23");
  EXPECT_TRUE(ReportExists(fresh.id));

  const auto held = Report("met", k2014);
  const auto holder = StoredCase("open", "2026-01-01T00:00:00Z", {held.id});
  const auto page = Queue();
  ASSERT_EQ(page.items.size(), 1U);
  EXPECT_EQ(page.items[0].held_by_cases, (std::vector<std::string>{holder.reference}));
  auto refused = Decide("report", held.id, "delete");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(ReportExists(held.id));
  EXPECT_TRUE(Decide("report", held.id, "retain", "held by an open case").ok());

  auto open_case = Decide("case", holder.id, "delete");
  ASSERT_FALSE(open_case.ok());
  EXPECT_EQ(open_case.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(testing::AuditOf(*store_, "retention.delete").empty());
}

TEST_F(RetentionServiceTest, AClosedCaseIsDueSixYearsAfterClosureAndDeletedWhole) {
  admin_.agency_id = met_;
  const auto recent = StoredCase("closed", "2022-01-01T00:00:00Z");
  const auto old_case = StoredCase("closed", "2019-03-02T10:00:00Z");
  const auto page = Queue("case");
  ASSERT_EQ(Ids(page), (std::vector<domain::Id>{old_case.id}));
  EXPECT_EQ(page.items[0].due_on, "2025-03-02");
  EXPECT_EQ(page.items[0].reasons[0], "The case was closed on 2019-03-02.");
  auto deleted = Decide("case", old_case.id, "delete", "closed six years, nothing since");
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  EXPECT_EQ(deleted->deleted.cases, 1);
  EXPECT_TRUE(Queue("case").items.empty());
  auto not_due = Decide("case", recent.id, "delete");
  ASSERT_FALSE(not_due.ok());
  EXPECT_EQ(not_due.error().code, ErrorCode::kConflict);
}

TEST_F(RetentionServiceTest, OnlyReviewersMayListOrDecide) {
  const auto report = Report("met", k2014);
  const Actor officer{"U-MET", met_, "officer", "r", "test", {}};
  const Actor lead{"U-LEAD", met_, "lead", "r", "test", {}};
  for (const Actor* actor : {&officer, &lead}) {
    RetentionQueueQuery q;
    auto page = retention_->Queue(*actor, q);
    ASSERT_FALSE(page.ok());
    EXPECT_EQ(page.error().code, ErrorCode::kPermissionDenied);
    auto decided = retention_->Decide(*actor, {"report", report.id, "delete", "mine", ""});
    ASSERT_FALSE(decided.ok());
    EXPECT_EQ(decided.error().code, ErrorCode::kPermissionDenied);
    EXPECT_FALSE(retention_->Rules(*actor).ok());
  }
  const Actor anonymous = Actor::Anonymous("r", "test");
  EXPECT_EQ(retention_->Queue(anonymous, {}).error().code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(ReportExists(report.id));
}

TEST_F(RetentionServiceTest, BadDecisionsAreRefusedAndChangeNothing) {
  admin_.agency_id = met_;
  const auto report = Report("met", k2014);
  struct BadInput {
    RetentionDecisionInput input;
    ErrorCode code;
    const char* field;
  };
  const std::vector<BadInput> cases = {
      {{"person", report.id, "delete", "r", ""}, ErrorCode::kInvalidArgument, "record_type"},
      {{"report", report.id, "archive", "r", ""}, ErrorCode::kInvalidArgument, "decision"},
      {{"report", report.id, "delete", "", ""}, ErrorCode::kInvalidArgument, "reason"},
      {{"report", report.id, "delete", "  \n ", ""}, ErrorCode::kInvalidArgument, "reason"},
      {{"report", report.id, "delete", std::string(2001, 'x'), ""},
       ErrorCode::kInvalidArgument,
       "reason"},
      {{"report", report.id, "delete", "bad \xff byte", ""}, ErrorCode::kInvalidArgument, "reason"},
      {{"report", report.id, "delete", "bell\a", ""}, ErrorCode::kInvalidArgument, "reason"},
      {{"report", report.id, "delete", "r", "2030-01-01"},
       ErrorCode::kInvalidArgument,
       "next_review_on"},
      {{"report", report.id, "retain", "r", "2020-01-01"},
       ErrorCode::kInvalidArgument,
       "next_review_on"},
      {{"report", report.id, "retain", "r", "2030-02-30"},
       ErrorCode::kInvalidArgument,
       "next_review_on"},
      {{"report", "", "delete", "r", ""}, ErrorCode::kInvalidArgument, "record_id"},
      {{"report", domain::NewId(), "delete", "r", ""}, ErrorCode::kNotFound, nullptr},
      {{"report", "../../etc", "delete", "r", ""}, ErrorCode::kNotFound, nullptr},
      {{"case", report.id, "delete", "r", ""}, ErrorCode::kNotFound, nullptr},
  };
  for (const auto& c : cases) {
    auto r = retention_->Decide(admin_, c.input);
    ASSERT_FALSE(r.ok()) << c.input.decision << " " << c.input.reason;
    EXPECT_EQ(r.error().code, c.code) << r.error().message;
    if (c.field != nullptr) {
      ASSERT_FALSE(r.error().fields.empty()) << r.error().message;
      EXPECT_EQ(r.error().fields[0].field, c.field);
    }
  }
  EXPECT_TRUE(ReportExists(report.id));
  EXPECT_TRUE(testing::AuditOf(*store_, "retention.delete").empty());
  EXPECT_TRUE(testing::AuditOf(*store_, "retention.retain").empty());
  EXPECT_EQ(Queue().items.size(), 1U);

  RetentionQueueQuery bad_type;
  bad_type.record_type = "person";
  EXPECT_EQ(retention_->Queue(admin_, bad_type).error().code, ErrorCode::kInvalidArgument);
  RetentionQueueQuery bad_limit;
  bad_limit.limit = 0;
  EXPECT_EQ(retention_->Queue(admin_, bad_limit).error().code, ErrorCode::kInvalidArgument);
  RetentionQueueQuery bad_agency;
  bad_agency.agency_code = "atlantis";
  EXPECT_EQ(retention_->Queue(admin_, bad_agency).error().code, ErrorCode::kNotFound);
}

TEST_F(RetentionServiceTest, AReasonIsCountedInCharactersAsTheFormCountsIt) {
  admin_.agency_id = met_;
  const auto report = Report("met", k2014);
  std::string accented;
  for (int i = 0; i < 2000; ++i) accented += "\xc3\xa9";  // 2,000 characters, 4,000 bytes
  EXPECT_TRUE(Decide("report", report.id, "retain", accented).ok());
  auto too_long = Decide("report", Report("met", k2014).id, "retain", accented + "e");
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().fields.at(0).field, "reason");
}

TEST_F(RetentionServiceTest, AnInstallationsOwnPeriodsAreCheckedAtStart) {
  testing::TempDir data("data");
  std::filesystem::create_directories(data.File("retention"));
  std::ofstream(data.File("retention/review-periods.csv"))
      << "record_type,review_after_months,counted_from,grounds\n"
         "report,0,last_activity,never\n";
  auto bad = RetentionService::Create(*store_, *access_, refdata::RefData(data.path()), clock_);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.at(0).field, "review periods row 2");

  std::ofstream(data.File("retention/review-periods.csv"))
      << "report,12,last_activity,a year\ncase,12,closure,a year\n";
  auto short_periods =
      RetentionService::Create(*store_, *access_, refdata::RefData(data.path()), clock_);
  ASSERT_TRUE(short_periods.ok()) << short_periods.error().message;
  admin_.agency_id = met_;
  const auto last_year = Report("met", kToday - 400 * 86400);
  auto page = (*short_periods)->Queue(admin_, {});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Ids(*page), (std::vector<domain::Id>{last_year.id}));
}

}  // namespace
}  // namespace threadline::services
