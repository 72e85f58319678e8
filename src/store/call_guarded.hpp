#pragma once
// Runs a store callback so that an exception it throws becomes an internal
// error. A transaction must end in a commit or a rollback whatever a
// callback does, and the connection or the group commit it held must be
// given back: otherwise one callback's failure becomes every later
// request's (a pool that never gets its connection back, a writer with no
// leader).

#include <exception>
#include <string>

#include "domain/result.hpp"

namespace threadline::store {

template <typename Fn>
Status CallGuarded(Fn&& fn) noexcept {
  try {
    return fn();
  } catch (const std::exception& e) {
    return Internal(std::string("a callback inside a transaction threw: ") + e.what());
  } catch (...) {
    return Internal("a callback inside a transaction threw");
  }
}

}  // namespace threadline::store
