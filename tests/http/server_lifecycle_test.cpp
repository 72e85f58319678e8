// The server's bounds and its shutdown, observed from outside the process.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include "../support/http_client.hpp"
#include "../support/server_process.hpp"
#include "../support/sign_in.hpp"
#include "../support/sqlite_file.hpp"

namespace threadline {
namespace {

using testing::HttpClient;

TEST(ServerLifecycle, SigtermWithIdleConnectionsStopsCleanlyAndPromptly) {
  testing::TempDir dir;
  testing::ServerProcess server(dir);
  HttpClient idle(server.port());
  ASSERT_EQ(idle.Get("/healthz").status, 200U);  // keep-alive connection stays open
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(server.Stop(), 0);
  // Idle connections are closed at once rather than waited out.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_NE(server.Log().find("stopped cleanly"), std::string::npos);
}

TEST(ServerLifecycle, WritesSurviveARestart) {
  testing::TempDir dir;
  std::string id;
  {
    testing::UseDemoLoginsInTests();
    testing::ServerProcess server(dir, {"--reports", "0"}, "demo");
    HttpClient client(server.port());
    testing::SignIn(client, "officer");
    const auto created = client.Post("/api/v1/reports", R"({"force":"met",
        "occurred_at":"2026-01-01T10:00:00Z","parties":[{"role":"victim","person":{"given_name":"A"}}]})");
    ASSERT_EQ(created.status, 201U) << created.body;
    id = std::string(created.Json().at("id").as_string());
    EXPECT_EQ(server.Stop(), 0);
  }
  testing::ServerProcess again(dir);
  HttpClient client(again.port());
  testing::SignIn(client, "officer");
  EXPECT_EQ(client.Get("/api/v1/reports/" + id).status, 200U);
}

// Writes run on fibers set aside while their commit is made on a thread of
// its own: a shutdown in the middle of many must still answer each write it
// committed, and commit none it did not answer.
TEST(ServerLifecycle, WritesInFlightAtShutdownAreAnsweredAndKept) {
  testing::TempDir dir;
  testing::UseDemoLoginsInTests();
  testing::ServerProcess server(dir, {"--reports", "0"}, "demo");
  constexpr int kClients = 8;
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<HttpClient>(server.port()));
    testing::SignIn(*clients.back(), "officer");
  }
  std::set<std::string> seeded;
  for (const auto& row : testing::QueryFile(server.db(), "SELECT id FROM reports")) {
    seeded.insert(row.front());
  }
  std::atomic<int> answered{0};
  std::vector<std::vector<std::string>> created(kClients);
  std::vector<std::vector<unsigned>> refused(kClients);
  std::vector<std::thread> threads;
  threads.reserve(kClients);
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      while (true) {
        testing::Reply reply;
        try {
          reply = clients[i]->Post("/api/v1/reports", R"({"force":"met",
              "occurred_at":"2026-01-01T10:00:00Z","parties":[{"role":"victim","person":{"given_name":"A"}}]})");
        } catch (const std::exception&) {
          reply.status = 0;  // no longer listening
        }
        if (reply.status != 201U) {
          refused[i].push_back(reply.status);
          return;
        }
        created[i].push_back(std::string(reply.Json().at("id").as_string()));
        ++answered;
      }
    });
  }
  while (answered < 200) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(server.Stop(), 0);
  for (auto& t : threads) t.join();
  std::set<std::string> ids;
  for (int i = 0; i < kClients; ++i) {
    ids.insert(created[i].begin(), created[i].end());
    // Each client stops at its first write not taken: refused, never failed.
    ASSERT_EQ(refused[i].size(), 1U);
    EXPECT_EQ(refused[i].front(), 0U) << "a write in flight at shutdown was answered with an error";
  }
  const auto stored = testing::QueryFile(server.db(), "SELECT id FROM reports");
  std::set<std::string> kept;
  for (const auto& row : stored) {
    if (!seeded.contains(row.front())) kept.insert(row.front());
  }
  EXPECT_EQ(kept, ids);
}

TEST(ServerLifecycle, SlowClientsAreCutOffAfterTheRequestTimeout) {
  testing::TempDir dir;
  testing::ServerProcess server(dir, {"--request-timeout", "1"});
  HttpClient slow(server.port());
  const auto start = std::chrono::steady_clock::now();
  // Half a request line and then silence: the server must hang up.
  const auto reply = slow.Raw("GET /healthz HTTP/1.1\r\nHost: x\r\n");
  EXPECT_EQ(reply.status, 0U);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(ServerLifecycle, ConnectionsBeyondTheLimitGet503) {
  testing::TempDir dir;
  testing::ServerProcess server(dir, {"--max-connections", "2"});
  HttpClient a(server.port());
  HttpClient b(server.port());
  ASSERT_EQ(a.Get("/healthz").status, 200U);
  ASSERT_EQ(b.Get("/healthz").status, 200U);
  HttpClient c(server.port());
  const auto refused = c.Get("/healthz");
  EXPECT_EQ(refused.status, 503U);
  EXPECT_EQ(refused.Header("content-type"), "application/problem+json");
  a.Close();
  // Once a slot is free, a new client is served again.
  bool served = false;
  for (int i = 0; i < 50 && !served; ++i) {
    HttpClient d(server.port());
    served = d.Get("/healthz").status == 200U;
    if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(served);
}

// What `make run` does: a demo database with synthetic reports and one
// login per role, served until Ctrl-C.
TEST(ServerLifecycle, DemoFillsADatabaseAndPrintsTheLogins) {
  testing::TempDir dir;
  ::setenv("THREADLINE_DEMO_PASSWORD", "demo-password-for-tests", 1);
  ::setenv("THREADLINE_DEMO_PASSWORD_COST", "minimum", 1);
  testing::ServerProcess demo(dir, {"--reports", "60"}, "demo");
  ::unsetenv("THREADLINE_DEMO_PASSWORD");
  HttpClient client(demo.port());
  // Without signing in, nothing but the public pages.
  EXPECT_EQ(client.Get("/api/v1/reports?limit=5").status, 401U);
  testing::SignIn(client, "lead", "demo-password-for-tests");
  const auto page = client.Get("/api/v1/reports?limit=5");
  ASSERT_EQ(page.status, 200U);
  EXPECT_EQ(page.Json().at("items").as_array().size(), 5U);
  const std::string log = demo.Log();
  for (const char* login : {"officer", "lead", "clinician", "probation", "advocate", "prosecutor",
                            "analyst", "admin"}) {
    EXPECT_NE(log.find(std::string("  ") + login), std::string::npos) << login;
  }
  EXPECT_NE(log.find("demo-password-for-tests"), std::string::npos);
  EXPECT_EQ(demo.Stop(), 0);
}

TEST(ServerLifecycle, ABusyPortIsAClearError) {
  testing::TempDir dir;
  testing::ServerProcess first(dir);
  testing::TempDir other;
  try {
    testing::ServerProcess second(other, {"--listen", "127.0.0.1:" + std::to_string(first.port())});
    FAIL() << "a second server started on a busy port";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot listen"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace threadline
