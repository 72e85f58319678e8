#pragma once
// Blocking: which pairs of records are worth comparing at all.
//
// A rule is a '+'-joined list of key parts, e.g. "family_dm+dob_year": two
// records are candidates under the rule when every part agrees (and none is
// missing). Several rules are combined by union, so a pair missed by one
// rule (a typo in the surname) is caught by another (same date of birth).
//
// Key parts: given, given_dm, given_initial, given_nick, family, family_dm,
// family_initial, dob, dob_year, dob_md, postcode, postcode_area, city,
// suburb, address, street_number, state, email, email_local, phone, handle,
// vehicle. (_dm = Double Metaphone primary key; given_nick = nickname group,
// or the name itself when it has none.)

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "linkage/features.hpp"

namespace threadline::linkage {

struct BlockingRule {
  std::string text;
  std::vector<uint8_t> parts;  // KeyPart values (see blocking.cpp)
};

// kInvalidArgument naming the unknown part.
Result<BlockingRule> ParseBlockingRule(std::string_view text);
Result<std::vector<BlockingRule>> ParseBlockingRules(std::span<const std::string> texts);

// The general default: works on any mix of the supported fields (rules whose
// parts a data set lacks simply produce no candidates).
std::vector<std::string> DefaultBlockingRules();
// Tight rules for learning m (see TrainOptions::rules): between them, every
// field is left out of some rule, so each field's m is learned somewhere.
std::vector<std::string> DefaultTrainingRules();

// Up to two keys of a record under a rule (two when a multi-valued part such
// as phone holds two values); returns how many were written. 0: the record
// lacks a part and is not blocked by this rule.
size_t BlockingKeys(const BlockingRule& rule, const Features& f, std::array<uint64_t, 2>& keys);

struct CandidatePair {
  uint32_t a = 0;  // a < b
  uint32_t b = 0;
  auto operator<=>(const CandidatePair&) const = default;  // by a, then b
};

// Bit i set when the rule reads field i (see comparison.hpp): a rule that
// blocks on a field biases that field's agreement among its pairs.
uint32_t RuleFields(const BlockingRule& rule);

struct BlockingOptions {
  // Blocks (records sharing one key) larger than this are left out and
  // counted: they are too unspecific to be useful and quadratic to compare.
  size_t max_block_size = 200;
  // A rule may produce at most this many pairs per record (0: no limit);
  // beyond it, its largest blocks are left out too. A rule that is
  // affordable for a thousand records (same date of birth) would swamp a
  // million, where the tighter rules have to carry the load.
  double max_pairs_per_record = 5;
  // Link-only mode: only pairs with different `sources` are candidates.
  bool link_only = false;
  // Fill Candidates::rule_masks (which rules produced each pair).
  bool record_rules = false;
  // Worker threads (0: one per hardware thread). Results do not depend on it.
  unsigned threads = 0;
};

// One per hardware thread, at least 1.
unsigned DefaultThreads();

struct Candidates {
  std::vector<CandidatePair> pairs;  // sorted, unique
  // Parallel to pairs when BlockingOptions::record_rules: bit r set when
  // rule r produced the pair (rules beyond the 32nd share bit 31).
  std::vector<uint32_t> rule_masks;
  size_t oversized_blocks = 0;
};

// What blocking did under one rule (for tuning rules and for reports).
struct RuleStats {
  std::string rule;
  size_t blocks = 0;            // blocks of two or more records kept
  size_t largest_block = 0;     // records in the largest kept block
  size_t oversized_blocks = 0;  // blocks left out for exceeding max_block_size
  uint64_t pairs = 0;           // pairs this rule is the first to produce (after ForEachPair)
};

// A data set's records indexed under a rule set, so candidate pairs can be
// visited block by block without ever being held all at once: a million
// records can have tens of millions of candidates.
//
// Each distinct pair is visited exactly once, by the first rule (in rule
// order) whose blocks hold both records. Keys of oversized blocks are
// forgotten, so such a block neither produces pairs nor claims them.
// Thread-safety: const members may run concurrently. Holds views of
// `features` and `sources`, which must outlive it.
class BlockingIndex {
 public:
  using Visit = std::function<void(std::span<const CandidatePair> pairs, unsigned thread)>;

  BlockingIndex(std::span<const Features> features, std::span<const uint8_t> sources,
                std::span<const BlockingRule> rules, const BlockingOptions& options);

  // Whether some rule blocks a and b together.
  bool IsCandidate(uint32_t a, uint32_t b) const;
  // Bit r set when rule r blocks a and b together (rules beyond the 32nd share bit 31).
  uint32_t RuleMask(uint32_t a, uint32_t b) const;
  // RuleMask of each pair, in order.
  std::vector<uint32_t> RuleMasks(std::span<const CandidatePair> pairs) const;

  // Calls visit() with batches of candidate pairs (a < b), on threads()
  // threads; calls from different threads run concurrently, `thread` says
  // which. Which pairs are visited does not depend on the thread count;
  // their order does. Fills stats()[r].pairs.
  void ForEachPair(const Visit& visit);

  // Sum over kept blocks of k(k-1)/2: at least the number of distinct pairs.
  uint64_t PairUpperBound() const { return pair_upper_bound_; }
  size_t oversized_blocks() const;
  const std::vector<RuleStats>& stats() const { return stats_; }
  unsigned threads() const { return threads_; }
  size_t size() const { return records_; }

 private:
  struct Block {
    uint32_t rule, begin, end;  // a run of members_[rule]
    uint32_t key;
  };
  void EmitBlock(const Block& block, std::vector<uint32_t>& rows, std::vector<CandidatePair>& batch,
                 unsigned thread, const Visit& visit, uint64_t& emitted) const;
  bool SameBlock(const uint32_t* row_a, const uint32_t* row_b, size_t rule) const;
  // Whether a rule before `rule` blocks the two rows together.
  bool CoveredEarlier(const uint32_t* row_a, const uint32_t* row_b, size_t rule) const;

  size_t records_ = 0;
  std::span<const uint8_t> sources_;
  bool link_only_ = false;
  unsigned threads_ = 1;
  // Per record, one column per rule (key0) plus one more per multi-valued
  // rule (key1); 0 = no key. Row-major, so one pair's check reads two rows.
  size_t columns_ = 0;
  std::vector<uint32_t> keys_;
  std::vector<std::array<int32_t, 2>> rule_columns_;  // per rule: key0, key1 (-1: none)
  std::vector<uint64_t> earlier_columns_;             // per rule: bits of earlier rules' columns
  std::vector<uint32_t> multi_rules_;                 // rules with a key1 column, ascending
  std::vector<std::vector<uint32_t>> members_;        // per rule: records, grouped by block
  std::vector<Block> blocks_;                         // largest first
  std::vector<RuleStats> stats_;
  uint64_t pair_upper_bound_ = 0;
};

// Every candidate pair, sorted (small data sets, tests and benchmarks; a
// large run visits them through BlockingIndex::ForEachPair instead).
Candidates GenerateCandidates(std::span<const Features> features, std::span<const uint8_t> sources,
                              std::span<const BlockingRule> rules, const BlockingOptions& options);

}  // namespace threadline::linkage
