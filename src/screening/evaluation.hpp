#pragma once
// Internal to the screening module: the classifier's working state, shared by
// classifier.cpp (offences), risk.cpp, counting.cpp and actions.cpp.
// Everything here is bit masks and small integers so a screening allocates
// only for the text of the result it returns; fixed texts are Symbols
// resolved at load (Screener::Resolved).

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "screening/rules.hpp"
#include "screening/screener.hpp"
#include "screening/tri.hpp"

namespace threadline::screening::internal {

using QMask = uint64_t;  // bit per CoreQuestion
constexpr QMask QBit(CoreQuestion q) { return QMask{1} << static_cast<unsigned>(q); }
static_assert(kCoreQuestionCount <= 64);

// A three-valued conclusion and what supports it: the rules that made it yes
// or no, and the questions whose unknown answers leave it open.
struct Conclusion {
  Tri value = Tri::kUnknown;
  RuleMask yes = 0;
  RuleMask no = 0;
  QMask unknown = 0;
};
Conclusion AnyOf(std::initializer_list<Conclusion> parts);
Conclusion AllOf(std::initializer_list<Conclusion> parts);

enum Offence : uint8_t {
  kHarassmentS2,
  kHarassmentS4,
  kStalkingS2a,
  kStalkingS4a,
  kCoerciveControl,
  kMaliciousCommunications,
  kOffenceCount,
};
std::string_view OffenceCode(Offence o);

// The answers as the rules see them, history folded in.
struct Context {
  const Screener* screener = nullptr;
  const Answers* answers = nullptr;
  RuleMask disabled = 0;
  int64_t occasions = -1;        // the answer, or -1 when not answered
  int64_t total_occasions = -1;  // max(answer, linked + 1) when either is known
  int linked = 0;                // earlier incidents with the same suspect and victim
  uint32_t behaviours = 0;       // domain behaviour mask ticked in this report
  bool behaviours_answered = false;
  uint32_t history_behaviours = 0;  // union over linked incidents
  int history_fear = 0;             // linked incidents where the victim feared violence

  const AnswerValue& Value(CoreQuestion q) const;
  Tri TriOf(CoreQuestion q) const;  // unanswered reads as unknown
  uint32_t AllBehaviours() const { return behaviours | history_behaviours; }
};
Context MakeContext(const Screener& s, const Answers& a, RuleMask disabled);

struct Evaluation {
  Context ctx;
  std::array<Conclusion, kRuleCount> rules;  // each rule on its own
  std::array<QMask, kRuleCount> reads{};     // questions each rule read
  std::array<Conclusion, kOffenceCount> offences;
  Conclusion repeated, stalking, personal_connection;
};
Evaluation Evaluate(const Screener& s, const Answers& a, RuleMask disabled);

// One plain-English sentence for rule `r` as it came out in `ev`, naming the
// answers behind it.
Reason MakeReason(const Evaluation& ev, Rule r);
std::vector<Reason> MakeReasons(const Evaluation& ev, RuleMask rules);
// Question ids in questionnaire order.
std::vector<Symbol> QuestionIds(const Screener& s, QMask mask);
std::vector<std::string> QuestionIdStrings(const Screener& s, QMask mask);

// Index into kClassificationCodes / Resolved::classifications. The six
// offences share the Offence numbering.
enum ClassificationIndex : uint8_t {
  kNoNotifiableOffence = kOffenceCount,
  kNotEnoughInformation,
};
static_assert(kClassificationCodes[kNoNotifiableOffence] == "no_notifiable_offence");
static_assert(kClassificationCodes[kNotEnoughInformation] == "not_enough_information");
static_assert(kClassificationCodes[kMaliciousCommunications] == "malicious_communications");
static_assert(kClassificationCodes[kHarassmentS2] == "harassment_s2");

// The rule that stands for offence `o` ("offence.<code>").
constexpr Rule OffenceRule(Offence o) {
  return static_cast<Rule>(static_cast<int>(Rule::kOffenceHarassmentS2) + o);
}
static_assert(OffenceRule(kMaliciousCommunications) == Rule::kOffenceMaliciousCommunications);

// The pieces joined, with one allocation.
std::string Cat(std::initializer_list<std::string_view> parts);

RiskAssessment AssessRisk(const Evaluation& ev);
// `principal`: index of r.principal() in kClassificationCodes.
std::vector<CountingAdvice> AdviseCounting(const Evaluation& ev, const ScreeningResult& r,
                                           int principal);
std::vector<Action> ChooseActions(const Evaluation& ev, const ScreeningResult& r, int principal);

}  // namespace threadline::screening::internal
