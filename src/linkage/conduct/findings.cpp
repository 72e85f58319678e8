// Findings on single courses: course_exists, misrecorded, cross_force; the
// orchestration in FindFindings and the filter behind the findings API.
#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "linkage/conduct/findings_internal.hpp"

namespace threadline::linkage::conduct {
namespace {

using internal::DayOf;

constexpr std::array<std::string_view, 5> kTypeNames = {
    "course_exists", "misrecorded", "cross_force", "serial_perpetrator", "escalation"};

// Codes that record stalking conduct as a lesser or non-crime (DOMAIN §4,
// §10): the course must be reclassified, not re-counted.
constexpr std::array<std::string_view, 6> kMisrecordedCodes = {
    "harassment_s2", "harassment_s4",     "malicious_communications",
    "other",         "neighbour_dispute", "not_recorded"};
// Codes that may stand as the principal crime (principal crime rule), with
// stalking kept as an included classification.
constexpr std::array<std::string_view, 4> kPrincipalCodes = {"assault", "criminal_damage", "theft",
                                                             "coercive_control"};
// Codes under which no crime was recorded at all.
constexpr std::array<std::string_view, 2> kNoCrime = {"not_recorded", "neighbour_dispute"};

template <size_t N>
bool In(const std::array<std::string_view, N>& codes, std::string_view code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

std::string ForceOf(const domain::Report& r) {
  return r.force_code.empty() ? r.force_id : r.force_code;
}

std::string RefText(const domain::Report& r) {
  return (r.reference.empty() ? r.id : r.reference) + " (" + ForceOf(r) + ", " +
         DayOf(r.occurred_at) + ", " + r.recorded_as + ")";
}

Finding CourseExists(const Input& input, const Course& c) {
  Finding f = internal::BaseFinding(FindingType::kCourseExists, input, c);
  std::string text = std::to_string(c.reports.size()) + " reports on " +
                     std::to_string(c.occasions) + " occasions between " +
                     DayOf(input.reports[c.reports.front()].occurred_at) + " and " +
                     DayOf(input.reports[c.reports.back()].occurred_at) +
                     " name the same suspect and the same victim: two or more occasions make a "
                     "course of conduct.";
  f.reasons.push_back({"course.repeated", std::move(text)});
  std::set<std::string> identifiers;
  bool resolved = false;
  for (const auto& l : c.links) {
    if (l.kind.rfind("suspect_shared_", 0) == 0) identifiers.insert(l.detail);
    if (l.person_a != l.person_b && l.kind.find("same_entity") != std::string::npos)
      resolved = true;
  }
  if (resolved) {
    f.reasons.push_back({"course.resolved_identity",
                         "Identity resolution matched different person records of the suspect or "
                         "victim to one individual."});
  }
  for (const auto& id : identifiers) {
    f.reasons.push_back({"course.shared_identifier",
                         "Suspect records share the identifier " + id +
                             ", which few people hold, so they are taken to be one suspect."});
  }
  f.recommendations.push_back({"link_reports", "", "", "",
                               "Link these reports as one course of conduct and review them "
                               "together."});
  return f;
}

// The crime the course should be recorded under: the earliest report
// recorded as a crime, else none.
const domain::Report* CrimeX(const Input& input, const Course& c) {
  for (uint32_t r : c.reports) {
    if (!In(kNoCrime, input.reports[r].recorded_as)) return &input.reports[r];
  }
  return nullptr;
}

void MisrecordedRecommendations(const Input& input, const Course& c, const std::string& code,
                                Finding& f) {
  const domain::Report* x = CrimeX(input, c);
  if (x == nullptr) {
    f.recommendations.push_back({"record_one_crime", "", "", code,
                                 "Record one crime of " + code +
                                     " for this victim covering the "
                                     "whole course of conduct."});
    return;
  }
  const std::string xref = x->reference.empty() ? x->id : x->reference;
  if (x->recorded_as != code) {
    f.recommendations.push_back({"reclassify", xref, x->recorded_as, code,
                                 "Reclassify crime " + xref + " from " + x->recorded_as + " to " +
                                     code + " (reclassify, don't re-count)."});
  }
  std::set<std::string> joined;
  for (uint32_t r : c.reports) {
    const auto& rep = input.reports[r];
    const std::string ref = rep.reference.empty() ? rep.id : rep.reference;
    if (&rep == x || ref == xref || !joined.insert(ref).second) continue;
    f.recommendations.push_back({"join_crime", ref, rep.recorded_as, code,
                                 "Add " + ref + " to crime " + xref +
                                     " rather than counting it as a separate crime (one crime "
                                     "per victim for a course of conduct)."});
  }
}

std::optional<Finding> Misrecorded(const Input& input, const Course& c,
                                   const CourseClassifier& classify) {
  std::vector<const domain::Report*> reports;
  for (uint32_t r : c.reports) reports.push_back(&input.reports[r]);
  CourseClassification k = classify(reports);
  if (!k.stalking) return std::nullopt;
  if (k.code.empty()) k.code = "stalking_s2a";
  Finding f = internal::BaseFinding(FindingType::kMisrecorded, input, c);
  std::vector<std::string> wrong, principal;
  std::set<std::string> crimes;
  for (const auto* r : reports) {
    if (In(kMisrecordedCodes, r->recorded_as)) wrong.push_back(RefText(*r));
    if (In(kPrincipalCodes, r->recorded_as)) principal.push_back(RefText(*r));
    if (!In(kNoCrime, r->recorded_as)) crimes.insert(r->reference.empty() ? r->id : r->reference);
  }
  auto list = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : "; ") + s;
    return out;
  };
  if (!wrong.empty()) {
    f.reasons.push_back({"misrecorded.wrong_classification",
                         "Taken together the conduct is " + k.code + ", but " +
                             std::to_string(wrong.size()) +
                             " report(s) were recorded as something else: " + list(wrong) + "."});
  }
  if (crimes.size() >= 2) {
    f.reasons.push_back({"misrecorded.separate_crimes",
                         "The course was counted as " + std::to_string(crimes.size()) +
                             " separate crimes; the Home Office Counting Rules record one crime "
                             "per victim for a course of conduct."});
  }
  if (!principal.empty()) {
    f.reasons.push_back({"misrecorded.included_classification",
                         "Stalking must be kept as an included classification where another "
                         "offence was recorded as principal: " +
                             list(principal) + "."});
  }
  if (f.reasons.empty()) return std::nullopt;  // already one stalking crime
  f.reasons.insert(f.reasons.begin(), k.reasons.begin(), k.reasons.end());
  MisrecordedRecommendations(input, c, k.code, f);
  return f;
}

std::optional<Finding> CrossForce(const Input& input, const Course& c) {
  std::map<std::string, std::vector<std::string>> refs;  // force -> references
  for (uint32_t r : c.reports) {
    const auto& rep = input.reports[r];
    refs[ForceOf(rep)].push_back(rep.reference.empty() ? rep.id : rep.reference);
  }
  if (refs.size() < 2) return std::nullopt;
  Finding f = internal::BaseFinding(FindingType::kCrossForce, input, c);
  std::string summary;
  for (const auto& [force, list] : refs) {
    std::string joined;
    for (const auto& ref : list) joined += (joined.empty() ? "" : ", ") + ref;
    summary += (summary.empty() ? "" : "; ") + force + ": " + joined;
  }
  f.reasons.push_back({"cross_force.multiple_forces",
                       "This course of conduct was reported to " + std::to_string(refs.size()) +
                           " forces (" + summary + "); each force saw only part of it."});
  for (const auto& [force, list] : refs) {
    std::string others;
    for (const auto& [other, other_refs] : refs) {
      if (other == force) continue;
      for (const auto& ref : other_refs) others += (others.empty() ? "" : ", ") + other + " " + ref;
    }
    f.recommendations.push_back({"check_other_forces", force, "", "",
                                 force + ": obtain and review " + others +
                                     " and agree which force leads the investigation."});
  }
  return f;
}

}  // namespace

