#include "access/password.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

namespace threadline::access {
namespace {

// The cheapest cost libsodium allows keeps the test fast; the format and the
// verification path are the same as at full cost.
PasswordCost Cheap() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

TEST(Password, HashIsArgon2idAndVerifies) {
  const auto hash = HashPassword("correct horse battery staple", Cheap());
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0U);
  EXPECT_TRUE(VerifyPassword("correct horse battery staple", *hash));
  EXPECT_FALSE(VerifyPassword("correct horse battery stapler", *hash));
}

TEST(Password, SamePasswordHashesDifferently) {
  EXPECT_NE(*HashPassword("same password", Cheap()), *HashPassword("same password", Cheap()));
}

TEST(Password, MalformedHashNeverMatches) {
  EXPECT_FALSE(VerifyPassword("", ""));
  EXPECT_FALSE(VerifyPassword("x", "$argon2id$garbage"));
}

TEST(Password, RandomPasswordsAreLongAndDistinct) {
  const auto a = RandomPassword();
  EXPECT_EQ(a.size(), 20U);
  EXPECT_NE(a, RandomPassword());
}

}  // namespace
}  // namespace threadline::access
