#include "synth/identifiers.hpp"

#include <gtest/gtest.h>

#include <set>

namespace threadline::synth {
namespace {

// Levenshtein distance with adjacent transpositions (optimal string alignment).
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

TEST(Phones, AreWrittenInTheUsualWays) {
  EXPECT_EQ(FormatPhone("07700900123", PhoneStyle::kSpaced), "07700 900123");
  EXPECT_EQ(FormatPhone("07700900123", PhoneStyle::kCompact), "07700900123");
  EXPECT_EQ(FormatPhone("07700900123", PhoneStyle::kIntlSpaced), "+44 7700 900123");
  EXPECT_EQ(FormatPhone("07700900123", PhoneStyle::kIntlCompact), "+447700900123");
  EXPECT_EQ(FormatPhone("07700900123", PhoneStyle::kBracketed), "(07700)900123");
  EXPECT_EQ(FormatPhone("07700900123", PhoneStyle::kDashed), "07700-900-123");
  EXPECT_EQ(FormatPhone("01134960123", PhoneStyle::kSpaced), "0113 496 0123");
  EXPECT_EQ(FormatPhone("02079460123", PhoneStyle::kSpaced), "020 7946 0123");
  EXPECT_EQ(FormatPhone("02079460123", PhoneStyle::kIntlSpaced), "+44 20 7946 0123");
}

TEST(Phones, ComeOnlyFromTheDramaRanges) {
  Rng rng(3);
  for (int i = 0; i < 2000; ++i) {
    const std::string number = i % 2 == 0 ? MakeMobile(rng) : MakeLandline(rng);
    for (int style = 0; style < kPhoneStyles; ++style) {
      const auto text = FormatPhone(number, static_cast<PhoneStyle>(style));
      ASSERT_TRUE(IsSyntheticPhone(text)) << text;
    }
  }
  EXPECT_FALSE(IsSyntheticPhone("07700 123456"));
  EXPECT_FALSE(IsSyntheticPhone("0113 123 4567"));
  EXPECT_FALSE(IsSyntheticPhone("07700 9001234"));
}

TEST(Vehicles, HaveTheCurrentShapeAndTheSyntheticMarker) {
  Rng rng(4);
  for (int i = 0; i < 1000; ++i) {
    const auto reg = MakeVehicle(rng);
    ASSERT_EQ(reg.size(), 8U);
    ASSERT_EQ(reg[4], ' ');
    ASSERT_TRUE(IsSyntheticVehicle(reg)) << reg;
  }
  EXPECT_TRUE(IsSyntheticVehicle("ab12cqe"));
  EXPECT_FALSE(IsSyntheticVehicle("AB12 CDE"));  // could be a real plate
  EXPECT_FALSE(IsSyntheticVehicle("A123 BCQ"));
}

TEST(Emails, UseReservedDomainsAndFoldNames) {
  Rng rng(5);
  for (int i = 0; i < 200; ++i) {
    const auto email = MakeEmail(rng, "Siân", "O'Brien");
    ASSERT_TRUE(IsSyntheticEmail(email)) << email;
    ASSERT_EQ(email.find('\''), std::string::npos);
  }
  EXPECT_FALSE(IsSyntheticEmail("someone@gmail.com"));
  EXPECT_EQ(AsciiFold("Siân O'Brien-Jones"), "sianobrienjones");
}

TEST(Typos, AreOneEditAwayAndKeepTheFirstLetter) {
  Rng rng(6);
  std::set<std::string> seen;
  for (int i = 0; i < 500; ++i) {
    const auto typo = Typo(rng, "Robertson");
    ASSERT_NE(typo, "Robertson");
    ASSERT_EQ(typo[0], 'R');
    ASSERT_EQ(EditDistance(typo, "Robertson"), 1U) << typo;
    seen.insert(typo);
  }
  EXPECT_GT(seen.size(), 20U);
  EXPECT_EQ(Typo(rng, "Siân"), "Siân");  // not plain ASCII: left alone
  EXPECT_EQ(Typo(rng, "Li"), "Li");
}

}  // namespace
}  // namespace threadline::synth
