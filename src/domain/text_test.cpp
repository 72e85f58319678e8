#include "domain/text.hpp"

#include <gtest/gtest.h>

namespace threadline::domain {
namespace {

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
