#pragma once
// The Fellegi-Sunter model: for each compared field and agreement level, the
// probability m of seeing that level when two records are the same person
// and u when they are not. log2(m/u) is the level's match weight; a pair's
// weight is the prior log-odds plus the sum over fields (plus a
// term-frequency adjustment for exact agreement on common or rare values).
//
// Models are saved as readable JSON (ModelToJson) and reloaded
// (ModelFromJson), so a model trained on one file can score another.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "linkage/comparison.hpp"

namespace threadline::linkage {

struct FieldModel {
  Field field = Field::kGivenName;
  std::vector<double> m;  // one per level; index 0 (null) unused
  std::vector<double> u;
};

struct ClusterOptions {
  // A pair links when its match probability is at least this.
  double match_threshold = 0.5;
  // Anti-chaining guard: two groups of records merge only when the mean
  // match probability over *all* pairs across them is at least this ...
  double min_cluster_support = 0.3;
  // ... and no pair across them has a weight below this (strong evidence
  // that they are different people, e.g. different dates of birth and names).
  double veto_weight = -12.0;
  // Cross pairs checked per merge (beyond this a deterministic sample).
  size_t max_cross_pairs = 4096;
};

struct Model {
  std::vector<FieldModel> fields;  // compared fields, in scoring order
  // P(match) for two records drawn at random from the training data (EM
  // works on candidate pairs; training rescales). Scoring starts from its log-odds.
  double prior = 1e-4;
  bool term_frequency = true;  // TF-adjust exact agreement
  std::vector<std::string> blocking_rules;
  ClusterOptions cluster;

  const FieldModel* Find(Field field) const;
};

// A model over `fields` with neutral starting values (training sets them).
Model NewModel(std::span<const Field> fields);

// Fields with a value in at least two records of `features`.
std::vector<Field> PresentFields(std::span<const Features> features);

std::string ModelToJson(const Model& model);
// kInvalidArgument when the text is not a model this version understands
// (unknown field, wrong level count, probabilities outside (0, 1]).
Result<Model> ModelFromJson(std::string_view text);

}  // namespace threadline::linkage
