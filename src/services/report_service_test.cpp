#include "services/report_service.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include "../../tests/support/service_store.hpp"
#include "../../tests/support/store_lookup.hpp"
#include "../../tests/support/temp_dir.hpp"
#include "services/access_control.hpp"
#include "services/seed.hpp"
#include "services/subject_access.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::services {
namespace {

class ReportServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ServiceStore base;
    base.Open(dir_.File("s.db"), clock_);
    ASSERT_FALSE(HasFatalFailure());
    store_ = std::move(base.store);
    access_ = std::move(base.access);
    met_ = AgencyId("met");
    kent_ = AgencyId("kent");
    probation_ = AgencyId("probation-london");
    actor_ = {"U-MET", met_, "officer", "req-1", "test", {}};
  }

  domain::Id AgencyId(const std::string& code) { return testing::AgencyIdByCode(*store_, code); }

  ReportService Service() { return ReportService(*store_, *access_, clock_); }

  // met shares reports and persons with London probation, core fields and
  // contact details, for managing the perpetrator.
  void ShareMetWithProbation(std::vector<std::string> fields) {
    domain::SharingAgreement a;
    a.id = domain::NewId();
    a.code = "MET-PROB-" + std::to_string(fields.size());
    a.name = "test";
    a.from_agency_id = met_;
    a.to_agency_id = probation_;
    a.record_types = {"report", "person"};
    a.fields = std::move(fields);
    a.purpose = "managing the perpetrator";
    a.valid_from = "2026-01-01";
    ASSERT_TRUE(store_->Write([&](store::WriteTx& tx) { return tx.InsertAgreement(a); }).ok());
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
  Clock clock_ = [] { return int64_t{1'780'000'000}; };  // 2026-05-28
  std::unique_ptr<AccessControl> access_;
  domain::Id met_, kent_, probation_;
  Actor actor_;
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
  ReportService service = Service();
  auto report = service.Submit(actor_, ValidInput());
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->occurred_at, "2026-05-01T20:30:00Z");
  EXPECT_EQ(report->parties.size(), 2U);
  EXPECT_EQ(Count(store::Table::kReports), 1);
  EXPECT_EQ(Count(store::Table::kPersons), 2);
  EXPECT_EQ(Count(store::Table::kAudit), 3);  // two persons and the report

  auto got = service.Get(actor_, report->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->record.behaviours, std::vector<std::string>{"following"});
  EXPECT_EQ(got->basis, "own agency");
  EXPECT_EQ(Count(store::Table::kAudit), 4);  // the read is audited

  auto person = service.GetPerson(actor_, report->parties[1].person_id);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->record.phones, std::vector<std::string>{"07700 900001"});
  EXPECT_TRUE(person->withheld.empty());
}

TEST_F(ReportServiceTest, UnknownForceOrPersonStoresNothing) {
  ReportService service = Service();
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
  ReportService service = Service();
  ASSERT_TRUE(service.Submit(actor_, ValidInput()).ok());
  auto kent = ValidInput();
  kent.force = "kent";
  const Actor kent_officer{"U-KENT", kent_, "officer", "req-2", "test", {}};
  ASSERT_TRUE(service.Submit(kent_officer, kent).ok());

  ReportQuery q;
  q.force = "kent";
  auto page = service.List(kent_officer, q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->reports.size(), 1U);
  // The met officer sees only met's reports, with or without the filter.
  auto mine = service.List(actor_, ReportQuery{});
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->reports.size(), 1U);
  EXPECT_EQ(mine->reports[0].record.force_id, met_);
  auto theirs = service.List(actor_, q);
  ASSERT_TRUE(theirs.ok());
  EXPECT_TRUE(theirs->reports.empty());

  q.force = "atlantis";
  q.from = "not a date";
  q.limit = 0;
  auto bad = service.List(actor_, q);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.size(), 3U);
}

TEST_F(ReportServiceTest, MalformedIdsAreSimplyNotFound) {
  ReportService service = Service();
  EXPECT_EQ(service.Get(actor_, "../../etc").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service.GetPerson(actor_, "x").error().code, ErrorCode::kNotFound);
}

