#pragma once
// The fixed vocabularies of the core domain: codes that are stored, sent over
// the API and referred to by the engines. Each code is a lower_snake_case
// string with a plain-English label. These follow the law (the acts that the
// stalking offence names) and the data model, so they live in code; tables
// that vary by force or policy live under data/.

#include <span>
#include <string_view>

namespace threadline::domain {

struct Code {
  std::string_view code;
  std::string_view label;
};

// Behaviours seen in an incident. The first eight are the acts associated
// with stalking in the Protection from Harassment Act 1997 s2A(3).
struct BehaviourCode {
  std::string_view code;
  std::string_view label;
  bool s2a_act;     // named in s2A(3)
  bool technology;  // technology-enabled
};
std::span<const BehaviourCode> Behaviours();
const BehaviourCode* FindBehaviour(std::string_view code);

// How a party takes part in a report.
std::span<const Code> PartyRoles();  // victim, suspect, witness

// What the recording officer recorded the incident as.
std::span<const Code> RecordedAsCodes();

// Criminal justice outcomes recorded against a report.
std::span<const Code> OutcomeKinds();

// Kinds of agency taking part in a programme.
std::span<const Code> AgencyKinds();

// Cases: where a referral comes from, the relationship, the stalker's
// motivation where assessed, and risk levels.
std::span<const Code> ReferralSources();
std::span<const Code> CaseTypes();
std::span<const Code> Motivations();
std::span<const Code> RiskLevels();
// Domestic cases can go to MARAC; non-domestic ones have no MARAC.
bool IsDomesticCaseType(std::string_view code);

// True when `code` is one of `codes`.
bool IsCode(std::span<const Code> codes, std::string_view code);

}  // namespace threadline::domain
