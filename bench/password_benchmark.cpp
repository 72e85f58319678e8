// Argon2id cost: how long hashing and verifying one password takes at the
// default cost and at the alternatives it was chosen from. The target is about
// a quarter of a second per sign-in: slow for an offline guesser, still quick
// for a person. Arguments are (ops limit, memory in MiB).
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <string>

#include "access/password.hpp"

namespace {

using threadline::access::DefaultPasswordCost;
using threadline::access::HashPassword;
using threadline::access::PasswordCost;
using threadline::access::VerifyPassword;

constexpr const char* kPassword = "correct horse battery staple";

PasswordCost CostOf(const benchmark::State& state) {
  return {static_cast<unsigned long long>(state.range(0)),
          static_cast<size_t>(state.range(1)) * 1024 * 1024};
}

void Costs(benchmark::internal::Benchmark* b) {
  const PasswordCost d = DefaultPasswordCost();
  b->Args({static_cast<int64_t>(d.ops_limit), static_cast<int64_t>(d.mem_limit >> 20)});
  // libsodium's "interactive" limits, and more passes over the same memory.
  b->Args({2, 64})->Args({4, 64})->Args({6, 64})->Args({7, 64})->Args({8, 64})->Args({9, 64});
  // More memory instead of more passes, and libsodium's "moderate" limits.
  b->Args({2, 128})->Args({3, 256});
  b->ArgNames({"ops", "mib"})->Unit(benchmark::kMillisecond)->UseRealTime();
}

void BM_HashPassword(benchmark::State& state) {
  const PasswordCost cost = CostOf(state);
  for (auto _ : state) {
    auto hash = HashPassword(kPassword, cost);
    if (!hash.ok()) state.SkipWithError("hashing failed");
    benchmark::DoNotOptimize(hash);
  }
}
BENCHMARK(BM_HashPassword)->Apply(Costs);

void BM_VerifyPassword(benchmark::State& state) {
  const auto hash = HashPassword(kPassword, CostOf(state));
  if (!hash.ok()) {
    state.SkipWithError("hashing failed");
    return;
  }
  for (auto _ : state) {
    bool ok = VerifyPassword(kPassword, *hash);
    if (!ok) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(ok);
  }
}
BENCHMARK(BM_VerifyPassword)->Apply(Costs);

// The floor that only throwaway test and demo databases use.
void BM_VerifyPasswordMinimumCost(benchmark::State& state) {
  const auto hash = HashPassword(kPassword, threadline::access::MinimumPasswordCost());
  for (auto _ : state) {
    bool ok = VerifyPassword(kPassword, *hash);
    benchmark::DoNotOptimize(ok);
  }
}
BENCHMARK(BM_VerifyPasswordMinimumCost)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
