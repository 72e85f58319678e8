// CaseService: new linkage findings on open cases — a timeline event per
// finding and a re-run of the tiering rules with what the finding says.

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "access/session_token.hpp"
#include "services/case_service.hpp"
#include "services/case_support.hpp"

namespace threadline::services {
namespace {

constexpr const char* kFindingEvent = "case.finding";
constexpr size_t kCasePage = 500;

// What each type of finding is, in words for the timeline.
const std::map<std::string, std::string, std::less<>>& FindingWords() {
  static const std::map<std::string, std::string, std::less<>> words = {
      {"course_exists", "the reports are one course of conduct"},
      {"misrecorded", "a course of conduct not recorded as stalking"},
      {"cross_force", "a course crossing force boundaries"},
      {"serial_perpetrator", "the suspect has other victims"},
      {"escalation", "the conduct is escalating"},
  };
  return words;
}

// The finding's key on the timeline (the event's item id). A finding id may
// name a suspect by a phone number or e-mail address, so the timeline keeps
// a digest of it, never the id itself.
std::string FindingKey(const std::string& finding_id) {
  return "finding-" + access::HashToken("finding\x1f" + finding_id).substr(0, 32);
}

// Built from coded fields and counts only.
std::string Summary(const FindingNotice& f, const std::string& words) {
  std::string out = "Linkage finding: " + words + " (" + std::to_string(f.reports) +
                    (f.reports == 1 ? " report" : " reports");
  if (f.type == "serial_perpetrator") out += ", " + std::to_string(f.victims) + " victims";
  return out + ")";
}

// What the finding changes in the facts the tier was decided on.
void ApplyFinding(const FindingNotice& f, risk::TriageFacts& facts) {
  if (f.type == "serial_perpetrator") {
    facts.other_victims = std::max(facts.other_victims, f.victims - 1);
  } else if (f.type == "escalation") {
    facts.escalating = true;
  } else {  // course_exists, cross_force, misrecorded
    facts.incidents = std::max(facts.incidents, f.reports);
  }
}

}  // namespace

Result<int> CaseService::ConsiderFindings(const std::vector<FindingNotice>& findings) {
  // Which findings name each report.
  std::unordered_map<domain::Id, std::vector<size_t>> findings_of;
  for (size_t i = 0; i < findings.size(); ++i) {
    if (!FindingWords().contains(findings[i].type)) continue;
    for (const auto& r : findings[i].report_ids) findings_of[r].push_back(i);
  }
  if (findings_of.empty()) return 0;

  // The open cases carrying any of them, and which findings each carries.
  std::map<domain::Id, std::set<size_t>> candidates;
  const Status scanned = store_.Read([&](store::ReadTx& tx) -> Status {
    store::CaseFilter filter;
    filter.status = "open";
    filter.limit = kCasePage;
    do {
      auto page = tx.ListCases(filter);
      if (!page.ok()) return page.status();
      for (const auto& c : page->cases) {
        for (const auto& r : c.report_ids) {
          const auto it = findings_of.find(r);
          if (it != findings_of.end())
            candidates[c.id].insert(it->second.begin(), it->second.end());
        }
      }
      filter.cursor = page->next_cursor;
    } while (!filter.cursor.empty());
    return Status::Ok();
  });
  if (!scanned.ok()) return scanned.error();

  int recorded = 0;
  std::optional<Error> first_error;
  for (const auto& [case_id, carried] : candidates) {
    int recorded_here = 0;
    const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
      recorded_here = 0;
      auto c = tx.GetCase(case_id);
      if (!c.ok()) return c.status();
      if (c->status != "open") return Status::Ok();  // closed since it was read
      auto events = tx.ListCaseEvents(case_id);
      if (!events.ok()) return events.status();
      std::set<std::string> considered;
      for (const auto& e : *events) {
        if (e.kind == kFindingEvent) considered.insert(e.item_id);
      }
      // No user acts: the system records on behalf of the agency holding
      // the case, so the event and the audit entry name a real agency.
      const Actor system{"", c->owner_agency_id, "system", "", "linkage", {}};
      const int64_t now = clock_();
      std::vector<size_t> fresh;
      std::string last_key;
      for (size_t i : carried) {
        const FindingNotice& f = findings[i];
        std::string key = FindingKey(f.id);
        if (!considered.insert(key).second) continue;
        const Status s = case_support::Record(tx, system, case_id, kFindingEvent, key, "core",
                                              Summary(f, FindingWords().find(f.type)->second), now,
                                              "case.finding", "case", case_id);
        if (!s.ok()) return s;
        fresh.push_back(i);
        last_key = std::move(key);
      }
      if (fresh.empty()) return Status::Ok();
      recorded_here = static_cast<int>(fresh.size());
      // One suggestion for everything the new findings say; it names the
      // finding when there is only one.
      return SuggestRetriage(tx, system, *c, fresh.size() == 1 ? last_key : "", now,
                             [&](risk::TriageFacts& facts) {
                               for (size_t i : fresh) ApplyFinding(findings[i], facts);
                             });
    });
    if (!written.ok()) {
      if (!first_error) first_error = written.error();
      continue;
    }
    recorded += recorded_here;
  }
  if (first_error) return *first_error;
  return recorded;
}

}  // namespace threadline::services
