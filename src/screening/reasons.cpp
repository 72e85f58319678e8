// Plain-English reasons: one sentence per rule, naming the answers behind it.
#include <array>

#include "domain/vocabulary.hpp"
#include "screening/evaluation.hpp"

namespace threadline::screening::internal {
namespace {

// What each rule means when it came out "no" (indexed by Rule). The "yes"
// sentence is the rule's description in the catalogue.
constexpr std::array<std::string_view, kRuleCount> kNoText = {
    "Fewer than two occasions are reported.",
    "The FOUR gate answer says the behaviour is not repeated.",
    "No earlier incident with the same suspect and victim is linked.",
    "The FOUR gate answer says the behaviour is not unwanted.",
    "The victim does not report alarm or distress.",
    "Serious alarm or distress is not reported.",
    "Fear of violence is not reported.",
    "The victim is not reported as very frightened.",
    "The FOUR gate answer says the suspect is not fixated.",
    "The FOUR gate answer says the behaviour is not obsessive.",
    "The behaviour checklist includes no act associated with stalking.",
    "No earlier linked incident included acts associated with stalking.",
    "Fear of violence on at least two occasions is not shown.",
    "Earlier linked incidents do not add up to two occasions of fear of violence.",
    "Serious alarm or distress with a substantial adverse effect on day-to-day life is not shown.",
    "The suspect is not a partner, former partner or family member, so controlling or coercive "
    "behaviour (s76) cannot apply.",
    "No controlling or coercive behaviour was reported.",
    "The report is not about one single communication.",
    "Two or more unwanted communications or occasions from one person are a course of conduct, "
    "not a single malicious communication.",
    "The communication was not grossly offensive, threatening, indecent or false.",
    "Not harassment (s2).",
    "Not harassment with fear of violence (s4).",
    "Not stalking (s2A).",
    "Not stalking with fear of violence or serious alarm or distress (s4A).",
    "Not controlling or coercive behaviour (s76).",
    "Not malicious communications.",
    "The victim is not very frightened.",
    "No previous stalking or harassment by the suspect is known.",
    "No property damage is reported.",
    "Visits more than three times a week are not reported.",
    "Loitering at home or work is not reported.",
    "No threats of physical or sexual violence are reported.",
    "Harassment of third parties is not reported.",
    "No violence in this episode is reported.",
    "The suspect is not known to have recruited others.",
    "No drug, alcohol or mental-health problems are known.",
    "No history of violence is known.",
    "The behaviour is not reported as escalating.",
    "No threat to kill is reported.",
    "No weapon is reported.",
};

// Appends "id = answer; ..." to `out`; `start` is where this evidence began.
void AnswerList(const Evaluation& ev, QMask reads, std::string& out, size_t start) {
  const Questionnaire& qn = ev.ctx.screener->questionnaire();
  for (QMask m = reads; m != 0; m &= m - 1) {
    const auto q = static_cast<CoreQuestion>(__builtin_ctzll(m));
    if (out.size() > start) out += "; ";
    out += ev.ctx.screener->resolved().core_ids[static_cast<size_t>(q)];
    out += " = ";
    AppendAnswerText(qn.Core(q), ev.ctx.Value(q), out);
  }
}

// Which answers and history a rule drew on, in words, appended to `out`.
void Evidence(const Evaluation& ev, Rule r, std::string& out) {
  const size_t start = out.size();
  const QMask reads = ev.reads[static_cast<size_t>(r)];
  AnswerList(ev, reads, out, start);
  const Context& c = ev.ctx;
  const bool uses_history =
      r == Rule::kRepeatedHistory || r == Rule::kStalkingActsHistory ||
      r == Rule::kFearTwiceHistory ||
      (IsRiskRule(r) && (reads & QBit(CoreQuestion::kBehaviours)) && c.history_behaviours != 0);
  if (uses_history && c.linked > 0) {
    if (out.size() > start) out += "; ";
    out += "linked incidents: ";
    bool first = true;
    for (const auto& h : c.answers->history) {
      if (!h.same_suspect || !h.same_victim) continue;
      out += first ? "" : ", ";
      out += h.incident;
      first = false;
    }
  }
  if (r == Rule::kStalkingActsChecklist || r == Rule::kStalkingActsHistory) {
    const uint32_t mask =
        (r == Rule::kStalkingActsChecklist ? c.behaviours : c.history_behaviours) &
        c.screener->resolved().stalking_acts;
    if (mask != 0) {
      out += "; acts associated with stalking: ";
      const auto all = domain::Behaviours();
      bool first = true;
      for (size_t i = 0; i < all.size(); ++i) {
        if (!(mask >> i & 1)) continue;
        out += first ? "" : ", ";
        out += all[i].code;
        first = false;
      }
    }
  }
  if (r == Rule::kRepeatedHistory || r == Rule::kRepeatedOccasions) {
    if (c.total_occasions >= 0) {
      if (out.size() > start) out += "; ";
      out += "occasions in all: ";
      out += std::to_string(c.total_occasions);
    }
  }
}

}  // namespace

Reason MakeReason(const Evaluation& ev, Rule r) {
  const auto i = static_cast<size_t>(r);
  const Conclusion& c = ev.rules[i];
  // Built in a reused per-thread buffer, then copied once at its exact size:
  // one right-sized allocation per reason, and equal-sized blocks do not pile
  // up in one allocator bin.
  thread_local std::string text;
  text.clear();
  if (ev.ctx.disabled & Bit(r)) {
    text = "Switched off by a supervisor's override: ";
    text += Info(r).description;
  } else if (c.value == Tri::kNo) {
    text = kNoText[i];
  } else if (c.value == Tri::kYes) {
    text = Info(r).description;
  } else {
    text = "Not settled: ";
    text += Info(r).description;
  }
  const size_t before = text.size();
  text += " (";
  Evidence(ev, r, text);
  if (text.size() == before + 2) {
    text.resize(before);
  } else {
    text += ")";
  }
  Reason reason;
  reason.rule_id = Symbol::Static(Info(r).id);
  reason.text = text;
  reason.questions = QuestionIds(*ev.ctx.screener, ev.reads[i]);
  return reason;
}

std::vector<Reason> MakeReasons(const Evaluation& ev, RuleMask rules) {
  std::vector<Reason> out;
  out.reserve(__builtin_popcountll(rules) + 4);
  for (RuleMask m = rules; m != 0; m &= m - 1) {
    out.push_back(MakeReason(ev, static_cast<Rule>(__builtin_ctzll(m))));
  }
  return out;
}

}  // namespace threadline::screening::internal
