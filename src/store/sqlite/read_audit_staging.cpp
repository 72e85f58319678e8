#include "store/sqlite/read_audit_staging.hpp"

#include "domain/ids.hpp"

namespace threadline::store::sqlite {
namespace {

// The file's own schema: it has no migrations, so a change to it must keep
// reading what an older version staged (add, never alter).
constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS staging_file ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  file_id TEXT NOT NULL) STRICT;"
    "CREATE TABLE IF NOT EXISTS staged_read_audit ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"  // never reused, even after a prune
    "  at TEXT NOT NULL, actor_id TEXT NOT NULL, agency_id TEXT NOT NULL,"
    "  action TEXT NOT NULL, record_type TEXT NOT NULL, record_id TEXT NOT NULL,"
    "  request_id TEXT NOT NULL, source TEXT NOT NULL, purpose TEXT NOT NULL) STRICT;";
constexpr Sql kClaimFileId{"staging.claim_id",
                           "INSERT OR IGNORE INTO staging_file (id, file_id) VALUES (1, ?1)"};
constexpr Sql kFileId{"staging.file_id", "SELECT file_id FROM staging_file"};
constexpr Sql kStage{"staging.insert",
                     "INSERT INTO staged_read_audit (at, actor_id, agency_id, action, record_type, "
                     "record_id, request_id, source, purpose) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)"};
constexpr Sql kAfter{"staging.after",
                     "SELECT id, at, actor_id, agency_id, action, record_type, record_id, "
                     "request_id, source, purpose FROM staged_read_audit WHERE id > ?1 "
                     "ORDER BY id LIMIT ?2"};
constexpr Sql kAny{"staging.any", "SELECT EXISTS (SELECT 1 FROM staged_read_audit)"};
constexpr Sql kPrune{"staging.prune", "DELETE FROM staged_read_audit WHERE id <= ?1"};

// In the main file (migration 0012).
constexpr Sql kMergedState{"audit.staging_state",
                           "SELECT staging_file_id, merged_upto FROM audit_staging_state"};
constexpr Sql kSetMergedState{
    "audit.staging_set_state",
    "UPDATE audit_staging_state SET staging_file_id = ?1, merged_upto = ?2"};

}  // namespace

std::string ReadAuditStagingPath(const std::string& main_path) { return main_path + "-read-audit"; }

Result<std::unique_ptr<ReadAuditStaging>> ReadAuditStaging::Open(const std::string& main_path) {
  auto conn = Connection::Open(ReadAuditStagingPath(main_path), /*read_only=*/false);
  if (!conn.ok()) return conn.error();
  std::string file_id;
  // IMMEDIATE: two processes opening a new file at once agree on one id.
  const Status opened = InTransaction(**conn, tx_sql::kBeginImmediate, [&]() -> Status {
    if (Status s = (*conn)->Exec(kSchema, "staging.schema"); !s.ok()) return s;
    auto claim = (*conn)->Prepare(kClaimFileId);
    if (!claim.ok()) return claim.error();
    (*claim)->Bind(1, domain::NewId());
    if (Status s = (*claim)->Run(); !s.ok()) return s;
    auto id = (*conn)->Prepare(kFileId);
    if (!id.ok()) return id.error();
    if (!(*id)->Step()) {
      return (*id)->status().ok() ? Internal("the staging file has no id") : (*id)->status();
    }
    file_id = (*id)->Text(0);
    return Status::Ok();
  });
  if (!opened.ok()) return opened.error();
  return std::unique_ptr<ReadAuditStaging>(
      new ReadAuditStaging(std::move(*conn), std::move(file_id)));
}

Status ReadAuditStaging::Stage(const std::vector<domain::AuditEntry>& entries) {
  const std::lock_guard lock(mutex_);
  return InTransaction(*conn_, tx_sql::kBeginImmediate, [&]() -> Status {
    for (const auto& e : entries) {
      auto stmt = conn_->Prepare(kStage);
      if (!stmt.ok()) return stmt.error();
      (*stmt)->Bind(1, e.at).Bind(2, e.actor_id).Bind(3, e.agency_id).Bind(4, e.action);
      (*stmt)->Bind(5, e.record_type).Bind(6, e.record_id).Bind(7, e.request_id);
      (*stmt)->Bind(8, e.source).Bind(9, e.purpose);
      if (Status s = (*stmt)->Run(); !s.ok()) return s;
    }
    return Status::Ok();
  });
}

Result<std::vector<StagedEntry>> ReadAuditStaging::After(int64_t after, size_t limit) {
  const std::lock_guard lock(mutex_);
  std::vector<StagedEntry> out;
  auto stmt = conn_->Prepare(kAfter);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, after).Bind(2, static_cast<int64_t>(limit));
  while ((*stmt)->Step()) {
    const Statement& s = **stmt;
    out.push_back({s.Int(0),
                   {0, s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Text(7),
                    s.Text(8), s.Text(9), ""}});
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

Result<MergeStep> MergeStagedChunk(Connection& main, WriteTx& tx, ReadAuditStaging& staging) {
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
  if (staged->empty()) return MergeStep{after, false};
  for (const auto& s : *staged) {
    if (auto seq = tx.AppendAudit(s.entry); !seq.ok()) return seq.error();
  }
  const int64_t last = staged->back().id;
  auto set = main.Prepare(kSetMergedState);
  if (!set.ok()) return set.error();
  (*set)->Bind(1, staging.file_id()).Bind(2, last);
  if (Status s = (*set)->Run(); !s.ok()) return s.error();
  return MergeStep{last, staged->size() == kMergePerTransaction};
}

}  // namespace threadline::store::sqlite
