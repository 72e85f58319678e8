#include "services/rate_limiter.hpp"

#include <algorithm>

namespace threadline::services {

namespace {
constexpr size_t kForgetAbove = 100000;  // keys held before quiet ones are dropped
}  // namespace

int64_t RateLimiter::Take(const std::string& key, int64_t now) {
  std::lock_guard lock(mutex_);
  auto& times = times_[key];
  while (!times.empty() && times.front() <= now - window_) times.pop_front();
  if (static_cast<int>(times.size()) >= limit_) {
    return std::max<int64_t>(1, times.front() + window_ - now);
  }
  times.push_back(now);
  if (times_.size() > kForgetAbove) {
    std::erase_if(times_, [&](const auto& kv) {
      return kv.second.empty() || kv.second.back() <= now - window_;
    });
  }
  return 0;
}

}  // namespace threadline::services
