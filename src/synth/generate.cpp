// Courses of conduct and one-off incidents: the body of Generate().
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "domain/vocabulary.hpp"
#include "synth/generator.hpp"
#include "synth/identifiers.hpp"

namespace threadline::synth {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kThreeYears = 3 * 365 * kDay;

// Behaviours a fixated suspect repeats; threats and violence come from
// escalation instead, so that they can rise over the course.
constexpr std::array<std::string_view, 17> kStalkingRepertoire = {"following",
                                                                  "contacting",
                                                                  "contacting",
                                                                  "publishing_material",
                                                                  "impersonation",
                                                                  "monitoring_communications",
                                                                  "loitering",
                                                                  "interfering_with_property",
                                                                  "watching_spying",
                                                                  "turning_up",
                                                                  "unwanted_gifts",
                                                                  "tracking_device",
                                                                  "account_access",
                                                                  "spoofed_numbers",
                                                                  "fake_profiles",
                                                                  "image_based_abuse",
                                                                  "contacting_third_parties"};
constexpr std::array<std::string_view, 6> kHarassmentRepertoire = {
    "contacting", "contacting_third_parties",  "property_damage",
    "threats",    "interfering_with_property", "publishing_material"};
constexpr std::array<std::string_view, 4> kEscalationMiddle = {"threats", "turning_up", "following",
                                                               "loitering"};

bool Has(const std::vector<std::string>& list, std::string_view code) {
  return std::find(list.begin(), list.end(), code) != list.end();
}

// Puts behaviour codes in the order of domain::Behaviours() without repeats.
void Canonicalise(std::vector<std::string>& codes) {
  std::vector<std::string> out;
  for (const auto& b : domain::Behaviours()) {
    if (Has(codes, b.code)) out.emplace_back(b.code);
  }
  codes = std::move(out);
}

Relationship PickRelationship(Rng& rng, const Calibration& cal, bool stalking) {
  if (!stalking) {
    static constexpr std::array kHarassers = {Relationship::kNeighbour, Relationship::kNeighbour,
                                              Relationship::kColleague, Relationship::kAcquaintance,
                                              Relationship::kFamily};
    return kHarassers[rng.Below(kHarassers.size())];
  }
  if (rng.Chance(cal.share_intimate_partner)) {
    return rng.Chance(0.85) ? Relationship::kExPartner : Relationship::kPartner;
  }
  static constexpr std::array kOthers = {Relationship::kAcquaintance, Relationship::kColleague,
                                         Relationship::kNeighbour,    Relationship::kOnlineContact,
                                         Relationship::kFamily,       Relationship::kStranger};
  return kOthers[rng.Below(kOthers.size())];
}

}  // namespace

struct Generator::Course {
  std::string id;
  size_t reports = 0;
  bool stalking = true;
  bool escalating = false;
  Relationship relationship = Relationship::kStranger;
  IdentifierKind unknown = IdentifierKind::kNone;
  size_t identified_at = 0;  // first report with a named suspect
  uint32_t victim = 0;
  uint32_t suspect = 0;
  bool victim_moves = false;
  size_t move_at = 0;
  size_t other_place = 0;
  std::vector<bool> away;  // report happens in the other force (suspect travels)
  int64_t start_s = 0;
  int64_t end_s = 0;
  std::vector<std::string_view> repertoire;
  size_t violence_at = SIZE_MAX;
};

Generator::Generator(const Config& config, const NameTables& tables,
                     const std::vector<domain::Agency>& agencies)
    : config_(config),
      cal_(config.calibration),
      tables_(tables),
      agencies_(agencies),
      rng_(config.seed) {}

std::string EntityId(size_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "E%08zu", index);
  return buf;
}

std::string CourseId(size_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "C%07zu", index);
  return buf;
}

uint32_t Generator::NewEntity(const EntitySpec& spec) {
  entities_.push_back(MakeEntity(tables_, cal_, rng_, EntityId(entities_.size() + 1), spec));
  return static_cast<uint32_t>(entities_.size() - 1);
}

