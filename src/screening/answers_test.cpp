// Bad input never gets past parsing: every problem is one FieldError naming
// the field, and nothing is classified.
#include "screening/test_support.hpp"

namespace threadline::screening {
namespace {

using testing::Input;
using testing::Shipped;

std::vector<FieldError> Errors(std::string_view body) {
  auto parsed = Shipped().ParseAnswers(body);
  if (parsed.ok()) return {};
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  return parsed.error().fields;
}

bool Names(const std::vector<FieldError>& errors, std::string_view field) {
  for (const auto& e : errors) {
    if (e.field == field) return true;
  }
  return false;
}

TEST(ParseAnswers, AcceptsAMinimalValidSet) {
  auto parsed = Shipped().ParseAnswers(Input(""));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->values.size(), Shipped().questionnaire().questions().size());
}

TEST(ParseAnswers, RejectsUnknownQuestionIds) {
  const auto e = Errors(Input(R"("no_such_question":"yes")"));
  EXPECT_TRUE(Names(e, "answers/no_such_question"));
}

TEST(ParseAnswers, RejectsWrongTypeForYesNoUnknown) {
  EXPECT_TRUE(Names(Errors(Input(R"("fear_of_violence":true)")), "answers/fear_of_violence"));
  EXPECT_TRUE(Names(Errors(Input(R"("fear_of_violence":"maybe")")), "answers/fear_of_violence"));
}

TEST(ParseAnswers, RejectsUnknownSingleChoiceOption) {
  EXPECT_TRUE(Names(Errors(Input(R"("relationship":"landlord")")), "answers/relationship"));
  EXPECT_TRUE(Names(Errors(Input(R"("relationship":3)")), "answers/relationship"));
}

TEST(ParseAnswers, RejectsBadMultiChoice) {
  EXPECT_TRUE(Names(Errors(Input(R"("behaviours":"following")")), "answers/behaviours"));
  EXPECT_TRUE(Names(Errors(Input(R"("behaviours":["following","flying"])")), "answers/behaviours"));
}

TEST(ParseAnswers, RejectsBadIntegers) {
  EXPECT_TRUE(Names(Errors(Input(R"("occasions":"3")")), "answers/occasions"));
  EXPECT_TRUE(Names(Errors(Input(R"("occasions":-1)")), "answers/occasions"));
  EXPECT_TRUE(Names(Errors(Input(R"("occasions":2.5)")), "answers/occasions"));
}

TEST(ParseAnswers, RejectsBadText) {
  EXPECT_TRUE(
      Names(Errors(Input(R"("four_fixated_evidence":7)")), "answers/four_fixated_evidence"));
  const std::string long_text(2001, 'a');
  EXPECT_TRUE(Names(Errors(Input(R"("four_fixated_evidence":")" + long_text + "\"")),
                    "answers/four_fixated_evidence"));
  EXPECT_TRUE(Names(Errors(Input(R"("four_fixated_evidence":"a\u0001b")")),
                    "answers/four_fixated_evidence"));
}

TEST(ParseAnswers, RejectsMissingRequiredAnswers) {
  const auto e = Errors(R"({"questionnaire_version":"v1","answers":{"four_fixated":"yes"}})");
  EXPECT_TRUE(Names(e, "answers/four_obsessive"));
  EXPECT_TRUE(Names(e, "answers/four_unwanted"));
  EXPECT_TRUE(Names(e, "answers/four_repeated"));
  EXPECT_TRUE(Names(e, "answers/relationship"));
  EXPECT_FALSE(Names(e, "answers/four_fixated"));
}

TEST(ParseAnswers, RejectsUnknownOrMissingQuestionnaireVersion) {
  EXPECT_TRUE(
      Names(Errors(R"({"questionnaire_version":"v9","answers":{}})"), "questionnaire_version"));
  EXPECT_TRUE(Names(Errors(R"({"answers":{}})"), "questionnaire_version"));
}

TEST(ParseAnswers, RejectsBodiesThatAreNotAnswerObjects) {
  EXPECT_TRUE(Names(Errors("not json"), "body"));
  EXPECT_TRUE(Names(Errors("[1,2]"), "body"));
  EXPECT_TRUE(Names(Errors(R"({"questionnaire_version":"v1","answers":[]})"), "answers"));
  EXPECT_TRUE(Names(Errors(R"({"questionnaire_version":"v1","answers":{},"extra":1})"), "extra"));
}

TEST(ParseAnswers, RejectsBadHistory) {
  EXPECT_TRUE(Names(Errors(Input("", R"({"incident":"A","recorded_as":"burglary"})")),
                    "history/0/recorded_as"));
  EXPECT_TRUE(Names(Errors(Input("", R"({"incident":"A","crime_status":"pending"})")),
                    "history/0/crime_status"));
  EXPECT_TRUE(Names(Errors(Input("", R"({"incident":"A","crime_status":"open"})")),
                    "history/0/crime_reference"));
  EXPECT_TRUE(Names(Errors(Input("", R"({"incident":"A","behaviours":["juggling"]})")),
                    "history/0/behaviours"));
  EXPECT_TRUE(Names(Errors(Input("", R"({"incident":"A","occurred_on":"2026-02-30"})")),
                    "history/0/occurred_on"));
  EXPECT_TRUE(Names(Errors(Input("", R"({"recorded_as":"other"})")), "history/0/incident"));
  EXPECT_TRUE(Names(Errors(Input("", R"(7)")), "history/0"));
}

TEST(ParseAnswers, ReportsEveryBadFieldAtOnce) {
  const auto e = Errors(Input(R"("occasions":"x","relationship":"alien","weapon":1,"zzz":1)"));
  EXPECT_EQ(e.size(), 4U);
}

TEST(ParseAnswers, RoundTripsThroughJson) {
  const Answers a = testing::MustParse(
      R"("four_fixated":"yes","occasions":4,"behaviours":["following","loitering"],)"
      R"("relationship":"ex_partner","four_fixated_evidence":"waits outside")",
      R"({"incident":"INC-1","recorded_as":"harassment_s2","crime_status":"open",)"
      R"("crime_reference":"CR/1","behaviours":["contacting"],"fear_of_violence":true})");
  const auto back =
      Shipped().ParseAnswers(boost::json::serialize(AnswersToJson(Shipped().questionnaire(), a)));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->values, a.values);
  ASSERT_EQ(back->history.size(), 1U);
  EXPECT_EQ(back->history[0].behaviours, BehaviourMask({"contacting"}));
  EXPECT_EQ(back->history[0].fear_of_violence, Tri::kYes);
}

TEST(ParseOverrides, AcceptsAnswersAndRuleIds) {
  auto o = Shipped().ParseOverrides(
      R"({"answers":{"four_fixated":"no"},"disabled_rules":["stalking_acts.checklist"],"note":"x"})");
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->answers.size(), 1U);
  EXPECT_EQ(o->disabled_rules, std::vector<Rule>{Rule::kStalkingActsChecklist});
}

TEST(ParseOverrides, RejectsUnknownRulesQuestionsAndTypes) {
  auto o = Shipped().ParseOverrides(
      R"({"answers":{"nope":"no","occasions":"many"},"disabled_rules":["no.such.rule"]})");
  ASSERT_FALSE(o.ok());
  EXPECT_TRUE(Names(o.error().fields, "answers/nope"));
  EXPECT_TRUE(Names(o.error().fields, "answers/occasions"));
  EXPECT_TRUE(Names(o.error().fields, "disabled_rules"));
}

}  // namespace
}  // namespace threadline::screening
