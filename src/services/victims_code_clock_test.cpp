// Victims' Code clocks count English working days from the English date of
// a decision: a decision at 00:30 BST is made on that day, not on the UTC
// day before, and "overdue" turns at midnight in London.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "../../tests/support/case_service_rig.hpp"
#include "../../tests/support/store_lookup.hpp"
#include "../../tests/support/temp_dir.hpp"
#include "domain/datetime.hpp"
#include "services/case_kinds.hpp"
#include "services/case_service.hpp"

namespace threadline::services {
namespace {

class VictimsCodeClockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rig_.Open(dir_.File("clock.db"), clock_);
    if (HasFatalFailure()) return;
    const domain::Id met = testing::AgencyIdByCode(*rig_.store, "met");
    officer_ = {"U-MET-OFFICER", met, "officer", "req-1", "test", {}};

    domain::Case c;
    c.id = domain::NewId();
    c.reference = "STK-2026-000001";
    c.owner_agency_id = met;
    c.referred_by_agency_id = met;
    c.source = "police_report";
    c.status = "open";
    c.tier = 2;
    c.referral_reason = "test referral";
    c.created_at = "2026-06-01T09:00:00Z";
    c.updated_at = c.created_at;
    ASSERT_TRUE(rig_.store->Write([&](store::WriteTx& tx) { return tx.InsertCase(c); }).ok());
    case_id_ = c.id;
  }

  // Records an arrest decided at `decided_at`; the stored clock.
  VictimsCodeClock Decide(const std::string& decided_at) {
    now_ = *domain::ParseTimestamp(decided_at) + 60;
    auto item = rig_.cases->AddItem(
        officer_, case_id_, *FindKind("decision"),
        boost::json::object{{"decision", "arrest"}, {"decided_at", decided_at}});
    EXPECT_TRUE(item.ok()) << (item.ok() ? "" : item.error().message);
    if (!item.ok() || !item->clock) return {};
    item_id_ = item->item.id;
    return *item->clock;
  }

  VictimsCodeClock ClockAt(const std::string& now) {
    now_ = *domain::ParseTimestamp(now);
    auto item = rig_.cases->GetItem(officer_, item_id_);
    EXPECT_TRUE(item.ok() && item->clock.has_value());
    return item.ok() && item->clock ? *item->clock : VictimsCodeClock{};
  }

  testing::TempDir dir_;
  int64_t now_ = 0;
  Clock clock_ = [this] { return now_; };
  testing::CaseServiceRig rig_;
  Actor officer_;
  domain::Id case_id_;
  domain::Id item_id_;
};

TEST_F(VictimsCodeClockTest, ASummerNightDecisionCountsFromItsEnglishDate) {
  // 23:30 UTC on Thursday 2 July 2026 is 00:30 BST on Friday 3 July: one
  // working day from Friday is Monday 6 July (counting from the UTC date
  // would give Friday).
  const VictimsCodeClock clock = Decide("2026-07-02T23:30:00Z");
  EXPECT_EQ(clock.due_on, "2026-07-06");
  EXPECT_EQ(clock.working_days, 1);
  EXPECT_EQ(clock.state, "awaiting");
}

TEST_F(VictimsCodeClockTest, AWinterNightDecisionKeepsItsDate) {
  // GMT: 23:30 UTC on Thursday 15 January is still Thursday in London.
  EXPECT_EQ(Decide("2026-01-15T23:30:00Z").due_on, "2026-01-16");
}

TEST_F(VictimsCodeClockTest, OverdueTurnsAtMidnightInLondon) {
  ASSERT_EQ(Decide("2026-07-02T10:00:00Z").due_on, "2026-07-03");
  // 22:59 UTC on 3 July is 23:59 BST: still the due day.
  EXPECT_EQ(ClockAt("2026-07-03T22:59:00Z").state, "awaiting");
  // 23:01 UTC is 00:01 BST on 4 July: late, though it is 3 July in UTC.
  EXPECT_EQ(ClockAt("2026-07-03T23:01:00Z").state, "overdue");
}

}  // namespace
}  // namespace threadline::services
