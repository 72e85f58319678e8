// PgTx: the counts behind the accountability figures.

#include "store/postgres/pg_tx.hpp"

namespace threadline::store::postgres {
namespace {

// Both are answered from the covering indexes of migration 0006
// (reports_stats for every force, reports_force_stats for some) by an
// index-only scan; PostgreSQL's hash aggregate groups the rows, and the
// order is the one SQLite's backend returns: by code, then facts.
constexpr Sql kFactsOfPeriod{"reports.facts_of_period",
                             "SELECT recorded_as, facts, count(*) FROM reports "
                             "WHERE occurred_at >= $1 AND occurred_at < $2 "
                             "GROUP BY recorded_as, facts ORDER BY recorded_as, facts"};
constexpr Sql kFactsOfForces{"reports.facts_of_forces",
                             "SELECT recorded_as, facts, count(*) FROM reports "
                             "WHERE force_id = ANY($3::text[]) "
                             "AND occurred_at >= $1 AND occurred_at < $2 "
                             "GROUP BY recorded_as, facts ORDER BY recorded_as, facts"};

}  // namespace

Result<std::vector<ReportFactsCount>> PgTx::CountReportFacts(const ReportStatsScope& scope) {
  auto stmt = conn_.Prepare(scope.force_ids.empty() ? kFactsOfPeriod : kFactsOfForces);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, scope.from).Bind(2, scope.to);
  if (!scope.force_ids.empty()) (*stmt)->BindArray(3, scope.force_ids);
  std::vector<ReportFactsCount> out;
  while ((*stmt)->Step()) {
    out.push_back({(*stmt)->Text(0), (*stmt)->Int(1), (*stmt)->Int(2)});
  }
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

}  // namespace threadline::store::postgres
