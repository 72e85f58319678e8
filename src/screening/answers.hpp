#pragma once
// Answers to a questionnaire, parsed and validated once so the classifier
// reads them by index without touching JSON.
//
// Input format (what the API and the CLI accept):
//   {"questionnaire_version": "v1",
//    "answers": {"four_fixated": "yes", "occasions": 4, "behaviours": ["following"], ...},
//    "history": [ {"incident": "INC-1", "occurred_on": "2026-01-03",
//                  "recorded_as": "harassment_s2", "crime_reference": "CR/1/26",
//                  "crime_status": "open", "same_suspect": true, "same_victim": true,
//                  "behaviours": ["contacting"], "fear_of_violence": false}, ... ]}
//
// Contract: ParseAnswers returns either answers that satisfy the
// questionnaire (known ids, right types, options that exist, integers in
// range, every required question answered) or a kInvalidArgument Error with
// one FieldError per bad field ("answers/fear_of_violence",
// "history/0/recorded_as", "questionnaire_version"). Nothing else happens on
// failure.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "screening/questionnaire.hpp"
#include "screening/tri.hpp"

namespace threadline::screening {

struct AnswerValue {
  enum class Kind : uint8_t { kUnanswered, kTri, kChoice, kMulti, kInteger, kText };
  Kind kind = Kind::kUnanswered;
  Tri tri = Tri::kUnknown;  // kTri
  int choice = -1;          // kChoice: option index
  uint64_t bits = 0;        // kMulti: bit i = option i ticked (empty = "none of these")
  int64_t integer = 0;      // kInteger
  std::string text;         // kText

  static AnswerValue Of(Tri t);
  static AnswerValue Choice(int option);
  static AnswerValue Multi(uint64_t bits);
  static AnswerValue Integer(int64_t v);
  static AnswerValue Text(std::string v);
  bool answered() const { return kind != Kind::kUnanswered; }
  bool operator==(const AnswerValue&) const = default;
};

enum class CrimeStatus : uint8_t { kNone, kOpen, kClosed, kCharged, kCautioned };
std::string_view CrimeStatusName(CrimeStatus s);

// An earlier incident linked to this course of conduct (by the linkage engine
// or the officer).
struct HistoryIncident {
  std::string incident;         // the force's incident reference
  std::string occurred_on;      // YYYY-MM-DD, may be empty
  std::string recorded_as;      // a domain RecordedAsCodes() code
  std::string crime_reference;  // empty when no crime was recorded
  CrimeStatus crime_status = CrimeStatus::kNone;
  bool same_suspect = true;
  bool same_victim = true;
  uint32_t behaviours = 0;  // bit i = domain::Behaviours()[i]
  Tri fear_of_violence = Tri::kUnknown;
};

struct Answers {
  std::string questionnaire_version;
  std::vector<AnswerValue> values;  // one per question, by questionnaire index
  std::vector<HistoryIncident> history;
};

// Empty answers (every question unanswered) for `qn`.
Answers EmptyAnswers(const Questionnaire& qn);

// Parses and validates the input format above against `qn`.
Result<Answers> ParseAnswers(const Questionnaire& qn, std::string_view json);

// Validates one answer value in JSON form for question `index`; on success
// stores it in `out`. Used by ParseAnswers and by override parsing.
bool ParseAnswerValue(const Questionnaire& qn, int index, const boost::json::value& v,
                      const std::string& field, AnswerValue& out, std::vector<FieldError>& errors);

// The answer in its JSON form (inverse of ParseAnswerValue).
boost::json::value AnswerToJson(const Question& q, const AnswerValue& v);
// The answer in plain words ("yes", "following, loitering", "4").
std::string AnswerToText(const Question& q, const AnswerValue& v);
// Appends AnswerToText(q, v) to `out` without a temporary string.
void AppendAnswerText(const Question& q, const AnswerValue& v, std::string& out);

// Bit mask of domain::Behaviours() codes, e.g. for building history in code.
uint32_t BehaviourMask(std::initializer_list<std::string_view> codes);
// The input format for `answers` (round-trips through ParseAnswers).
boost::json::value AnswersToJson(const Questionnaire& qn, const Answers& answers);

}  // namespace threadline::screening
