#include "api/handler_fiber.hpp"

#include <boost/context/protected_fixedsize_stack.hpp>
#include <mutex>
#include <utility>
#include <vector>

namespace threadline::api {
namespace {

namespace ctx = boost::context;

// Stacks are reused: mapping and unmapping one for every request would cost
// two system calls and a flush of every core's address cache. Each has a
// guard page below it, so an overflow stops the process instead of
// writing over the heap. The deepest a handler went, over every test and
// the HTTP benchmark, was about 20 KiB.
constexpr std::size_t kStackBytes = std::size_t{512} * 1024;
constexpr std::size_t kIdleStacksKept = 128;

struct StackPool {
  std::mutex mutex;
  std::vector<ctx::stack_context> idle;
};

StackPool& Pool() {
  static StackPool* pool = new StackPool;  // never destroyed: fibers may outlive statics
  return *pool;
}

class PooledStack {
 public:
  ctx::stack_context allocate() {
    {
      const std::lock_guard lock(Pool().mutex);
      if (!Pool().idle.empty()) {
        const ctx::stack_context s = Pool().idle.back();
        Pool().idle.pop_back();
        return s;
      }
    }
    return ctx::protected_fixedsize_stack(kStackBytes).allocate();
  }

  void deallocate(ctx::stack_context& s) noexcept {
    {
      const std::lock_guard lock(Pool().mutex);
      if (Pool().idle.size() < kIdleStacksKept) {
        Pool().idle.push_back(s);
        return;
      }
    }
    ctx::protected_fixedsize_stack(kStackBytes).deallocate(s);
  }
};

}  // namespace

HandlerFiber::HandlerFiber(std::function<void()> body, Awaiter::Resume wake)
    : body_(std::move(body)),
      wake_(std::move(wake)),
      fiber_(std::allocator_arg, PooledStack(), [this](ctx::fiber&& caller) {
        caller_ = std::move(caller);
        body_();
        done_ = true;
        return std::move(caller_);
      }) {}

bool HandlerFiber::Resume() {
  const AwaiterScope on_this_fiber(this);
  fiber_ = std::move(fiber_).resume();
  return done_;
}

void HandlerFiber::Await(const std::function<void(Awaiter::Resume)>& start) {
  // `start` runs on Resume()'s side of the switch, with this fiber already
  // stopped; it returns the fiber for Resume() to keep. A wake caused by the
  // work is run on the strand, so after Resume() has kept it.
  caller_ = std::move(caller_).resume_with([&](ctx::fiber&& set_aside) {
    start(wake_);
    return std::move(set_aside);
  });
}

}  // namespace threadline::api
