// Group commit (group_commit.hpp) when more writes queue than one batch
// takes: every write still runs exactly once and its caller returns, each
// failure stays its own, and the writes share commits; a caller with an
// awaiter is told through it, from the committer's thread.
#include "store/sqlite/group_commit.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "../../../tests/support/temp_dir.hpp"

namespace threadline::store::sqlite {
namespace {

constexpr Sql kInsert{"test.insert", "INSERT INTO t (x) VALUES (?1)"};
constexpr Sql kCount{"test.count", "SELECT count(*), count(DISTINCT x) FROM t"};

// A table of one column, written through a committer whose batches hold
// two writes, so writes queue behind full batches.
class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Connection::Open(dir_.File("t.db"), false);
    ASSERT_TRUE(opened.ok()) << opened.error().log_detail;
    conn_ = std::move(*opened);
    ASSERT_TRUE(conn_->Exec("CREATE TABLE t (x TEXT NOT NULL) STRICT", "create").ok());
    committer_ = std::make_unique<GroupCommitter>(*conn_, 2);
  }

  testing::TempDir dir_;
  std::unique_ptr<Connection> conn_;
  std::unique_ptr<GroupCommitter> committer_;
};

// Stands in for a fiber: hands the write over, then blocks until it is
// resumed, and notes which thread resumed it.
class RecordingAwaiter final : public Awaiter {
 public:
  void Await(const std::function<void(Resume)>& start) override {
    ++awaits;
    std::promise<pid_t> resumed;
    auto by = resumed.get_future();
    start([&resumed] { resumed.set_value(::gettid()); });
    resumed_by = by.get();
  }

  int awaits = 0;
  pid_t resumed_by = 0;
};

TEST_F(GroupCommitTest, EveryWriteRunsOnceWhenMoreQueueThanABatchTakes) {
  Connection& conn = *conn_;
  GroupCommitter& committer = *committer_;
  int commits = 0;
  sqlite3_commit_hook(
      conn.raw(), [](void* n) { return ++*static_cast<int*>(n), 0; }, &commits);

  constexpr int kThreads = 8;
  constexpr int kWrites = 60;
  std::atomic<int> committed{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        const bool fail = i % 4 == 0;
        const Status s = committer.Write(
            [&](WriteTx&) -> Status {
              auto stmt = conn.Prepare(kInsert);
              if (!stmt.ok()) return stmt.error();
              (*stmt)->Bind(1, std::to_string(t) + "-" + std::to_string(i));
              if (Status r = (*stmt)->Run(); !r.ok()) return r;
              return fail ? Conflict("refused by the test") : Status::Ok();
            },
            nullptr);
        (s.ok() ? committed : refused)++;
      }
    });
  }
  for (auto& t : threads) t.join();

  EXPECT_EQ(committed.load(), kThreads * kWrites * 3 / 4);
  EXPECT_EQ(refused.load(), kThreads * kWrites / 4);
  auto count = conn.Prepare(kCount);
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE((*count)->Step());
  EXPECT_EQ((*count)->Int(0), committed.load());  // refused writes left nothing
  EXPECT_EQ((*count)->Int(1), committed.load());  // and none ran twice
  conn.ResetAll();
  EXPECT_LT(commits, kThreads * kWrites);  // some writes shared a commit
}

