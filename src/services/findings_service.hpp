#pragma once
// Course-of-conduct findings for the running server: reports grouped into
// courses over the people identity resolution says are the same, and the
// findings raised on them (a course exists, it was misrecorded, it crosses
// forces, the suspect has other victims, it is escalating).
//
// Findings are derived data: they are recomputed from the store when reports
// or persons have been added, or a practitioner decided (or undid a decision)
// that two person records are or are not the same person, since the last
// computation, and served from memory otherwise. Thread-safe.
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

  // Findings naming `force_code` among their forces (empty: all) of `type`
  // (empty: all). kInvalidArgument for an unknown type or force. Each
  // finding disclosed is audited.
  //
  // Who sees what: a practitioner sees the findings that involve their own
  // agency (the other forces' report ids in them are pointers to ask for
  // sharing, not the records). An analyst sees every finding pseudonymised:
  // person, report and identifier values replaced by stable keyed hashes.
  Result<std::vector<linkage::conduct::Finding>> List(const Actor& actor,
                                                      const std::string& force_code,
                                                      const std::string& type);

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
    std::vector<linkage::conduct::Finding> findings;
  };
  // Refreshes the snapshot under the lock, then tells the observer of new
  // findings outside it.
  Result<std::shared_ptr<const Snapshot>> Current();
  Status Refresh();  // mutex_ held
  void Notify(const Snapshot& snapshot, std::set<std::string> ids,
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
