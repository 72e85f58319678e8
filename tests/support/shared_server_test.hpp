#pragma once
// A test fixture with one real `threadline serve` for the whole suite, and a
// way to count rows in its database file directly (to prove that a refused
// request stored nothing).

#include <gtest/gtest.h>

#include "server_process.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::testing {

class SharedServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new ServerProcess(*dir_);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
    server_ = nullptr;
    dir_ = nullptr;
  }

  // Rows in `table` of the server's database, read through its own file.
  static int64_t Count(store::Table table) {
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
};

}  // namespace threadline::testing
