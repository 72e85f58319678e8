// SqliteTx: the counts behind the accountability figures.

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "store/sqlite/sqlite_tx.hpp"

namespace threadline::store::sqlite {
namespace {

// Both read only the covering indexes of migration 0006: reports_stats for
// every force, reports_force_stats for some. The rows are grouped here rather
// than with GROUP BY, which would sort a year of rows in a temporary B-tree
// to find a few hundred groups.
constexpr Sql kFactsOfPeriod{"reports.facts_of_period",
                             "SELECT recorded_as, facts FROM reports INDEXED BY reports_stats "
                             "WHERE occurred_at >= ?1 AND occurred_at < ?2"};
constexpr Sql kFactsOfForces{
    "reports.facts_of_forces",
    "SELECT recorded_as, facts FROM reports INDEXED BY reports_force_stats "
    "WHERE force_id IN (SELECT value FROM json_each(?3)) "
    "AND occurred_at >= ?1 AND occurred_at < ?2"};

}  // namespace

Result<std::vector<ReportFactsCount>> SqliteTx::CountReportFacts(const ReportStatsScope& scope) {
  auto stmt = conn_.Prepare(scope.force_ids.empty() ? kFactsOfPeriod : kFactsOfForces);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, scope.from).Bind(2, scope.to);
  if (!scope.force_ids.empty()) (*stmt)->Bind(3, IdsAsJsonArray(scope.force_ids));
  // A dozen recorded-as codes and a few hundred sets of facts: the groups
  // are found by a linear look-up of the code and a hash of (code, facts).
  std::vector<std::string> codes;
  std::unordered_map<int64_t, int64_t> counts;
  while ((*stmt)->Step()) {
    const std::string_view code = (*stmt)->TextView(0);
    size_t index = 0;
    while (index < codes.size() && codes[index] != code) ++index;
    if (index == codes.size()) codes.emplace_back(code);
    ++counts[(*stmt)->Int(1) * 1024 + static_cast<int64_t>(index)];
  }
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  std::vector<ReportFactsCount> out;
  out.reserve(counts.size());
  for (const auto& [key, n] : counts) {
    out.push_back({codes[static_cast<size_t>(key % 1024)], key / 1024, n});
  }
  std::sort(out.begin(), out.end(), [](const ReportFactsCount& a, const ReportFactsCount& b) {
    return std::tie(a.recorded_as, a.facts) < std::tie(b.recorded_as, b.facts);
  });
  return out;
}

}  // namespace threadline::store::sqlite
