#include "domain/awaiter.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

namespace threadline {
namespace {

// Each thread's own: a fiber that goes on on another thread sees that
// thread's, as it should, since each runner sets it around the fiber.
thread_local Awaiter* current = nullptr;

}  // namespace

Awaiter* CurrentAwaiter() { return current; }

AwaiterScope::AwaiterScope(Awaiter* awaiter) : before_(current) { current = awaiter; }

AwaiterScope::~AwaiterScope() { current = before_; }

void BlockingAwaiter::Await(const std::function<void(Resume)>& start) {
  std::mutex mutex;
  std::condition_variable resumed;
  bool done = false;
  // Told under the lock, so this cannot see itself done and free the
  // condition variable before the notification is over.
  start([&] {
    const std::lock_guard lock(mutex);
    done = true;
    resumed.notify_one();
  });
  std::unique_lock lock(mutex);
  resumed.wait(lock, [&] { return done; });
}

void RunAside(const std::function<void()>& work) {
  Awaiter* awaiter = CurrentAwaiter();
  if (awaiter == nullptr) return work();
  // One thread per core: the work is the processor's. Never destroyed, so
  // a fiber still waiting at exit finds it.
  static auto* pool =
      new boost::asio::thread_pool(std::max<std::size_t>(2, std::thread::hardware_concurrency()));
  std::exception_ptr failed;
  awaiter->Await([&](Awaiter::Resume resume) {
    boost::asio::post(*pool, [&work, &failed, resume = std::move(resume)] {
      try {
        work();
      } catch (...) {
        failed = std::current_exception();
      }
      resume();
    });
  });
  if (failed) std::rethrow_exception(failed);
}

}  // namespace threadline
