#include "linkage/string_metrics.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdlib>

namespace threadline::linkage {
namespace {
constexpr size_t kMaxLen = 64;
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
  return (m / la + m / lb + (m - half_transpositions / 2) / m) / 3.0;
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
