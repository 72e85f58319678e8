#pragma once
// The outside world's time, behind a seam so tests can fix it.

#include <cstdint>
#include <functional>

#include "domain/datetime.hpp"

namespace threadline::services {

using Clock = std::function<int64_t()>;  // seconds since the epoch

inline Clock SystemClock() {
  return [] { return domain::NowSeconds(); };
}

}  // namespace threadline::services
