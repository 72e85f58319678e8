#include "api/json_input.hpp"

#include <gtest/gtest.h>

namespace threadline::api {
namespace {

HttpRequest JsonRequest(std::string body, std::string type = "application/json") {
  HttpRequest r;
  r.headers["content-type"] = std::move(type);
  r.body = std::move(body);
  return r;
}

TEST(JsonInput, AcceptsAnObjectWithCharsetParameter) {
  EXPECT_TRUE(
      ParseJsonObjectBody(JsonRequest("{\"a\":1}", "application/json; charset=utf-8")).ok());
}

TEST(JsonInput, RefusesOtherMediaTypes) {
  EXPECT_FALSE(ParseJsonObjectBody(JsonRequest("{}", "text/plain")).ok());
  EXPECT_FALSE(ParseJsonObjectBody(JsonRequest("{}", "")).ok());
}

TEST(JsonInput, RefusesMalformedNonObjectAndInvalidUtf8) {
  EXPECT_FALSE(ParseJsonObjectBody(JsonRequest("{\"a\":")).ok());
  EXPECT_FALSE(ParseJsonObjectBody(JsonRequest("[1,2]")).ok());
  EXPECT_FALSE(ParseJsonObjectBody(JsonRequest("{\"a\":\"\xC3\x28\"}")).ok());
  EXPECT_FALSE(
      ParseJsonObjectBody(JsonRequest(std::string(100, '[') + std::string(100, ']'))).ok());
}

TEST(JsonInput, FieldReaderReportsTypesRequiredAndUnknown) {
  auto body = ParseJsonObjectBody(JsonRequest(R"({"name": 5, "tags": ["a", 2], "extra": true})"));
  ASSERT_TRUE(body.ok());
  std::vector<FieldError> errors;
  FieldReader f(*body, "", errors);
  f.RejectUnknown({"name", "tags", "missing"});
  EXPECT_EQ(f.String("name"), "");
  EXPECT_EQ(f.StringArray("tags"), std::vector<std::string>{"a"});
  f.String("missing", true);
  ASSERT_EQ(errors.size(), 4U);
  EXPECT_EQ(errors[0].field, "extra");
  EXPECT_EQ(errors[1].field, "name");
  EXPECT_EQ(errors[1].message, "must be a string, not a number");
  EXPECT_EQ(errors[2].field, "tags/1");
  EXPECT_EQ(errors[3].field, "missing");
}

}  // namespace
}  // namespace threadline::api
