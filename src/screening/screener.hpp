#pragma once
// The screening engine: a questionnaire and its rules, loaded once, and the
// pure functions that classify answers.
//
//   auto screener = Screener::Load(refdata::FromEnvironment());   // at start
//   auto answers = screener->ParseAnswers(body);                  // per request
//   if (!answers.ok()) -> 400 with answers.error().fields
//   ScreeningResult r = screener->Classify(*answers);
//   boost::json::value out = ToJson(r);                           // render.hpp
//
// Thread safety: a Screener is immutable after Load; every const member may
// be called from many threads at once. Classify never fails on answers that
// came from ParseAnswers/ParseOverrides (or EmptyAnswers) for the same
// Screener; it does no I/O and takes no locks.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/result.hpp"
#include "refdata/refdata.hpp"
#include "screening/answers.hpp"
#include "screening/config.hpp"
#include "screening/questionnaire.hpp"
#include "screening/result.hpp"

namespace threadline::screening {

// A supervisor's disagreement with a screening: answers replaced and rules
// switched off. Applying overrides never changes the stored answers; the
// result lists what was overridden.
struct Overrides {
  std::vector<std::pair<int, AnswerValue>> answers;  // question index -> replacement answer
  std::vector<Rule> disabled_rules;
  std::string note;  // the supervisor's reason, kept with the result
  bool empty() const { return answers.empty() && disabled_rules.empty(); }
};

// An earlier screening on the same course of conduct, for Rescreen.
struct EarlierScreening {
  Answers answers;
  ScreeningResult result;
  std::string incident;         // its incident reference
  std::string crime_reference;  // the crime it was recorded on, if any
  CrimeStatus crime_status = CrimeStatus::kNone;
};

struct Rescreening {
  Answers answers;         // the whole course of conduct that was classified
  ScreeningResult result;  // the new result
  ResultDiff changes;      // from the earlier result to the new one, with reasons
};

class Screener {
 public:
  // Loads "screening/questionnaire-<version>.json" and "screening/rules-v1.json"
  // (override directory first). Errors: kNotFound when a file is missing,
  // kInvalidArgument with field errors when one does not validate.
  static Result<Screener> Load(const refdata::RefData& data, std::string_view version = "v1");
  static Result<Screener> FromJson(std::string_view questionnaire_json,
                                   std::string_view rules_json);

  const Questionnaire& questionnaire() const { return questionnaire_; }
  const RulesConfig& config() const { return config_; }

  // See answers.hpp for the format and errors.
  Result<Answers> ParseAnswers(std::string_view json) const;
  // {"answers": {"q_id": value, ...}, "disabled_rules": ["rule.id", ...], "note": "..."}
  // Unknown question or rule ids and wrong types are kInvalidArgument errors.
  Result<Overrides> ParseOverrides(std::string_view json) const;

  // Classifies `answers` (with their history) as they stand.
  ScreeningResult Classify(const Answers& answers) const;
  // Classifies with a supervisor's overrides applied on top.
  ScreeningResult Classify(const Answers& answers, const Overrides& overrides) const;

  // Re-screens a course of conduct when a new incident arrives: merges the
  // earlier answers with the latest ones (latest wins where answered;
  // behaviours accumulate), adds the earlier incident to the history, runs
  // the classifier over the whole and says what changed and why.
  Rescreening Rescreen(const EarlierScreening& earlier, const Answers& latest,
                       const Overrides& overrides = {}) const;

  // Precomputed at load so Classify never searches by name or copies text.
  struct Resolved {
    std::array<uint32_t, 64> behaviour_option_to_domain{};  // option index -> domain bit
    uint32_t stalking_acts = 0;                             // domain behaviour mask
    uint64_t personal_connection = 0;                       // relationship option mask
    int colleague = -1;                                     // relationship option index
    int judgement_medium = -1;
    int judgement_high = -1;

    // Interned question ids by CoreQuestion, and the core questions in
    // questionnaire order (results list question ids in that order).
    std::array<Symbol, kCoreQuestionCount> core_ids{};
    std::array<CoreQuestion, kCoreQuestionCount> core_in_order{};
    std::array<uint8_t, kCoreQuestionCount> core_rank{};  // inverse of core_in_order
    // One per kClassificationCodes entry (the first six in engine offence
    // order), from the rules data.
    struct ClassificationTexts {
      Symbol code;
      Symbol ho_class;
      Symbol label;
      Symbol legislation;
      Symbol with_class;    // "stalking_s2a (8Q)"; the bare code for non-offences
      Symbol record_why;    // why record_crime is advised when this is the principal
      int seriousness = 0;  // RulesConfig::Seriousness(code)
    };
    std::array<ClassificationTexts, kClassificationCodes.size()> classifications{};
    std::array<Symbol, kActionCodes.size()> action_texts{};  // by kActionCodes index
  };
  const Resolved& resolved() const { return resolved_; }

 private:
  Screener(Questionnaire qn, RulesConfig config);
  ScreeningResult ClassifyImpl(const Answers& answers, RuleMask disabled,
                               std::vector<std::string> overrides_text) const;

  Questionnaire questionnaire_;
  RulesConfig config_;
  Resolved resolved_;
};

}  // namespace threadline::screening
