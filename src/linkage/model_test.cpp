#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "linkage/engine.hpp"
#include "linkage/scorer.hpp"

namespace threadline::linkage {
namespace {

// A small population: `people` distinct people, each recorded `copies` times
// (the second copy with a typo in the family name), from a seeded generator.
// Family names are built from syllables so namesakes are rare, as in life.
std::vector<InputRecord> SyntheticPeople(int people, int copies, uint64_t seed) {
  static const char* kGiven[] = {"oliver", "amelia", "harry", "isla", "jack",  "ava",   "george",
                                 "mia",    "noah",   "grace", "leo",  "freya", "oscar", "lily"};
  static const char* kSyllables[] = {"ash",  "bur",   "ton", "wick", "ley", "mor", "gan",   "well",
                                     "ford", "ridge", "har", "den",  "cal", "by",  "thorn", "es"};
  std::mt19937_64 rng(seed);
  auto pick = [&](auto& arr) { return std::string(arr[rng() % std::size(arr)]); };
  std::vector<InputRecord> out;
  for (int p = 0; p < people; ++p) {
    const std::string given = pick(kGiven);
    const std::string family = pick(kSyllables) + pick(kSyllables) + pick(kSyllables);
    char dob[16], postcode[16];
    std::snprintf(dob, sizeof(dob), "%04d-%02d-%02d", 1940 + int(rng() % 60), 1 + int(rng() % 12),
                  1 + int(rng() % 28));
    std::snprintf(postcode, sizeof(postcode), "M%d %dAB", int(rng() % 40), int(rng() % 10));
    for (int c = 0; c < copies; ++c) {
      InputRecord r;
      r.id = std::to_string(p) + "-" + std::to_string(c);
      r.truth = std::to_string(p);
      r[Role::kGivenName] = given;
      r[Role::kFamilyName] = family;
      r[Role::kDob] = dob;
      r[Role::kPostcode] = postcode;
      if (c == 1) r[Role::kFamilyName][1] = 'x';  // a typo
      out.push_back(std::move(r));
    }
  }
  return out;
}

TEST(TrainingTest, EmConvergesAndSeparatesMatches) {
  const Dataset data = MakeDataset(SyntheticPeople(300, 2, 7), NicknameTable());
  TrainReport report;
  auto model = TrainModel(data, {}, EngineOptions{}, &report);
  ASSERT_TRUE(model.ok()) << model.error().message;
  EXPECT_TRUE(report.converged);
  EXPECT_LT(report.iterations, 200);
  const FieldModel* dob = model->Find(Field::kDob);
  ASSERT_NE(dob, nullptr);
  EXPECT_GT(dob->m[1], 0.9);   // copies of a person share the date of birth
  EXPECT_LT(dob->u[1], 0.01);  // strangers rarely do
  const Scorer scorer(*model);
  EXPECT_GT(Scorer::Probability(scorer.Weight(data.features[0], data.features[1])), 0.99);
  EXPECT_LT(Scorer::Probability(scorer.Weight(data.features[0], data.features[2])), 0.01);
}

TEST(ModelTest, JsonRoundTrip) {
  const Dataset data = MakeDataset(SyntheticPeople(100, 2, 11), NicknameTable());
  auto model = TrainModel(data, {}, EngineOptions{});
  ASSERT_TRUE(model.ok());
  const std::string json = ModelToJson(*model);
  auto again = ModelFromJson(json);
  ASSERT_TRUE(again.ok()) << again.error().message;
  ASSERT_EQ(again->fields.size(), model->fields.size());
  EXPECT_NEAR(again->prior, model->prior, 1e-12);
  EXPECT_EQ(again->blocking_rules, model->blocking_rules);
  for (size_t f = 0; f < model->fields.size(); ++f) {
    for (size_t l = 1; l < model->fields[f].m.size(); ++l) {
      EXPECT_NEAR(again->fields[f].m[l], model->fields[f].m[l], 1e-12);
      EXPECT_NEAR(again->fields[f].u[l], model->fields[f].u[l], 1e-12);
    }
  }
  EXPECT_NEAR(Scorer(*again).Weight(data.features[0], data.features[1]),
              Scorer(*model).Weight(data.features[0], data.features[1]), 1e-4);
  EXPECT_FALSE(ModelFromJson("{}").ok());
  EXPECT_FALSE(ModelFromJson("not json").ok());
  std::string bad = json;
  bad.replace(bad.find("\"dob\""), 5, "\"shoe\"");
  EXPECT_FALSE(ModelFromJson(bad).ok());
}

TEST(ExplainTest, ContributionsSumToTotalWeight) {
  const Dataset data = MakeDataset(SyntheticPeople(100, 2, 3), NicknameTable());
  auto model = TrainModel(data, {}, EngineOptions{});
  ASSERT_TRUE(model.ok());
  const Scorer scorer(*model);
  for (uint32_t a = 0; a < 10; ++a) {
    for (uint32_t b = a + 1; b < 10; ++b) {
      const Explanation e = Explain(*model, data.features[a], data.features[b]);
      double sum = e.prior_weight;
      for (const auto& f : e.fields) sum += f.weight;
      EXPECT_NEAR(sum, e.total_weight, 1e-9);
      EXPECT_NEAR(e.total_weight, scorer.Weight(data.features[a], data.features[b]), 1e-3);
    }
  }
  const Explanation e = Explain(*model, data.features[0], data.features[1]);
  const std::string json = ExplanationToJson(e, &data.records[0], &data.records[1]);
  EXPECT_NE(json.find("\"field\":\"dob\""), std::string::npos);
  EXPECT_NE(ExplanationToText(e, nullptr, nullptr).find("total"), std::string::npos);
}

}  // namespace
}  // namespace threadline::linkage
