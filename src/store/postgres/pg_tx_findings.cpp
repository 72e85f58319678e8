// SqliteTx: course-of-conduct findings kept as records, raised, confirmed,
// withdrawn and acknowledged.

#include "store/finding_ops.hpp"
#include "store/postgres/pg_tx.hpp"

namespace threadline::store::postgres {
namespace {

constexpr Sql kGetFinding{
    "findings.get",
    "SELECT id, finding_key, type, owner_agency_id, forces, report_ids, detail, digest, "
    "first_raised_at, last_confirmed_at, last_changed_at, withdrawn_at, withdrawn_reason, "
    "acknowledged_by, acknowledged_at, acknowledgement_note FROM findings WHERE id = $1"};
constexpr Sql kListFindings{
    "findings.list",
    "SELECT id, finding_key, type, owner_agency_id, forces, report_ids, "
    "CASE WHEN $2 = 'yes' THEN detail ELSE '' END, digest, "
    "first_raised_at, last_confirmed_at, last_changed_at, withdrawn_at, withdrawn_reason, "
    "acknowledged_by, acknowledged_at, acknowledgement_note FROM findings "
    "WHERE $1 = '' OR ($1 = 'withdrawn' AND withdrawn_at <> '') "
    "OR ($1 = 'open' AND withdrawn_at = '' AND acknowledged_at = '') "
    "OR ($1 = 'acknowledged' AND withdrawn_at = '' AND acknowledged_at <> '') "
    "ORDER BY first_raised_at, id"};
constexpr Sql kFindingStates{"findings.states",
                             "SELECT id, digest, withdrawn_at FROM findings ORDER BY id"};
constexpr Sql kInsertFinding{
    "findings.insert",
    "INSERT INTO findings (id, finding_key, type, owner_agency_id, forces, report_ids, detail, "
    "digest, first_raised_at, last_confirmed_at, last_changed_at) "
    "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9,$9)"};
constexpr Sql kReplaceFinding{
    "findings.replace",
    "UPDATE findings SET type = $2, owner_agency_id = $3, forces = $4, report_ids = $5, "
    "detail = $6, digest = $7, last_confirmed_at = $8, last_changed_at = $8, withdrawn_at = '', "
    "withdrawn_reason = '' WHERE id = $1"};
constexpr Sql kReopenFinding{"findings.reopen",
                             "UPDATE findings SET last_confirmed_at = $2, withdrawn_at = '', "
                             "withdrawn_reason = '' WHERE id = $1"};
constexpr Sql kConfirmFindings{"findings.confirm",
                               "UPDATE findings SET last_confirmed_at = $1 WHERE withdrawn_at = '' "
                               "AND id IN (SELECT jsonb_array_elements_text($2::jsonb))"};
constexpr Sql kWithdrawFinding{"findings.withdraw",
                               "UPDATE findings SET withdrawn_at = $2, withdrawn_reason = $3 "
                               "WHERE id = $1 AND withdrawn_at = ''"};
constexpr Sql kAcknowledgeFinding{
    "findings.acknowledge",
    "UPDATE findings SET acknowledged_by = $2, acknowledged_at = $3, acknowledgement_note = $4 "
    "WHERE id = $1 AND withdrawn_at = ''"};
constexpr Sql kFindingWithdrawnAt{"findings.withdrawn_at",
                                  "SELECT withdrawn_at FROM findings WHERE id = $1"};

constexpr findings::Statements<Sql> kStatements{.get = kGetFinding,
                                                .list = kListFindings,
                                                .states = kFindingStates,
                                                .insert = kInsertFinding,
                                                .replace = kReplaceFinding,
                                                .reopen = kReopenFinding,
                                                .confirm = kConfirmFindings,
                                                .withdraw = kWithdrawFinding,
                                                .acknowledge = kAcknowledgeFinding,
                                                .withdrawn_at = kFindingWithdrawnAt};

}  // namespace

Result<domain::FindingRecord> PgTx::GetFinding(const domain::Id& id) {
  return findings::Ops(conn_, kStatements).Get(id);
}

Result<std::vector<domain::FindingRecord>> PgTx::ListFindings(const FindingFilter& filter) {
  return findings::Ops(conn_, kStatements).List(filter);
}

Result<FindingSyncResult> PgTx::SyncFindings(const FindingSync& sync) {
  return findings::Ops(conn_, kStatements).Sync(sync);
}

Status PgTx::AcknowledgeFinding(const domain::Id& id, const domain::Id& by, const std::string& at,
                                const std::string& note) {
  return findings::Ops(conn_, kStatements).Acknowledge(id, by, at, note);
}

}  // namespace threadline::store::postgres
