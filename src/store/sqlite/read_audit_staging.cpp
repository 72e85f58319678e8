#include "store/sqlite/read_audit_staging.hpp"

#include <array>
#include <cstdint>
#include <string_view>

#include "domain/ids.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace threadline::store::sqlite {
namespace {

// The file's own schema: it has no migrations, so a change to it must keep
// reading what an older version staged (add, never alter). One row per
// staged batch: one insert per batch is what makes staging cheap.
constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS staging_file ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  file_id TEXT NOT NULL,"
    "  database_id TEXT NOT NULL) STRICT;"
    "CREATE TABLE IF NOT EXISTS staged_read_audit ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"  // never reused, even after a prune
    "  entries INTEGER NOT NULL,"
    "  batch BLOB NOT NULL) STRICT;";
constexpr Sql kClaimFileId{
    "staging.claim_id",
    "INSERT OR IGNORE INTO staging_file (id, file_id, database_id) VALUES (1, ?1, ?2)"};
constexpr Sql kFileId{"staging.file_id", "SELECT file_id, database_id FROM staging_file"};
constexpr Sql kStage{"staging.insert",
                     "INSERT INTO staged_read_audit (entries, batch) VALUES (?1, ?2)"};
constexpr Sql kAfter{"staging.after",
                     "SELECT id, entries, batch FROM staged_read_audit WHERE id > ?1 ORDER BY id"};
constexpr Sql kAny{"staging.any", "SELECT EXISTS (SELECT 1 FROM staged_read_audit)"};
constexpr Sql kPrune{"staging.prune", "DELETE FROM staged_read_audit WHERE id <= ?1"};

// A batch is its entries' fields in order (the hash and seq are given at
// the merge), each as a 4-byte little-endian length and its bytes.
template <typename Entry>  // domain::AuditEntry, const or not
auto Fields(Entry& e) {
  return std::array{&e.at,        &e.actor_id,   &e.agency_id, &e.action, &e.record_type,
                    &e.record_id, &e.request_id, &e.source,    &e.purpose};
}

void PutField(std::string& out, std::string_view value) {
  const auto n = static_cast<uint32_t>(value.size());
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((n >> shift) & 0xff));
  out.append(value);
}

bool GetField(std::string_view& in, std::string& out) {
  if (in.size() < 4) return false;
  uint32_t n = 0;
  for (int i = 3; i >= 0; --i) {
    n = (n << 8) | static_cast<unsigned char>(in[static_cast<size_t>(i)]);
  }
  in.remove_prefix(4);
  if (in.size() < n) return false;
  out.assign(in.data(), n);
  in.remove_prefix(n);
  return true;
}

std::string Encode(const std::vector<domain::AuditEntry>& entries) {
  std::string out;
  for (const auto& e : entries) {
    for (const std::string* f : Fields(e)) PutField(out, *f);
  }
  return out;
}

// Appends the batch's `count` entries to `out`; false when the bytes are
// not exactly that many whole entries.
bool Decode(int64_t count, std::string_view in, std::vector<domain::AuditEntry>& out) {
  for (int64_t i = 0; i < count; ++i) {
    domain::AuditEntry e;
    for (std::string* f : Fields(e)) {
      if (!GetField(in, *f)) return false;
    }
    out.push_back(std::move(e));
  }
  return in.empty();
}

// In the main file (migration 0012).
constexpr Sql kDatabaseId{"audit.database_id", "SELECT database_id FROM audit_staging_state"};
constexpr Sql kMergedState{"audit.staging_state",
                           "SELECT staging_file_id, merged_upto FROM audit_staging_state"};
constexpr Sql kSetMergedState{
    "audit.staging_set_state",
    "UPDATE audit_staging_state SET staging_file_id = ?1, merged_upto = ?2"};

}  // namespace

std::string ReadAuditStagingPath(const std::string& main_path) { return main_path + "-read-audit"; }

Result<std::string> DatabaseId(Connection& main) {
  auto stmt = main.Prepare(kDatabaseId);
  if (!stmt.ok()) return stmt.error();
  if (!(*stmt)->Step()) {
    if (!(*stmt)->status().ok()) return (*stmt)->status().error();
    return Internal("the audit staging state is missing");
  }
  std::string id = (*stmt)->Text(0);
  (*stmt)->Reset();
  return id;
}

