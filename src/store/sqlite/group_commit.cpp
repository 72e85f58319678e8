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
  Pending me{&fn, Status::Ok(), {}, nullptr, false};
  if (awaiter != nullptr) {
    // `me` lives on the fiber's stack, which stays put while it is set aside.
    awaiter->Await([&](Awaiter::Resume resume) {
      me.resume = std::move(resume);
      Enqueue(&me);
    });
    return me.result;
  }
  std::condition_variable done_cv;
  me.done_cv = &done_cv;
  Enqueue(&me);
  std::unique_lock lock(mutex_);
  done_cv.wait(lock, [&] { return me.done; });
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
    // A resumed caller may free its Pending at once: none is touched after
    // it is told.
    std::vector<Pending*> blocked;
    for (Pending* p : batch) {
      if (p->resume) {
        Awaiter::Resume resume = std::move(p->resume);
        resume();
      } else {
        blocked.push_back(p);
      }
    }
    lock.lock();
    // Each blocked caller is woken alone (waking every waiter at every
    // commit cost more than the commit's own work), under the lock, so it
    // cannot see itself done and free its condition variable first.
    for (Pending* p : blocked) {
      p->done = true;
      p->done_cv->notify_one();
    }
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
