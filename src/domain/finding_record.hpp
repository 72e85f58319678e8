#pragma once
// A course-of-conduct finding as it is kept, so the people who must act on
// it can: raised by the computation that first finds it, confirmed by each
// later one that still does, withdrawn (never deleted) by one that no longer
// does, and acknowledged by a practitioner who has acted on it.
//
// The id is derived from what the finding is about (its type and course,
// or its suspect), so a recomputation over the same records finds the same
// record again and keeps its history.

#include <string>
#include <string_view>
#include <vector>

#include "domain/ids.hpp"

namespace threadline::domain {

inline constexpr std::string_view kFindingOpen = "open";
inline constexpr std::string_view kFindingAcknowledged = "acknowledged";
inline constexpr std::string_view kFindingWithdrawn = "withdrawn";

struct FindingRecord {
  std::string id;   // derived from `key`; the same finding always has the same id
  std::string key;  // what it is about: "<type>:<course id or suspect>"
  std::string type;
  Id owner_agency_id;               // the force of its earliest report
  std::vector<std::string> forces;  // force codes of its reports, sorted
  std::vector<Id> report_ids;       // in time order
  std::string detail_json;          // the finding as the API renders it (sealed at rest)
  std::string digest;               // of detail_json: a change is seen without opening it
  std::string first_raised_at;
  std::string last_confirmed_at;  // the latest computation that still raised it
  std::string last_changed_at;    // when its reports, reasons or links last changed
  std::string withdrawn_at;       // empty while it is raised
  std::string withdrawn_reason;
  Id acknowledged_by;  // empty until a practitioner acknowledges it
  std::string acknowledged_at;
  std::string acknowledgement_note;  // what they did (sealed at rest)

  bool withdrawn() const { return !withdrawn_at.empty(); }
  bool acknowledged() const { return !acknowledged_at.empty(); }
  // kFindingWithdrawn, kFindingAcknowledged or kFindingOpen: withdrawal
  // outranks an acknowledgement made before it.
  std::string_view status() const {
    if (withdrawn()) return kFindingWithdrawn;
    return acknowledged() ? kFindingAcknowledged : kFindingOpen;
  }
};

}  // namespace threadline::domain
