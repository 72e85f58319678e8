// Table-driven scenarios written from the legal definitions (PHA 1997 s2, s4,
// s2A, s4A; SCA 2015 s76; MCA 1988 s1), the FOUR gate, the Home Office
// Counting Rules and the S-DASH risk checklist. Each scenario says in one
// line what makes it that classification.
#include <algorithm>
#include <initializer_list>

#include "screening/test_support.hpp"

namespace threadline::screening {
namespace {

using testing::Codes;
using testing::HasAction;
using testing::HasCounting;
using testing::Screen;

std::string J(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += ",";
    out += p;
  }
  return out;
}

// Building blocks.
constexpr std::string_view kCourse =
    R"("four_unwanted":"yes","four_repeated":"yes","alarm_distress":"yes")";
constexpr std::string_view kNoFix = R"("four_fixated":"no","four_obsessive":"no")";
constexpr std::string_view kFix = R"("four_fixated":"yes","four_obsessive":"yes")";
constexpr std::string_view kNoEffect =
    R"("fear_of_violence":"no","serious_alarm_distress":"no","daily_life_changes":[])";
constexpr std::string_view kFollowing = R"("behaviours":["following","contacting"])";
constexpr std::string_view kStalking =
    R"("four_unwanted":"yes","four_repeated":"yes","alarm_distress":"yes",)"
    R"("four_fixated":"yes","four_obsessive":"yes","occasions":6,)"
    R"("behaviours":["following","contacting","loitering"])";
constexpr std::string_view kNoRisk =
    R"("risk_very_frightened":"no","risk_previous_stalking":"no","risk_property_damaged":"no",)"
    R"("risk_visits_frequent":"no","risk_loitering_home_work":"no","threats_physical":"no",)"
    R"("threats_sexual":"no","threats_to_kill":"no","risk_harassing_third_parties":"no",)"
    R"("violence_this_episode":"no","risk_others_recruited":"no",)"
    R"("risk_drugs_alcohol_mental_health":"no","risk_history_violence":"no",)"
    R"("risk_escalation":"no","weapon":"no")";

// History entries.
std::string Incident(std::string_view ref, std::string_view recorded_as, std::string_view status,
                     std::string_view crime = "", std::string_view extra = "") {
  std::string s = R"({"incident":")" + std::string(ref) + R"(","recorded_as":")" +
                  std::string(recorded_as) + R"(","crime_status":")" + std::string(status) + "\"";
  if (!crime.empty()) s += R"(,"crime_reference":")" + std::string(crime) + "\"";
  if (!extra.empty()) s += "," + std::string(extra);
  return s + "}";
}

struct Scenario {
  std::string name;
  std::string why;
  std::string answers;
  std::string history;
  std::string principal;
  std::vector<std::string> included;
  std::string risk;                 // empty: not checked
  std::vector<std::string> expect;  // "counting:x", "possible:x", "settle:q", "action:x",
                                    // "no_action:x", "driver:x", "absent:x"
};

