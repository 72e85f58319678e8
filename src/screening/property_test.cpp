// Properties over many generated answer sets (fixed seed, so failures
// reproduce): the classifier never grows more confident or more alarmed
// when an answer becomes "unknown", never lowers risk when an incident is
// added, and always explains itself.
#include <random>

#include "domain/vocabulary.hpp"
#include "screening/render.hpp"
#include "screening/test_support.hpp"

namespace threadline::screening {
namespace {

using testing::Shipped;

constexpr uint64_t kSeed = 20240927;
constexpr int kSets = 1500;

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  Answers Make() {
    const Questionnaire& qn = Shipped().questionnaire();
    Answers a = EmptyAnswers(qn);
    for (size_t i = 0; i < qn.questions().size(); ++i) {
      const Question& q = qn.questions()[i];
      if (!q.required && Chance(0.3)) continue;
      a.values[i] = RandomValue(q);
    }
    MakeConsistent(a);
    const int n = Uniform(0, 3);
    for (int i = 0; i < n; ++i) a.history.push_back(Incident(i));
    return a;
  }

  HistoryIncident Incident(int i) {
    HistoryIncident h;
    h.incident = "INC-" + std::to_string(i) + "-" + std::to_string(Uniform(0, 99999));
    const auto codes = domain::RecordedAsCodes();
    h.recorded_as = std::string(codes[Uniform(0, static_cast<int>(codes.size()) - 1)].code);
    h.crime_status = static_cast<CrimeStatus>(Uniform(0, 4));
    if (h.crime_status != CrimeStatus::kNone) h.crime_reference = "CR/" + h.incident;
    h.same_suspect = !Chance(0.1);
    h.same_victim = !Chance(0.1);
    for (size_t b = 0; b < domain::Behaviours().size(); ++b) {
      if (Chance(0.15)) h.behaviours |= uint32_t{1} << b;
    }
    h.fear_of_violence = static_cast<Tri>(Uniform(0, 2));
    return h;
  }

 private:
  AnswerValue RandomValue(const Question& q) {
    switch (q.type) {
      case QuestionType::kYesNoUnknown:
        return AnswerValue::Of(static_cast<Tri>(Uniform(0, 2)));
      case QuestionType::kSingleChoice:
        return AnswerValue::Choice(Uniform(0, static_cast<int>(q.options.size()) - 1));
      case QuestionType::kMultiChoice: {
        uint64_t bits = 0;
        for (size_t o = 0; o < q.options.size(); ++o) {
          if (Chance(0.2)) bits |= uint64_t{1} << o;
        }
        return AnswerValue::Multi(bits);
      }
      case QuestionType::kInteger:
        return AnswerValue::Integer(Uniform(0, 6));
      case QuestionType::kText:
        return AnswerValue::Text("notes");
    }
    return {};
  }