uint32_t Generator::RecordFor(uint32_t entity, size_t agency, Detail detail, IdentifierKind kind) {
  // A named record serves victims and suspects alike; an identifier-only
  // record is a separate entry ("unknown male, phone ...").
  const uint64_t flavour = detail == Detail::kIdentifierOnly ? 1 + static_cast<uint64_t>(kind) : 0;
  const uint64_t key = (static_cast<uint64_t>(entity) << 24) | (agency << 8) | flavour;
  const auto it = records_.find(key);
  if (it != records_.end() && !rng_.Chance(cal_.duplicate_in_force)) return it->second;
  domain::Person p = RenderPerson(entities_[entity], tables_, cal_, rng_, detail, kind);
  p.agency_id = agencies_[agency].id;
  const auto index = static_cast<uint32_t>(persons_.size());
  persons_.push_back(std::move(p));
  person_entity_.push_back(entity);
  person_first_use_.push_back(INT64_MAX);
  records_[key] = index;
  return index;
}

void Generator::Use(uint32_t person, int64_t at_s) {
  person_first_use_[person] = std::min(person_first_use_[person], at_s);
}

int64_t Generator::ReportDelay() {
  // Most incidents are reported within hours; some after days.
  return rng_.Chance(0.6) ? rng_.Between(600, 6 * 3600) : rng_.Between(6 * 3600, 10 * kDay);
}

Dataset Generator::Run() {
  const auto total = config_.reports;
  size_t course_reports =
      static_cast<size_t>(std::llround(static_cast<double>(total) * cal_.share_courses));
  if (course_reports == 1) course_reports = 0;
  size_t left = course_reports;
  const double p = 1.0 / std::max(1.0, cal_.mean_reports_per_course - 1.0);
  while (left >= 2) {
    size_t n = 2;
    while (n < static_cast<size_t>(cal_.max_reports_per_course) && !rng_.Chance(p)) ++n;
    n = std::min(n, left);
    if (left - n == 1) ++n;  // never leave a single report for a course
    EmitCourse(n);
    left -= n;
  }
  while (reports_.size() < total) EmitOneOff();
  return Finish();
}

void Generator::PickSuspect(Course& c) {
  const Entity& victim = entities_[c.victim];
  if (!suspects_.empty() && rng_.Chance(cal_.share_serial)) {
    // A serial suspect: someone already suspected in another course within
    // three years (the national definition of a serial perpetrator).
    for (int attempt = 0; attempt < 8; ++attempt) {
      const auto& seen = suspects_[rng_.Below(suspects_.size())];
      if (std::llabs(seen.start_s - c.start_s) <= kThreeYears) {
        c.suspect = seen.entity;
        return;
      }
    }
  }
  EntitySpec spec(c.start_s, 18, 70);
  spec.female = rng_.Chance(cal_.share_female_suspect);
  if (c.relationship != Relationship::kStranger && c.relationship != Relationship::kOnlineContact &&
      rng_.Chance(0.8)) {
    spec.place = victim.address.place;  // people who know each other live near each other
  }
  c.suspect = NewEntity(spec);
}