namespace internal {

Finding BaseFinding(FindingType type, const Input& input, const Course& c) {
  Finding f;
  f.type = type;
  f.course_id = c.id;
  f.id = std::string(FindingTypeName(type)) + ":" + c.id;
  f.suspect = c.suspect;
  f.victims = {c.victim};
  std::set<std::string> forces;
  for (uint32_t r : c.reports) {
    f.reports.push_back(RefOf(input.reports[r]));
    forces.insert(ForceOf(input.reports[r]));
  }
  f.forces.assign(forces.begin(), forces.end());
  f.links = c.links;
  return f;
}

std::string ForceCode(const domain::Report& report) { return ForceOf(report); }

}  // namespace internal

std::string_view FindingTypeName(FindingType type) { return kTypeNames[static_cast<size_t>(type)]; }

std::optional<FindingType> ParseFindingType(std::string_view name) {
  for (size_t i = 0; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == name) return static_cast<FindingType>(i);
  }
  return std::nullopt;
}

std::vector<Finding> FindFindings(const Input& input, const Grouping& grouping,
                                  const Options& options, const CourseClassifier& classify) {
  const CourseClassifier& k = classify ? classify : CourseClassifier(DefaultClassifier);
  std::vector<Finding> out;
  for (const Course& c : grouping.courses) out.push_back(CourseExists(input, c));
  for (const Course& c : grouping.courses) {
    if (auto f = Misrecorded(input, c, k)) out.push_back(std::move(*f));
    if (auto f = CrossForce(input, c)) out.push_back(std::move(*f));
    if (auto f = internal::Escalation(input, grouping, c, options)) out.push_back(std::move(*f));
  }
  auto serial = internal::SerialPerpetrators(input, grouping, options);
  out.insert(out.end(), std::make_move_iterator(serial.begin()),
             std::make_move_iterator(serial.end()));
  return out;
}

std::vector<const Finding*> FilterFindings(std::span<const Finding> findings,
                                           std::string_view force_code,
                                           std::optional<FindingType> type) {
  std::vector<const Finding*> out;
  for (const auto& f : findings) {
    if (type && f.type != *type) continue;
    if (!force_code.empty() &&
        std::find(f.forces.begin(), f.forces.end(), force_code) == f.forces.end()) {
      continue;
    }
    out.push_back(&f);
  }
  return out;
}

}  // namespace threadline::linkage::conduct