std::vector<Scenario> Scenarios() {
  const std::string stalking_effectless = J({kStalking, kNoEffect});
  return {
      // ---- harassment s2 / s4 ------------------------------------------------------------
      {"HarassmentNeighbourWithoutFixation",
       "repeated unwanted conduct causing distress with no fixation is harassment (s2, 8L)",
       J({kCourse, kNoFix, kNoEffect,
          R"("relationship":"neighbour","occasions":5,)"
          R"("behaviours":["contacting","property_damage"])"}),
       "",
       "harassment_s2",
       {},
       "",
       {"counting:record_new_crime", "absent:stalking_s2a"}},
      {"HarassmentWithoutStalkingActs",
       "a fixated suspect whose acts are not associated with stalking commits harassment",
       J({kCourse, kFix, kNoEffect, R"("relationship":"acquaintance","behaviours":["threats"])"}),
       "",
       "harassment_s2",
       {},
       "",
       {}},
      {"HarassmentS4FearTwice",
       "harassment causing fear of violence on two or more occasions is s4 (8L)",
       J({kCourse, kNoFix,
          R"("relationship":"neighbour","fear_of_violence":"yes",)"
          R"("fear_of_violence_occasions":3,"behaviours":["threats"])"}),
       "",
       "harassment_s4",
       {},
       "",
       {}},
      {"HarassmentS4FearAcrossLinkedIncidents",
       "fear of violence now and at a linked earlier incident makes two occasions (s4)",
       J({kCourse, kNoFix, R"("relationship":"neighbour","fear_of_violence":"yes")"}),
       Incident("INC-1", "harassment_s2", "none", "", R"("fear_of_violence":true)"),
       "harassment_s4",
       {},
       "",
       {}},
      // ---- stalking s2A ----------------------------------------------------------------
      {"StalkingExPartnerFollowing",
       "FOUR all yes with following and contact by an ex-partner is stalking (s2A, 8Q)",
       J({stalking_effectless, R"("relationship":"ex_partner","coercive_indicators":[])"}),
       "",
       "stalking_s2a",
       {},
       "",
       {"action:isac_referral", "action:consider_interim_spo", "action:dash_marac",
        "action:positive_action"}},
      {"StalkingStrangerLoitering",
       "a fixated stranger loitering and watching is stalking even if obsession is unknown",
       J({kCourse,
          R"("four_fixated":"yes","four_obsessive":"unknown","relationship":"stranger",)"
          R"("behaviours":["loitering","watching_spying"])",
          kNoEffect}),
       "",
       "stalking_s2a",
       {},
       "",
       {"action:evidence_cctv"}},
      {"StalkingObsessiveOnly",
       "obsessive behaviour satisfies the fixation limb of FOUR even if fixation is unknown",
       J({kCourse,
          R"("four_fixated":"unknown","four_obsessive":"yes",)"
          R"("behaviours":["turning_up"])",
          kNoEffect}),
       "",
       "stalking_s2a",
       {},
       "",
       {}},
      {"StalkingTechnologyEnabled",
       "tracking devices and account access are stalking acts (technology-enabled)",
       J({kCourse, kFix, kNoEffect,
          R"("relationship":"acquaintance",)"
          R"("behaviours":["tracking_device","account_access"])"}),
       "",
       "stalking_s2a",
       {},
       "",
       {"action:evidence_device"}},
      {"StalkingOnlineFakeProfiles",
       "fake profiles and spoofed numbers from an unknown online suspect are stalking",
       J({kCourse, kFix, kNoEffect,
          R"("relationship":"unknown_online",)"
          R"("behaviours":["fake_profiles","spoofed_numbers"])"}),
       "",
       "stalking_s2a",
       {},
       "",
       {"action:evidence_messages"}},
      {"StalkingRepeatedByFourGateOnly",
       "the FOUR 'repeated' answer alone establishes the course of conduct",
       J({R"("four_unwanted":"yes","four_repeated":"yes","alarm_distress":"yes")", kFix, kFollowing,
          kNoEffect}),
       "",
       "stalking_s2a",
       {},
       "",
       {}},
      {"StalkingRepeatedByHistoryOnly",
       "a linked earlier incident makes the second occasion even if 'repeated' is unknown",
       J({R"("four_unwanted":"yes","alarm_distress":"yes")", kFix, kFollowing, kNoEffect}),
       Incident("INC-1", "not_recorded", "none"),
       "stalking_s2a",
       {},
       "",
       {}},
      {"StalkingSeriousDistressWithoutLifeChange",
       "serious distress without a substantial change to daily life stays s2A",
       J({kStalking, R"("fear_of_violence":"no","serious_alarm_distress":"yes",)"
                     R"("daily_life_changes":[])"}),
       "",
       "stalking_s2a",
       {},
       "",
       {"absent:stalking_s4a"}},
      {"StalkingFearOnceOnly",
       "fear of violence on only one occasion does not reach s4A",
       J({kStalking, R"("fear_of_violence":"yes","fear_of_violence_occasions":1,)"
                     R"("serious_alarm_distress":"no","daily_life_changes":[])"}),
       "",
       "stalking_s2a",
       {},
       "",
       {}},
      // ---- stalking s4A ----------------------------------------------------------------
      {"StalkingS4aFearTwice",
       "stalking causing fear of violence twice is s4A (8Q)",
       J({kStalking, R"("fear_of_violence":"yes","fear_of_violence_occasions":2)"}),
       "",
       "stalking_s4a",
       {},
       "",
       {}},
      {"StalkingS4aMovedHome",
       "serious alarm with a move of home is a substantial adverse effect (s4A)",
       J({kStalking, R"("fear_of_violence":"no","serious_alarm_distress":"yes",)"
                     R"("daily_life_changes":["moved_home"])"}),
       "",
       "stalking_s4a",
       {},
       "",
       {}},
      {"StalkingS4aChangedRouteAndPhone",
       "changing route and phone number after serious distress is s4A",
       J({kStalking, R"("fear_of_violence":"no","serious_alarm_distress":"yes",)"
                     R"("daily_life_changes":["changed_route","changed_phone"])"}),
       "",
       "stalking_s4a",
       {},
       "",
       {}},
      {"StalkingS4aColleagueGaveUpWork",
       "a colleague's stalking that made the victim give up work is s4A; ask the employer",
       J({kStalking, R"("relationship":"colleague","serious_alarm_distress":"yes",)"
                     R"("daily_life_changes":["changed_work"])"}),
       "",
       "stalking_s4a",
       {},
       "",
       {"action:employer_enquiries"}},
      // ---- controlling or coercive behaviour ----------------------------------------------
      {"CoerciveControlCurrentPartner",
       "repeated control of a partner with serious effect is s76 (8U); harassment included",
       J({kCourse, kNoFix,
          R"("relationship":"current_partner",)"
          R"("coercive_indicators":["isolating","controlling_money"],)"
          R"("serious_alarm_distress":"yes","daily_life_changes":["changed_phone"],)"
          R"("behaviours":["threats"])"}),
       "",
       "coercive_control",
       {"harassment_s2"},
       "",
       {"counting:record_included_classifications", "action:dash_marac"}},
      {"ExPartnerStalkingAndCoerciveControl",
       "an ex-partner's stalking with controlling behaviour is s4A with s76 included",
       J({kStalking,
          R"("relationship":"ex_partner","coercive_indicators":["monitoring_movements"],)"
          R"("fear_of_violence":"yes","fear_of_violence_occasions":3)"}),
       "",
       "stalking_s4a",
       {"coercive_control"},
       "",
       {"counting:record_included_classifications"}},
      {"FamilyStalkingAndCoerciveControl",
       "a family member's stalking with control and a move of home is s4A with s76 included",
       J({kStalking, R"("relationship":"family","coercive_indicators":["intimidation"],)"
                     R"("serious_alarm_distress":"yes","daily_life_changes":["moved_home"])"}),
       "",
       "stalking_s4a",
       {"coercive_control"},
       "",
       {}},
      {"NoCoerciveControlForStranger",
       "s76 needs a personal connection, so a stranger's control is not s76",
       J({kStalking, R"("relationship":"stranger","coercive_indicators":["intimidation"],)"
                     R"("fear_of_violence":"yes","fear_of_violence_occasions":2)"}),
       "",
       "stalking_s4a",
       {},
       "",
       {"absent:coercive_control"}},
      {"NoCoerciveControlWithoutSeriousEffect",
       "s76 needs a serious effect; without it a partner's controlling conduct is harassment",
       J({kCourse, kNoFix, kNoEffect,
          R"("relationship":"current_partner",)"
          R"("coercive_indicators":["isolating"])"}),
       "",
       "harassment_s2",
       {},
       "",
       {"absent:coercive_control"}},
      // ---- malicious communications --------------------------------------------------------
      {"MaliciousSingleThreateningMessage",
       "one threatening message is malicious communications (8R), not a course of conduct",
       J({kNoFix, R"("four_unwanted":"yes","four_repeated":"no","occasions":1,)"
                  R"("relationship":"acquaintance","single_communication":"yes",)"
                  R"("communication_nature":["threatening"])"}),
       "",
       "malicious_communications",
       {},
       "",
       {"action:evidence_messages"}},
      {"MaliciousSingleGrosslyOffensivePost",
       "one grossly offensive post from an unknown account is malicious communications",
       J({kNoFix, R"("four_unwanted":"yes","four_repeated":"no","occasions":1,)"
                  R"("relationship":"unknown_online","single_communication":"yes",)"
                  R"("communication_nature":["grossly_offensive"])"}),
       "",
       "malicious_communications",
       {},
       "",
       {}},
      {"TwoMessagesAreACourseOfConduct",
       "two unwanted messages from one person are a course of conduct: harassment, not 8R",
       J({kCourse, kNoFix, kNoEffect,
          R"("occasions":2,"single_communication":"no",)"
          R"("communication_nature":["threatening"],)"
          R"("behaviours":["contacting"])"}),
       "",
       "harassment_s2",
       {},
       "",
       {"absent:malicious_communications"}},
      {"TwoMessagesFromFixatedSenderAreStalking",
       "two unwanted messages from a fixated sender are stalking, not malicious communications",
       J({kCourse, kFix, kNoEffect,
          R"("occasions":2,"single_communication":"no",)"
          R"("communication_nature":["indecent"],)"
          R"("behaviours":["contacting"])"}),
       "",
       "stalking_s2a",
       {},
       "",
       {"absent:malicious_communications"}},
      {"SingleMessageWithEarlierMessageIsStalking",
       "a 'single' message after a linked earlier one is a course of conduct; reclassify 8R",
       J({R"("four_unwanted":"yes","alarm_distress":"yes","single_communication":"yes",)"
          R"("communication_nature":["threatening"],"behaviours":["contacting"])",
          kFix, kNoEffect}),
       Incident("INC-1", "malicious_communications", "open", "CR/1/26"),
       "stalking_s2a",
       {},
       "",
       {"counting:add_to_existing_crime", "counting:reclassify",
        "absent:malicious_communications"}},
      // ---- no offence / not enough information ---------------------------------------------
      {"NoOffenceSingleInoffensiveMessage",
       "one message that is not offensive, threatening, indecent or false is no offence",
       J({kNoFix, R"("four_unwanted":"no","four_repeated":"no","occasions":1,)"
                  R"("relationship":"acquaintance","single_communication":"yes",)"
                  R"("communication_nature":[])"}),
       "",
       "no_notifiable_offence",
       {},
       "",
       {"action:advice_no_offence", "counting:record_incident_only"}},
      {"NoOffenceWelcomeContact",
       "repeated contact the victim welcomes is not harassment",
       J({kNoFix, R"("four_unwanted":"no","four_repeated":"yes","occasions":4,)"
                  R"("relationship":"acquaintance","single_communication":"no")"}),
       "",
       "no_notifiable_offence",
       {},
       "",
       {}},
      {"NoOffenceSingleActOfFollowing",
       "one act of following that is not a message is not a course of conduct",
       J({kFix, R"("four_unwanted":"yes","four_repeated":"no","occasions":1,)"
                R"("single_communication":"no","behaviours":["following"])"}),
       "",
       "no_notifiable_offence",
       {},
       "",
       {}},
      {"NotEnoughInformationThinReport",
       "FOUR all unknown: say which answers would settle it, never guess",
       "",
       "",
       "not_enough_information",
       {},
       "",
       {"settle:four_repeated", "settle:four_unwanted", "action:answer_open_questions"}},
      {"NotEnoughInformationEffectUnknown",
       "a repeated unwanted course with unknown effect on the victim cannot be classified yet",
       J({R"("four_unwanted":"yes","four_repeated":"yes")", kNoFix}),
       "",
       "not_enough_information",
       {},
       "",
       {"settle:alarm_distress"}},
      {"HarassmentButStalkingOpenWhenFixationUnknown",
       "stalking acts with fixation unknown: harassment now, stalking an open question",
       J({kCourse, R"("four_fixated":"unknown","four_obsessive":"unknown")", kFollowing,
          kNoEffect}),
       "",
       "harassment_s2",
       {},
       "",
       {"possible:stalking_s2a", "settle:four_fixated", "settle:four_obsessive",
        "action:isac_referral", "action:consider_interim_spo"}},
      {"HarassmentButStalkingOpenWhenBehavioursUnknown",
       "FOUR all yes but no behaviour checklist: ask for the behaviours before settling",
       J({kCourse, kFix, kNoEffect}),
       "",
       "harassment_s2",
       {},
       "",
       {"possible:stalking_s2a", "settle:behaviours"}},
      // ---- counting rules -----------------------------------------------------------------
      {"CountingAddToOpenStalkingCrime",
       "one crime per victim: a new incident joins the open stalking crime",
       J({stalking_effectless}),
       Incident("INC-1", "stalking_s2a", "open", "CR/9/26"),
       "stalking_s2a",
       {},
       "",
       {"counting:add_to_existing_crime", "no_counting:reclassify"}},
      {"CountingReclassifyHarassmentToStalking",
       "an open harassment crime becomes stalking when the whole course is stalking",
       J({stalking_effectless}),
       Incident("INC-1", "harassment_s2", "open", "CR/2/26"),
       "stalking_s2a",
       {},
       "",
       {"counting:add_to_existing_crime", "counting:reclassify"}},
      {"CountingReclassifyS2aToS4a",
       "an open s2A crime becomes s4A when the effect is shown",
       J({kStalking, R"("fear_of_violence":"yes","fear_of_violence_occasions":2)"}),
       Incident("INC-1", "stalking_s2a", "open", "CR/3/26"),
       "stalking_s4a",
       {},
       "",
       {"counting:reclassify"}},
      {"CountingKeepMoreSeriousRecording",
       "an open crime already recorded as s4A is kept when this incident alone shows s2A",
       J({stalking_effectless}),
       Incident("INC-1", "stalking_s4a", "open", "CR/4/26"),
       "stalking_s2a",
       {},
       "",
       {"counting:keep_classification", "no_counting:reclassify"}},
      {"CountingReviewEarlierMaliciousCommunication",
       "a closed earlier 8R incident on the same course is reviewed as part of the stalking",
       J({stalking_effectless}),
       Incident("INC-1", "malicious_communications", "closed", "CR/5/25"),
       "stalking_s2a",
       {},
       "",
       {"counting:record_new_crime", "counting:review_earlier_incident"}},
      {"CountingReviewEarlierNeighbourDispute",
       "an earlier incident recorded as a neighbour dispute is linked and its recording reviewed",
       J({stalking_effectless, R"("relationship":"neighbour")"}),
       Incident("INC-1", "neighbour_dispute", "none"),
       "stalking_s2a",
       {},
       "",
       {"counting:review_earlier_incident"}},
      {"CountingNewCrimeAfterCharge",
       "conduct continuing after charge is a new crime",
       J({stalking_effectless}),
       Incident("INC-1", "stalking_s2a", "charged", "CR/6/25"),
       "stalking_s2a",
       {},
       "",
       {"counting:record_new_crime", "no_counting:add_to_existing_crime"}},
      {"CountingOtherVictimIsSeparateCrime",
       "the same suspect's conduct towards another victim is a separate crime",
       J({stalking_effectless}),
       Incident("INC-7", "stalking_s2a", "open", "CR/7/26", R"("same_victim":false)"),
       "stalking_s2a",
       {},
       "",
       {"counting:separate_crime_other_victim", "counting:record_new_crime",
        "action:suspect_other_victims"}},
      // ---- risk items -------------------------------------------------------------------
      {"RiskStandardAllNo",
       "every risk item answered no is standard risk",
       J({stalking_effectless, kNoRisk}),
       "",
       "stalking_s2a",
       {},
       "standard",
       {}},
      {"RiskVeryFrightened",
       "a very frightened victim is at least medium risk",
       J({stalking_effectless, kNoRisk, R"("risk_very_frightened":"yes")"}),
       "",
       "stalking_s2a",
       {},
       "medium",
       {"driver:very_frightened"}},
      {"RiskPreviousStalking",
       "previous stalking by the suspect is at least medium risk",
       J({stalking_effectless, kNoRisk, R"("risk_previous_stalking":"yes")"}),
       "",
       "stalking_s2a",
       {},
       "medium",
       {"driver:previous_stalking"}},
      {"RiskThreeItemsFromBehaviours",
       "property damage, frequent visits and loitering at home: three items make medium",
       J({kStalking, kNoEffect, kNoRisk,
          R"("behaviours":["following","property_damage"],)"
          R"("risk_visits_frequent":"yes",)"
          R"("risk_loitering_home_work":"yes")"}),
       "",
       "stalking_s2a",
       {},
       "medium",
       {"driver:property_damaged", "driver:visits_frequent", "driver:loitering_home_work"}},
      {"RiskThirdPartiesRecruitedDrugsHistory",
       "harassing third parties, recruiting others and drugs/alcohol: three items make medium",
       J({kStalking, kNoEffect, kNoRisk,
          R"("behaviours":["contacting","third_parties_recruited","contacting_third_parties"],)"
          R"("risk_drugs_alcohol_mental_health":"yes")"}),
       "",
       "stalking_s2a",
       {},
       "medium",
       {"driver:harassing_third_parties", "driver:others_recruited",
        "driver:drugs_alcohol_mental_health"}},
      {"RiskSexualThreats",
       "threats of sexual violence are at least medium risk",
       J({stalking_effectless, kNoRisk, R"("threats_sexual":"yes")"}),
       "",
       "stalking_s2a",
       {},
       "medium",
       {"driver:threats_violence"}},
      {"RiskViolenceThisEpisode",
       "violence in this episode is high risk",
       J({stalking_effectless, kNoRisk, R"("violence_this_episode":"yes")"}),
       "",
       "stalking_s2a",
       {},
       "high",
       {"driver:violence_this_episode"}},
      {"RiskEscalationAndFrightened",
       "escalation with a very frightened victim is high risk",
       J({stalking_effectless, kNoRisk, R"("risk_escalation":"yes","risk_very_frightened":"yes")"}),
       "",
       "stalking_s2a",
       {},
       "high",
       {"driver:escalation", "driver:very_frightened"}},
      {"RiskThreatToKill",
       "a threat to kill is high risk",
       J({stalking_effectless, kNoRisk, R"("threats_to_kill":"yes")"}),
       "",
       "stalking_s2a",
       {},
       "high",
       {"driver:threats_to_kill"}},
      {"RiskWeapon",
       "a weapon used or mentioned is high risk",
       J({stalking_effectless, kNoRisk, R"("weapon":"yes")"}),
       "",
       "stalking_s2a",
       {},
       "high",
       {"driver:weapon"}},
      {"RiskSixItemsHigh",
       "six S-DASH items answered yes make high risk",
       J({stalking_effectless, kNoRisk,
          R"("risk_previous_stalking":"yes","risk_property_damaged":"yes",)"
          R"("risk_visits_frequent":"yes","risk_loitering_home_work":"yes",)"
          R"("risk_history_violence":"yes","risk_drugs_alcohol_mental_health":"yes")"}),
       "",
       "stalking_s2a",
       {},
       "high",
       {"driver:history_violence"}},
      {"RiskProfessionalJudgement",
       "the officer's judgement can raise risk to high",
       J({stalking_effectless, kNoRisk, R"("officer_risk_judgement":"high")"}),
       "",
       "stalking_s2a",
       {},
       "high",
       {"driver:professional_judgement"}},
      {"RiskLinkedIncidents",
       "two earlier linked incidents make at least medium risk",
       J({stalking_effectless, kNoRisk}),
       Incident("INC-1", "not_recorded", "none") + "," + Incident("INC-2", "not_recorded", "none"),
       "stalking_s2a",
       {},
       "medium",
       {"driver:linked_incidents"}},
  };
}

