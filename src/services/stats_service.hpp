#pragma once
// The accountability figures for the people who hold the system to account:
// commissioners' analysts and stalking leads (action stats.read). Figures
// are aggregates, with small counts in breakdowns by personal
// characteristic suppressed; every request is audited.

#include <string>

#include "domain/result.hpp"
#include "reporting/reference.hpp"
#include "reporting/table.hpp"
#include "services/access_control.hpp"
#include "services/actor.hpp"
#include "services/clock.hpp"
#include "services/findings_service.hpp"
#include "store/store.hpp"

namespace threadline::services {

struct StatsQuery {
  std::string measure;  // reporting::MeasureNames()
  std::string from;     // YYYY-MM-DD, both ends included; both empty: the last 12 months
  std::string to;
  std::string force;  // a police force code, or empty for every force
  std::string area;   // a region of police forces, or empty
};

class StatsService {
 public:
  // `findings` (may be null) supplies the linkage findings the quality
  // measure counts; without it that series is left out, and a note says so.
  StatsService(store::Store& store, const AccessControl& access, reporting::Reference reference,
               Clock clock, FindingsService* findings = nullptr, int64_t suppression_threshold = 5);

  // kPermissionDenied without stats.read; kInvalidArgument (naming the
  // field) for an unknown measure, a bad period, an unknown force or area,
  // or a force outside the area asked for.
  Result<reporting::Measure> Get(const Actor& actor, const StatsQuery& query) const;

 private:
  store::Store& store_;
  const AccessControl& access_;
  reporting::Reference reference_;
  Clock clock_;
  FindingsService* findings_;
  int64_t suppression_threshold_;
};

}  // namespace threadline::services
