#pragma once
// The classifier's reference data (data/screening/rules-*.json): Home Office
// classes, the seriousness order that picks the principal classification,
// which behaviours count as associated with stalking, which relationships are
// a personal connection, risk thresholds and the text of each action.
//
// Contract: RulesConfig::FromJson returns a complete, validated config or a
// kInvalidArgument Error listing every problem. A valid config names every
// classification and action the engine can emit, orders all six offences,
// and contains none of the responses the engine must never suggest
// (kForbiddenActionCodes) — so an override file cannot bring back a
// harassment warning for a stalking pattern.

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "screening/rules.hpp"

namespace threadline::screening {

// Codes of the classifications the engine emits.
inline constexpr std::array<std::string_view, 8> kClassificationCodes = {
    "harassment_s2",         "harassment_s4",         "stalking_s2a",
    "stalking_s4a",          "coercive_control",      "malicious_communications",
    "no_notifiable_offence", "not_enough_information"};

// Codes of the actions the engine emits (texts come from the data file).
inline constexpr std::array<std::string_view, 17> kActionCodes = {"record_crime",
                                                                  "evidence_messages",
                                                                  "evidence_cctv",
                                                                  "evidence_device",
                                                                  "evidence_diary",
                                                                  "safety_plan",
                                                                  "isac_referral",
                                                                  "stalking_clinic_referral",
                                                                  "consider_interim_spo",
                                                                  "suspect_other_victims",
                                                                  "other_forces_check",
                                                                  "employer_enquiries",
                                                                  "dash_marac",
                                                                  "positive_action",
                                                                  "answer_open_questions",
                                                                  "supervisor_review",
                                                                  "advice_no_offence"};

// Responses reviews found misused in stalking cases; never suggested.
inline constexpr std::array<std::string_view, 3> kForbiddenActionCodes = {
    "harassment_warning", "police_information_notice", "victim_decides_arrest"};

struct ClassificationDef {
  std::string code;
  std::string ho_class;  // Home Office class, e.g. "8Q"; empty for non-crimes
  std::string label;
  std::string legislation;
};

struct ActionDef {
  std::string code;
  std::string text;
};

struct RiskConfig {
  int medium_yes_count = 3;  // this many "yes" items make at least medium
  int high_yes_count = 6;    // ... and high
  RuleMask medium_if_any = 0;
  RuleMask high_if_any = 0;
  std::vector<RuleMask> high_if_all;  // each: all of these items "yes" make high
  int medium_linked_incidents = 2;    // this many earlier linked incidents make at least medium
};

struct RulesConfig {
  std::string version;
  std::vector<ClassificationDef> classifications;
  std::vector<std::string> seriousness_order;               // most serious first; the six offences
  std::vector<std::string> stalking_associated_behaviours;  // domain behaviour codes
  std::vector<std::string> personal_connection;             // relationship option values
  RiskConfig risk;
  std::vector<ActionDef> actions;

  static Result<RulesConfig> FromJson(std::string_view text);

  // Always found for the codes above after a successful load.
  const ClassificationDef& Classification(std::string_view code) const;
  const ActionDef& Action(std::string_view code) const;
  // Position in seriousness_order (0 = most serious); large for non-offences.
  int Seriousness(std::string_view code) const;
};

}  // namespace threadline::screening
