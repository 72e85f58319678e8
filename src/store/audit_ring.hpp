#pragma once
// The read-audit queue's storage: entries first in, first out, in slots
// whose strings keep their buffers.
//
// Why not a deque: every read queues one entry on the reader's thread and
// the writer's thread frees it after writing. With a deque that is one
// allocation per entry and per string, each freed by another thread than
// the one that made it, which defeats the allocator's per-thread caches and
// showed as most of what the queue cost a reader. Here a queued entry is
// copied into a slot's existing buffers, and taken out by swapping with an
// entry the taker has finished with, so once warm nothing is allocated or
// freed on either side.
//
// Not synchronised: the queue calls it under its own lock.

#include <chrono>
#include <cstddef>
#include <vector>

#include "domain/records.hpp"
#include "store/store.hpp"

namespace threadline::store {

class AuditRing {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit AuditRing(size_t initial_slots);

  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // When the oldest entry was queued; only when not empty.
  TimePoint front_queued() const { return slots_[head_].queued; }

  // Copies `entry` in as the newest, growing when every slot is taken.
  void Push(const domain::AuditEntry& entry, TimePoint queued);
  // The same for an entry given as views (its seq 0, its hash empty).
  void Push(const ReadAuditEntry& entry, TimePoint queued);

  // Moves the oldest `n` (at most size()) entries to the back of `out`, in
  // order. Each leaving slot keeps the buffers of an entry taken from the
  // back of `spare` (entries already written, whose content no longer
  // matters), when there is one.
  void PopInto(size_t n, std::vector<domain::AuditEntry>& out,
               std::vector<domain::AuditEntry>& spare);

 private:
  struct Slot {
    domain::AuditEntry entry;
    TimePoint queued;
  };

  void Grow();
  Slot& Next();

  std::vector<Slot> slots_;
  size_t head_ = 0;   // the oldest entry's slot
  size_t count_ = 0;  // entries queued
};

}  // namespace threadline::store
