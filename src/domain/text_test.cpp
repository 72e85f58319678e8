#include "domain/text.hpp"

#include <gtest/gtest.h>

namespace threadline::domain {
namespace {

TEST(TextTest, CharacterCountCountsCodePointsNotBytes) {
  EXPECT_EQ(CharacterCount(""), 0U);
  EXPECT_EQ(CharacterCount("abc"), 3U);
  EXPECT_EQ(CharacterCount("caf\xc3\xa9"), 4U);                     // é is two bytes
  EXPECT_EQ(CharacterCount("\xe2\x80\x9cquoted\xe2\x80\x9d"), 8U);  // curly quotes, three each
  EXPECT_EQ(CharacterCount("\xf0\x9f\x99\x82"), 1U);                // one emoji, four bytes
}

TEST(Text, AcceptsWellFormedUtf8) {
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("Zoë Brontë – Siân Ó Súilleabháin 😀"));
}

TEST(Text, RejectsMalformedUtf8) {
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("ok\x80"));
}

TEST(Text, ControlCharactersOtherThanWhitespaceAreRefused) {
  EXPECT_TRUE(HasNoControlCharacters("line one\nline two\tand tab"));
  EXPECT_FALSE(HasNoControlCharacters(std::string_view("nul\0byte", 8)));
  EXPECT_FALSE(HasNoControlCharacters("bell\a"));
}

}  // namespace
}  // namespace threadline::domain
