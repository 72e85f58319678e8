#pragma once
// A small RAII layer over libpq: connections, named statements prepared once
// per connection, parameters always sent separately from the SQL text, long
// results streamed through server-side cursors, and errors turned into
// Status values. Not thread-safe: a Connection belongs to one thread at a
// time.
//
// The interface mirrors the SQLite layer (Bind/Step/Text/Int) so the two
// backends read alike; the SQL differs.

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "domain/result.hpp"

namespace threadline::store::postgres {

// A named SQL statement with $1…$n parameters. The name is the prepared
// statement's name on every connection and appears in every log line about
// it.
struct Sql {
  const char* name;
  const char* text;
};

class Connection;

// One execution of a Sql. Parameters are bound 1-based, as text; their type
// comes from the binding (text, bigint, text[]) unless the SQL casts them.
class Statement {
 public:
  Statement(Connection& conn, const Sql& sql) : conn_(conn), sql_(sql) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, int64_t value);
  // A text[] parameter.
  Statement& BindArray(int index, const std::vector<std::string>& values);
  Statement& BindNull(int index);

  // Rows are fetched through a server-side cursor, `batch` at a time, so a
  // scan of millions of rows never holds them all. Call before the first Step.
  Statement& Stream(int batch = 1000);

  // Executes on the first call; then true while a row is available. Errors
  // are kept and returned by status().
  bool Step();
  // Runs to completion (for writes); returns the final status.
  Status Run();
  // Forgets the result and the bindings, so the statement can run again.
  void Reset();
  Status status() const { return status_; }
  // Rows changed by the last INSERT/UPDATE/DELETE run.
  int64_t changes() const { return changes_; }

  std::string Text(int column) const;
  // The text without a copy: valid until the next Step or Reset.
  std::string_view TextView(int column) const;
  int64_t Int(int column) const;
  bool IsNull(int column) const;

 private:
  struct Param {
    std::optional<std::string> value;
    Oid type = 0;
    bool bound = false;
  };
  bool Execute();
  bool FetchMore();
  void CloseCursor();
  Statement& Set(int index, std::optional<std::string> value, Oid type);

  Connection& conn_;
  Sql sql_;
  std::vector<Param> params_;
  PGresult* result_ = nullptr;
  int row_ = -1;
  int rows_ = 0;
  bool executed_ = false;
  bool done_ = false;
  int stream_batch_ = 0;
  std::string cursor_;  // non-empty while a cursor is open
  int64_t changes_ = 0;
  Status status_;
};

class Connection {
 public:
  // Connects with a libpq connection string or postgresql:// URL.
  static Result<std::unique_ptr<Connection>> Open(const std::string& conninfo);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // A statement ready to bind; prepared on this connection at first use.
  Result<std::unique_ptr<Statement>> Prepare(const Sql& sql);
  // Runs one or more statements with no parameters (migrations, BEGIN).
  Status Exec(std::string_view sql, const char* name);

  // False once the server has gone away; such a connection is not reused.
  bool healthy() const;
  PGconn* raw() { return conn_; }

 private:
  friend class Statement;
  explicit Connection(PGconn* conn) : conn_(conn) {}
  // Prepares `sql` with the parameter types of its first execution.
  Status EnsurePrepared(const Sql& sql, const std::vector<Oid>& types);
  std::string NextCursorName();

  PGconn* conn_;
  std::unordered_set<std::string> prepared_;
  int64_t cursors_ = 0;
};

// Maps a failed result (or, with none, the connection's state) to the error
// vocabulary: unique violation → kConflict, foreign key violation →
// kInvalidArgument, a lost connection → kUnavailable.
Error ErrorFromPostgres(PGconn* conn, const PGresult* result, const char* statement_name);

}  // namespace threadline::store::postgres
