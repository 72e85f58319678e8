// SqliteTx: the counts behind the accountability figures.

#include "store/sqlite/sqlite_tx.hpp"

namespace threadline::store::sqlite {
namespace {

// Both read only the covering indexes of migration 0006: reports_stats for
// every force, reports_force_stats for some.
constexpr Sql kCountFacts{"reports.count_facts",
                          "SELECT recorded_as, facts, count(*) FROM reports "
                          "WHERE occurred_at >= ?1 AND occurred_at < ?2 "
                          "GROUP BY recorded_as, facts"};
constexpr Sql kCountFactsOfForces{
    "reports.count_facts_of_forces",
    "SELECT recorded_as, facts, count(*) FROM reports INDEXED BY reports_force_stats "
    "WHERE force_id IN (SELECT value FROM json_each(?3)) "
    "AND occurred_at >= ?1 AND occurred_at < ?2 GROUP BY recorded_as, facts"};

}  // namespace

Result<std::vector<ReportFactsCount>> SqliteTx::CountReportFacts(const ReportStatsScope& scope) {
  auto stmt = conn_.Prepare(scope.force_ids.empty() ? kCountFacts : kCountFactsOfForces);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, scope.from).Bind(2, scope.to);
  if (!scope.force_ids.empty()) (*stmt)->Bind(3, IdsAsJsonArray(scope.force_ids));
  std::vector<ReportFactsCount> out;
  while ((*stmt)->Step()) {
    out.push_back({(*stmt)->Text(0), (*stmt)->Int(1), (*stmt)->Int(2)});
  }
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

}  // namespace threadline::store::sqlite
