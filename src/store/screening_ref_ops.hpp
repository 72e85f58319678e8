#pragma once
// The latest screening of a report, by id and time only, in a backend
// transaction, written once for both backends: each supplies its statement
// (in its own SQL dialect) and connection. Internal to the store's backends.
//
// `Conn` is sqlite::Connection or postgres::Connection: Prepare(sql) gives a
// statement with Bind, Step, status and Text.

#include "store/store.hpp"

namespace threadline::store::screening_refs {

// `latest` selects id, created_at of the report ?1's newest screening
// (newest time, then highest id).
template <typename Conn, typename Sql>
Result<ScreeningRef> Latest(Conn& conn, const Sql& latest, const domain::Id& report_id) {
  auto stmt = conn.Prepare(latest);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, report_id);
  if ((*stmt)->Step()) return ScreeningRef{(*stmt)->Text(0), (*stmt)->Text(1)};
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return NotFound("no screening for this report");
}

}  // namespace threadline::store::screening_refs
