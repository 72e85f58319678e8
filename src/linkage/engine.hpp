#pragma once
// Batch linking end to end: features, blocking, training, scoring,
// clustering. Pure: records in, model / clusters out.
//
// Dedupe: one data set, every candidate pair within it.
// Link-only: two data sets (InputRecord::source 0 and 1), candidate pairs
// across them only, and two records of the same file never share a cluster
// (each file is taken to be deduplicated already).

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "linkage/blocking.hpp"
#include "linkage/clustering.hpp"
#include "linkage/features.hpp"
#include "linkage/model.hpp"
#include "linkage/training.hpp"

namespace threadline::linkage {

struct EngineOptions {
  BlockingOptions blocking;  // blocking.link_only selects link-only mode
  TrainOptions training;
  // Scored pairs below this match probability are counted but not kept in
  // LinkOutput::scored (clustering follows only links at or above the
  // model's match threshold, which is higher).
  double keep_probability = 0.01;
};

struct Dataset {
  std::vector<InputRecord> records;
  std::vector<Features> features;  // with term frequencies over these records
  std::vector<uint8_t> sources;
};
Dataset MakeDataset(std::vector<InputRecord> records, const NicknameTable& nicknames);

// Trains a model on `data` with `blocking_rules` (empty: the defaults).
// kInvalidArgument for a bad rule or when blocking finds no pairs.
// EM learns from a uniform sample of at most options.training.max_em_pairs
// candidates. When `index` is given it receives the blocking index, which
// LinkDataset can then reuse instead of blocking again.
Result<Model> TrainModel(const Dataset& data, const std::vector<std::string>& blocking_rules,
                         const EngineOptions& options, TrainReport* report = nullptr,
                         std::unique_ptr<BlockingIndex>* index = nullptr);

struct LinkOutput {
  std::unique_ptr<BlockingIndex> index;  // what blocking did (IsCandidate, stats)
  uint64_t candidates = 0;               // distinct candidate pairs scored
  // The candidates scoring at least options.keep_probability, sorted by (a, b).
  std::vector<ScoredPair> scored;
  ClusterResult clusters;
  double scoring_seconds = 0;  // CPU time of scoring candidates, summed over threads
  // Wall time of each step.
  double index_wall_seconds = 0, score_wall_seconds = 0, cluster_wall_seconds = 0;
};

// Blocks with the model's rules, scores each candidate as blocking visits
// it (on options.blocking.threads threads; candidates are never all held
// at once) and clusters. Constraints index into data.records. `index`,
// when given, must come from the same rules and data (TrainModel's).
Result<LinkOutput> LinkDataset(const Model& model, const Dataset& data,
                               std::span<const Constraint> constraints,
                               const EngineOptions& options,
                               std::unique_ptr<BlockingIndex> index = nullptr);

}  // namespace threadline::linkage
