#include "linkage/blocking.hpp"

#include <map>
#include <mutex>
#include <random>
#include <set>

#include <gtest/gtest.h>

namespace threadline::linkage {
namespace {

using PairSet = std::set<std::pair<uint32_t, uint32_t>>;

// Records drawn from small pools, so blocks of every size occur; some have
// two phones, some none.
std::vector<Features> MakeFeatures(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const std::vector<std::string> given = {"anna", "ben", "carl", "dina", "ed"};
  const std::vector<std::string> family = {"smith", "jones", "patel", "khan", "brown", "okafor"};
  NicknameTable nicknames;
  std::vector<Features> out;
  for (size_t i = 0; i < n; ++i) {
    InputRecord r;
    r[Role::kGivenName] = given[rng() % given.size()];
    r[Role::kFamilyName] = family[rng() % family.size()];
    if (rng() % 3 != 0)
      r[Role::kDob] =
          "19" + std::to_string(70 + rng() % 4) + "-01-0" + std::to_string(1 + rng() % 3);
    const auto phone = [&] { return "0770090" + std::to_string(1000 + rng() % 12); };
    if (rng() % 2 == 0) r[Role::kPhone] = phone();
    if (rng() % 3 == 0) r[Role::kPhone] += ";" + phone();
    out.push_back(BuildFeatures(r, nicknames));
  }
  return out;
}

std::vector<BlockingRule> Rules(std::vector<std::string> texts) {
  auto rules = ParseBlockingRules(texts);
  EXPECT_TRUE(rules.ok());
  return *rules;
}

// The pairs the rules should produce, worked out the slow way: two records
// are candidates when some rule gives them a common key whose block (all
// records holding that key) is within the size limit.
PairSet BruteForce(std::span<const Features> f, std::span<const BlockingRule> rules,
                   size_t max_block, std::span<const uint8_t> sources = {}) {
  PairSet out;
  for (const auto& rule : rules) {
    std::map<uint64_t, std::vector<uint32_t>> blocks;
    std::array<uint64_t, 2> keys{};
    for (uint32_t i = 0; i < f.size(); ++i) {
      const size_t count = BlockingKeys(rule, f[i], keys);
      for (size_t k = 0; k < count; ++k) {
        auto& block = blocks[keys[k]];
        if (block.empty() || block.back() != i) block.push_back(i);
      }
    }
    for (const auto& [key, members] : blocks) {
      if (members.size() > max_block) continue;
      for (size_t x = 0; x < members.size(); ++x) {
        for (size_t y = x + 1; y < members.size(); ++y) {
          if (!sources.empty() && sources[members[x]] == sources[members[y]]) continue;
          out.insert({members[x], members[y]});
        }
      }
    }
  }
  return out;
}

PairSet Visit(BlockingIndex& index, size_t* visits = nullptr) {
  PairSet out;
  std::mutex mu;
  size_t count = 0;
  index.ForEachPair([&](std::span<const CandidatePair> pairs, unsigned) {
    const std::lock_guard lock(mu);
    for (const auto& p : pairs) {
      EXPECT_LT(p.a, p.b);
      out.insert({p.a, p.b});
      ++count;
    }
  });
  if (visits != nullptr) *visits = count;
  return out;
}

const std::vector<std::string> kRules = {"given+family", "dob", "family+dob_year", "phone"};

TEST(BlockingIndexTest, VisitsEveryCandidateExactlyOnce) {
  const auto features = MakeFeatures(400, 1);
  const auto rules = Rules(kRules);
  BlockingOptions options;
  options.max_block_size = 1000;
  options.max_pairs_per_record = 0;
  BlockingIndex index(features, {}, rules, options);
  size_t visits = 0;
  const PairSet seen = Visit(index, &visits);
  const PairSet expected = BruteForce(features, rules, options.max_block_size);
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(visits, expected.size()) << "a pair was visited twice";
  EXPECT_GE(index.PairUpperBound(), expected.size());
  uint64_t by_rule = 0;
  for (const auto& s : index.stats()) by_rule += s.pairs;
  EXPECT_EQ(by_rule, expected.size());
}

TEST(BlockingIndexTest, OversizedBlocksNeitherProduceNorClaimPairs) {
  const auto features = MakeFeatures(400, 2);
  const auto rules = Rules(kRules);
  BlockingOptions options;
  options.max_block_size = 12;  // the name blocks (about 13 records each) are left out
  options.max_pairs_per_record = 0;
  BlockingIndex index(features, {}, rules, options);
  const PairSet seen = Visit(index);
  EXPECT_EQ(seen, BruteForce(features, rules, options.max_block_size));
  EXPECT_GT(index.oversized_blocks(), 0u);
  EXPECT_GT(index.stats()[0].oversized_blocks, 0u);
  for (const auto& s : index.stats()) EXPECT_LE(s.largest_block, options.max_block_size);
}

TEST(BlockingIndexTest, PairBudgetLeavesOutTheLargestBlocksFirst) {
  const auto features = MakeFeatures(400, 7);
  const auto rules = Rules({"dob"});  // 12 dates: blocks of about 22 records
  BlockingOptions options;
  options.max_pairs_per_record = 0;
  BlockingIndex unlimited(features, {}, rules, options);
  const size_t all = Visit(unlimited).size();
  options.max_pairs_per_record = 2;  // 800 pairs for 400 records
  BlockingIndex budgeted(features, {}, rules, options);
  const PairSet kept = Visit(budgeted);
  EXPECT_LE(kept.size(), 800u);
  EXPECT_GT(kept.size(), 0u);
  EXPECT_LT(kept.size(), all);
  const auto& stats = budgeted.stats()[0];
  EXPECT_GT(stats.oversized_blocks, 0u);
  // What is kept is exactly the blocks up to the largest kept size.
  EXPECT_EQ(kept, BruteForce(features, rules, stats.largest_block));
}

TEST(BlockingIndexTest, ResultDoesNotDependOnThreads) {
  const auto features = MakeFeatures(300, 3);
  const auto rules = Rules(kRules);
  BlockingOptions one, four;
  one.threads = 1;
  four.threads = 4;
  BlockingIndex a(features, {}, rules, one), b(features, {}, rules, four);
  EXPECT_EQ(Visit(a), Visit(b));
}

TEST(BlockingIndexTest, IsCandidateAndRuleMaskAgreeWithTheVisit) {
  const auto features = MakeFeatures(150, 4);
  const auto rules = Rules(kRules);
  BlockingIndex index(features, {}, rules, BlockingOptions{});
  const PairSet seen = Visit(index);
  for (uint32_t a = 0; a < features.size(); ++a) {
    for (uint32_t b = a + 1; b < features.size(); ++b) {
      const bool candidate = seen.count({a, b}) > 0;
      EXPECT_EQ(index.IsCandidate(a, b), candidate) << a << "," << b;
      EXPECT_EQ(index.RuleMask(a, b) != 0, candidate) << a << "," << b;
    }
  }
}

TEST(BlockingIndexTest, LinkOnlyPairsCrossTheTwoSources) {
  const auto features = MakeFeatures(300, 5);
  std::vector<uint8_t> sources(features.size());
  for (size_t i = 0; i < sources.size(); ++i) sources[i] = i % 3 == 0 ? 1 : 0;
  const auto rules = Rules(kRules);
  BlockingOptions options;
  options.link_only = true;
  options.max_pairs_per_record = 0;
  BlockingIndex index(features, sources, rules, options);
  const PairSet seen = Visit(index);
  EXPECT_FALSE(seen.empty());
  EXPECT_EQ(seen, BruteForce(features, rules, options.max_block_size, sources));
  EXPECT_FALSE(index.IsCandidate(0, 3));  // both from source 1
}

TEST(BlockingIndexTest, TwoSharedPhonesGiveOnePair) {
  NicknameTable nicknames;
  InputRecord a, b;
  a[Role::kPhone] = "07700900001;07700900002";
  b[Role::kPhone] = "07700900002;07700900001";
  const std::vector<Features> features = {BuildFeatures(a, nicknames), BuildFeatures(b, nicknames)};
  const auto rules = Rules({"phone"});
  BlockingIndex index(features, {}, rules, BlockingOptions{});
  size_t visits = 0;
  EXPECT_EQ(Visit(index, &visits), (PairSet{{0, 1}}));
  EXPECT_EQ(visits, 1u);
}

TEST(BlockingIndexTest, GenerateCandidatesListsTheVisitSorted) {
  const auto features = MakeFeatures(200, 6);
  const auto rules = Rules(kRules);
  BlockingOptions options;
  options.record_rules = true;
  options.max_pairs_per_record = 0;
  const auto c = GenerateCandidates(features, {}, rules, options);
  ASSERT_EQ(c.rule_masks.size(), c.pairs.size());
  PairSet listed;
  for (size_t i = 0; i < c.pairs.size(); ++i) {
    if (i > 0) {
      EXPECT_TRUE(c.pairs[i - 1].a < c.pairs[i].a ||
                  (c.pairs[i - 1].a == c.pairs[i].a && c.pairs[i - 1].b < c.pairs[i].b));
    }
    EXPECT_NE(c.rule_masks[i], 0u);
    listed.insert({c.pairs[i].a, c.pairs[i].b});
  }
  EXPECT_EQ(listed, BruteForce(features, rules, options.max_block_size));
}

}  // namespace
}  // namespace threadline::linkage
