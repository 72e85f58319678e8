// The SQLite layer's own promises: empty text is text, transaction control
// through cached statements, and the reset that ends a read snapshot.
#include "store/sqlite/db.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace threadline::store::sqlite {
namespace {

namespace fs = std::filesystem;

constexpr Sql kInsert{"test.insert", "INSERT INTO t (x) VALUES (?1)"};
constexpr Sql kCount{"test.count", "SELECT count(*) FROM t"};
constexpr Sql kTypeOf{"test.typeof", "SELECT typeof(x) FROM t"};
constexpr Sql kAll{"test.all", "SELECT x FROM t"};

class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("threadline-db-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto w = Connection::Open((dir_ / "t.db").string(), false);
    ASSERT_TRUE(w.ok()) << w.error().message;
    writer_ = std::move(*w);
    ASSERT_TRUE(writer_->Exec("CREATE TABLE t (x TEXT NOT NULL) STRICT", "create").ok());
  }
  void TearDown() override {
    writer_.reset();
    fs::remove_all(dir_);
  }

  int64_t Count(Connection& c) {
    auto s = c.Prepare(kCount);
    EXPECT_TRUE(s.ok());
    EXPECT_TRUE((*s)->Step());
    const int64_t n = (*s)->Int(0);
    (*s)->Reset();
    return n;
  }

  Status Insert(std::string_view x) {
    auto s = writer_->Prepare(kInsert);
    if (!s.ok()) return s.error();
    (*s)->Bind(1, x);
    return (*s)->Run();
  }

  fs::path dir_;
  std::unique_ptr<Connection> writer_;
};

constexpr Sql kMmapSize{"test.mmap_size", "PRAGMA mmap_size"};

TEST_F(DbTest, ReadersDoNotMapTheFileAndSeeEveryCommit) {
  // Every commit empties the readers' page caches, and a mapped reader would
  // also unmap the whole file: readers read their pages instead. What they
  // read must be current.
  auto r = Connection::Open((dir_ / "t.db").string(), true);
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto size = (*r)->Prepare(kMmapSize);
  ASSERT_TRUE(size.ok());
  ASSERT_TRUE((*size)->Step());
  EXPECT_EQ((*size)->Int(0), 0);
  (*size)->Reset();
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(Insert("row " + std::to_string(i)).ok());
    ASSERT_TRUE(writer_->Exec("PRAGMA wal_checkpoint(TRUNCATE)", "checkpoint").ok());
    EXPECT_EQ(Count(**r), i);
  }
}

TEST_F(DbTest, AnEmptyViewIsBoundAsEmptyTextNotNull) {
  // A default std::string_view points nowhere; SQLite would take it as NULL
  // and a NOT NULL column would refuse the row.
  ASSERT_TRUE(Insert(std::string_view()).ok());
  auto s = writer_->Prepare(kTypeOf);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE((*s)->Step());
  EXPECT_EQ((*s)->Text(0), "text");
}

TEST_F(DbTest, TransactionControlRunsAsCachedStatementsAgainAndAgain) {
  for (int round = 0; round < 3; ++round) {
    ASSERT_TRUE(writer_->Run(tx_sql::kBegin).ok());
    ASSERT_TRUE(Insert("kept").ok());
    ASSERT_TRUE(writer_->Run(tx_sql::kCommit).ok());
    ASSERT_TRUE(writer_->Run(tx_sql::kBeginImmediate).ok());
    ASSERT_TRUE(Insert("dropped").ok());
    ASSERT_TRUE(writer_->Run(tx_sql::kRollback).ok());
  }
  EXPECT_EQ(Count(*writer_), 3);
  // A savepoint rolled back takes only its own rows.
  ASSERT_TRUE(writer_->Run(tx_sql::kBegin).ok());
  ASSERT_TRUE(Insert("outer").ok());
  ASSERT_TRUE(writer_->Run(tx_sql::kSavepoint).ok());
  ASSERT_TRUE(Insert("inner").ok());
  ASSERT_TRUE(writer_->Run(tx_sql::kRollbackTo).ok());
  ASSERT_TRUE(writer_->Run(tx_sql::kRelease).ok());
  ASSERT_TRUE(writer_->Run(tx_sql::kCommit).ok());
  EXPECT_EQ(Count(*writer_), 4);
  // COMMIT with no transaction open is an error, reported, not a crash.
  EXPECT_FALSE(writer_->Run(tx_sql::kCommit).ok());
}

TEST_F(DbTest, ResetAllEndsTheSnapshotOfAStatementLeftMidResult) {
  ASSERT_TRUE(Insert("a").ok());
  ASSERT_TRUE(Insert("b").ok());
  auto r = Connection::Open((dir_ / "t.db").string(), true);
  ASSERT_TRUE(r.ok());
  Connection& reader = **r;
  auto all = reader.Prepare(kAll);
  ASSERT_TRUE(all.ok());
  ASSERT_TRUE((*all)->Step());  // one row of two read: its snapshot stays open
  ASSERT_TRUE(Insert("c").ok());
  EXPECT_EQ(Count(reader), 2);  // still the snapshot the open statement holds
  reader.ResetAll();
  EXPECT_EQ(Count(reader), 3);
}

}  // namespace
}  // namespace threadline::store::sqlite
