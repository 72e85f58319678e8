#include "api/handlers/static_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace threadline::api {
namespace {

namespace fs = std::filesystem;

// A built web application in a fresh folder, with a secret beside it.
class WebFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("threadline-web-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    fs::create_directories(base_ / "dist" / "assets");
    Write("dist/index.html",
          "<!doctype html><html><head><script type=\"module\" src=\"/assets/app-1a2b.js\">"
          "</script><link rel=\"stylesheet\" href=\"/assets/app-1a2b.css\"></head></html>");
    Write("dist/assets/app-1a2b.js", "console.log(1)");
    Write("dist/assets/app-1a2b.css", "body{}");
    Write("dist/assets/font-9f.woff2", std::string("wOF2\0\1", 6));
    Write("dist/favicon.svg", "<svg/>");
    Write("dist/.hidden", "no");
    Write("secret.txt", "outside the root");
    fs::create_symlink(base_ / "secret.txt", base_ / "dist" / "leak.txt");
    fs::create_symlink(base_, base_ / "dist" / "up");
    fs::create_symlink(base_ / "dist" / "favicon.svg", base_ / "dist" / "icon.svg");
    web_ = WebFiles(base_ / "dist");
  }
  void TearDown() override { fs::remove_all(base_); }

  void Write(const std::string& name, const std::string& content) {
    std::ofstream(base_ / name, std::ios::binary) << content;
  }

  HttpResponse Get(const std::string& path) const {
    HttpRequest request;
    request.method = "GET";
    request.path = path;
    request.csp_nonce = "N0nce+/=";
    return web_.Serve(request);
  }

  static std::string Header(const HttpResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return {};
  }

  fs::path base_;
  WebFiles web_;
};

TEST_F(WebFilesTest, ServesFilesWithTheirTypesAndCachesHashedAssetsForAYear) {
  const auto js = Get("/assets/app-1a2b.js");
  EXPECT_EQ(js.status, 200U);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(Header(js, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Get("/assets/app-1a2b.css").content_type, "text/css; charset=utf-8");
  const auto font = Get("/assets/font-9f.woff2");
  EXPECT_EQ(font.content_type, "font/woff2");
  EXPECT_EQ(font.body.size(), 6U);  // binary content intact
  const auto icon = Get("/favicon.svg");
  EXPECT_EQ(icon.content_type, "image/svg+xml");
  EXPECT_EQ(Header(icon, "Cache-Control"), "no-cache");
}

TEST_F(WebFilesTest, ClientPagesGetIndexWithTheNonceOnEveryScriptAndStylesheet) {
  for (const std::string path :
       {"/index.html", "/reports", "/reports/01JQQA5FFMB3ACW2XE82DXFR69"}) {
    const auto r = Get(path);
    EXPECT_EQ(r.status, 200U) << path;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_NE(r.body.find("<script nonce=\"N0nce+/=\" type=\"module\""), std::string::npos);
    EXPECT_NE(r.body.find("<link nonce=\"N0nce+/=\" rel=\"stylesheet\""), std::string::npos);
    EXPECT_EQ(Header(r, "Cache-Control"), "no-store");
  }
}

TEST_F(WebFilesTest, ServerPathsMissingFilesAndOtherMethodsAreNotFound) {
  for (const std::string path : {"/api/v1/nothing", "/api", "/healthz/x", "/readyz/x",
                                 "/assets/gone-1234.js", "/missing.png", "/assets/page"}) {
    const auto r = Get(path);
    EXPECT_EQ(r.status, 404U) << path;
    EXPECT_EQ(r.content_type, "application/problem+json") << path;
  }
  HttpRequest post;
  post.method = "POST";
  post.path = "/reports";
  EXPECT_EQ(web_.Serve(post).status, 404U);
}

TEST_F(WebFilesTest, NothingOutsideTheRootOrHiddenIsReachable) {
  for (const std::string& path : std::vector<std::string>{
           "/../secret.txt", "/assets/../../secret.txt", "/./index.html", "/.hidden", "/leak.txt",
           "/up/secret.txt", "//etc/passwd", "/assets//app-1a2b.js", "/assets\\..\\..\\secret.txt",
           std::string("/index.html\0.png", 16)}) {
    EXPECT_FALSE(web_.Resolve(path).has_value()) << path;
    const auto r = Get(path);
    EXPECT_EQ(r.body.find("outside the root"), std::string::npos) << path;
  }
  // A link that stays inside the root is fine.
  EXPECT_TRUE(web_.Resolve("/icon.svg").has_value());
}

TEST_F(WebFilesTest, WithoutARootNothingIsServed) {
  const WebFiles none;
  EXPECT_FALSE(none.enabled());
  HttpRequest request;
  request.method = "GET";
  request.path = "/reports";
  EXPECT_EQ(none.Serve(request).status, 404U);
  EXPECT_FALSE(none.Index(request).has_value());
}

TEST_F(WebFilesTest, FindsWebDistInTheExecutablesFolderOrAParent) {
  fs::create_directories(base_ / "build-x");
  EXPECT_EQ(FindWebRoot(base_ / "build-x" / "threadline"), std::filesystem::path());
  fs::create_directories(base_ / "web");
  fs::rename(base_ / "dist", base_ / "web" / "dist");
  EXPECT_EQ(FindWebRoot(base_ / "build-x" / "threadline"), fs::canonical(base_ / "web" / "dist"));
}

TEST(WithNonce, MarksOnlyScriptStyleAndLinkStartTags) {
  EXPECT_EQ(WithNonce("<p><script>x</script><style>y</style><linkage><link href=a></p>", "N"),
            "<p><script nonce=\"N\">x</script><style nonce=\"N\">y</style><linkage>"
            "<link nonce=\"N\" href=a></p>");
}

TEST(ContentTypeFor, KnowsTheBuildsFileTypes) {
  EXPECT_EQ(ContentTypeFor("a.WOFF"), "font/woff");
  EXPECT_EQ(ContentTypeFor("manifest.webmanifest"), "application/manifest+json");
  EXPECT_EQ(ContentTypeFor("favicon.ico"), "image/x-icon");
  EXPECT_EQ(ContentTypeFor("README"), "application/octet-stream");
}

}  // namespace
}  // namespace threadline::api
