#pragma once
// Tiering: which of the four tiers of the multi-agency stalking response a
// case needs, and every rule that says why.
//
// The tiers and the rules are reference data (data/risk/tiers-v1.json): there
// is no national definition, so a force may replace the file. A rule is
//
//   { "id": "high-risk-weapons", "tier": 4,
//     "when": { "risk_level": "high", "weapons": true },
//     "reason": "high risk and the suspect has access to or has mentioned weapons" }
//
// and matches when all of its conditions hold. A condition on a true/false
// fact is equality; on risk_level it is equality with one level or, given a
// list, with any of them; on a count (other_victims, incidents) it is
// "<fact>_at_least": n. is_stalking is not a condition: the rules apply to
// stalking only.
//
// Contract: FromJson returns complete, validated rules or kInvalidArgument
// naming every bad rule and field (unknown facts, levels and keys are
// refused, not ignored). Suggest never fails: the suggestion is the highest
// tier of any matching rule; when none reaches the default rule's tier (1 in
// the shipped file) the default applies. A case that is not stalking gets
// advice_only with tier 0 and the file's "not_stalking" reason.
//
// The engine suggests; a practitioner decides. The rules version travels with
// every suggestion so a decision can be traced to the rules that informed it.

#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "refdata/refdata.hpp"

namespace threadline::risk {

struct TriageFacts {
  bool is_stalking = true;  // the conduct is stalking (else: advice to the referrer and closure)
  std::string risk_level = "standard";  // standard | medium | high; anything else matches no level
  bool fear_of_violence = false;
  bool threats_or_violence = false;  // threats to harm/kill or actual violence
  bool weapons = false;              // access to or mention of weapons
  bool sexual_violence = false;
  int other_victims = 0;               // other victims of the same suspect
  int incidents = 1;                   // reports in this course of conduct
  bool escalating = false;             // frequency or severity rising
  bool breach_of_order = false;        // an order or bail condition breached
  bool mental_health_concern = false;  // perpetrator mental-health concern
  bool domestic = false;               // ex-intimate partner or family
  bool mappa_managed = false;          // perpetrator already under MAPPA
  bool online_only = false;
};

struct TierDefinition {
  int tier = 0;
  std::string name;
  std::string description;
};

struct TierReason {
  std::string rule_id;
  int tier = 0;
  std::string text;
};

struct TierSuggestion {
  int tier = 0;              // 1..4; 0 only when advice_only
  bool advice_only = false;  // not stalking: written advice to the referrer, then closure
  // Every rule that matched, highest tier first (file order within a tier),
  // with the default rule last if it applied. When advice_only: the single
  // "not stalking" reason, tier 0.
  std::vector<TierReason> reasons;
  std::string rules_version;
};

class TierRules {
 public:
  // kInvalidArgument naming the bad rule/field; unknown fact names refused.
  static Result<TierRules> FromJson(std::string_view json);
  // Reads "risk/tiers-v1.json"; kNotFound when the file is missing.
  static Result<TierRules> Load(const refdata::RefData& data);

  TierSuggestion Suggest(const TriageFacts& facts) const;

  const std::vector<TierDefinition>& tiers() const { return tiers_; }  // tiers 1..4 in order
  const std::string& version() const { return version_; }
  // The definition of `tier`, or nullptr.
  const TierDefinition* Find(int tier) const;

 private:
  // One compiled condition: `fact` indexes the engine's fact table; `value`
  // is 0/1 for a true/false fact, a bit set of levels for risk_level, and
  // the minimum for a count.
  struct Condition {
    int fact = 0;
    int value = 0;
  };
  struct Rule {
    TierReason reason;
    std::vector<Condition> when;
  };

  TierRules() = default;

  std::string version_;
  std::vector<TierDefinition> tiers_;
  std::vector<Rule> rules_;
  TierReason default_;
  TierReason not_stalking_;
};

// Text a practitioner reads: "Suggested tier 3 (Active multi-agency risk
// management): high risk (rule high-risk); ..." or, when not stalking,
// "Advice only: ... (rule not-stalking)".
std::string ExplainSuggestion(const TierSuggestion& s, const TierRules& rules);

}  // namespace threadline::risk
