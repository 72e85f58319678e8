#pragma once
// The embedded SQLite backend of Store: one file, WAL mode, one writer
// connection and a pool of reader connections (one per concurrent reader).
// Acknowledged writes are durable (synchronous = FULL) before Write returns;
// concurrent writes share commits (see group_commit.hpp).

#include <chrono>
#include <memory>
#include <string>

#include "store/store.hpp"

namespace threadline::store {

struct SqliteOptions {
  std::string path;        // the database file; created when absent
  size_t max_readers = 8;  // reader connections kept open
  bool apply_migrations = true;
  size_t max_batch = 64;  // concurrent writes that may share one commit
  // Read-audit entries staged by the read-audit queue (see
  // read_audit_staging.hpp) join the chained log at the latest this long
  // after the first of them was staged, sooner when many are staged or the
  // log is about to be read (FlushAudit).
  std::chrono::milliseconds audit_merge_after{1000};
  // At most this many entries staged and not yet merged: beyond it, staging
  // waits for a merge (and fails when the merge fails), so the read-audit
  // queue holds its readers back, and refuses reads, rather than the
  // staging file growing without bound behind a log that cannot keep up.
  int64_t audit_max_staged = 65536;
};

// Opens the database and (by default) applies pending migrations.
Result<std::unique_ptr<Store>> OpenSqlite(const SqliteOptions& options);

}  // namespace threadline::store
