// Which awaiter a thread's waits go through (awaiter.hpp).
#include "domain/awaiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace threadline {
namespace {

class NeverWaits final : public Awaiter {
 public:
  void Await(const std::function<void(Resume)>& start) override {
    start([] {});
  }
};

TEST(Awaiter, NoneOnAPlainThread) {
  EXPECT_EQ(CurrentAwaiter(), nullptr);
  std::thread([] { EXPECT_EQ(CurrentAwaiter(), nullptr); }).join();
}

TEST(Awaiter, AScopeSetsItForThisThreadOnlyAndPutsBackTheOneBefore) {
  NeverWaits outer;
  NeverWaits inner;
  {
    const AwaiterScope a(&outer);
    EXPECT_EQ(CurrentAwaiter(), &outer);
    std::thread([] { EXPECT_EQ(CurrentAwaiter(), nullptr); }).join();
    {
      const AwaiterScope b(&inner);
      EXPECT_EQ(CurrentAwaiter(), &inner);
    }
    EXPECT_EQ(CurrentAwaiter(), &outer);
  }
  EXPECT_EQ(CurrentAwaiter(), nullptr);
}

// Code holding a lock over a write keeps its thread: inside the guard there
// is no awaiter, after it the fiber's is back.
TEST(Awaiter, KeepThreadHidesTheAwaiterUntilItEnds) {
  NeverWaits fiber;
  const AwaiterScope on_fiber(&fiber);
  {
    const KeepThread held;
    EXPECT_EQ(CurrentAwaiter(), nullptr);
  }
  EXPECT_EQ(CurrentAwaiter(), &fiber);
}

// A thread not on a fiber waits through the same interface, blocked until
// another thread resumes it.
TEST(Awaiter, BlockingAwaiterReturnsOnlyOnceResumed) {
  BlockingAwaiter blocking;
  std::atomic<bool> worked{false};
  std::thread worker;
  blocking.Await([&](Awaiter::Resume resume) {
    worker = std::thread([&worked, resume = std::move(resume)] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      worked = true;
      resume();
    });
  });
  EXPECT_TRUE(worked);
  worker.join();
}

}  // namespace
}  // namespace threadline
