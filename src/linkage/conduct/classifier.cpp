// The default course classifier and the gravity scale used for escalation.
#include <algorithm>
#include <array>
#include <set>
#include <string>

#include "linkage/conduct/internal.hpp"

namespace threadline::linkage::conduct {
namespace {

// The gravity order behind escalation findings, lowest first. It follows
// how stalking risk guidance reads a course: remote contact, then covert
// monitoring, then threats, then physical presence (turning up, following —
// the suspect has moved from words to the victim's door), then violence.
// Codes not listed (unknown to this table) weigh 0 and never escalate.
struct GravityEntry {
  std::string_view behaviour;
  int gravity;
};
constexpr std::array kGravity = {
    GravityEntry{"contacting", 1},
    GravityEntry{"unwanted_gifts", 1},
    GravityEntry{"spoofed_numbers", 1},
    GravityEntry{"fake_profiles", 1},
    GravityEntry{"contacting_third_parties", 1},
    GravityEntry{"third_parties_recruited", 1},
    GravityEntry{"publishing_material", 1},
    GravityEntry{"impersonation", 1},
    GravityEntry{"monitoring_communications", 2},
    GravityEntry{"account_access", 2},
    GravityEntry{"tracking_device", 2},
    GravityEntry{"interfering_with_property", 2},
    GravityEntry{"threats", 3},
    GravityEntry{"sexual_threats", 3},
    GravityEntry{"image_based_abuse", 3},
    GravityEntry{"property_damage", 3},
    GravityEntry{"watching_spying", 4},
    GravityEntry{"loitering", 4},
    GravityEntry{"following", 4},
    GravityEntry{"turning_up", 4},
    GravityEntry{"violence", 5},
};

// Acts that show surveillance of the victim: on their own, repeated, they
// point to fixation rather than a dispute.
constexpr std::array<std::string_view, 6> kSurveillance = {
    "following",       "loitering",     "watching_spying", "monitoring_communications",
    "tracking_device", "account_access"};
// Other s2A acts: stalking when they persist (three or more occasions).
constexpr std::array<std::string_view, 4> kOtherS2a = {
    "contacting", "publishing_material", "impersonation", "interfering_with_property"};
constexpr std::array<std::string_view, 3> kFearOfViolence = {"threats", "sexual_threats",
                                                             "violence"};

template <size_t N>
bool AnyOf(const domain::Report& r, const std::array<std::string_view, N>& codes) {
  return std::any_of(r.behaviours.begin(), r.behaviours.end(), [&](const std::string& b) {
    return std::find(codes.begin(), codes.end(), b) != codes.end();
  });
}

std::string Join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

}  // namespace

namespace internal {

int Gravity(std::string_view behaviour) {
  for (const auto& g : kGravity) {
    if (g.behaviour == behaviour) return g.gravity;
  }
  return 0;
}

int ReportGravity(const domain::Report& report) {
  int g = 0;
  for (const auto& b : report.behaviours) g = std::max(g, Gravity(b));
  return g;
}

}  // namespace internal

CourseClassification DefaultClassifier(std::span<const domain::Report* const> course) {
  CourseClassification out;
  std::set<std::string> occasions, surveillance, recorded_stalking;
  size_t other_s2a = 0;
  size_t fear = 0;
  for (const domain::Report* r : course) {
    occasions.insert(r->occurred_at);
    for (const auto& b : r->behaviours) {
      if (std::find(kSurveillance.begin(), kSurveillance.end(), b) != kSurveillance.end()) {
        surveillance.insert(b);
      }
    }
    if (AnyOf(*r, kOtherS2a)) ++other_s2a;
    if (AnyOf(*r, kFearOfViolence)) ++fear;
    if (r->recorded_as.rfind("stalking_", 0) == 0) recorded_stalking.insert(r->reference);
  }
  if (occasions.size() < 2) return out;  // not repeated: never a course
  if (!recorded_stalking.empty()) {
    out.reasons.push_back({"classify.recorded_as_stalking",
                           "An officer already recorded part of this course as stalking (" +
                               Join(recorded_stalking) + ")."});
  }
  if (!surveillance.empty()) {
    out.reasons.push_back({"classify.surveillance_acts",
                           "Repeated conduct includes acts associated with stalking under PHA "
                           "1997 s2A(3): " +
                               Join(surveillance) + "."});
  }
  if (other_s2a >= 3) {
    out.reasons.push_back({"classify.persistent_s2a_acts",
                           "Acts associated with stalking (contact, publishing, impersonation or "
                           "interference with property) recur on " +
                               std::to_string(other_s2a) + " occasions."});
  }
  if (out.reasons.empty()) return out;
  out.stalking = true;
  out.code = fear >= 2 ? "stalking_s4a" : "stalking_s2a";
  if (fear >= 2) {
    out.reasons.push_back(
        {"classify.fear_of_violence", "Threats or violence occur on " + std::to_string(fear) +
                                          " occasions, so s4A (fear of violence) applies."});
  }
  return out;
}

}  // namespace threadline::linkage::conduct
