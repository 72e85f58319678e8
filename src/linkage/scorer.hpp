#pragma once
// Scoring and explaining pairs under a trained Model.
//
// Weight(a, b) = log2(prior / (1 - prior))
//              + sum over fields of log2(m[level] / u[level])
//              + for exact agreement on a TF field, log2(u[exact] / tf(value)),
//   tf(value) being how often the value occurs in the data (a rare surname
//   agreeing is stronger evidence than "Smith" agreeing).
// Probability = 1 / (1 + 2^-Weight).
//
// Explain() gives the same sum term by term (the "waterfall"); its total
// equals Weight() for the same pair. Thread-safety: const after construction.

#include <span>
#include <string>
#include <vector>

#include "linkage/blocking.hpp"
#include "linkage/model.hpp"
#include "linkage/record.hpp"

namespace threadline::linkage {

class Scorer {
 public:
  explicit Scorer(const Model& model);

  float Weight(const Features& a, const Features& b) const;
  // weights[i] = Weight(features[pairs[i].a], features[pairs[i].b]). Faster
  // over many pairs: the records of later pairs are fetched from memory while
  // earlier ones are scored. weights.size() must be at least pairs.size().
  void Weights(std::span<const Features> features, std::span<const CandidatePair> pairs,
               std::span<float> weights) const;
  static double Probability(double weight);
  // The weight at which Probability reaches `probability`.
  static double WeightFor(double probability);

 private:
  struct Compiled {
    Field field;
    int tf_slot;    // -1: none
    float u_exact;  // u[exact], through the same float roundings as in Explain()
    std::array<float, kMaxLevels> weight;
  };
  std::vector<Compiled> fields_;
  FieldSet compared_ = 0;
  size_t read_bytes_ = 0;  // how much of a record Weight() may read, from its start
  float prior_weight_ = 0;
};

struct FieldContribution {
  Field field;
  uint8_t level = 0;
  double m = 0, u = 0;       // 0 for the null level
  double level_weight = 0;   // log2(m/u)
  double tf_adjustment = 0;  // exact level of a TF field only
  double weight = 0;         // level_weight + tf_adjustment
};

struct Explanation {
  double prior_weight = 0;
  std::vector<FieldContribution> fields;
  double total_weight = 0;  // prior_weight + sum of fields[].weight
  double probability = 0;
};

Explanation Explain(const Model& model, const Features& a, const Features& b);

// JSON object {"prior_weight":..,"fields":[{"field","level","value_a","value_b","m","u",
// "level_weight","tf_adjustment","weight"}],"total_weight":..,"match_probability":..}.
// Values are shown only when the input records are given (they may be null).
std::string ExplanationToJson(const Explanation& e, const InputRecord* a, const InputRecord* b);
// A readable waterfall, one line per field, ending with the total.
std::string ExplanationToText(const Explanation& e, const InputRecord* a, const InputRecord* b);

}  // namespace threadline::linkage
