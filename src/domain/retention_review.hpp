#pragma once
// A reviewer's decision on a record whose review date has passed: keep it
// until a later review, or delete it. Decisions outlive the records they
// delete: what remains says that a record of this type and id was deleted,
// by whom, when and why, and how many rows went with it, never its content.

#include <string>

#include "domain/ids.hpp"

namespace threadline::domain {

struct RetentionReview {
  Id id;
  std::string record_type;  // "report" or "case"
  Id record_id;
  Id owner_agency_id;
  std::string decision;        // "retain" or "delete"
  std::string reason;          // the reviewer's grounds, required
  std::string next_review_on;  // retain: the next review date; delete: empty
  std::string deleted;         // delete: what went, e.g. "1 report, 2 screenings, 1 person"
  Id reviewed_by;
  std::string reviewed_at;
};

}  // namespace threadline::domain
