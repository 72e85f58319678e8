// An information-sharing agreement runs from one date to another: a record
// shared under it is visible from the first second of its first day to the
// last second before its end, however long the server has been running
// (the date is worked out once a day per thread, so the change of day must
// still be seen).

#include <gtest/gtest.h>

#include <string>

#include "../../tests/support/service_store.hpp"
#include "../../tests/support/store_lookup.hpp"
#include "../../tests/support/temp_dir.hpp"
#include "domain/datetime.hpp"
#include "domain/ids.hpp"

namespace threadline::services {
namespace {

class AgreementDatesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_.Open(dir_.File("dates.db"), clock_);
    if (HasFatalFailure()) return;
    met_ = testing::AgencyIdByCode(*db_.store, "met");
    const domain::Id probation = testing::AgencyIdByCode(*db_.store, "probation-london");
    probation_ = {"U-PROBATION", probation, "probation", "req-1", "test", {}};
    domain::SharingAgreement a;
    a.id = domain::NewId();
    a.code = "MET-PROB-DATES";
    a.name = "Dated agreement";
    a.from_agency_id = met_;
    a.to_agency_id = probation;
    a.record_types = {"report"};
    a.fields = {"contact"};
    a.purpose = "Managing the risk posed by a supervised perpetrator";
    a.valid_from = "2026-06-02";
    a.valid_to = "2026-06-04";
    ASSERT_TRUE(db_.store->Write([&](store::WriteTx& tx) { return tx.InsertAgreement(a); }).ok());
  }

  // Whether the probation officer may see a Met report at `now`.
  bool VisibleAt(const std::string& now) {
    now_ = *domain::ParseTimestamp(now);
    bool visible = false;
    const Status s = db_.store->Read([&](store::ReadTx& tx) -> Status {
      auto d = db_.access->Disclose(tx, probation_, "report", record_, met_, false);
      if (!d.ok()) return d.status();
      visible = d->visible;
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return visible;
  }

  testing::TempDir dir_;
  int64_t now_ = 0;
  Clock clock_ = [this] { return now_; };
  testing::ServiceStore db_;
  domain::Id met_;
  Actor probation_;
  const domain::Id record_ = domain::NewId();
};

TEST_F(AgreementDatesTest, ARecordIsSharedFromTheFirstSecondOfTheFirstDayToTheEnd) {
  EXPECT_FALSE(VisibleAt("2026-06-01T23:59:59Z"));
  EXPECT_TRUE(VisibleAt("2026-06-02T00:00:00Z"));
  EXPECT_TRUE(VisibleAt("2026-06-03T23:59:59Z"));
  EXPECT_FALSE(VisibleAt("2026-06-04T00:00:00Z"));
  // And back again: the date follows the clock both ways.
  EXPECT_TRUE(VisibleAt("2026-06-03T12:00:00Z"));
  EXPECT_FALSE(VisibleAt("2026-05-31T12:00:00Z"));
}

TEST_F(AgreementDatesTest, TheOwningAgencySeesItsRecordWhateverTheDate) {
  const Actor officer{"U-MET", met_, "officer", "req-2", "test", {}};
  for (const char* now : {"1999-12-31T23:59:59Z", "2026-06-02T00:00:00Z", "2100-01-01T00:00:00Z"}) {
    now_ = *domain::ParseTimestamp(now);
    const Status s = db_.store->Read([&](store::ReadTx& tx) -> Status {
      auto d = db_.access->Disclose(tx, officer, "report", record_, met_, false);
      if (!d.ok()) return d.status();
      EXPECT_TRUE(d->visible) << now;
      EXPECT_EQ(d->basis, "own agency");
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  }
}

}  // namespace
}  // namespace threadline::services
