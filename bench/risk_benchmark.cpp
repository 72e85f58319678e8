// Risk engines on one core: RFGV ranking of the perpetrators of 1,000,000
// incidents (the target is well under 2 s), and tier suggestions per second.
//
// The incidents are synthetic: 150,000 perpetrators drawn Zipf-like (a few
// prolific, most with one or two incidents), ids scattered over 64 bits so
// the input is in no useful order, most perpetrators with one victim and
// some with several, dates spread over a little more than the window.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "refdata/refdata.hpp"
#include "risk/harm_ranking.hpp"
#include "risk/tiering.hpp"

namespace {

using threadline::risk::HarmIncident;
using threadline::risk::RfgvModel;
using threadline::risk::TierRules;
using threadline::risk::TriageFacts;

constexpr int32_t kToday = 20600;

const RfgvModel& Model() {
  static const auto m = RfgvModel::Load(threadline::refdata::RefData());
  return m.value();
}

const TierRules& Rules() {
  static const auto r = TierRules::Load(threadline::refdata::RefData());
  return r.value();
}

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::vector<HarmIncident> Incidents(size_t n, size_t perpetrators) {
  std::mt19937_64 rng(20260528);
  // Zipf-like ranks: weight 1 / (rank + 1)^0.9, drawn by inverse CDF.
  std::vector<double> cdf(perpetrators);
  double total = 0;
  for (size_t k = 0; k < perpetrators; ++k) {
    total += 1.0 / std::pow(static_cast<double>(k + 1), 0.9);
    cdf[k] = total;
  }
  std::uniform_real_distribution<double> u(0, total);
  const auto codes = static_cast<uint16_t>(Model().weights.size());
  std::vector<HarmIncident> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const auto rank =
        static_cast<uint64_t>(std::lower_bound(cdf.begin(), cdf.end(), u(rng)) - cdf.begin());
    const uint64_t perp = SplitMix(rank);
    // One victim for most; prolific perpetrators spread over a few.
    const uint64_t victim = SplitMix(perp ^ (rng() % (rank < 1000 ? 6 : rank < 20000 ? 2 : 1)));
    const auto day = kToday + 10 - static_cast<int32_t>(rng() % 1200);
    out.push_back(HarmIncident{perp, victim, day, static_cast<uint16_t>(rng() % codes)});
  }
  return out;
}

void BM_RankPerpetrators(benchmark::State& state) {
  const auto incidents = Incidents(static_cast<size_t>(state.range(0)), 150000);
  const auto top_n = static_cast<size_t>(state.range(1));
  size_t ranked = 0;
  for (auto _ : state) {
    const auto scores = threadline::risk::RankPerpetrators(incidents, Model(), kToday, top_n);
    ranked = scores.size();
    benchmark::DoNotOptimize(scores.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["ranked"] = static_cast<double>(ranked);
}
// 1M incidents; the panel's top 40, and every perpetrator.
BENCHMARK(BM_RankPerpetrators)
    ->Args({1000000, 40})
    ->Args({1000000, 0})
    ->Unit(benchmark::kMillisecond);

std::vector<TriageFacts> Facts() {
  std::vector<TriageFacts> out(6);
  out[1].risk_level = "medium";
  out[1].escalating = true;
  out[2].risk_level = "high";
  out[2].threats_or_violence = true;
  out[3].is_stalking = false;
  out[4].mappa_managed = true;
  out[4].other_victims = 3;
  out[5].risk_level = "high";
  out[5].weapons = out[5].sexual_violence = out[5].mental_health_concern = true;
  out[5].incidents = 6;
  return out;
}

void BM_TierSuggest(benchmark::State& state) {
  const TierRules& rules = Rules();
  const auto facts = Facts();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(rules.Suggest(facts[i]));
    i = (i + 1) % facts.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TierSuggest);

}  // namespace

BENCHMARK_MAIN();
