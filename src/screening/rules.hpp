#pragma once
// The catalogue of classifier rules. Every conclusion the screening draws
// names the rules behind it by these stable ids, and a supervisor may switch
// any of them off for one screening (Overrides::disabled_rules). A disabled
// rule is treated as not holding: it can no longer support a conclusion.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace threadline::screening {

enum class Rule : uint8_t {
  kRepeatedOccasions,
  kRepeatedFourGate,
  kRepeatedHistory,
  kUnwantedFourGate,
  kAlarmReported,
  kAlarmSerious,
  kAlarmFear,
  kAlarmVeryFrightened,
  kFixationFixated,
  kFixationObsessive,
  kStalkingActsChecklist,
  kStalkingActsHistory,
  kFearTwiceAnswers,
  kFearTwiceHistory,
  kSeriousEffectDailyLife,
  kConnectionRelationship,
  kCoerciveIndicators,
  kSingleCommunication,
  kSingleNotCourseOfConduct,
  kCommunicationNature,
  kOffenceHarassmentS2,
  kOffenceHarassmentS4,
  kOffenceStalkingS2a,
  kOffenceStalkingS4a,
  kOffenceCoerciveControl,
  kOffenceMaliciousCommunications,
  // Risk items (S-DASH style, plus escalation and two red flags).
  kRiskVeryFrightened,
  kRiskPreviousStalking,
  kRiskPropertyDamaged,
  kRiskVisitsFrequent,
  kRiskLoiteringHomeWork,
  kRiskThreatsViolence,
  kRiskHarassingThirdParties,
  kRiskViolenceThisEpisode,
  kRiskOthersRecruited,
  kRiskDrugsAlcoholMentalHealth,
  kRiskHistoryViolence,
  kRiskEscalation,
  kRiskThreatsToKill,
  kRiskWeapon,
  kCount,
};
constexpr size_t kRuleCount = static_cast<size_t>(Rule::kCount);
static_assert(kRuleCount <= 64, "rule sets are 64-bit masks");
constexpr Rule kFirstRiskRule = Rule::kRiskVeryFrightened;

using RuleMask = uint64_t;
constexpr RuleMask Bit(Rule r) { return RuleMask{1} << static_cast<unsigned>(r); }

struct RuleInfo {
  Rule rule;
  std::string_view id;           // e.g. "stalking_acts.checklist"
  std::string_view description;  // what the rule says, in plain English
};

std::span<const RuleInfo> Rules();
const RuleInfo& Info(Rule r);
std::optional<Rule> FindRule(std::string_view id);

// Risk items: the rule's id without "risk." (e.g. "very_frightened").
bool IsRiskRule(Rule r);
std::string_view RiskItemId(Rule r);
std::optional<Rule> FindRiskItem(std::string_view item_id);

}  // namespace threadline::screening
