#include "linkage/clustering.hpp"

#include <map>

#include <gtest/gtest.h>

#include "linkage/online_index.hpp"

namespace threadline::linkage {
namespace {

// Weights for every pair, symmetric; unknown pairs are strongly negative.
PairWeightFn Table(std::map<std::pair<uint32_t, uint32_t>, float> table) {
  return [table](uint32_t a, uint32_t b) {
    auto it = table.find({std::min(a, b), std::max(a, b)});
    return it == table.end() ? -20.0f : it->second;
  };
}

TEST(ClusteringTest, OneWeakLinkDoesNotChainTwoPeople) {
  // 0-1-2 are one person, 3-4 another; a single strong-looking link 2~3
  // must not join them because 0,1 and 4 flatly contradict it.
  std::map<std::pair<uint32_t, uint32_t>, float> w = {
      {{0, 1}, 15}, {{0, 2}, 14}, {{1, 2}, 13}, {{3, 4}, 15}, {{2, 3}, 6}};
  std::vector<ScoredPair> pairs;
  for (const auto& [k, v] : w) pairs.push_back({k.first, k.second, v});
  const auto result = ClusterPairs(5, pairs, Table(w), {}, ClusterOptions{});
  EXPECT_EQ(result.cluster_count, 2u);
  EXPECT_EQ(result.cluster_of[0], result.cluster_of[2]);
  EXPECT_NE(result.cluster_of[2], result.cluster_of[3]);
  EXPECT_EQ(result.refused_by_veto, 1u);

  // Plain transitive closure (guards off) would have chained them.
  ClusterOptions off;
  off.veto_weight = -1e9;
  off.min_cluster_support = 0;
  EXPECT_EQ(ClusterPairs(5, pairs, Table(w), {}, off).cluster_count, 1u);
}

TEST(ClusteringTest, LowSupportRefusesMerge) {
  std::map<std::pair<uint32_t, uint32_t>, float> w = {{{0, 1}, 15}, {{0, 2}, 15}, {{1, 2}, 15},
                                                      {{2, 3}, 5},  {{0, 3}, -6}, {{1, 3}, -6}};
  std::vector<ScoredPair> pairs;
  for (const auto& [k, v] : w) pairs.push_back({k.first, k.second, v});
  ClusterOptions o;
  o.min_cluster_support = 0.5;
  const auto result = ClusterPairs(4, pairs, Table(w), {}, o);
  EXPECT_EQ(result.cluster_count, 2u);
  EXPECT_EQ(result.refused_by_support, 1u);
}

TEST(ClusteringTest, HumanDecisionsOverrideTheModel) {
  std::map<std::pair<uint32_t, uint32_t>, float> w = {{{0, 1}, 20}, {{2, 3}, -5}};
  std::vector<ScoredPair> pairs = {{0, 1, 20}, {2, 3, -5}};
  const std::vector<Constraint> decisions = {{0, 1, ConstraintKind::kCannotLink},
                                             {2, 3, ConstraintKind::kMustLink}};
  const auto result = ClusterPairs(4, pairs, Table(w), decisions, ClusterOptions{});
  EXPECT_NE(result.cluster_of[0], result.cluster_of[1]);  // model said yes, person said no
  EXPECT_EQ(result.cluster_of[2], result.cluster_of[3]);  // model said no, person said yes
  EXPECT_EQ(result.refused_by_constraint, 1u);
  EXPECT_TRUE(result.conflicts.empty());
}

TEST(ClusteringTest, CannotLinkBlocksIndirectChainsAndConflictsAreReported) {
  std::map<std::pair<uint32_t, uint32_t>, float> w = {{{0, 1}, 20}, {{1, 2}, 20}, {{0, 2}, 20}};
  std::vector<ScoredPair> pairs = {{0, 1, 20}, {1, 2, 20}, {0, 2, 20}};
  const std::vector<Constraint> decisions = {{0, 2, ConstraintKind::kCannotLink}};
  const auto result = ClusterPairs(3, pairs, Table(w), decisions, ClusterOptions{});
  EXPECT_NE(result.cluster_of[0], result.cluster_of[2]);
  const std::vector<Constraint> contradictory = {{0, 1, ConstraintKind::kMustLink},
                                                 {0, 1, ConstraintKind::kCannotLink}};
  const auto conflicted = ClusterPairs(3, {}, Table(w), contradictory, ClusterOptions{});
  EXPECT_EQ(conflicted.conflicts.size(), 1u);
  EXPECT_EQ(conflicted.cluster_of[0], conflicted.cluster_of[1]);
}

TEST(OnlineIndexTest, LinksANewRecordAndExplains) {
  Model model = NewModel(
      std::vector<Field>{Field::kGivenName, Field::kFamilyName, Field::kDob, Field::kPhone});
  model.prior = 1e-2;
  for (auto& f : model.fields) {
    for (size_t l = 1; l < f.u.size(); ++l) f.u[l] = l + 1 == f.u.size() ? 0.9 : 0.01;
  }
  auto index = OnlineIndex::Create(model, NicknameTable::Parse("robert,bob,rob\n").value());
  ASSERT_TRUE(index.ok());
  auto person = [](std::string id, std::string given, std::string family, std::string dob) {
    InputRecord r;
    r.id = std::move(id);
    r[Role::kGivenName] = std::move(given);
    r[Role::kFamilyName] = std::move(family);
    r[Role::kDob] = std::move(dob);
    return r;
  };
  index->Add(person("p1", "Robert", "Smith", "1971-06-24"));
  index->Add(person("p2", "Alice", "Jones", "1980-01-02"));
  index->Add(person("p3", "Robert", "Smythe", "1950-03-04"));
  const auto matches = index->Link(person("q", "Bob", "Smith", "1971-06-24"));
  ASSERT_FALSE(matches.empty());
  EXPECT_EQ(matches[0].id, "p1");
  EXPECT_GE(matches[0].probability, 0.5);
  for (const auto& m : matches) EXPECT_NE(m.id, "p2");
  auto e = index->Explain(person("q", "Bob", "Smith", "1971-06-24"), 0);
  ASSERT_TRUE(e.ok());
  EXPECT_NEAR(e->total_weight, matches[0].weight, 1e-3);
  EXPECT_FALSE(index->Explain(person("q", "", "", ""), 99).ok());
}

}  // namespace
}  // namespace threadline::linkage
