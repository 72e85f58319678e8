// Serial perpetrators: one suspect, two or more different victims within
// the serial window (DOMAIN §5: three years), across courses and one-offs.
#include <algorithm>
#include <map>
#include <set>

#include "linkage/conduct/findings_internal.hpp"

namespace threadline::linkage::conduct::internal {
namespace {

struct Event {
  int64_t t;
  uint32_t report;
  const std::string* victim;
};

// True when some window of `window_s` seconds holds two different victims.
bool TwoVictimsWithin(const std::vector<Event>& events, int64_t window_s) {
  std::map<std::string_view, size_t> in_window;
  size_t begin = 0;
  for (size_t end = 0; end < events.size(); ++end) {
    ++in_window[*events[end].victim];
    while (events[end].t - events[begin].t > window_s) {
      auto it = in_window.find(*events[begin].victim);
      if (--it->second == 0) in_window.erase(it);
      ++begin;
    }
    if (in_window.size() >= 2) return true;
  }
  return false;
}

Finding MakeSerial(const Input& input, const Grouping& grouping, int32_t group,
                   const std::vector<Event>& events) {
  Finding f;
  f.type = FindingType::kSerialPerpetrator;
  f.suspect = grouping.suspect_group_name[group];
  f.id = "serial_perpetrator:" + f.suspect;
  f.links = grouping.suspect_group_links[group];
  std::map<std::string, std::vector<std::string>> by_victim;  // victim -> references
  std::set<std::string> forces;
  for (const auto& e : events) {
    const auto& r = input.reports[e.report];
    f.reports.push_back(RefOf(r));
    forces.insert(ForceCode(r));
    by_victim[*e.victim].push_back((r.reference.empty() ? r.id : r.reference) + " (" +
                                   ForceCode(r) + ")");
  }
  f.forces.assign(forces.begin(), forces.end());
  std::string listing;
  for (const auto& [victim, refs] : by_victim) {
    f.victims.push_back(victim);
    std::string joined;
    for (const auto& ref : refs) joined += (joined.empty() ? "" : ", ") + ref;
    listing += (listing.empty() ? "" : "; ") + victim + ": " + joined;
  }
  f.reasons.push_back({"serial.two_or_more_victims", "The same suspect is named in reports about " +
                                                         std::to_string(by_victim.size()) +
                                                         " different victims within three years (" +
                                                         listing + ")."});
  f.recommendations.push_back({"consider_serial_perpetrator_review", "", "", "",
                               "Nominate the suspect for multi-agency review as a serial "
                               "perpetrator and check the safeguarding of every victim listed."});
  return f;
}

}  // namespace

std::vector<Finding> SerialPerpetrators(const Input& input, const Grouping& grouping,
                                        const Options& options) {
  std::vector<std::vector<Event>> by_group(grouping.suspect_group_links.size());
  for (uint32_t r = 0; r < input.reports.size(); ++r) {
    const int32_t g = grouping.suspect_group_of[r];
    if (g < 0 || !grouping.time_of[r] || grouping.victim_of[r].empty()) continue;
    by_group[g].push_back({*grouping.time_of[r], r, &grouping.victim_of[r]});
  }
  std::vector<Finding> out;
  std::set<std::string> ids;
  for (size_t g = 0; g < by_group.size(); ++g) {
    auto& events = by_group[g];
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
      return std::tie(a.t, a.report) < std::tie(b.t, b.report);
    });
    if (!TwoVictimsWithin(events, options.serial_window_days * kDaySeconds)) continue;
    Finding f = MakeSerial(input, grouping, static_cast<int32_t>(g), events);
    const std::string base = f.id;
    for (int n = 2; !ids.insert(f.id).second; ++n) f.id = base + "#" + std::to_string(n);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace threadline::linkage::conduct::internal
