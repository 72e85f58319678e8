#include "screening/screener.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "domain/vocabulary.hpp"
#include "screening/evaluation.hpp"
#include "screening/json_util.hpp"

namespace threadline::screening {
namespace {

namespace json = boost::json;
using internal::Evaluation;
using internal::Offence;

// Ranks within the harassment/stalking family: a settled offence covers the
// open questions of any lower-ranked one.
int FamilyRank(Offence o) {
  switch (o) {
    case internal::kHarassmentS2:
      return 0;
    case internal::kHarassmentS4:
      return 1;
    case internal::kStalkingS2a:
      return 2;
    case internal::kStalkingS4a:
      return 3;
    default:
      return -1;
  }
}

Classification MakeClassification(const Screener::Resolved& res, int index) {
  const auto& t = res.classifications[index];
  return {t.code, t.ho_class, t.label, t.legislation, false, {}};
}

// Interns the texts a result names, so Classify only copies Symbols.
void ResolveTexts(const Questionnaire& qn, const RulesConfig& cfg, Screener::Resolved& r) {
  for (size_t i = 0; i < kCoreQuestionCount; ++i) {
    const auto q = static_cast<CoreQuestion>(i);
    r.core_ids[i] = Symbol::Intern(qn.Core(q).id);
    r.core_in_order[i] = q;
  }
  std::stable_sort(r.core_in_order.begin(), r.core_in_order.end(),
                   [&](CoreQuestion a, CoreQuestion b) { return qn.Index(a) < qn.Index(b); });
  for (size_t rank = 0; rank < kCoreQuestionCount; ++rank) {
    r.core_rank[static_cast<size_t>(r.core_in_order[rank])] = static_cast<uint8_t>(rank);
  }
  for (size_t i = 0; i < kClassificationCodes.size(); ++i) {
    const ClassificationDef& d = cfg.Classification(kClassificationCodes[i]);
    auto& t = r.classifications[i];
    t.code = Symbol::Static(kClassificationCodes[i]);
    t.ho_class = Symbol::Intern(d.ho_class);
    t.label = Symbol::Intern(d.label);
    t.legislation = Symbol::Intern(d.legislation);
    t.seriousness = cfg.Seriousness(d.code);
    const bool offence = t.seriousness < static_cast<int>(cfg.seriousness_order.size());
    t.with_class = offence ? Symbol::Intern(d.code + " (" + d.ho_class + ")") : t.code;
    t.record_why = Symbol::Intern("A notifiable offence is established: " + d.code + ".");
  }
  for (size_t i = 0; i < kActionCodes.size(); ++i) {
    r.action_texts[i] = Symbol::Intern(cfg.Action(kActionCodes[i]).text);
  }
}

Status Resolve(const Questionnaire& qn, const RulesConfig& cfg, Screener::Resolved& r) {
  std::vector<FieldError> errors;
  const Question& behaviours = qn.Core(CoreQuestion::kBehaviours);
  const auto all = domain::Behaviours();
  for (size_t i = 0; i < behaviours.options.size(); ++i) {
    const auto* b = domain::FindBehaviour(behaviours.options[i].value);
    if (b == nullptr) {
      errors.push_back({"behaviours/options/" + std::to_string(i), "is not a behaviour code"});
    } else {
      r.behaviour_option_to_domain[i] = uint32_t{1} << (b - all.data());
    }
  }
  for (const auto& b : all) {
    if (b.s2a_act && behaviours.OptionIndex(b.code) < 0) {
      errors.push_back(
          {"behaviours/options", "must offer the s2A act '" + std::string(b.code) + "'"});
    }
  }
  for (const auto& code : cfg.stalking_associated_behaviours) {
    r.stalking_acts |= BehaviourMask({code});
  }
  const Question& rel = qn.Core(CoreQuestion::kRelationship);
  for (const auto& v : cfg.personal_connection) {
    const int i = rel.OptionIndex(v);
    if (i < 0)
      errors.push_back({"personal_connection", "'" + v + "' is not a relationship option"});
    else
      r.personal_connection |= uint64_t{1} << i;
  }
  r.colleague = rel.OptionIndex("colleague");
  const Question& judgement = qn.Core(CoreQuestion::kOfficerRiskJudgement);
  r.judgement_medium = judgement.OptionIndex("medium");
  r.judgement_high = judgement.OptionIndex("high");
  if (r.judgement_medium < 0 || r.judgement_high < 0) {
    errors.push_back({"officer_risk_judgement", "needs options 'medium' and 'high'"});
  }
  if (!errors.empty()) return InvalidArgument("questionnaire and rules do not fit", errors);
  ResolveTexts(qn, cfg, r);
  return Status::Ok();
}

}  // namespace

Screener::Screener(Questionnaire qn, RulesConfig config)
    : questionnaire_(std::move(qn)), config_(std::move(config)) {}

Result<Screener> Screener::FromJson(std::string_view questionnaire_json,
                                    std::string_view rules_json) {
  auto qn = Questionnaire::FromJson(questionnaire_json);
  if (!qn.ok()) return qn.error();
  auto cfg = RulesConfig::FromJson(rules_json);
  if (!cfg.ok()) return cfg.error();
  Screener s(std::move(qn).value(), std::move(cfg).value());
  if (Status st = Resolve(s.questionnaire_, s.config_, s.resolved_); !st.ok()) return st.error();
  return s;
}

Result<Screener> Screener::Load(const refdata::RefData& data, std::string_view version) {
  const std::string qpath = "screening/questionnaire-" + std::string(version) + ".json";
  const auto qtext = data.Read(qpath);
  if (!qtext) return NotFound("no questionnaire " + std::string(version));
  const auto rtext = data.Read("screening/rules-v1.json");
  if (!rtext) return NotFound("no screening rules");
  return FromJson(*qtext, *rtext);
}

Result<Answers> Screener::ParseAnswers(std::string_view json) const {
  return screening::ParseAnswers(questionnaire_, json);
}

Result<Overrides> Screener::ParseOverrides(std::string_view text) const {
  std::vector<FieldError> errors;
  const json::value root = internal::ParseJson(text, "body", errors);
  if (!root.is_object()) {
    if (errors.empty()) errors.push_back({"body", "must be a JSON object"});
    return InvalidArgument("the overrides are not valid", std::move(errors));
  }
  Overrides out;
  const auto& obj = root.get_object();
  for (const auto& [key, value] : obj) {
    if (key != "answers" && key != "disabled_rules" && key != "note") {
      errors.push_back({std::string(key), "is not a known field"});
    }
  }
  if (const json::value* av = obj.if_contains("answers")) {
    if (!av->is_object()) errors.push_back({"answers", "must be an object"});
    for (const auto& [key, value] : av->is_object() ? av->get_object() : json::object{}) {
      const std::string field = "answers/" + std::string(key);
      const int idx = questionnaire_.Find(key);
      AnswerValue v;
      if (idx < 0) {
        errors.push_back({field, "is not a question in questionnaire " + questionnaire_.version()});
      } else if (ParseAnswerValue(questionnaire_, idx, value, field, v, errors)) {
        out.answers.emplace_back(idx, std::move(v));
      }
    }
  }
  for (const auto& id : internal::GetStringArray(obj, "disabled_rules", "disabled_rules", errors)) {
    if (auto r = FindRule(id))
      out.disabled_rules.push_back(*r);
    else
      errors.push_back({"disabled_rules", "'" + id + "' is not a rule id"});
  }
  out.note = internal::GetString(obj, "note", "note", false, errors);
  if (!errors.empty()) return InvalidArgument("the overrides are not valid", std::move(errors));
  return out;
}

ScreeningResult Screener::Classify(const Answers& answers) const {
  return ClassifyImpl(answers, 0, {});
}

ScreeningResult Screener::Classify(const Answers& answers, const Overrides& overrides) const {
  if (overrides.empty()) return ClassifyImpl(answers, 0, {});
  Answers changed = answers;
  std::vector<std::string> text;
  for (const auto& [idx, value] : overrides.answers) {
    const Question& q = questionnaire_.questions()[idx];
    text.push_back("answers/" + q.id + " changed from " + AnswerToText(q, answers.values[idx]) +
                   " to " + AnswerToText(q, value));
    changed.values[idx] = value;
  }
  RuleMask disabled = 0;
  for (Rule r : overrides.disabled_rules) {
    disabled |= Bit(r);
    text.push_back("rule " + std::string(Info(r).id) + " switched off");
  }
  if (!overrides.note.empty()) text.push_back("note: " + overrides.note);
  return ClassifyImpl(changed, disabled, std::move(text));
}

ScreeningResult Screener::ClassifyImpl(const Answers& answers, RuleMask disabled,
                                       std::vector<std::string> overrides_text) const {
  const Evaluation ev = internal::Evaluate(*this, answers, disabled);
  const auto& res = resolved_;
  ScreeningResult r;
  r.questionnaire_version = questionnaire_.version();
  r.rules_version = config_.version;
  r.overrides = std::move(overrides_text);
  const auto& o = ev.offences;
  r.offences.reserve(internal::kOffenceCount);
  for (int i = 0; i < internal::kOffenceCount; ++i) {
    r.offences.push_back({res.classifications[i].code, o[i].value});
  }
  auto yes = [&](Offence x) { return o[x].value == Tri::kYes; };
  auto by_seriousness = [&](Offence a, Offence b) {
    return res.classifications[a].seriousness < res.classifications[b].seriousness;
  };
  // Established offences: the most specific of the harassment/stalking
  // family, then the others, in seriousness order (stable, so ties keep
  // this order).
  std::array<Offence, internal::kOffenceCount> found;
  size_t found_count = 0;
  int family_settled = -1;
  for (Offence x : {internal::kStalkingS4a, internal::kStalkingS2a, internal::kHarassmentS4,
                    internal::kHarassmentS2}) {
    if (yes(x)) {
      family_settled = FamilyRank(x);
      found[found_count++] = x;
      break;
    }
  }
  // Open offences, and the questions that would settle them.
  std::array<Offence, internal::kOffenceCount> open_offences;
  size_t open_count = 0;
  internal::QMask open = 0;
  for (int i = 0; i < internal::kOffenceCount; ++i) {
    const auto x = static_cast<Offence>(i);
    if (FamilyRank(x) < 0 && yes(x)) found[found_count++] = x;
    if (o[x].value != Tri::kUnknown || FamilyRank(x) < family_settled) continue;
    if (FamilyRank(x) == 1 && family_settled == 2) continue;  // s4A is the open question
    open_offences[open_count++] = x;
    open |= o[x].unknown;
  }
  std::stable_sort(found.begin(), found.begin() + found_count, by_seriousness);
  std::stable_sort(open_offences.begin(), open_offences.begin() + open_count, by_seriousness);

  r.classifications.reserve(found_count > 0 ? found_count : 1);
  for (size_t i = 0; i < found_count; ++i) {
    r.classifications.push_back(MakeClassification(res, found[i]));
    r.classifications.back().reasons = internal::MakeReasons(ev, o[found[i]].yes);
  }
  r.possible.reserve(open_count);
  for (size_t i = 0; i < open_count; ++i) {
    const Offence x = open_offences[i];
    const auto& t = res.classifications[x];
    auto questions = internal::QuestionIds(*this, o[x].unknown);
    std::string text;
    text.reserve(64 + t.label.size() + 24 * questions.size());
    text += "Could be ";
    text += t.label;
    text += " (";
    text += t.ho_class;
    text += "); answer: ";
    for (size_t q = 0; q < questions.size(); ++q) {
      if (q > 0) text += ", ";
      text += questions[q];
    }
    r.possible.push_back({t.code, t.ho_class, std::move(questions), std::move(text)});
  }
  r.settle_questions = internal::QuestionIdStrings(*this, open);
  int principal = found_count > 0 ? found[0] : -1;
  if (found_count == 0) {
    if (open_count > 0) {
      principal = internal::kNotEnoughInformation;
      r.classifications.push_back(MakeClassification(res, principal));
      auto& reasons = r.classifications.back().reasons;
      reasons.reserve(open_count);
      for (size_t i = 0; i < open_count; ++i) {
        const auto& p = r.possible[i];
        reasons.push_back({Symbol::Static(Info(internal::OffenceRule(open_offences[i])).id),
                           internal::Cat({"Not settled: ", p.text, "."}), p.questions});
      }
    } else {
      principal = internal::kNoNotifiableOffence;
      r.classifications.push_back(MakeClassification(res, principal));
      RuleMask no = 0;
      for (const auto& c : o) no |= c.no;
      r.classifications.back().reasons = internal::MakeReasons(ev, no);
    }
  }
  r.classifications.front().principal = true;
  r.risk = internal::AssessRisk(ev);
  r.counting = internal::AdviseCounting(ev, r, principal);
  r.actions = internal::ChooseActions(ev, r, principal);
  return r;
}

}  // namespace threadline::screening