TEST_F(ReportServiceTest, NobodyRecordsForAnotherForceOrWithoutTheAction) {
  ReportService service = Service();
  auto kent = ValidInput();
  kent.force = "kent";
  auto refused = service.Submit(actor_, kent);  // a met officer naming kent in the body
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  const Actor probation{"U-P", probation_, "probation", "r", "test", {}};
  EXPECT_EQ(service.Submit(probation, ValidInput()).error().code, ErrorCode::kPermissionDenied);
  const Actor anonymous = Actor::Anonymous("r", "test");
  EXPECT_EQ(service.Submit(anonymous, ValidInput()).error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(Count(store::Table::kReports), 0);
  EXPECT_EQ(Count(store::Table::kAudit), 0);
}

TEST_F(ReportServiceTest, AnotherAgencySeesNothingWithoutAnAgreementAndCannotTellWhy) {
  ReportService service = Service();
  auto report = service.Submit(actor_, ValidInput());
  ASSERT_TRUE(report.ok());
  const Actor kent_officer{"U-KENT", kent_, "officer", "r", "test", {}};
  auto not_theirs = service.Get(kent_officer, report->id);
  auto missing = service.Get(kent_officer, "01ARZ3NDEKTSV4RRFFQ69G5FAV");
  ASSERT_FALSE(not_theirs.ok());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(not_theirs.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(not_theirs.error().message, missing.error().message);
  EXPECT_EQ(service.GetPerson(kent_officer, report->parties[0].person_id).error().code,
            ErrorCode::kNotFound);
}

TEST_F(ReportServiceTest, AnAgreementSharesButAVictimsWhereaboutsStayFromProbation) {
  ReportService service = Service();
  auto report = service.Submit(actor_, ValidInput());
  ASSERT_TRUE(report.ok());
  ShareMetWithProbation({"contact"});
  const Actor probation{"U-P", probation_, "probation", "r", "test", {}};
  auto shown = service.Get(probation, report->id);
  ASSERT_TRUE(shown.ok()) << shown.error().message;
  EXPECT_EQ(shown->basis, "agreement MET-PROB-1");
  // The narrative was not granted: withheld and said so.
  ASSERT_EQ(shown->withheld.size(), 1U);
  EXPECT_EQ(shown->withheld[0].field, "summary");
  EXPECT_EQ(shown->withheld[0].reason, "withheld under agreement MET-PROB-1");

  auto victim = service.GetPerson(probation, report->parties[0].person_id);
  ASSERT_TRUE(victim.ok());
  EXPECT_TRUE(victim->record.address.empty());
  EXPECT_EQ(victim->record.given_name, "Ada");
  ASSERT_FALSE(victim->withheld.empty());
  EXPECT_NE(victim->withheld[0].reason.find("perpetrator"), std::string::npos);
  auto suspect = service.GetPerson(probation, report->parties[1].person_id);
  ASSERT_TRUE(suspect.ok());
  EXPECT_EQ(suspect->record.phones, std::vector<std::string>{"07700 900001"});

  // Every disclosure is audited with its basis.
  bool found = false;
  ASSERT_TRUE(store_
                  ->Read([&](store::ReadTx& tx) {
                    store::AuditFilter f;
                    f.record_type = "person";
                    f.record_id = report->parties[0].person_id;
                    auto entries = tx.ListAudit(f);
                    for (const auto& e : *entries) {
                      if (e.action == "person.read" && e.agency_id == probation_) {
                        found = e.purpose.find("agreement MET-PROB-1") != std::string::npos;
                      }
                    }
                    return entries.status();
                  })
                  .ok());
  EXPECT_TRUE(found);
}

TEST_F(ReportServiceTest, ASubjectExportHoldsTheSubjectButNoThirdParty) {
  ReportService service = Service();
  auto in = ValidInput();
  in.parties[0].person->address = "1 Victim Lane";
  in.summary = "Followed her home.";
  auto report = service.Submit(actor_, in);
  ASSERT_TRUE(report.ok());
  const domain::Id suspect = report->parties[1].person_id;
  const int64_t audit_before = Count(store::Table::kAudit);
  auto exported = ExportSubject(*store_, Actor::System("cli"), suspect, clock_());
  ASSERT_TRUE(exported.ok()) << exported.error().message;
  EXPECT_NE(exported->find("07700 900001"), std::string::npos);  // the subject's own phone
  EXPECT_NE(exported->find("\"subject_role\":\"suspect\""), std::string::npos);
  EXPECT_NE(exported->find("third party"), std::string::npos);
  EXPECT_EQ(exported->find("Ada"), std::string::npos) << "the victim's name leaked";
  EXPECT_EQ(exported->find("1 Victim Lane"), std::string::npos) << "the victim's address leaked";
  EXPECT_EQ(exported->find(report->parties[0].person_id), std::string::npos);
  EXPECT_EQ(Count(store::Table::kAudit), audit_before + 1);  // the export is audited
  EXPECT_EQ(ExportSubject(*store_, Actor::System("cli"), "01ARZ3NDEKTSV4RRFFQ69G5FAV", clock_())
                .error()
                .code,
            ErrorCode::kNotFound);
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
