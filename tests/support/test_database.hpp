#pragma once
// One empty database for one test, on either storage backend, so a test
// suite of the Store contract runs unchanged against both: a SQLite file in
// a temp directory, or a fresh database on the test program's PostgreSQL
// server (postgres_server.hpp). Besides the URL or path the store opens, it
// offers direct SQL access, as someone with access to the database (not the
// application) would have, for tests that tamper or look underneath.

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "postgres_server.hpp"

namespace threadline::testing {

enum class Backend { kSqlite, kPostgres };

inline const char* BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "sqlite" : "postgres";
}

// So test lists show "GetParam() = postgres", not the enum's bytes.
inline void PrintTo(Backend backend, std::ostream* os) { *os << BackendName(backend); }

inline std::vector<Backend> AllBackends() { return {Backend::kSqlite, Backend::kPostgres}; }

// Names the instances of a value-parameterised test after the backend.
struct BackendParamName {
  std::string operator()(const ::testing::TestParamInfo<Backend>& info) const {
    return BackendName(info.param);
  }
};

class TestDatabase {
 public:
  explicit TestDatabase(Backend backend) : backend_(backend) {
    if (backend_ == Backend::kPostgres) {
      name_ = PostgresServer::Shared().CreateDatabase();
      url_ = PostgresServer::Shared().Url(name_);
      return;
    }
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "threadline_db_" + std::to_string(::getpid());
    if (info != nullptr) name += std::string("_") + info->test_suite_name() + "_" + info->name();
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    dir_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    url_ = (dir_ / "t.db").string();
  }
  ~TestDatabase() {
    // A PostgreSQL database goes with the test server's directory.
    if (backend_ == Backend::kPostgres) return;
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Backend backend() const { return backend_; }
  bool postgres() const { return backend_ == Backend::kPostgres; }
  // What the store opens: a file path or a postgresql:// URL.
  const std::string& url() const { return url_; }
  const std::filesystem::path& dir() const { return dir_; }

  // Runs SQL (one or more statements) directly; "" on success, else the
  // database's error message.
  std::string Exec(const std::string& sql) const {
    if (postgres()) {
      PGconn* conn = Connect();
      PGresult* result = PQexec(conn, sql.c_str());
      const ExecStatusType status = PQresultStatus(result);
      std::string error = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK
                              ? ""
                              : std::string(PQresultErrorMessage(result));
      if (error.empty() && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) error = "?";
      PQclear(result);
      PQfinish(conn);
      return error;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open(url_.c_str(), &db) != SQLITE_OK) return "cannot open " + url_;
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    std::string error = rc == SQLITE_OK ? "" : (message != nullptr ? message : "error");
    sqlite3_free(message);
    sqlite3_close(db);
    return error;
  }

  // Every row of a query, each column as text (NULL as "").
  std::vector<std::vector<std::string>> Rows(const std::string& sql) const {
    std::vector<std::vector<std::string>> out;
    if (postgres()) {
      PGconn* conn = Connect();
      PGresult* result = PQexec(conn, sql.c_str());
      EXPECT_EQ(PQresultStatus(result), PGRES_TUPLES_OK) << sql << PQresultErrorMessage(result);
      for (int r = 0; r < PQntuples(result); ++r) {
        std::vector<std::string> row;
        row.reserve(static_cast<size_t>(PQnfields(result)));
        for (int c = 0; c < PQnfields(result); ++c) row.emplace_back(PQgetvalue(result, r, c));
        out.push_back(std::move(row));
      }
      PQclear(result);
      PQfinish(conn);
      return out;
    }
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(url_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        const auto* text = sqlite3_column_text(stmt, c);
        row.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "");
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
  }

  // The first column of every row of a query.
  std::vector<std::string> Column(const std::string& sql) const {
    std::vector<std::string> out;
    for (auto& row : Rows(sql)) out.push_back(row.empty() ? "" : std::move(row[0]));
    return out;
  }

  // Everything stored, as one string to search: the SQLite files (the
  // database and its read-audit staging file) and their write-ahead logs
  // byte for byte; for PostgreSQL, whose pages may still be in the server's
  // memory, every row of every table as text.
  std::string Everything() const {
    if (!postgres()) {
      std::string out;
      for (const std::string& file : {url_, url_ + "-read-audit"}) {
        out += FileBytes(file) + FileBytes(file + "-wal");
      }
      return out;
    }
    std::string out;
    for (const auto& table :
         Column("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")) {
      for (const auto& row : Column("SELECT t::text FROM " + table + " t")) out += row + "\n";
    }
    return out;
  }

 private:
  static std::string FileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  PGconn* Connect() const {
    PGconn* conn = PQconnectdb(url_.c_str());
    EXPECT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    return conn;
  }

  Backend backend_;
  std::string name_;
  std::string url_;
  std::filesystem::path dir_;
};

}  // namespace threadline::testing
