#pragma once
// Batch linking end to end: features, blocking, training, scoring,
// clustering. Pure: records in, model / clusters out.
//
// Dedupe: one data set, every candidate pair within it.
// Link-only: two data sets (InputRecord::source 0 and 1), candidate pairs
// across them only, and two records of the same file never share a cluster
// (each file is taken to be deduplicated already).

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
};

struct Dataset {
  std::vector<InputRecord> records;
  std::vector<Features> features;  // with term frequencies over these records
  std::vector<uint8_t> sources;
};
Dataset MakeDataset(std::vector<InputRecord> records, const NicknameTable& nicknames);

// Trains a model on `data` with `blocking_rules` (empty: the defaults).
// kInvalidArgument for a bad rule or when blocking finds no pairs.
// When `candidates` is given it receives the candidate pairs (without rule
// masks), which LinkDataset can then reuse instead of blocking again.
Result<Model> TrainModel(const Dataset& data, const std::vector<std::string>& blocking_rules,
                         const EngineOptions& options, TrainReport* report = nullptr,
                         Candidates* candidates = nullptr);

struct LinkOutput {
  Candidates candidates;
  std::vector<ScoredPair> scored;  // one per candidate
  ClusterResult clusters;
  double scoring_seconds = 0;  // CPU time of scoring candidates, summed over threads
};

// Blocks with the model's rules, scores (on options.blocking.threads
// threads) and clusters. Constraints index into data.records. `candidates`,
// when given, must come from the same rules and data (TrainModel's); it is
// moved from.
Result<LinkOutput> LinkDataset(const Model& model, const Dataset& data,
                               std::span<const Constraint> constraints,
                               const EngineOptions& options, Candidates* candidates = nullptr);

}  // namespace threadline::linkage