// Writes that queued behind a running batch are committed once it ends,
// even when the caller whose write held it has nothing more to write.
TEST_F(GroupCommitTest, WritesQueuedBehindABatchAreCommittedOnceItEnds) {
  GroupCommitter& committer = *committer_;

  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto first = std::async(std::launch::async, [&] {
    return committer.Write(
        [&](WriteTx&) {
          released.wait();  // holds the batch open while the others queue
          return Status::Ok();
        },
        nullptr);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  constexpr int kQueued = 5;  // more than two batches' worth
  std::vector<std::future<Status>> queued;
  queued.reserve(kQueued);
  for (int i = 0; i < kQueued; ++i) {
    queued.push_back(std::async(std::launch::async, [&] {
      return committer.Write([](WriteTx&) { return Status::Ok(); }, nullptr);
    }));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  release.set_value();
  ASSERT_TRUE(first.get().ok());
  for (auto& q : queued) {
    ASSERT_EQ(q.wait_for(std::chrono::seconds(10)), std::future_status::ready)
        << "a queued write was never committed";
    EXPECT_TRUE(q.get().ok());
  }
}

// A write whose callback throws fails alone, its rows rolled back, and the
// committer goes on: the writes after it still commit.
TEST_F(GroupCommitTest, AWriteThatThrowsFailsAloneAndLaterWritesStillCommit) {
  Connection& conn = *conn_;
  GroupCommitter& committer = *committer_;
  const auto insert = [&](const std::string& x) -> Status {
    auto stmt = conn.Prepare(kInsert);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, x);
    return (*stmt)->Run();
  };
  const Status thrown = committer.Write(
      [&](WriteTx&) -> Status {
        if (Status s = insert("from the write that throws"); !s.ok()) return s;
        throw std::runtime_error("a callback that throws");
      },
      nullptr);
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.error().code, ErrorCode::kInternal);
  EXPECT_NE(thrown.error().log_detail.find("a callback that throws"), std::string::npos);

  auto later = std::async(std::launch::async, [&] {
    return committer.Write([&](WriteTx&) { return insert("after"); }, nullptr);
  });
  ASSERT_EQ(later.wait_for(std::chrono::seconds(10)), std::future_status::ready)
      << "the committer stopped";
  EXPECT_TRUE(later.get().ok());
  auto count = conn.Prepare(kCount);
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE((*count)->Step());
  EXPECT_EQ((*count)->Int(0), 1);  // only the later write's row
  conn.ResetAll();
}

// A write through an awaiter runs on the committer's thread, which tells
// the awaiter, once, after the commit; its result comes back either way.
TEST_F(GroupCommitTest, AWriteThroughAnAwaiterIsResumedByTheCommitterWithItsResult) {
  Connection& conn = *conn_;
  RecordingAwaiter awaiter;
  pid_t ran_on = 0;
  const Status written = committer_->Write(
      [&](WriteTx&) -> Status {
        ran_on = ::gettid();
        auto stmt = conn.Prepare(kInsert);
        if (!stmt.ok()) return stmt.error();
        (*stmt)->Bind(1, "awaited");
        return (*stmt)->Run();
      },
      &awaiter);
  ASSERT_TRUE(written.ok()) << written.error().log_detail;
  EXPECT_EQ(awaiter.awaits, 1);
  EXPECT_NE(ran_on, ::gettid());          // not on the caller's thread
  EXPECT_EQ(awaiter.resumed_by, ran_on);  // resumed by the thread that wrote

  const Status refused = committer_->Write(
      [&](WriteTx&) -> Status { return Conflict("refused by the test"); }, &awaiter);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(awaiter.awaits, 2);

  auto count = conn.Prepare(kCount);
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE((*count)->Step());
  EXPECT_EQ((*count)->Int(0), 1);  // the refused write left nothing
  conn.ResetAll();
}

// Awaited and blocked writes queued behind one batch share the next commit.
TEST_F(GroupCommitTest, AwaitedAndBlockedWritesShareACommit) {
  int commits = 0;
  sqlite3_commit_hook(
      conn_->raw(), [](void* n) { return ++*static_cast<int*>(n), 0; }, &commits);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto first = std::async(std::launch::async, [&] {
    return committer_->Write(
        [&](WriteTx&) {
          released.wait();  // holds the batch open while the others queue
          return Status::Ok();
        },
        nullptr);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  RecordingAwaiter awaiter;
  auto awaited = std::async(std::launch::async, [&] {
    return committer_->Write([](WriteTx&) { return Status::Ok(); }, &awaiter);
  });
  auto blocked = std::async(std::launch::async, [&] {
    return committer_->Write([](WriteTx&) { return Status::Ok(); }, nullptr);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  release.set_value();
  ASSERT_TRUE(first.get().ok());
  ASSERT_EQ(awaited.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  ASSERT_EQ(blocked.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_TRUE(awaited.get().ok());
  EXPECT_TRUE(blocked.get().ok());
  EXPECT_EQ(commits, 2);  // the held batch, then one for both
  EXPECT_EQ(awaiter.awaits, 1);
}

}  // namespace
}  // namespace threadline::store::sqlite
