#include "screening/evaluation.hpp"

#include <algorithm>

#include "domain/vocabulary.hpp"

namespace threadline::screening::internal {
namespace {

using Q = CoreQuestion;

constexpr std::array<std::string_view, kOffenceCount> kOffenceCodes = {
    "harassment_s2", "harassment_s4",    "stalking_s2a",
    "stalking_s4a",  "coercive_control", "malicious_communications"};

Tri Or(Tri a, Tri b) { return std::max(a, b); }
Tri And(Tri a, Tri b) { return std::min(a, b); }
Tri Not(Tri a) { return static_cast<Tri>(2 - static_cast<int>(a)); }

// A multi-choice answer: ticked something = yes, empty list = no, unanswered = unknown.
Tri AnyTicked(const AnswerValue& v) {
  if (!v.answered()) return Tri::kUnknown;
  return FromBool(v.bits != 0);
}

// Evidence that can only support: yes stays yes, anything else counts as not shown.
Tri Supports(Tri t) { return t == Tri::kYes ? Tri::kYes : Tri::kNo; }

class RuleSetter {
 public:
  explicit RuleSetter(Evaluation& ev) : ev_(ev) {}
  // Records rule `r` with value `v`; `reads` are the questions behind it and
  // `open` the ones that leave it unknown.
  void operator()(Rule r, Tri v, QMask reads, QMask open) {
    const auto i = static_cast<size_t>(r);
    ev_.reads[i] = reads;
    if (ev_.ctx.disabled & Bit(r)) v = Tri::kNo;
    Conclusion c;
    c.value = v;
    if (v == Tri::kYes) c.yes = Bit(r);
    if (v == Tri::kNo) c.no = Bit(r);
    if (v == Tri::kUnknown) c.unknown = open;
    ev_.rules[i] = c;
  }