Generator::Course Generator::PlanCourse(size_t n) {
  Course c;
  c.id = CourseId(++courses_);
  c.reports = n;
  c.stalking = !rng_.Chance(cal_.share_harassment_courses);
  c.relationship = PickRelationship(rng_, cal_, c.stalking);
  c.escalating = c.stalking && rng_.Chance(cal_.share_escalating);
  if (c.stalking && rng_.Chance(cal_.share_unknown_suspect)) {
    static constexpr std::array kKinds = {IdentifierKind::kPhone, IdentifierKind::kHandle,
                                          IdentifierKind::kHandle, IdentifierKind::kEmail,
                                          IdentifierKind::kVehicle};
    c.unknown = kKinds[rng_.Below(kKinds.size())];
    c.relationship = c.unknown == IdentifierKind::kVehicle ? Relationship::kStranger
                                                           : Relationship::kOnlineContact;
    c.identified_at = rng_.Chance(cal_.unknown_later_identified) ? rng_.Between(1, n - 1) : n;
  }
  const int64_t span_days = std::max<int64_t>(1, config_.span_days);
  const int64_t max_days = std::min<int64_t>(cal_.course_max_days, span_days);
  const int64_t min_days = std::min<int64_t>(cal_.course_min_days, max_days);
  const auto days = min_days + static_cast<int64_t>(std::pow(rng_.Unit(), 1.5) *
                                                    static_cast<double>(max_days - min_days));
  c.start_s = config_.start_unix_s +
              static_cast<int64_t>(rng_.Unit() * static_cast<double>((span_days - days) * kDay));
  c.end_s = c.start_s + days * kDay;

  EntitySpec victim(c.start_s, 16, 75);
  victim.female = rng_.Chance(cal_.share_female_victim);
  c.victim = NewEntity(victim);
  PickSuspect(c);
  EnsureIdentifier(entities_[c.suspect], rng_, c.unknown);
  suspects_.push_back({c.suspect, c.start_s});

  c.away.assign(n, false);
  if (rng_.Chance(cal_.share_cross_force)) {
    c.other_place = PlaceInOtherForce(tables_, rng_, entities_[c.victim].address.place);
    if (rng_.Chance(cal_.share_cross_force_victim_moves)) {
      c.victim_moves = true;
      c.move_at = rng_.Between(1, n - 1);
    } else {
      for (size_t i = 1; i < n; ++i) c.away[i] = rng_.Chance(0.5);
      c.away[n - 1] = true;
    }
  }
  c.repertoire = Repertoire(c);
  if (c.stalking && c.escalating && rng_.Chance(cal_.escalating_violence)) {
    c.violence_at = n - 1;
  } else if (c.stalking && !c.escalating && rng_.Chance(cal_.other_violence)) {
    c.violence_at = rng_.Below(n);
  }
  return c;
}

std::vector<std::string_view> Generator::Repertoire(const Course& c) {
  // What an unnamed suspect does must fit how the IP knows them: a car is
  // seen, an account or number makes contact.
  static constexpr std::array<std::string_view, 4> kSeen = {"following", "loitering",
                                                            "watching_spying", "turning_up"};
  static constexpr std::array<std::string_view, 6> kOnline = {
      "contacting",    "fake_profiles",     "publishing_material",
      "impersonation", "image_based_abuse", "contacting_third_parties"};
  static constexpr std::array<std::string_view, 3> kCalls = {"contacting", "spoofed_numbers",
                                                             "contacting_third_parties"};
  std::span<const std::string_view> pool = kStalkingRepertoire;
  if (!c.stalking) pool = kHarassmentRepertoire;
  if (c.unknown == IdentifierKind::kVehicle) pool = kSeen;
  if (c.unknown == IdentifierKind::kHandle || c.unknown == IdentifierKind::kEmail) pool = kOnline;
  if (c.unknown == IdentifierKind::kPhone) pool = kCalls;
  std::vector<std::string_view> out;
  const size_t k = rng_.Between(2, 4);
  for (size_t i = 0; i < k; ++i) out.push_back(pool[rng_.Below(pool.size())]);
  return out;
}

std::vector<int64_t> Generator::CourseTimes(const Course& c) {
  std::vector<int64_t> t(c.reports);
  const double length = static_cast<double>(c.end_s - c.start_s);
  if (c.escalating) {
    // Gaps shrink geometrically: contact becomes more frequent.
    std::vector<double> gaps(c.reports - 1);
    double sum = 0;
    for (size_t i = 0; i < gaps.size(); ++i) sum += gaps[i] = std::pow(0.65, i);
    double at = 0;
    t[0] = c.start_s;
    for (size_t i = 1; i < c.reports; ++i) {
      at += gaps[i - 1] / sum * length;
      t[i] = c.start_s + static_cast<int64_t>(at);
    }
  } else {
    t[0] = c.start_s;
    for (size_t i = 1; i < c.reports; ++i) {
      t[i] = c.start_s + static_cast<int64_t>(rng_.Unit() * length);
    }
    std::sort(t.begin(), t.end());
  }
  // Incidents happen at any hour, more often in the evening.
  for (auto& x : t)
    x = x - x % kDay + (rng_.Chance(0.6) ? rng_.Between(16, 23) : rng_.Between(0, 23)) * 3600 +
        rng_.Between(0, 3599);
  std::sort(t.begin(), t.end());
  return t;
}

