#pragma once
// What the accountability figures need to know about one report, kept with
// the report as a set of bits so that a year of reports can be counted with
// one pass over an index instead of a join per report.
//
// The store ORs these in as the facts arrive (the report with its parties,
// each outcome, each screening) and never clears one: every fact here is
// "this has happened at least once". What a fact *means* for a measure
// (which outcomes show a suspect was identified, what counts as recorded as
// stalking) is decided in src/reporting, not here and not in SQL.

#include <cstdint>
#include <string_view>

#include "domain/records.hpp"

namespace threadline::domain::report_facts {

inline constexpr int64_t kSuspectParty = int64_t{1} << 0;  // a suspect is a party
inline constexpr int64_t kNamedSuspect = int64_t{1} << 1;  // ... and the record has a surname
inline constexpr int64_t kScreened = int64_t{1} << 2;
// A screening's principal classification is stalking (s2A or s4A).
inline constexpr int64_t kScreenedStalking = int64_t{1} << 3;
// Stalking is among a screening's included (not principal) classifications:
// stalking hidden under another principal crime.
inline constexpr int64_t kIncludedStalking = int64_t{1} << 4;
inline constexpr int64_t kRescreened = int64_t{1} << 5;  // screened again after a change

// One bit per criminal-justice outcome kind, in the order of OutcomeKinds().
inline constexpr int kFirstOutcomeBit = 8;
// The bit of an outcome kind; 0 for a kind that is not in OutcomeKinds().
int64_t OutcomeBit(std::string_view kind);

// The facts a report brings with it from its parties.
int64_t FactsOfParties(bool any_suspect, bool any_named_suspect);
int64_t FactsOfOutcome(const Outcome& outcome);
int64_t FactsOfScreening(const Screening& screening);

bool IsStalkingCode(std::string_view code);  // stalking_s2a or stalking_s4a

}  // namespace threadline::domain::report_facts
