#pragma once
// Group commit for the single SQLite writer.
//
// Concurrent Write() calls queue up; whichever caller finds no batch running
// becomes the leader and runs every queued callback in ONE transaction, each
// inside its own SAVEPOINT, then commits once. A callback that fails is
// rolled back to its savepoint without touching the others. Every caller
// returns only after the COMMIT that holds its writes is durable, so the
// Store contract (atomic, durable, all-or-nothing per Write) is unchanged
// while one fsync serves many requests.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

#include "store/sqlite/db.hpp"
#include "store/store.hpp"

namespace threadline::store::sqlite {

class GroupCommitter {
 public:
  // `max_batch` bounds how many callbacks share one transaction (latency).
  GroupCommitter(Connection& writer, size_t max_batch) : writer_(writer), max_batch_(max_batch) {}

  Status Write(const std::function<Status(WriteTx&)>& fn);

 private:
  struct Pending {
    const std::function<Status(WriteTx&)>* fn;
    Status result;
    bool done = false;
    std::condition_variable wake;  // when done, or when it may lead a batch
  };

  void RunBatch(std::deque<Pending*>& batch);

  Connection& writer_;
  size_t max_batch_;
  std::mutex mutex_;
  std::deque<Pending*> queue_;
  bool leader_active_ = false;
};

}  // namespace threadline::store::sqlite