class ScenarioTest : public ::testing::TestWithParam<Scenario> {};

void CheckExpectation(const ScreeningResult& r, const std::string& e) {
  const auto colon = e.find(':');
  const std::string kind = e.substr(0, colon);
  const std::string what = e.substr(colon + 1);
  auto possible = [&] {
    return std::any_of(r.possible.begin(), r.possible.end(),
                       [&](const auto& p) { return p.code == what; });
  };
  auto in = [&](const std::vector<std::string>& v) {
    return std::find(v.begin(), v.end(), what) != v.end();
  };
  bool ok = false;
  if (kind == "counting") {
    ok = HasCounting(r, what);
  } else if (kind == "no_counting") {
    ok = !HasCounting(r, what);
  } else if (kind == "possible") {
    ok = possible();
  } else if (kind == "settle") {
    ok = in(r.settle_questions);
  } else if (kind == "action") {
    ok = HasAction(r, what);
  } else if (kind == "no_action") {
    ok = !HasAction(r, what);
  } else if (kind == "driver") {
    ok = in(r.risk.drivers);
  } else if (kind == "absent") {
    ok = !r.Has(what);
  } else {
    ADD_FAILURE() << "bad expectation " << e;
  }
  EXPECT_TRUE(ok) << e;
}

TEST_P(ScenarioTest, ClassifiesAsTheLawSays) {
  const Scenario& s = GetParam();
  SCOPED_TRACE(s.why);
  const ScreeningResult r = Screen(s.answers, s.history);
  ASSERT_FALSE(r.classifications.empty());
  EXPECT_EQ(r.principal().code, s.principal);
  EXPECT_TRUE(r.principal().principal);
  const auto codes = Codes(r);
  const std::vector<std::string> included(codes.begin() + 1, codes.end());
  EXPECT_EQ(included, s.included);
  if (!s.risk.empty()) {
    EXPECT_EQ(RiskLevelName(r.risk.level), s.risk);
  }
  for (const auto& e : s.expect) CheckExpectation(r, e);
  for (const auto& c : r.classifications) EXPECT_FALSE(c.reasons.empty()) << c.code;
  for (const auto& a : r.actions) {
    EXPECT_TRUE(std::find(kForbiddenActionCodes.begin(), kForbiddenActionCodes.end(), a.code) ==
                kForbiddenActionCodes.end())
        << a.code;
  }
}

