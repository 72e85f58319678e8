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
#include <cstdint>
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

// Up to two keys of a record under a rule (two when a multi-valued part such
// as phone holds two values); returns how many were written. 0: the record
// lacks a part and is not blocked by this rule.
size_t BlockingKeys(const BlockingRule& rule, const Features& f, std::array<uint64_t, 2>& keys);

struct CandidatePair {
  uint32_t a = 0;  // a < b
  uint32_t b = 0;
  bool operator==(const CandidatePair&) const = default;
};

// Bit i set when the rule reads field i (see comparison.hpp): a rule that
// blocks on a field biases that field's agreement among its pairs.
uint32_t RuleFields(const BlockingRule& rule);

struct BlockingOptions {
  // Blocks (records sharing one key) larger than this are left out and
  // counted: they are too unspecific to be useful and quadratic to compare.
  size_t max_block_size = 1000;
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

// `sources` may be empty (all records from one data set).
Candidates GenerateCandidates(std::span<const Features> features, std::span<const uint8_t> sources,
                              std::span<const BlockingRule> rules, const BlockingOptions& options);

}  // namespace threadline::linkage
