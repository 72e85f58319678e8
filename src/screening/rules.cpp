#include "screening/rules.hpp"

#include <array>
#include <cassert>

namespace threadline::screening {
namespace {

// Indexed by Rule; checked at first use.
constexpr std::array<RuleInfo, kRuleCount> kRules = {{
    {Rule::kRepeatedOccasions, "repeated.occasions",
     "Two or more occasions, counting this one, make a course of conduct."},
    {Rule::kRepeatedFourGate, "repeated.four_gate",
     "The FOUR gate answer says the behaviour is repeated."},
    {Rule::kRepeatedHistory, "repeated.history",
     "An earlier incident linked to this one (same suspect, same victim) makes this a second "
     "occasion."},
    {Rule::kUnwantedFourGate, "unwanted.four_gate",
     "The FOUR gate answer says the behaviour is unwanted."},
    {Rule::kAlarmReported, "alarm.reported", "The victim reports alarm or distress."},
    {Rule::kAlarmSerious, "alarm.serious", "Serious alarm or distress is also alarm or distress."},
    {Rule::kAlarmFear, "alarm.fear_of_violence", "Fear of violence is also alarm or distress."},
    {Rule::kAlarmVeryFrightened, "alarm.very_frightened",
     "A very frightened victim is alarmed or distressed."},
    {Rule::kFixationFixated, "fixation.fixated",
     "The FOUR gate answer says the suspect is fixated."},
    {Rule::kFixationObsessive, "fixation.obsessive",
     "The FOUR gate answer says the behaviour is obsessive."},
    {Rule::kStalkingActsChecklist, "stalking_acts.checklist",
     "The behaviour checklist includes acts associated with stalking (PHA 1997 s2A(3), and "
     "technology-enabled equivalents)."},
    {Rule::kStalkingActsHistory, "stalking_acts.history",
     "An earlier linked incident included acts associated with stalking."},
    {Rule::kFearTwiceAnswers, "fear_twice.answers",
     "The victim feared violence on at least two occasions."},
    {Rule::kFearTwiceHistory, "fear_twice.history",
     "Fear of violence on this and earlier linked incidents adds up to two or more occasions."},
    {Rule::kSeriousEffectDailyLife, "serious_effect.daily_life",
     "Serious alarm or distress with a substantial adverse effect on day-to-day life (moving "
     "home, changing route, work or phone)."},
    {Rule::kConnectionRelationship, "connection.relationship",
     "The suspect is personally connected to the victim (partner, former partner or family)."},
    {Rule::kCoerciveIndicators, "coercive.indicators",
     "Controlling or coercive behaviour was reported."},
    {Rule::kSingleCommunication, "single.communication",
     "The report is about one single communication."},
    {Rule::kSingleNotCourseOfConduct, "single.not_course_of_conduct",
     "Two or more unwanted communications from one person are a course of conduct, not a "
     "single malicious communication."},
    {Rule::kCommunicationNature, "communication.nature",
     "The communication was grossly offensive, threatening, indecent or false."},
    {Rule::kOffenceHarassmentS2, "offence.harassment_s2",
     "Harassment: an unwanted course of conduct that caused alarm or distress."},
    {Rule::kOffenceHarassmentS4, "offence.harassment_s4",
     "Harassment putting people in fear of violence on at least two occasions."},
    {Rule::kOffenceStalkingS2a, "offence.stalking_s2a",
     "Stalking: harassment made of acts associated with stalking by a fixated or obsessive "
     "suspect."},
    {Rule::kOffenceStalkingS4a, "offence.stalking_s4a",
     "Stalking causing fear of violence twice, or serious alarm or distress with a substantial "
     "adverse effect on day-to-day life."},
    {Rule::kOffenceCoerciveControl, "offence.coercive_control",
     "Repeated or continuous controlling or coercive behaviour towards a personally connected "
     "victim, with a serious effect."},
    {Rule::kOffenceMaliciousCommunications, "offence.malicious_communications",
     "A single grossly offensive, threatening, indecent or false communication."},
    {Rule::kRiskVeryFrightened, "risk.very_frightened", "The victim is very frightened."},
    {Rule::kRiskPreviousStalking, "risk.previous_stalking",
     "The suspect has stalked or harassed before."},
    {Rule::kRiskPropertyDamaged, "risk.property_damaged", "The suspect has damaged property."},
    {Rule::kRiskVisitsFrequent, "risk.visits_frequent",
     "The suspect visits more than three times a week."},
    {Rule::kRiskLoiteringHomeWork, "risk.loitering_home_work",
     "The suspect loiters at the victim's home or work."},
    {Rule::kRiskThreatsViolence, "risk.threats_violence",
     "The suspect has threatened physical or sexual violence."},
    {Rule::kRiskHarassingThirdParties, "risk.harassing_third_parties",
     "The suspect harasses family, friends, colleagues or a new partner."},
    {Rule::kRiskViolenceThisEpisode, "risk.violence_this_episode",
     "The suspect has been violent in this episode."},
    {Rule::kRiskOthersRecruited, "risk.others_recruited", "The suspect has recruited others."},
    {Rule::kRiskDrugsAlcoholMentalHealth, "risk.drugs_alcohol_mental_health",
     "The suspect has drug, alcohol or mental-health problems."},
    {Rule::kRiskHistoryViolence, "risk.history_violence",
     "The suspect has a history of violence or is known to police."},
    {Rule::kRiskEscalation, "risk.escalation", "The behaviour is escalating."},
    {Rule::kRiskThreatsToKill, "risk.threats_to_kill", "The suspect has threatened to kill."},
    {Rule::kRiskWeapon, "risk.weapon", "The suspect has used or mentioned a weapon."},
}};

constexpr bool TableInOrder() {
  for (size_t i = 0; i < kRules.size(); ++i) {
    if (static_cast<size_t>(kRules[i].rule) != i) return false;
  }
  return true;
}
static_assert(TableInOrder(), "kRules must be indexed by Rule");

}  // namespace

std::span<const RuleInfo> Rules() { return kRules; }
const RuleInfo& Info(Rule r) { return kRules[static_cast<size_t>(r)]; }

std::optional<Rule> FindRule(std::string_view id) {
  for (const auto& r : kRules) {
    if (r.id == id) return r.rule;
  }
  return std::nullopt;
}

bool IsRiskRule(Rule r) { return r >= kFirstRiskRule && r < Rule::kCount; }

std::string_view RiskItemId(Rule r) {
  assert(IsRiskRule(r));
  return Info(r).id.substr(5);  // drop "risk."
}

std::optional<Rule> FindRiskItem(std::string_view item_id) {
  for (const auto& r : kRules) {
    if (IsRiskRule(r.rule) && RiskItemId(r.rule) == item_id) return r.rule;
  }
  return std::nullopt;
}

}  // namespace threadline::screening
