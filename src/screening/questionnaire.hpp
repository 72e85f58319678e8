#pragma once
// The screening questionnaire: versioned data (data/screening/questionnaire-*.json),
// loaded and validated once, then read by index on the hot path.
//
// Contract:
//   * Questionnaire::FromJson either returns a fully validated questionnaire or
//     a kInvalidArgument Error with one FieldError per problem; it never
//     returns a half-checked object.
//   * Question ids are unique; each choice question has at least one option
//     with unique values; a multi-choice question has at most 64 options (its
//     answer is a bit set); integer questions have min <= max.
//   * Every question the classifier reads (CoreQuestion) is present with the
//     expected type, so the engine never looks a question up by name while
//     classifying. A force may add questions of its own; the engine keeps
//     their answers but draws no conclusion from them.
//   * Immutable after load, so safe to share between threads.

#include <array>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace threadline::screening {

enum class QuestionType : uint8_t { kYesNoUnknown, kSingleChoice, kMultiChoice, kInteger, kText };
std::string_view QuestionTypeName(QuestionType type);

struct Option {
  std::string value;
  std::string label;
};

// Show a question or section only when another question has one of the values.
struct ShowIf {
  std::string question;
  std::vector<std::string> any_of;
};

struct Question {
  std::string id;
  std::string text;
  std::string help;
  std::string section;  // id of the section it belongs to
  QuestionType type = QuestionType::kText;
  bool required = false;
  std::vector<Option> options;  // choice types; yes/no/unknown may relabel its three
  int64_t min = 0;              // integer only
  int64_t max = 0;              // integer only
  size_t max_length = 2000;     // text only
  std::optional<ShowIf> show_if;

  // Index of the option with `value`, or -1.
  int OptionIndex(std::string_view value) const;
};

struct Section {
  std::string id;
  std::string title;
  std::string help;
  std::optional<ShowIf> show_if;
  std::vector<int> questions;  // indexes into Questionnaire::questions()
};

// The questions the classifier reads. The order is the engine's, not the file's.
enum class CoreQuestion : uint8_t {
  kFourFixated,
  kFourObsessive,
  kFourUnwanted,
  kFourRepeated,
  kRelationship,
  kOccasions,
  kPeriodDays,
  kBehaviours,
  kAlarmDistress,
  kFearOfViolence,
  kFearOccasions,
  kSeriousAlarm,
  kDailyLifeChanges,
  kThreatsPhysical,
  kThreatsSexual,
  kThreatsToKill,
  kViolenceThisEpisode,
  kWeapon,
  kCoerciveIndicators,
  kSingleCommunication,
  kCommunicationNature,
  kRiskVeryFrightened,
  kRiskPreviousStalking,
  kRiskPropertyDamaged,
  kRiskVisitsFrequent,
  kRiskLoiteringHomeWork,
  kRiskHarassingThirdParties,
  kRiskOthersRecruited,
  kRiskDrugsAlcoholMentalHealth,
  kRiskHistoryViolence,
  kRiskEscalation,
  kOfficerRiskJudgement,
  kCount,
};
constexpr size_t kCoreQuestionCount = static_cast<size_t>(CoreQuestion::kCount);

// The question id the engine expects for `q` (e.g. "fear_of_violence").
std::string_view CoreQuestionId(CoreQuestion q);

class Questionnaire {
 public:
  // Parses and validates questionnaire JSON (see data/screening/questionnaire-v1.json).
  static Result<Questionnaire> FromJson(std::string_view text);

  const std::string& id() const { return id_; }
  const std::string& version() const { return version_; }
  const std::string& title() const { return title_; }
  std::span<const Question> questions() const { return questions_; }
  std::span<const Section> sections() const { return sections_; }

  // Index of the question with `id`, or -1.
  int Find(std::string_view id) const;
  // Index of a core question (always present after a successful load).
  int Index(CoreQuestion q) const { return core_[static_cast<size_t>(q)]; }
  const Question& Core(CoreQuestion q) const { return questions_[Index(q)]; }

  // The questionnaire as JSON for a UI to render: the same shape as the data
  // file, with yes/no/unknown options spelled out.
  boost::json::value ToJson() const;

 private:
  std::string id_;
  std::string version_;
  std::string title_;
  std::string description_;
  std::vector<Question> questions_;
  std::vector<Section> sections_;
  std::array<int, kCoreQuestionCount> core_{};
};

}  // namespace threadline::screening
