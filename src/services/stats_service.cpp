#include "services/stats_service.hpp"

#include "domain/datetime.hpp"
#include "reporting/stats.hpp"
#include "services/audit.hpp"

namespace threadline::services {
namespace {

// The police forces a query counts: one force, the forces of one area, or
// (empty) every force.
// (id, code) of each.
Result<std::vector<std::pair<domain::Id, std::string>>> ForcesOf(store::ReadTx& tx,
                                                                 const StatsQuery& q) {
  std::vector<std::pair<domain::Id, std::string>> ids;
  if (q.force.empty() && q.area.empty()) return ids;
  auto agencies = tx.ListAgencies();
  if (!agencies.ok()) return agencies.error();
  bool force_found = false;
  bool area_found = false;
  for (const auto& a : *agencies) {
    if (a.kind != "police_force") continue;
    const bool in_area = q.area.empty() || a.region == q.area;
    area_found = area_found || (!q.area.empty() && a.region == q.area);
    if (!q.force.empty() && a.code == q.force) {
      force_found = true;
      if (in_area) ids.emplace_back(a.id, a.code);
    } else if (q.force.empty() && in_area) {
      ids.emplace_back(a.id, a.code);
    }
  }
  std::vector<FieldError> errors;
  if (!q.force.empty() && !force_found) errors.push_back({"force", "is not a police force code"});
  if (!q.area.empty() && !area_found) errors.push_back({"area", "is not an area of police forces"});
  if (errors.empty() && ids.empty()) errors.push_back({"force", "is not in that area"});
  if (!errors.empty()) return InvalidArgument("the filters are not valid", std::move(errors));
  return ids;
}

}  // namespace

StatsService::StatsService(store::Store& store, const AccessControl& access,
                           reporting::Reference reference, Clock clock, FindingsService* findings,
                           int64_t suppression_threshold)
    : store_(store),
      access_(access),
      reference_(std::move(reference)),
      clock_(std::move(clock)),
      findings_(findings),
      suppression_threshold_(suppression_threshold) {}

Result<reporting::Measure> StatsService::Get(const Actor& actor, const StatsQuery& q) const {
  if (Status s = access_.Require(actor, "stats.read"); !s.ok()) return s.error();
  if (!reporting::IsMeasure(q.measure)) {
    return InvalidArgument("unknown measure",
                           {{"measure",
                             "must be one of funnel, quality, programme, orders, "
                             "victims, panels, return"}});
  }
  const int64_t now = clock_();
  const std::string today = domain::FormatTimestamp(now).substr(0, 10);
  auto period = reporting::MakePeriod(q.from, q.to, today);
  if (!period.ok()) return period.error();
  reporting::StatsRequest request;
  request.measure = q.measure;
  request.period = *period;
  request.force = q.force;
  request.area = q.area;
  request.today = today;
  request.suppression_threshold = suppression_threshold_;
  std::vector<reporting::FindingFact> findings;
  if (q.measure == "quality" && findings_ != nullptr) {
    auto facts = findings_->Facts();
    if (!facts.ok()) return facts.error();
    findings = std::move(*facts);
    request.findings = &findings;
  }
  Result<reporting::Measure> measure = Internal("not computed");
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto forces = ForcesOf(tx, q);
    if (!forces.ok()) return forces.status();
    for (const auto& [id, code] : *forces) {
      request.force_ids.push_back(id);
      request.force_codes.push_back(code);
    }
    measure = reporting::Compute(tx, request, reference_);
    return measure.status();
  });
  if (!read.ok()) return read.error();
  if (Status s = AuditRead(store_, actor, "stats.read", "stats", q.measure, now,
                           period->from + ".." + period->to +
                               (q.force.empty() ? "" : " force " + q.force) +
                               (q.area.empty() ? "" : " area " + q.area));
      !s.ok()) {
    return s.error();
  }
  return measure;
}

}  // namespace threadline::services
