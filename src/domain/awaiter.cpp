#include "domain/awaiter.hpp"

namespace threadline {
namespace {

// Each thread's own: a fiber that goes on on another thread sees that
// thread's, as it should, since each runner sets it around the fiber.
thread_local Awaiter* current = nullptr;

}  // namespace

Awaiter* CurrentAwaiter() { return current; }

AwaiterScope::AwaiterScope(Awaiter* awaiter) : before_(current) { current = awaiter; }

AwaiterScope::~AwaiterScope() { current = before_; }

}  // namespace threadline
