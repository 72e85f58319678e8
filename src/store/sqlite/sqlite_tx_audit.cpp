// The audit log of the SQLite backend: appending chained entries, listing
// them, and streaming the whole log for verification.
#include <algorithm>
#include <memory>

#include "access/audit_chain.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace threadline::store::sqlite {
namespace {

// Listing by record id looks the record up in audit_record_chunks chunk by
// chunk (one seek each, in seq order), then scans the few entries after
// indexed_upto (migrations 0011 and 0014 say why). Listing without a record
// id takes a statement of its own: a planner cannot use an index behind
// "(id = '' OR record_id = id)". All take the same first four parameters (the
// first asks for an empty id).
constexpr Sql kListAudit{"audit.list",
                         "SELECT seq, at, actor_id, agency_id, action, record_type, record_id, "
                         "request_id, source, purpose, hash FROM audit_log "
                         "WHERE (?1 = '' OR record_type = ?1) AND ?2 = '' AND seq > ?3 "
                         "ORDER BY seq LIMIT ?4"};
constexpr Sql kListChunkRecordAudit{
    "audit.list_record_chunk",
    "SELECT a.seq, a.at, a.actor_id, a.agency_id, a.action, a.record_type, a.record_id, "
    "a.request_id, a.source, a.purpose, a.hash FROM audit_record_chunks i "
    "JOIN audit_log a ON a.seq = i.seq "
    "WHERE i.chunk = ?5 AND i.record_id = ?2 AND i.seq > ?3 AND (?1 = '' OR a.record_type = ?1) "
    "ORDER BY i.seq LIMIT ?4"};
constexpr Sql kListUnindexedRecordAudit{
    "audit.list_record_unindexed",
    "SELECT seq, at, actor_id, agency_id, action, record_type, record_id, request_id, source, "
    "purpose, hash FROM audit_log "
    "WHERE seq > max(?3, ?5) "
    "AND record_id = ?2 AND (?1 = '' OR record_type = ?1) ORDER BY seq LIMIT ?4"};
constexpr Sql kIndexedUpto{"audit.indexed_upto_read",
                           "SELECT indexed_upto FROM audit_record_index_state"};
// Sorted as the index is, so the chunk's rows are appended in order.
constexpr Sql kIndexAuditChunk{
    "audit.index_chunk",
    "INSERT INTO audit_record_chunks (chunk, record_id, seq) "
    "SELECT (seq - 1) / ?2, record_id, seq FROM audit_log "
    "WHERE seq > (SELECT indexed_upto FROM audit_record_index_state) AND seq <= ?1 "
    "AND record_id <> '' ORDER BY 1, 2, 3"};
constexpr Sql kAuditIndexedUpto{"audit.indexed_upto",
                                "UPDATE audit_record_index_state SET indexed_upto = ?1 "
                                "WHERE indexed_upto < ?1"};
constexpr Sql kScanAudit{"audit.scan",
                         "SELECT seq, at, actor_id, agency_id, action, record_type, record_id, "
                         "request_id, source, purpose, hash FROM audit_log "
                         "WHERE seq > ?1 ORDER BY seq"};
constexpr Sql kLastAudit{"audit.last", "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"};
constexpr Sql kAppendAudit{"audit.append",
                           "INSERT INTO audit_log (seq, at, actor_id, agency_id, action, "
                           "record_type, record_id, request_id, source, purpose, hash) "
                           "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)"};

// Copies a text column into `out`, reusing its buffer.
void AssignText(sqlite3_stmt* stmt, int column, std::string& out) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
  if (text == nullptr) {
    out.clear();
    return;
  }
  out.assign(text, static_cast<size_t>(sqlite3_column_bytes(stmt, column)));
}

}  // namespace

Result<std::vector<domain::AuditEntry>> SqliteTx::ListAudit(const AuditFilter& filter) {
  std::vector<domain::AuditEntry> out;
  // Appends up to `limit` more rows of `sql`, after the last row listed (or
  // the cursor): each statement continues the page the ones before began.
  // ?5 is the chunk looked in, or where the unindexed entries begin.
  auto list = [&](const Sql& sql, int64_t fifth) -> Status {
    auto stmt = conn_.Prepare(sql);
    if (!stmt.ok()) return stmt.error();
    const int64_t after = out.empty() ? filter.after_seq : out.back().seq;
    (*stmt)->Bind(1, filter.record_type).Bind(2, filter.record_id).Bind(3, after);
    (*stmt)->Bind(4, static_cast<int64_t>(filter.limit - out.size()));
    if (fifth >= 0) (*stmt)->Bind(5, fifth);
    while ((*stmt)->Step()) {
      const Statement& s = **stmt;
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6),
                     s.Text(7), s.Text(8), s.Text(9), s.Text(10)});
    }
    return (*stmt)->status();
  };
  if (filter.record_id.empty()) {
    if (Status s = list(kListAudit, -1); !s.ok()) return s.error();
    return out;
  }
  auto upto = IndexedUpto();
  if (!upto.ok()) return upto.error();
  // Chunks hold ascending ranges of seq, and every indexed entry comes
  // before every unindexed one. Only chunks that can hold an entry after
  // the cursor are looked in.
  const int64_t after_seq = std::max<int64_t>(0, filter.after_seq);
  const int64_t last_chunk = (*upto - 1) / kAuditIndexChunk;
  for (int64_t chunk = after_seq / kAuditIndexChunk;
       *upto > 0 && chunk <= last_chunk && out.size() < filter.limit; ++chunk) {
    if (Status s = list(kListChunkRecordAudit, chunk); !s.ok()) return s.error();
  }
  if (out.size() < filter.limit) {
    if (Status s = list(kListUnindexedRecordAudit, *upto); !s.ok()) return s.error();
  }
  return out;
}

