#include "store/postgres/db.hpp"

#include <cstdlib>
#include <string>

namespace threadline::store::postgres {
namespace {

constexpr Oid kTextOid = 25;
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextArrayOid = 1009;

std::string Trimmed(const char* message) {
  std::string out = message != nullptr ? message : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Notices ("relation already exists, skipping") are not errors and must not
// reach standard error, where they would look like one.
void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

bool ResultOk(const PGresult* result) {
  const ExecStatusType status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
}

// A text[] literal: every element quoted, backslashes and quotes escaped.
std::string ArrayLiteral(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

}  // namespace

Error ErrorFromPostgres(PGconn* conn, const PGresult* result, const char* statement_name) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string message =
      Trimmed(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn));
  const std::string detail = std::string(statement_name) + ": " + message;
  // No SQLSTATE means libpq itself gave up: the server or the socket is gone.
  if (state == nullptr || PQstatus(conn) != CONNECTION_OK) return Unavailable(detail);
  const std::string_view code(state);
  Error e = Internal(detail);
  if (code == "23505") {
    e = Conflict("a record with that key already exists");
  } else if (code == "23503") {
    e = InvalidArgument("a referenced record does not exist");
  } else if (StartsWith(code, "23") || code == "P0001") {
    // Check constraints, and the triggers that keep the audit log append-only.
    e = InvalidArgument("the record breaks a storage rule");
  } else if (StartsWith(code, "08") || StartsWith(code, "53") || StartsWith(code, "57P") ||
             StartsWith(code, "40")) {
    // Connection trouble, an exhausted server, a shutdown, or a
    // serialization failure or deadlock: nothing was written, try again.
    return Unavailable(detail);
  } else {
    return e;
  }
  e.log_detail = detail;
  return e;
}

Statement::~Statement() {
  CloseCursor();
  PQclear(result_);
}

Statement& Statement::Set(int index, std::optional<std::string> value, Oid type) {
  if (index < 1) {
    if (status_.ok()) status_ = Internal(std::string(sql_.name) + ": parameter index below 1");
    return *this;
  }
  if (params_.size() < static_cast<size_t>(index)) params_.resize(static_cast<size_t>(index));
  params_[static_cast<size_t>(index) - 1] = {std::move(value), type, true};
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  return Set(index, std::string(text), kTextOid);
}

Statement& Statement::Bind(int index, int64_t value) {
  return Set(index, std::to_string(value), kInt8Oid);
}

Statement& Statement::BindArray(int index, const std::vector<std::string>& values) {
  return Set(index, ArrayLiteral(values), kTextArrayOid);
}

Statement& Statement::BindNull(int index) { return Set(index, std::nullopt, 0); }

Statement& Statement::Stream(int batch) {
  stream_batch_ = batch > 0 ? batch : 1000;
  return *this;
}

bool Statement::Execute() {
  std::vector<Oid> types;
  std::vector<const char*> values;
  types.reserve(params_.size());
  values.reserve(params_.size());
  for (const auto& p : params_) {
    // A parameter the SQL does not use still needs a type; text will do. A
    // deliberate NULL is left untyped for the SQL's cast to decide.
    types.push_back(p.bound ? p.type : kTextOid);
    values.push_back(p.value ? p.value->c_str() : nullptr);
  }
  PGconn* pg = conn_.raw();
  if (stream_batch_ > 0) {
    cursor_ = conn_.NextCursorName();
    const std::string declare = "DECLARE " + cursor_ + " NO SCROLL CURSOR FOR " + sql_.text;
    PGresult* declared = PQexecParams(pg, declare.c_str(), static_cast<int>(values.size()),
                                      types.data(), values.data(), nullptr, nullptr, 0);
    const bool ok = PQresultStatus(declared) == PGRES_COMMAND_OK;
    if (!ok) {
      status_ = ErrorFromPostgres(pg, declared, sql_.name);
      cursor_.clear();
    }
    PQclear(declared);
    return ok && FetchMore();
  }
  if (Status s = conn_.EnsurePrepared(sql_, types); !s.ok()) {
    status_ = s;
    return false;
  }
  result_ = PQexecPrepared(pg, sql_.name, static_cast<int>(values.size()), values.data(), nullptr,
                           nullptr, 0);
  if (!ResultOk(result_)) {
    status_ = ErrorFromPostgres(pg, result_, sql_.name);
    return false;
  }
  rows_ = PQntuples(result_);
  row_ = -1;
  const char* changed = PQcmdTuples(result_);
  changes_ = changed != nullptr && *changed != '\0' ? std::strtoll(changed, nullptr, 10) : 0;
  return true;
}

bool Statement::FetchMore() {
  PQclear(result_);
  const std::string fetch = "FETCH FORWARD " + std::to_string(stream_batch_) + " FROM " + cursor_;
  result_ = PQexec(conn_.raw(), fetch.c_str());
  if (PQresultStatus(result_) != PGRES_TUPLES_OK) {
    status_ = ErrorFromPostgres(conn_.raw(), result_, sql_.name);
    cursor_.clear();  // the transaction is failed; its rollback closes the cursor
    return false;
  }
  rows_ = PQntuples(result_);
  row_ = -1;
  if (rows_ == 0) CloseCursor();
  return true;
}

void Statement::CloseCursor() {
  if (cursor_.empty()) return;
  const std::string close = "CLOSE " + cursor_;
  cursor_.clear();
  if (PQtransactionStatus(conn_.raw()) != PQTRANS_INTRANS) return;
  PQclear(PQexec(conn_.raw(), close.c_str()));
}

bool Statement::Step() {
  if (!status_.ok() || done_) return false;
  if (!executed_) {
    executed_ = true;
    if (!Execute()) return false;
  }
  while (true) {
    if (row_ + 1 < rows_) {
      ++row_;
      return true;
    }
    if (cursor_.empty()) {
      done_ = true;
      return false;
    }
    if (!FetchMore()) return false;
  }
}

Status Statement::Run() {
  while (Step()) {
  }
  return status_;
}

void Statement::Reset() {
  CloseCursor();
  PQclear(result_);
  result_ = nullptr;
  params_.clear();
  row_ = -1;
  rows_ = 0;
  executed_ = false;
  done_ = false;
  changes_ = 0;
  status_ = Status::Ok();
}

std::string Statement::Text(int column) const { return std::string(TextView(column)); }

std::string_view Statement::TextView(int column) const {
  if (result_ == nullptr || row_ < 0 || PQgetisnull(result_, row_, column) != 0) return {};
  return {PQgetvalue(result_, row_, column),
          static_cast<size_t>(PQgetlength(result_, row_, column))};
}

int64_t Statement::Int(int column) const {
  if (result_ == nullptr || row_ < 0 || PQgetisnull(result_, row_, column) != 0) return 0;
  return std::strtoll(PQgetvalue(result_, row_, column), nullptr, 10);
}

bool Statement::IsNull(int column) const {
  return result_ == nullptr || row_ < 0 || PQgetisnull(result_, row_, column) != 0;
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& conninfo) {
  PGconn* pg = PQconnectdb(conninfo.c_str());
  if (pg == nullptr) return Unavailable("connect: out of memory");
  if (PQstatus(pg) != CONNECTION_OK) {
    Error e = Unavailable("connect: " + Trimmed(PQerrorMessage(pg)));
    PQfinish(pg);
    return e;
  }
  PQsetNoticeProcessor(pg, &IgnoreNotice, nullptr);
  std::unique_ptr<Connection> conn(new Connection(pg));
  // Timestamps are stored as canonical text; nothing depends on the session
  // time zone, but a fixed one keeps now() in logs comparable.
  if (Status s = conn->Exec("SET TIME ZONE 'UTC'", "connect.settings"); !s.ok()) return s.error();
  return conn;
}

Connection::~Connection() { PQfinish(conn_); }

bool Connection::healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

std::string Connection::NextCursorName() { return "threadline_scan_" + std::to_string(++cursors_); }

Status Connection::EnsurePrepared(const Sql& sql, const std::vector<Oid>& types) {
  if (prepared_.count(sql.name) > 0) return Status::Ok();
  PGresult* result =
      PQprepare(conn_, sql.name, sql.text, static_cast<int>(types.size()), types.data());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  Status s = ok ? Status::Ok() : Status(ErrorFromPostgres(conn_, result, sql.name));
  PQclear(result);
  if (ok) prepared_.insert(sql.name);
  return s;
}

Result<std::unique_ptr<Statement>> Connection::Prepare(const Sql& sql) {
  return std::make_unique<Statement>(*this, sql);
}

Status Connection::Exec(std::string_view sql, const char* name) {
  const std::string text(sql);
  PGresult* result = PQexec(conn_, text.c_str());
  Status s = ResultOk(result) ? Status::Ok() : Status(ErrorFromPostgres(conn_, result, name));
  PQclear(result);
  return s;
}

}  // namespace threadline::store::postgres
