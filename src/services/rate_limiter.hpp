#pragma once
// A sliding-window limit on requests per key (a client address): at most
// `limit` requests in any `window_seconds`. Thread-safe; memory is bounded by
// forgetting keys that have been quiet for a whole window once many are held.

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace threadline::services {

class RateLimiter {
 public:
  RateLimiter(int limit, int64_t window_seconds) : limit_(limit), window_(window_seconds) {}

  // Counts one request of `key` at `now` and answers 0; or, when `key` has
  // used its limit in the window, counts nothing and answers how many
  // seconds until the oldest request leaves the window (at least 1).
  int64_t Take(const std::string& key, int64_t now);

  int limit() const { return limit_; }
  int64_t window_seconds() const { return window_; }

 private:
  int limit_;
  int64_t window_;
  std::mutex mutex_;
  std::map<std::string, std::deque<int64_t>> times_;
};

}  // namespace threadline::services
