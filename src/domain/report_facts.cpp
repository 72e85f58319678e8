#include "domain/report_facts.hpp"

#include "domain/vocabulary.hpp"

namespace threadline::domain::report_facts {

int64_t OutcomeBit(std::string_view kind) {
  const auto kinds = OutcomeKinds();
  for (size_t i = 0; i < kinds.size(); ++i) {
    if (kinds[i].code == kind) return int64_t{1} << (kFirstOutcomeBit + static_cast<int>(i));
  }
  return 0;
}

int64_t FactsOfParties(bool any_suspect, bool any_named_suspect) {
  return (any_suspect ? kSuspectParty : 0) | (any_named_suspect ? kNamedSuspect : 0);
}

int64_t FactsOfOutcome(const Outcome& outcome) { return OutcomeBit(outcome.kind); }

bool IsStalkingCode(std::string_view code) {
  return code == "stalking_s2a" || code == "stalking_s4a";
}

int64_t FactsOfScreening(const Screening& screening) {
  int64_t facts = kScreened;
  if (!screening.previous_id.empty()) facts |= kRescreened;
  if (IsStalkingCode(screening.principal)) facts |= kScreenedStalking;
  for (const auto& code : screening.classifications) {
    if (code != screening.principal && IsStalkingCode(code)) facts |= kIncludedStalking;
  }
  return facts;
}

}  // namespace threadline::domain::report_facts
