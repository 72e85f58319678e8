// Persons-only mode and the Generate() entry point.
#include <algorithm>

#include "domain/datetime.hpp"
#include "domain/ids.hpp"
#include "synth/generator.hpp"

namespace threadline::synth {
namespace {

constexpr size_t kBlock = 65536;
constexpr int64_t kDay = 86400;

Status CheckConfig(const Config& config, const std::vector<domain::Agency>& agencies) {
  if (agencies.empty()) return InvalidArgument("no agencies given");
  if (config.span_days < 1) return InvalidArgument("span_days must be at least 1");
  if (config.start_unix_s < 0) return InvalidArgument("start must not be before 1970");
  const auto& cal = config.calibration;
  if (cal.charged < cal.trial || cal.trial < cal.convicted || cal.max_reports_per_course < 2 ||
      cal.max_records_per_entity < 1 || cal.mean_records_per_entity < 1) {
    return InvalidArgument("inconsistent calibration");
  }
  return Status::Ok();
}

// Which agency holds the k-th record of an entity living at `place`.
size_t AgencyFor(const NameTables& t, const Calibration& cal, Rng& rng, const Entity& e, size_t k) {
  if (k > 0 && !t.non_police.empty() && rng.Chance(cal.non_police_record)) {
    return t.non_police[rng.Below(t.non_police.size())];
  }
  if (k == 0 || rng.Chance(0.4)) return t.places[e.address.place].force;
  if (e.previous && rng.Chance(0.5)) return t.places[e.previous->place].force;
  return t.forces[rng.Below(t.forces.size())];
}

class PersonStream {
 public:
  PersonStream(const Config& config, const NameTables& tables,
               const std::vector<domain::Agency>& agencies, const PersonSink& sink)
      : config_(config), tables_(tables), agencies_(agencies), sink_(sink), rng_(config.seed) {}

  void Run() {
    const auto& cal = config_.calibration;
    const double p = 1.0 / cal.mean_records_per_entity;
    size_t emitted = 0;
    size_t entity_count = 0;
    while (emitted + block_.size() < config_.persons_only) {
      const int64_t at = config_.start_unix_s + rng_.Below(config_.span_days * kDay);
      EntitySpec spec(at, 16, 90);
      const Entity e = MakeEntity(tables_, cal, rng_, EntityId(++entity_count), spec);
      size_t k = 1;
      while (k < static_cast<size_t>(cal.max_records_per_entity) && !rng_.Chance(p)) ++k;
      k = std::min(k, config_.persons_only - emitted - block_.size());
      for (size_t i = 0; i < k; ++i) {
        const Detail detail = rng_.Chance(0.3) ? Detail::kSuspect : Detail::kVictim;
        domain::Person person = RenderPerson(e, tables_, cal, rng_, detail);
        const size_t agency = AgencyFor(tables_, cal, rng_, e, i);
        person.agency_id = agencies_[agency].id;
        const int64_t created = config_.start_unix_s + rng_.Below(config_.span_days * kDay);
        person.id = domain::NextId(created * 1000 + rng_.Below(1000), rng_.engine());
        person.created_at = domain::FormatTimestamp(created);
        block_.emplace_back(std::move(person), e.id);
      }
      if (block_.size() >= kBlock) emitted += Flush();
    }
    Flush();
  }

 private:
  // Shuffles the block so that one entity's records are not adjacent.
  size_t Flush() {
    for (size_t i = block_.size(); i > 1; --i) std::swap(block_[i - 1], block_[rng_.Below(i)]);
    for (const auto& [person, entity] : block_) sink_(person, entity);
    const size_t n = block_.size();
    block_.clear();
    return n;
  }

  const Config& config_;
  const NameTables& tables_;
  const std::vector<domain::Agency>& agencies_;
  const PersonSink& sink_;
  Rng rng_;
  std::vector<std::pair<domain::Person, std::string>> block_;
};

}  // namespace

Status StreamPersons(const Config& config, const refdata::RefData& refdata,
                     const std::vector<domain::Agency>& agencies, const PersonSink& sink) {
  if (auto status = CheckConfig(config, agencies); !status.ok()) return status;
  auto tables = LoadNameTables(refdata, agencies);
  if (!tables.ok()) return tables.status();
  PersonStream(config, *tables, agencies, sink).Run();
  return Status::Ok();
}

Result<Dataset> Generate(const Config& config, const refdata::RefData& refdata,
                         const std::vector<domain::Agency>& agencies) {
  if (auto status = CheckConfig(config, agencies); !status.ok()) return status.error();
  if (config.persons_only > 0) {
    Dataset out;
    out.agencies = agencies;
    out.persons.reserve(config.persons_only);
    out.person_entity.reserve(config.persons_only);
    const auto status = StreamPersons(config, refdata, agencies,
                                      [&](const domain::Person& p, const std::string& entity) {
                                        out.persons.push_back(p);
                                        out.person_entity.push_back(entity);
                                      });
    if (!status.ok()) return status.error();
    return out;
  }
  auto tables = LoadNameTables(refdata, agencies);
  if (!tables.ok()) return tables.error();
  return Generator(config, *tables, agencies).Run();
}

}  // namespace threadline::synth
