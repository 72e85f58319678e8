// Course-of-conduct benchmark.
//
// BM_GroupCourses/120000: grouping 120,000 synthetic reports (seeded, with
//   the generator's persons resolved by their hidden truth) into courses of
//   conduct. BM_FindFindings/120000: every finding over that grouping.
// The dataset is generated once, outside the timed loop.
#include <benchmark/benchmark.h>

#include <map>

#include "linkage/conduct/conduct.hpp"
#include "synth/synth.hpp"

namespace threadline::linkage::conduct {
namespace {

struct Fixture {
  synth::Dataset data;
  EntityMap entities;
};

const Fixture& Data(size_t reports) {
  static std::map<size_t, Fixture> cache;
  auto it = cache.find(reports);
  if (it != cache.end()) return it->second;
  refdata::RefData refdata;
  auto agencies = synth::MakeAgencies(refdata, 7);
  synth::Config config;
  config.seed = 7;
  config.reports = reports;
  Fixture f{std::move(*synth::Generate(config, refdata, *agencies)), {}};
  std::map<std::string, std::string> code;
  for (const auto& a : f.data.agencies) code[a.id] = a.code;
  for (auto& r : f.data.reports) r.force_code = code[r.force_id];
  for (size_t i = 0; i < f.data.persons.size(); ++i) {
    f.entities[f.data.persons[i].id] = f.data.person_entity[i];
  }
  return cache.emplace(reports, std::move(f)).first->second;
}

void BM_GroupCourses(benchmark::State& state) {
  const Fixture& f = Data(static_cast<size_t>(state.range(0)));
  const Input in{f.data.reports, f.data.persons, &f.entities};
  size_t courses = 0;
  for (auto _ : state) {
    auto g = GroupCourses(in, Options{});
    courses = g->courses.size();
    benchmark::DoNotOptimize(g);
  }
  state.counters["courses"] = static_cast<double>(courses);
  state.counters["persons"] = static_cast<double>(f.data.persons.size());
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_GroupCourses)->Arg(120000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FindFindings(benchmark::State& state) {
  const Fixture& f = Data(static_cast<size_t>(state.range(0)));
  const Input in{f.data.reports, f.data.persons, &f.entities};
  const auto g = GroupCourses(in, Options{});
  size_t findings = 0;
  for (auto _ : state) {
    auto out = FindFindings(in, *g, Options{}, DefaultClassifier);
    findings = out.size();
    benchmark::DoNotOptimize(out);
  }
  state.counters["findings"] = static_cast<double>(findings);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_FindFindings)->Arg(120000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace threadline::linkage::conduct

BENCHMARK_MAIN();
