// Supervisors' overrides, diffs between results, and re-screening a course
// of conduct as new incidents arrive.
#include "screening/render.hpp"
#include "screening/test_support.hpp"

namespace threadline::screening {
namespace {

using testing::MustParse;
using testing::Screen;
using testing::Shipped;

constexpr std::string_view kStalking =
    R"("four_unwanted":"yes","four_repeated":"yes","alarm_distress":"yes",)"
    R"("four_fixated":"yes","four_obsessive":"yes","occasions":4,)"
    R"("behaviours":["following","contacting"],"fear_of_violence":"no",)"
    R"("serious_alarm_distress":"no","daily_life_changes":[])";

Overrides MustOverride(std::string_view json) {
  auto o = Shipped().ParseOverrides(json);
  EXPECT_TRUE(o.ok());
  return o.ok() ? std::move(o).value() : Overrides{};
}

TEST(Overrides, DisablingTheFixationRulesTurnsStalkingIntoHarassment) {
  const Answers a = MustParse(kStalking);
  const auto before = Shipped().Classify(a);
  ASSERT_EQ(before.principal().code, "stalking_s2a");
  const auto after = Shipped().Classify(
      a, MustOverride(R"({"disabled_rules":["fixation.fixated","fixation.obsessive"],)"
                      R"("note":"no evidence of fixation yet"})"));
  EXPECT_EQ(after.principal().code, "harassment_s2");
  ASSERT_EQ(after.overrides.size(), 3U);
  EXPECT_EQ(after.overrides[2], "note: no evidence of fixation yet");
  const ResultDiff d = Diff(before, after);
  EXPECT_TRUE(d.HasKind("principal"));
  EXPECT_TRUE(d.HasKind("classification_removed"));
}

TEST(Overrides, DisablingTheBehaviourChecklistRuleRemovesStalking) {
  const auto r = Shipped().Classify(
      MustParse(kStalking), MustOverride(R"({"disabled_rules":["stalking_acts.checklist"]})"));
  EXPECT_EQ(r.principal().code, "harassment_s2");
}

TEST(Overrides, ChangingAnAnswerReclassifiesAndIsRecorded) {
  const Answers a = MustParse(kStalking);
  const auto r = Shipped().Classify(
      a, MustOverride(R"({"answers":{"fear_of_violence":"yes","fear_of_violence_occasions":2}})"));
  EXPECT_EQ(r.principal().code, "stalking_s4a");
  EXPECT_EQ(r.overrides.size(), 2U);
  EXPECT_NE(r.overrides[0].find("answers/fear_of_violence changed from no to yes"),
            std::string::npos);
  // The answers themselves are untouched.
  EXPECT_EQ(Shipped().Classify(a).principal().code, "stalking_s2a");
}

TEST(Overrides, DisabledRuleIsNamedInTheReasons) {
  const auto r = Shipped().Classify(
      MustParse(R"("four_unwanted":"yes","four_repeated":"yes","alarm_distress":"yes",)"
                R"("occasions":1,"single_communication":"no")"),
      MustOverride(R"({"disabled_rules":["repeated.four_gate"]})"));
  EXPECT_EQ(r.principal().code, "no_notifiable_offence");
  bool named = false;
  for (const auto& c : r.classifications) {
    for (const auto& reason : c.reasons) {
      named |= reason.text.find("Switched off by a supervisor") != std::string::npos;
    }
  }
  EXPECT_TRUE(named);
}

TEST(Diff, IdenticalResultsHaveNoChanges) {
  const auto r = Screen(kStalking);
  EXPECT_TRUE(Diff(r, r).empty());
}

TEST(Diff, ReportsRiskChangesWithTheirReason) {
  const auto before = Screen(kStalking);
  const auto after = Screen(std::string(kStalking) + R"(,"violence_this_episode":"yes")");
  const ResultDiff d = Diff(before, after);
  ASSERT_TRUE(d.HasKind("risk_level"));
  EXPECT_TRUE(d.HasKind("risk_driver_added"));
  for (const auto& c : d.changes) {
    if (c.kind == "risk_level") {
      EXPECT_EQ(c.to, "high");
      EXPECT_NE(c.text.find("violent in this episode"), std::string::npos) << c.text;
    }
  }
}

// s2 -> s2A -> s4A over three incidents on one course of conduct, with the
// risk rising from medium to high; the crime is reclassified, not re-counted.
TEST(Rescreen, HarassmentBecomesStalkingThenS4aAsIncidentsArrive) {
  const Screener& s = Shipped();
  EarlierScreening first;
  first.answers = MustParse(
      R"("four_unwanted":"yes","four_repeated":"yes","alarm_distress":"yes",)"
      R"("four_fixated":"no","four_obsessive":"no","occasions":2,"relationship":"ex_partner",)"
      R"("behaviours":["contacting"],"fear_of_violence":"no","serious_alarm_distress":"no",)"
      R"("daily_life_changes":[],"risk_very_frightened":"yes")");
  first.result = s.Classify(first.answers);
  first.incident = "INC-1";
  first.crime_reference = "CR/100/26";
  first.crime_status = CrimeStatus::kOpen;
  ASSERT_EQ(first.result.principal().code, "harassment_s2");
  ASSERT_EQ(first.result.risk.level, RiskLevel::kMedium);

  const Answers second_incident =
      MustParse(R"("four_fixated":"yes","four_obsessive":"unknown","behaviours":["following"])");
  const Rescreening second = s.Rescreen(first, second_incident);
  EXPECT_EQ(second.result.principal().code, "stalking_s2a");
  EXPECT_TRUE(second.changes.HasKind("principal"));
  EXPECT_TRUE(testing::HasCounting(second.result, "add_to_existing_crime"));
  EXPECT_TRUE(testing::HasCounting(second.result, "reclassify"));
  ASSERT_EQ(second.answers.history.size(), 1U);
  EXPECT_EQ(second.answers.history[0].recorded_as, "harassment_s2");

  EarlierScreening earlier{second.answers, second.result, "INC-2", "CR/100/26", CrimeStatus::kOpen};
  earlier.answers.history[0].recorded_as = "harassment_s2";
  const Answers third_incident = MustParse(
      R"("fear_of_violence":"yes","fear_of_violence_occasions":2,"violence_this_episode":"yes")");
  const Rescreening third = s.Rescreen(earlier, third_incident);
  EXPECT_EQ(third.result.principal().code, "stalking_s4a");
  EXPECT_EQ(third.result.risk.level, RiskLevel::kHigh);
  EXPECT_TRUE(third.changes.HasKind("principal"));
  EXPECT_TRUE(third.changes.HasKind("risk_level"));
  EXPECT_EQ(third.answers.history.size(), 2U);
  bool reclassified = false;
  for (const auto& c : third.result.counting) {
    reclassified |= c.code == "reclassify" && c.to == "stalking_s4a";
  }
  EXPECT_TRUE(reclassified);
  const std::string text = ToText(third.changes);
  EXPECT_NE(text.find("from stalking_s2a to stalking_s4a"), std::string::npos) << text;
  EXPECT_NE(text.find("from medium to high"), std::string::npos) << text;
}

TEST(Rescreen, LatestUnknownDoesNotEraseAnEarlierAnswer) {
  const Screener& s = Shipped();
  EarlierScreening first{MustParse(kStalking), {}, "INC-1", "", CrimeStatus::kNone};
  first.result = s.Classify(first.answers);
  const Rescreening again = s.Rescreen(first, MustParse(R"("four_fixated":"unknown")"));
  EXPECT_EQ(again.result.principal().code, "stalking_s2a");
}

}  // namespace
}  // namespace threadline::screening
