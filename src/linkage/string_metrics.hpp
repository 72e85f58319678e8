#pragma once
// String similarity measures used by the comparators. Pure, allocation-free
// and bounded: strings longer than 64 bytes are compared on their first 64
// bytes only (names and address lines are far shorter).

#include <cstdint>
#include <string_view>

namespace threadline::linkage {

// Jaro similarity in [0, 1]; 1 for two equal strings, 0 when one is empty.
double Jaro(std::string_view a, std::string_view b);

// Jaro-Winkler with prefix scale 0.1 and a common prefix of at most 4.
double JaroWinkler(std::string_view a, std::string_view b);

// How often each letter occurs in `text` (its first 64 bytes, as the
// measures read them), up to three times, packed in 64 bits. Two values'
// counts bound how many characters they can have in common.
uint64_t LetterCounts(std::string_view text);

// An upper bound on JaroWinkler(a, b), never below it, given
// LetterCounts(a) and LetterCounts(b): a character of one string with no
// equal left in the other cannot be matched, which bounds the matching
// characters; transpositions are taken as 0 and the common prefix is exact.
// A few operations, and below a band threshold for most pairs of unrelated
// values, which then need no exact measure.
double JaroWinklerUpperBound(std::string_view a, std::string_view b, uint64_t counts_a,
                             uint64_t counts_b);

// True when the strings are at most one insertion, deletion or substitution
// apart: BoundedLevenshtein(a, b, 1) <= 1, in one pass.
bool WithinOneEdit(std::string_view a, std::string_view b);

// Levenshtein distance, computed only up to `limit`: returns limit + 1 when
// the distance exceeds it.
int BoundedLevenshtein(std::string_view a, std::string_view b, int limit);

}  // namespace threadline::linkage
