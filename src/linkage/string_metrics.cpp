#include "linkage/string_metrics.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>

namespace threadline::linkage {
namespace {
constexpr size_t kMaxLen = 64;

// The 32 letter classes LetterCounts keeps: one per letter (either case),
// one per two digits, and one for every other byte (spaces, punctuation,
// UTF-8). A shared class can hide a difference, never invent one.
constexpr std::array<uint8_t, 256> kLetterClass = [] {
  std::array<uint8_t, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    classes[c] = 31;
    if (c >= 'a' && c <= 'z') classes[c] = static_cast<uint8_t>(c - 'a');
    if (c >= 'A' && c <= 'Z') classes[c] = static_cast<uint8_t>(c - 'A');
    if (c >= '0' && c <= '9') classes[c] = static_cast<uint8_t>(26 + (c - '0') % 5);
  }
  return classes;
}();

// Bits set in x. std::popcount is a library call where the build cannot
// assume the instruction; this stays a few inline operations.
int PopCount(uint64_t x) {
  x -= (x >> 1) & 0x5555555555555555u;
  x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
  return static_cast<int>((x * 0x0101010101010101u) >> 56);
}

// Per class, whether it occurs at least once, twice, three times.
struct AtLeast {
  uint32_t once, twice, thrice;
};

AtLeast Unpack(uint64_t counts) {
  const auto low = static_cast<uint32_t>(counts), high = static_cast<uint32_t>(counts >> 32);
  return {low | high, high, low & high};
}

// A lower bound on the characters of x with no equal character in y: per
// class, x's occurrences beyond y's (both capped at three).
int Unmatched(const AtLeast& x, const AtLeast& y) {
  return PopCount(uint64_t{x.once & ~y.once} | uint64_t{x.twice & ~y.twice} << 32) +
         PopCount(x.thrice & ~y.thrice);
}

constexpr std::array<double, kMaxLen + 1> kInverse = [] {
  std::array<double, kMaxLen + 1> inverse{};
  for (size_t n = 1; n <= kMaxLen; ++n) inverse[n] = 1.0 / static_cast<double>(n);
  return inverse;
}();

}  // namespace

uint64_t LetterCounts(std::string_view text) {
  if (text.size() > kMaxLen) text = text.substr(0, kMaxLen);
  AtLeast c{0, 0, 0};
  for (unsigned char ch : text) {
    const uint32_t bit = uint32_t{1} << kLetterClass[ch];
    c.thrice |= c.twice & bit;
    c.twice |= c.once & bit;
    c.once |= bit;
  }
  // Two bits a class: the count, 0 to 3.
  const uint32_t low = (c.once & ~c.twice) | c.thrice;
  return low | uint64_t{c.twice} << 32;
}

double JaroWinklerUpperBound(std::string_view a, std::string_view b, uint64_t counts_a,
                             uint64_t counts_b) {
  const int la = static_cast<int>(std::min(a.size(), kMaxLen));
  const int lb = static_cast<int>(std::min(b.size(), kMaxLen));
  const AtLeast ca = Unpack(counts_a), cb = Unpack(counts_b);
  const int matches = std::min(la - Unmatched(ca, cb), lb - Unmatched(cb, ca));
  // Nothing in common: no match and no common prefix, so exactly 0.
  if (matches <= 0) return 0.0;
  size_t prefix = 0;
  const size_t max_prefix = std::min({a.size(), b.size(), size_t{4}});
  while (prefix < max_prefix && a[prefix] == b[prefix]) ++prefix;
  const double m = matches;
  const double jaro = (m * kInverse[la] + m * kInverse[lb] + 1.0) * (1.0 / 3.0);
  // The margin absorbs rounding, here and in the exact measure: a few
  // operations on doubles, each off by far less.
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro) + 1e-9;
}

bool WithinOneEdit(std::string_view a, std::string_view b) {
  if (a.size() > kMaxLen) a = a.substr(0, kMaxLen);
  if (b.size() > kMaxLen) b = b.substr(0, kMaxLen);
  if (a.size() < b.size()) std::swap(a, b);
  if (a.size() - b.size() > 1) return false;
  size_t i = 0;
  while (i < b.size() && a[i] == b[i]) ++i;
  if (i == b.size()) return true;
  // The first difference is the one edit: a substitution, or a's extra byte.
  return a.substr(i + 1) == b.substr(a.size() == b.size() ? i + 1 : i);
}

double Jaro(std::string_view a, std::string_view b) {
  if (a.size() > kMaxLen) a = a.substr(0, kMaxLen);
  if (b.size() > kMaxLen) b = b.substr(0, kMaxLen);
  if (a.empty() || b.empty()) return 0.0;
  if (a == b) return 1.0;
  const int la = static_cast<int>(a.size());
  const int lb = static_cast<int>(b.size());
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  // Bit-parallel matching: positions[c] has bit j set when b[j] == c, so each
  // character of a finds its first free match in its window with a few
  // instructions instead of a scan. Only the entries b uses are initialised.
  uint64_t positions[256];
  uint64_t present[4] = {0, 0, 0, 0};
  for (unsigned char c : b) {
    positions[c] = 0;
    present[c >> 6] |= uint64_t{1} << (c & 63);
  }
  for (int j = 0; j < lb; ++j) positions[static_cast<unsigned char>(b[j])] |= uint64_t{1} << j;
  uint64_t used_b = 0;  // bit j: b[j] already matched
  uint64_t matched_a = 0;
  int matches = 0;
  for (int i = 0; i < la; ++i) {
    const unsigned char c = static_cast<unsigned char>(a[i]);
    if (!(present[c >> 6] >> (c & 63) & 1)) continue;
    const int lo = std::max(0, i - window);
    const int hi = std::min(lb - 1, i + window);
    const uint64_t window_bits =
        (hi >= 63 ? ~uint64_t{0} : (uint64_t{1} << (hi + 1)) - 1) & ~((uint64_t{1} << lo) - 1);
    const uint64_t free = positions[c] & window_bits & ~used_b;
    if (free == 0) continue;
    used_b |= free & (~free + 1);  // lowest set bit
    matched_a |= uint64_t{1} << i;
    ++matches;
  }
  if (matches == 0) return 0.0;
  // Transpositions: matched characters of a and b, taken in order, that differ.
  int half_transpositions = 0;
  uint64_t rest_b = used_b;
  for (uint64_t rest_a = matched_a; rest_a != 0; rest_a &= rest_a - 1) {
    const int i = std::countr_zero(rest_a);
    const int j = std::countr_zero(rest_b);
    rest_b &= rest_b - 1;
    if (a[i] != b[j]) ++half_transpositions;
  }
  const double m = matches;
  // Whole transpositions (an odd one out is not counted), as the model was
  // trained with; a fractional count would change every score.
  const int transpositions = half_transpositions / 2;
  return (m / la + m / lb + (m - transpositions) / m) / 3.0;
}

double JaroWinkler(std::string_view a, std::string_view b) {
  const double jaro = Jaro(a, b);
  size_t prefix = 0;
  const size_t max_prefix = std::min({a.size(), b.size(), size_t{4}});
  while (prefix < max_prefix && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

int BoundedLevenshtein(std::string_view a, std::string_view b, int limit) {
  if (a.size() > kMaxLen) a = a.substr(0, kMaxLen);
  if (b.size() > kMaxLen) b = b.substr(0, kMaxLen);
  if (std::abs(static_cast<int>(a.size()) - static_cast<int>(b.size())) > limit) return limit + 1;
  int row[kMaxLen + 1];
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    int best = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
  }
  return std::min(row[b.size()], limit + 1);
}

}  // namespace threadline::linkage
