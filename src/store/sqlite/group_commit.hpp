#pragma once
// Group commit for the single SQLite writer.
//
// Write() calls queue up; the committer's own thread runs every queued
// callback, up to a batch, in ONE transaction, each inside its own
// SAVEPOINT, then commits once. A callback that fails is rolled back to its
// savepoint without touching the others. Every caller returns only after
// the COMMIT that holds its writes is durable, so the Store contract
// (atomic, durable, all-or-nothing per Write) is unchanged while one fsync
// serves many requests.
//
// A caller on a fiber (domain/awaiter.hpp) is set aside while its write
// waits, so a few threads can keep many writes in flight; any other caller
// blocks until its write is done. Callbacks run on the committer's thread.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "domain/awaiter.hpp"
#include "store/sqlite/db.hpp"
#include "store/store.hpp"

namespace threadline::store::sqlite {

class GroupCommitter {
 public:
  // `max_batch` bounds how many callbacks share one transaction (latency).
  GroupCommitter(Connection& writer, size_t max_batch);
  // Runs what is queued, then stops the thread.
  ~GroupCommitter();
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Waits through `awaiter` when given (the caller's fiber is set aside),
  // else blocks the calling thread.
  Status Write(const std::function<Status(WriteTx&)>& fn, Awaiter* awaiter);

 private:
  struct Pending {
    const std::function<Status(WriteTx&)>* fn;
    Status result;
    Awaiter::Resume resume;  // tells the caller its write is done
  };

  void Run();
  void RunBatch(std::deque<Pending*>& batch);
  void Enqueue(Pending* p);

  Connection& writer_;
  size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable work_cv_;
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once the rest is ready
};

}  // namespace threadline::store::sqlite
