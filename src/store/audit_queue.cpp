#include "store/audit_queue.hpp"

#include <pthread.h>
#include <time.h>

#include <algorithm>
#include <utility>

namespace threadline::store {
namespace {

using Clock = std::chrono::steady_clock;

// CPU time of the calling thread.
std::chrono::microseconds ThreadCpu() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return std::chrono::seconds(t.tv_sec) +
         std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::nanoseconds(t.tv_nsec));
}

Error Refused() { return Unavailable("reads are refused: the audit log cannot be written"); }

std::string Describe(const Error& error) {
  return error.log_detail.empty() ? error.message : error.message + ": " + error.log_detail;
}

}  // namespace

AuditQueueStore::AuditQueueStore(std::unique_ptr<Store> inner, AuditQueueOptions options)
    : inner_(std::move(inner)),
      options_(std::move(options)),
      queue_(options_.capacity),
      writer_([this] { Run(); }) {}

AuditQueueStore::~AuditQueueStore() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  space_cv_.notify_all();
  writer_.join();
}

template <typename PushFn>
Status AuditQueueStore::Enqueue(size_t count, PushFn&& push) {
  const auto now = Clock::now();
  std::unique_lock lock(mutex_);
  // A list larger than the whole queue goes in once the queue is empty.
  space_cv_.wait(lock, [&] {
    return failed_ || stopping_ || queue_.empty() || queue_.size() + count <= options_.capacity;
  });
  if (failed_ || stopping_) return Refused();
  const size_t before = queue_.size();
  push(now);
  queued_ += static_cast<int64_t>(count);
  // The writer waits for a first entry, then for a full batch: a wake-up
  // at any other moment would only put it back to sleep.
  const bool wake =
      before == 0 || (before < options_.max_batch && queue_.size() >= options_.max_batch);
  lock.unlock();
  if (wake) work_cv_.notify_one();
  return Status::Ok();
}

Status AuditQueueStore::AppendReadAudit(std::vector<domain::AuditEntry> entries) {
  if (entries.empty()) return Status::Ok();
  return Enqueue(entries.size(), [&](Clock::time_point now) {
    for (const auto& e : entries) queue_.Push(e, now);
  });
}

Status AuditQueueStore::AppendReadAuditEntry(const ReadAuditEntry& entry) {
  return Enqueue(1, [&](Clock::time_point now) { queue_.Push(entry, now); });
}

Status AuditQueueStore::FlushAudit() {
  if (Status s = Drain(); !s.ok()) return s;
  return inner_->FlushAudit();
}

Status AuditQueueStore::Drain() {
  std::unique_lock lock(mutex_);
  const int64_t target = queued_;
  const int64_t failures_before = failures_;
  ++flush_waiting_;
  work_cv_.notify_one();
  if (failed_) {
    // Try again now rather than at the end of the retry interval.
    retry_now_ = true;
    work_cv_.notify_one();
  }
  done_cv_.wait(lock,
                [&] { return written_ >= target || failures_ > failures_before || writer_done_; });
  --flush_waiting_;
  if (written_ >= target) return Status::Ok();
  return Unavailable("the audit log cannot be written");
}

AuditQueueStats AuditQueueStore::stats() const {
  const std::lock_guard lock(mutex_);
  return stats_;
}

void AuditQueueStore::Log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

void AuditQueueStore::Run() {
  // Named, so that it can be told apart in top, perf and core dumps.
  ::pthread_setname_np(::pthread_self(), "audit-writer");
  // Kept across attempts while it cannot be written, with when its first
  // entry was queued.
  std::vector<domain::AuditEntry> batch;
  Clock::time_point batch_queued;
  // Entries written: their buffers go back into the queue's slots.
  std::vector<domain::AuditEntry> spare;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (batch.empty()) {
      work_cv_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) break;  // stopping, and everything is written
      // Entries of one batch share one commit; readers
      // wake the writer again only once a full batch is waiting.
      work_cv_.wait_for(lock, options_.gather, [&] {
        return queue_.size() >= options_.max_batch || stopping_ || flush_waiting_ > 0;
      });
      const size_t n = std::min(queue_.size(), options_.max_batch);
      batch_queued = queue_.front_queued();
      queue_.PopInto(n, batch, spare);
      space_cv_.notify_all();
    }
    lock.unlock();
    const auto started = Clock::now();
    const auto cpu_started = ThreadCpu();
    const Status written = inner_->StageReadAudit(batch);
    const auto now = Clock::now();
    const auto cpu = ThreadCpu() - cpu_started;
    lock.lock();
    stats_.writing += std::chrono::duration_cast<std::chrono::microseconds>(now - started);
    stats_.writing_cpu += cpu;
    if (written.ok()) {
      written_ += static_cast<int64_t>(batch.size());
      stats_.entries_written += static_cast<int64_t>(batch.size());
      ++stats_.batches_written;
      stats_.largest_batch = std::max(stats_.largest_batch, batch.size());
      stats_.longest_wait =
          std::max(stats_.longest_wait,
                   std::chrono::duration_cast<std::chrono::microseconds>(now - batch_queued));
      if (failed_) {
        failed_ = false;
        Log("audit log written again after " + std::to_string(stats_.failed_attempts) +
            " failed attempts in all; reads are served again");
      }
      for (auto& e : batch) spare.push_back(std::move(e));
      batch.clear();
      done_cv_.notify_all();
      continue;
    }
    ++failures_;
    ++stats_.failed_attempts;
    const bool first = !failed_;
    failed_ = true;
    done_cv_.notify_all();
    space_cv_.notify_all();
    const size_t waiting = batch.size() + queue_.size();
    if (stopping_) {
      Log("audit log cannot be written at shutdown: " + std::to_string(waiting) +
          " read-audit entries are lost (" + Describe(written.error()) + ")");
      break;
    }
    if (first) {
      Log("audit log cannot be written: reads are refused until it can (" +
          std::to_string(waiting) + " read-audit entries waiting; " + Describe(written.error()) +
          ")");
    }
    work_cv_.wait_for(lock, options_.retry_interval, [&] { return retry_now_ || stopping_; });
    retry_now_ = false;
  }
  writer_done_ = true;
  done_cv_.notify_all();
  space_cv_.notify_all();
}

std::unique_ptr<AuditQueueStore> QueueReadAudit(std::unique_ptr<Store> inner,
                                                AuditQueueOptions options) {
  return std::make_unique<AuditQueueStore>(std::move(inner), std::move(options));
}

}  // namespace threadline::store
