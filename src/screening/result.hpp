#pragma once
// What a screening concludes, as plain values: the classifications with
// their Home Office classes and reasons, crime-recording advice, the risk
// level and what drove it, and the immediate actions.
//
// Promises every result keeps (tested):
//   * `classifications` is never empty; the first entry is the principal and
//     the rest are included classifications, in the configured seriousness
//     order. When no offence is settled the single entry is
//     not_enough_information (with `settle_questions`) or
//     no_notifiable_offence.
//   * Every classification carries at least one reason; every reason names a
//     rule id from Rules() (or a counting/risk rule) and the questions behind it.
//   * `actions` never contains a code from kForbiddenActionCodes.
//
// Fixed texts (rule ids, codes, classes, labels, question ids, action texts)
// are Symbols: they point at static or interned text (symbol.hpp), so a
// result and every part copied out of it stay valid on their own. Text built
// for this report (reasons, counting advice, references) is std::string, as
// are settle_questions and risk.drivers, which callers take as
// std::vector<std::string>.

#include <string>
#include <string_view>
#include <vector>

#include "screening/symbol.hpp"
#include "screening/tri.hpp"

namespace threadline::screening {

enum class RiskLevel : uint8_t { kStandard = 0, kMedium = 1, kHigh = 2 };
std::string_view RiskLevelName(RiskLevel level);

struct Reason {
  Symbol rule_id;                 // e.g. "stalking_acts.checklist"
  std::string text;               // one plain-English sentence naming the answers
  std::vector<Symbol> questions;  // question ids the rule read
  bool operator==(const Reason&) const = default;
};

struct Classification {
  Symbol code;      // e.g. "stalking_s2a"
  Symbol ho_class;  // e.g. "8Q"; empty for no_notifiable_offence / not_enough_information
  Symbol label;
  Symbol legislation;
  bool principal = false;
  std::vector<Reason> reasons;
};

// An offence the answers neither establish nor rule out.
struct PossibleClassification {
  Symbol code;
  Symbol ho_class;
  std::vector<Symbol> questions;  // answering these would settle it
  std::string text;
};

// Where each of the six offences stands: established (yes), open (unknown)
// or ruled out (no). The classifications above are drawn from this.
struct OffenceStatus {
  Symbol code;
  Tri status = Tri::kUnknown;
};

struct CountingAdvice {
  Symbol rule_id;               // e.g. "counting.one_crime_per_victim"
  Symbol code;                  // record_new_crime, add_to_existing_crime, reclassify, ...
  std::string crime_reference;  // the existing crime concerned, when any
  std::string incident;         // the earlier incident concerned, when any
  Symbol from;                  // reclassify: current classification
  Symbol to;                    // reclassify / record: classification to use
  std::string text;
};

// The item's id and label point into the static rule catalogue (rules.hpp),
// so results stay cheap to build and valid for the life of the process.
struct RiskItem {
  std::string_view id;  // e.g. "very_frightened"
  std::string_view label;
  Tri answer = Tri::kUnknown;
};

struct RiskAssessment {
  RiskLevel level = RiskLevel::kStandard;
  std::vector<std::string> drivers;  // item ids (or "professional_judgement", "linked_incidents")
  std::vector<RiskItem> items;
  std::vector<Reason> reasons;
  int yes_count = 0;
  int unknown_count = 0;
};

struct Action {
  Symbol code;
  Symbol text;  // from the rules data
  Symbol why;   // a fixed sentence (the engine's finite set)
};

struct ScreeningResult {
  std::string questionnaire_version;
  std::string rules_version;
  std::vector<Classification> classifications;
  std::vector<PossibleClassification> possible;
  std::vector<OffenceStatus> offences;        // all six, engine order
  std::vector<std::string> settle_questions;  // union of possible[].questions, questionnaire order
  std::vector<CountingAdvice> counting;
  RiskAssessment risk;
  std::vector<Action> actions;
  std::vector<std::string> overrides;  // what a supervisor's overrides changed, in words

  const Classification& principal() const { return classifications.front(); }
  bool Has(std::string_view code) const;
  const Classification* Find(std::string_view code) const;
};

// What changed between two screenings of the same course of conduct.
struct Change {
  std::string kind;     // principal, classification_added, classification_removed, risk_level,
                        // risk_driver_added, risk_driver_removed, reason_added, reason_removed,
                        // possible_added, possible_removed, counting
  std::string subject;  // classification code, risk item or rule id concerned
  std::string from;
  std::string to;
  std::string text;
};

struct ResultDiff {
  std::vector<Change> changes;
  bool empty() const { return changes.empty(); }
  bool HasKind(std::string_view kind) const;
};

// Compares two results. Pure; order: principal, classifications, reasons,
// possible, risk, counting.
ResultDiff Diff(const ScreeningResult& before, const ScreeningResult& after);

}  // namespace threadline::screening
