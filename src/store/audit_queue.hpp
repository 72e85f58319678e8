#pragma once
// Read-audit entries written behind the answer, around any Store.
//
// A read appends its audit entry here and is answered as soon as the entry
// is queued. One writer thread takes everything waiting and makes it durable
// in one call of the store below (Store::StageReadAudit), in order. On
// PostgreSQL that appends the entries to the chained log at once; SQLite
// stages them in a file of their own and merges them into the log in large
// transactions (sqlite/read_audit_staging.hpp says why), where they are
// chained exactly as any other append. Writes (state changes) are not
// queued: their entries stay inside their own transactions.
//
// What this keeps, and what it gives up (docs/security.md, "What access
// control and audit cost"):
//  - every read still appends one entry, and is answered only once the
//    entry is queued;
//  - the writer starts on the waiting entries once a batch is full or a
//    few milliseconds after the first (AuditQueueOptions::gather), so a
//    power cut loses at most the reads queued or being written: a few
//    milliseconds of them (stats() measures it);
//  - fail closed: once a batch cannot be written, every read is refused with
//    kUnavailable until a retry of that same batch succeeds. The batch is
//    kept and retried, never dropped. (On SQLite a batch is written once it
//    is staged; a log that cannot take merged entries makes staging fail,
//    and so reads stop, once SqliteOptions::audit_max_staged are waiting);
//  - bounded: when the queue is full, readers wait for room (back-pressure);
//    nothing is dropped;
//  - FlushAudit() returns once everything queued before it is durable and
//    in the chained log, so whoever reads the audit log calls it first;
//    destruction drains the queue before the store below closes (which, on
//    SQLite, merges what is staged).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/audit_ring.hpp"
#include "store/store.hpp"

namespace threadline::store {

// The two sizes bound what a power cut can lose: at most `capacity`
// entries waiting plus `max_batch` being written. Larger batches (4,096, with
// a 20 ms gather) made no difference that could be measured, so both stay
// small enough that, even with readers outpacing the writer, that is well
// under a second of reads.
struct AuditQueueOptions {
  size_t capacity = 1024;  // entries waiting at most; beyond it readers wait
  size_t max_batch = 512;  // entries in one transaction
  // How long the writer lets entries gather before it writes fewer than a
  // full batch: a batch's entries share one commit (and, on PostgreSQL,
  // index pages), which halves an entry's cost. A flush never waits for it.
  std::chrono::milliseconds gather{5};
  std::chrono::milliseconds retry_interval{200};  // between attempts after a failure
  // Told of each failure and of the recovery: counts and the store's error,
  // never an entry's content. Nothing is logged when empty.
  std::function<void(const std::string&)> log;
};

struct AuditQueueStats {
  int64_t entries_written = 0;
  int64_t batches_written = 0;
  int64_t failed_attempts = 0;
  size_t largest_batch = 0;
  // The longest an entry waited, from being queued to being durable: what
  // a power cut at the worst moment would have lost, in time.
  std::chrono::microseconds longest_wait{0};
  // Time spent writing batches, and the writer thread's CPU time in it: the
  // cost of the audit that the readers no longer wait for.
  std::chrono::microseconds writing{0};
  std::chrono::microseconds writing_cpu{0};
};

class AuditQueueStore final : public Store {
 public:
  AuditQueueStore(std::unique_ptr<Store> inner, AuditQueueOptions options);
  // Writes what is still queued, then stops the writer.
  ~AuditQueueStore() override;
  AuditQueueStore(const AuditQueueStore&) = delete;
  AuditQueueStore& operator=(const AuditQueueStore&) = delete;

  Status Read(const std::function<Status(ReadTx&)>& fn) override { return inner_->Read(fn); }
  Status Write(const std::function<Status(WriteTx&)>& fn) override { return inner_->Write(fn); }
  Status AppendReadAudit(std::vector<domain::AuditEntry> entries) override;
  Status AppendReadAuditEntry(const ReadAuditEntry& entry) override;
  Status FlushAudit() override;
  // Returns once everything queued before the call is durable in the store
  // below (its StageReadAudit), without asking it to bring staged entries
  // into the log: FlushAudit() is this, then the store's own FlushAudit().
  Status Drain();
  Status StageReadAudit(const std::vector<domain::AuditEntry>& entries) override {
    return inner_->StageReadAudit(entries);
  }
  Status Ping() override { return inner_->Ping(); }
  std::string_view backend() const override { return inner_->backend(); }

  AuditQueueStats stats() const;

 private:
  void Run();
  // Waits for room for `count` entries, then queues them (`push`) and wakes
  // the writer when it waits for them.
  template <typename PushFn>
  Status Enqueue(size_t count, PushFn&& push);
  void Log(const std::string& line) const;

  std::unique_ptr<Store> inner_;
  const AuditQueueOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable work_cv_;   // the writer: entries waiting, retry asked, stop
  std::condition_variable space_cv_;  // readers: room in the queue, or a failure
  std::condition_variable done_cv_;   // flushers: a batch written or failed
  AuditRing queue_;
  int64_t queued_ = 0;        // entries ever queued
  int64_t written_ = 0;       // entries ever made durable (a prefix of those queued)
  int64_t failures_ = 0;      // failed attempts
  int flush_waiting_ = 0;     // callers of FlushAudit waiting: no gathering
  bool failed_ = false;       // the last attempt failed: reads are refused
  bool retry_now_ = false;    // a flush asks for an attempt before the interval ends
  bool stopping_ = false;     // destruction has begun: no more entries
  bool writer_done_ = false;  // the writer has returned
  AuditQueueStats stats_;
  std::thread writer_;  // last: started once everything above exists
};

// Wraps `inner` so that reads' audit entries are queued and written behind
// the answer (see above).
std::unique_ptr<AuditQueueStore> QueueReadAudit(std::unique_ptr<Store> inner,
                                                AuditQueueOptions options = {});

}  // namespace threadline::store
