// The audit log of the PostgreSQL backend: appending chained entries,
// listing them, and streaming the whole log for verification.
#include "access/audit_chain.hpp"
#include "store/postgres/pg_tx.hpp"

namespace threadline::store::postgres {
namespace {

// Two statements, so that a record's entries are found through the
// record_id index: a planner cannot use it behind "(id = '' OR record_id = id)".
// Both take the same four parameters (the first asks for an empty id).
constexpr Sql kListAudit{"audit.list",
                         "SELECT seq, at, actor_id, agency_id, action, record_type, record_id, "
                         "request_id, source, purpose, hash FROM audit_log "
                         "WHERE ($1 = '' OR record_type = $1) AND $2 = '' AND seq > $3 "
                         "ORDER BY seq LIMIT $4"};
constexpr Sql kListRecordAudit{"audit.list_record",
                               "SELECT seq, at, actor_id, agency_id, action, record_type, "
                               "record_id, request_id, source, purpose, hash FROM audit_log "
                               "WHERE record_id = $2 AND ($1 = '' OR record_type = $1) "
                               "AND seq > $3 ORDER BY seq LIMIT $4"};
constexpr Sql kScanAudit{"audit.scan",
                         "SELECT seq, at, actor_id, agency_id, action, record_type, record_id, "
                         "request_id, source, purpose, hash FROM audit_log "
                         "WHERE seq > $1 ORDER BY seq"};
constexpr Sql kLastAudit{"audit.last", "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"};
constexpr Sql kAppendAudit{"audit.append",
                           "INSERT INTO audit_log (seq, at, actor_id, agency_id, action, "
                           "record_type, record_id, request_id, source, purpose, hash) "
                           "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)"};

// Every append takes this transaction-scoped lock first, so appends are
// serialised: each reads the true last entry (committed, and held until its
// own commit) and no two get the same seq or chain to the same hash.
constexpr Sql kLockAudit{"audit.lock", "SELECT pg_advisory_xact_lock(7046280001)"};

}  // namespace

Result<std::vector<domain::AuditEntry>> PgTx::ListAudit(const AuditFilter& filter) {
  auto stmt = conn_.Prepare(filter.record_id.empty() ? kListAudit : kListRecordAudit);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, filter.record_type).Bind(2, filter.record_id).Bind(3, filter.after_seq);
  (*stmt)->Bind(4, static_cast<int64_t>(filter.limit));
  std::vector<domain::AuditEntry> out;
  while ((*stmt)->Step()) {
    const Statement& s = **stmt;
    out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6),
                   s.Text(7), s.Text(8), s.Text(9), s.Text(10)});
  }
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

Status PgTx::ScanAudit(int64_t after_seq,
                       const std::function<Status(const domain::AuditEntry&)>& fn) {
  auto stmt = conn_.Prepare(kScanAudit);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, after_seq).Stream(5000);
  // One entry reused for every row: its strings keep their buffers.
  domain::AuditEntry e;
  while ((*stmt)->Step()) {
    const Statement& s = **stmt;
    e.seq = s.Int(0);
    e.at.assign(s.TextView(1));
    e.actor_id.assign(s.TextView(2));
    e.agency_id.assign(s.TextView(3));
    e.action.assign(s.TextView(4));
    e.record_type.assign(s.TextView(5));
    e.record_id.assign(s.TextView(6));
    e.request_id.assign(s.TextView(7));
    e.source.assign(s.TextView(8));
    e.purpose.assign(s.TextView(9));
    e.hash.assign(s.TextView(10));
    if (Status st = fn(e); !st.ok()) return st;
  }
  return (*stmt)->status();
}

Result<int64_t> PgTx::AppendAudit(const domain::AuditEntry& entry) {
  // The previous entry is read inside this transaction, under the lock,
  // rather than cached across transactions: a rolled-back write takes its
  // entries with it, and the next entry must chain to what is really stored.
  // Within one transaction the lock makes the last entry our own.
  if (!audit_locked_) {
    auto lock = conn_.Prepare(kLockAudit);
    if (!lock.ok()) return lock.error();
    if (Status s = (*lock)->Run(); !s.ok()) return s.error();
    auto last = conn_.Prepare(kLastAudit);
    if (!last.ok()) return last.error();
    if ((*last)->Step()) {
      audit_last_seq_ = (*last)->Int(0);
      audit_last_hash_ = (*last)->Text(1);
    } else if (!(*last)->status().ok()) {
      return (*last)->status().error();
    } else {
      audit_last_seq_ = 0;
      audit_last_hash_ = std::string(access::kGenesisHash);
    }
    audit_locked_ = true;
  }
  domain::AuditEntry e = entry;
  e.seq = audit_last_seq_ + 1;
  e.hash = access::ChainHash(audit_last_hash_, e);
  auto stmt = conn_.Prepare(kAppendAudit);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, e.seq).Bind(2, e.at).Bind(3, e.actor_id).Bind(4, e.agency_id);
  (*stmt)->Bind(5, e.action).Bind(6, e.record_type).Bind(7, e.record_id);
  (*stmt)->Bind(8, e.request_id).Bind(9, e.source).Bind(10, e.purpose).Bind(11, e.hash);
  if (Status s = (*stmt)->Run(); !s.ok()) return s.error();
  audit_last_seq_ = e.seq;
  audit_last_hash_ = std::move(e.hash);
  return e.seq;
}

}  // namespace threadline::store::postgres
