// The last pass of Generate(): order everything by time and hand out ids,
// references and timestamps, so ids sort in the order records were made.
#include <algorithm>
#include <numeric>

#include "domain/datetime.hpp"
#include "domain/ids.hpp"
#include "synth/generator.hpp"

namespace threadline::synth {
namespace {

// Indices of `items` ordered by `key`, ties kept in generation order.
template <typename T, typename Key>
std::vector<size_t> OrderBy(const std::vector<T>& items, Key key) {
  std::vector<size_t> order(items.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return key(items[a]) < key(items[b]); });
  return order;
}

}  // namespace

Dataset Generator::Finish() {
  Dataset out;
  out.agencies = agencies_;
  const auto person_id = FinishPersons(out);
  const auto report_id = FinishReports(out, person_id);
  FinishOutcomes(out, report_id);
  return out;
}

std::vector<domain::Id> Generator::FinishPersons(Dataset& out) {
  auto& engine = rng_.engine();
  // Persons, in the order they were made: a record is made a few minutes
  // before the first report that needs it is saved.
  std::vector<int64_t> made(persons_.size());
  for (size_t i = 0; i < made.size(); ++i) {
    made[i] = person_first_use_[i] + 60 + static_cast<int64_t>(rng_.Below(600));
  }
  const auto by_made = OrderBy(made, [](int64_t t) { return t; });
  std::vector<domain::Id> person_id(persons_.size());
  out.persons.reserve(persons_.size());
  out.person_entity.reserve(persons_.size());
  for (const size_t i : by_made) {
    person_id[i] = domain::NextId(made[i] * 1000 + static_cast<int64_t>(rng_.Below(1000)), engine);
    domain::Person p = std::move(persons_[i]);
    p.id = person_id[i];
    p.created_at = domain::FormatTimestamp(made[i]);
    out.persons.push_back(std::move(p));
    out.person_entity.push_back(entities_[person_entity_[i]].id);
  }

  return person_id;
}

// Reports, in the order they were reported; references count up per force.
std::vector<domain::Id> Generator::FinishReports(Dataset& out,
                                                 const std::vector<domain::Id>& person_id) {
  auto& engine = rng_.engine();
  const auto order = OrderBy(reports_, [](const PendingReport& r) { return r.reported_s; });
  std::vector<uint64_t> serial(agencies_.size());
  for (auto& s : serial) s = 1000 + rng_.Below(90000);
  std::vector<domain::Id> report_id(reports_.size());
  out.reports.reserve(reports_.size());
  for (const size_t i : order) {
    PendingReport& r = reports_[i];
    const int64_t created = r.reported_s + 900 + static_cast<int64_t>(rng_.Below(3600));
    domain::Report report;
    report.id = report_id[i] =
        domain::NextId(created * 1000 + static_cast<int64_t>(rng_.Below(1000)), engine);
    report.force_id = agencies_[r.force].id;
    serial[r.force] += 1 + rng_.Below(25);  // other incidents happen in between
    report.reference =
        MakeReference(agencies_[r.force].code, r.force, r.reported_s, serial[r.force]);
    report.occurred_at = domain::FormatTimestamp(r.occurred_s);
    report.reported_at = domain::FormatTimestamp(r.reported_s);
    report.summary = std::move(r.summary);
    report.recorded_as = std::move(r.recorded_as);
    report.behaviours = std::move(r.behaviours);
    for (const auto& [role, person] : r.parties) {
      report.parties.push_back({std::string(role), person_id[person]});
    }
    report.created_at = domain::FormatTimestamp(created);
    out.reports.push_back(std::move(report));
    out.report_course.push_back(std::move(r.course));
    out.report_is_stalking_pattern.push_back(r.stalking);
  }

  return report_id;
}

void Generator::FinishOutcomes(Dataset& out, const std::vector<domain::Id>& report_id) {
  auto& engine = rng_.engine();
  const auto by_date = OrderBy(outcomes_, [](const PendingOutcome& o) { return o.at_s; });
  out.outcomes.reserve(outcomes_.size());
  for (const size_t i : by_date) {
    const PendingOutcome& o = outcomes_[i];
    domain::Outcome outcome;
    outcome.id = domain::NextId(o.at_s * 1000 + static_cast<int64_t>(rng_.Below(1000)), engine);
    outcome.report_id = report_id[o.report];
    outcome.kind = std::string(o.kind);
    outcome.reason = o.reason;
    outcome.occurred_on = domain::FormatDate(domain::CivilFromDays(o.at_s / 86400));
    outcome.created_at = domain::FormatTimestamp(o.at_s);
    out.outcomes.push_back(std::move(outcome));
  }
}

}  // namespace threadline::synth
