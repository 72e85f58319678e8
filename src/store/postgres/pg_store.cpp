#include "store/postgres/pg_store.hpp"

#include <condition_variable>
#include <mutex>
#include <vector>

#include "access/audit_chain.hpp"
#include "domain/datetime.hpp"
#include "store/call_guarded.hpp"
#include "store/migrations.hpp"
#include "store/postgres/db.hpp"
#include "store/postgres/pg_tx.hpp"

namespace threadline::store {
namespace {

using postgres::Connection;
using postgres::Sql;

// Held while migrations are applied, so servers starting together apply
// each one once.
constexpr Sql kLockMigrations{"migrations.lock", "SELECT pg_advisory_xact_lock(7046280000)"};
constexpr Sql kMigrationsTable{"migrations.create",
                               "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT "
                               "PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"};
constexpr Sql kMigrationApplied{"migrations.applied",
                                "SELECT count(*) FROM schema_migrations WHERE version = $1"};
constexpr Sql kMigrationRecord{
    "migrations.record",
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)"};

// The same lock AppendAudit takes (pg_tx_audit.cpp).
constexpr Sql kLockAudit{"audit.lock", "SELECT pg_advisory_xact_lock(7046280001)"};
constexpr Sql kAnyUnhashedAudit{"audit.any_unhashed",
                                "SELECT 1 FROM audit_log WHERE hash = '' LIMIT 1"};
constexpr Sql kUnhashedAudit{"audit.unhashed",
                             "SELECT seq, at, actor_id, agency_id, action, record_type, "
                             "record_id, request_id, source, purpose FROM audit_log "
                             "WHERE hash = '' ORDER BY seq LIMIT $1"};
constexpr Sql kAuditHashBefore{"audit.hash_before",
                               "SELECT hash FROM audit_log WHERE seq < $1 ORDER BY seq DESC "
                               "LIMIT 1"};
constexpr Sql kSetAuditHashes{"audit.set_hashes",
                              "UPDATE audit_log a SET hash = v.hash "
                              "FROM unnest($1::bigint[], $2::text[]) AS v(seq, hash) "
                              "WHERE a.seq = v.seq AND a.hash = ''"};

Status RunOne(Connection& conn, const Sql& sql) {
  auto stmt = conn.Prepare(sql);
  if (!stmt.ok()) return stmt.error();
  return (*stmt)->Run();
}

// Ends the transaction `result` ran in: COMMIT when it is OK, else ROLLBACK.
// A statement that failed aborts a PostgreSQL transaction even if the
// caller went on and returned OK: that is rolled back too, never committed
// in part.
Status Finish(Connection& conn, Status result) {
  if (result.ok() && PQtransactionStatus(conn.raw()) == PQTRANS_INERROR) {
    result = Internal("a statement failed inside the transaction, which was rolled back");
  }
  if (!result.ok()) {
    (void)conn.Exec("ROLLBACK", "rollback");
    return result;
  }
  if (Status s = conn.Exec("COMMIT", "commit"); !s.ok()) {
    // A lost connection here leaves the outcome in doubt: kUnavailable.
    (void)conn.Exec("ROLLBACK", "rollback");
    return s;
  }
  return Status::Ok();
}

// Runs `fn` between `begin` and COMMIT, rolling back on any error.
template <typename Fn>
Status InTransaction(Connection& conn, const char* begin, Fn&& fn) {
  if (Status s = conn.Exec(begin, "begin"); !s.ok()) return s;
  return Finish(conn, fn());
}

Status ApplyMigrations(Connection& conn) {
  Status created = InTransaction(conn, "BEGIN", [&]() -> Status {
    if (Status s = RunOne(conn, kLockMigrations); !s.ok()) return s;
    return conn.Exec(kMigrationsTable.text, kMigrationsTable.name);
  });
  if (!created.ok()) return created;
  for (const auto& file : PostgresMigrationFiles()) {
    const int version = MigrationVersion(file.path);
    if (version < 0) return Internal("badly named migration " + std::string(file.path));
    Status s = InTransaction(conn, "BEGIN", [&]() -> Status {
      if (Status l = RunOne(conn, kLockMigrations); !l.ok()) return l;
      auto applied = conn.Prepare(kMigrationApplied);
      if (!applied.ok()) return applied.error();
      (*applied)->Bind(1, static_cast<int64_t>(version));
      if (!(*applied)->Step()) return (*applied)->status();
      if ((*applied)->Int(0) > 0) return Status::Ok();
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

// Chains audit entries written before the log had hashes, oldest first, in
// batches. The log refuses UPDATE, so each batch disables that trigger and
// enables it again inside its own transaction: DDL is transactional here,
// so no other connection ever sees the log without it.
Status BackfillAuditHashes(Connection& conn) {
  constexpr int64_t kBatch = 10000;
  {
    auto any = conn.Prepare(kAnyUnhashedAudit);
    if (!any.ok()) return any.error();
    const bool found = (*any)->Step();
    if (!(*any)->status().ok()) return (*any)->status();
    if (!found) return Status::Ok();
  }
  for (bool more = true; more;) {
    Status s = InTransaction(conn, "BEGIN", [&]() -> Status {
      if (Status l = RunOne(conn, kLockAudit); !l.ok()) return l;
      std::vector<domain::AuditEntry> batch;
      {
        auto rows = conn.Prepare(kUnhashedAudit);
        if (!rows.ok()) return rows.error();
        (*rows)->Bind(1, kBatch);
        while ((*rows)->Step()) {
          const postgres::Statement& r = **rows;
          batch.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5),
                           r.Text(6), r.Text(7), r.Text(8), r.Text(9), ""});
        }
        if (!(*rows)->status().ok()) return (*rows)->status();
      }
      more = static_cast<int64_t>(batch.size()) == kBatch;
      if (batch.empty()) return Status::Ok();
      std::vector<std::string> seqs;
      std::vector<std::string> hashes;
      int64_t previous_seq = -1;
      std::string previous;
      for (const auto& e : batch) {
        if (e.seq != previous_seq + 1) {
          auto before = conn.Prepare(kAuditHashBefore);
          if (!before.ok()) return before.error();
          (*before)->Bind(1, e.seq);
          previous = (*before)->Step() ? (*before)->Text(0) : std::string(access::kGenesisHash);
          if (!(*before)->status().ok()) return (*before)->status();
        }
        std::string hash = access::ChainHash(previous, e);
        seqs.push_back(std::to_string(e.seq));
        hashes.push_back(hash);
        previous_seq = e.seq;
        previous = std::move(hash);
      }
      if (Status d = conn.Exec("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
                               "audit.disable_trigger");
          !d.ok()) {
        return d;
      }
      auto set = conn.Prepare(kSetAuditHashes);
      if (!set.ok()) return set.error();
      (*set)->BindArray(1, seqs).BindArray(2, hashes);
      if (Status u = (*set)->Run(); !u.ok()) return u;
      return conn.Exec("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update",
                       "audit.enable_trigger");
    });
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

// Connections, one per transaction in progress. Opened on demand up to
// `max`; a caller beyond that waits for one to be returned.
class Pool {
 public:
  Pool(std::string url, size_t max) : url_(std::move(url)), max_(max == 0 ? 1 : max) {}

  Result<std::unique_ptr<Connection>> Acquire() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < max_; });
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
    ++open_;
    lock.unlock();
    auto conn = Connection::Open(url_);
    if (!conn.ok()) Forget();
    return conn;
  }

  // Keeps a healthy connection that is out of any transaction; closes others.
  void Release(std::unique_ptr<Connection> conn) {
    if (!conn->healthy() || PQtransactionStatus(conn->raw()) != PQTRANS_IDLE) {
      conn.reset();
      Forget();
      return;
    }
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(conn));
    cv_.notify_one();
  }

