#pragma once
// Signing a test client in as one of the demo users of a server started with
// `threadline demo` (see DemoServerEnvironment), through the real sign-in
// endpoint: the session cookie and CSRF token are then sent with every
// request the client makes.

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "access/totp.hpp"
#include "domain/datetime.hpp"
#include "http_client.hpp"

namespace threadline::testing {

inline constexpr const char* kDemoPassword = "correct horse battery staple 2026";
// A fixed base32 second-factor secret for the demo administrator.
inline constexpr const char* kDemoTotpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

// Environment for `threadline demo` in tests: a known password, hashed at
// the cheapest cost (the demo prints it anyway), a known TOTP secret.
inline void UseDemoLoginsInTests() {
  ::setenv("THREADLINE_DEMO_PASSWORD", kDemoPassword, 1);
  ::setenv("THREADLINE_DEMO_PASSWORD_COST", "minimum", 1);
  ::setenv("THREADLINE_DEMO_TOTP_SECRET", kDemoTotpSecret, 1);
}

struct Session {
  std::string cookie;  // "threadline_session=..."
  std::string csrf;
};

// Signs in; returns the session, or an empty one (with a test failure).
inline Session SignIn(HttpClient& client, const std::string& username,
                      const std::string& password = kDemoPassword, int64_t totp_offset_steps = 0) {
  std::string body = R"({"username":")" + username + R"(","password":")" + password + R"(")";
  if (username == "admin") {
    body += R"(,"totp_code":")" +
            access::TotpCode(kDemoTotpSecret, domain::NowSeconds() + totp_offset_steps * 30) +
            R"(")";
  }
  body += "}";
  client.SetDefaultHeader("Cookie", "");
  client.SetDefaultHeader("X-CSRF-Token", "");
  const Reply r = client.Post("/api/v1/session", body);
  EXPECT_EQ(r.status, 200u) << username << ": " << r.body;
  if (r.status != 200) return {};
  const std::string set_cookie = r.Header("set-cookie");
  Session s;
  s.cookie = set_cookie.substr(0, set_cookie.find(';'));
  s.csrf = std::string(r.Json().at("csrf_token").as_string());
  client.SetDefaultHeader("Cookie", s.cookie);
  client.SetDefaultHeader("X-CSRF-Token", s.csrf);
  return s;
}

}  // namespace threadline::testing
