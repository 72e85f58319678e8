#include "linkage/engine.hpp"

#include <algorithm>
#include <chrono>
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

// A deterministic hash of a pair, for sampling independent of visit order.
uint64_t PairHash(const CandidatePair& p) {
  uint64_t h = (uint64_t{p.a} << 32 | p.b) * 0x9e3779b97f4a7c15ull;
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ull;
  return h ^ (h >> 32);
}

// A uniform sample of at most about `limit` candidates, sorted (without rule
// masks); `distinct` receives the estimated number of distinct candidates.
Candidates SampleCandidates(BlockingIndex& index, size_t limit, double& distinct) {
  const double bound = static_cast<double>(index.PairUpperBound());
  const double rate =
      bound <= static_cast<double>(limit) ? 1.0 : static_cast<double>(limit) / bound;
  const auto cut = rate >= 1.0 ? UINT64_MAX : static_cast<uint64_t>(rate * 18446744073709551615.0);
  std::vector<std::vector<CandidatePair>> kept(index.threads());
  index.ForEachPair([&](std::span<const CandidatePair> pairs, unsigned t) {
    for (const auto& p : pairs) {
      if (PairHash(p) <= cut) kept[t].push_back(p);
    }
  });
  Candidates out;
  for (auto& k : kept) out.pairs.insert(out.pairs.end(), k.begin(), k.end());
  std::sort(out.pairs.begin(), out.pairs.end());
  distinct = static_cast<double>(out.pairs.size()) / rate;
  return out;
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
                         std::unique_ptr<BlockingIndex>* index_out) {
  const auto fields = PresentFields(data.features);
  Model model = NewModel(fields);
  if (!blocking_rules.empty()) model.blocking_rules = blocking_rules;
  auto rules = ParseBlockingRules(model.blocking_rules);
  if (!rules.ok()) return rules.error();
  auto index =
      std::make_unique<BlockingIndex>(data.features, data.sources, *rules, options.blocking);
  double distinct = 0;
  Candidates sample = SampleCandidates(*index, options.training.max_em_pairs, distinct);
  TrainReport local;
  TrainReport& r = report ? *report : local;
  TrainOptions training = options.training;
  training.link_only = options.blocking.link_only;
  EstimateU(model, data.features, data.sources, training, r);
  // m from the tight training rules' pairs when they find enough, else from
  // the prediction rules' own.
  auto train_rules = ParseBlockingRules(training.rules);
  if (!train_rules.ok()) return train_rules.error();
  Candidates train_sample;
  if (!train_rules->empty()) {
    BlockingIndex train_index(data.features, data.sources, *train_rules, options.blocking);
    double ignored = 0;
    train_sample = SampleCandidates(train_index, training.max_em_pairs, ignored);
    train_sample.rule_masks = train_index.RuleMasks(train_sample.pairs);
  }
  const bool tight = static_cast<double>(train_sample.pairs.size()) >= training.min_session_pairs;
  if (!tight) sample.rule_masks = index->RuleMasks(sample.pairs);
  const Candidates& m_pairs = tight ? train_sample : sample;
  std::vector<uint32_t> rule_fields;
  for (const auto& rule : tight ? *train_rules : *rules) rule_fields.push_back(RuleFields(rule));
  Status s =
      EstimateM(model, data.features, m_pairs.pairs, m_pairs.rule_masks, rule_fields, training, r);
  if (!s.ok()) return s.error();
  // Scoring needs P(match) for two records drawn at random. Tight training
  // rules' EM saw other pairs than the prediction rules', so the share of
  // matches among these candidates is estimated afresh; otherwise EM's own.
  const double n = static_cast<double>(data.features.size());
  double n_b = 0;
  for (uint8_t src : data.sources) n_b += src == 1;
  const double all_pairs = options.blocking.link_only ? (n - n_b) * n_b : n * (n - 1) / 2;
  model.prior =
      EstimatePopulationPrior(model, data.features, sample.pairs, distinct, all_pairs,
                              tight ? std::nullopt : std::optional(model.prior), training);
  if (index_out != nullptr) *index_out = std::move(index);
  return model;
}

Result<LinkOutput> LinkDataset(const Model& model, const Dataset& data,
                               std::span<const Constraint> constraints,
                               const EngineOptions& options, std::unique_ptr<BlockingIndex> index) {
  LinkOutput out;
  const auto t0 = std::chrono::steady_clock::now();
  const auto since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  if (index == nullptr) {
    auto rules = ParseBlockingRules(model.blocking_rules);
    if (!rules.ok()) return rules.error();
    index = std::make_unique<BlockingIndex>(data.features, data.sources, *rules, options.blocking);
  }
  out.index_wall_seconds = since(t0);
  const auto t1 = std::chrono::steady_clock::now();
  const Scorer scorer(model);
  const auto keep = static_cast<float>(Scorer::WeightFor(options.keep_probability));
  const unsigned threads = index->threads();
  std::vector<std::vector<ScoredPair>> kept(threads);
  std::vector<double> cpu(threads, 0);
  std::vector<uint64_t> scored(threads, 0);
  std::vector<std::vector<float>> weights(threads);
  index->ForEachPair([&](std::span<const CandidatePair> pairs, unsigned t) {
    const double start = ThreadCpuSeconds();
    weights[t].resize(pairs.size());
    scorer.Weights(data.features, pairs, weights[t]);
    for (size_t i = 0; i < pairs.size(); ++i) {
      if (weights[t][i] >= keep) kept[t].push_back({pairs[i].a, pairs[i].b, weights[t][i]});
    }
    scored[t] += pairs.size();
    cpu[t] += ThreadCpuSeconds() - start;
  });
  size_t total = 0;
  for (unsigned t = 0; t < threads; ++t) {
    out.candidates += scored[t];
    out.scoring_seconds += cpu[t];
    total += kept[t].size();
  }
  out.scored.reserve(total);
  for (auto& k : kept) {
    out.scored.insert(out.scored.end(), k.begin(), k.end());
    std::vector<ScoredPair>().swap(k);
  }
  // Sorted by pair, so clustering (strongest first, ties in this order) does
  // not depend on which thread scored what.
  std::sort(out.scored.begin(), out.scored.end(), [](const ScoredPair& x, const ScoredPair& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  out.score_wall_seconds = since(t1);
  const auto t2 = std::chrono::steady_clock::now();
  const bool link_only = options.blocking.link_only;
  const auto weight = [&](uint32_t a, uint32_t b) -> float {
    // Link-only assumes each file is already deduplicated: two records of one
    // file never share a cluster, so matching is one-to-one.
    if (link_only && data.sources[a] == data.sources[b]) return -1000.0f;
    return scorer.Weight(data.features[a], data.features[b]);
  };
  out.clusters = ClusterPairs(data.features.size(), out.scored, weight, constraints, model.cluster);
  out.cluster_wall_seconds = since(t2);
  out.index = std::move(index);
  return out;
}

}  // namespace threadline::linkage
