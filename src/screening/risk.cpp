// Risk level from the S-DASH-style items, with the thresholds from data.
//
// Only "yes" answers raise the level; "unknown" never does (it is reported
// as a gap instead), so answering "unknown" instead of "yes" can never make
// a case look riskier, and new linked incidents can only add evidence.
#include <charconv>

#include "screening/evaluation.hpp"

namespace threadline::screening::internal {
namespace {

// The two red flags are not S-DASH questions: they raise the level directly
// but are not counted, so a threat to kill is not counted twice.
constexpr RuleMask kUncounted = Bit(Rule::kRiskThreatsToKill) | Bit(Rule::kRiskWeapon);

void AppendItemList(RuleMask m, std::string& out) {
  for (bool first = true; m != 0; m &= m - 1, first = false) {
    if (!first) out += ", ";
    out += RiskItemId(static_cast<Rule>(__builtin_ctzll(m)));
  }
}

void AddDrivers(RiskAssessment& r, RuleMask m) {
  r.drivers.reserve(__builtin_popcountll(m) + 2);  // + linked incidents, judgement
  for (; m != 0; m &= m - 1)
    r.drivers.emplace_back(RiskItemId(static_cast<Rule>(__builtin_ctzll(m))));
}

// A number as text on the stack; lives to the end of the full expression.
class Number {
 public:
  explicit Number(int n) { size_ = std::to_chars(buf_, buf_ + sizeof buf_, n).ptr - buf_; }
  operator std::string_view() const { return {buf_, size_}; }

 private:
  char buf_[12];
  size_t size_;
};

}  // namespace

RiskAssessment AssessRisk(const Evaluation& ev) {
  const RiskConfig& cfg = ev.ctx.screener->config().risk;
  RiskAssessment r;
  static const std::vector<RiskItem> kItems = [] {
    std::vector<RiskItem> items;
    for (size_t i = static_cast<size_t>(kFirstRiskRule); i < kRuleCount; ++i) {
      const auto rule = static_cast<Rule>(i);
      items.push_back({RiskItemId(rule), Info(rule).description, Tri::kUnknown});
    }
    return items;
  }();
  r.items = kItems;
  RuleMask yes = 0;
  RuleMask unknown = 0;
  QMask open = 0;
  for (size_t i = static_cast<size_t>(kFirstRiskRule); i < kRuleCount; ++i) {
    const auto rule = static_cast<Rule>(i);
    const Tri v = ev.rules[i].value;
    r.items[i - static_cast<size_t>(kFirstRiskRule)].answer = v;
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
  if (r.reasons.empty()) r.reasons.reserve(3);  // level, unknown items, judgement
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
  r.reasons.push_back(
      {"risk.level",
       Cat({"Risk is ", RiskLevelName(r.level), ": ", Number(r.yes_count),
            " of 12 risk items answered yes (medium from ", Number(cfg.medium_yes_count),
            ", high from ", Number(cfg.high_yes_count), ")."}),
       {}});
  if (unknown != 0) {
    std::string text;
    text.reserve(320);
    text += "Not known yet, and may raise the risk when answered: ";
    AppendItemList(unknown, text);
    text += ".";
    r.reasons.push_back(
        {"risk.unknown_items", std::move(text), QuestionIds(*ev.ctx.screener, open)});
  }
  return r;
}

}  // namespace threadline::screening::internal
