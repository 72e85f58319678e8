#pragma once
// Practitioners' link decisions in a backend transaction, written once for
// both backends: each supplies its statements (in its own SQL dialect) and
// connection. Internal to the store's backends.
//
// `Conn` is sqlite::Connection or postgres::Connection: Prepare(sql) gives a
// statement with Bind, Step, Run, status, Text and changes.

#include <string>
#include <vector>

#include "domain/link_decision.hpp"
#include "store/store.hpp"

namespace threadline::store::link_decisions {

// The columns of every SELECT: id, person_a, person_b, decision, reason,
// decided_by, decided_at, undone_by, undone_at, undo_reason.
template <typename Sql>
struct Statements {
  Sql list;          // every decision, oldest first
  Sql list_for;      // ?1 a person: theirs, newest first
  Sql get_standing;  // ?1, ?2 the pair in canonical order
  Sql insert;        // the first seven columns
  Sql undo;          // ?1 id, ?2 undone_by, ?3 undone_at, ?4 reason; standing ones only
};

template <typename Conn, typename Sql>
class Ops {
 public:
  Ops(Conn& conn, const Statements<Sql>& sql) : conn_(conn), sql_(sql) {}

  Result<std::vector<domain::LinkDecision>> List() {
    auto stmt = conn_.Prepare(sql_.list);
    if (!stmt.ok()) return stmt.error();
    return AllRows(**stmt);
  }

  Result<std::vector<domain::LinkDecision>> ListFor(const domain::Id& person_id) {
    auto stmt = conn_.Prepare(sql_.list_for);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, person_id);
    return AllRows(**stmt);
  }

  Result<domain::LinkDecision> GetStanding(const domain::Id& a, const domain::Id& b) {
    const auto [first, second] = domain::CanonicalPair(a, b);
    auto stmt = conn_.Prepare(sql_.get_standing);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, first).Bind(2, second);
    if ((*stmt)->Step()) return FromRow(**stmt);
    if (!(*stmt)->status().ok()) return (*stmt)->status().error();
    return NotFound("no such link decision");
  }

  Status Insert(const domain::LinkDecision& d) {
    auto stmt = conn_.Prepare(sql_.insert);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, d.id).Bind(2, d.person_a).Bind(3, d.person_b).Bind(4, d.decision);
    (*stmt)->Bind(5, d.reason).Bind(6, d.decided_by).Bind(7, d.decided_at);
    return (*stmt)->Run();
  }

  Status Undo(const domain::Id& id, const domain::Id& undone_by, const std::string& undone_at,
              const std::string& reason) {
    auto stmt = conn_.Prepare(sql_.undo);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, id).Bind(2, undone_by).Bind(3, undone_at).Bind(4, reason);
    if (Status s = (*stmt)->Run(); !s.ok()) return s;
    if ((*stmt)->changes() == 0) return NotFound("no such link decision");
    return {};
  }

 private:
  template <typename Statement>
  static domain::LinkDecision FromRow(const Statement& s) {
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

  template <typename Statement>
  static Result<std::vector<domain::LinkDecision>> AllRows(Statement& stmt) {
    std::vector<domain::LinkDecision> out;
    while (stmt.Step()) out.push_back(FromRow(stmt));
    if (!stmt.status().ok()) return stmt.status().error();
    return out;
  }

  Conn& conn_;
  const Statements<Sql>& sql_;
};

}  // namespace threadline::store::link_decisions
