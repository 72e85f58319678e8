#pragma once
// Kept course-of-conduct findings in a backend transaction, written once for
// both backends: each supplies its statements (in its own SQL dialect) and
// connection, and the steps of bringing the kept findings in line with a
// computation are the same. Internal to the store's backends.
//
// `Conn` is sqlite::Connection or postgres::Connection: Prepare(sql) gives a
// statement with Bind, Step, Run, status, Text and changes.

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "domain/finding_record.hpp"
#include "store/json_list.hpp"
#include "store/store.hpp"

namespace threadline::store::findings {

// The columns of `get` and `list`: id, finding_key, type, owner_agency_id,
// forces, report_ids, detail, digest, first_raised_at, last_confirmed_at,
// last_changed_at, withdrawn_at, withdrawn_reason, acknowledged_by,
// acknowledged_at, acknowledgement_note.
template <typename Sql>
struct Statements {
  Sql get;     // ?1 id
  Sql list;    // ?1 status ('' any), ?2 'yes' for the detail ('' otherwise)
  Sql states;  // every finding: id, digest, withdrawn_at
  // ?1 id, ?2 key, ?3 type, ?4 owner, ?5 forces, ?6 report ids, ?7 detail,
  // ?8 digest, ?9 now (first raised, confirmed and changed).
  Sql insert;
  // ?1 id, ?2 type, ?3 owner, ?4 forces, ?5 report ids, ?6 detail, ?7 digest,
  // ?8 now (confirmed and changed); clears any withdrawal.
  Sql replace;
  Sql reopen;    // ?1 id, ?2 now (confirmed); clears the withdrawal
  Sql confirm;   // ?1 now, ?2 a JSON array of ids; raised ones only
  Sql withdraw;  // ?1 id, ?2 now, ?3 reason; raised ones only
  // ?1 id, ?2 by, ?3 at, ?4 note; raised ones only.
  Sql acknowledge;
  Sql withdrawn_at;  // ?1 id: its withdrawn_at
};

template <typename Conn, typename Sql>
class Ops {
 public:
  Ops(Conn& conn, const Statements<Sql>& sql) : conn_(conn), sql_(sql) {}

  Result<domain::FindingRecord> Get(const domain::Id& id) {
    auto stmt = conn_.Prepare(sql_.get);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, id);
    if ((*stmt)->Step()) return FromRow(**stmt);
    if (!(*stmt)->status().ok()) return (*stmt)->status().error();
    return NotFound("no such finding");
  }

