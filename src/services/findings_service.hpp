#pragma once
// Course-of-conduct findings for the running server: reports grouped into
// courses over the people identity resolution says are the same, and the
// findings raised on them (a course exists, it was misrecorded, it crosses
// forces, the suspect has other victims, it is escalating).
//
// Findings are derived: they are recomputed from the store when reports or
// persons have been added, or a practitioner decided (or undid a decision)
// that two person records are or are not the same person, since the last
// computation, and served from memory otherwise. Each computation is also
// kept (store::WriteTx::SyncFindings): new findings are raised, those still
// raised confirmed, those no longer raised withdrawn with the reason when it
// is known; the kept records, not memory, say when a finding was first
// raised, whether it was withdrawn, and who acknowledged it. Thread-safe.
//
// An observer (OnNewFindings) hears of the findings each computation found
// that the one before did not (the first computation: all of them), e.g. to
// consider them on open cases. Computation happens when findings are
// listed or counted, or when Recompute is called (the server does so
// shortly after reports are stored).

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "domain/finding_record.hpp"
#include "domain/link_decision.hpp"
#include "domain/result.hpp"
#include "linkage/conduct/conduct.hpp"
#include "reporting/report_measures.hpp"
#include "services/access_control.hpp"
#include "services/actor.hpp"
#include "services/clock.hpp"
#include "services/link_service.hpp"
#include "services/pseudonym.hpp"
#include "store/store.hpp"

namespace threadline::services {

struct FindingNotice;  // services/case_service.hpp

// What to list: findings naming `force` (a force code; empty: all) of
// `type` (empty: all) in `status` ("open", "acknowledged", "withdrawn";
// empty: those still raised, open or acknowledged).
struct FindingQuery {
  std::string force;
  std::string type;
  std::string status;
};

// One finding as one viewer may see it.
struct FindingView {
  // As computed, or for a withdrawn finding as last raised. Its id is the
  // kept record's (for analysts, that id's pseudonym).
  linkage::conduct::Finding finding;
  // The kept record: dates, withdrawal, acknowledgement. detail_json is
  // empty; analysts get neither the key nor the acknowledgement's note.
  domain::FindingRecord record;
};

// Told of new findings; an error means "tell me again": the same findings
// are offered again on the next listing, so the observer must be idempotent.
using FindingsObserver = std::function<Status(const std::vector<FindingNotice>&)>;

class FindingsService {
 public:
  FindingsService(store::Store& store, LinkService& links, const AccessControl& access,
                  Clock clock);

  // Sets the observer of new findings (one; a later call replaces it). It
  // is called on the thread that listed or counted the findings, after the
  // computation and outside the service's lock, so it may take its time and
  // use the store; its errors (and exceptions) never fail the listing.
  void OnNewFindings(FindingsObserver observer);

  // The findings `query` asks for, still raised ones in the order the
  // engine gives them, withdrawn ones oldest first. kInvalidArgument for an
  // unknown type, force or status. Each finding disclosed is audited
  // (finding.list).
  //
  // Who sees what: a practitioner sees the findings that involve their own
  // agency (the other forces' report ids in them are pointers to ask for
  // sharing, not the records). An analyst sees every finding pseudonymised:
  // person, report and identifier values replaced by stable keyed hashes.
  Result<std::vector<FindingView>> List(const Actor& actor, const FindingQuery& query);

  // One finding, raised or withdrawn, by the id List gives. kNotFound when
  // there is none or the actor may not see it (one answer). Audited
  // (finding.read).
  Result<FindingView> Get(const Actor& actor, const std::string& id);

  // Records that the actor has acted on a raised finding they may see:
  // {"note": "..."} (1 to 2000 characters of text), replacing an earlier
  // acknowledgement. Needs `findings.acknowledge` and a person (not a
  // service account); kInvalidArgument for a bad body; kNotFound as Get;
  // kConflict when the finding was withdrawn. The acknowledgement and its
  // audit entry (finding.acknowledge) are written together.
  Result<FindingView> Acknowledge(const Actor& actor, const std::string& id,
                                  const boost::json::object& body);

  // Brings the findings up to date now (telling the observer of new ones),
  // so they reach their cases soon after a report arrives rather than at the
  // next listing. Nothing is disclosed.
  Status Recompute();

  // Every current finding as the accountability figures count it: no
  // personal data leaves, so nothing is disclosed or audited here (the
  // figures' read is audited by StatsService).
  Result<std::vector<reporting::FindingFact>> Facts();

 private:
  struct Snapshot {
    int64_t reports = -1;
    int64_t persons = -1;
    uint64_t decisions = 0;  // LinkService::decisions_version() it was derived at
    std::vector<domain::LinkDecision> standing;  // the decisions it was derived with
    std::vector<linkage::conduct::Finding> findings;
    std::vector<std::string> record_ids;  // the kept record's id of each finding
  };
  // Refreshes the snapshot under the lock, then tells the observer of new
  // findings outside it.
  Result<std::shared_ptr<const Snapshot>> Current();
  Status Refresh();  // mutex_ held
  // Keeps a fresh computation (mutex_ held).
  Status Keep(const Snapshot& fresh, const std::vector<domain::Report>& reports);
  // The code of the actor's own agency when the findings they see are
  // limited to it; empty for analysts and the system, who see every one.
  Result<std::string> OwnForce(const Actor& actor);
  // The finding of a kept record, as `actor` may see it (`pseudonymise`
  // for analysts).
  Result<FindingView> ViewOf(linkage::conduct::Finding finding, domain::FindingRecord record,
                             bool pseudonymise) const;
  // The kept record `id` names for this actor (analysts name a pseudonym),
  // with its detail, when they may see it; nullopt otherwise.
  Result<std::optional<domain::FindingRecord>> Visible(const Actor& actor, const std::string& id);
  void Notify(const Snapshot& snapshot, const std::set<std::string>& ids,
              const FindingsObserver& observer);

  store::Store& store_;
  LinkService& links_;
  const AccessControl& access_;
  const Pseudonymiser& pseudonym_ = Pseudonymiser::ForThisProcess();
  Clock clock_;
  std::mutex mutex_;
  std::shared_ptr<const Snapshot> snapshot_;
  FindingsObserver observer_;
  // Ids of findings the observer has not yet been told of (only while there
  // is an observer).
  std::set<std::string> pending_;
};

}  // namespace threadline::services
