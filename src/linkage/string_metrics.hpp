#pragma once
// String similarity measures used by the comparators. Pure, allocation-free
// and bounded: strings longer than 64 bytes are compared on their first 64
// bytes only (names and address lines are far shorter).

#include <string_view>

namespace threadline::linkage {

// Jaro similarity in [0, 1]; 1 for two equal strings, 0 when one is empty.
double Jaro(std::string_view a, std::string_view b);

// Jaro-Winkler with prefix scale 0.1 and a common prefix of at most 4.
double JaroWinkler(std::string_view a, std::string_view b);

// Levenshtein distance, computed only up to `limit`: returns limit + 1 when
// the distance exceeds it.
int BoundedLevenshtein(std::string_view a, std::string_view b, int limit);

}  // namespace threadline::linkage
