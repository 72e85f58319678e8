#pragma once
// Retention review: the queue of records whose review date has passed, and
// reviewers' decisions to keep or delete them.
//
// Promises:
//  - review periods come from the reference data (retention/review-periods.csv,
//    access/retention.hpp); nothing is ever deleted without a person's decision;
//  - the queue holds one owning agency's records, oldest first, each with its
//    review date and the reasons it is due; a report held by a case says so
//    (it is reviewed with the case, and cannot be deleted while a case holds it);
//  - a decision needs the "retention.review" action, a record of the agency
//    reviewed that is due on the day (London date), and a reason. "retain"
//    sets the next review date (by default one period ahead); "delete"
//    removes the record and everything that is only its own (screenings,
//    outcomes, items, the timeline, persons nothing else refers to);
//  - the decision, the deletion and its audit entries (one for the record,
//    one for each person deleted) are one transaction: all or nothing; the
//    audit log is never touched otherwise, so "who has seen this record"
//    still answers after the record has gone;
//  - listing the queue is audited like any list of records.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "access/retention.hpp"
#include "domain/result.hpp"
#include "domain/retention_review.hpp"
#include "refdata/refdata.hpp"
#include "services/access_control.hpp"
#include "services/actor.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace threadline::services {

struct RetentionQueueQuery {
  std::string record_type = "report";
  std::string agency_code;  // empty: the actor's own agency
  domain::Id record_id;     // when set, only this record (if it is due)
  std::string cursor;
  size_t limit = 50;
};

struct RetentionQueueItem {
  store::RetentionCandidate record;
  std::string due_on;
  std::vector<std::string> reasons;
  std::optional<domain::RetentionReview> last_review;
  std::vector<std::string> held_by_cases;  // references of the cases holding a report
};

struct RetentionQueuePage {
  domain::Id agency_id;  // whose records these are
  std::string today;
  const access::RetentionRule* rule = nullptr;
  std::vector<RetentionQueueItem> items;
  std::string next_cursor;
};

struct RetentionDecisionInput {
  std::string record_type;
  domain::Id record_id;
  std::string decision;  // "retain" or "delete"
  std::string reason;
  std::string next_review_on;  // retain only; empty: one period ahead
};

struct RetentionOutcome {
  domain::RetentionReview review;
  store::DeletedRecords deleted;  // empty for "retain"
};

class RetentionService {
 public:
  // Called after a deletion has committed, with the persons it removed, so
  // in-memory indexes forget them.
  using PersonsDeleted = std::function<void(const std::vector<domain::Id>&)>;

  // Loads retention/review-periods.csv; kInvalidArgument naming the bad rows.
  static Result<std::unique_ptr<RetentionService>> Create(store::Store& store,
                                                          const AccessControl& access,
                                                          const refdata::RefData& data, Clock clock,
                                                          PersonsDeleted on_deleted = {});

  // The review periods in force (requires "retention.review").
  Result<std::vector<access::RetentionRule>> Rules(const Actor& actor) const;

  // Records due for review. kInvalidArgument for an unknown type, a bad
  // cursor or a limit outside 1..200; another agency's queue is kNotFound
  // except for administrators, who oversee every agency.
  Result<RetentionQueuePage> Queue(const Actor& actor, const RetentionQueueQuery& query);

  // Records one decision. kNotFound for a record that does not exist or is
  // not the reviewer's to review; kConflict for one that is not due yet, or
  // a report a case still holds; kInvalidArgument for bad input.
  Result<RetentionOutcome> Decide(const Actor& actor, const RetentionDecisionInput& input);

  RetentionService(store::Store& store, const AccessControl& access, access::RetentionRules rules,
                   Clock clock, PersonsDeleted on_deleted)
      : store_(store),
        access_(access),
        rules_(std::move(rules)),
        clock_(std::move(clock)),
        on_deleted_(std::move(on_deleted)) {}

 private:
  store::Store& store_;
  const AccessControl& access_;
  access::RetentionRules rules_;
  Clock clock_;
  PersonsDeleted on_deleted_;
};

}  // namespace threadline::services
