// Risk level from the S-DASH-style items, with the thresholds from data.
//
// Only "yes" answers raise the level; "unknown" never does (it is reported
// as a gap instead), so answering "unknown" instead of "yes" can never make
// a case look riskier, and new linked incidents can only add evidence.
#include "screening/evaluation.hpp"

namespace threadline::screening::internal {
namespace {

// The two red flags are not S-DASH questions: they raise the level directly
// but are not counted, so a threat to kill is not counted twice.
constexpr RuleMask kUncounted = Bit(Rule::kRiskThreatsToKill) | Bit(Rule::kRiskWeapon);

std::string ItemList(RuleMask m) {
  std::string out;
  for (; m != 0; m &= m - 1) {
    if (!out.empty()) out += ", ";
    out += RiskItemId(static_cast<Rule>(__builtin_ctzll(m)));
  }
  return out;
}

void AddDrivers(RiskAssessment& r, RuleMask m) {
  for (; m != 0; m &= m - 1)
    r.drivers.emplace_back(RiskItemId(static_cast<Rule>(__builtin_ctzll(m))));
}

}  // namespace

RiskAssessment AssessRisk(const Evaluation& ev) {
  const RiskConfig& cfg = ev.ctx.screener->config().risk;
  RiskAssessment r;
  r.items.reserve(kRuleCount - static_cast<size_t>(kFirstRiskRule));
  r.drivers.reserve(8);
  r.reasons.reserve(8);
  RuleMask yes = 0;
  RuleMask unknown = 0;
  QMask open = 0;
  for (size_t i = static_cast<size_t>(kFirstRiskRule); i < kRuleCount; ++i) {
    const auto rule = static_cast<Rule>(i);
    const Tri v = ev.rules[i].value;
    r.items.push_back({RiskItemId(rule), Info(rule).description, v});
    if (v == Tri::kYes) yes |= Bit(rule);
    if (v == Tri::kUnknown) unknown |= Bit(rule), open |= ev.rules[i].unknown;
  }
  const RuleMask counted = yes & ~kUncounted;
  r.yes_count = __builtin_popcountll(counted);
  r.unknown_count = __builtin_popcountll(unknown & ~kUncounted);

  RuleMask high = yes & cfg.high_if_any;
  for (RuleMask all : cfg.high_if_all) {
    if ((yes & all) == all) high |= all;
  }
  if (r.yes_count >= cfg.high_yes_count) high |= counted;
  RuleMask medium = yes & cfg.medium_if_any;
  if (r.yes_count >= cfg.medium_yes_count) medium |= counted;
  const bool linked = ev.ctx.linked >= cfg.medium_linked_incidents;

  const AnswerValue& judgement = ev.ctx.Value(CoreQuestion::kOfficerRiskJudgement);
  const auto& res = ev.ctx.screener->resolved();
  const bool judged_high = judgement.answered() && judgement.choice == res.judgement_high;
  const bool judged_medium = judgement.answered() && judgement.choice == res.judgement_medium;

  const std::string count_text = std::to_string(r.yes_count) + " of 12 risk items answered yes (" +
                                 "medium from " + std::to_string(cfg.medium_yes_count) +
                                 ", high from " + std::to_string(cfg.high_yes_count) + ")";
  if (high != 0 || judged_high) {
    r.level = RiskLevel::kHigh;
    AddDrivers(r, high);
    r.reasons = MakeReasons(ev, high);
  } else if (medium != 0 || linked || judged_medium) {
    r.level = RiskLevel::kMedium;
    AddDrivers(r, medium);
    r.reasons = MakeReasons(ev, medium);
    if (linked) {
      r.drivers.emplace_back("linked_incidents");
      r.reasons.push_back({"risk.linked_incidents",
                           std::to_string(ev.ctx.linked) +
                               " earlier incidents with the same suspect and victim: previous "
                               "stalking predicts future stalking.",
                           {}});
    }
  }
  if (judged_high || (judged_medium && r.level == RiskLevel::kMedium)) {
    r.drivers.emplace_back("professional_judgement");
    r.reasons.push_back({"risk.professional_judgement",
                         "The officer's professional judgement is " +
                             AnswerToText(ev.ctx.screener->questionnaire().Core(
                                              CoreQuestion::kOfficerRiskJudgement),
                                          judgement) +
                             " risk.",
                         {"officer_risk_judgement"}});
  }
  r.reasons.push_back({"risk.level",
                       "Risk is " + std::string(RiskLevelName(r.level)) + ": " + count_text + ".",
                       {}});
  if (unknown != 0) {
    r.reasons.push_back(
        {"risk.unknown_items",
         "Not known yet, and may raise the risk when answered: " + ItemList(unknown) + ".",
         QuestionIds(ev.ctx.screener->questionnaire(), open)});
  }
  return r;
}

}  // namespace threadline::screening::internal
