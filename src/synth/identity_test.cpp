#include "synth/identity.hpp"

#include <gtest/gtest.h>

#include "synth/identifiers.hpp"
#include "synth/synth.hpp"

namespace threadline::synth {
namespace {

class IdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto agencies = MakeAgencies(refdata_, 1);
    ASSERT_TRUE(agencies.ok());
    agencies_ = *agencies;
    auto tables = LoadNameTables(refdata_, agencies_);
    ASSERT_TRUE(tables.ok());
    tables_ = std::move(*tables);
  }
  refdata::RefData refdata_;
  std::vector<domain::Agency> agencies_;
  NameTables tables_;
  Calibration cal_;
};

TEST_F(IdentityTest, TablesCoverEveryTerritorialForce) {
  EXPECT_GT(tables_.male.size(), 150U);
  EXPECT_GT(tables_.female.size(), 150U);
  EXPECT_GT(tables_.surnames.size(), 250U);
  EXPECT_EQ(tables_.informal.at("robert").front(), "bob");
  // 43 territorial forces; British Transport Police has no towns of its own.
  EXPECT_EQ(tables_.forces.size(), 43U);
  for (const auto& place : tables_.places) {
    EXPECT_EQ(agencies_[place.force].kind, "police_force");
  }
}

TEST_F(IdentityTest, EntitiesArePlausible) {
  Rng rng(1);
  for (int i = 0; i < 500; ++i) {
    const Entity e = MakeEntity(tables_, cal_, rng, "E1", EntitySpec(1'711'929'600, 16, 85));
    ASSERT_FALSE(e.given.empty());
    ASSERT_FALSE(e.family.empty());
    ASSERT_TRUE(domain::IsValidDate(e.dob));
    ASSERT_GE(e.dob.year, 2024 - 86);
    ASSERT_LE(e.dob.year, 2024 - 16);
    // "LS6 2AB": area, district, space, sector digit, two unit letters.
    const auto& pc = e.address.postcode;
    ASSERT_EQ(pc[pc.size() - 4], ' ') << pc;
    ASSERT_TRUE(std::isdigit(static_cast<unsigned char>(pc[pc.size() - 3]))) << pc;
    for (const auto& phone : e.phones) ASSERT_TRUE(IsSyntheticPhone(phone));
    for (const auto& email : e.emails) ASSERT_TRUE(IsSyntheticEmail(email));
    for (const auto& vehicle : e.vehicles) ASSERT_TRUE(IsSyntheticVehicle(vehicle));
  }
}

TEST_F(IdentityTest, RecordsOfOnePersonVary) {
  Rng rng(2);
  Entity e = MakeEntity(tables_, cal_, rng, "E1", EntitySpec(1'711'929'600, 16, 85));
  e.given = "Robert";
  e.dob = {1980, 3, 7};
  int nicknames = 0, transposed = 0, missing_dob = 0, upper = 0;
  for (int i = 0; i < 4000; ++i) {
    const auto p = RenderPerson(e, tables_, cal_, rng, Detail::kVictim);
    if (p.given_name == "Bob" || p.given_name == "Rob" || p.given_name == "Robbie" ||
        p.given_name == "Bobby") {
      ++nicknames;
    }
    if (p.dob == "1980-07-03") ++transposed;
    if (p.dob.empty()) ++missing_dob;
    if (!p.family_name.empty() && p.family_name.size() > 1 &&
        std::isupper(static_cast<unsigned char>(p.family_name[1]))) {
      ++upper;
    }
  }
  EXPECT_NEAR(nicknames / 4000.0, cal_.nickname, 0.03);
  EXPECT_GT(transposed, 40);
  EXPECT_NEAR(missing_dob / 4000.0, cal_.dob_missing, 0.02);
  EXPECT_GT(upper, 300);
}

TEST_F(IdentityTest, IdentifierOnlyRecordsHoldJustTheIdentifier) {
  Rng rng(3);
  Entity e = MakeEntity(tables_, cal_, rng, "E1", EntitySpec(1'711'929'600, 16, 85));
  EnsureIdentifier(e, rng, IdentifierKind::kVehicle);
  const auto p =
      RenderPerson(e, tables_, cal_, rng, Detail::kIdentifierOnly, IdentifierKind::kVehicle);
  EXPECT_TRUE(p.given_name.empty());
  EXPECT_TRUE(p.family_name.empty());
  EXPECT_TRUE(p.dob.empty());
  ASSERT_EQ(p.vehicles.size(), 1U);
  EXPECT_TRUE(p.phones.empty());
}

TEST_F(IdentityTest, RelocationKeepsTheOldAddressAndChangesForce) {
  Rng rng(4);
  Entity e = MakeEntity(tables_, cal_, rng, "E1", EntitySpec(1'711'929'600, 16, 85));
  const auto old = e.address;
  const size_t other = PlaceInOtherForce(tables_, rng, old.place);
  Relocate(e, tables_, rng, other);
  ASSERT_TRUE(e.previous);
  EXPECT_EQ(e.previous->postcode, old.postcode);
  EXPECT_NE(tables_.places[e.address.place].force, tables_.places[old.place].force);
}

}  // namespace
}  // namespace threadline::synth
