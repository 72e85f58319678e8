#pragma once
// The one storage interface of Threadline.
//
// Everything above the store talks to `Store`, never to a database API, so a
// PostgreSQL backend can stand in for SQLite without anything above knowing.
//
// Contract:
//  - `Read` runs `fn` on a consistent snapshot; concurrent `Read`s may run in
//    parallel with each other and with one `Write`.
//  - `Write` runs `fn` in one transaction. If `fn` returns OK, the transaction
//    is committed and durable before `Write` returns OK; if `fn` returns an
//    error (or a statement fails), everything `fn` wrote is rolled back and
//    that error is returned. Nothing is ever half-written.
//  - When the commit itself fails the outcome is "in doubt" only if the
//    database reports an I/O error; `Write` then returns kUnavailable and the
//    caller must re-read before retrying.
//  - "Not found" is ErrorCode::kNotFound with a message naming the record type.
//  - Every method is thread-safe; a transaction object must not escape `fn`.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/records.hpp"
#include "domain/result.hpp"

namespace threadline::store {

// Reports in pages, newest first. The cursor is opaque to callers.
struct ReportFilter {
  std::optional<domain::Id> force_id;
  std::string from;  // inclusive, canonical timestamp, empty = unbounded
  std::string to;    // exclusive, canonical timestamp, empty = unbounded
  std::string cursor;
  size_t limit = 50;
};

struct ReportPage {
  std::vector<domain::Report> reports;
  std::string next_cursor;  // empty on the last page
};

struct AuditFilter {
  std::string record_type;
  domain::Id record_id;
  int64_t after_seq = 0;
  size_t limit = 100;
};

// Tables whose size may be asked for (tests and health checks).
enum class Table { kAgencies, kUsers, kPersons, kReports, kOutcomes, kAudit, kScreenings };

class ReadTx {
 public:
  virtual ~ReadTx() = default;

  virtual Result<std::vector<domain::Agency>> ListAgencies() = 0;
  virtual Result<domain::Agency> GetAgency(const domain::Id& id) = 0;
  virtual Result<domain::Agency> GetAgencyByCode(std::string_view code) = 0;

  virtual Result<domain::User> GetUserByName(std::string_view username) = 0;
  virtual Result<std::vector<domain::User>> ListUsers() = 0;

  virtual Result<domain::Person> GetPerson(const domain::Id& id) = 0;
  // Persons in id order after `after_id` (empty: from the start), at most `limit`.
  virtual Result<std::vector<domain::Person>> ListPersons(const domain::Id& after_id,
                                                          size_t limit) = 0;
  // Reports in which the person takes part, oldest first.
  virtual Result<std::vector<domain::Id>> ListReportIdsForPerson(const domain::Id& person_id) = 0;

  virtual Result<domain::Report> GetReport(const domain::Id& id) = 0;
  // kInvalidArgument when the cursor is not one this store issued.
  virtual Result<ReportPage> ListReports(const ReportFilter& filter) = 0;

  virtual Result<std::vector<domain::Outcome>> ListOutcomes(const domain::Id& report_id) = 0;

  virtual Result<domain::Screening> GetScreening(const domain::Id& id) = 0;
  // Screenings of one report, oldest first.
  virtual Result<std::vector<domain::Screening>> ListScreenings(const domain::Id& report_id) = 0;
  // The most recent screening of a report; kNotFound when it has none.
  virtual Result<domain::Screening> LatestScreening(const domain::Id& report_id) = 0;

  virtual Result<std::vector<domain::AuditEntry>> ListAudit(const AuditFilter& filter) = 0;

  virtual Result<int64_t> Count(Table table) = 0;
};

class WriteTx : public ReadTx {
 public:
  // Each insert fails with kConflict when the id (or a unique key) exists,
  // and kInvalidArgument when a referenced record does not.
  virtual Status InsertAgency(const domain::Agency& agency) = 0;
  virtual Status InsertUser(const domain::User& user) = 0;
  // kNotFound when there is no such user.
  virtual Status SetUserPassword(const domain::Id& user_id, const std::string& password_hash) = 0;
  virtual Status InsertPerson(const domain::Person& person) = 0;
  // Stores the report with its behaviours and parties (persons must exist).
  virtual Status InsertReport(const domain::Report& report) = 0;
  virtual Status InsertOutcome(const domain::Outcome& outcome) = 0;
  // Stores the screening with its classifications.
  virtual Status InsertScreening(const domain::Screening& screening) = 0;
  // Appends one entry; `entry.seq` is ignored and assigned by the store.
  virtual Result<int64_t> AppendAudit(const domain::AuditEntry& entry) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Status Read(const std::function<Status(ReadTx&)>& fn) = 0;
  virtual Status Write(const std::function<Status(WriteTx&)>& fn) = 0;
  // OK when the database answers a trivial query.
  virtual Status Ping() = 0;
  // Which backend, for logs and `version` only; nothing may branch on it.
  virtual std::string_view backend() const = 0;
};

}  // namespace threadline::store
