#include "access/password_policy.hpp"

#include <gtest/gtest.h>

namespace threadline::access {
namespace {

void ExpectRefused(std::string_view password, std::string_view username,
                   std::string_view message_part) {
  const Status s = CheckNewPassword(password, username);
  ASSERT_FALSE(s.ok()) << "accepted a password that breaks: " << message_part;
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(s.error().message.find(message_part), std::string::npos) << s.error().message;
  ASSERT_EQ(s.error().fields.size(), 1U);
  EXPECT_EQ(s.error().fields[0].field, "password");
  // The password itself never appears in what may be shown or logged.
  if (!password.empty()) {
    EXPECT_EQ(s.error().message.find(password), std::string::npos);
    EXPECT_EQ(s.error().fields[0].message.find(password), std::string::npos);
  }
}

TEST(PasswordPolicy, AcceptsLongPassphrasesWithoutCompositionRules) {
  EXPECT_TRUE(CheckNewPassword("correct horse battery staple", "alice").ok());
  EXPECT_TRUE(CheckNewPassword("alllowercaseletters", "alice").ok());
  EXPECT_TRUE(CheckNewPassword("exactly12chr", "alice").ok());
}

TEST(PasswordPolicy, CountsCodePointsNotBytes) {
  // 11 code points in 22 bytes: too short, although long in bytes.
  ExpectRefused("ééééééééééé", "alice", "too short");
  // 12 code points.
  EXPECT_TRUE(CheckNewPassword("éééééééééééé", "alice").ok());
  EXPECT_TRUE(CheckNewPassword("🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒", "alice").ok());
}

TEST(PasswordPolicy, RefusesShortAndOverlongPasswords) {
  ExpectRefused("", "alice", "too short");
  ExpectRefused("elevenchars", "alice", "too short");
  EXPECT_TRUE(CheckNewPassword(std::string(256, 'q'), "alice").ok());
  ExpectRefused(std::string(257, 'q'), "alice", "too long");
}

TEST(PasswordPolicy, RefusesInvalidUtf8) {
  ExpectRefused("valid prefix \xff then junk", "alice", "UTF-8");
  ExpectRefused("overlong slash \xc0\xaf here", "alice", "UTF-8");
  ExpectRefused("a surrogate \xed\xa0\x80 here", "alice", "UTF-8");
  ExpectRefused("truncated at the end \xe2\x82", "alice", "UTF-8");
  ExpectRefused("beyond unicode \xf4\x90\x80\x80 x", "alice", "UTF-8");
}

TEST(PasswordPolicy, RefusesTheUsernameInAnyCase) {
  ExpectRefused("alice.jones.met", "alice.jones.met", "username");
  ExpectRefused("my name is Alice.Jones.MET!", "alice.jones.met", "username");
  EXPECT_TRUE(CheckNewPassword("a long password of my own", "").ok());
}

TEST(PasswordPolicy, RefusesCommonPasswordsInAnyCase) {
  EXPECT_TRUE(IsCommonPassword("password"));
  EXPECT_TRUE(IsCommonPassword("PassWord"));
  EXPECT_TRUE(IsCommonPassword("123456"));
  EXPECT_FALSE(IsCommonPassword("#!comment:"));
  EXPECT_FALSE(IsCommonPassword(""));
  EXPECT_FALSE(IsCommonPassword("correct horse battery staple"));
  // The list entry long enough to pass the length rule.
  ExpectRefused("winniethepooh", "alice", "commonly used");
  ExpectRefused("WinnieThePooh", "alice", "commonly used");
}

}  // namespace
}  // namespace threadline::access
