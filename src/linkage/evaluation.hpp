#pragma once
// Accuracy against known truth: pairwise precision, recall and F1 over the
// transitive closure of predicted clusters, and blocking recall.
//
// In link-only mode only pairs across the two sources count.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "linkage/blocking.hpp"
#include "linkage/record.hpp"

namespace threadline::linkage {

struct PairMetrics {
  uint64_t true_pairs = 0;
  uint64_t predicted_pairs = 0;
  uint64_t true_positives = 0;
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

// Dense entity ids from the records' truth labels (records with an empty
// label are each their own entity).
std::vector<uint32_t> TruthIds(std::span<const InputRecord> records);
std::vector<uint8_t> Sources(std::span<const InputRecord> records);

PairMetrics EvaluateClusters(std::span<const uint32_t> cluster_of, std::span<const uint32_t> truth,
                             std::span<const uint8_t> sources, bool link_only);

// Fraction of true pairs among the candidates (1 when there are none).
double BlockingRecall(std::span<const CandidatePair> candidates, std::span<const uint32_t> truth,
                      std::span<const uint8_t> sources, bool link_only);
// The same from an index, without listing the candidates.
double BlockingRecall(const BlockingIndex& index, std::span<const uint32_t> truth,
                      std::span<const uint8_t> sources, bool link_only);

}  // namespace threadline::linkage
