#pragma once
// A test fixture with one real `threadline serve` for the whole suite, and a
// way to count rows in its database file directly (to prove that a refused
// request stored nothing).

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "server_process.hpp"
#include "sign_in.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::testing {

class SharedServerTest : public ::testing::Test {
 protected:
  // A demo server without synthetic data (unless `extra_flags` asks for
  // `--reports N`): the demo logins (one per role, at the Met and partner
  // agencies) and the demo sharing agreements.
  static void SetUpTestSuite() { StartDemoServer({}); }

  static void StartDemoServer(std::vector<std::string> extra_flags) {
    UseDemoLoginsInTests();
    dir_ = new TempDir();
    if (std::find(extra_flags.begin(), extra_flags.end(), "--reports") == extra_flags.end()) {
      extra_flags.insert(extra_flags.begin(), {"--reports", "0"});
    }
    server_ = new ServerProcess(*dir_, extra_flags, "demo");
    sessions_ = new std::map<std::string, Session>();
  }

  // Forgets the cached session of `username` (after it was ended).
  static void Forget(const std::string& username) { sessions_->erase(username); }

  // Makes `client` act as `username`: signs in once per suite (the
  // administrator's second-factor code cannot be replayed) and reuses the
  // session after that.
  static void As(HttpClient& client, const std::string& username) {
    auto it = sessions_->find(username);
    if (it == sessions_->end()) {
      it = sessions_->emplace(username, SignIn(client, username)).first;
    }
    client.SetDefaultHeader("Cookie", it->second.cookie);
    client.SetDefaultHeader("X-CSRF-Token", it->second.csrf);
  }

  // Creates (once) an officer of another force through the admin API and
  // signs `client` in as them.
  static void AsOfficerOf(HttpClient& client, const std::string& force) {
    const std::string username = "officer-" + force;
    if (!sessions_->contains(username)) {
      HttpClient admin(server_->port());
      As(admin, "admin");
      const Reply created = admin.Post("/api/v1/users", R"({"username":")" + username +
                                                            R"(","display_name":"Test officer",)"
                                                            R"("role":"officer","agency":")" +
                                                            force + R"(","password":")" +
                                                            std::string(kDemoPassword) + R"("})");
      EXPECT_EQ(created.status, 201u) << created.body;
      sessions_->emplace(username, SignIn(client, username));
    }
    As(client, username);
  }

  static void TearDownTestSuite() {
    delete sessions_;
    sessions_ = nullptr;
    delete server_;
    delete dir_;
    server_ = nullptr;
    dir_ = nullptr;
  }

  // Makes the server write the audit entries of the reads it has answered,
  // which it queues and writes behind the answer: /readyz flushes them.
  static void FlushServerAudit() {
    HttpClient client(server_->port());
    EXPECT_EQ(client.Get("/readyz").status, 200u) << "the server's audit log is not written";
  }

  // Rows in `table` of the server's database, read through its own file
  // (every read answered so far audited).
  static int64_t Count(store::Table table) {
    FlushServerAudit();
    store::SqliteOptions options{server_->db()};
    options.apply_migrations = false;
    auto s = store::OpenSqlite(options);
    int64_t n = -1;
    EXPECT_TRUE((*s)->Read([&](store::ReadTx& tx) {
                      auto c = tx.Count(table);
                      n = c.ok() ? *c : -1;
                      return c.status();
                    })
                    .ok());
    return n;
  }

  static inline TempDir* dir_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
  static inline std::map<std::string, Session>* sessions_ = nullptr;
};

}  // namespace threadline::testing