Status SqliteTx::ScanAudit(int64_t after_seq,
                           const std::function<Status(const domain::AuditEntry&)>& fn) {
  // Not the statement cache: the rows are read straight into one reused
  // entry, which a full scan of millions of rows needs to stay fast.
  sqlite3* db = conn_.raw();
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, kScanAudit.text, -1, &raw, nullptr);
  if (rc != SQLITE_OK) return ErrorFromSqlite(rc, db, kScanAudit.name);
  const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, &sqlite3_finalize);
  rc = sqlite3_bind_int64(raw, 1, after_seq);
  if (rc != SQLITE_OK) return ErrorFromSqlite(rc, db, kScanAudit.name);
  domain::AuditEntry e;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    e.seq = sqlite3_column_int64(raw, 0);
    AssignText(raw, 1, e.at);
    AssignText(raw, 2, e.actor_id);
    AssignText(raw, 3, e.agency_id);
    AssignText(raw, 4, e.action);
    AssignText(raw, 5, e.record_type);
    AssignText(raw, 6, e.record_id);
    AssignText(raw, 7, e.request_id);
    AssignText(raw, 8, e.source);
    AssignText(raw, 9, e.purpose);
    AssignText(raw, 10, e.hash);
    if (Status s = fn(e); !s.ok()) return s;
  }
  if (rc != SQLITE_DONE) {
    return ErrorFromSqlite(sqlite3_extended_errcode(db), db, kScanAudit.name);
  }
  return Status::Ok();
}

Result<int64_t> SqliteTx::AppendAudit(const domain::AuditEntry& entry) {
  std::vector<domain::AuditEntry> one{entry};
  if (Status s = AppendAuditRun(one); !s.ok()) return s.error();
  return one.front().seq;
}

Status SqliteTx::AppendAuditRun(std::vector<domain::AuditEntry>& entries) {
  // The tip is read inside this transaction rather than cached across
  // calls: a write rolled back to its savepoint (group commit) takes its
  // entries with it, and the next entry must chain to what is really stored.
  int64_t seq = 0;
  std::string previous(access::kGenesisHash);
  {
    auto last = conn_.Prepare(kLastAudit);
    if (!last.ok()) return last.error();
    if ((*last)->Step()) {
      seq = (*last)->Int(0);
      previous = (*last)->Text(1);
    } else if (!(*last)->status().ok()) {
      return (*last)->status();
    }
    (*last)->Reset();
  }
  for (auto& e : entries) {
    e.seq = ++seq;
    e.hash = access::ChainHash(previous, e);
    auto stmt = conn_.Prepare(kAppendAudit);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, e.seq).Bind(2, e.at).Bind(3, e.actor_id).Bind(4, e.agency_id);
    (*stmt)->Bind(5, e.action).Bind(6, e.record_type).Bind(7, e.record_id);
    (*stmt)->Bind(8, e.request_id).Bind(9, e.source).Bind(10, e.purpose).Bind(11, e.hash);
    if (Status s = (*stmt)->Run(); !s.ok()) return s;
    if (e.seq % kAuditIndexChunk == 0) {
      if (Status s = IndexAuditChunk(e.seq); !s.ok()) return s;
    }
    previous = e.hash;
  }
  return Status::Ok();
}

Result<int64_t> SqliteTx::IndexedUpto() {
  auto stmt = conn_.Prepare(kIndexedUpto);
  if (!stmt.ok()) return stmt.error();
  if (!(*stmt)->Step()) {
    if (!(*stmt)->status().ok()) return (*stmt)->status().error();
    return Internal("audit_record_index_state has no row");
  }
  const int64_t upto = (*stmt)->Int(0);
  (*stmt)->Reset();
  return upto;
}

Status SqliteTx::IndexAuditChunk(int64_t upto) {
  // Inside the transaction of the entry that completes the chunk: a rollback
  // takes the chunk's index rows with it, and the next entry to get that seq
  // indexes the chunk again.
  auto index = conn_.Prepare(kIndexAuditChunk);
  if (!index.ok()) return index.error();
  (*index)->Bind(1, upto).Bind(2, kAuditIndexChunk);
  if (Status s = (*index)->Run(); !s.ok()) return s;
  auto state = conn_.Prepare(kAuditIndexedUpto);
  if (!state.ok()) return state.error();
  (*state)->Bind(1, upto);
  return (*state)->Run();
}

}  // namespace threadline::store::sqlite
