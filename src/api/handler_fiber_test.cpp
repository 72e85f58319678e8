// Handlers on fibers (handler_fiber.hpp): a handler that waits is set aside
// and goes on where it stopped, on whichever thread resumes it, with its
// own stack intact.
#include "api/handler_fiber.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <functional>
#include <future>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace threadline::api {
namespace {

// Waits through the fiber's awaiter, handing the resume to `parked`.
void WaitParked(std::vector<Awaiter::Resume>& parked) {
  Awaiter* awaiter = CurrentAwaiter();
  ASSERT_NE(awaiter, nullptr);
  awaiter->Await([&](Awaiter::Resume resume) { parked.push_back(std::move(resume)); });
}

TEST(HandlerFiber, ABodyThatNeverWaitsFinishesOnTheFirstResume) {
  Awaiter* seen = nullptr;
  int wakes = 0;
  HandlerFiber fiber([&] { seen = CurrentAwaiter(); }, [&] { ++wakes; });
  EXPECT_TRUE(fiber.Resume());
  EXPECT_EQ(seen, &fiber);               // inside, waits go through the fiber
  EXPECT_EQ(CurrentAwaiter(), nullptr);  // outside, they block again
  EXPECT_EQ(wakes, 0);
}

TEST(HandlerFiber, AWaitSetsTheBodyAsideUntilItIsWokenAndResumed) {
  std::vector<Awaiter::Resume> parked;
  int wakes = 0;
  std::vector<std::string> steps;
  HandlerFiber fiber(
      [&] {
        steps.emplace_back("before");
        WaitParked(parked);
        steps.emplace_back("after");
      },
      [&] { ++wakes; });
  EXPECT_FALSE(fiber.Resume());
  EXPECT_EQ(steps, std::vector<std::string>{"before"});
  ASSERT_EQ(parked.size(), 1U);
  EXPECT_EQ(wakes, 0);
  parked.front()();  // the work is done: the fiber's wake is called
  EXPECT_EQ(wakes, 1);
  EXPECT_EQ(steps.size(), 1U);  // waking only asks for a resume
  EXPECT_TRUE(fiber.Resume());
  EXPECT_EQ(steps, (std::vector<std::string>{"before", "after"}));
}

// The work may finish, and wake the fiber, before Await's caller has even
// returned from Resume(): the fiber is already set aside by then.
TEST(HandlerFiber, WorkThatFinishesAtOnceStillResumesTheFiber) {
  int wakes = 0;
  bool after = false;
  HandlerFiber fiber(
      [&] {
        CurrentAwaiter()->Await([](const Awaiter::Resume& resume) { resume(); });
        after = true;
      },
      [&] { ++wakes; });
  EXPECT_FALSE(fiber.Resume());
  EXPECT_EQ(wakes, 1);
  EXPECT_TRUE(fiber.Resume());
  EXPECT_TRUE(after);
}

// A fiber resumed on another thread goes on there, with that thread's
// awaiter the fiber itself again. (The thread is asked with a system call:
// the compiler may keep pthread_self()'s answer from before the wait.)
TEST(HandlerFiber, GoesOnOnTheThreadThatResumesIt) {
  std::vector<Awaiter::Resume> parked;
  pid_t before = 0;
  pid_t after = 0;
  Awaiter* awaiter_after = nullptr;
  HandlerFiber fiber(
      [&] {
        before = ::gettid();
        WaitParked(parked);
        after = ::gettid();
        awaiter_after = CurrentAwaiter();
      },
      [] {});
  ASSERT_FALSE(fiber.Resume());
  bool finished = false;
  std::thread([&] { finished = fiber.Resume(); }).join();
  EXPECT_TRUE(finished);
  EXPECT_EQ(before, ::gettid());
  EXPECT_NE(after, before);
  EXPECT_EQ(awaiter_after, &fiber);
}

// Many fibers set aside at once each keep their own stack, and are resumed
// in any order.
TEST(HandlerFiber, ManySetAsideAtOnceKeepTheirOwnStacks) {
  constexpr int kFibers = 64;
  std::vector<Awaiter::Resume> parked;
  std::vector<long> sums(kFibers, -1);
  std::vector<std::unique_ptr<HandlerFiber>> fibers;
  for (int i = 0; i < kFibers; ++i) {
    fibers.push_back(std::make_unique<HandlerFiber>(
        [&, i] {
          std::array<long, 512> local{};  // on the fiber's stack, across the wait
          std::iota(local.begin(), local.end(), static_cast<long>(i));
          WaitParked(parked);
          sums[i] = std::accumulate(local.begin(), local.end(), 0L);
        },
        [] {}));
    ASSERT_FALSE(fibers.back()->Resume());
  }
  for (int i = kFibers - 1; i >= 0; --i) EXPECT_TRUE(fibers[i]->Resume());
  for (int i = 0; i < kFibers; ++i) EXPECT_EQ(sums[i], 512L * i + 511L * 512L / 2) << i;
}

// A handler has room on its stack for a quarter of a mebibyte at least.
TEST(HandlerFiber, ABodyHasAQuarterOfAMebibyteOfStack) {
  volatile unsigned char sink = 0;
  HandlerFiber fiber(
      [&] {
        std::array<unsigned char, 256 * 1024> big;  // NOLINT: deliberately on the stack
        for (size_t i = 0; i < big.size(); i += 4096) big[i] = static_cast<unsigned char>(i);
        big[big.size() - 1] = 1;
        sink = big[4096] + big[big.size() - 1];
      },
      [] {});
  EXPECT_TRUE(fiber.Resume());
  EXPECT_EQ(sink, 1);
}

// Long work on a fiber runs on another thread while the fiber is set aside;
// what it throws comes back to the fiber.
TEST(HandlerFiber, WorkRunAsideLeavesTheThreadFreeUntilItIsDone) {
  std::promise<void> woken;
  pid_t worked_on = 0;
  bool caught = false;
  HandlerFiber fiber(
      [&] {
        RunAside([&] { worked_on = ::gettid(); });
        try {
          RunAside([] { throw std::runtime_error("from the work"); });
        } catch (const std::runtime_error& e) {
          caught = std::string(e.what()) == "from the work";
        }
      },
      [&] { woken.set_value(); });
  EXPECT_FALSE(fiber.Resume());  // set aside while the work runs
  ASSERT_EQ(woken.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  woken = {};
  EXPECT_FALSE(fiber.Resume());  // the second piece of work
  ASSERT_EQ(woken.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_TRUE(fiber.Resume());
  EXPECT_NE(worked_on, 0);
  EXPECT_NE(worked_on, ::gettid());
  EXPECT_TRUE(caught);
}

TEST(HandlerFiber, WorkRunAsideOffAFiberRunsOnTheCallingThread) {
  pid_t worked_on = 0;
  RunAside([&] { worked_on = ::gettid(); });
  EXPECT_EQ(worked_on, ::gettid());
}

}  // namespace
}  // namespace threadline::api
