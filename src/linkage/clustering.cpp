#include "linkage/clustering.hpp"

#include <algorithm>
#include <unordered_map>

#include "linkage/scorer.hpp"

namespace threadline::linkage {
namespace {

class Groups {
 public:
  explicit Groups(size_t n) : parent_(n), members_(n) {
    for (uint32_t i = 0; i < n; ++i) {
      parent_[i] = i;
      members_[i] = {i};
    }
  }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  const std::vector<uint32_t>& Members(uint32_t root) const { return members_[root]; }
  void Merge(uint32_t ra, uint32_t rb) {
    if (members_[ra].size() < members_[rb].size()) std::swap(ra, rb);
    parent_[rb] = ra;
    members_[ra].insert(members_[ra].end(), members_[rb].begin(), members_[rb].end());
    members_[rb].clear();
    members_[rb].shrink_to_fit();
  }

 private:
  std::vector<uint32_t> parent_;
  std::vector<std::vector<uint32_t>> members_;
};

bool CannotLinkBetween(Groups& g, uint32_t ra, uint32_t rb,
                       const std::unordered_map<uint32_t, std::vector<uint32_t>>& cannot) {
  if (cannot.empty()) return false;
  const auto& small = g.Members(ra).size() < g.Members(rb).size() ? g.Members(ra) : g.Members(rb);
  const uint32_t other = g.Members(ra).size() < g.Members(rb).size() ? rb : ra;
  for (uint32_t x : small) {
    auto it = cannot.find(x);
    if (it == cannot.end()) continue;
    for (uint32_t y : it->second) {
      if (g.Find(y) == other) return true;
    }
  }
  return false;
}

enum class Verdict { kMerge, kLowSupport, kVeto };

Verdict CheckSupport(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b,
                     const PairWeightFn& weight, const ClusterOptions& options) {
  const size_t total = a.size() * b.size();
  // Deterministic stride sample when the groups are large.
  const size_t stride = total > options.max_cross_pairs ? total / options.max_cross_pairs + 1 : 1;
  double probability_sum = 0;
  size_t checked = 0;
  for (size_t k = 0; k < total; k += stride) {
    const float w = weight(a[k / b.size()], b[k % b.size()]);
    if (w < options.veto_weight) return Verdict::kVeto;
    probability_sum += Scorer::Probability(w);
    ++checked;
  }
  return probability_sum / static_cast<double>(checked) >= options.min_cluster_support
             ? Verdict::kMerge
             : Verdict::kLowSupport;
}

}  // namespace

ClusterResult ClusterPairs(size_t record_count, std::span<const ScoredPair> pairs,
                           const PairWeightFn& weight, std::span<const Constraint> constraints,
                           const ClusterOptions& options) {
  ClusterResult result;
  Groups groups(record_count);
  std::unordered_map<uint32_t, std::vector<uint32_t>> cannot;
  for (const auto& c : constraints) {
    if (c.a >= record_count || c.b >= record_count || c.a == c.b) continue;
    if (c.kind == ConstraintKind::kMustLink) {
      const uint32_t ra = groups.Find(c.a), rb = groups.Find(c.b);
      if (ra != rb) groups.Merge(ra, rb);
    } else {
      cannot[c.a].push_back(c.b);
      cannot[c.b].push_back(c.a);
    }
  }
  for (const auto& c : constraints) {
    if (c.kind == ConstraintKind::kCannotLink && c.a < record_count && c.b < record_count &&
        c.a != c.b && groups.Find(c.a) == groups.Find(c.b)) {
      result.conflicts.push_back(c);
    }
  }
  const float threshold = static_cast<float>(Scorer::WeightFor(options.match_threshold));
  std::vector<ScoredPair> links;
  for (const auto& p : pairs) {
    if (p.weight >= threshold) links.push_back(p);
  }
  std::stable_sort(links.begin(), links.end(),
                   [](const ScoredPair& x, const ScoredPair& y) { return x.weight > y.weight; });
  for (const auto& p : links) {
    const uint32_t ra = groups.Find(p.a), rb = groups.Find(p.b);
    if (ra == rb) continue;
    if (CannotLinkBetween(groups, ra, rb, cannot)) {
      ++result.refused_by_constraint;
      continue;
    }
    const auto& ma = groups.Members(ra);
    const auto& mb = groups.Members(rb);
    if (ma.size() + mb.size() > 2) {
      const Verdict v = CheckSupport(ma, mb, weight, options);
      if (v == Verdict::kVeto) ++result.refused_by_veto;
      if (v == Verdict::kLowSupport) ++result.refused_by_support;
      if (v != Verdict::kMerge) continue;
    }
    groups.Merge(ra, rb);
    ++result.merges;
  }
  std::unordered_map<uint32_t, uint32_t> dense;
  result.cluster_of.resize(record_count);
  for (uint32_t i = 0; i < record_count; ++i) {
    auto [it, inserted] = dense.try_emplace(groups.Find(i), static_cast<uint32_t>(dense.size()));
    result.cluster_of[i] = it->second;
  }
  result.cluster_count = dense.size();
  return result;
}

}  // namespace threadline::linkage
