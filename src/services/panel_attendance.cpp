#include "services/panel_attendance.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "services/case_support.hpp"

namespace threadline::services {
Result<MeetingAttendance> CollectAttendance(
    store::ReadTx& tx, const domain::Id& panel_id, std::string_view date,
    const std::vector<std::pair<domain::Id, access::Disclosure>>& cases) {
  struct Present {
    std::set<std::string> roles;
    std::set<domain::Id> cases;
  };
  std::map<std::string, Present> by_agency;
  MeetingAttendance out;
  std::set<domain::Id> seen;
  for (const auto& [case_id, disclosure] : cases) {
    if (!seen.insert(case_id).second) continue;
    auto items = tx.ListCaseItems(case_id, "minutes");
    if (!items.ok()) return items.error();
    bool recorded = false;
    for (const auto& item : *items) {
      boost::system::error_code ec;
      const auto body = boost::json::parse(item.body_json, ec);
      if (ec || !body.is_object()) continue;
      const auto& minutes = body.as_object();
      if (case_support::Text(minutes, "panel_id") != panel_id ||
          case_support::Text(minutes, "meeting_date") != date) {
        continue;
      }
      if (!disclosure.Grants(item.field_class)) {
        ++out.minutes_withheld;
        continue;
      }
      recorded = true;
      const auto* attendance = minutes.if_contains("attendance");
      if (attendance == nullptr || !attendance->is_array()) continue;
      for (const auto& person : attendance->as_array()) {
        if (!person.is_object()) continue;
        const std::string agency = case_support::Text(person.as_object(), "agency");
        if (agency.empty()) continue;
        Present& p = by_agency[agency];
        p.cases.insert(case_id);
        if (std::string role = case_support::Text(person.as_object(), "role"); !role.empty()) {
          p.roles.insert(std::move(role));
        }
      }
    }
    if (recorded) ++out.minutes_recorded;
  }
  for (auto& [agency, present] : by_agency) {
    out.agencies.push_back({agency,
                            {present.roles.begin(), present.roles.end()},
                            static_cast<int>(present.cases.size())});
  }
  return out;
}

}  // namespace threadline::services
