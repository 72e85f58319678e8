#include "store/sqlite/sqlite_store.hpp"

#include <condition_variable>
#include <mutex>
#include <vector>

#include "domain/datetime.hpp"
#include "store/migrations.hpp"
#include "store/sqlite/db.hpp"
#include "store/sqlite/group_commit.hpp"
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

// Runs `fn` between BEGIN and COMMIT, rolling back on any error.
template <typename Fn>
Status InTransaction(Connection& conn, const char* begin, Fn&& fn) {
  if (Status s = conn.Exec(begin, "begin"); !s.ok()) return s;
  Status result = fn();
  conn.ResetAll();
  if (!result.ok()) {
    (void)conn.Exec("ROLLBACK", "rollback");
    return result;
  }
  if (Status s = conn.Exec("COMMIT", "commit"); !s.ok()) {
    (void)conn.Exec("ROLLBACK", "rollback");
    return s;
  }
  return Status::Ok();
}

Status ApplyMigrations(Connection& conn) {
  if (Status s = conn.Exec(kMigrationsTable.text, kMigrationsTable.name); !s.ok()) return s;
  for (const auto& file : SqliteMigrationFiles()) {
    const int version = MigrationVersion(file.path);
    if (version < 0) return Internal("badly named migration " + std::string(file.path));
    Status s = InTransaction(conn, "BEGIN IMMEDIATE", [&]() -> Status {
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

class SqliteStore final : public Store {
 public:
  SqliteStore(SqliteOptions options, std::unique_ptr<Connection> writer)
      : options_(std::move(options)),
        writer_(std::move(writer)),
        committer_(*writer_, options_.max_batch) {}

  Status Read(const std::function<Status(ReadTx&)>& fn) override {
    auto conn = AcquireReader();
    if (!conn.ok()) return conn.error();
    std::unique_ptr<Connection> reader = std::move(*conn);
    sqlite::SqliteTx tx(*reader);
    Status s = InTransaction(*reader, "BEGIN", [&] { return fn(tx); });
    ReleaseReader(std::move(reader));
    return s;
  }

  Status Write(const std::function<Status(WriteTx&)>& fn) override { return committer_.Write(fn); }

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

  SqliteOptions options_;
  std::unique_ptr<Connection> writer_;
  sqlite::GroupCommitter committer_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqlite(const SqliteOptions& options) {
  if (options.path.empty()) return InvalidArgument("a database path is required");
  auto writer = Connection::Open(options.path, /*read_only=*/false);
  if (!writer.ok()) return writer.error();
  if (options.apply_migrations) {
    if (Status s = ApplyMigrations(**writer); !s.ok()) return s.error();
  }
  return std::unique_ptr<Store>(new SqliteStore(options, std::move(*writer)));
}

}  // namespace threadline::store
