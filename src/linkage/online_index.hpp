#pragma once
// The online index: every known person record, in memory, ready to link one
// new record against all of them in milliseconds.
//
// Link() blocks the query with the model's rules against posting lists of
// the indexed records, scores each candidate and returns the best matches.
// Posting lists longer than max_block_size are skipped (too unspecific).
//
// Thread-safety: const members may run concurrently; Add() needs exclusive
// access (wrap the index in a shared mutex when serving).

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/result.hpp"
#include "linkage/blocking.hpp"
#include "linkage/model.hpp"
#include "linkage/scorer.hpp"

namespace threadline::linkage {

struct OnlineOptions {
  size_t max_block_size = BlockingOptions{}.max_block_size;
  size_t max_results = 10;
  // Matches below this probability are not returned (default: the model's
  // match threshold).
  double min_probability = -1;
};

struct LinkMatch {
  uint32_t index = 0;  // position in the index (order of Add)
  std::string id;      // the record's id as added
  float weight = 0;
  double probability = 0;
};

class OnlineIndex {
 public:
  // kInvalidArgument for a model with a bad blocking rule.
  static Result<OnlineIndex> Create(Model model, NicknameTable nicknames,
                                    OnlineOptions options = {});

  // Adds a record; returns its index. Ids need not be unique (the engine
  // never interprets them).
  uint32_t Add(const InputRecord& record);
  void Reserve(size_t records);

  // The best matches for `query` (which is not added), strongest first.
  std::vector<LinkMatch> Link(const InputRecord& query) const;

  // The waterfall for `query` against indexed record `index`
  // (kNotFound for an index out of range).
  Result<Explanation> Explain(const InputRecord& query, uint32_t index) const;
  // The waterfall for two records, with the index's term frequencies.
  Explanation ExplainPair(const InputRecord& a, const InputRecord& b) const;

  size_t size() const { return features_.size(); }
  const Model& model() const { return model_; }

 private:
  OnlineIndex(Model model, NicknameTable nicknames, std::vector<BlockingRule> rules,
              OnlineOptions options);
  Features QueryFeatures(const InputRecord& record) const;

  struct Posting {
    uint32_t head = UINT32_MAX;  // most recent entry in entries_
    uint32_t count = 0;
  };
  struct Entry {
    uint32_t record;
    uint32_t next;
  };

  Model model_;
  NicknameTable nicknames_;
  std::vector<BlockingRule> rules_;
  OnlineOptions options_;
  Scorer scorer_;
  std::vector<Features> features_;
  std::vector<std::string> ids_;
  std::unordered_map<uint64_t, Posting> postings_;
  std::vector<Entry> entries_;
  std::array<std::unordered_map<uint64_t, uint32_t>, kTfSlotCount> tf_counts_;
  std::array<uint64_t, kTfSlotCount> tf_totals_{};
};

}  // namespace threadline::linkage