 private:
  void Forget() {
    std::lock_guard lock(mutex_);
    --open_;
    cv_.notify_one();
  }

  std::string url_;
  size_t max_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t open_ = 0;
};

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(const PostgresOptions& options)
      : pool_(options.url, options.max_connections) {}

  Status Read(const std::function<Status(ReadTx&)>& fn) override {
    return Run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
               [&](postgres::PgTx& tx) { return fn(tx); });
  }

  // READ COMMITTED: each statement sees what is committed when it starts, so
  // a write that waited for the audit lock reads the entry committed before it.
  Status Write(const std::function<Status(WriteTx&)>& fn) override {
    return Run("BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE",
               [&](postgres::PgTx& tx) { return fn(tx); });
  }

  Status Ping() override {
    return Read([](ReadTx& tx) { return tx.Count(Table::kAgencies).status(); });
  }

  std::string_view backend() const override { return "postgres"; }

 private:
  template <typename Fn>
  Status Run(const char* begin, Fn&& fn) {
    // A pooled connection may have died while idle (a server restart): when
    // BEGIN itself fails on a dead connection nothing has run, so one fresh
    // connection is tried before giving up.
    for (int attempt = 0;; ++attempt) {
      auto conn = pool_.Acquire();
      if (!conn.ok()) return conn.error();
      std::unique_ptr<Connection> c = std::move(*conn);
      if (Status s = c->Exec(begin, "begin"); !s.ok()) {
        const bool lost = !c->healthy() || s.error().code == ErrorCode::kUnavailable;
        pool_.Release(std::move(c));
        if (lost && attempt == 0) continue;
        return s;
      }
      postgres::PgTx tx(*c);
      Status s = Finish(*c, CallGuarded([&] { return fn(tx); }));
      pool_.Release(std::move(c));
      return s;
    }
  }

  Pool pool_;
};

}  // namespace

bool IsPostgresUrl(std::string_view url_or_path) {
  return url_or_path.rfind("postgresql://", 0) == 0 || url_or_path.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<Store>> OpenPostgres(const PostgresOptions& options) {
  if (options.url.empty()) return InvalidArgument("a PostgreSQL URL is required");
  auto conn = Connection::Open(options.url);
  if (!conn.ok()) return conn.error();
  if (options.apply_migrations) {
    if (Status s = ApplyMigrations(**conn); !s.ok()) return s.error();
    if (Status s = BackfillAuditHashes(**conn); !s.ok()) return s.error();
  }
  return std::unique_ptr<Store>(new PostgresStore(options));
}

}  // namespace threadline::store
