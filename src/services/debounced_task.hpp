#pragma once
// A task run on its own thread shortly after it is asked for, once for any
// number of requests that arrive while it waits or runs: the running server
// recomputes derived data (linkage findings) soon after reports arrive,
// without making the request that stored a report wait for it, and without
// recomputing once per report in a burst.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace threadline::services {

class DebouncedTask {
 public:
  // Runs `task` `settle` after the first Poke() of a quiet period; Pokes
  // while it waits or runs ask for one more run after it.
  DebouncedTask(std::function<void()> task, std::chrono::milliseconds settle);
  // Stops waiting, lets a running task finish, and joins the thread.
  ~DebouncedTask();
  DebouncedTask(const DebouncedTask&) = delete;
  DebouncedTask& operator=(const DebouncedTask&) = delete;

  void Poke();

 private:
  void Loop();

  std::function<void()> task_;
  std::chrono::milliseconds settle_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace threadline::services
