#include "api/router.hpp"

#include <gtest/gtest.h>

namespace threadline::api {
namespace {

Router MakeRouter() {
  Router r;
  r.Add("GET", "/api/v1/reports/{id}", [](const HttpRequest& req) {
    HttpResponse res;
    res.body = "report " + req.path_params.at("id");
    return res;
  });
  r.Add("POST", "/api/v1/reports", [](const HttpRequest&) {
    HttpResponse res;
    res.status = 201;
    return res;
  });
  r.Add("GET", "/api/v1/reports", [](const HttpRequest&) { return HttpResponse{}; });
  return r;
}

HttpResponse Call(const Router& r, std::string method, std::string path) {
  HttpRequest req;
  req.method = std::move(method);
  req.path = std::move(path);
  return r.Dispatch(req);
}

TEST(Router, CapturesPlaceholders) {
  EXPECT_EQ(Call(MakeRouter(), "GET", "/api/v1/reports/ABC").body, "report ABC");
}

TEST(Router, UnknownPathIs404Problem) {
  const auto r = Call(MakeRouter(), "GET", "/api/v1/nothing");
  EXPECT_EQ(r.status, 404U);
  EXPECT_EQ(r.content_type, "application/problem+json");
}

TEST(Router, WrongMethodIs405WithAllow) {
  const auto r = Call(MakeRouter(), "DELETE", "/api/v1/reports");
  EXPECT_EQ(r.status, 405U);
  ASSERT_EQ(r.headers.size(), 1U);
  EXPECT_EQ(r.headers[0].second, "POST, GET");
}

TEST(Router, EmptySegmentDoesNotMatchAPlaceholder) {
  EXPECT_EQ(Call(MakeRouter(), "GET", "/api/v1/reports/").status, 404U);
  EXPECT_EQ(Call(MakeRouter(), "GET", "/api/v1/reports/a/b").status, 404U);
}

}  // namespace
}  // namespace threadline::api
