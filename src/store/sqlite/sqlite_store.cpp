#include "store/sqlite/sqlite_store.hpp"

#include <pthread.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "access/audit_chain.hpp"
#include "domain/awaiter.hpp"
#include "domain/datetime.hpp"
#include "store/migrations.hpp"
#include "store/sqlite/checkpointer.hpp"
#include "store/sqlite/db.hpp"
#include "store/sqlite/group_commit.hpp"
#include "store/sqlite/read_audit_staging.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace threadline::store {
namespace {

using sqlite::Connection;
using sqlite::Sql;

constexpr Sql kMigrationsTable{"migrations.create",
                               "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
                               "PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT"};
constexpr Sql kMigrationApplied{"migrations.applied",
                                "SELECT count(*) FROM schema_migrations WHERE version = ?1"};
constexpr Sql kMigrationRecord{
    "migrations.record",
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)"};

Status ApplyMigrations(Connection& conn) {
  if (Status s = conn.Exec(kMigrationsTable.text, kMigrationsTable.name); !s.ok()) return s;
  for (const auto& file : SqliteMigrationFiles()) {
    const int version = MigrationVersion(file.path);
    if (version < 0) return Internal("badly named migration " + std::string(file.path));
    Status s = sqlite::InTransaction(conn, sqlite::tx_sql::kBeginImmediate, [&]() -> Status {
      auto applied = conn.Prepare(kMigrationApplied);
      if (!applied.ok()) return applied.error();
      (*applied)->Bind(1, static_cast<int64_t>(version));
      if (!(*applied)->Step()) return (*applied)->status();
      const bool done = (*applied)->Int(0) > 0;
      // A statement still stepping would lock the schema a migration changes.
      (*applied)->Reset();
      if (done) return Status::Ok();
      if (Status m = conn.Exec(file.content, "migration"); !m.ok()) return m;
      auto record = conn.Prepare(kMigrationRecord);
      if (!record.ok()) return record.error();
      (*record)->Bind(1, static_cast<int64_t>(version)).Bind(2, file.path);
      (*record)->Bind(3, domain::FormatTimestamp(domain::NowSeconds()));
      return (*record)->Run();
    });
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

constexpr Sql kAnyUnhashedAudit{"audit.any_unhashed",
                                "SELECT 1 FROM audit_log WHERE hash = '' LIMIT 1"};
constexpr Sql kUnhashedAudit{"audit.unhashed",
                             "SELECT seq, at, actor_id, agency_id, action, record_type, "
                             "record_id, request_id, source, purpose FROM audit_log "
                             "WHERE hash = '' ORDER BY seq LIMIT ?1"};
constexpr Sql kAuditHashBefore{"audit.hash_before",
                               "SELECT hash FROM audit_log WHERE seq < ?1 ORDER BY seq DESC "
                               "LIMIT 1"};
constexpr Sql kSetAuditHash{"audit.set_hash",
                            "UPDATE audit_log SET hash = ?2 WHERE seq = ?1 AND hash = ''"};
constexpr Sql kAuditUpdateTrigger{"audit.update_trigger",
                                  "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                  "AND name = 'audit_log_no_update'"};

// Chains audit entries written before the log had hashes (or by an older
// version), oldest first. The log refuses UPDATE, so each batch lifts that
// trigger and puts it back inside its own transaction: no other connection
// ever sees the log without it, and only rows whose hash is '' are touched.
Status BackfillAuditHashes(Connection& conn) {
  constexpr int64_t kBatch = 10000;
  {
    // Usually there is nothing to do: find out without taking the write lock.
    auto any = conn.Prepare(kAnyUnhashedAudit);
    if (!any.ok()) return any.error();
    const bool found = (*any)->Step();
    if (!(*any)->status().ok()) return (*any)->status();
    (*any)->Reset();
    if (!found) return Status::Ok();
  }
  for (bool more = true; more;) {
    Status s = sqlite::InTransaction(conn, sqlite::tx_sql::kBeginImmediate, [&]() -> Status {
      std::vector<domain::AuditEntry> batch;
      {
        auto rows = conn.Prepare(kUnhashedAudit);
        if (!rows.ok()) return rows.error();
        (*rows)->Bind(1, kBatch);
        while ((*rows)->Step()) {
          const sqlite::Statement& r = **rows;
          batch.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5),
                           r.Text(6), r.Text(7), r.Text(8), r.Text(9), ""});
        }
        if (!(*rows)->status().ok()) return (*rows)->status();
        (*rows)->Reset();
      }
      more = static_cast<int64_t>(batch.size()) == kBatch;
      if (batch.empty()) return Status::Ok();
      std::string trigger;
      {
        auto t = conn.Prepare(kAuditUpdateTrigger);
        if (!t.ok()) return t.error();
        if ((*t)->Step()) trigger = (*t)->Text(0);
        if (!(*t)->status().ok()) return (*t)->status();
        (*t)->Reset();
      }
      if (!trigger.empty()) {
        if (Status d = conn.Exec("DROP TRIGGER audit_log_no_update", "audit.drop_trigger");
            !d.ok()) {
          return d;
        }
      }
      int64_t previous_seq = -1;
      std::string previous;
      for (const auto& e : batch) {
        if (e.seq != previous_seq + 1) {
          auto before = conn.Prepare(kAuditHashBefore);
          if (!before.ok()) return before.error();
          (*before)->Bind(1, e.seq);
          previous = (*before)->Step() ? (*before)->Text(0) : std::string(access::kGenesisHash);
          if (!(*before)->status().ok()) return (*before)->status();
          (*before)->Reset();
        }
        std::string hash = access::ChainHash(previous, e);
        auto set = conn.Prepare(kSetAuditHash);
        if (!set.ok()) return set.error();
        (*set)->Bind(1, e.seq).Bind(2, hash);
        if (Status u = (*set)->Run(); !u.ok()) return u;
        previous_seq = e.seq;
        previous = std::move(hash);
      }
      if (!trigger.empty()) return conn.Exec(trigger, "audit.create_trigger");
      return Status::Ok();
    });
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

// When staged read-audit entries are merged into the log: once this many
// are staged, or SqliteOptions::audit_merge_after after the first of them,
// and whenever the log is about to be read (FlushAudit) or the store
// closes. A merge of kMergeEvery entries takes kMergeEvery /
// kMergePerTransaction commits of the main file; each empties its readers'
// page caches once.
constexpr int64_t kMergeEvery = 16384;

class SqliteStore final : public Store {
 public:
  SqliteStore(SqliteOptions options, std::unique_ptr<Connection> writer,
              std::unique_ptr<sqlite::Checkpointer> checkpointer,
              std::unique_ptr<sqlite::ReadAuditStaging> staging)
      : options_(std::move(options)),
        writer_(std::move(writer)),
        checkpointer_(std::move(checkpointer)),
        committer_(*writer_, options_.max_batch),
        staging_(std::move(staging)),
        merger_([this] { RunMerger(); }) {}

  ~SqliteStore() override {
    {
      const std::lock_guard lock(merge_state_mutex_);
      stopping_ = true;
    }
    merge_cv_.notify_all();
    merger_.join();
    // What is staged joins the log before the file closes; if it cannot,
    // it stays staged, durable, for the next process to merge.
    (void)MergeStaged();
  }
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  Status Read(const std::function<Status(ReadTx&)>& fn) override {
    auto conn = AcquireReader();
    if (!conn.ok()) return conn.error();
    std::unique_ptr<Connection> reader = std::move(*conn);
    sqlite::SqliteTx tx(*reader);
    Status s = sqlite::InTransaction(*reader, sqlite::tx_sql::kBegin, [&] { return fn(tx); });
    ReleaseReader(std::move(reader));
    return s;
  }

  // On a server fiber the caller is set aside while its commit is made.
  Status Write(const std::function<Status(WriteTx&)>& fn) override {
    return committer_.Write(fn, CurrentAwaiter());
  }

  Status StageReadAudit(const std::vector<domain::AuditEntry>& entries) override {
    if (entries.empty()) return Status::Ok();
    if (Behind()) {
      if (Status s = MergeStaged(); !s.ok()) return s;
    }
    if (Status s = staging_->Stage(entries); !s.ok()) return s;
    const std::lock_guard lock(merge_state_mutex_);
    const bool first = unmerged_ == 0;
    if (first) first_unmerged_ = std::chrono::steady_clock::now();
    unmerged_ += static_cast<int64_t>(entries.size());
    // The merger sleeps until a first entry, then until it is due.
    if (first || unmerged_ >= kMergeEvery) merge_cv_.notify_one();
    return Status::Ok();
  }

  Status FlushAudit() override { return MergeStaged(); }

  Status Ping() override {
    return Read([](ReadTx& tx) { return tx.Count(Table::kAgencies).status(); });
  }

  std::string_view backend() const override { return "sqlite"; }

 private:
  Result<std::unique_ptr<Connection>> AcquireReader() {
    {
      std::lock_guard lock(readers_mutex_);
      if (!idle_readers_.empty()) {
        auto conn = std::move(idle_readers_.back());
        idle_readers_.pop_back();
        return conn;
      }
    }
    return Connection::Open(options_.path, /*read_only=*/true);
  }

  void ReleaseReader(std::unique_ptr<Connection> conn) {
    std::lock_guard lock(readers_mutex_);
    if (idle_readers_.size() < options_.max_readers) idle_readers_.push_back(std::move(conn));
  }

  // Whether the merges have fallen audit_max_staged entries behind.
  bool Behind() {
    const std::lock_guard lock(merge_state_mutex_);
    return unmerged_ >= options_.audit_max_staged;
  }

  // Merges what is staged, in this process or any other, into the log.
  // A failure leaves the rest staged, to be tried again an
  // audit_merge_after later or at the next flush.
  Status MergeStaged() {
    const std::lock_guard merging(merge_mutex_);
    int64_t counted = 0;
    {
      const std::lock_guard lock(merge_state_mutex_);
      counted = unmerged_;
    }
    Status merged = MergeAll();
    const std::lock_guard lock(merge_state_mutex_);
    if (merged.ok()) unmerged_ = std::max<int64_t>(0, unmerged_ - counted);
    if (unmerged_ > 0) first_unmerged_ = std::chrono::steady_clock::now();
    last_merge_failed_ = !merged.ok();
    return merged;
  }

  Status MergeAll() {
    // Usually nothing is staged when the log is read: no write lock then.
    auto any = staging_->Any();
    if (!any.ok()) return any.error();
    if (!*any) return Status::Ok();
    for (bool more = true; more;) {
      sqlite::MergeStep step;
      // The callback runs on the writer connection, inside the group
      // commit's transaction. The merge lock is held: this thread waits.
      Status s = committer_.Write(
          [&](WriteTx&) -> Status {
            auto merged = sqlite::MergeStagedChunk(*writer_, *staging_);
            if (!merged.ok()) return merged.error();
            step = *merged;
            return Status::Ok();
          },
          nullptr);
      if (!s.ok()) return s;
      if (Status p = staging_->Prune(step.prune_upto); !p.ok()) return p;
      more = step.more;
    }
    return Status::Ok();
  }

  // The merger thread: merges once kMergeEvery entries are staged or the
  // oldest has waited audit_merge_after.
  void RunMerger() {
    ::pthread_setname_np(::pthread_self(), "audit-merger");
    std::unique_lock lock(merge_state_mutex_);
    while (!stopping_) {
      if (unmerged_ == 0) {
        merge_cv_.wait(lock, [&] { return stopping_ || unmerged_ > 0; });
        continue;
      }
      // Woken early by a full kMergeEvery, or not: either way it is time.
      // After a failed merge only the time counts, so a log that refuses
      // entries is retried every audit_merge_after, not in a busy loop.
      (void)merge_cv_.wait_until(lock, first_unmerged_ + options_.audit_merge_after, [&] {
        return stopping_ || (!last_merge_failed_ && unmerged_ >= kMergeEvery);
      });
      if (stopping_) break;
      lock.unlock();
      (void)MergeStaged();
      lock.lock();
    }
  }

  SqliteOptions options_;
  std::unique_ptr<Connection> writer_;
  std::unique_ptr<sqlite::Checkpointer> checkpointer_;  // hooked to writer_
  sqlite::GroupCommitter committer_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
  std::unique_ptr<sqlite::ReadAuditStaging> staging_;
  std::mutex merge_mutex_;        // one merge at a time
  std::mutex merge_state_mutex_;  // what follows
  std::condition_variable merge_cv_;
  int64_t unmerged_ = 0;  // entries staged here since the last merge
  std::chrono::steady_clock::time_point first_unmerged_;
  bool last_merge_failed_ = false;
  bool stopping_ = false;
  std::thread merger_;  // last: started once everything above exists
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqlite(const SqliteOptions& options) {
  if (options.path.empty()) return InvalidArgument("a database path is required");
  auto writer = Connection::Open(options.path, /*read_only=*/false);
  if (!writer.ok()) return writer.error();
  if (options.apply_migrations) {
    if (Status s = ApplyMigrations(**writer); !s.ok()) return s.error();
    if (Status s = BackfillAuditHashes(**writer); !s.ok()) return s.error();
  }
  auto database_id = sqlite::DatabaseId(**writer);
  if (!database_id.ok()) return database_id.error();
  auto checkpointer = sqlite::Checkpointer::Start(**writer, options.path);
  if (!checkpointer.ok()) return checkpointer.error();
  auto staging = sqlite::ReadAuditStaging::Open(options.path, *database_id);
  if (!staging.ok()) return staging.error();
  return std::unique_ptr<Store>(
      new SqliteStore(options, std::move(*writer), std::move(*checkpointer), std::move(*staging)));
}

}  // namespace threadline::store
