#pragma once
// Clustering scored pairs into entities, with guards and human decisions.
//
// Plain transitive closure lets one weak or wrong link chain two different
// people together (A~B, B~C, so A~C even if A and C share nothing). Here
// links are taken strongest first and two groups merge only when
//   - no cannot-link decision separates any of their members,
//   - the mean match probability over all pairs across them (scored on
//     demand, not only the blocked ones) is at least min_cluster_support, and
//   - no pair across them weighs below veto_weight.
// Must-link decisions are applied first and unconditionally; a cannot-link
// between records that must-links already joined is reported as a conflict
// (the must-link stands) so a person can review it.

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "linkage/model.hpp"

namespace threadline::linkage {

struct ScoredPair {
  uint32_t a = 0;
  uint32_t b = 0;
  float weight = 0;  // match weight including the prior (see Scorer)
};

enum class ConstraintKind : uint8_t { kMustLink, kCannotLink };

struct Constraint {
  uint32_t a = 0;
  uint32_t b = 0;
  ConstraintKind kind = ConstraintKind::kMustLink;
};

// Weight of any pair of record indexes (used for cross-group support).
using PairWeightFn = std::function<float(uint32_t, uint32_t)>;

struct ClusterResult {
  std::vector<uint32_t> cluster_of;  // dense cluster id per record
  size_t cluster_count = 0;
  size_t merges = 0;
  size_t refused_by_constraint = 0;
  size_t refused_by_support = 0;
  size_t refused_by_veto = 0;
  std::vector<Constraint> conflicts;  // cannot-links overridden by must-links
};

ClusterResult ClusterPairs(size_t record_count, std::span<const ScoredPair> pairs,
                           const PairWeightFn& weight, std::span<const Constraint> constraints,
                           const ClusterOptions& options);

}  // namespace threadline::linkage
