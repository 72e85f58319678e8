#pragma once
// Who attended a panel meeting, by agency, read from the per-case minutes
// recorded for that meeting: the minutes are where attendance is written
// down, so the meeting's register is their union and never a second copy.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/policy.hpp"
#include "domain/records.hpp"
#include "domain/result.hpp"
#include "store/store.hpp"

namespace threadline::services {

struct AgencyAttendance {
  std::string agency;              // the agency's code, as the minutes name it
  std::vector<std::string> roles;  // sorted, each once
  int cases = 0;                   // cases of the meeting it was present for
};

struct MeetingAttendance {
  std::vector<AgencyAttendance> agencies;  // by agency code
  int minutes_recorded = 0;                // cases with minutes the reader may read
  int minutes_withheld = 0;  // minutes kept from the reader (their field class is not granted)
};

// The attendance at the meeting of `panel_id` on `date` (YYYY-MM-DD) in the
// minutes of `cases`, each with the reader's disclosure of that case.
Result<MeetingAttendance> CollectAttendance(
    store::ReadTx& tx, const domain::Id& panel_id, std::string_view date,
    const std::vector<std::pair<domain::Id, access::Disclosure>>& cases);

}  // namespace threadline::services
