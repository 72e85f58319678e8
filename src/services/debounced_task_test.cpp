// DebouncedTask: one run for a burst of requests, another for requests
// that arrive while it runs, none without a request, and a clean stop.

#include "services/debounced_task.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace threadline::services {
namespace {

using std::chrono::milliseconds;

// Waits up to two seconds for `runs` to reach `n`.
bool Reaches(const std::atomic<int>& runs, int n) {
  for (int i = 0; i < 200 && runs.load() < n; ++i) std::this_thread::sleep_for(milliseconds(10));
  return runs.load() >= n;
}

TEST(DebouncedTask, ABurstOfPokesRunsTheTaskOnce) {
  std::atomic<int> runs{0};
  DebouncedTask task([&] { ++runs; }, milliseconds(50));
  for (int i = 0; i < 20; ++i) task.Poke();
  ASSERT_TRUE(Reaches(runs, 1));
  std::this_thread::sleep_for(milliseconds(200));
  EXPECT_EQ(runs.load(), 1);
}

TEST(DebouncedTask, APokeWhileRunningAsksForOneMoreRun) {
  std::atomic<int> runs{0};
  std::atomic<bool> release{false};
  DebouncedTask task(
      [&] {
        ++runs;
        while (runs.load() == 1 && !release.load()) std::this_thread::sleep_for(milliseconds(5));
      },
      milliseconds(10));
  task.Poke();
  ASSERT_TRUE(Reaches(runs, 1));
  task.Poke();  // while the first run is still going
  task.Poke();
  release = true;
  ASSERT_TRUE(Reaches(runs, 2));
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_EQ(runs.load(), 2);
}

TEST(DebouncedTask, NothingRunsWithoutAPokeAndStoppingIsPrompt) {
  std::atomic<int> runs{0};
  const auto start = std::chrono::steady_clock::now();
  {
    DebouncedTask task([&] { ++runs; }, milliseconds(5000));
    std::this_thread::sleep_for(milliseconds(50));
    task.Poke();  // waiting out its settle time when it is destroyed
  }
  EXPECT_EQ(runs.load(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(2000));
}

}  // namespace
}  // namespace threadline::services
