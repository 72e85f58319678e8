#include "domain/ids.hpp"

#include <sys/random.h>

#include <array>
#include <chrono>

namespace threadline::domain {
namespace {
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// Every id in a request is checked before the store is asked: one table
// lookup per character rather than a search of the alphabet.
constexpr std::array<bool, 256> kInAlphabet = [] {
  std::array<bool, 256> in{};
  for (char c : kAlphabet) in[static_cast<unsigned char>(c)] = true;
  return in;
}();
}  // namespace

Id MakeId(int64_t unix_ms, uint64_t rand_hi, uint64_t rand_lo) {
  // 128 bits: [48 time][16 from rand_hi][64 rand_lo], written as 26 base32 digits
  // (130 bits, the top two always zero).
  const uint64_t hi = (static_cast<uint64_t>(unix_ms) << 16) | (rand_hi >> 48);
  const uint64_t lo = rand_lo;
  Id out(26, '0');
  for (int i = 25; i >= 0; --i) {
    const int bit = (25 - i) * 5;  // bit offset of this digit from the least significant end
    uint64_t digit = 0;
    if (bit < 64) {
      digit = lo >> bit;
      if (bit > 59) digit |= hi << (64 - bit);
    } else {
      digit = hi >> (bit - 64);
    }
    out[static_cast<size_t>(i)] = kAlphabet[digit & 31U];
  }
  return out;
}

bool IsWellFormedId(std::string_view text) {
  if (text.size() != 26) return false;
  if (text[0] > '7') return false;  // the top two bits are always zero
  for (char c : text) {
    if (!kInAlphabet[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

Id NewId() {
  thread_local std::random_device device;
  thread_local std::mt19937_64 engine{(static_cast<uint64_t>(device()) << 32) | device()};
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  // Mix fresh device entropy into every id so a leaked engine state does not
  // predict future ids: 64 bits in one system call (random_device gives 32
  // a call).
  std::uniform_int_distribution<uint64_t> dist;
  uint64_t fresh = 0;
  if (::getrandom(&fresh, sizeof fresh, 0) != static_cast<ssize_t>(sizeof fresh)) {
    fresh = (static_cast<uint64_t>(device()) << 32) | device();
  }
  return MakeId(now, dist(engine), dist(engine) ^ fresh);
}

}  // namespace threadline::domain
