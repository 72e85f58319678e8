// Linkage engine benchmarks.
//
// BM_ScoreCandidatePairs: pairs scored per second on one core, over the
//   blocked candidate pairs of a synthetic population (features precomputed,
//   as in a batch run). Target: >= 5 million pairs/s.
// BM_OnlineLink/1000000: one new record linked against an index of a million
//   synthetic records; reports p50/p99 latency. Target: p99 < 5 ms.
//
// The population is generated here (seeded), so the benchmark needs no files.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

#include "linkage/engine.hpp"
#include "linkage/online_index.hpp"
#include "linkage/scorer.hpp"

namespace threadline::linkage {
namespace {

class Population {
 public:
  explicit Population(uint64_t seed) : rng_(seed) {
    for (int i = 0; i < 600; ++i) given_.push_back(Word(2 + i % 2));
    for (int i = 0; i < 40000; ++i) family_.push_back(Word(2 + i % 3));
  }

  // A person's first record; Noisy() derives further records of them.
  InputRecord Person(size_t id) {
    InputRecord r;
    r.id = std::to_string(id);
    r.truth = r.id;
    r[Role::kGivenName] = given_[Zipf(given_.size())];
    r[Role::kFamilyName] = family_[Zipf(family_.size())];
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", 1940 + int(rng_() % 70), 1 + int(rng_() % 12),
                  1 + int(rng_() % 28));
    r[Role::kDob] = buf;
    std::snprintf(buf, sizeof(buf), "%c%c%d %d%c%c", 'A' + int(rng_() % 26), 'A' + int(rng_() % 26),
                  int(rng_() % 30), int(rng_() % 10), 'A' + int(rng_() % 26),
                  'A' + int(rng_() % 26));
    r[Role::kPostcode] = buf;
    if (rng_() % 2)
      r[Role::kEmail] = r[Role::kGivenName] + std::to_string(rng_() % 100) + "@mail.com";
    if (rng_() % 3 == 0) r[Role::kPhone] = "07700 9" + std::to_string(10000 + rng_() % 89999);
    return r;
  }

  InputRecord Noisy(const InputRecord& original) {
    InputRecord r = original;
    r.id += "-dup";
    switch (rng_() % 4) {
      case 0:
        Typo(r[Role::kFamilyName]);
        break;
      case 1:
        Typo(r[Role::kGivenName]);
        break;
      case 2:
        r[Role::kDob][9] = static_cast<char>('0' + rng_() % 10);
        break;
      default:
        r[Role::kPostcode].clear();
        break;
    }
    return r;
  }

 private:
  std::string Word(int syllables) {
    static const char* kParts[] = {"ar",  "ben", "cor", "dal", "el",  "fin", "gar", "hol",  "is",
                                   "jon", "kel", "lan", "mor", "nel", "os",  "per", "quin", "ros",
                                   "sel", "tam", "ul",  "ven", "wil", "yor", "zan", "ley",  "ton"};
    std::string w;
    for (int s = 0; s < syllables; ++s) w += kParts[rng_() % std::size(kParts)];
    return w;
  }
  size_t Zipf(size_t n) {
    // Skewed choice: a few very common values, a long tail of rare ones.
    const double u = std::uniform_real_distribution<double>(0, 1)(rng_);
    return std::min(n - 1, static_cast<size_t>(std::pow(static_cast<double>(n), u)) - 1);
  }
  void Typo(std::string& s) {
    if (s.size() > 2) std::swap(s[1 + rng_() % (s.size() - 2)], s[s.size() - 1]);
  }

  std::mt19937_64 rng_;
  std::vector<std::string> given_, family_;
};

std::vector<InputRecord> MakeRecords(size_t people) {
  Population pop(42);
  std::vector<InputRecord> records;
  for (size_t i = 0; i < people; ++i) {
    records.push_back(pop.Person(i));
    if (i % 2 == 0) records.push_back(pop.Noisy(records.back()));
  }
  return records;
}

void BM_ScoreCandidatePairs(benchmark::State& state) {
  const Dataset data =
      MakeDataset(MakeRecords(static_cast<size_t>(state.range(0))), NicknameTable());
  auto model = TrainModel(data, {}, EngineOptions{});
  if (!model.ok()) {
    state.SkipWithError("training failed");
    return;
  }
  auto rules = ParseBlockingRules(model->blocking_rules);
  const auto candidates = GenerateCandidates(data.features, data.sources, *rules, {});
  const Scorer scorer(*model);
  const std::span<const CandidatePair> pairs = candidates.pairs;
  std::vector<float> weights(4096);
  size_t scored = 0;
  for (auto _ : state) {
    // In batches, as the batch run scores what blocking hands it (LinkDataset).
    float sum = 0;
    for (size_t i = 0; i < pairs.size(); i += weights.size()) {
      const auto batch = pairs.subspan(i, std::min(weights.size(), pairs.size() - i));
      scorer.Weights(data.features, batch, weights);
      for (size_t k = 0; k < batch.size(); ++k) sum += weights[k];
    }
    benchmark::DoNotOptimize(sum);
    scored += candidates.pairs.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(scored));
  state.counters["candidates"] = static_cast<double>(candidates.pairs.size());
}
BENCHMARK(BM_ScoreCandidatePairs)->Arg(50000)->Unit(benchmark::kMillisecond);

void BM_OnlineLink(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  // Train on a sample, as a deployment would, then index the whole population.
  const Dataset sample = MakeDataset(MakeRecords(20000), NicknameTable());
  auto model = TrainModel(sample, {}, EngineOptions{});
  auto index = OnlineIndex::Create(*model, NicknameTable());
  if (!model.ok() || !index.ok()) {
    state.SkipWithError("setup failed");
    return;
  }
  Population pop(7);
  std::vector<InputRecord> queries;
  index->Reserve(n);
  for (size_t i = 0; i < n; ++i) {
    InputRecord r = pop.Person(i);
    if (i % 997 == 0) queries.push_back(pop.Noisy(r));
    index->Add(r);
  }
  std::vector<double> latencies_ms;
  size_t q = 0, found = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    const auto matches = index->Link(queries[q++ % queries.size()]);
    latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
    found += !matches.empty();
    benchmark::DoNotOptimize(matches);
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto pct = [&](double p) {
    return latencies_ms[static_cast<size_t>(p * (latencies_ms.size() - 1))];
  };
  state.counters["p50_ms"] = pct(0.50);
  state.counters["p99_ms"] = pct(0.99);
  state.counters["max_ms"] = latencies_ms.back();
  state.counters["found_rate"] =
      static_cast<double>(found) / static_cast<double>(latencies_ms.size());
  state.counters["records"] = static_cast<double>(index->size());
}
BENCHMARK(BM_OnlineLink)->Arg(1000000)->Iterations(5000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace threadline::linkage

BENCHMARK_MAIN();
