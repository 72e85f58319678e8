#pragma once
// The multi-agency case, from referral to closure: refer, triage into a
// tier, record work on the case (actions, plans, contacts, orders, breaches,
// evidence, Victims' Code decisions, interventions, minutes, outcomes), move
// each thing through its lifecycle, and read the timeline.
//
// Every use case checks the actor's role and that they may see the case,
// writes in one transaction (the item, the case header when it changes, a
// timeline event and an audit entry) and never half-writes. Items belong to
// the agency that wrote them; another agency sees an item only as its
// sharing agreements allow (access/policy.hpp), and a withheld body says so.
//
// Concurrency: cases and items carry a version. An update names the version
// it was based on; if someone changed the record since, the answer is
// kConflict describing their change, never a silent overwrite.

#include <boost/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/case_records.hpp"
#include "domain/records.hpp"
#include "domain/result.hpp"
#include "domain/working_days.hpp"
#include "refdata/refdata.hpp"
#include "risk/tiering.hpp"
#include "services/access_control.hpp"
#include "services/actor.hpp"
#include "services/case_kinds.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace threadline::services {

// The Victims' Code clock of a decision the victim must be told about.
struct VictimsCodeClock {
  std::string due_on;    // last day to inform the victim
  int working_days = 0;  // 1 (enhanced rights) or 5
  std::string state;     // awaiting, overdue, met, breached
};

struct CaseItemView {
  domain::CaseItem item;  // body_json is "null" when withheld
  std::string basis;
  std::vector<Withheld> withheld;
  std::vector<std::string> allowed_events;  // what may happen to it next
  std::optional<VictimsCodeClock> clock;    // decisions only
};

struct TimelineEntry {
  domain::CaseEvent event;
  std::string agency_code;
  std::string withheld_reason;  // non-empty: the summary is withheld and why
};

struct Timeline {
  domain::Id case_id;
  std::vector<TimelineEntry> entries;
  // Events by agencies that share nothing of this case with the viewer.
  int withheld_events = 0;
};

struct TriageResult {
  Disclosed<domain::Case> kase;
  CaseItemView triage;
  risk::TierSuggestion suggestion;
};

struct CaseQuery {
  std::string status;
  int tier = 0;
  domain::Id person_id;
  std::string source;  // one of ReferralSources(), or empty for any
  std::string cursor;
  size_t limit = 50;
};

struct CaseListPage {
  std::vector<Disclosed<domain::Case>> cases;
  std::string next_cursor;
};

// A course-of-conduct finding as the case service considers it: only what
// re-triage needs, so cases do not depend on the linkage engine.
struct FindingNotice {
  std::string id;    // the finding's id (stable for the same data)
  std::string type;  // course_exists, misrecorded, cross_force, serial_perpetrator, escalation
  std::vector<domain::Id> report_ids;
  int victims = 0;  // victim entities concerned
  int reports = 0;  // reports in the finding
};

// The shipped (or overridden) England and Wales bank holidays.
Result<domain::WorkingCalendar> LoadWorkingCalendar(const refdata::RefData& data);

struct CaseServiceConfig {
  int advocate_caseload_limit = 25;  // allocated cases per advocate
  int order_expiry_warning_days = 28;
};

class CaseService {
 public:
  CaseService(store::Store& store, const AccessControl& access, const risk::TierRules& tiers,
              const domain::WorkingCalendar& calendar, Clock clock, CaseServiceConfig config = {})
      : store_(store),
        access_(access),
        tiers_(tiers),
        calendar_(calendar),
        clock_(std::move(clock)),
        config_(config) {}

  // A referral opens a case in status "referred". Input: source, to (the
  // hub agency's code; defaults to the actor's police force), report_ids,
  // finding_keys, victim_person_id, suspect_person_id, reason. Every named
  // report and person must be visible to the actor.
  Result<Disclosed<domain::Case>> Refer(const Actor& actor, const boost::json::object& input);

  Result<Disclosed<domain::Case>> Get(const Actor& actor, const domain::Id& id);
  Result<CaseListPage> List(const Actor& actor, const CaseQuery& query);

  // Changes the case lead or the Victims' Code entitlement (with a reason
  // when not enhanced). Input carries "version".
  Result<Disclosed<domain::Case>> Update(const Actor& actor, const domain::Id& id,
                                         const boost::json::object& input);

  // What the tiering rules suggest for these facts, without recording.
  Result<risk::TierSuggestion> SuggestTier(const Actor& actor, const domain::Id& id,
                                           const boost::json::object& facts);

  // Records a multi-agency consultation (see docs/cases.md for the fields):
  // the tier with rationale (an override of the suggestion needs a reason),
  // plans, or advice to the referrer and closure when it is not stalking.
  Result<TriageResult> Triage(const Actor& actor, const domain::Id& id,
                              const boost::json::object& input);

  // Closing with open actions needs a reason naming why they may stay open.
  Result<Disclosed<domain::Case>> Close(const Actor& actor, const domain::Id& id,
                                        const boost::json::object& input);
  Result<Disclosed<domain::Case>> Reopen(const Actor& actor, const domain::Id& id,
                                         const boost::json::object& input);

