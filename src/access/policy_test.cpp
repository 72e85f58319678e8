#include "access/policy.hpp"

#include <gtest/gtest.h>

namespace threadline::access {
namespace {

Policy TestPolicy() {
  auto p = Policy::FromTable({{"role", "actions"},
                              {"officer", "report.read report.create"},
                              {"probation", "report.read person.read"},
                              {"clinician", "person.read health.read"},
                              {"analyst", "stats.read"}});
  EXPECT_TRUE(p.ok());
  return *p;
}

domain::SharingAgreement Agreement(std::string code, std::vector<std::string> fields,
                                   std::string from = "A", std::string to = "B") {
  domain::SharingAgreement a;
  a.id = "AG-" + code;
  a.code = std::move(code);
  a.name = "test";
  a.from_agency_id = std::move(from);
  a.to_agency_id = std::move(to);
  a.record_types = {"report", "person"};
  a.fields = std::move(fields);
  a.purpose = "managing the risk";
  a.valid_from = "2026-01-01";
  a.valid_to = "2027-01-01";
  return a;
}

TEST(PolicyTest, RolesGrantOnlyTheirActions) {
  const Policy p = TestPolicy();
  EXPECT_TRUE(p.Allows("officer", "report.create"));
  EXPECT_FALSE(p.Allows("probation", "report.create"));
  EXPECT_FALSE(p.Allows("analyst", "person.read"));
  EXPECT_FALSE(p.Allows("nobody", "report.read"));
  EXPECT_EQ(p.ActionsOf("officer"), (std::vector<std::string>{"report.create", "report.read"}));
}

TEST(PolicyTest, RefusesUnknownRolesAndActions) {
  auto bad = Policy::FromTable({{"officer", "report.read report.destroy"}, {"wizard", ""}});
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().fields.size(), 2u);
  EXPECT_NE(bad.error().fields[0].message.find("report.destroy"), std::string::npos);
  EXPECT_NE(bad.error().fields[1].message.find("wizard"), std::string::npos);
}

TEST(DecideTest, OwnAgencySeesEverythingButHealthUnlessAHealthRole) {
  const auto d = Decide({"u", "A", "officer"}, "A", "person", false, "2026-06-01", {}, {});
  EXPECT_TRUE(d.visible);
  EXPECT_EQ(d.basis, "own agency");
  EXPECT_TRUE(d.Grants(kFieldContact));
  EXPECT_TRUE(d.Grants(kFieldNarrative));
  EXPECT_FALSE(d.Grants(kFieldHealth));
  EXPECT_TRUE(d.withheld.contains("health"));
  const auto c = Decide({"u", "A", "clinician"}, "A", "person", false, "2026-06-01", {}, {});
  EXPECT_TRUE(c.Grants(kFieldHealth));
}

TEST(DecideTest, OwnAgencyAnswersDependOnlyOnTheRoleAndWhetherAVictim) {
  // Own-agency answers are worked out once per role and kept: every agency,
  // user and record type must get the same answer, and each role its own.
  for (const auto& role : AllRoles()) {
    for (const bool victim : {false, true}) {
      const auto a = Decide({"u1", "A", role}, "A", "person", victim, "2026-06-01", {}, {});
      const auto z = Decide({"u2", "Z", role}, "Z", "report", victim, "2031-01-01", {}, {});
      EXPECT_TRUE(a.visible);
      EXPECT_EQ(a.basis, "own agency");
      EXPECT_EQ(a.granted, z.granted) << role;
      EXPECT_EQ(a.withheld, z.withheld) << role;
      EXPECT_EQ(a.Grants(kFieldHealth), IsHealthRole(role)) << role;
      EXPECT_EQ(a.Grants(kFieldContact), !(victim && WorksWithPerpetrator(role))) << role;
    }
  }
  // A victim's contact details are withheld from probation even in its own agency.
  const auto p = Decide({"u", "P", "probation"}, "P", "person", true, "2026-06-01", {}, {});
  EXPECT_NE(p.withheld.at("contact").find("perpetrator"), std::string::npos);
  // A role the table does not know is still decided, and sees no health.
  const auto odd = Decide({"u", "A", "visitor"}, "A", "person", false, "2026-06-01", {}, {});
  EXPECT_TRUE(odd.visible);
  EXPECT_FALSE(odd.Grants(kFieldHealth));
}

TEST(DecideTest, AnotherAgencySeesNothingWithoutAnAgreement) {
  const auto d = Decide({"u", "B", "officer"}, "A", "report", false, "2026-06-01", {}, {});
  EXPECT_FALSE(d.visible);
  EXPECT_TRUE(d.granted.empty());
}

TEST(DecideTest, AnAgreementGrantsItsFieldsAndNamesItselfInTheWithheldMarker) {
  const std::vector<domain::SharingAgreement> agreements = {Agreement("A-B-1", {"narrative"})};
  const auto d = Decide({"u", "B", "officer"}, "A", "report", false, "2026-06-01", agreements, {});
  ASSERT_TRUE(d.visible);
  EXPECT_EQ(d.basis, "agreement A-B-1");
  EXPECT_EQ(d.purpose, "managing the risk");
  EXPECT_TRUE(d.Grants(kFieldCore));
  EXPECT_TRUE(d.Grants(kFieldNarrative));
  EXPECT_FALSE(d.Grants(kFieldContact));
  EXPECT_EQ(d.withheld.at("contact"), "withheld under agreement A-B-1");
}

TEST(DecideTest, AgreementsApplyOnlyInTheirDatesDirectionAndRecordTypes) {
  const std::vector<domain::SharingAgreement> agreements = {Agreement("A-B-1", {})};
  EXPECT_FALSE(
      Decide({"u", "B", "officer"}, "A", "report", false, "2025-12-31", agreements, {}).visible);
  EXPECT_FALSE(
      Decide({"u", "B", "officer"}, "A", "report", false, "2027-01-01", agreements, {}).visible);
  EXPECT_TRUE(
      Decide({"u", "B", "officer"}, "A", "report", false, "2026-12-31", agreements, {}).visible);
  // B's records are not shared back to A, and screenings are not covered.
  EXPECT_FALSE(
      Decide({"u", "A", "officer"}, "B", "report", false, "2026-06-01", agreements, {}).visible);
  EXPECT_FALSE(
      Decide({"u", "B", "officer"}, "A", "screening", false, "2026-06-01", agreements, {}).visible);
}

TEST(DecideTest, VictimContactIsWithheldFromPerpetratorFacingRolesUnlessNamed) {
  const std::vector<domain::SharingAgreement> contact = {Agreement("A-B-1", {"contact"})};
  const auto probation =
      Decide({"u", "B", "probation"}, "A", "person", true, "2026-06-01", contact, {});
  ASSERT_TRUE(probation.visible);
  EXPECT_FALSE(probation.Grants(kFieldContact));
  EXPECT_NE(probation.withheld.at("contact").find("perpetrator"), std::string::npos);
  // The same person as a suspect: contact details shared as agreed.
  EXPECT_TRUE(Decide({"u", "B", "probation"}, "A", "person", false, "2026-06-01", contact, {})
                  .Grants(kFieldContact));
  // A named grant of the victim's contact details lets them through.
  const std::vector<domain::SharingAgreement> named = {
      Agreement("A-B-2", {"contact", "victim_contact"})};
  EXPECT_TRUE(Decide({"u", "B", "probation"}, "A", "person", true, "2026-06-01", named, {})
                  .Grants(kFieldContact));
  // Other roles under the same agreement see a victim's contact details.
  EXPECT_TRUE(Decide({"u", "B", "officer"}, "A", "person", true, "2026-06-01", contact, {})
                  .Grants(kFieldContact));
}

TEST(DecideTest, HealthNeedsAHealthRoleEvenUnderAnAgreementThatSharesIt) {
  const std::vector<domain::SharingAgreement> health = {Agreement("A-B-1", {"health"})};
  EXPECT_FALSE(Decide({"u", "B", "officer"}, "A", "person", false, "2026-06-01", health, {})
                   .Grants(kFieldHealth));
  EXPECT_TRUE(Decide({"u", "B", "clinician"}, "A", "person", false, "2026-06-01", health, {})
                  .Grants(kFieldHealth));
}

TEST(DecideTest, EmergencyAccessOpensTheRecordAndSaysSo) {
  domain::EmergencyGrant g;
  g.id = "G1";
  g.reason = "victim at risk tonight";
  const auto d = Decide({"u", "B", "officer"}, "A", "person", false, "2026-06-01", {}, {g});
  ASSERT_TRUE(d.visible);
  EXPECT_EQ(d.basis, "emergency access G1");
  EXPECT_EQ(d.purpose, "victim at risk tonight");
  EXPECT_TRUE(d.Grants(kFieldContact));
  EXPECT_FALSE(d.Grants(kFieldHealth));
}

TEST(ValidateAgreementTest, NamesEveryProblem) {
  domain::SharingAgreement a = Agreement("", {"gossip"}, "A", "A");
  a.record_types = {"everything"};
  a.valid_from = "2026-13-01";
  a.purpose = "";
  auto s = ValidateAgreement(a);
  ASSERT_FALSE(s.ok());
  std::vector<std::string> fields;
  for (const auto& f : s.error().fields) fields.push_back(f.field);
  for (const char* expected :
       {"code", "purpose", "to_agency", "record_types", "fields", "valid_from"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), expected), fields.end()) << expected;
  }
  EXPECT_TRUE(ValidateAgreement(Agreement("OK-1", {"contact"})).ok());
}

}  // namespace
}  // namespace threadline::access
