// Screening throughput: screenings per second on one core. Answers are
// parsed once outside the loop (as the service does per request), so this
// measures the classifier itself: rules, reasons, risk, counting, actions.
#include <benchmark/benchmark.h>

#include <atomic>
#include <boost/json.hpp>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "refdata/refdata.hpp"
#include "screening/screener.hpp"

// glibc's free() pairs with the malloc() below; GCC cannot see that.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
// Counts heap allocations so the benchmark can report allocations per
// screening alongside the rate.
static std::atomic<uint64_t> g_allocations{0};
void* operator new(size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace {

using threadline::screening::Answers;
using threadline::screening::Screener;

const Screener& TheScreener() {
  static const auto s = Screener::Load(threadline::refdata::RefData());
  return s.value();
}

// A mix of realistic reports: thin, harassment, stalking with history,
// ex-partner stalking with coercive control, a single message.
std::vector<std::string> Inputs() {
  const std::string four = R"("four_fixated":"yes","four_obsessive":"yes",)"
                           R"("four_unwanted":"yes","four_repeated":"yes",)";
  return {
      R"({"questionnaire_version":"v1","answers":{"four_fixated":"unknown",)"
      R"("four_obsessive":"unknown","four_unwanted":"unknown","four_repeated":"unknown",)"
      R"("relationship":"stranger"}})",
      R"({"questionnaire_version":"v1","answers":{"four_fixated":"no","four_obsessive":"no",)"
      R"("four_unwanted":"yes","four_repeated":"yes","relationship":"neighbour","occasions":5,)"
      R"("alarm_distress":"yes","behaviours":["contacting","property_damage"],)"
      R"("fear_of_violence":"no","risk_property_damaged":"yes"}})",
      R"({"questionnaire_version":"v1","answers":{)" + four +
          R"("relationship":"acquaintance","occasions":9,"alarm_distress":"yes",)"
          R"("behaviours":["following","loitering","tracking_device"],"fear_of_violence":"yes",)"
          R"("fear_of_violence_occasions":2,"risk_very_frightened":"yes","risk_escalation":"yes"},)"
          R"("history":[{"incident":"INC-1","recorded_as":"harassment_s2","crime_status":"open",)"
          R"("crime_reference":"CR/1","behaviours":["contacting"]},{"incident":"INC-2",)"
          R"("recorded_as":"malicious_communications","crime_status":"closed",)"
          R"("crime_reference":"CR/2"}]})",
      R"({"questionnaire_version":"v1","answers":{)" + four +
          R"("relationship":"ex_partner","occasions":20,"alarm_distress":"yes",)"
          R"("behaviours":["following","contacting","monitoring_communications"],)"
          R"("coercive_indicators":["isolating","monitoring_movements"],)"
          R"("serious_alarm_distress":"yes","daily_life_changes":["moved_home"],)"
          R"("threats_physical":"yes","risk_previous_stalking":"yes"}})",
      R"({"questionnaire_version":"v1","answers":{"four_fixated":"no","four_obsessive":"no",)"
      R"("four_unwanted":"yes","four_repeated":"no","relationship":"unknown_online",)"
      R"("occasions":1,"single_communication":"yes","communication_nature":["threatening"]}})",
  };
}

std::vector<Answers> Parsed() {
  std::vector<Answers> out;
  for (const auto& text : Inputs()) out.push_back(TheScreener().ParseAnswers(text).value());
  return out;
}

void BM_Classify(benchmark::State& state) {
  const Screener& s = TheScreener();
  const auto answers = Parsed();
  size_t i = 0;
  const uint64_t allocs = g_allocations.load();
  for (auto _ : state) {
    benchmark::DoNotOptimize(s.Classify(answers[i]));
    i = (i + 1) % answers.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["allocs_per_screening"] =
      static_cast<double>(g_allocations.load() - allocs) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Classify);

// Per-kind figures, to see which report shape costs most.
void BM_ClassifyOne(benchmark::State& state) {
  const Screener& s = TheScreener();
  const Answers a = Parsed()[state.range(0)];
  for (auto _ : state) benchmark::DoNotOptimize(s.Classify(a));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ClassifyOne)->DenseRange(0, 4);

// Parse + classify: what one HTTP request costs the engine, JSON included.
void BM_ParseAndClassify(benchmark::State& state) {
  const Screener& s = TheScreener();
  const auto inputs = Inputs();
  size_t i = 0;
  for (auto _ : state) {
    auto a = s.ParseAnswers(inputs[i]);
    benchmark::DoNotOptimize(s.Classify(a.value()));
    i = (i + 1) % inputs.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseAndClassify);

}  // namespace

BENCHMARK_MAIN();
