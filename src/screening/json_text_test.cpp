// The direct JSON writer (json_text.hpp) against Boost.JSON's serializer:
// the same text for every byte a string may hold and for nesting.
#include "screening/json_text.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

namespace threadline::screening::internal {
namespace {

std::string Written(std::string_view text) {
  std::string out;
  JsonText(out).String(text);
  return out;
}

TEST(JsonText, EscapesEveryByteAsBoostJsonDoes) {
  for (int c = 0; c < 256; ++c) {
    const std::string text = std::string("a") + static_cast<char>(c) + "b";
    EXPECT_EQ(Written(text), boost::json::serialize(boost::json::string(text))) << c;
  }
  // Long enough to be looked at sixteen bytes at a time, with the byte at
  // either end of a block and in the tail.
  for (int c = 0; c < 256; ++c) {
    for (const size_t at : {0, 7, 15, 16, 17, 31, 32, 44, 47}) {
      std::string text(48, 'x');
      text[at] = static_cast<char>(c);
      ASSERT_EQ(Written(text), boost::json::serialize(boost::json::string(text)))
          << c << " at " << at;
    }
  }
  const std::string mixed = "say \"no\"\\ \x01\n\t caf\xc3\xa9 \xe2\x80\x94 \x7f";
  EXPECT_EQ(Written(mixed), boost::json::serialize(boost::json::string(mixed)));
  EXPECT_EQ(Written(""), "\"\"");
}

TEST(JsonText, NestsWithCommasOnlyBetweenValues) {
  std::string out;
  JsonText w(out);
  w.BeginObject();
  w.Member("a", "x");
  w.Key("empty");
  w.BeginArray();
  w.EndArray();
  w.Key("list");
  w.BeginArray();
  w.Int(-3);
  w.Bool(true);
  w.BeginObject();
  w.EndObject();
  w.BeginObject();
  w.Key("n");
  w.Int(9007199254740993);
  w.EndObject();
  w.EndArray();
  w.Key("b");
  w.Bool(false);
  w.EndObject();
  const boost::json::value same = {
      {"a", "x"},
      {"empty", boost::json::array()},
      {"list", {-3, true, boost::json::object(), {{"n", 9007199254740993}}}},
      {"b", false}};
  EXPECT_EQ(out, boost::json::serialize(same));
}

}  // namespace
}  // namespace threadline::screening::internal
