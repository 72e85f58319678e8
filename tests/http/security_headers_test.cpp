// The security headers every answer carries, whoever produced it: a handler,
// the router (404), the server refusing a request it cannot read (400), and
// the Content-Security-Policy nonce that must be new every time.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "../support/http_client.hpp"
#include "../support/server_process.hpp"
#include "../support/temp_dir.hpp"

namespace threadline {
namespace {

using testing::HttpClient;
using testing::Reply;

class SecurityHeadersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    server_ = new testing::ServerProcess(*dir_);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
    server_ = nullptr;
    dir_ = nullptr;
  }
  static inline testing::TempDir* dir_ = nullptr;
  static inline testing::ServerProcess* server_ = nullptr;
};

// The nonce of `reply`'s policy, after checking the whole policy and the
// other headers; empty when the policy is not the expected one.
std::string ExpectSecurityHeaders(const Reply& reply) {
  EXPECT_EQ(reply.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(reply.Header("referrer-policy"), "no-referrer");
  EXPECT_EQ(reply.Header("x-frame-options"), "DENY");
  EXPECT_EQ(reply.Header("cache-control"), "no-store");
  // Plain HTTP: no HSTS (browsers ignore it there).
  EXPECT_EQ(reply.Header("strict-transport-security"), "");
  static const std::regex kPolicy(
      "default-src 'self'; script-src 'self' 'nonce-([A-Za-z0-9+/]{22}==)'; "
      "style-src 'self' 'nonce-([A-Za-z0-9+/]{22}==)'; img-src 'self' data:; object-src 'none'; "
      "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  const std::string policy = reply.Header("content-security-policy");
  std::smatch m;
  EXPECT_TRUE(std::regex_match(policy, m, kPolicy)) << policy;
  if (m.size() != 3) return "";
  EXPECT_EQ(m[1].str(), m[2].str()) << "one nonce for scripts and styles";
  return m[1].str();
}

TEST_F(SecurityHeadersTest, OnHandlerAnswers) {
  HttpClient client(server_->port());
  const Reply ok = client.Get("/healthz");
  ASSERT_EQ(ok.status, 200U);
  EXPECT_FALSE(ExpectSecurityHeaders(ok).empty());
  const Reply page = client.Get("/");
  ASSERT_EQ(page.status, 200U);
  EXPECT_FALSE(ExpectSecurityHeaders(page).empty());
}

TEST_F(SecurityHeadersTest, OnNotFound) {
  HttpClient client(server_->port());
  const Reply missing = client.Get("/api/v1/no-such-thing");
  ASSERT_EQ(missing.status, 404U);
  EXPECT_FALSE(ExpectSecurityHeaders(missing).empty());
}

TEST_F(SecurityHeadersTest, OnBadRequests) {
  // Refused by the server after parsing (a bad target) ...
  HttpClient target(server_->port());
  const Reply bad_target = target.Raw("GET /healthz%zz HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(bad_target.status, 400U);
  EXPECT_FALSE(ExpectSecurityHeaders(bad_target).empty());
  // ... and refused while reading (not HTTP at all).
  HttpClient garbage(server_->port());
  const Reply not_http = garbage.Raw("GARBAGE\r\n\r\n");
  ASSERT_EQ(not_http.status, 400U);
  EXPECT_FALSE(ExpectSecurityHeaders(not_http).empty());
}

TEST_F(SecurityHeadersTest, EveryAnswerHasAFreshNonce) {
  HttpClient client(server_->port());
  std::set<std::string> nonces;
  for (int i = 0; i < 20; ++i) {
    const std::string nonce = ExpectSecurityHeaders(client.Get("/healthz"));
    ASSERT_FALSE(nonce.empty());
    nonces.insert(nonce);
  }
  EXPECT_EQ(nonces.size(), 20U);
}

}  // namespace
}  // namespace threadline
