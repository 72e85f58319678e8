// The whole program on PostgreSQL: a throw-away PostgreSQL server, the real
// `threadline demo --db postgresql://…` on a loopback port, a user signing in
// and recording a report through the API; then the rows are looked at in
// PostgreSQL itself, and a fresh `threadline serve` on the same URL still
// finds the report (it was committed, not kept in a process).
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "../support/http_client.hpp"
#include "../support/postgres_server.hpp"
#include "../support/server_process.hpp"
#include "../support/sign_in.hpp"
#include "../support/temp_dir.hpp"

namespace threadline {
namespace {

using testing::HttpClient;
using testing::PostgresServer;
using testing::Reply;

// Field-encryption keys given inline: a URL has no folder for a key file.
constexpr const char* kKeys = "pgtest AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
constexpr const char* kSummary = "Waited at the station for her three evenings running";

// `threadline <command> --db <url>` listening on a free loopback port.
class Running {
 public:
  Running(const testing::TempDir& dir, const std::string& command, const std::string& url,
          std::vector<std::string> extra = {})
      : log_(dir.File(command + ".log")) {
    const std::string port_file = dir.File(command + ".port");
    std::vector<std::string> args = {command,     "--db", url,           "--listen", "127.0.0.1:0",
                                     "--threads", "2",    "--port-file", port_file};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = testing::SpawnThreadline(args, log_);
    if (pid_ < 0) throw std::runtime_error("cannot start " + testing::BinaryPath());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      std::ifstream in(port_file);
      if (in >> port_ && port_ > 0) return;
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error(command + " exited early:\n" + testing::ReadWholeFile(log_));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error(command + " did not start listening:\n" +
                             testing::ReadWholeFile(log_));
  }
  ~Running() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

  // SIGTERM, then the exit status (-1 when it does not stop in time).
  int Stop() {
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }

  int port() const { return port_; }
  std::string Log() const { return testing::ReadWholeFile(log_); }

 private:
  std::string log_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// The first column of every row of `sql`, read with libpq.
std::vector<std::string> Column(const std::string& url, const std::string& sql) {
  std::vector<std::string> out;
  PGconn* conn = PQconnectdb(url.c_str());
  EXPECT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PGresult* result = PQexec(conn, sql.c_str());
  EXPECT_EQ(PQresultStatus(result), PGRES_TUPLES_OK) << PQresultErrorMessage(result);
  out.reserve(static_cast<size_t>(PQntuples(result)));
  for (int r = 0; r < PQntuples(result); ++r) out.emplace_back(PQgetvalue(result, r, 0));
  PQclear(result);
  PQfinish(conn);
  return out;
}

std::string ValidReport() {
  return std::string(R"({"force":"met","reference":"CAD-PG-1",)") +
         R"("occurred_at":"2026-05-01T21:30:00+01:00","summary":")" + kSummary +
         R"(","recorded_as":"harassment_s2","behaviours":["turning_up","following"],)" +
         R"("parties":[{"role":"victim","person":{"given_name":"Zelda",)" +
         R"("family_name":"Quackenbush","dob":"1990-04-02","phones":["07700 900111"]}}]})";
}

TEST(PostgresServerTest, DemoServesReportsFromPostgresAndTheyOutliveTheProcess) {
  std::string url;
  try {
    auto& server = PostgresServer::Shared();
    url = server.Url(server.CreateDatabase());
  } catch (const std::exception& e) {
    FAIL() << e.what();
  }
  testing::TempDir dir;
  testing::UseDemoLoginsInTests();
  ::setenv("THREADLINE_KEYS", kKeys, 1);

  std::string report_id;
  {
    Running demo(dir, "demo", url, {"--reports", "400"});
    HttpClient client(demo.port());
    const Reply ready = client.Get("/readyz");
    ASSERT_EQ(ready.status, 200U) << ready.body << demo.Log();
    testing::SignIn(client, "officer");
    const Reply created = client.Post("/api/v1/reports", ValidReport());
    ASSERT_EQ(created.status, 201U) << created.body << demo.Log();
    report_id = std::string(created.Json().at("id").as_string());
    const Reply read = client.Get("/api/v1/reports/" + report_id);
    ASSERT_EQ(read.status, 200U) << read.body;
    EXPECT_EQ(read.Json().at("summary").as_string(), kSummary);
    EXPECT_EQ(demo.Stop(), 0) << demo.Log();
  }

  // In PostgreSQL itself: the report, sealed; the demo's synthetic reports,
  // users and cases; the audit trail of what was just done.
  EXPECT_EQ(Column(url, "SELECT id FROM reports WHERE reference = 'CAD-PG-1'"),
            std::vector<std::string>{report_id});
  EXPECT_GT(std::stoi(Column(url, "SELECT count(*) FROM reports").at(0)), 100);
  const auto summary = Column(url, "SELECT summary FROM reports WHERE id = '" + report_id + "'");
  ASSERT_EQ(summary.size(), 1U);
  EXPECT_EQ(summary[0].find("Waited"), std::string::npos) << "stored in plain text";
  EXPECT_GT(std::stoi(Column(url, "SELECT count(*) FROM users").at(0)), 1);
  EXPECT_GT(std::stoi(Column(url, "SELECT count(*) FROM cases").at(0)), 0);
  EXPECT_GT(
      std::stoi(Column(url, "SELECT count(*) FROM audit_log WHERE record_id = '" + report_id + "'")
                    .at(0)),
      0);

  // A new process on the same database: the report is there.
  Running serve(dir, "serve", url);
  HttpClient client(serve.port());
  testing::SignIn(client, "officer");
  const Reply again = client.Get("/api/v1/reports/" + report_id);
  ASSERT_EQ(again.status, 200U) << again.body << serve.Log();
  EXPECT_EQ(again.Json().at("reference").as_string(), "CAD-PG-1");
  EXPECT_EQ(serve.Stop(), 0) << serve.Log();
}

// Without a key configured, a PostgreSQL URL is a clear refusal rather than
// a key file invented somewhere.
TEST(PostgresServerTest, APostgresDatabaseWithoutKeysIsAClearError) {
  std::string url;
  try {
    auto& server = PostgresServer::Shared();
    url = server.Url(server.CreateDatabase());
  } catch (const std::exception& e) {
    FAIL() << e.what();
  }
  testing::TempDir dir;
  ::unsetenv("THREADLINE_KEYS");
  ::unsetenv("THREADLINE_KEY_FILE");
  const auto run = testing::RunThreadline({"serve", "--db", url, "--listen", "127.0.0.1:0"},
                                          dir.File("serve.log"), std::chrono::seconds(60));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("PostgreSQL database needs its field-encryption keys"),
            std::string::npos)
      << run.output;
}

[[maybe_unused]] ::testing::Environment* const kPostgres =
    ::testing::AddGlobalTestEnvironment(new testing::PostgresEnvironment);

}  // namespace
}  // namespace threadline