std::vector<std::string> Generator::CourseBehaviours(const Course& c, size_t i) {
  std::vector<std::string> out;
  const size_t k = 1 + rng_.Below(std::min<size_t>(3, c.repertoire.size()));
  for (size_t j = 0; j < k; ++j) {
    out.emplace_back(c.repertoire[rng_.Below(c.repertoire.size())]);
  }
  if (c.escalating) {
    const size_t stage = i * 3 / c.reports;  // 0: contact, 1: presence and threats, 2: harm
    if (stage == 0) out.emplace_back("contacting");
    if (stage >= 1) out.emplace_back(kEscalationMiddle[rng_.Below(kEscalationMiddle.size())]);
    if (stage == 2) {
      out.emplace_back("threats");
      if (rng_.Chance(0.4))
        out.emplace_back(rng_.Chance(0.5) ? "property_damage" : "sexual_threats");
    }
  } else if (c.stalking && rng_.Chance(0.15)) {
    out.emplace_back("threats");
  }
  if (i == c.violence_at) out.emplace_back("violence");
  Canonicalise(out);
  return out;
}

std::string Generator::CourseRecordedAs(const Course& c, const std::vector<std::string>& b) {
  const bool serious = Has(b, "threats") || Has(b, "violence") || Has(b, "sexual_threats");
  if (c.stalking && !rng_.Chance(cal_.share_misrecorded)) {
    return serious ? "stalking_s4a" : "stalking_s2a";
  }
  // Recorded as something else: what the single incident looks like.
  if (Has(b, "violence") && rng_.Chance(0.5)) return "assault";
  if (Has(b, "property_damage") && rng_.Chance(0.5)) return "criminal_damage";
  if (!c.stalking && c.relationship == Relationship::kNeighbour && rng_.Chance(0.4)) {
    return "neighbour_dispute";
  }
  if ((c.relationship == Relationship::kExPartner || c.relationship == Relationship::kPartner) &&
      rng_.Chance(0.12)) {
    return "coercive_control";
  }
  const double u = rng_.Unit();
  if (u < 0.5) return serious ? "harassment_s4" : "harassment_s2";
  if (u < 0.85) return "malicious_communications";
  if (u < 0.95) return "not_recorded";
  return "other";
}

void Generator::EmitCourse(size_t n) {
  Course c = PlanCourse(n);
  const auto times = CourseTimes(c);
  for (size_t i = 0; i < n; ++i) {
    if (c.victim_moves && i == c.move_at) {
      Relocate(entities_[c.victim], tables_, rng_, c.other_place);
    }
    const Entity& victim = entities_[c.victim];
    const size_t place = c.away[i] ? c.other_place : victim.address.place;
    const size_t force = tables_.places[place].force;
    PendingReport r;
    r.force = force;
    r.occurred_s = times[i];
    r.reported_s = times[i] + ReportDelay();
    r.behaviours = CourseBehaviours(c, i);
    r.recorded_as = CourseRecordedAs(c, r.behaviours);
    r.course = c.id;
    r.stalking = c.stalking;
    const bool named = c.unknown == IdentifierKind::kNone || i >= c.identified_at;
    const uint32_t v = RecordFor(c.victim, force, Detail::kVictim, IdentifierKind::kNone);
    const uint32_t s =
        RecordFor(c.suspect, force, named ? Detail::kSuspect : Detail::kIdentifierOnly, c.unknown);
    Use(v, r.reported_s);
    Use(s, r.reported_s);
    r.parties = {{"victim", v}, {"suspect", s}};
    SummaryInput in{.relationship = c.relationship,
                    .victim_female = victim.female,
                    .suspect_female = entities_[c.suspect].female,
                    .suspect_named = named,
                    .identifier = named ? "" : DescribeIdentifier(entities_[c.suspect], c.unknown),
                    .behaviours = r.behaviours,
                    .earlier_reports = static_cast<int>(i)};
    r.summary = MakeSummary(rng_, in);
    if (rng_.Chance(cal_.share_witness)) AddWitness(r, place, r.reported_s);
    reports_.push_back(std::move(r));
    const OutcomeContext ctx{reports_.size() - 1, reports_.back().reported_s, c.stalking, true,
                             named};
    if (AddOutcomes(ctx) && !named) c.identified_at = i + 1;
  }
}

}  // namespace threadline::synth
