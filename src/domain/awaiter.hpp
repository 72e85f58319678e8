#pragma once
// Waiting without holding a thread.
//
// Code that waits for work done on another thread (a write waiting for its
// commit to reach the disk) asks CurrentAwaiter() how to wait. On a plain
// thread there is none, and the code blocks the thread as usual. On a
// server fiber the fiber is set aside while it waits, and its thread goes on
// serving other requests.
//
// A fiber set aside may go on on another thread than the one it left. So
// nothing tied to a thread may be held across such a wait: no lock on a
// std::mutex, no reference into a thread_local, and nothing the compiler
// may keep from before the wait in the same function (pthread_self(),
// errno). Nor may a wait happen inside the initialisation of a static: the
// other threads reaching it would block until the fiber came back, perhaps
// with no thread left to bring it back. Code that must hold such a thing
// over a wait says so with a KeepThread guard: its waits then block the
// thread instead.

#include <functional>

namespace threadline {

class Awaiter {
 public:
  // Called once, from any thread, when the awaited work is done.
  using Resume = std::function<void()>;

  // Sets the calling fiber aside, then calls `start(resume)`: `start` hands
  // the work to another thread, which calls `resume` when it is done.
  // Returns after that, possibly on another thread.
  virtual void Await(const std::function<void(Resume)>& start) = 0;

 protected:
  ~Awaiter() = default;
};

// Waits by blocking the calling thread until `resume` is called: how code
// not on a fiber waits through the same interface.
class BlockingAwaiter final : public Awaiter {
 public:
  void Await(const std::function<void(Resume)>& start) override;
};

// The awaiter of the fiber this thread is running; null on a plain thread
// and inside a KeepThread.
Awaiter* CurrentAwaiter();

// Makes `awaiter` this thread's current one for the guard's lifetime, then
// puts back the one before.
class AwaiterScope {
 public:
  explicit AwaiterScope(Awaiter* awaiter);
  ~AwaiterScope();
  AwaiterScope(const AwaiterScope&) = delete;
  AwaiterScope& operator=(const AwaiterScope&) = delete;

 private:
  Awaiter* before_;
};

// Within it, waits block the thread: for code that holds a lock over a write.
class KeepThread : public AwaiterScope {
 public:
  KeepThread() : AwaiterScope(nullptr) {}
};

// Runs `work` and returns when it is done, passing on what it throws. On a
// fiber it runs on a thread of a small pool of its own while the fiber is
// set aside, so long work (a password hash: a quarter of a second of
// processor) does not hold up the other requests of the fiber's thread;
// anywhere else it runs on the calling thread.
void RunAside(const std::function<void()>& work);

}  // namespace threadline