Result<std::unique_ptr<ReadAuditStaging>> ReadAuditStaging::Open(const std::string& main_path,
                                                                 const std::string& database_id) {
  const std::string path = ReadAuditStagingPath(main_path);
  auto conn = Connection::Open(path, /*read_only=*/false);
  if (!conn.ok()) return conn.error();
  std::string file_id;
  std::string belongs_to;
  // IMMEDIATE: two processes opening a new file at once agree on one id.
  const Status opened = InTransaction(**conn, tx_sql::kBeginImmediate, [&]() -> Status {
    if (Status s = (*conn)->Exec(kSchema, "staging.schema"); !s.ok()) return s;
    auto claim = (*conn)->Prepare(kClaimFileId);
    if (!claim.ok()) return claim.error();
    (*claim)->Bind(1, domain::NewId()).Bind(2, database_id);
    if (Status s = (*claim)->Run(); !s.ok()) return s;
    auto id = (*conn)->Prepare(kFileId);
    if (!id.ok()) return id.error();
    if (!(*id)->Step()) {
      return (*id)->status().ok() ? Internal("the staging file has no id") : (*id)->status();
    }
    file_id = (*id)->Text(0);
    belongs_to = (*id)->Text(1);
    (*id)->Reset();
    return Status::Ok();
  });
  if (!opened.ok()) return opened.error();
  if (belongs_to != database_id) {
    // Left beside a database that was since replaced: its entries were
    // never merged into this one, and must not be.
    return Conflict("the read-audit staging file " + path +
                    " belongs to another database; move it aside (with its -wal file) before "
                    "opening this one, and merge it, if it is needed, beside the database it "
                    "belongs to");
  }
  return std::unique_ptr<ReadAuditStaging>(
      new ReadAuditStaging(std::move(*conn), std::move(file_id)));
}

Status ReadAuditStaging::Stage(const std::vector<domain::AuditEntry>& entries) {
  const std::string batch = Encode(entries);
  const std::lock_guard lock(mutex_);
  auto stmt = conn_->Prepare(kStage);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, static_cast<int64_t>(entries.size())).BindBlob(2, batch);
  return (*stmt)->Run();
}

Result<StagedBatches> ReadAuditStaging::After(int64_t after, size_t limit) {
  const std::lock_guard lock(mutex_);
  StagedBatches out;
  auto stmt = conn_->Prepare(kAfter);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, after);
  // Whole batches, until `limit` is reached.
  while (out.entries.size() < limit && (*stmt)->Step()) {
    out.last_batch = (*stmt)->Int(0);
    if (!Decode((*stmt)->Int(1), (*stmt)->BlobView(2), out.entries)) {
      (*stmt)->Reset();
      return Internal("staged read-audit batch " + std::to_string(out.last_batch) + " is damaged");
    }
  }
  const Status status = (*stmt)->status();
  (*stmt)->Reset();  // ends the read snapshot
  if (!status.ok()) return status.error();
  return out;
}

Result<bool> ReadAuditStaging::Any() {
  const std::lock_guard lock(mutex_);
  auto stmt = conn_->Prepare(kAny);
  if (!stmt.ok()) return stmt.error();
  const bool any = (*stmt)->Step() && (*stmt)->Int(0) != 0;
  const Status status = (*stmt)->status();
  (*stmt)->Reset();
  if (!status.ok()) return status.error();
  return any;
}

Status ReadAuditStaging::Prune(int64_t upto) {
  const std::lock_guard lock(mutex_);
  auto stmt = conn_->Prepare(kPrune);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, upto);
  return (*stmt)->Run();
}

Result<MergeStep> MergeStagedChunk(Connection& main, ReadAuditStaging& staging) {
  std::string merged_file;
  int64_t merged_upto = 0;
  {
    auto state = main.Prepare(kMergedState);
    if (!state.ok()) return state.error();
    if (!(*state)->Step()) {
      if (!(*state)->status().ok()) return (*state)->status().error();
      return Internal("the audit staging state is missing");
    }
    merged_file = (*state)->Text(0);
    merged_upto = (*state)->Int(1);
    (*state)->Reset();
  }
  // What the log holds of another staging file says nothing about this one.
  const int64_t after = merged_file == staging.file_id() ? merged_upto : 0;
  auto staged = staging.After(after, kMergePerTransaction);
  if (!staged.ok()) return staged.error();
  if (staged->entries.empty()) return MergeStep{after, false};
  SqliteTx tx(main);
  if (Status s = tx.AppendAuditRun(staged->entries); !s.ok()) return s.error();
  auto set = main.Prepare(kSetMergedState);
  if (!set.ok()) return set.error();
  (*set)->Bind(1, staging.file_id()).Bind(2, staged->last_batch);
  if (Status s = (*set)->Run(); !s.ok()) return s.error();
  return MergeStep{staged->last_batch, staged->entries.size() >= kMergePerTransaction};
}

}  // namespace threadline::store::sqlite
