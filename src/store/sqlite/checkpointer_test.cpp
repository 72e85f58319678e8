// The background checkpointer (checkpointer.hpp): the log is copied into the
// database file on its thread, the writer finishes the job only when the log
// has run on, a reader holding the log back does not make every commit copy,
// and SQLite's own checkpoints come back when it stops.
#include "store/sqlite/checkpointer.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "../../../tests/support/temp_dir.hpp"

namespace threadline::store::sqlite {
namespace {

constexpr Sql kInsert{"test.insert", "INSERT INTO t (x) VALUES (zeroblob(?1))"};
constexpr int kPage = 4096;
constexpr int kThreshold = 16;  // pages

class CheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Connection::Open(path_, false);
    ASSERT_TRUE(opened.ok()) << opened.error().log_detail;
    writer_ = std::move(*opened);
    ASSERT_TRUE(writer_->Exec("CREATE TABLE t (x BLOB NOT NULL) STRICT", "create").ok());
    // Everything so far into the file, so what follows is measured from here.
    ASSERT_EQ(sqlite3_wal_checkpoint_v2(writer_->raw(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                        nullptr, nullptr),
              SQLITE_OK);
    empty_size_ = FileSize();
  }

  // One transaction adding about `pages` pages.
  void WritePages(int pages) {
    ASSERT_TRUE(writer_->Run(tx_sql::kBeginImmediate).ok());
    for (int i = 0; i < pages; ++i) {
      auto insert = writer_->Prepare(kInsert);
      ASSERT_TRUE(insert.ok());
      (*insert)->Bind(1, int64_t{kPage - 200});
      ASSERT_TRUE((*insert)->Run().ok());
    }
    ASSERT_TRUE(writer_->Run(tx_sql::kCommit).ok());
  }

  // The database file itself, not the log: what checkpoints have copied.
  int64_t FileSize() const { return static_cast<int64_t>(std::filesystem::file_size(path_)); }
  int64_t PagesCopied() const { return (FileSize() - empty_size_) / kPage; }

  testing::TempDir dir_;
  std::string path_ = dir_.File("t.db");
  std::unique_ptr<Connection> writer_;
  int64_t empty_size_ = 0;
};

TEST_F(CheckpointerTest, ALogOverTheThresholdIsCopiedOnTheThreadNotInTheCommit) {
  auto started = Checkpointer::Start(*writer_, path_, kThreshold);
  ASSERT_TRUE(started.ok()) << started.error().log_detail;
  Checkpointer& checkpointer = **started;

  WritePages(kThreshold / 2);
  checkpointer.WaitIdle();
  EXPECT_EQ(checkpointer.background_runs(), 0) << "under the threshold nothing is asked for";
  EXPECT_EQ(PagesCopied(), 0);

  WritePages(kThreshold + 2);
  checkpointer.WaitIdle();
  EXPECT_GE(checkpointer.background_runs(), 1);
  EXPECT_EQ(checkpointer.catch_up_runs(), 0) << "the writer had no need to copy";
  EXPECT_GE(PagesCopied(), kThreshold) << "the rows are in the database file";
}

TEST_F(CheckpointerTest, TheWriterCopiesWhatIsLeftOnceTheLogHasRunOnToTwiceTheThreshold) {
  auto started = Checkpointer::Start(*writer_, path_, kThreshold);
  ASSERT_TRUE(started.ok());
  Checkpointer& checkpointer = **started;

  // One commit takes the log past twice the threshold: the writer copies it
  // before the commit returns, without waiting for the thread.
  WritePages(3 * kThreshold);
  EXPECT_EQ(checkpointer.catch_up_runs(), 1);
  EXPECT_GE(PagesCopied(), 3 * kThreshold);
  checkpointer.WaitIdle();
}

TEST_F(CheckpointerTest, AReaderHoldingTheLogBackDoesNotMakeEveryCommitCopy) {
  auto started = Checkpointer::Start(*writer_, path_, kThreshold);
  ASSERT_TRUE(started.ok());
  Checkpointer& checkpointer = **started;
  WritePages(1);

  // A reader in the middle of a read keeps its snapshot, so no checkpoint can
  // copy past it and the log only grows.
  auto reader = Connection::Open(path_, true);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE((*reader)->Exec("BEGIN; SELECT count(*) FROM t;", "hold").ok());

  constexpr int kCommits = 40;
  for (int i = 0; i < kCommits; ++i) WritePages(2);
  checkpointer.WaitIdle();
  // Over a hundred frames past a threshold of 16: a copy every threshold's worth,
  // not one per commit.
  EXPECT_GE(checkpointer.catch_up_runs(), 1);
  EXPECT_LE(checkpointer.catch_up_runs(), kCommits / 3);
  EXPECT_LT(PagesCopied(), kCommits) << "the reader's snapshot holds the new pages back";

  ASSERT_TRUE((*reader)->Exec("COMMIT", "release").ok());
  WritePages(kThreshold);
  checkpointer.WaitIdle();
  EXPECT_GE(PagesCopied(), kCommits * 2) << "once the reader lets go the log is copied";
}

TEST_F(CheckpointerTest, SqlitesOwnCheckpointsComeBackWhenItStops) {
  {
    auto started = Checkpointer::Start(*writer_, path_, kThreshold);
    ASSERT_TRUE(started.ok());
  }
  // No thread now: the commit over the threshold copies the log itself.
  WritePages(kThreshold + 2);
  EXPECT_GE(PagesCopied(), kThreshold);
}

TEST_F(CheckpointerTest, AThresholdOfNoPagesIsRefused) {
  auto started = Checkpointer::Start(*writer_, path_, 0);
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace threadline::store::sqlite