 private:
  Evaluation& ev_;
};

void EvaluateCourseOfConduct(Evaluation& ev, RuleSetter& set) {
  const Context& c = ev.ctx;
  const Tri occ = c.occasions < 0 ? Tri::kUnknown : FromBool(c.occasions >= 2);
  set(Rule::kRepeatedOccasions, occ, QBit(Q::kOccasions), QBit(Q::kOccasions));
  set(Rule::kRepeatedFourGate, c.TriOf(Q::kFourRepeated), QBit(Q::kFourRepeated),
      QBit(Q::kFourRepeated));
  set(Rule::kRepeatedHistory, FromBool(c.linked > 0), 0, 0);
  set(Rule::kUnwantedFourGate, c.TriOf(Q::kFourUnwanted), QBit(Q::kFourUnwanted),
      QBit(Q::kFourUnwanted));
  set(Rule::kAlarmReported, c.TriOf(Q::kAlarmDistress), QBit(Q::kAlarmDistress),
      QBit(Q::kAlarmDistress));
  set(Rule::kAlarmSerious, Supports(c.TriOf(Q::kSeriousAlarm)), QBit(Q::kSeriousAlarm), 0);
  set(Rule::kAlarmFear, Supports(c.TriOf(Q::kFearOfViolence)), QBit(Q::kFearOfViolence), 0);
  set(Rule::kAlarmVeryFrightened, Supports(c.TriOf(Q::kRiskVeryFrightened)),
      QBit(Q::kRiskVeryFrightened), 0);
  set(Rule::kFixationFixated, c.TriOf(Q::kFourFixated), QBit(Q::kFourFixated),
      QBit(Q::kFourFixated));
  set(Rule::kFixationObsessive, c.TriOf(Q::kFourObsessive), QBit(Q::kFourObsessive),
      QBit(Q::kFourObsessive));
  const uint32_t acts = c.screener->resolved().stalking_acts;
  const Tri checklist = c.behaviours_answered ? FromBool(c.behaviours & acts) : Tri::kUnknown;
  set(Rule::kStalkingActsChecklist, checklist, QBit(Q::kBehaviours), QBit(Q::kBehaviours));
  set(Rule::kStalkingActsHistory, FromBool(c.history_behaviours & acts), 0, 0);
}

void EvaluateEffect(Evaluation& ev, RuleSetter& set) {
  const Context& c = ev.ctx;
  const Tri fear = c.TriOf(Q::kFearOfViolence);
  const AnswerValue& fear_occ = c.Value(Q::kFearOccasions);
  Tri twice = fear;
  QMask open = QBit(Q::kFearOfViolence);
  if (fear == Tri::kYes) {
    if (fear_occ.answered()) {
      twice = FromBool(fear_occ.integer >= 2);
    } else if (c.total_occasions >= 0 && c.total_occasions <= 1) {
      twice = Tri::kNo;  // one occasion in all cannot hold two fears
    } else {
      twice = Tri::kUnknown;
      open = QBit(Q::kFearOccasions);
    }
  }
  set(Rule::kFearTwiceAnswers, twice, QBit(Q::kFearOfViolence) | QBit(Q::kFearOccasions), open);
  const int fears = c.history_fear + (fear == Tri::kYes ? 1 : 0);
  set(Rule::kFearTwiceHistory, FromBool(c.linked > 0 && fears >= 2), QBit(Q::kFearOfViolence), 0);
  const Tri serious = c.TriOf(Q::kSeriousAlarm);
  const Tri changed = AnyTicked(c.Value(Q::kDailyLifeChanges));
  QMask effect_open = 0;
  if (serious == Tri::kUnknown) effect_open |= QBit(Q::kSeriousAlarm);
  if (changed == Tri::kUnknown) effect_open |= QBit(Q::kDailyLifeChanges);
  set(Rule::kSeriousEffectDailyLife, And(serious, changed),
      QBit(Q::kSeriousAlarm) | QBit(Q::kDailyLifeChanges), effect_open);
}

void EvaluateConnectionAndCommunication(Evaluation& ev, RuleSetter& set) {
  const Context& c = ev.ctx;
  const auto& res = c.screener->resolved();
  const AnswerValue& rel = c.Value(Q::kRelationship);
  Tri connected = Tri::kUnknown;
  if (rel.answered()) {
    const bool online_only =
        c.screener->questionnaire().Core(Q::kRelationship).options[rel.choice].value ==
        "unknown_online";
    connected = online_only ? Tri::kUnknown : FromBool(res.personal_connection >> rel.choice & 1);
  }
  set(Rule::kConnectionRelationship, connected, QBit(Q::kRelationship), QBit(Q::kRelationship));
  set(Rule::kCoerciveIndicators, AnyTicked(c.Value(Q::kCoerciveIndicators)),
      QBit(Q::kCoerciveIndicators), QBit(Q::kCoerciveIndicators));
  set(Rule::kSingleCommunication, c.TriOf(Q::kSingleCommunication), QBit(Q::kSingleCommunication),
      QBit(Q::kSingleCommunication));
  set(Rule::kSingleNotCourseOfConduct, Not(ev.repeated.value),
      QBit(Q::kOccasions) | QBit(Q::kFourRepeated), ev.repeated.unknown);
  set(Rule::kCommunicationNature, AnyTicked(c.Value(Q::kCommunicationNature)),
      QBit(Q::kCommunicationNature), QBit(Q::kCommunicationNature));
}

void EvaluateOffences(Evaluation& ev, RuleSetter& set) {
  for (Rule r : {Rule::kOffenceHarassmentS2, Rule::kOffenceHarassmentS4, Rule::kOffenceStalkingS2a,
                 Rule::kOffenceStalkingS4a, Rule::kOffenceCoerciveControl,
                 Rule::kOffenceMaliciousCommunications}) {
    set(r, Tri::kYes, 0, 0);
  }
  auto R = [&](Rule r) { return ev.rules[static_cast<size_t>(r)]; };
  const Conclusion unwanted = R(Rule::kUnwantedFourGate);
  const Conclusion alarm = AnyOf({R(Rule::kAlarmReported), R(Rule::kAlarmSerious),
                                  R(Rule::kAlarmFear), R(Rule::kAlarmVeryFrightened)});
  const Conclusion fixation = AnyOf({R(Rule::kFixationFixated), R(Rule::kFixationObsessive)});
  const Conclusion acts = AnyOf({R(Rule::kStalkingActsChecklist), R(Rule::kStalkingActsHistory)});
  const Conclusion fear_twice = AnyOf({R(Rule::kFearTwiceAnswers), R(Rule::kFearTwiceHistory)});
  const Conclusion serious_effect = AnyOf({fear_twice, R(Rule::kSeriousEffectDailyLife)});
  const Conclusion& rep = ev.repeated;
  auto& o = ev.offences;
  o[kHarassmentS2] = AllOf({rep, unwanted, alarm, R(Rule::kOffenceHarassmentS2)});
  o[kHarassmentS4] = AllOf({rep, unwanted, fear_twice, R(Rule::kOffenceHarassmentS4)});
  o[kStalkingS2a] = AllOf({rep, unwanted, alarm, acts, fixation, R(Rule::kOffenceStalkingS2a)});
  o[kStalkingS4a] = AllOf({o[kStalkingS2a], serious_effect, R(Rule::kOffenceStalkingS4a)});
  ev.personal_connection = R(Rule::kConnectionRelationship);
  o[kCoerciveControl] = AllOf({ev.personal_connection, R(Rule::kCoerciveIndicators), rep,
                               serious_effect, R(Rule::kOffenceCoerciveControl)});
  o[kMaliciousCommunications] =
      AllOf({R(Rule::kSingleCommunication), R(Rule::kSingleNotCourseOfConduct),
             R(Rule::kCommunicationNature), R(Rule::kOffenceMaliciousCommunications)});
  ev.stalking = AnyOf({o[kStalkingS2a], o[kStalkingS4a]});
}

// Behaviour masks the risk items read, resolved once.
struct RiskBehaviours {
  uint32_t property = BehaviourMask({"property_damage"});
  uint32_t threats = BehaviourMask({"threats", "sexual_threats"});
  uint32_t third_parties = BehaviourMask({"contacting_third_parties"});
  uint32_t violence = BehaviourMask({"violence"});
  uint32_t recruited = BehaviourMask({"third_parties_recruited"});
};

void EvaluateRiskItems(Evaluation& ev, RuleSetter& set) {
  static const RiskBehaviours kB;
  const Context& c = ev.ctx;
  const uint32_t seen = c.AllBehaviours();
  auto plain = [&](Rule r, Q q) { set(r, c.TriOf(q), QBit(q), QBit(q)); };
  // A ticked behaviour settles the item; its absence says nothing.
  auto or_behaviour = [&](Rule r, Q q, uint32_t mask) {
    set(r, Or(c.TriOf(q), FromBool(seen & mask)), QBit(q) | QBit(Q::kBehaviours), QBit(q));
  };
  plain(Rule::kRiskVeryFrightened, Q::kRiskVeryFrightened);
  plain(Rule::kRiskPreviousStalking, Q::kRiskPreviousStalking);
  or_behaviour(Rule::kRiskPropertyDamaged, Q::kRiskPropertyDamaged, kB.property);
  plain(Rule::kRiskVisitsFrequent, Q::kRiskVisitsFrequent);
  plain(Rule::kRiskLoiteringHomeWork, Q::kRiskLoiteringHomeWork);
  const Tri threats = Or(Or(c.TriOf(Q::kThreatsPhysical), c.TriOf(Q::kThreatsSexual)),
                         Or(c.TriOf(Q::kThreatsToKill), FromBool(seen & kB.threats)));
  const QMask threat_qs =
      QBit(Q::kThreatsPhysical) | QBit(Q::kThreatsSexual) | QBit(Q::kThreatsToKill);
  set(Rule::kRiskThreatsViolence, threats, threat_qs | QBit(Q::kBehaviours), threat_qs);
  or_behaviour(Rule::kRiskHarassingThirdParties, Q::kRiskHarassingThirdParties, kB.third_parties);
  or_behaviour(Rule::kRiskViolenceThisEpisode, Q::kViolenceThisEpisode, kB.violence);
  or_behaviour(Rule::kRiskOthersRecruited, Q::kRiskOthersRecruited, kB.recruited);
  plain(Rule::kRiskDrugsAlcoholMentalHealth, Q::kRiskDrugsAlcoholMentalHealth);
  plain(Rule::kRiskHistoryViolence, Q::kRiskHistoryViolence);
  plain(Rule::kRiskEscalation, Q::kRiskEscalation);
  plain(Rule::kRiskThreatsToKill, Q::kThreatsToKill);
  plain(Rule::kRiskWeapon, Q::kWeapon);
}

}  // namespace

std::string_view OffenceCode(Offence o) { return kOffenceCodes[o]; }

Conclusion AnyOf(std::initializer_list<Conclusion> parts) {
  Conclusion out;
  bool any_yes = false;
  bool any_unknown = false;
  for (const auto& p : parts) {
    if (p.value == Tri::kYes) any_yes = true, out.yes |= p.yes;
    if (p.value == Tri::kUnknown) any_unknown = true, out.unknown |= p.unknown;
    if (p.value == Tri::kNo) out.no |= p.no;
  }
  out.value = any_yes ? Tri::kYes : (any_unknown ? Tri::kUnknown : Tri::kNo);
  if (any_yes) out.no = 0, out.unknown = 0;
  return out;
}

Conclusion AllOf(std::initializer_list<Conclusion> parts) {
  Conclusion out;
  bool any_no = false;
  bool any_unknown = false;
  for (const auto& p : parts) {
    if (p.value == Tri::kYes) out.yes |= p.yes;
    if (p.value == Tri::kUnknown) any_unknown = true, out.unknown |= p.unknown;
    if (p.value == Tri::kNo) any_no = true, out.no |= p.no;
  }
  out.value = any_no ? Tri::kNo : (any_unknown ? Tri::kUnknown : Tri::kYes);
  if (any_no) out.unknown = 0;
  return out;
}

const AnswerValue& Context::Value(CoreQuestion q) const {
  return answers->values[screener->questionnaire().Index(q)];
}

Tri Context::TriOf(CoreQuestion q) const {
  const AnswerValue& v = Value(q);
  return v.kind == AnswerValue::Kind::kTri ? v.tri : Tri::kUnknown;
}

Context MakeContext(const Screener& s, const Answers& a, RuleMask disabled) {
  assert(a.values.size() == s.questionnaire().questions().size());
  Context c;
  c.screener = &s;
  c.answers = &a;
  c.disabled = disabled;
  const AnswerValue& occ = c.Value(Q::kOccasions);
  c.occasions = occ.answered() ? occ.integer : -1;
  for (const auto& h : a.history) {
    if (!h.same_suspect || !h.same_victim) continue;
    ++c.linked;
    c.history_behaviours |= h.behaviours;
    if (h.fear_of_violence == Tri::kYes) ++c.history_fear;
  }
  c.total_occasions = c.occasions;
  if (c.linked > 0) c.total_occasions = std::max<int64_t>(c.total_occasions, c.linked + 1);
  const AnswerValue& b = c.Value(Q::kBehaviours);
  c.behaviours_answered = b.answered();
  const auto& map = s.resolved().behaviour_option_to_domain;
  for (uint64_t bits = b.bits; bits != 0; bits &= bits - 1) {
    c.behaviours |= map[__builtin_ctzll(bits)];
  }
  return c;
}

Evaluation Evaluate(const Screener& s, const Answers& a, RuleMask disabled) {
  Evaluation ev;
  ev.ctx = MakeContext(s, a, disabled);
  RuleSetter set(ev);
  EvaluateCourseOfConduct(ev, set);
  auto R = [&](Rule r) { return ev.rules[static_cast<size_t>(r)]; };
  ev.repeated =
      AnyOf({R(Rule::kRepeatedOccasions), R(Rule::kRepeatedFourGate), R(Rule::kRepeatedHistory)});
  EvaluateEffect(ev, set);
  EvaluateConnectionAndCommunication(ev, set);
  EvaluateOffences(ev, set);
  EvaluateRiskItems(ev, set);
  return ev;
}

namespace {

// `mask` with each question's bit moved to its questionnaire-order rank, so
// walking the set bits lists the questions in questionnaire order.
QMask InQuestionnaireOrder(const Screener::Resolved& res, QMask mask) {
  QMask ranked = 0;
  for (; mask != 0; mask &= mask - 1) ranked |= QMask{1} << res.core_rank[__builtin_ctzll(mask)];
  return ranked;
}

}  // namespace

std::vector<Symbol> QuestionIds(const Screener& s, QMask mask) {
  const auto& res = s.resolved();
  std::vector<Symbol> out;
  if (mask == 0) return out;
  out.reserve(__builtin_popcountll(mask));
  for (QMask m = InQuestionnaireOrder(res, mask); m != 0; m &= m - 1) {
    out.push_back(res.core_ids[static_cast<size_t>(res.core_in_order[__builtin_ctzll(m)])]);
  }
  return out;
}

std::vector<std::string> QuestionIdStrings(const Screener& s, QMask mask) {
  const auto& res = s.resolved();
  std::vector<std::string> out;
  if (mask == 0) return out;
  out.reserve(__builtin_popcountll(mask));
  for (QMask m = InQuestionnaireOrder(res, mask); m != 0; m &= m - 1) {
    out.emplace_back(res.core_ids[static_cast<size_t>(res.core_in_order[__builtin_ctzll(m)])]);
  }
  return out;
}

std::string Cat(std::initializer_list<std::string_view> parts) {
  size_t n = 0;
  for (auto p : parts) n += p.size();
  std::string out;
  out.reserve(n);
  for (auto p : parts) out += p;
  return out;
}

}  // namespace threadline::screening::internal
