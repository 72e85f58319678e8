#include "linkage/engine.hpp"

#include <algorithm>
#include <ctime>

#include "linkage/scorer.hpp"

namespace threadline::linkage {
namespace {

double CpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

}  // namespace

Dataset MakeDataset(std::vector<InputRecord> records, const NicknameTable& nicknames) {
  Dataset d;
  d.features = BuildAllFeatures(records, nicknames);
  d.sources = std::vector<uint8_t>();
  d.sources.reserve(records.size());
  for (const auto& r : records) d.sources.push_back(r.source);
  d.records = std::move(records);
  return d;
}

Result<Model> TrainModel(const Dataset& data, const std::vector<std::string>& blocking_rules,
                         const EngineOptions& options, TrainReport* report) {
  const auto fields = PresentFields(data.features);
  Model model = NewModel(fields);
  if (!blocking_rules.empty()) model.blocking_rules = blocking_rules;
  auto rules = ParseBlockingRules(model.blocking_rules);
  if (!rules.ok()) return rules.error();
  const Candidates candidates =
      GenerateCandidates(data.features, data.sources, *rules, options.blocking);
  TrainReport local;
  TrainReport& r = report ? *report : local;
  TrainOptions training = options.training;
  training.link_only = options.blocking.link_only;
  EstimateU(model, data.features, data.sources, training, r);
  if (Status s = EstimateM(model, data.features, candidates.pairs, training, r); !s.ok()) {
    return s.error();
  }
  // EM measured P(match) among candidates; scoring needs it for two records
  // drawn at random, assuming blocking finds (nearly) all matches.
  const double n = static_cast<double>(data.features.size());
  double n_b = 0;
  for (uint8_t s : data.sources) n_b += s == 1;
  const double all_pairs = options.blocking.link_only ? (n - n_b) * n_b : n * (n - 1) / 2;
  if (all_pairs > 0) {
    model.prior = std::clamp(model.prior * static_cast<double>(candidates.pairs.size()) / all_pairs,
                             1e-12, 0.5);
  }
  return model;
}

Result<LinkOutput> LinkDataset(const Model& model, const Dataset& data,
                               std::span<const Constraint> constraints,
                               const EngineOptions& options) {
  auto rules = ParseBlockingRules(model.blocking_rules);
  if (!rules.ok()) return rules.error();
  LinkOutput out;
  out.candidates = GenerateCandidates(data.features, data.sources, *rules, options.blocking);
  const Scorer scorer(model);
  const double start = CpuSeconds();
  out.scored.reserve(out.candidates.pairs.size());
  for (const auto& p : out.candidates.pairs) {
    out.scored.push_back({p.a, p.b, scorer.Weight(data.features[p.a], data.features[p.b])});
  }
  out.scoring_seconds = CpuSeconds() - start;
  const bool link_only = options.blocking.link_only;
  const auto weight = [&](uint32_t a, uint32_t b) -> float {
    // Link-only assumes each file is already deduplicated: two records of one
    // file never share a cluster, so matching is one-to-one.
    if (link_only && data.sources[a] == data.sources[b]) return -1000.0f;
    return scorer.Weight(data.features[a], data.features[b]);
  };
  out.clusters = ClusterPairs(data.features.size(), out.scored, weight, constraints, model.cluster);
  return out;
}

}  // namespace threadline::linkage
