// HTTPS: the real executable with --tls-cert/--tls-key, a real TLS client
// that trusts only the test's own certificate, and the start-up errors a bad
// certificate or key must give.
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../support/http_client.hpp"
#include "../support/server_process.hpp"
#include "../support/temp_dir.hpp"
#include "../support/tls_client.hpp"

namespace threadline {
namespace {

using testing::HttpClient;
using testing::Reply;
using testing::ServerProcess;
using testing::TempDir;
using testing::TestCertificate;
using testing::TlsClient;

constexpr const char* kHsts = "max-age=31536000; includeSubDomains";

// One HTTPS server for the suite: making keys and starting a process is the
// slow part, and the tests only read.
class HttpsServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    cert_ = new TestCertificate(TestCertificate::Make());
    const auto [cert_file, key_file] = cert_->WriteTo(dir_->path());
    server_ = new ServerProcess(
        *dir_, {"--tls-cert", cert_file, "--tls-key", key_file, "--body-limit", "4096"});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete cert_;
    delete dir_;
    server_ = nullptr;
    cert_ = nullptr;
    dir_ = nullptr;
  }

  static inline TempDir* dir_ = nullptr;
  static inline TestCertificate* cert_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(HttpsServerTest, AnswersOverTlsWithHsts) {
  TlsClient client(server_->port(), cert_->cert_pem);
  ASSERT_TRUE(client.Connect()) << client.error();
  EXPECT_EQ(client.Protocol(), "TLSv1.3");
  const Reply health = client.Get("/healthz");
  ASSERT_EQ(health.status, 200U);
  EXPECT_EQ(health.Json().at("status").as_string(), "ok");
  EXPECT_EQ(health.Header("strict-transport-security"), kHsts);
  EXPECT_NE(health.Header("content-security-policy").find("'nonce-"), std::string::npos);
  // The same connection serves a second request (keep-alive over TLS), and
  // errors carry the headers too.
  const Reply missing = client.Get("/api/v1/no-such-thing");
  EXPECT_EQ(missing.status, 404U);
  EXPECT_EQ(missing.Header("strict-transport-security"), kHsts);
  EXPECT_EQ(missing.Header("content-type"), "application/problem+json");
  client.Close();
  EXPECT_NE(server_->Log().find("https://127.0.0.1:" + std::to_string(server_->port()) + "/"),
            std::string::npos)
      << server_->Log();
}

TEST_F(HttpsServerTest, Tls12ClientsAreServed) {
  TlsClient client(server_->port(), cert_->cert_pem, TLS1_2_VERSION);
  ASSERT_TRUE(client.Connect()) << client.error();
  EXPECT_EQ(client.Protocol(), "TLSv1.2");
  EXPECT_EQ(client.Get("/healthz").status, 200U);
}

TEST_F(HttpsServerTest, TheCertificateIsCheckedByTheClient) {
  // A client that trusts a different certificate refuses the server: the
  // server really presents the configured one.
  TlsClient stranger(server_->port(), TestCertificate::Make().cert_pem);
  EXPECT_FALSE(stranger.Connect());
}

TEST_F(HttpsServerTest, PlainHttpGetsNoHttpAnswer) {
  HttpClient plain(server_->port());
  EXPECT_EQ(plain.Get("/healthz").status, 0U);
  // The server is unharmed.
  TlsClient client(server_->port(), cert_->cert_pem);
  EXPECT_EQ(client.Get("/healthz").status, 200U);
}

TEST_F(HttpsServerTest, LimitsStillApplyOverTls) {
  TlsClient client(server_->port(), cert_->cert_pem);
  const Reply big = client.Request("POST", "/api/v1/reports", std::string(64 * 1024, ' '));
  EXPECT_EQ(big.status, 413U);
  EXPECT_EQ(big.Header("strict-transport-security"), kHsts);
  TlsClient again(server_->port(), cert_->cert_pem);
  EXPECT_EQ(again.Get("/healthz").status, 200U);
}

TEST(HttpsLifecycle, SigtermWithAnIdleTlsConnectionStopsCleanly) {
  TempDir dir;
  const TestCertificate cert = TestCertificate::Make();
  const auto [cert_file, key_file] = cert.WriteTo(dir.path());
  ServerProcess server(dir, {"--tls-cert", cert_file, "--tls-key", key_file});
  TlsClient idle(server.port(), cert.cert_pem);
  ASSERT_EQ(idle.Get("/healthz").status, 200U);  // now idle on a kept-alive connection
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server.Stop(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_NE(server.Log().find("Threadline stopped cleanly."), std::string::npos);
}

// Runs `threadline serve` with `extra` flags to its end; the exit code and
// everything it printed.
testing::CliRun RunServe(const TempDir& dir, std::vector<std::string> extra) {
  std::vector<std::string> args = {"serve", "--db", dir.File("x.db"), "--listen", "127.0.0.1:0"};
  args.insert(args.end(), extra.begin(), extra.end());
  // A server that starts listening is killed after 30 s: the test then fails.
  return testing::RunThreadline(std::move(args), dir.File("out.log"), std::chrono::seconds(30));
}

TEST(HttpsStartup, AMissingKeyFileIsAClearError) {
  TempDir dir;
  const auto [cert_file, key_file] = TestCertificate::Make().WriteTo(dir.path());
  const testing::CliRun e =
      RunServe(dir, {"--tls-cert", cert_file, "--tls-key", dir.File("absent.pem")});
  EXPECT_EQ(e.exit_code, 1);
  EXPECT_NE(e.output.find("cannot read the TLS private key file " + dir.File("absent.pem")),
            std::string::npos)
      << e.output;
  EXPECT_EQ(e.output.find("listening"), std::string::npos);
}

TEST(HttpsStartup, AGarbageKeyFileIsAClearError) {
  TempDir dir;
  const auto [cert_file, key_file] = TestCertificate::Make().WriteTo(dir.path());
  std::ofstream(key_file) << "this is not a key\n";
  const testing::CliRun e = RunServe(dir, {"--tls-cert", cert_file, "--tls-key", key_file});
  EXPECT_EQ(e.exit_code, 1);
  EXPECT_NE(e.output.find("the TLS private key file " + key_file), std::string::npos) << e.output;
}

TEST(HttpsStartup, AKeyOfAnotherCertificateIsAClearError) {
  TempDir dir;
  const auto [cert_file, key_file] = TestCertificate::Make().WriteTo(dir.path());
  std::ofstream(key_file) << TestCertificate::Make().key_pem;
  const testing::CliRun e = RunServe(dir, {"--tls-cert", cert_file, "--tls-key", key_file});
  EXPECT_EQ(e.exit_code, 1);
  EXPECT_NE(e.output.find("the TLS private key in " + key_file + " does not match the certificate"),
            std::string::npos)
      << e.output;
}

TEST(HttpsStartup, AGarbageCertificateIsAClearError) {
  TempDir dir;
  const auto [cert_file, key_file] = TestCertificate::Make().WriteTo(dir.path());
  std::ofstream(cert_file) << "-----BEGIN CERTIFICATE-----\nnonsense\n-----END CERTIFICATE-----\n";
  const testing::CliRun e = RunServe(dir, {"--tls-cert", cert_file, "--tls-key", key_file});
  EXPECT_EQ(e.exit_code, 1);
  EXPECT_NE(e.output.find("the TLS certificate file " + cert_file), std::string::npos) << e.output;
}

TEST(HttpsStartup, ACertificateWithoutAKeyIsAUsageError) {
  TempDir dir;
  const auto [cert_file, key_file] = TestCertificate::Make().WriteTo(dir.path());
  const testing::CliRun e = RunServe(dir, {"--tls-cert", cert_file});
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_NE(e.output.find("--tls-cert and --tls-key go together"), std::string::npos) << e.output;
}

}  // namespace
}  // namespace threadline
