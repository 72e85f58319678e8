#pragma once
// Where the SQLite backend keeps read-audit entries from the moment they are
// durable until they join the chained log: a database file of its own beside
// the main one (ReadAuditStagingPath).
//
// Why a second file: in WAL mode every commit to a database empties the page
// cache of every other connection to it. Written into the main file, each
// batch of read-audit entries made every reader re-read its pages from the
// operating system. Staged here, they leave the readers' caches alone; the
// main file changes only when staged entries are merged into the log, in a
// few large transactions (sqlite_store.cpp says when).
//
// Merging survives a crash at any point without losing or repeating an
// entry: the main file records, in the same transaction as the merged
// entries, the last staged id merged and which staging file it came from.
// Each staging file has a random id of its own, so a file deleted or
// replaced is never taken for the old one; ids are never reused within a
// file. Rows are deleted from here once their merge has committed; rows a
// crash left behind are skipped by the next merge and deleted then.
//
// Thread-safe: one connection, used under a mutex.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/records.hpp"
#include "domain/result.hpp"
#include "store/sqlite/db.hpp"

namespace threadline::store::sqlite {

// The staging file of the database at `main_path`.
std::string ReadAuditStagingPath(const std::string& main_path);

// The random id the database at `main` was given (migration 0012).
Result<std::string> DatabaseId(Connection& main);

// Staged entries read back, in staging order, without seq or hash (given
// when they are merged), and the last batch they came from.
struct StagedBatches {
  std::vector<domain::AuditEntry> entries;
  int64_t last_batch = 0;
};

class ReadAuditStaging {
 public:
  // Opens the staging file of `main_path`, creating it when absent for the
  // database `database_id` (DatabaseId). kConflict when the file was made
  // for another database: one deleted or replaced since, whose staged
  // entries must not be merged into this one.
  static Result<std::unique_ptr<ReadAuditStaging>> Open(const std::string& main_path,
                                                        const std::string& database_id);

  // The random id this staging file was created with.
  const std::string& file_id() const { return file_id_; }

  // Makes `entries` durable, in order, as one staged batch.
  Status Stage(const std::vector<domain::AuditEntry>& entries);
  // The entries of the batches staged after batch `after`, in staging
  // order: whole batches, until at least `limit` entries (or all there are).
  // kInternal when a batch cannot be read back (a damaged file).
  Result<StagedBatches> After(int64_t after, size_t limit);
  // Whether any batch is staged, merged or not: false means nothing to merge.
  Result<bool> Any();
  // Deletes the batches up to `upto` (merged).
  Status Prune(int64_t upto);

 private:
  ReadAuditStaging(std::unique_ptr<Connection> conn, std::string file_id)
      : conn_(std::move(conn)), file_id_(std::move(file_id)) {}

  std::mutex mutex_;
  std::unique_ptr<Connection> conn_;
  const std::string file_id_;
};

// Entries merged into the log per transaction (whole batches, so a little
// more): each commit empties the main file's readers' caches once, and
// holds its writer for about as long as this many appends take (about ten
// milliseconds).
inline constexpr size_t kMergePerTransaction = 2048;

// One merge step, inside a write transaction of the main file on `main`
// (a callback of its group commit). Appends the next staged
// entries (whole batches, about kMergePerTransaction) to the log and records how far the
// log has them. Returns the staged id up to which rows may now be pruned
// (once the transaction has committed), and whether more are staged.
struct MergeStep {
  int64_t prune_upto = 0;
  bool more = false;
};
Result<MergeStep> MergeStagedChunk(Connection& main, ReadAuditStaging& staging);

}  // namespace threadline::store::sqlite