INSTANTIATE_TEST_SUITE_P(Screening, ScenarioTest, ::testing::ValuesIn(Scenarios()),
                         [](const auto& info) { return info.param.name; });

TEST(ScenarioTable, HasAtLeastFortyScenariosCoveringEveryClassification) {
  const auto all = Scenarios();
  EXPECT_GE(all.size(), 40U);
  for (auto code : kClassificationCodes) {
    EXPECT_TRUE(std::any_of(all.begin(), all.end(), [&](const auto& s) {
      return s.principal == code ||
             std::find(s.included.begin(), s.included.end(), code) != s.included.end();
    })) << code;
  }
}

// Reviews found warnings (PINs) issued and victims asked to decide on arrest
// in stalking cases. For every stalking pattern, neither may be suggested.
TEST(StalkingActions, NeverSuggestAWarningOrAskTheVictimToDecideOnArrest) {
  for (const auto& s : Scenarios()) {
    const ScreeningResult r = Screen(s.answers, s.history);
    const bool stalking = r.Has("stalking_s2a") || r.Has("stalking_s4a");
    if (!stalking) continue;
    EXPECT_TRUE(HasAction(r, "positive_action")) << s.name;
    for (const auto& a : r.actions) {
      for (auto bad : kForbiddenActionCodes) EXPECT_NE(a.code, bad) << s.name;
      for (auto phrase : {"Police Information Notice", "harassment warning", "victim to decide",
                          "ask the victim whether"}) {
        EXPECT_EQ(a.text.find(phrase), std::string::npos) << s.name << ": " << a.text;
        EXPECT_EQ(a.why.find(phrase), std::string::npos) << s.name << ": " << a.why;
      }
    }
  }
}

TEST(StalkingActions, ConfigNamingAForbiddenActionIsRejected) {
  std::string rules = *refdata::RefData().Read("screening/rules-v1.json");
  const std::string from = R"("code": "supervisor_review")";
  rules.replace(rules.find(from), from.size(), R"("code": "police_information_notice")");
  const auto loaded = RulesConfig::FromJson(rules);
  ASSERT_FALSE(loaded.ok());
  bool named = false;
  for (const auto& f : loaded.error().fields) {
    named |= f.message.find("must never be suggested") != std::string::npos;
  }
  EXPECT_TRUE(named);
}

}  // namespace
}  // namespace threadline::screening
