#include "store/sqlite/group_commit.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace threadline::store::sqlite {

Status GroupCommitter::Write(const std::function<Status(WriteTx&)>& fn) {
  Pending me{&fn, Status::Ok(), false, {}};
  std::unique_lock lock(mutex_);
  queue_.push_back(&me);
  while (true) {
    me.wake.wait(lock, [&] { return me.done || !leader_active_; });
    if (me.done) return me.result;
    // No batch is running: this write leads one, itself included unless
    // more than a batch queued ahead of it (then it leads again).
    leader_active_ = true;
    std::deque<Pending*> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    RunBatch(batch);
    lock.lock();
    leader_active_ = false;
    // Each waiter is woken alone, when its own write is done, and the first
    // write queued meanwhile is woken to lead the next batch: waking every
    // waiter at every commit cost more than the commit's own work.
    for (Pending* p : batch) {
      p->done = true;
      if (p != &me) p->wake.notify_one();
    }
    if (!queue_.empty()) queue_.front()->wake.notify_one();
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
