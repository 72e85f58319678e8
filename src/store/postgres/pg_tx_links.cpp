// PgTx: practitioners' link decisions ("same person" / "not the same
// person"), kept with their undo as history.

#include "store/link_decision_ops.hpp"
#include "store/postgres/pg_tx.hpp"

namespace threadline::store::postgres {
namespace {

#define TL_DECISION_COLUMNS                                                              \
  "SELECT id, person_a, person_b, decision, reason, decided_by, decided_at, undone_by, " \
  "undone_at, undo_reason FROM link_decisions "
constexpr Sql kListDecisions{"link_decisions.list", TL_DECISION_COLUMNS "ORDER BY decided_at, id"};
constexpr Sql kListDecisionsFor{"link_decisions.list_for", TL_DECISION_COLUMNS
                                "WHERE person_a = $1 OR person_b = $1 "
                                "ORDER BY decided_at DESC, id DESC"};
constexpr Sql kGetStanding{"link_decisions.get_standing", TL_DECISION_COLUMNS
                           "WHERE person_a = $1 AND person_b = $2 AND undone_at = ''"};
#undef TL_DECISION_COLUMNS
constexpr Sql kInsertDecision{
    "link_decisions.insert",
    "INSERT INTO link_decisions (id, person_a, person_b, decision, reason, decided_by, "
    "decided_at) VALUES ($1,$2,$3,$4,$5,$6,$7)"};
constexpr Sql kUndoDecision{"link_decisions.undo",
                            "UPDATE link_decisions SET undone_by = $2, undone_at = $3, "
                            "undo_reason = $4 WHERE id = $1 AND undone_at = ''"};

constexpr link_decisions::Statements<Sql> kStatements{.list = kListDecisions,
                                                      .list_for = kListDecisionsFor,
                                                      .get_standing = kGetStanding,
                                                      .insert = kInsertDecision,
                                                      .undo = kUndoDecision};

}  // namespace

Result<std::vector<domain::LinkDecision>> PgTx::ListLinkDecisions() {
  return link_decisions::Ops(conn_, kStatements).List();
}

Result<std::vector<domain::LinkDecision>> PgTx::ListLinkDecisionsFor(const domain::Id& person_id) {
  return link_decisions::Ops(conn_, kStatements).ListFor(person_id);
}

Result<domain::LinkDecision> PgTx::GetStandingLinkDecision(const domain::Id& a,
                                                           const domain::Id& b) {
  return link_decisions::Ops(conn_, kStatements).GetStanding(a, b);
}

Status PgTx::InsertLinkDecision(const domain::LinkDecision& d) {
  return link_decisions::Ops(conn_, kStatements).Insert(d);
}

Status PgTx::UndoLinkDecision(const domain::Id& id, const domain::Id& undone_by,
                              const std::string& undone_at, const std::string& reason) {
  return link_decisions::Ops(conn_, kStatements).Undo(id, undone_by, undone_at, reason);
}

}  // namespace threadline::store::postgres
