// Benchmarks of the synthetic-data generator (src/synth).
#include <benchmark/benchmark.h>

#include "synth/synth.hpp"

namespace threadline::synth {
namespace {

void BM_GenerateReports(benchmark::State& state) {
  refdata::RefData refdata;
  const auto agencies = *MakeAgencies(refdata, 1);
  Config config;
  config.reports = static_cast<size_t>(state.range(0));
  for (auto _ : state) {
    auto data = Generate(config, refdata, agencies);
    benchmark::DoNotOptimize(data);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_GenerateReports)->Arg(1000)->Arg(20000)->Unit(benchmark::kMillisecond);

void BM_StreamPersons(benchmark::State& state) {
  refdata::RefData refdata;
  const auto agencies = *MakeAgencies(refdata, 1);
  Config config;
  config.persons_only = static_cast<size_t>(state.range(0));
  for (auto _ : state) {
    size_t n = 0;
    auto status = StreamPersons(config, refdata, agencies,
                                [&](const domain::Person&, const std::string&) { ++n; });
    benchmark::DoNotOptimize(n);
    benchmark::DoNotOptimize(status);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_StreamPersons)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace threadline::synth

BENCHMARK_MAIN();
