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
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "linkage/blocking.hpp"
#include "linkage/model.hpp"

namespace threadline::linkage {

struct TrainOptions {
  size_t u_sample_pairs = 2'000'000;
  uint64_t seed = 20240611;
  int max_iterations = 200;
  double tolerance = 1e-6;  // stop when no parameter moves more than this
  bool link_only = false;   // sample u pairs across sources only
  // EM learns from at most about this many candidate pairs (a uniform sample).
  size_t max_em_pairs = 3'000'000;
  // A per-field session (below) needs at least this many pairs.
  double min_session_pairs = 1000;
  // The blocking rules whose pairs m is learned from (empty: the
  // prediction rules). Tight rules: nearly every pair they produce is a
  // match, so EM is not misled by the many look-alike strangers a loose
  // rule lets through in a large population. Rules a data set has no fields
  // for produce nothing.
  std::vector<std::string> rules = DefaultTrainingRules();
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

// As above, and then each field's m is re-estimated by EM over only the
// pairs that some rule *not* reading that field produced (a blocked field
// agrees on every pair its rule produces, so its m from those pairs says
// little). rule_masks: per pair, the rules that produced it (see
// BlockingOptions::record_rules); rule_fields: per rule, RuleFields().
Status EstimateM(Model& model, std::span<const Features> features,
                 std::span<const CandidatePair> pairs, std::span<const uint32_t> rule_masks,
                 std::span<const uint32_t> rule_fields, const TrainOptions& options,
                 TrainReport& report);

// P(match) for two records drawn at random, from `pairs` (a uniform sample of
// the `candidates` distinct candidate pairs) among `all_pairs` in all, with m
// and u held. It starts from the share of matches among candidates:
// `among_candidates` when given, else estimated here by EM over the prior
// alone. It then runs EM over the prior on the scale of all pairs: each
// posterior is weighed with the population prior, not the far higher share
// of matches among candidates. Weighed with the latter, a pair agreeing on a
// name alone looks like a match, and the prior it then yields says so again;
// on the population scale it stays as likely as the number of people sharing
// the name allows. Pairs blocking never proposed count as non-matches.
// Without pairs it is the share among candidates (`among_candidates`, else
// the model's prior) scaled to all pairs; with all_pairs <= 0, that share
// unscaled.
double EstimatePopulationPrior(const Model& model, std::span<const Features> features,
                               std::span<const CandidatePair> pairs, double candidates,
                               double all_pairs, std::optional<double> among_candidates,
                               const TrainOptions& options);

}  // namespace threadline::linkage
