// The tiering rules are data: the shipped file must give the tiers the
// multi-agency model expects, and a bad file is refused as a whole with
// messages that name the rule and field at fault.
#include "risk/tiering.hpp"

#include <gtest/gtest.h>

#include <array>

namespace threadline::risk {
namespace {

const TierRules& Shipped() {
  static const Result<TierRules> r = TierRules::Load(refdata::RefData());
  if (!r.ok()) ADD_FAILURE() << r.error().message;
  return r.value();
}

std::vector<std::string> Ids(const TierSuggestion& s) {
  std::vector<std::string> out;
  out.reserve(s.reasons.size());
  for (const auto& r : s.reasons) out.push_back(r.rule_id);
  return out;
}

using Strings = std::vector<std::string>;

TriageFacts Domestic(std::string level) {
  TriageFacts f;
  f.risk_level = std::move(level);
  f.domestic = true;
  return f;
}

bool HasError(const Error& e, std::string_view field, std::string_view text) {
  for (const auto& f : e.fields) {
    if (f.field == field && f.message.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string ErrorList(const Error& e) {
  std::string out = e.message;
  for (const auto& f : e.fields) out += "\n  " + f.field + ": " + f.message;
  return out;
}

// A valid file around the given rules array.
std::string WithRules(std::string_view rules) {
  return R"({"version": "test-v1",
    "tiers": [{"tier": 1, "name": "One", "description": "d1"},
              {"tier": 2, "name": "Two", "description": "d2"},
              {"tier": 3, "name": "Three", "description": "d3"},
              {"tier": 4, "name": "Four", "description": "d4"}],
    "default": {"id": "floor", "tier": 1, "reason": "stalking"},
    "not_stalking": {"id": "not-stalking", "reason": "not stalking"},
    "rules": )" +
         std::string(rules) + "}";
}

Error MustFail(std::string_view json) {
  auto r = TierRules::FromJson(json);
  EXPECT_FALSE(r.ok());
  if (r.ok()) return Error{};
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  return r.error();
}

TEST(Tiering, ShippedRulesDefineTheFourTiers) {
  const TierRules& rules = Shipped();
  EXPECT_EQ(rules.version(), "tiers-v1");
  ASSERT_EQ(rules.tiers().size(), 4U);
  for (int t = 1; t <= 4; ++t) {
    ASSERT_NE(rules.Find(t), nullptr) << t;
    EXPECT_EQ(rules.Find(t)->tier, t);
    EXPECT_FALSE(rules.Find(t)->description.empty());
  }
  EXPECT_EQ(rules.Find(3)->name, "Active multi-agency risk management");
  EXPECT_EQ(rules.Find(0), nullptr);
  EXPECT_EQ(rules.Find(5), nullptr);
}

TEST(Tiering, StandardRiskStalkingGetsTheDefaultFileReview) {
  const TierSuggestion s = Shipped().Suggest(TriageFacts{});
  EXPECT_EQ(s.tier, 1);
  EXPECT_FALSE(s.advice_only);
  EXPECT_EQ(Ids(s), Strings{"stalking-default"});
  EXPECT_EQ(s.rules_version, "tiers-v1");
}

TEST(Tiering, NotStalkingIsAdviceToTheReferrerWhateverTheRisk) {
  TriageFacts f = Domestic("high");
  f.is_stalking = false;
  f.weapons = true;
  f.mappa_managed = true;
  const TierSuggestion s = Shipped().Suggest(f);
  EXPECT_TRUE(s.advice_only);
  EXPECT_EQ(s.tier, 0);
  EXPECT_EQ(Ids(s), Strings{"not-stalking"});
  EXPECT_EQ(ExplainSuggestion(s, Shipped()),
            "Advice only: the conduct is not stalking: give the referrer written advice, then "
            "close the referral (rule not-stalking)");
}

TEST(Tiering, MediumRiskIsCaseConsultation) {
  const TierSuggestion s = Shipped().Suggest(Domestic("medium"));
  EXPECT_EQ(s.tier, 2);
  EXPECT_EQ(Ids(s), Strings{"medium-risk"});
}

TEST(Tiering, HighRiskIsActiveManagementAndNonDomesticSaysWhyThePanel) {
  const TierSuggestion domestic = Shipped().Suggest(Domestic("high"));
  EXPECT_EQ(domestic.tier, 3);
  EXPECT_EQ(Ids(domestic), Strings{"high-risk"});
  EXPECT_EQ(ExplainSuggestion(domestic, Shipped()),
            "Suggested tier 3 (Active multi-agency risk management): the risk is assessed as high "
            "(rule high-risk)");

  TriageFacts stranger = Domestic("high");
  stranger.domestic = false;
  const TierSuggestion s = Shipped().Suggest(stranger);
  EXPECT_EQ(s.tier, 3);
  EXPECT_EQ(Ids(s), (Strings{"high-risk", "high-risk-non-domestic"}));
}

TEST(Tiering, HighRiskWithThreatsWeaponsOrSexualViolenceIsIntensive) {
  TriageFacts threats = Domestic("high");
  threats.threats_or_violence = true;
  TierSuggestion s = Shipped().Suggest(threats);
  EXPECT_EQ(s.tier, 4);
  // Highest tier first, file order within a tier, every match listed.
  EXPECT_EQ(Ids(s), (Strings{"high-risk-threats-violence", "high-risk", "threats-violence"}));

  TriageFacts weapons = Domestic("high");
  weapons.weapons = true;
  s = Shipped().Suggest(weapons);
  EXPECT_EQ(s.tier, 4);
  EXPECT_EQ(Ids(s), (Strings{"high-risk-weapons", "high-risk", "weapons"}));

  TriageFacts sexual = Domestic("high");
  sexual.sexual_violence = true;
  s = Shipped().Suggest(sexual);
  EXPECT_EQ(s.tier, 4);
  EXPECT_EQ(Ids(s), (Strings{"high-risk-sexual-violence", "high-risk", "sexual-violence"}));
}

TEST(Tiering, MappaManagedIsIntensiveEvenAtStandardRisk) {
  TriageFacts f;
  f.mappa_managed = true;
  const TierSuggestion s = Shipped().Suggest(f);
  EXPECT_EQ(s.tier, 4);
  EXPECT_EQ(Ids(s), Strings{"mappa-managed"});
}

TEST(Tiering, SerialPerpetratorsRaiseTheTier) {
  TriageFacts f = Domestic("high");
  f.other_victims = 2;
  TierSuggestion s = Shipped().Suggest(f);
  EXPECT_EQ(s.tier, 4);
  EXPECT_EQ(Ids(s), (Strings{"high-risk-serial", "high-risk", "other-victims"}));

  f.other_victims = 1;  // one other victim: not yet serial
  s = Shipped().Suggest(f);
  EXPECT_EQ(s.tier, 3);
  EXPECT_EQ(Ids(s), (Strings{"high-risk", "other-victims"}));

  f = Domestic("medium");
  f.other_victims = 2;
  s = Shipped().Suggest(f);
  EXPECT_EQ(s.tier, 3);
  EXPECT_EQ(Ids(s), (Strings{"medium-risk-serial", "medium-risk", "other-victims"}));

  f = Domestic("standard");
  f.other_victims = 1;
  s = Shipped().Suggest(f);
  EXPECT_EQ(s.tier, 2);
  EXPECT_EQ(Ids(s), Strings{"other-victims"});
}

TEST(Tiering, EachConsultationTriggerAloneGivesTierTwo) {
  const std::array<std::pair<const char*, void (*)(TriageFacts&)>, 6> cases = {{
      {"escalating", [](TriageFacts& f) { f.escalating = true; }},
      {"breach-of-order", [](TriageFacts& f) { f.breach_of_order = true; }},
      {"threats-violence", [](TriageFacts& f) { f.threats_or_violence = true; }},
      {"fear-of-violence", [](TriageFacts& f) { f.fear_of_violence = true; }},
      {"repeat-reports", [](TriageFacts& f) { f.incidents = 3; }},
      {"mental-health", [](TriageFacts& f) { f.mental_health_concern = true; }},
  }};
  for (const auto& [id, set] : cases) {
    TriageFacts f;
    set(f);
    const TierSuggestion s = Shipped().Suggest(f);
    EXPECT_EQ(s.tier, 2) << id;
    EXPECT_EQ(Ids(s), Strings{id});
  }
  TriageFacts two_reports;
  two_reports.incidents = 2;
  EXPECT_EQ(Shipped().Suggest(two_reports).tier, 1);
}

TEST(Tiering, ThreatsThatEscalateOrBreachAnOrderNeedThePanel) {
  TriageFacts f;
  f.threats_or_violence = true;
  f.escalating = true;
  TierSuggestion s = Shipped().Suggest(f);
  EXPECT_EQ(s.tier, 3);
  EXPECT_EQ(Ids(s), (Strings{"escalating-threats-violence", "escalating", "threats-violence"}));

  f.escalating = false;
  f.breach_of_order = true;
  s = Shipped().Suggest(f);
  EXPECT_EQ(s.tier, 3);
  EXPECT_EQ(Ids(s), (Strings{"breach-threats-violence", "breach-of-order", "threats-violence"}));
}

TEST(Tiering, MentalHealthConcernWithMediumOrHighRiskNeedsClinicalInput) {
  TriageFacts f = Domestic("medium");
  f.mental_health_concern = true;
  TierSuggestion s = Shipped().Suggest(f);
  EXPECT_EQ(s.tier, 3);
  EXPECT_EQ(Ids(s), (Strings{"mental-health-medium-high", "medium-risk", "mental-health"}));

  f.risk_level = "high";
  s = Shipped().Suggest(f);
  EXPECT_EQ(s.tier, 3);
  EXPECT_EQ(Ids(s), (Strings{"high-risk", "mental-health-medium-high", "mental-health"}));
}

TEST(Tiering, AnUnknownRiskLevelMatchesNoLevelRule) {
  TriageFacts f;
  f.risk_level = "HIGH";
  EXPECT_EQ(Ids(Shipped().Suggest(f)), Strings{"stalking-default"});
}

// More risk never means less management: turning any fact on, raising a
// count or the risk level, never lowers the shipped suggestion. (domestic is
// excluded: it describes the case, and it only selects a reason.)
TEST(Tiering, ShippedRulesAreMonotoneInEveryRiskFact) {
  using Setter = void (*)(TriageFacts&);
  const std::array<Setter, 12> raise = {
      [](TriageFacts& f) { f.fear_of_violence = true; },
      [](TriageFacts& f) { f.threats_or_violence = true; },
      [](TriageFacts& f) { f.weapons = true; },
      [](TriageFacts& f) { f.sexual_violence = true; },
      [](TriageFacts& f) { f.escalating = true; },
      [](TriageFacts& f) { f.breach_of_order = true; },
      [](TriageFacts& f) { f.mental_health_concern = true; },
      [](TriageFacts& f) { f.mappa_managed = true; },
      [](TriageFacts& f) { f.online_only = true; },
      [](TriageFacts& f) { ++f.other_victims; },
      [](TriageFacts& f) { f.incidents += 2; },
      [](TriageFacts& f) { f.risk_level = f.risk_level == "standard" ? "medium" : "high"; },
  };
  const std::array<std::string, 3> levels = {"standard", "medium", "high"};
  int checked = 0;
  for (int mask = 0; mask < (1 << 9); ++mask) {
    for (const auto& level : levels) {
      for (int victims = 0; victims <= 2; ++victims) {
        for (bool domestic : {false, true}) {
          TriageFacts f;
          f.risk_level = level;
          f.other_victims = victims;
          f.domestic = domestic;
          for (int b = 0; b < 9; ++b) {
            if ((mask & (1 << b)) != 0) raise[static_cast<size_t>(b)](f);
          }
          const int tier = Shipped().Suggest(f).tier;
          for (const Setter& up : raise) {
            TriageFacts g = f;
            up(g);
            ASSERT_GE(Shipped().Suggest(g).tier, tier);
            ++checked;
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 100000);
}

TEST(Tiering, AllTriggersTogetherListEveryMatchingRuleInTierOrder) {
  // Everything on fires every rule except those needing domestic=false or
  // medium risk; reasons are lower-case phrases that join into one sentence.
  TriageFacts f = Domestic("high");
  f.fear_of_violence = f.threats_or_violence = f.weapons = f.sexual_violence = true;
  f.escalating = f.breach_of_order = f.mental_health_concern = f.mappa_managed = true;
  f.other_victims = 5;
  f.incidents = 9;
  const TierSuggestion s = Shipped().Suggest(f);
  EXPECT_EQ(s.tier, 4);
  EXPECT_EQ(s.reasons.size(), 18U);
  for (const auto& r : s.reasons) {
    ASSERT_FALSE(r.text.empty());
    EXPECT_TRUE(r.text.front() >= 'a' && r.text.front() <= 'z') << r.rule_id;
    EXPECT_NE(r.text.back(), '.') << r.rule_id;
  }
  for (size_t i = 1; i < s.reasons.size(); ++i) {
    EXPECT_GE(s.reasons[i - 1].tier, s.reasons[i].tier);
  }
}

TEST(Tiering, DefaultAppliesOnlyWhenNoRuleReachesItsTier) {
  auto text = WithRules(R"([{"id": "online", "tier": 1, "when": {"online_only": true},
                             "reason": "online only"}])");
  const auto pos = text.find(R"("tier": 1, "reason": "stalking")");
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, 9, R"("tier": 2)");
  const auto rules = TierRules::FromJson(text);
  ASSERT_TRUE(rules.ok()) << ErrorList(rules.error());
  TriageFacts f;
  f.online_only = true;
  const TierSuggestion s = rules->Suggest(f);
  EXPECT_EQ(s.tier, 2);
  EXPECT_EQ(Ids(s), (Strings{"online", "floor"}));  // the default last
}

TEST(Tiering, RiskLevelConditionMayListLevels) {
  const auto rules = TierRules::FromJson(WithRules(
      R"([{"id": "mh", "tier": 3, "when": {"risk_level": ["medium", "high"],
           "mental_health_concern": true}, "reason": "mh"}])"));
  ASSERT_TRUE(rules.ok()) << ErrorList(rules.error());
  TriageFacts f;
  f.mental_health_concern = true;
  EXPECT_EQ(rules->Suggest(f).tier, 1);
  f.risk_level = "medium";
  EXPECT_EQ(rules->Suggest(f).tier, 3);
  f.risk_level = "high";
  EXPECT_EQ(rules->Suggest(f).tier, 3);
  f.mental_health_concern = false;
  EXPECT_EQ(rules->Suggest(f).tier, 1);  // all conditions must hold
}

TEST(Tiering, RefusesAMisspeltFactInTheShippedFileNamingTheRule) {
  std::string text = *refdata::RefData().Read("risk/tiers-v1.json");
  const std::string from = R"("risk_level": "high", "weapons": true)";
  const auto pos = text.find(from);
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, from.size(), R"("risk_level": "high", "weapon": true)");
  const Error e = MustFail(text);
  EXPECT_TRUE(
      HasError(e, "rules/2/when/weapon", "rule 'high-risk-weapons': 'weapon' is not a triage fact"))
      << ErrorList(e);
  EXPECT_NE(e.message.find("rules/2/when/weapon"), std::string::npos) << e.message;
}

TEST(Tiering, RefusesBadConditions) {
  Error e = MustFail(
      WithRules(R"([{"id": "a", "tier": 2, "when": {"other_victims": 2}, "reason": "r"}])"));
  EXPECT_TRUE(HasError(e, "rules/0/when/other_victims",
                       "'other_victims' is a count; write 'other_victims_at_least'"))
      << ErrorList(e);

  e = MustFail(WithRules(R"([{"id": "a", "tier": 2, "when": {"weapons": "yes"}, "reason": "r"}])"));
  EXPECT_TRUE(HasError(e, "rules/0/when/weapons", "must be true or false")) << ErrorList(e);

  e = MustFail(
      WithRules(R"([{"id": "a", "tier": 2, "when": {"risk_level": "hihg"}, "reason": "r"}])"));
  EXPECT_TRUE(HasError(e, "rules/0/when/risk_level", "'hihg' is not a risk level")) << ErrorList(e);

  e = MustFail(
      WithRules(R"([{"id": "a", "tier": 2, "when": {"weapons_at_least": 1}, "reason": "r"}])"));
  EXPECT_TRUE(HasError(e, "rules/0/when/weapons_at_least", "is not a triage fact")) << ErrorList(e);

  e = MustFail(
      WithRules(R"([{"id": "a", "tier": 2, "when": {"incidents_at_least": -1}, "reason": "r"}])"));
  EXPECT_TRUE(HasError(e, "rules/0/when/incidents_at_least", "whole number from 0"))
      << ErrorList(e);

  e = MustFail(
      WithRules(R"([{"id": "a", "tier": 2, "when": {"is_stalking": true}, "reason": "r"}])"));
  EXPECT_TRUE(HasError(e, "rules/0/when/is_stalking", "is not a condition")) << ErrorList(e);

  e = MustFail(WithRules(R"([{"id": "a", "tier": 2, "when": {}, "reason": "r"}])"));
  EXPECT_TRUE(HasError(e, "rules/0/when", "rule 'a' has no conditions")) << ErrorList(e);
}

TEST(Tiering, RefusesBadRules) {
  Error e =
      MustFail(WithRules(R"([{"id": "a", "tier": 5, "when": {"weapons": true}, "reason": "r"}])"));
  EXPECT_TRUE(HasError(e, "rules/0/tier", "from 1 to 4")) << ErrorList(e);

  e = MustFail(WithRules(R"([{"id": "a", "tier": 2, "when": {"weapons": true}, "reason": "r"},
                              {"id": "a", "tier": 3, "when": {"escalating": true}, "reason": "s"}])"));
  EXPECT_TRUE(HasError(e, "rules/1/id", "rule 'a' is defined twice")) << ErrorList(e);

  e = MustFail(WithRules(R"([{"id": "a", "tier": 2, "when": {"weapons": true}, "reasons": "r"}])"));
  EXPECT_TRUE(HasError(e, "rules/0/reasons", "is not a known field")) << ErrorList(e);
  EXPECT_TRUE(HasError(e, "rules/0/reason", "is required")) << ErrorList(e);

  e = MustFail(WithRules(R"({"id": "a"})"));
  EXPECT_TRUE(HasError(e, "rules", "must be an array")) << ErrorList(e);
}

TEST(Tiering, RefusesMissingTiersAndBrokenJson) {
  std::string text = WithRules("[]");
  const auto pos = text.find(R"({"tier": 3, "name": "Three", "description": "d3"},)");
  ASSERT_NE(pos, std::string::npos);
  text.erase(pos, std::string(R"({"tier": 3, "name": "Three", "description": "d3"},)").size());
  Error e = MustFail(text);
  EXPECT_TRUE(HasError(e, "tiers", "is missing tier 3")) << ErrorList(e);

  e = MustFail(R"({"version": "x", )");
  EXPECT_TRUE(HasError(e, "tiers", "is not valid JSON")) << ErrorList(e);

  e = MustFail(R"({"version": "x"})");
  EXPECT_TRUE(HasError(e, "default", "must be an object")) << ErrorList(e);
  EXPECT_TRUE(HasError(e, "rules", "must be an array")) << ErrorList(e);
}

}  // namespace
}  // namespace threadline::risk
