#pragma once
// The one source of randomness in the generator.
//
// Every draw goes through Rng so that equal seeds give byte-identical output
// on every platform: the standard distributions are implementation-defined,
// so we use only the engine's raw 64-bit output (which the standard fixes for
// std::mt19937_64) and map it to ranges ourselves. Not thread-safe; one Rng
// per generator run.

#include <cstdint>
#include <random>
#include <span>
#include <string_view>

namespace threadline::synth {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  uint64_t Next() { return engine_(); }

  // Uniform in [0, n); n must be > 0. Lemire's multiply-shift with rejection,
  // so it is unbiased and does not depend on the standard library.
  uint64_t Below(uint64_t n) {
    unsigned __int128 m = static_cast<unsigned __int128>(engine_()) * n;
    auto low = static_cast<uint64_t>(m);
    if (low < n) {
      const uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<unsigned __int128>(engine_()) * n;
        low = static_cast<uint64_t>(m);
      }
    }
    return static_cast<uint64_t>(m >> 64);
  }

  // Uniform integer in [lo, hi] (inclusive); lo <= hi.
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }

  // Uniform in [0, 1) with 53 bits.
  double Unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

  bool Chance(double p) { return Unit() < p; }

  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[Below(items.size())];
  }
  std::string_view Pick(std::initializer_list<std::string_view> items) {
    return items.begin()[Below(items.size())];
  }

  // For domain::NextId, which takes an engine.
  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
};

}  // namespace threadline::synth
