#include "store/sqlite/db.hpp"

#include <mutex>

namespace threadline::store::sqlite {
namespace {

// SQLite's allocation statistics take one process-wide mutex on every
// malloc and free, which readers and the audit writer then queue on. We never
// read those statistics, so they are turned off before SQLite initialises.
void ConfigureOnce() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

Error ErrorFromSqlite(int rc, sqlite3* db, const char* statement_name) {
  const std::string detail = std::string(statement_name) + ": " +
                             (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xFF) {
    case SQLITE_CONSTRAINT: {
      const int ext = rc;
      if (ext == SQLITE_CONSTRAINT_FOREIGNKEY) {
        Error e = InvalidArgument("a referenced record does not exist");
        e.log_detail = detail;
        return e;
      }
      if (ext == SQLITE_CONSTRAINT_PRIMARYKEY || ext == SQLITE_CONSTRAINT_UNIQUE) {
        Error e = Conflict("a record with that key already exists");
        e.log_detail = detail;
        return e;
      }
      Error e = InvalidArgument("the record breaks a storage rule");
      e.log_detail = detail;
      return e;
    }
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
      return Unavailable(detail);
    default:
      return Internal(detail);
  }
}

int64_t Statement::changes() const { return sqlite3_changes64(db_); }

Statement::~Statement() { sqlite3_finalize(stmt_); }

namespace {

// An empty view may point nowhere, and SQLite binds a null pointer as NULL:
// empty text and empty blobs are bound as themselves, never as NULL.
const char* NeverNull(std::string_view bytes) {
  return bytes.data() == nullptr ? "" : bytes.data();
}

}  // namespace

Statement& Statement::Bound(int rc) {
  if (rc != SQLITE_OK && status_.ok()) status_ = ErrorFromSqlite(rc, db_, name_);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  return Bound(sqlite3_bind_text(stmt_, index, NeverNull(text), static_cast<int>(text.size()),
                                 SQLITE_TRANSIENT));
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  return Bound(sqlite3_bind_blob(stmt_, index, NeverNull(bytes), static_cast<int>(bytes.size()),
                                 SQLITE_TRANSIENT));
}

Statement& Statement::Bind(int index, int64_t value) {
  return Bound(sqlite3_bind_int64(stmt_, index, value));
}

Statement& Statement::BindNull(int index) { return Bound(sqlite3_bind_null(stmt_, index)); }

bool Statement::Step() {
  if (!status_.ok()) return false;
  stepped_ = true;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) status_ = ErrorFromSqlite(sqlite3_extended_errcode(db_), db_, name_);
  return false;
}

Status Statement::Run() {
  while (Step()) {
  }
  return status_;
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  status_ = Status::Ok();
  stepped_ = false;
}

std::string Statement::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return {};
  return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string_view Statement::TextView(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return {};
  return {text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::string_view Statement::BlobView(int column) const {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  if (bytes == nullptr) return {};
  return {bytes, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool read_only) {
  ConfigureOnce();
  sqlite3* db = nullptr;
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error e = ErrorFromSqlite(rc, db, "open");
    sqlite3_close_v2(db);
    return e;
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<Connection> conn(new Connection(db));
  // Readers do not map the file. Every commit empties every reader's page
  // cache, and a mapped reader must also unmap the whole file then (which
  // stops the other cores to flush their address caches) and fault its pages
  // back in: under a steady stream of screenings that cost more than reading
  // the pages again (measured: 5% more screenings a second without the map;
  // reads through the access checks within the noise).
  const char* pragmas = read_only ? "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; "
                                    "PRAGMA cache_size = -32768;"
                                  : "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                                    "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; "
                                    "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;";
  if (Status s = conn->Exec(pragmas, "pragmas"); !s.ok()) return s.error();
  return conn;
}

Connection::~Connection() {
  cache_.clear();  // statements must be finalised before the connection closes
  sqlite3_close_v2(db_);
}

Result<Statement*> Connection::Prepare(const Sql& sql) {
  auto it = cache_.find(sql.name);
  if (it != cache_.end()) {
    it->second->Reset();
    return it->second.get();
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.text, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return ErrorFromSqlite(rc, db_, sql.name);
  auto owned = std::make_unique<Statement>(db_, stmt, sql.name);
  Statement* raw = owned.get();
  cache_.emplace(sql.name, std::move(owned));
  return raw;
}

void Connection::ResetAll() {
  for (auto& [name, stmt] : cache_) {
    if (stmt->stepped()) stmt->Reset();
  }
}

Status Connection::Run(const Sql& sql) {
  auto stmt = Prepare(sql);
  if (!stmt.ok()) return stmt.error();
  Status s = (*stmt)->Run();
  // Reset at once: a finished COMMIT or ROLLBACK must not stay pending.
  (*stmt)->Reset();
  return s;
}

Status Connection::Exec(std::string_view sql, const char* name) {
  char* message = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) return ErrorFromSqlite(sqlite3_extended_errcode(db_), db_, name);
  return Status::Ok();
}

}  // namespace threadline::store::sqlite
