#include "access/session_token.hpp"

#include <gtest/gtest.h>

#include <set>

namespace threadline::access {
namespace {

TEST(SessionTokenTest, TokensAreFreshWellFormedAndHashStably) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string t = NewSecretToken();
    EXPECT_TRUE(IsWellFormedToken(t)) << t;
    EXPECT_TRUE(seen.insert(t).second);
  }
  const std::string t = NewSecretToken();
  EXPECT_EQ(HashToken(t), HashToken(t));
  EXPECT_EQ(HashToken(t).size(), 64u);
  EXPECT_NE(HashToken(t), HashToken(NewSecretToken()));
  EXPECT_EQ(HashToken(t).find(t), std::string::npos);
}

TEST(SessionTokenTest, RefusesJunk) {
  EXPECT_FALSE(IsWellFormedToken(""));
  EXPECT_FALSE(IsWellFormedToken("short"));
  EXPECT_FALSE(IsWellFormedToken(std::string(43, '*')));
  EXPECT_FALSE(IsWellFormedToken(std::string(44, 'a')));
}

TEST(SessionTokenTest, SecretEqualsComparesWholeValues) {
  EXPECT_TRUE(SecretEquals("abc", "abc"));
  EXPECT_FALSE(SecretEquals("abc", "abd"));
  EXPECT_FALSE(SecretEquals("abc", "abcd"));
  EXPECT_FALSE(SecretEquals("", "a"));
}

}  // namespace
}  // namespace threadline::access
