#include "linkage/normalize.hpp"

#include <gtest/gtest.h>

#include "linkage/nicknames.hpp"

namespace threadline::linkage {
namespace {

struct Case {
  std::string_view in;
  std::string_view want;
};

TEST(NormalizeTest, AsciiFold) {
  const Case cases[] = {{"José", "jose"},
                        {"Zoë", "zoe"},
                        {"Łukasz", "lukasz"},
                        {"Straße", "strasse"},
                        {"ÆLFRIC", "aelfric"},
                        {"Ñuñez", "nunez"},
                        {"\xff\xfe", ""},
                        {"O\xE2\x80\x99"
                         "Brien",
                         "o'brien"}};
  for (const auto& c : cases) EXPECT_EQ(AsciiFold(c.in), c.want) << c.in;
}

TEST(NormalizeTest, NameTokens) {
  using V = std::vector<std::string>;
  EXPECT_EQ(NameTokens("O'Brien"), V{"obrien"});
  EXPECT_EQ(NameTokens("Smith-Jones"), (V{"smith", "jones"}));
  EXPECT_EQ(NameTokens("  Mr. John  "), V{"john"});
  EXPECT_EQ(NameTokens("J."), V{"j"});
  EXPECT_EQ(NameTokens("Dr"), V{"dr"});  // a lone title is kept: it may be a name
  EXPECT_EQ(NameTokens("Zoë-Ann"), (V{"zoe", "ann"}));
}

TEST(NormalizeTest, SplitFullName) {
  EXPECT_EQ(SplitFullName("Smith, John A").given, "john");
  EXPECT_EQ(SplitFullName("Smith, John A").family, "smith");
  EXPECT_EQ(SplitFullName("John Andrew Smith").family, "smith");
  EXPECT_EQ(SplitFullName("John Andrew Smith").given, "john");
  EXPECT_EQ(SplitFullName("Smith").given, "");
}

TEST(NormalizeTest, Dates) {
  struct DateCase {
    std::string_view in;
    Dob want;
  };
  const DateCase good[] = {{"1971-06-24", {1971, 6, 24}}, {"19710624", {1971, 6, 24}},
                           {"24/06/1971", {1971, 6, 24}}, {"1971-06", {1971, 6, 0}},
                           {"1971", {1971, 0, 0}},        {"1971-24-06", {1971, 6, 24}},
                           {" 1971/6/4 ", {1971, 6, 4}}};
  for (const auto& c : good) {
    auto d = ParseDob(c.in);
    ASSERT_TRUE(d.ok()) << c.in;
    EXPECT_EQ(*d, c.want) << c.in;
  }
  for (std::string_view bad : {"", "3021-01-01", "1971-13-13", "1971-06-32", "yesterday",
                               "1800-01-01", "12345", "1971-00-05", "1-2-3-4"}) {
    EXPECT_FALSE(ParseDob(bad).ok()) << bad;
  }
}

TEST(NormalizeTest, Postcodes) {
  const Case cases[] = {{"sw1a1aa", "SW1A 1AA"}, {" M1  1AE", "M1 1AE"}, {"b33 8th", "B33 8TH"},
                        {"CR2 6XH", "CR2 6XH"},  {"4011", "4011"},       {"", ""}};
  for (const auto& c : cases) EXPECT_EQ(NormalizePostcode(c.in), c.want) << c.in;
  EXPECT_EQ(PostcodeArea("SW1A 1AA"), "SW1A");
  EXPECT_EQ(PostcodeArea("4011"), "40");
}

TEST(NormalizeTest, Phones) {
  const Case cases[] = {
      {"07700 900123", "+447700900123"},     {"+44 7700 900123", "+447700900123"},
      {"0044 7700 900123", "+447700900123"}, {"+44 (0)7700 900123", "+447700900123"},
      {"447700900123", "+447700900123"},     {"020 7946 0018", "+442079460018"},
      {"+1 202 555 0143", "+12025550143"},   {"12345", ""}};
  for (const auto& c : cases) EXPECT_EQ(NormalizePhone(c.in), c.want) << c.in;
}

TEST(NormalizeTest, Emails) {
  const Case cases[] = {{"John.Smith+spam@GMail.com", "johnsmith@gmail.com"},
                        {"j.smith@googlemail.com", "jsmith@gmail.com"},
                        {"J.Smith+x@example.org", "j.smith@example.org"},
                        {"not-an-email", ""},
                        {"a@b@c", ""},
                        {"@example.org", ""}};
  for (const auto& c : cases) EXPECT_EQ(NormalizeEmail(c.in), c.want) << c.in;
}

TEST(NormalizeTest, HandlesAndVehicles) {
  EXPECT_EQ(NormalizeHandle("@Jo_Bloggs"), "jo_bloggs");
  EXPECT_EQ(NormalizeHandle("https://x.com/Jo_Bloggs/"), "jo_bloggs");
  EXPECT_EQ(NormalizeHandle("instagram.com/jo.b"), "jo.b");
  EXPECT_EQ(NormalizeVehicle("ab12 cde"), "AB12CDE");
  EXPECT_EQ(NormalizeVehicle("AB-12-CDE"), "AB12CDE");
}

TEST(NicknameTest, BundledTableLinksCommonForms) {
  auto table = NicknameTable::Default();
  ASSERT_TRUE(table.ok()) << table.error().log_detail;
  EXPECT_TRUE(table->Equivalent("robert", "bob"));
  EXPECT_TRUE(table->Equivalent("bobby", "rob"));
  EXPECT_TRUE(table->Equivalent("william", "liam"));
  EXPECT_TRUE(table->Equivalent("chris", "christine"));
  EXPECT_TRUE(table->Equivalent("chris", "christopher"));
  EXPECT_FALSE(table->Equivalent("christopher", "christine"));
  EXPECT_FALSE(table->Equivalent("robert", "william"));
  EXPECT_FALSE(table->Equivalent("zebedee", "zebedee"));
}

TEST(NicknameTest, RejectsMalformedTable) {
  EXPECT_FALSE(NicknameTable::Parse("robert\n").ok());
  EXPECT_FALSE(NicknameTable::Parse("Robert,Bob\n").ok());
  EXPECT_TRUE(NicknameTable::Parse("# comment\nrobert,bob\n").ok());
}

}  // namespace
}  // namespace threadline::linkage
