// SqliteTx: practitioners' link decisions ("same person" / "not the same
// person"), kept with their undo as history.

#include "store/sqlite/sqlite_tx.hpp"

namespace threadline::store::sqlite {
namespace {

#define TL_DECISION_COLUMNS                                                              \
  "SELECT id, person_a, person_b, decision, reason, decided_by, decided_at, undone_by, " \
  "undone_at, undo_reason FROM link_decisions "
constexpr Sql kListDecisions{"link_decisions.list", TL_DECISION_COLUMNS "ORDER BY decided_at, id"};
constexpr Sql kListDecisionsFor{"link_decisions.list_for", TL_DECISION_COLUMNS
                                "WHERE person_a = ?1 OR person_b = ?1 "
                                "ORDER BY decided_at DESC, id DESC"};
constexpr Sql kGetStanding{"link_decisions.get_standing", TL_DECISION_COLUMNS
                           "WHERE person_a = ?1 AND person_b = ?2 AND undone_at = ''"};
#undef TL_DECISION_COLUMNS
constexpr Sql kInsertDecision{
    "link_decisions.insert",
    "INSERT INTO link_decisions (id, person_a, person_b, decision, reason, decided_by, "
    "decided_at) VALUES (?1,?2,?3,?4,?5,?6,?7)"};
constexpr Sql kUndoDecision{"link_decisions.undo",
                            "UPDATE link_decisions SET undone_by = ?2, undone_at = ?3, "
                            "undo_reason = ?4 WHERE id = ?1 AND undone_at = ''"};

domain::LinkDecision DecisionFromRow(const Statement& s) {
  domain::LinkDecision d;
  d.id = s.Text(0);
  d.person_a = s.Text(1);
  d.person_b = s.Text(2);
  d.decision = s.Text(3);
  d.reason = s.Text(4);
  d.decided_by = s.Text(5);
  d.decided_at = s.Text(6);
  d.undone_by = s.Text(7);
  d.undone_at = s.Text(8);
  d.undo_reason = s.Text(9);
  return d;
}

Result<std::vector<domain::LinkDecision>> AllRows(Statement& stmt) {
  std::vector<domain::LinkDecision> out;
  while (stmt.Step()) out.push_back(DecisionFromRow(stmt));
  if (!stmt.status().ok()) return stmt.status().error();
  return out;
}

}  // namespace

Result<std::vector<domain::LinkDecision>> SqliteTx::ListLinkDecisions() {
  auto stmt = conn_.Prepare(kListDecisions);
  if (!stmt.ok()) return stmt.error();
  return AllRows(**stmt);
}

Result<std::vector<domain::LinkDecision>> SqliteTx::ListLinkDecisionsFor(
    const domain::Id& person_id) {
  auto stmt = conn_.Prepare(kListDecisionsFor);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, person_id);
  return AllRows(**stmt);
}

Result<domain::LinkDecision> SqliteTx::GetStandingLinkDecision(const domain::Id& a,
                                                               const domain::Id& b) {
  const auto [first, second] = domain::CanonicalPair(a, b);
  auto stmt = conn_.Prepare(kGetStanding);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, first).Bind(2, second);
  if ((*stmt)->Step()) return DecisionFromRow(**stmt);
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return NotFound("no such link decision");
}

Status SqliteTx::InsertLinkDecision(const domain::LinkDecision& d) {
  auto stmt = conn_.Prepare(kInsertDecision);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, d.id).Bind(2, d.person_a).Bind(3, d.person_b).Bind(4, d.decision);
  (*stmt)->Bind(5, d.reason).Bind(6, d.decided_by).Bind(7, d.decided_at);
  return (*stmt)->Run();
}

Status SqliteTx::UndoLinkDecision(const domain::Id& id, const domain::Id& undone_by,
                                  const std::string& undone_at, const std::string& reason) {
  auto stmt = conn_.Prepare(kUndoDecision);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, id).Bind(2, undone_by).Bind(3, undone_at).Bind(4, reason);
  return RunUpdate(**stmt, "link decision");
}

}  // namespace threadline::store::sqlite
