#include "store/sqlite/group_commit.hpp"

#include <pthread.h>

#include "store/sqlite/sqlite_tx.hpp"

namespace threadline::store::sqlite {

GroupCommitter::GroupCommitter(Connection& writer, size_t max_batch)
    : writer_(writer), max_batch_(max_batch == 0 ? 1 : max_batch), thread_([this] { Run(); }) {}

GroupCommitter::~GroupCommitter() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_cv_.notify_one();
  thread_.join();
}

void GroupCommitter::Enqueue(Pending* p) {
  bool wake = false;
  {
    const std::lock_guard lock(mutex_);
    // The thread sleeps only with an empty queue; while it works through a
    // queue, a wake-up would cost a system call for nothing.
    wake = queue_.empty();
    queue_.push_back(p);
  }
  if (wake) work_cv_.notify_one();
}

Status GroupCommitter::Write(const std::function<Status(WriteTx&)>& fn, Awaiter* awaiter) {
  BlockingAwaiter blocking;
  // `me` lives on the caller's stack, which stays put while it waits.
  Pending me{&fn, Status::Ok(), {}};
  (awaiter != nullptr ? *awaiter : blocking).Await([&](Awaiter::Resume resume) {
    me.resume = std::move(resume);
    Enqueue(&me);
  });
  return me.result;
}

void GroupCommitter::Run() {
  ::pthread_setname_np(::pthread_self(), "sqlite-commit");
  std::unique_lock lock(mutex_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything is written
    std::deque<Pending*> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    RunBatch(batch);
    // Each caller is told alone, when its own write is done (waking every
    // waiter at every commit cost more than the commit's own work). A
    // caller told may free its Pending at once, so the resume is moved out
    // first.
    for (Pending* p : batch) {
      Awaiter::Resume resume = std::move(p->resume);
      resume();
    }
    lock.lock();
  }
}

void GroupCommitter::RunBatch(std::deque<Pending*>& batch) {
  auto fail_all = [&](const Status& s) {
    for (Pending* p : batch) {
      if (p->result.ok()) p->result = s;
    }
  };
  if (Status s = writer_.Run(tx_sql::kBeginImmediate); !s.ok()) return fail_all(s);
  SqliteTx tx(writer_);
  for (Pending* p : batch) {
    if (Status s = writer_.Run(tx_sql::kSavepoint); !s.ok()) {
      p->result = s;
      continue;
    }
    p->result = CallGuarded([&] { return (*p->fn)(tx); });
    writer_.ResetAll();
    if (p->result.ok()) {
      if (Status s = writer_.Run(tx_sql::kRelease); !s.ok()) p->result = s;
      continue;
    }
    if (sqlite3_get_autocommit(writer_.raw()) != 0) {
      // SQLite abandoned the whole transaction (I/O error, disk full): every
      // callback of the batch is lost with it.
      fail_all(Unavailable("the transaction was aborted by the database"));
      return;
    }
    (void)writer_.Run(tx_sql::kRollbackTo);
    (void)writer_.Run(tx_sql::kRelease);
  }
  if (Status s = writer_.Run(tx_sql::kCommit); !s.ok()) {
    (void)writer_.Run(tx_sql::kRollback);
    fail_all(s);
  }
}

}  // namespace threadline::store::sqlite
