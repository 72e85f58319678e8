#include "access/totp.hpp"

#include <gtest/gtest.h>

namespace threadline::access {
namespace {

// RFC 6238 appendix B uses this ASCII key for HMAC-SHA1.
const std::string kRfcKey = "12345678901234567890";
std::string RfcSecret() { return Base32Encode(kRfcKey); }

TEST(Base32, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "MY======"},
      {"fo", "MZXQ===="},
      {"foo", "MZXW6==="},
      {"foob", "MZXW6YQ="},
      {"fooba", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI======"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base32Encode(plain), encoded) << plain;
    const auto decoded = Base32Decode(encoded);
    ASSERT_TRUE(decoded.has_value()) << encoded;
    EXPECT_EQ(*decoded, plain);
  }
}

TEST(Base32, DecodeAcceptsLowerCaseAndMissingPadding) {
  EXPECT_EQ(Base32Decode("mzxw6ytboi"), std::optional<std::string>("foobar"));
  EXPECT_EQ(Base32Decode("MZXW6"), std::optional<std::string>("foo"));
  EXPECT_EQ(Base32Decode(RfcSecret()), std::optional<std::string>(kRfcKey));
}

TEST(Base32, DecodeRejectsMalformedText) {
  EXPECT_FALSE(Base32Decode("MZXW6YT1").has_value());   // '1' is not in the alphabet
  EXPECT_FALSE(Base32Decode("MZXW 6YTB").has_value());  // no spaces
  EXPECT_FALSE(Base32Decode("MZ=XW6YTB").has_value());  // padding inside
  EXPECT_FALSE(Base32Decode("MZXW6==").has_value());    // incomplete padding
  EXPECT_FALSE(Base32Decode("M").has_value());          // impossible length
  EXPECT_FALSE(Base32Decode("MZX").has_value());
  EXPECT_FALSE(Base32Decode("MZXW6Y").has_value());
}

TEST(Totp, Rfc6238Sha1Vectors) {
  // The RFC lists 8-digit codes; the 6-digit code is their last six digits.
  const std::pair<int64_t, const char*> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
  };
  for (const auto& [time, code] : vectors) {
    EXPECT_EQ(HotpCode(kRfcKey, static_cast<uint64_t>(time / 30), 8), code) << time;
    const std::string six = std::string(code).substr(2);
    EXPECT_EQ(TotpCode(RfcSecret(), time), six) << time;
    EXPECT_TRUE(VerifyTotp(RfcSecret(), six, time)) << time;
  }
}

TEST(Totp, Rfc4226HotpVectors) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (uint64_t counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(HotpCode(kRfcKey, counter), expected[counter]) << counter;
  }
}

TEST(Totp, WindowToleratesDriftOfOneStepOnly) {
  const std::string secret = RfcSecret();
  const int64_t now = 1234567890;
  const std::string previous = TotpCode(secret, now - 30);
  const std::string next = TotpCode(secret, now + 30);
  const std::string far = TotpCode(secret, now - 90);
  int64_t step = 0;
  EXPECT_TRUE(VerifyTotp(secret, previous, now, 1, &step));
  EXPECT_EQ(step, now / 30 - 1);
  EXPECT_TRUE(VerifyTotp(secret, next, now, 1, &step));
  EXPECT_EQ(step, now / 30 + 1);
  EXPECT_FALSE(VerifyTotp(secret, far, now));
  EXPECT_FALSE(VerifyTotp(secret, previous, now, 0));
  EXPECT_TRUE(VerifyTotp(secret, far, now, 3));
}

TEST(Totp, RejectsBadCodesAndSecrets) {
  const std::string secret = RfcSecret();
  const int64_t now = 1111111109;
  ASSERT_EQ(TotpCode(secret, now), "081804");
  EXPECT_FALSE(VerifyTotp(secret, "81804", now));    // too short
  EXPECT_FALSE(VerifyTotp(secret, "0081804", now));  // too long
  EXPECT_FALSE(VerifyTotp(secret, "08180a", now));   // not a digit
  EXPECT_FALSE(VerifyTotp(secret, " 81804", now));   // space
  EXPECT_FALSE(VerifyTotp(secret, "+81804", now));   // sign
  EXPECT_FALSE(VerifyTotp(secret, "", now));
  EXPECT_FALSE(VerifyTotp(secret, "081805", now));  // wrong code
  EXPECT_FALSE(VerifyTotp("not base32!", "081804", now));
  EXPECT_FALSE(VerifyTotp("", "081804", now));
  EXPECT_FALSE(VerifyTotp(secret, "081804", -1));
  EXPECT_EQ(TotpCode("not base32!", now), "");
  EXPECT_EQ(TotpCode(secret, -1), "");
}

TEST(Totp, NewSecretsAreRandom160BitKeys) {
  const std::string a = NewTotpSecret();
  EXPECT_EQ(a.size(), 32U);
  EXPECT_EQ(a.find('='), std::string::npos);
  ASSERT_TRUE(Base32Decode(a).has_value());
  EXPECT_EQ(Base32Decode(a)->size(), 20U);
  EXPECT_NE(a, NewTotpSecret());
  EXPECT_EQ(TotpCode(a, 1000).size(), 6U);
  EXPECT_TRUE(VerifyTotp(a, TotpCode(a, 1000), 1000));
}

TEST(Totp, ProvisioningUri) {
  EXPECT_EQ(TotpUri("alice", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Threadline:alice?secret=JBSWY3DPEHPK3PXP&issuer=Threadline");
  EXPECT_EQ(TotpUri("a.b smith@met/x:y?z&é", "MZXW6==="),
            "otpauth://totp/Threadline:a.b%20smith%40met%2Fx%3Ay%3Fz%26%C3%A9?secret=MZXW6"
            "&issuer=Threadline");
}

}  // namespace
}  // namespace threadline::access