  // "No alarm or distress" cannot sit beside serious alarm, fear of violence
  // or a very frightened victim; real answer sets do not say both.
  static void MakeConsistent(Answers& a) {
    const Questionnaire& qn = Shipped().questionnaire();
    auto& alarm = a.values[qn.Index(CoreQuestion::kAlarmDistress)];
    if (alarm.kind != AnswerValue::Kind::kTri || alarm.tri != Tri::kNo) return;
    for (auto q : {CoreQuestion::kSeriousAlarm, CoreQuestion::kFearOfViolence,
                   CoreQuestion::kRiskVeryFrightened}) {
      auto& v = a.values[qn.Index(q)];
      if (v.kind == AnswerValue::Kind::kTri && v.tri == Tri::kYes) v.tri = Tri::kNo;
    }
  }

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  std::mt19937_64 rng_;
};

TEST(Properties, AnsweringUnknownInsteadOfYesNeverRaisesConfidenceOrRisk) {
  Generator gen(kSeed);
  const Screener& s = Shipped();
  int flips = 0;
  for (int n = 0; n < kSets; ++n) {
    const Answers a = gen.Make();
    const ScreeningResult before = s.Classify(a);
    for (size_t i = 0; i < a.values.size(); ++i) {
      if (a.values[i].kind != AnswerValue::Kind::kTri || a.values[i].tri != Tri::kYes) continue;
      Answers b = a;
      b.values[i].tri = Tri::kUnknown;
      const ScreeningResult after = s.Classify(b);
      ++flips;
      const std::string& q = s.questionnaire().questions()[i].id;
      EXPECT_LE(after.risk.level, before.risk.level) << "set " << n << " question " << q;
      ASSERT_EQ(after.offences.size(), before.offences.size());
      for (size_t o = 0; o < after.offences.size(); ++o) {
        if (after.offences[o].status == Tri::kUnknown) continue;
        EXPECT_EQ(after.offences[o].status, before.offences[o].status)
            << "set " << n << " question " << q << " offence " << after.offences[o].code;
      }
      if (before.principal().code == "not_enough_information") {
        EXPECT_EQ(after.principal().code, "not_enough_information") << "set " << n << " " << q;
      }
      // A principal offence after must have been established before, so the
      // principal before is at least as serious.
      if (s.config().Seriousness(after.principal().code) < 1000) {
        EXPECT_LE(s.config().Seriousness(before.principal().code),
                  s.config().Seriousness(after.principal().code))
            << "set " << n << " " << q;
      }
    }
  }
  EXPECT_GT(flips, kSets);
}

TEST(Properties, AddingAnIncidentNeverLowersTheRiskLevel) {
  Generator gen(kSeed + 1);
  const Screener& s = Shipped();
  for (int n = 0; n < kSets; ++n) {
    const Answers a = gen.Make();
    Answers more = a;
    HistoryIncident h = gen.Incident(9);
    h.same_suspect = true;
    h.same_victim = true;
    more.history.push_back(h);
    EXPECT_GE(s.Classify(more).risk.level, s.Classify(a).risk.level) << "set " << n;
  }
}

bool KnownRuleId(const std::string& id) {
  return FindRule(id).has_value() || id.rfind("offence.", 0) == 0 || id.rfind("risk.", 0) == 0 ||
         id.rfind("counting.", 0) == 0;
}

TEST(Properties, EveryResultExplainsItselfAndNeverSuggestsAForbiddenAction) {
  Generator gen(kSeed + 2);
  const Screener& s = Shipped();
  for (int n = 0; n < kSets; ++n) {
    const ScreeningResult r = s.Classify(gen.Make());
    ASSERT_FALSE(r.classifications.empty());
    EXPECT_TRUE(r.classifications.front().principal);
    for (const auto& c : r.classifications) {
      EXPECT_FALSE(c.reasons.empty()) << "set " << n << " " << c.code;
      for (const auto& reason : c.reasons) {
        EXPECT_TRUE(KnownRuleId(reason.rule_id)) << reason.rule_id;
        EXPECT_FALSE(reason.text.empty());
      }
    }
    EXPECT_FALSE(r.risk.reasons.empty());
    EXPECT_FALSE(r.counting.empty());
    for (const auto& c : r.counting) EXPECT_TRUE(KnownRuleId(c.rule_id)) << c.rule_id;
    for (const auto& a : r.actions) {
      for (auto bad : kForbiddenActionCodes) EXPECT_NE(a.code, bad);
    }
    if (r.principal().code == "not_enough_information") {
      EXPECT_FALSE(r.settle_questions.empty());
    }
  }
}

TEST(Properties, ResultsRoundTripThroughJson) {
  Generator gen(kSeed + 3);
  const Screener& s = Shipped();
  for (int n = 0; n < 200; ++n) {
    const ScreeningResult r = s.Classify(gen.Make());
    const auto json = ToJson(r);
    const auto back = ResultFromJson(json);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(boost::json::serialize(ToJson(*back)), boost::json::serialize(json));
  }
}

TEST(Properties, ClassifyIsDeterministic) {
  Generator gen(kSeed + 4);
  const Screener& s = Shipped();
  for (int n = 0; n < 100; ++n) {
    const Answers a = gen.Make();
    EXPECT_EQ(boost::json::serialize(ToJson(s.Classify(a))),
              boost::json::serialize(ToJson(s.Classify(a))));
  }
}

}  // namespace
}  // namespace threadline::screening
