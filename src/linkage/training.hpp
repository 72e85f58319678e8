#pragma once
// Training a Fellegi-Sunter model without labels.
//
// - u probabilities: level frequencies over pairs drawn uniformly at random
//   (almost all random pairs are non-matches). Deterministic for a seed.
// - m probabilities and the prior: expectation maximisation over the
//   blocked candidate pairs, a two-class mixture whose non-match class is
//   estimated too (non-matches among candidates are not random pairs: they
//   agree on blocking keys); that EM u is then discarded for the sampled u. Comparison vectors are
//   collapsed to distinct patterns first, so an iteration costs
//   O(patterns), not O(pairs).

#include <cstdint>
#include <span>

#include "linkage/blocking.hpp"
#include "linkage/model.hpp"

namespace threadline::linkage {

struct TrainOptions {
  size_t u_sample_pairs = 2'000'000;
  uint64_t seed = 20240611;
  int max_iterations = 200;
  double tolerance = 1e-6;  // stop when no parameter moves more than this
  bool link_only = false;   // sample u pairs across sources only
};

struct TrainReport {
  size_t u_pairs = 0;
  size_t em_pairs = 0;
  size_t em_patterns = 0;
  int iterations = 0;
  bool converged = false;
};

// Sets every field's u from random pairs of `features`.
void EstimateU(Model& model, std::span<const Features> features, std::span<const uint8_t> sources,
               const TrainOptions& options, TrainReport& report);

// Sets m and prior by EM over `pairs`. Returns kInvalidArgument when there are
// no pairs to learn from.
Status EstimateM(Model& model, std::span<const Features> features,
                 std::span<const CandidatePair> pairs, const TrainOptions& options,
                 TrainReport& report);

}  // namespace threadline::linkage
