// The questionnaire and rules are data: they are validated at load and a
// bad file is refused as a whole.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "domain/vocabulary.hpp"
#include "screening/test_support.hpp"

namespace threadline::screening {
namespace {

using testing::Shipped;

std::string ShippedQuestionnaire() {
  return *refdata::RefData().Read("screening/questionnaire-v1.json");
}

std::string Replace(std::string s, std::string_view from, std::string_view to) {
  const auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

bool HasError(const Error& e, std::string_view text) {
  for (const auto& f : e.fields) {
    if ((f.field + ": " + f.message).find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(Questionnaire, ShippedVersionLoads) {
  const Questionnaire& qn = Shipped().questionnaire();
  EXPECT_EQ(qn.version(), "v1");
  EXPECT_GE(qn.questions().size(), 35U);
  for (size_t c = 0; c < kCoreQuestionCount; ++c) {
    EXPECT_GE(qn.Index(static_cast<CoreQuestion>(c)), 0);
  }
}

TEST(Questionnaire, OffersEverySectionTheLawNeeds) {
  const Questionnaire& qn = Shipped().questionnaire();
  for (auto id : {"four", "relationship", "behaviours", "effect", "threats", "coercive",
                  "communication", "risk"}) {
    EXPECT_TRUE(std::any_of(qn.sections().begin(), qn.sections().end(), [&](const auto& s) {
      return s.id == id;
    })) << id;
  }
}

TEST(Questionnaire, OffersEveryBehaviourIncludingAllS2aActs) {
  const Question& b = Shipped().questionnaire().Core(CoreQuestion::kBehaviours);
  for (const auto& code : domain::Behaviours()) EXPECT_GE(b.OptionIndex(code.code), 0) << code.code;
}

TEST(Questionnaire, RejectsDuplicateQuestionIds) {
  const auto r = Questionnaire::FromJson(
      Replace(ShippedQuestionnaire(), R"("id": "four_obsessive")", R"("id": "four_fixated")"));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(HasError(r.error(), "duplicates question 'four_fixated'"));
}

TEST(Questionnaire, RejectsUnknownTypes) {
  const auto r = Questionnaire::FromJson(
      Replace(ShippedQuestionnaire(), R"("type": "integer")", R"("type": "slider")"));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(HasError(r.error(), "not a known question type"));
}

TEST(Questionnaire, RejectsChoiceWithoutOptionsAndDuplicateOptions) {
  auto text = Replace(ShippedQuestionnaire(), R"({"value": "changed_route", "label")",
                      R"({"value": "moved_home", "label")");
  const auto r = Questionnaire::FromJson(text);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(HasError(r.error(), "duplicates option 'moved_home'"));
  const auto r2 = Questionnaire::FromJson(
      R"({"id":"x","version":"v1","title":"t","sections":[{"id":"s","title":"t","questions":[)"
      R"({"id":"q","text":"t","type":"single_choice"}]}]})");
  ASSERT_FALSE(r2.ok());
  EXPECT_TRUE(HasError(r2.error(), "needs at least one option"));
  EXPECT_TRUE(HasError(r2.error(), "the classifier needs this question"));
}

TEST(Questionnaire, RejectsACoreQuestionOfTheWrongType) {
  const auto r = Questionnaire::FromJson(Replace(ShippedQuestionnaire(),
                                                 R"({"id": "weapon", "type": "yes_no_unknown")",
                                                 R"({"id": "weapon", "type": "text")"));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(HasError(r.error(), "weapon: must have type yes_no_unknown"));
}

TEST(Questionnaire, RejectsShowIfNamingNoQuestion) {
  const auto r = Questionnaire::FromJson(Replace(ShippedQuestionnaire(),
                                                 R"("show_if": {"question": "relationship")",
                                                 R"("show_if": {"question": "relation")"));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(HasError(r.error(), "names no question"));
}

TEST(Questionnaire, RejectsInvalidJson) {
  EXPECT_FALSE(Questionnaire::FromJson("{").ok());
  EXPECT_FALSE(Questionnaire::FromJson("[]").ok());
}

TEST(Questionnaire, SerialisesToJsonThatLoadsAgain) {
  const auto json = boost::json::serialize(Shipped().questionnaire().ToJson());
  const auto again = Questionnaire::FromJson(json);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(boost::json::serialize(again->ToJson()), json);
}

TEST(Questionnaire, ForceCanShipItsOwnVersionThroughTheOverrideDirectory) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("threadline_screening_override_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "screening");
  std::ofstream(dir / "screening" / "questionnaire-v1.json")
      << Replace(ShippedQuestionnaire(), R"("questions": [
        {"id": "risk_very_frightened")",
                 R"("questions": [
        {"id": "local_question", "type": "text", "required": false, "text": "Local?"},
        {"id": "risk_very_frightened")");
  const auto s = Screener::Load(refdata::RefData(dir.string()));
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(s.ok());
  EXPECT_GE(s->questionnaire().Find("local_question"), 0);
}

TEST(Questionnaire, UnknownVersionIsNotFound) {
  const auto s = Screener::Load(refdata::RefData(), "v9");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
}

TEST(RulesConfig, RejectsIncompleteSeriousnessAndUnknownRiskItems) {
  std::string rules = *refdata::RefData().Read("screening/rules-v1.json");
  rules = Replace(rules, R"("seriousness_order": ["stalking_s4a", )", R"("seriousness_order": [)");
  rules = Replace(rules, R"("high_if_any": ["violence_this_episode")",
                  R"("high_if_any": ["bad_vibes")");
  const auto r = RulesConfig::FromJson(rules);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(HasError(r.error(), "seriousness_order"));
  EXPECT_TRUE(HasError(r.error(), "'bad_vibes' is not a risk item"));
}

TEST(RulesConfig, KeepsHomeOfficeClassesInData) {
  const RulesConfig& c = Shipped().config();
  EXPECT_EQ(c.Classification("stalking_s2a").ho_class, "8Q");
  EXPECT_EQ(c.Classification("harassment_s2").ho_class, "8L");
  EXPECT_EQ(c.Classification("malicious_communications").ho_class, "8R");
  EXPECT_EQ(c.Classification("coercive_control").ho_class, "8U");
}

TEST(RulesCatalogue, IdsAreUniqueAndFindable) {
  for (const auto& r : Rules()) {
    EXPECT_EQ(FindRule(r.id), r.rule) << r.id;
    EXPECT_FALSE(r.description.empty());
  }
}

}  // namespace
}  // namespace threadline::screening
