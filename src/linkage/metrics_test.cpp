#include <gtest/gtest.h>

#include "linkage/comparison.hpp"
#include "linkage/phonetic.hpp"
#include "linkage/string_metrics.hpp"

namespace threadline::linkage {
namespace {

TEST(StringMetricsTest, JaroWinklerKnownValues) {
  // Reference values from Winkler's papers and common implementations.
  EXPECT_NEAR(JaroWinkler("MARTHA", "MARHTA"), 0.9611, 1e-4);
  EXPECT_NEAR(JaroWinkler("DWAYNE", "DUANE"), 0.84, 1e-4);
  EXPECT_NEAR(JaroWinkler("DIXON", "DICKSONX"), 0.8133, 1e-4);
  EXPECT_NEAR(Jaro("MARTHA", "MARHTA"), 0.9444, 1e-4);
  EXPECT_NEAR(Jaro("CRATE", "TRACE"), 0.7333, 1e-4);
  EXPECT_DOUBLE_EQ(JaroWinkler("same", "same"), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("", "abc"), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", "xyz"), 0.0);
}

TEST(StringMetricsTest, BoundedLevenshtein) {
  EXPECT_EQ(BoundedLevenshtein("kitten", "sitting", 5), 3);
  EXPECT_EQ(BoundedLevenshtein("kitten", "sitting", 2), 3);  // limit + 1
  EXPECT_EQ(BoundedLevenshtein("", "abc", 5), 3);
  EXPECT_EQ(BoundedLevenshtein("SW1A1AA", "SW1A1AB", 1), 1);
}

TEST(PhoneticTest, DoubleMetaphoneKnownCodes) {
  struct Case {
    std::string_view name, primary, alternate;
  };
  const Case cases[] = {
      {"Smith", "SM0", "XMT"},  {"Schmidt", "XMT", "SMT"}, {"Knight", "NT", "NT"},
      {"Philip", "FLP", "FLP"}, {"Wright", "RT", "RT"},    {"Jones", "JNS", "ANS"},
      {"Caesar", "SSR", "SSR"}, {"Michael", "MKL", "MXL"}, {"Xavier", "SF", "SFR"},
      {"Gough", "KF", "KF"},    {"Aubrey", "APR", "APR"}};
  for (const auto& c : cases) {
    const PhoneticKey k = DoubleMetaphone(c.name);
    EXPECT_EQ(k.primary, c.primary) << c.name;
    EXPECT_EQ(k.alternate, c.alternate) << c.name;
  }
  EXPECT_EQ(DoubleMetaphone("").primary, "");
  EXPECT_EQ(PackKey(""), 0u);
}

TEST(ComparisonTest, GradedLevels) {
  auto nicknames = NicknameTable::Parse("robert,rob,bob\n");
  ASSERT_TRUE(nicknames.ok());
  auto features = [&](std::string given, std::string family, std::string dob) {
    InputRecord r;
    r[Role::kGivenName] = std::move(given);
    r[Role::kFamilyName] = std::move(family);
    r[Role::kDob] = std::move(dob);
    return BuildFeatures(r, *nicknames);
  };
  const auto base = features("Robert", "Smith", "1971-06-24");
  EXPECT_EQ(CompareField(Field::kGivenName, base, features("robert", "x", "")), 1);
  EXPECT_EQ(CompareField(Field::kGivenName, base, features("Bob", "x", "")), 3);
  EXPECT_EQ(CompareField(Field::kGivenName, base, features("Robret", "x", "")), 4);
  EXPECT_EQ(CompareField(Field::kGivenName, base, features("R", "x", "")), 6);
  EXPECT_EQ(CompareField(Field::kGivenName, base, features("Smith", "Robert", "")), 2);
  EXPECT_EQ(CompareField(Field::kGivenName, base, features("", "x", "")), 0);
  EXPECT_EQ(CompareField(Field::kFamilyName, base, features("x", "Smith-Jones", "")), 3);
  EXPECT_EQ(CompareField(Field::kFamilyName, base, features("x", "Smyth", "")), 5);
  EXPECT_EQ(CompareField(Field::kFamilyName, base, features("x", "Smiths", "")), 4);
  EXPECT_EQ(CompareField(Field::kDob, base, features("x", "x", "1971-06-24")), 1);
  EXPECT_EQ(CompareField(Field::kDob, base, features("x", "x", "1971-06")), 2);
  EXPECT_EQ(CompareField(Field::kDob, base, features("x", "x", "1971-24-06")), 1);
  EXPECT_EQ(CompareField(Field::kDob, base, features("x", "x", "1971-06-42")), 0);
  EXPECT_EQ(CompareField(Field::kDob, base, features("x", "x", "1971-06-25")), 4);
  EXPECT_EQ(CompareField(Field::kDob, base, features("x", "x", "1972-01-30")), 5);
  EXPECT_EQ(CompareField(Field::kDob, base, features("x", "x", "1990-01-30")), 7);
}

TEST(ComparisonTest, SharedIdentifiers) {
  NicknameTable none;
  InputRecord a, b;
  a[Role::kPhone] = "07700 900123;020 7946 0018";
  b[Role::kPhone] = "+44 20 7946 0018";
  a[Role::kEmail] = "Jo.Bloggs+x@gmail.com";
  b[Role::kEmail] = "jobloggs@googlemail.com";
  a[Role::kVehicle] = "AB12 CDE";
  b[Role::kVehicle] = "XY99 ZZZ";
  const auto fa = BuildFeatures(a, none), fb = BuildFeatures(b, none);
  EXPECT_EQ(CompareField(Field::kPhone, fa, fb), 1);
  EXPECT_EQ(CompareField(Field::kEmail, fa, fb), 1);
  EXPECT_EQ(CompareField(Field::kVehicle, fa, fb), 2);
  EXPECT_EQ(CompareField(Field::kHandle, fa, fb), 0);
}

}  // namespace
}  // namespace threadline::linkage
