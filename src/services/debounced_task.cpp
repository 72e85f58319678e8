#include "services/debounced_task.hpp"

#include <utility>

namespace threadline::services {

DebouncedTask::DebouncedTask(std::function<void()> task, std::chrono::milliseconds settle)
    : task_(std::move(task)), settle_(settle), worker_([this] { Loop(); }) {}

DebouncedTask::~DebouncedTask() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

void DebouncedTask::Poke() {
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  wake_.notify_all();
}

void DebouncedTask::Loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return pending_ || stopping_; });
    // Let a burst of requests settle into one run.
    if (wake_.wait_for(lock, settle_, [this] { return stopping_; })) return;
    pending_ = false;
    lock.unlock();
    task_();
    lock.lock();
  }
}

}  // namespace threadline::services
