// One-off incidents: the noise around courses of conduct.
#include "synth/generator.hpp"
#include "synth/identifiers.hpp"

namespace threadline::synth {
namespace {

constexpr int64_t kDay = 86400;

}  // namespace

void Generator::AddWitness(PendingReport& report, size_t place, int64_t at_s) {
  EntitySpec spec(at_s, 16, 80);
  spec.place = place;
  const size_t force = tables_.places[place].force;
  const uint32_t w = RecordFor(NewEntity(spec), force, Detail::kVictim, IdentifierKind::kNone);
  Use(w, at_s);
  report.parties.emplace_back("witness", w);
}

void Generator::EmitOneOff() {
  PendingReport r;
  const int64_t span_s = std::max<int64_t>(1, config_.span_days) * kDay;
  r.occurred_s =
      config_.start_unix_s + static_cast<int64_t>(rng_.Unit() * static_cast<double>(span_s));
  r.reported_s = r.occurred_s + ReportDelay();
  const bool known_victim = !entities_.empty() && rng_.Chance(cal_.one_off_known_victim);
  EntitySpec spec(r.occurred_s, 16, 85);
  const uint32_t victim =
      known_victim ? static_cast<uint32_t>(rng_.Below(entities_.size())) : NewEntity(spec);
  r.force = tables_.places[entities_[victim].address.place].force;
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kIncidents = {{
      {"contacting", "malicious_communications"},
      {"threats", "malicious_communications"},
      {"property_damage", "criminal_damage"},
      {"interfering_with_property", "theft"},
      {"violence", "assault"},
      {"image_based_abuse", "other"},
      {"account_access", "other"},
      {"contacting_third_parties", "not_recorded"},
  }};
  const auto& [behaviour, recorded] = kIncidents[rng_.Below(kIncidents.size())];
  r.behaviours = {std::string(behaviour)};
  const double u = rng_.Unit();
  r.recorded_as = u < 0.1    ? "harassment_s2"
                  : u < 0.15 ? "neighbour_dispute"
                             : std::string(recorded);
  const uint32_t v = RecordFor(victim, r.force, Detail::kVictim, IdentifierKind::kNone);
  Use(v, r.reported_s);
  r.parties = {{"victim", v}};
  SummaryInput in{.relationship = Relationship::kStranger,
                  .victim_female = entities_[victim].female,
                  .behaviours = r.behaviours};
  bool has_suspect = false;
  bool named = false;
  if (!rng_.Chance(cal_.one_off_no_suspect)) {
    spec.place = entities_[victim].address.place;
    const uint32_t suspect = NewEntity(spec);
    has_suspect = true;
    named = !rng_.Chance(cal_.share_unknown_suspect);
    const IdentifierKind kind = named ? IdentifierKind::kNone : IdentifierKind::kPhone;
    EnsureIdentifier(entities_[suspect], rng_, kind);
    const uint32_t s =
        RecordFor(suspect, r.force, named ? Detail::kSuspect : Detail::kIdentifierOnly, kind);
    Use(s, r.reported_s);
    r.parties.emplace_back("suspect", s);
    in.suspect_female = entities_[suspect].female;
    in.suspect_named = named;
    in.relationship = named ? Relationship::kAcquaintance : Relationship::kStranger;
    if (!named) in.identifier = DescribeIdentifier(entities_[suspect], kind);
  }
  in.behaviours = r.behaviours;
  r.summary = MakeSummary(rng_, in);
  if (rng_.Chance(cal_.share_witness)) {
    AddWitness(r, entities_[victim].address.place, r.reported_s);
  }
  reports_.push_back(std::move(r));
  AddOutcomes({reports_.size() - 1, reports_.back().reported_s, false, has_suspect, named});
}

}  // namespace threadline::synth
