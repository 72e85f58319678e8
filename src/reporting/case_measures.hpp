#pragma once
// The measures counted over the programme's cases: referrals and triage,
// orders, victims (advocacy, Victims' Code clocks, outcome measures, who
// the victims are), panels, and the commissioner's return. Pure: a
// snapshot in, tables out. Every definition here is the one written in
// docs/measures.md.

#include <map>
#include <string>
#include <vector>

#include "domain/case_records.hpp"
#include "domain/records.hpp"
#include "reporting/reference.hpp"
#include "reporting/table.hpp"

namespace threadline::reporting {

// What the case measures read, for the cases in scope (their items only).
struct CaseSnapshot {
  std::string today;  // YYYY-MM-DD: what is overdue is judged against it
  std::vector<domain::Case> cases;
  std::map<std::string, std::vector<domain::CaseItem>> items;  // by kind
  // The victims of the cases: gender and date of birth only.
  std::map<domain::Id, domain::Person> victims;
  // Case id -> when the earliest report it carries occurred (timestamp).
  std::map<domain::Id, std::string> first_report_at;
  // ... and what that report is recorded as.
  std::map<domain::Id, std::string> first_report_recorded_as;
  // Nominations for meetings in the period, and the harm scores of the
  // people nominated, oldest first.
  std::vector<domain::Nomination> nominations;
  std::map<domain::Id, std::vector<domain::HarmScore>> harm_scores;
};

// Dates compared as text: YYYY-MM-DD, and the date part of a timestamp.
bool InPeriod(std::string_view timestamp_or_date, const Period& period);

std::vector<Series> ProgrammeSeries(const CaseSnapshot& data, const Period& now,
                                    const Period& before, const Reference& reference);
// `stalking_crimes`: reports recorded as stalking in the period (the funnel's
// second step), for orders per 1,000 stalking crimes.
std::vector<Series> OrderSeries(const CaseSnapshot& data, const Period& now,
                                int64_t stalking_crimes);
std::vector<Series> VictimSeries(const CaseSnapshot& data, const Period& now,
                                 int64_t suppression_threshold);
std::vector<Series> PanelSeries(const CaseSnapshot& data, const Period& now);

// The return for funded victim services, and what is missing from the data
// it is built from (the validation sheet).
struct Return {
  std::vector<Series> series;
  std::vector<std::string> validation;
};
Return CommissionerReturn(const CaseSnapshot& data, const Period& now,
                          int64_t suppression_threshold);

}  // namespace threadline::reporting
