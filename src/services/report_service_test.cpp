#include "services/report_service.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include "../../tests/support/temp_dir.hpp"
#include "services/seed.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::services {
namespace {

class ReportServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::OpenSqlite({dir_.File("s.db")});
    ASSERT_TRUE(opened.ok());
    store_ = std::move(*opened);
    ASSERT_TRUE(SeedAgencies(*store_, refdata::RefData()).ok());
  }

  domain::NewReport ValidInput() {
    domain::NewReport in;
    in.force = "met";
    in.occurred_at = "2026-05-01T21:30:00+01:00";
    in.recorded_as = "harassment_s2";
    in.behaviours = {"following"};
    domain::NewPerson victim;
    victim.given_name = "Ada";
    victim.family_name = "Example";
    domain::NewPerson suspect;
    suspect.phones = {"07700 900001"};
    in.parties = {{"victim", std::nullopt, victim}, {"suspect", std::nullopt, suspect}};
    return in;
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

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  Actor actor_{"", "", "officer", "req-1", "test"};
};

TEST_F(ReportServiceTest, SeedingAgenciesIsIdempotent) {
  const auto before = Count(store::Table::kAgencies);
  EXPECT_GE(before, 44);  // 43 territorial forces + BTP at least
  auto again = SeedAgencies(*store_, refdata::RefData());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0U);
  EXPECT_EQ(Count(store::Table::kAgencies), before);
}

TEST_F(ReportServiceTest, SubmitStoresReportPersonsAndAudit) {
  ReportService service(*store_, [] { return int64_t{1'780'000'000}; });
  auto report = service.Submit(actor_, ValidInput());
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->occurred_at, "2026-05-01T20:30:00Z");
  EXPECT_EQ(report->parties.size(), 2U);
  EXPECT_EQ(Count(store::Table::kReports), 1);
  EXPECT_EQ(Count(store::Table::kPersons), 2);
  EXPECT_EQ(Count(store::Table::kAudit), 3);  // two persons and the report

  auto got = service.Get(actor_, report->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->behaviours, std::vector<std::string>{"following"});
  EXPECT_EQ(Count(store::Table::kAudit), 4);  // the read is audited

  auto person = service.GetPerson(actor_, report->parties[1].person_id);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->phones, std::vector<std::string>{"07700 900001"});
}

TEST_F(ReportServiceTest, UnknownForceOrPersonStoresNothing) {
  ReportService service(*store_, [] { return int64_t{1'780'000'000}; });
  auto in = ValidInput();
  in.force = "probation-london";  // an agency, but not a police force
  in.parties[1] = {"suspect", std::string("01ARZ3NDEKTSV4RRFFQ69G5FAV"), std::nullopt};
  auto result = service.Submit(actor_, in);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(result.error().fields.size(), 2U);
  EXPECT_EQ(result.error().fields[0].field, "force");
  EXPECT_EQ(result.error().fields[1].field, "parties/1/person_id");
  EXPECT_EQ(Count(store::Table::kReports), 0);
  EXPECT_EQ(Count(store::Table::kPersons), 0);
  EXPECT_EQ(Count(store::Table::kAudit), 0);
}

TEST_F(ReportServiceTest, ListFiltersByForceAndRejectsBadQueries) {
  ReportService service(*store_, [] { return int64_t{1'780'000'000}; });
  ASSERT_TRUE(service.Submit(actor_, ValidInput()).ok());
  auto kent = ValidInput();
  kent.force = "kent";
  ASSERT_TRUE(service.Submit(actor_, kent).ok());

  ReportQuery q;
  q.force = "kent";
  auto page = service.List(actor_, q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->reports.size(), 1U);

  q.force = "atlantis";
  q.from = "not a date";
  q.limit = 0;
  auto bad = service.List(actor_, q);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.size(), 3U);
}

TEST_F(ReportServiceTest, MalformedIdsAreSimplyNotFound) {
  ReportService service(*store_, [] { return int64_t{1'780'000'000}; });
  EXPECT_EQ(service.Get(actor_, "../../etc").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service.GetPerson(actor_, "x").error().code, ErrorCode::kNotFound);
}

TEST_F(ReportServiceTest, DemoUsersAreSeededOncePerRole) {
  const access::PasswordCost cheap{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
  auto logins = SeedDemoUsers(*store_, refdata::RefData(), "demo-password-123", cheap);
  ASSERT_TRUE(logins.ok()) << logins.error().message;
  EXPECT_EQ(logins->size(), 8U);
  ASSERT_TRUE(SeedDemoUsers(*store_, refdata::RefData(), "other-password-456", cheap).ok());
  EXPECT_EQ(Count(store::Table::kUsers), 8);
  ASSERT_TRUE(store_
                  ->Read([](store::ReadTx& tx) {
                    auto admin = tx.GetUserByName("admin");
                    EXPECT_TRUE(admin.ok());
                    EXPECT_TRUE(access::VerifyPassword("other-password-456", admin->password_hash));
                    EXPECT_FALSE(access::VerifyPassword("demo-password-123", admin->password_hash));
                    return Status::Ok();
                  })
                  .ok());
}

}  // namespace
}  // namespace threadline::services
