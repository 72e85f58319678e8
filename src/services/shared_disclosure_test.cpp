// Disclosures are shared between reads that come to the same decision
// (AccessControl::DiscloseShared): a decision kept for one record must be
// the one a fresh decision would give for the next, and must never outlive
// what it was decided from: the agreements received, the date, the viewer's
// role, the record type and whether the person is a victim. Emergency access
// is for one record and is never shared.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../../tests/support/service_store.hpp"
#include "../../tests/support/store_lookup.hpp"
#include "../../tests/support/temp_dir.hpp"
#include "access/policy.hpp"
#include "domain/datetime.hpp"
#include "domain/ids.hpp"

namespace threadline::services {
namespace {

class SharedDisclosureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    now_ = *domain::ParseTimestamp("2026-06-02T12:00:00Z");
    db_.Open(dir_.File("shared.db"), clock_);
    if (HasFatalFailure()) return;
    met_ = testing::AgencyIdByCode(*db_.store, "met");
    probation_agency_ = testing::AgencyIdByCode(*db_.store, "probation-london");
    probation_ = {"U-PROBATION", probation_agency_, "probation", "req-1", "test", {}};
    Share("MET-PROB-2", {"report", "person"}, {"contact"}, "2026-01-01", "");
  }

  void Share(const std::string& code, std::vector<std::string> record_types,
             std::vector<std::string> fields, const std::string& from, const std::string& to,
             const domain::Id& owner = {}) {
    domain::SharingAgreement a;
    a.id = domain::NewId();
    a.code = code;
    a.name = "Agreement " + code;
    a.from_agency_id = owner.empty() ? met_ : owner;
    a.to_agency_id = probation_agency_;
    a.record_types = std::move(record_types);
    a.fields = std::move(fields);
    a.purpose = "Managing the risk posed by a supervised perpetrator";
    a.valid_from = from;
    a.valid_to = to;
    ASSERT_TRUE(db_.store->Write([&](store::WriteTx& tx) { return tx.InsertAgreement(a); }).ok());
  }

