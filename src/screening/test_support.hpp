#pragma once
// Test helpers for the screening suites: the shipped screener, and answer
// sets written as JSON fragments with the required FOUR/relationship answers
// defaulted to "unknown"/"stranger" unless the fragment gives them.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "refdata/refdata.hpp"
#include "screening/screener.hpp"

namespace threadline::screening::testing {

inline const Screener& Shipped() {
  static const Result<Screener> s = Screener::Load(refdata::RefData());
  if (!s.ok()) {
    for (const auto& f : s.error().fields) ADD_FAILURE() << f.field << ": " << f.message;
  }
  return s.value();
}

// `answers`: the inside of the answers object, e.g. R"("occasions": 3)".
// `history`: the inside of the history array.
inline std::string Input(std::string_view answers, std::string_view history = "") {
  auto obj = boost::json::parse("{" + std::string(answers) + "}").as_object();
  for (auto key : {"four_fixated", "four_obsessive", "four_unwanted", "four_repeated"}) {
    if (!obj.contains(key)) obj[key] = "unknown";
  }
  if (!obj.contains("relationship")) obj["relationship"] = "stranger";
  boost::json::object root{{"questionnaire_version", "v1"},
                           {"answers", obj},
                           {"history", boost::json::parse("[" + std::string(history) + "]")}};
  return boost::json::serialize(root);
}

inline Answers MustParse(std::string_view answers, std::string_view history = "") {
  auto parsed = Shipped().ParseAnswers(Input(answers, history));
  if (!parsed.ok()) {
    for (const auto& f : parsed.error().fields) ADD_FAILURE() << f.field << ": " << f.message;
    return EmptyAnswers(Shipped().questionnaire());
  }
  return std::move(parsed).value();
}

inline ScreeningResult Screen(std::string_view answers, std::string_view history = "") {
  return Shipped().Classify(MustParse(answers, history));
}

inline std::vector<std::string> Codes(const ScreeningResult& r) {
  std::vector<std::string> out;
  for (const auto& c : r.classifications) out.push_back(c.code);
  return out;
}

inline bool HasAction(const ScreeningResult& r, std::string_view code) {
  for (const auto& a : r.actions) {
    if (a.code == code) return true;
  }
  return false;
}

inline bool HasCounting(const ScreeningResult& r, std::string_view code) {
  for (const auto& c : r.counting) {
    if (c.code == code) return true;
  }
  return false;
}

}  // namespace threadline::screening::testing
