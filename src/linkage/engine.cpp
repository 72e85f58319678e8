#include "linkage/engine.hpp"

#include <algorithm>
#include <ctime>
#include <thread>

#include "linkage/scorer.hpp"

namespace threadline::linkage {
namespace {

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Scores pairs[i] into scored[i] on `threads` threads; returns the summed
// CPU seconds (so pairs / seconds is a per-core rate).
double ScoreAll(const Scorer& scorer, std::span<const Features> features,
                std::span<const CandidatePair> pairs, std::span<ScoredPair> scored,
                unsigned threads) {
  if (threads == 0) threads = DefaultThreads();
  std::vector<double> cpu(threads, 0);
  const size_t chunk = (pairs.size() + threads - 1) / threads;
  auto work = [&](unsigned t) {
    const double start = ThreadCpuSeconds();
    const size_t end = std::min(pairs.size(), (t + 1) * chunk);
    for (size_t i = t * chunk; i < end; ++i) {
      const auto& p = pairs[i];
      scored[i] = {p.a, p.b, scorer.Weight(features[p.a], features[p.b])};
    }
    cpu[t] = ThreadCpuSeconds() - start;
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  double total = 0;
  for (double c : cpu) total += c;
  return total;
}

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
                         const EngineOptions& options, TrainReport* report,
                         Candidates* candidates_out) {
  const auto fields = PresentFields(data.features);
  Model model = NewModel(fields);
  if (!blocking_rules.empty()) model.blocking_rules = blocking_rules;
  auto rules = ParseBlockingRules(model.blocking_rules);
  if (!rules.ok()) return rules.error();
  BlockingOptions blocking = options.blocking;
  blocking.record_rules = true;
  Candidates local_candidates;
  Candidates& candidates = candidates_out ? *candidates_out : local_candidates;
  candidates = GenerateCandidates(data.features, data.sources, *rules, blocking);
  std::vector<uint32_t> rule_fields;
  for (const auto& rule : *rules) rule_fields.push_back(RuleFields(rule));
  TrainReport local;
  TrainReport& r = report ? *report : local;
  TrainOptions training = options.training;
  training.link_only = options.blocking.link_only;
  EstimateU(model, data.features, data.sources, training, r);
  Status s = EstimateM(model, data.features, candidates.pairs, candidates.rule_masks, rule_fields,
                       training, r);
  std::vector<uint32_t>().swap(candidates.rule_masks);
  if (!s.ok()) return s.error();
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
                               const EngineOptions& options, Candidates* candidates) {
  auto rules = ParseBlockingRules(model.blocking_rules);
  if (!rules.ok()) return rules.error();
  LinkOutput out;
  if (candidates != nullptr) {
    out.candidates = std::move(*candidates);
  } else {
    out.candidates = GenerateCandidates(data.features, data.sources, *rules, options.blocking);
  }
  const Scorer scorer(model);
  out.scored.resize(out.candidates.pairs.size());
  out.scoring_seconds =
      ScoreAll(scorer, data.features, out.candidates.pairs, out.scored, options.blocking.threads);
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