  // The shared decision for one record owned by the Met (or by `owner`).
  AccessControl::SharedDisclosure Shared(const Actor& actor, std::string_view type,
                                         const domain::Id& record, bool is_victim = false,
                                         const domain::Id& owner = {}) {
    AccessControl::SharedDisclosure out;
    const Status s = db_.store->Read([&](store::ReadTx& tx) -> Status {
      auto d = db_.access->DiscloseShared(tx, actor, type, record, owner.empty() ? met_ : owner,
                                          is_victim);
      if (!d.ok()) return d.status();
      out = *d;
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return out;
  }

  // What Decide() answers afresh, with no emergency grants.
  access::Disclosure Fresh(const Actor& actor, std::string_view type, bool is_victim = false) {
    std::vector<domain::SharingAgreement> agreements;
    const Status s = db_.store->Read([&](store::ReadTx& tx) -> Status {
      auto a = tx.ListAgreementsTo(actor.agency_id);
      if (a.ok()) agreements = *a;
      return a.status();
    });
    EXPECT_TRUE(s.ok());
    const std::string today = domain::FormatTimestamp(now_).substr(0, 10);
    return access::Decide({actor.user_id, actor.agency_id, actor.role}, met_, type, is_victim,
                          today, agreements, {});
  }

  static void ExpectSameDecision(const access::Disclosure& a, const access::Disclosure& b) {
    EXPECT_EQ(a.visible, b.visible);
    EXPECT_EQ(a.basis, b.basis);
    EXPECT_EQ(a.purpose, b.purpose);
    EXPECT_EQ(a.agreement_id, b.agreement_id);
    EXPECT_EQ(a.granted, b.granted);
    EXPECT_EQ(a.withheld, b.withheld);
  }

  testing::TempDir dir_;
  int64_t now_ = 0;
  Clock clock_ = [this] { return now_; };
  testing::ServiceStore db_;
  domain::Id met_;
  domain::Id probation_agency_;
  Actor probation_;
};

TEST_F(SharedDisclosureTest, RecordsUnderOneAgreementShareOneDecisionAndItIsTheFreshOne) {
  const auto first = Shared(probation_, "report", domain::NewId());
  const auto second = Shared(probation_, "report", domain::NewId());
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first.get(), second.get()) << "the second read should reuse the first's decision";
  EXPECT_EQ(first->basis, "agreement MET-PROB-2");
  EXPECT_TRUE(first->Grants(access::kFieldContact));
  EXPECT_FALSE(first->Grants(access::kFieldNarrative));
  ExpectSameDecision(*first, Fresh(probation_, "report"));
}

TEST_F(SharedDisclosureTest, AChangedAgreementListIsDecidedAfresh) {
  const auto before = Shared(probation_, "report", domain::NewId());
  ASSERT_TRUE(before);
  EXPECT_FALSE(before->Grants(access::kFieldNarrative));
  // An agreement that sorts first now applies, and grants the narrative.
  Share("AAA-MET-PROB", {"report"}, {"contact", "narrative"}, "2026-01-01", "");
  db_.access->InvalidateAgreements();
  const auto after = Shared(probation_, "report", domain::NewId());
  ASSERT_TRUE(after);
  EXPECT_EQ(after->basis, "agreement AAA-MET-PROB");
  EXPECT_TRUE(after->Grants(access::kFieldNarrative));
  ExpectSameDecision(*after, Fresh(probation_, "report"));
}

TEST_F(SharedDisclosureTest, EachOwnerIsDecidedForItself) {
  const domain::Id kent = testing::AgencyIdByCode(*db_.store, "kent");
  Share("KENT-PROB-1", {"report"}, {"contact", "narrative"}, "2026-01-01", "", kent);
  db_.access->InvalidateAgreements();
  const auto met = Shared(probation_, "report", domain::NewId());
  const auto from_kent = Shared(probation_, "report", domain::NewId(), false, kent);
  ASSERT_TRUE(met && from_kent);
  EXPECT_EQ(met->basis, "agreement MET-PROB-2");
  EXPECT_EQ(from_kent->basis, "agreement KENT-PROB-1");
  EXPECT_TRUE(from_kent->Grants(access::kFieldNarrative));
}

TEST_F(SharedDisclosureTest, EachDayIsDecidedForItself) {
  // From the 3rd a second agreement, sorting first, applies too.
  Share("AAA-FROM-THE-3RD", {"report"}, {"contact", "narrative"}, "2026-06-03", "");
  db_.access->InvalidateAgreements();
  // Seconds apart, so the agreements received are the very same list.
  now_ = *domain::ParseTimestamp("2026-06-02T23:59:58Z");
  const auto on_the_2nd = Shared(probation_, "report", domain::NewId());
  now_ = *domain::ParseTimestamp("2026-06-03T00:00:01Z");
  const auto on_the_3rd = Shared(probation_, "report", domain::NewId());
  ASSERT_TRUE(on_the_2nd && on_the_3rd);
  EXPECT_EQ(on_the_2nd->basis, "agreement MET-PROB-2");
  EXPECT_EQ(on_the_3rd->basis, "agreement AAA-FROM-THE-3RD");
  ExpectSameDecision(*on_the_3rd, Fresh(probation_, "report"));
}

TEST_F(SharedDisclosureTest, VictimsRolesAndRecordTypesAreDecidedApart) {
  const domain::Id person = domain::NewId();
  // Probation works with the perpetrator: a victim's contact details are
  // withheld, anyone else's shown.
  const auto victim = Shared(probation_, "person", person, true);
  const auto not_victim = Shared(probation_, "person", person, false);
  ASSERT_TRUE(victim && not_victim);
  EXPECT_FALSE(victim->Grants(access::kFieldContact));
  EXPECT_TRUE(not_victim->Grants(access::kFieldContact));
  ExpectSameDecision(*victim, Fresh(probation_, "person", true));
  // An officer of the same agency under the same agreement sees the
  // victim's contact details withheld by nothing but the agreement.
  const Actor officer{"U-OFFICER", probation_agency_, "officer", "req-2", "test", {}};
  const auto officer_view = Shared(officer, "person", person, true);
  ASSERT_TRUE(officer_view);
  EXPECT_TRUE(officer_view->Grants(access::kFieldContact));
  ExpectSameDecision(*officer_view, Fresh(officer, "person", true));
  // Another agreement, sorting first, covers persons only: a report and a
  // person of the same owner are decided under different agreements.
  Share("AAA-PERSONS", {"person"}, {"contact", "narrative"}, "2026-01-01", "");
  db_.access->InvalidateAgreements();
  const auto report = Shared(probation_, "report", domain::NewId());
  const auto other_person = Shared(probation_, "person", domain::NewId());
  ASSERT_TRUE(report && other_person);
  EXPECT_EQ(report->basis, "agreement MET-PROB-2");
  EXPECT_EQ(other_person->basis, "agreement AAA-PERSONS");
  // Cases are not shared by the agreement at all.
  const auto kase = Shared(probation_, "case", domain::NewId());
  ASSERT_TRUE(kase);
  EXPECT_FALSE(kase->visible);
}

TEST_F(SharedDisclosureTest, EmergencyAccessOpensOnlyItsOwnRecord) {
  const domain::Id opened = domain::NewId();
  const domain::Id other = domain::NewId();
  domain::User user;
  user.id = probation_.user_id;
  user.username = "probation";
  user.display_name = "Probation officer";
  user.role = probation_.role;
  user.agency_id = probation_agency_;
  ASSERT_TRUE(db_.store->Write([&](store::WriteTx& tx) { return tx.InsertUser(user); }).ok());
  domain::EmergencyGrant g;
  g.id = domain::NewId();
  g.user_id = probation_.user_id;
  g.agency_id = probation_agency_;
  g.record_type = "case";
  g.record_id = opened;
  g.owner_agency_id = met_;
  g.reason = "Imminent risk to the victim";
  g.granted_at = domain::FormatTimestamp(now_);
  g.expires_at = domain::FormatTimestamp(now_ + 3600);
  ASSERT_TRUE(
      db_.store->Write([&](store::WriteTx& tx) { return tx.InsertEmergencyGrant(g); }).ok());
  const auto first = Shared(probation_, "case", opened);
  const auto second = Shared(probation_, "case", other);
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(first->visible);
  EXPECT_EQ(first->emergency_grant_id, g.id);
  EXPECT_FALSE(second->visible) << "the grant for one case must not open another";
}

TEST_F(SharedDisclosureTest, OwnAgencyDecisionsAreSharedAndMatchDecide) {
  const Actor officer{"U-MET", met_, "officer", "req-3", "test", {}};
  const auto a = Shared(officer, "report", domain::NewId());
  const auto b = Shared(officer, "report", domain::NewId());
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a.get(), b.get());
  EXPECT_EQ(a->basis, "own agency");
  ExpectSameDecision(*a, Fresh(officer, "report"));
  const Actor system = Actor::System("test");
  const auto all = Shared(system, "report", domain::NewId());
  ASSERT_TRUE(all);
  EXPECT_EQ(all->basis, "system");
  EXPECT_TRUE(all->Grants(access::kFieldHealth));
}

}  // namespace
}  // namespace threadline::services
