#include "linkage/evaluation.hpp"

#include <unordered_map>

namespace threadline::linkage {
namespace {

struct SideCounts {
  uint64_t a = 0;  // records from source 0
  uint64_t b = 0;  // records from source 1
};

uint64_t PairsIn(const SideCounts& c, bool link_only) {
  if (link_only) return c.a * c.b;
  const uint64_t n = c.a + c.b;
  return n * (n - (n > 0)) / 2;
}

template <typename Key>
uint64_t CountPairs(const std::unordered_map<Key, SideCounts>& groups, bool link_only) {
  uint64_t total = 0;
  for (const auto& [key, counts] : groups) total += PairsIn(counts, link_only);
  return total;
}

double Ratio(uint64_t num, uint64_t den) { return den == 0 ? 1.0 : double(num) / double(den); }

uint64_t TruePairCount(std::span<const uint32_t> truth, std::span<const uint8_t> sources,
                       bool link_only) {
  std::unordered_map<uint32_t, SideCounts> by_truth;
  for (size_t i = 0; i < truth.size(); ++i) {
    auto& c = by_truth[truth[i]];
    (!sources.empty() && sources[i] == 1 ? c.b : c.a) += 1;
  }
  return CountPairs(by_truth, link_only);
}

}  // namespace

std::vector<uint32_t> TruthIds(std::span<const InputRecord> records) {
  std::unordered_map<std::string, uint32_t> ids;
  std::vector<uint32_t> out;
  out.reserve(records.size());
  for (const auto& r : records) {
    if (r.truth.empty()) {
      out.push_back(static_cast<uint32_t>(ids.size() + out.size()) | 0x80000000u);
      continue;
    }
    auto [it, inserted] = ids.try_emplace(r.truth, static_cast<uint32_t>(ids.size()));
    out.push_back(it->second);
  }
  return out;
}

std::vector<uint8_t> Sources(std::span<const InputRecord> records) {
  std::vector<uint8_t> out;
  out.reserve(records.size());
  for (const auto& r : records) out.push_back(r.source);
  return out;
}

PairMetrics EvaluateClusters(std::span<const uint32_t> cluster_of, std::span<const uint32_t> truth,
                             std::span<const uint8_t> sources, bool link_only) {
  std::unordered_map<uint32_t, SideCounts> by_cluster;
  std::unordered_map<uint64_t, SideCounts> by_cell;
  for (size_t i = 0; i < cluster_of.size(); ++i) {
    const bool second = !sources.empty() && sources[i] == 1;
    (second ? by_cluster[cluster_of[i]].b : by_cluster[cluster_of[i]].a) += 1;
    auto& cell = by_cell[uint64_t{cluster_of[i]} << 32 | truth[i]];
    (second ? cell.b : cell.a) += 1;
  }
  PairMetrics m;
  m.true_pairs = TruePairCount(truth, sources, link_only);
  m.predicted_pairs = CountPairs(by_cluster, link_only);
  m.true_positives = CountPairs(by_cell, link_only);
  m.precision = Ratio(m.true_positives, m.predicted_pairs);
  m.recall = Ratio(m.true_positives, m.true_pairs);
  m.f1 = m.precision + m.recall > 0 ? 2 * m.precision * m.recall / (m.precision + m.recall) : 0;
  return m;
}

double BlockingRecall(std::span<const CandidatePair> candidates, std::span<const uint32_t> truth,
                      std::span<const uint8_t> sources, bool link_only) {
  uint64_t found = 0;
  for (const auto& p : candidates) {
    if (truth[p.a] != truth[p.b]) continue;
    if (link_only && !sources.empty() && sources[p.a] == sources[p.b]) continue;
    ++found;
  }
  return Ratio(found, TruePairCount(truth, sources, link_only));
}

double BlockingRecall(const BlockingIndex& index, std::span<const uint32_t> truth,
                      std::span<const uint8_t> sources, bool link_only) {
  std::vector<std::vector<uint32_t>> by_entity;
  for (uint32_t i = 0; i < truth.size(); ++i) {
    if (truth[i] >= by_entity.size()) by_entity.resize(truth[i] + 1);
    by_entity[truth[i]].push_back(i);
  }
  uint64_t found = 0;
  for (const auto& members : by_entity) {
    for (size_t x = 0; x < members.size(); ++x) {
      for (size_t y = x + 1; y < members.size(); ++y) {
        // IsCandidate already refuses same-source pairs in link-only mode.
        found += index.IsCandidate(members[x], members[y]) ? 1 : 0;
      }
    }
  }
  return Ratio(found, TruePairCount(truth, sources, link_only));
}

}  // namespace threadline::linkage
