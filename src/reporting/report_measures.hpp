#pragma once
// The measures counted over reports: the attrition funnel and recording
// quality. Pure: counts in, tables out. Every definition here is the one
// written in docs/measures.md.

#include <map>
#include <string>
#include <vector>

#include "reporting/reference.hpp"
#include "reporting/table.hpp"
#include "store/store.hpp"

namespace threadline::reporting {

// Reports of one scope tallied by what each step of the measures asks.
struct ReportTally {
  int64_t reports = 0;
  // The funnel: each step counts reports that also passed the step before.
  int64_t recorded_stalking = 0;   // recorded as stalking, principal or included
  int64_t suspect_identified = 0;  // ... with a named suspect or an outcome naming one
  int64_t charged = 0;             // ... charged
  int64_t trial = 0;               // ... reached trial (trial, convicted or acquitted)
  int64_t convicted = 0;           // ... convicted
  // Recording quality.
  int64_t screened = 0;
  int64_t screened_stalking = 0;      // the screening found stalking (principal or included)
  int64_t stalking_not_recorded = 0;  // ... but the crime is recorded as something else
  int64_t included_stalking = 0;      // stalking included under another principal
  int64_t rescreened = 0;
  std::map<std::string, int64_t> family;                    // recording family -> reports
  std::map<std::string, int64_t> family_screened_stalking;  // of those screened as stalking

  void Add(const store::ReportFactsCount& row);
};

ReportTally Tally(const std::vector<store::ReportFactsCount>& rows);

// The recording family of a recorded-as code: stalking, harassment,
// malicious_communications, coercive_control, other_crime or not_a_crime.
std::string RecordingFamily(std::string_view recorded_as);
// The families in the order they are shown, with their labels.
const std::vector<std::pair<std::string, std::string>>& RecordingFamilies();

// A course-of-conduct finding as the quality measure counts it.
struct FindingFact {
  std::string id;              // the finding's stable id, as referrals carry it
  std::string type;            // course_exists, misrecorded, cross_force, ...
  std::string last_report_at;  // its latest report occurred: when it could first be raised
  std::vector<std::string> force_codes;
};

// Findings raised in `period` (their latest report in it) that involve one
// of `force_codes` (empty: any force), by type, and how many of them a
// referral carries (`acted_on`: finding ids carried by cases).
Series FindingsSeries(const std::vector<FindingFact>& findings,
                      const std::vector<std::string>& acted_on, const Period& period,
                      const std::vector<std::string>& force_codes);

// The funnel series of `current`, compared with `previous` and the national rates.
Series FunnelSeries(const ReportTally& current, const ReportTally& previous,
                    const Reference& reference);
// The recording-quality series.
std::vector<Series> QualitySeries(const ReportTally& current, const ReportTally& previous);

}  // namespace threadline::reporting
