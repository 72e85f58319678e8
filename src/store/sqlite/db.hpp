#pragma once
// A small RAII layer over the SQLite C API: connections, prepared statements
// cached per connection under a name, and errors turned into Status values.
// Not thread-safe: a Connection belongs to one thread at a time.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/result.hpp"
#include "store/call_guarded.hpp"

namespace threadline::store::sqlite {

// A named SQL statement. The name keys the statement cache and every log
// line about the statement.
struct Sql {
  const char* name;
  const char* text;
};

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt, const char* name)
      : db_(db), stmt_(stmt), name_(name) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds are 1-based like SQLite's.
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, int64_t value);
  Statement& BindNull(int index);
  Statement& BindBlob(int index, std::string_view bytes);

  // Steps once: true when a row is available, false when done. Errors are
  // kept and returned by status().
  bool Step();
  // Runs to completion (for writes); returns the final status.
  Status Run();
  // Resets bindings so the cached statement can be reused.
  void Reset();
  Status status() const { return status_; }
  // Rows changed by the last write this connection ran (after Run).
  int64_t changes() const;

  std::string Text(int column) const;
  // The text without a copy: valid until the next Step or Reset.
  std::string_view TextView(int column) const;
  // A blob column's bytes without a copy: valid until the next Step or Reset.
  std::string_view BlobView(int column) const;
  int64_t Int(int column) const;
  bool IsNull(int column) const;
  // Whether it has been stepped since the last Reset (and so may hold a read
  // snapshot open).
  bool stepped() const { return stepped_; }

 private:
  // Keeps the first binding error for status().
  Statement& Bound(int rc);

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  const char* name_;
  Status status_;
  bool stepped_ = false;
};

class Connection {
 public:
  // Opens (creating if needed) the database file and applies the pragmas
  // Threadline relies on: WAL, foreign keys, a busy timeout.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool read_only);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // A cached prepared statement, reset and ready to bind. The reference is
  // valid until the next Prepare of the same name.
  Result<Statement*> Prepare(const Sql& sql);
  // Runs one or more statements with no parameters (migrations, pragmas).
  Status Exec(std::string_view sql, const char* name);
  // Runs one cached statement with no parameters: the transaction control
  // every write runs (BEGIN, SAVEPOINT, COMMIT), parsed once.
  Status Run(const Sql& sql);

  // Resets every cached statement stepped since its last reset. A statement
  // left mid-result keeps its read snapshot open even after COMMIT, so this
  // runs at every transaction end.
  void ResetAll();

  sqlite3* raw() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<const char*, std::unique_ptr<Statement>> cache_;
};

// Transaction control, run through Connection::Run.
namespace tx_sql {
inline constexpr Sql kBegin{"tx.begin", "BEGIN"};
inline constexpr Sql kBeginImmediate{"tx.begin_immediate", "BEGIN IMMEDIATE"};
inline constexpr Sql kCommit{"tx.commit", "COMMIT"};
inline constexpr Sql kRollback{"tx.rollback", "ROLLBACK"};
inline constexpr Sql kSavepoint{"tx.savepoint", "SAVEPOINT w"};
inline constexpr Sql kRelease{"tx.release", "RELEASE w"};
inline constexpr Sql kRollbackTo{"tx.rollback_to", "ROLLBACK TO w"};
}  // namespace tx_sql

// Runs `fn` between `begin` and COMMIT, rolling back on any error.
template <typename Fn>
Status InTransaction(Connection& conn, const Sql& begin, Fn&& fn) {
  if (Status s = conn.Run(begin); !s.ok()) return s;
  Status result = CallGuarded(fn);
  conn.ResetAll();
  if (!result.ok()) {
    (void)conn.Run(tx_sql::kRollback);
    return result;
  }
  if (Status s = conn.Run(tx_sql::kCommit); !s.ok()) {
    (void)conn.Run(tx_sql::kRollback);
    return s;
  }
  return Status::Ok();
}

// Maps a SQLite result code to the error vocabulary.
Error ErrorFromSqlite(int rc, sqlite3* db, const char* statement_name);

}  // namespace threadline::store::sqlite