  Result<std::vector<domain::FindingRecord>> List(const FindingFilter& filter) {
    if (!filter.status.empty() && filter.status != domain::kFindingOpen &&
        filter.status != domain::kFindingAcknowledged &&
        filter.status != domain::kFindingWithdrawn) {
      return InvalidArgument("no such finding status",
                             {{"status", "must be open, acknowledged or withdrawn"}});
    }
    auto stmt = conn_.Prepare(sql_.list);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, filter.status).Bind(2, filter.with_detail ? "yes" : "");
    std::vector<domain::FindingRecord> out;
    while ((*stmt)->Step()) out.push_back(FromRow(**stmt));
    if (!(*stmt)->status().ok()) return (*stmt)->status().error();
    return out;
  }

  Result<FindingSyncResult> Sync(const FindingSync& sync) {
    struct State {
      std::string digest;
      bool withdrawn = false;
    };
    std::map<std::string, State> kept;
    {
      auto stmt = conn_.Prepare(sql_.states);
      if (!stmt.ok()) return stmt.error();
      while ((*stmt)->Step()) {
        kept[(*stmt)->Text(0)] = {(*stmt)->Text(1), !(*stmt)->Text(2).empty()};
      }
      if (!(*stmt)->status().ok()) return (*stmt)->status().error();
    }
    FindingSyncResult result;
    std::set<std::string> raised;
    std::vector<std::string> unchanged;
    for (const auto& f : sync.raised) {
      if (!raised.insert(f.id).second) continue;  // the first of a repeated id counts
      const auto it = kept.find(f.id);
      Status s;
      if (it == kept.end()) {
        s = Insert(f, sync.now);
        result.inserted.push_back(f.id);
      } else if (it->second.digest != f.digest) {
        s = Replace(f, sync.now);
        (it->second.withdrawn ? result.reopened : result.changed).push_back(f.id);
      } else if (it->second.withdrawn) {
        s = Run(sql_.reopen, {f.id, sync.now});
        result.reopened.push_back(f.id);
      } else {
        unchanged.push_back(f.id);
      }
      if (!s.ok()) return s.error();
    }
    if (!unchanged.empty()) {
      // One statement for the many findings a computation merely confirms.
      if (Status s = Run(sql_.confirm, {sync.now, ToJsonList(unchanged)}); !s.ok()) {
        return s.error();
      }
      result.confirmed = unchanged.size();
    }
    const std::map<std::string, std::string> reasons(sync.withdrawn_reasons.begin(),
                                                     sync.withdrawn_reasons.end());
    for (const auto& [id, state] : kept) {
      if (state.withdrawn || raised.contains(id)) continue;
      const auto reason = reasons.find(id);
      const std::string& why = reason == reasons.end() ? sync.withdrawn_reason : reason->second;
      if (Status s = Run(sql_.withdraw, {id, sync.now, why}); !s.ok()) return s.error();
      result.withdrawn.push_back(id);
    }
    return result;
  }

  Status Acknowledge(const domain::Id& id, const domain::Id& by, const std::string& at,
                     const std::string& note) {
    auto stmt = conn_.Prepare(sql_.acknowledge);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, id).Bind(2, by).Bind(3, at).Bind(4, note);
    if (Status s = (*stmt)->Run(); !s.ok()) return s;
    if ((*stmt)->changes() > 0) return {};
    auto state = conn_.Prepare(sql_.withdrawn_at);
    if (!state.ok()) return state.error();
    (*state)->Bind(1, id);
    if ((*state)->Step()) return Conflict("the finding was withdrawn");
    if (!(*state)->status().ok()) return (*state)->status();
    return NotFound("no such finding");
  }

 private:
  Status Run(const Sql& sql, const std::vector<std::string>& params) {
    auto stmt = conn_.Prepare(sql);
    if (!stmt.ok()) return stmt.error();
    for (size_t i = 0; i < params.size(); ++i) (*stmt)->Bind(static_cast<int>(i + 1), params[i]);
    return (*stmt)->Run();
  }

  Status Insert(const domain::FindingRecord& f, const std::string& now) {
    return Run(sql_.insert, {f.id, f.key, f.type, f.owner_agency_id, ToJsonList(f.forces),
                             ToJsonList(f.report_ids), f.detail_json, f.digest, now});
  }

  Status Replace(const domain::FindingRecord& f, const std::string& now) {
    return Run(sql_.replace, {f.id, f.type, f.owner_agency_id, ToJsonList(f.forces),
                              ToJsonList(f.report_ids), f.detail_json, f.digest, now});
  }

  template <typename Statement>
  static domain::FindingRecord FromRow(const Statement& s) {
    domain::FindingRecord f;
    f.id = s.Text(0);
    f.key = s.Text(1);
    f.type = s.Text(2);
    f.owner_agency_id = s.Text(3);
    f.forces = FromJsonList(s.Text(4));
    f.report_ids = FromJsonList(s.Text(5));
    f.detail_json = s.Text(6);
    f.digest = s.Text(7);
    f.first_raised_at = s.Text(8);
    f.last_confirmed_at = s.Text(9);
    f.last_changed_at = s.Text(10);
    f.withdrawn_at = s.Text(11);
    f.withdrawn_reason = s.Text(12);
    f.acknowledged_by = s.Text(13);
    f.acknowledged_at = s.Text(14);
    f.acknowledgement_note = s.Text(15);
    return f;
  }

  Conn& conn_;
  const Statements<Sql>& sql_;
};

}  // namespace threadline::store::findings
