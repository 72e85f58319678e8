#pragma once
// A request handler run on a fiber of its own, so that while it waits for a
// commit (domain/awaiter.hpp) it is set aside and the I/O thread that ran it
// goes on with other connections. A few I/O threads then keep as many
// writes in flight as there are connections, with no thread per write.
//
// Not thread-safe: the server calls Resume() only on the connection's
// strand, never on two threads at once.

#include <boost/context/fiber.hpp>
#include <functional>

#include "domain/awaiter.hpp"

namespace threadline::api {

class HandlerFiber final : public Awaiter {
 public:
  // `body` runs on the fiber and must not throw. `wake` is called, from any
  // thread, when a fiber set aside may go on: it must arrange for Resume()
  // to be called (on the strand), not call it itself.
  HandlerFiber(std::function<void()> body, Awaiter::Resume wake);
  HandlerFiber(const HandlerFiber&) = delete;
  HandlerFiber& operator=(const HandlerFiber&) = delete;
  ~HandlerFiber() = default;

  // Runs the body until it finishes (true) or is set aside (false).
  bool Resume();

  void Await(const std::function<void(Awaiter::Resume)>& start) override;

 private:
  std::function<void()> body_;
  Awaiter::Resume wake_;
  boost::context::fiber fiber_;   // the body, when it is not running
  boost::context::fiber caller_;  // inside the body: where Resume() was called
  bool done_ = false;
};

}  // namespace threadline::api