  // A new incident: adds a report the actor can see to the case (input
  // "version", "report_id") and re-runs the tiering rules with it, saying on
  // the timeline when they now suggest a higher tier.
  Result<Disclosed<domain::Case>> AddReport(const Actor& actor, const domain::Id& id,
                                            const boost::json::object& input);

  // New linkage findings: every open case carrying one of a finding's
  // reports gets, once per finding, a "case.finding" timeline event and
  // audit entry by the system on behalf of the case's owner agency, and the
  // tiering rules are re-run with what the findings say (other victims,
  // escalation, the number of reports in the course), appending
  // "case.retriage_suggested" when they now suggest a higher tier. Each case
  // is one transaction; a finding already on a case's timeline is skipped,
  // so calling again with the same findings records nothing. Findings of an
  // unknown type are ignored. Answers how many (case, finding) pairs were
  // recorded; on a failed case the others are still considered and the
  // first error is answered.
  Result<int> ConsiderFindings(const std::vector<FindingNotice>& findings);

  Result<CaseItemView> AddItem(const Actor& actor, const domain::Id& case_id, const KindSpec& kind,
                               const boost::json::object& input);
  Result<std::vector<CaseItemView>> ListItems(const Actor& actor, const domain::Id& case_id,
                                              const KindSpec& kind);
  Result<CaseItemView> GetItem(const Actor& actor, const domain::Id& item_id);
  // Everything recorded on a case that the actor may see, for the case page
  // in one read and one audit entry ("case.records"): every item of every
  // kind, oldest first, and the criminal justice outcomes of the case's
  // reports the actor may see.
  struct Records {
    std::vector<CaseItemView> items;
    std::vector<domain::Outcome> outcomes;
  };
  Result<Records> ListRecords(const Actor& actor, const domain::Id& case_id);
  // Edits an editable kind (plans, interventions); only the writing agency.
  Result<CaseItemView> UpdateItem(const Actor& actor, const domain::Id& item_id,
                                  const boost::json::object& input);
  // Moves an item through its lifecycle: input "event", "version", and
  // optional "on" (date), "note", plus what the event needs.
  Result<CaseItemView> Transition(const Actor& actor, const domain::Id& item_id,
                                  const boost::json::object& input);

  // A criminal justice outcome on one of the case's reports; arrest, charge
  // and no further action start a Victims' Code clock.
  Result<domain::Outcome> RecordOutcome(const Actor& actor, const domain::Id& case_id,
                                        const boost::json::object& input);

  Result<Timeline> GetTimeline(const Actor& actor, const domain::Id& case_id);

  // Open actions past due (or due within `within_days`) on cases the actor
  // may see, and Victims' Code clocks awaiting; `mine` = owned by the actor.
  Result<std::vector<CaseItemView>> DueWork(const Actor& actor, std::string_view kind,
                                            int within_days, bool mine);

  const risk::TierRules& tier_rules() const { return tiers_; }

 private:
  struct Loaded {
    domain::Case kase;
    AccessControl::SharedDisclosure disclosure;  // of the case itself, never null
  };
  Result<Loaded> LoadCase(store::ReadTx& tx, const Actor& actor, const domain::Id& id) const;
  // Re-runs the tiering rules on the last triage's facts as `change` leaves
  // them; when they suggest a higher tier than the case has, appends
  // "case.retriage_suggested" with the rules that say so. Only for open cases.
  Status SuggestRetriage(store::WriteTx& tx, const Actor& actor, const domain::Case& c,
                         const domain::Id& item_id, int64_t now,
                         const std::function<void(risk::TriageFacts&)>& change) const;
  // An item about to change, with its kind and case: the actor holds the
  // kind's action and may see both; else the error to answer.
  struct ItemToChange {
    domain::CaseItem item;
    const KindSpec* spec = nullptr;
    Loaded loaded;
  };
  Result<ItemToChange> LoadItemToChange(store::ReadTx& tx, const Actor& actor,
                                        const domain::Id& item_id) const;
  // One change of the case header in one transaction: load (and check it is
  // visible), apply the lifecycle `event` (none when empty), check the
  // version, let `change` edit the case and say what changed, then store,
  // timeline and audit.
  using CaseChange = std::function<Result<std::string>(store::WriteTx&, domain::Case&)>;
  Result<Disclosed<domain::Case>> ChangeCase(const Actor& actor, const domain::Id& id,
                                             int64_t version, std::string_view event,
                                             const std::string& event_kind,
                                             const std::string& audit_action,
                                             const CaseChange& change);
  CaseItemView ViewItem(const domain::CaseItem& item, const access::Disclosure& d,
                        const domain::Case& kase, const Actor& actor) const;
  Result<CaseItemView> DiscloseItem(store::ReadTx& tx, const Actor& actor,
                                    const domain::CaseItem& item, const domain::Case& kase) const;
  std::optional<VictimsCodeClock> ClockOf(const domain::CaseItem& item) const;
  std::string Today() const;

  store::Store& store_;
  const AccessControl& access_;
  const risk::TierRules& tiers_;
  const domain::WorkingCalendar& calendar_;
  Clock clock_;
  CaseServiceConfig config_;
};

}  // namespace threadline::services
