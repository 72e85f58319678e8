#include "linkage/online_index.hpp"

#include <algorithm>

namespace threadline::linkage {

OnlineIndex::OnlineIndex(Model model, NicknameTable nicknames, std::vector<BlockingRule> rules,
                         OnlineOptions options)
    : model_(std::move(model)),
      nicknames_(std::move(nicknames)),
      rules_(std::move(rules)),
      options_(options),
      scorer_(model_) {
  if (options_.min_probability < 0) options_.min_probability = model_.cluster.match_threshold;
}

Result<OnlineIndex> OnlineIndex::Create(Model model, NicknameTable nicknames,
                                        OnlineOptions options) {
  auto rules = ParseBlockingRules(model.blocking_rules);
  if (!rules.ok()) return rules.error();
  return OnlineIndex(std::move(model), std::move(nicknames), std::move(*rules), options);
}

void OnlineIndex::Reserve(size_t records) {
  features_.reserve(records);
  ids_.reserve(records);
  entries_.reserve(records * rules_.size() / 2);
  postings_.reserve(records * rules_.size() / 2);
}

Features OnlineIndex::QueryFeatures(const InputRecord& record) const {
  Features f = BuildFeatures(record, nicknames_);
  const auto hashes = TfHashes(f);
  for (size_t s = 0; s < kTfSlotCount; ++s) {
    if (hashes[s] == 0 || tf_totals_[s] == 0) continue;
    const auto it = tf_counts_[s].find(hashes[s]);
    const uint32_t count = it == tf_counts_[s].end() ? 1 : it->second;
    f.tf[s] = TermFrequency(count, tf_totals_[s]);
  }
  return f;
}

uint32_t OnlineIndex::Add(const InputRecord& record) {
  const auto index = static_cast<uint32_t>(features_.size());
  Features f = BuildFeatures(record, nicknames_);
  const auto hashes = TfHashes(f);
  for (size_t s = 0; s < kTfSlotCount; ++s) {
    if (hashes[s] == 0) continue;
    ++tf_counts_[s][hashes[s]];
    ++tf_totals_[s];
  }
  for (size_t s = 0; s < kTfSlotCount; ++s) {
    if (hashes[s] != 0) f.tf[s] = TermFrequency(tf_counts_[s][hashes[s]], tf_totals_[s]);
  }
  std::array<uint64_t, 2> keys{};
  for (const auto& rule : rules_) {
    const size_t n = BlockingKeys(rule, f, keys);
    for (size_t k = 0; k < n; ++k) {
      Posting& p = postings_[keys[k]];
      entries_.push_back({index, p.head});
      p.head = static_cast<uint32_t>(entries_.size() - 1);
      ++p.count;
    }
  }
  features_.push_back(f);
  ids_.push_back(record.id);
  return index;
}

std::vector<LinkMatch> OnlineIndex::Link(const InputRecord& query) const {
  const Features q = QueryFeatures(query);
  std::vector<uint32_t> candidates;
  std::array<uint64_t, 2> keys{};
  for (const auto& rule : rules_) {
    const size_t n = BlockingKeys(rule, q, keys);
    for (size_t k = 0; k < n; ++k) {
      const auto it = postings_.find(keys[k]);
      if (it == postings_.end() || it->second.count > options_.max_block_size) continue;
      for (uint32_t e = it->second.head; e != UINT32_MAX; e = entries_[e].next) {
        candidates.push_back(entries_[e].record);
      }
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  const float min_weight = static_cast<float>(Scorer::WeightFor(options_.min_probability));
  std::vector<LinkMatch> matches;
  for (uint32_t c : candidates) {
    const float w = scorer_.Weight(q, features_[c]);
    if (w >= min_weight) matches.push_back({c, {}, w, 0});
  }
  std::sort(matches.begin(), matches.end(),
            [](const LinkMatch& a, const LinkMatch& b) { return a.weight > b.weight; });
  if (matches.size() > options_.max_results) matches.resize(options_.max_results);
  for (auto& m : matches) {
    m.id = ids_[m.index];
    m.probability = Scorer::Probability(m.weight);
  }
  return matches;
}

Result<Explanation> OnlineIndex::Explain(const InputRecord& query, uint32_t index) const {
  if (index >= features_.size()) return NotFound("no such indexed record");
  return linkage::Explain(model_, QueryFeatures(query), features_[index]);
}

Explanation OnlineIndex::ExplainPair(const InputRecord& a, const InputRecord& b) const {
  return linkage::Explain(model_, QueryFeatures(a), QueryFeatures(b));
}

}  // namespace threadline::linkage
