#pragma once
// Double Metaphone (Lawrence Philips, 2000): a primary and an alternate
// phonetic key of at most 4 characters, so "Smith" (SM0 / XMT) meets
// "Schmidt" (XMT / SMT) through the alternate key.
//
// Input is ASCII letters (run names through NameTokens first); other
// characters are ignored. Our own implementation of the published rules,
// covering the English, Germanic, Slavic, Italian and Spanish spellings the
// algorithm describes.

#include <cstdint>
#include <string>
#include <string_view>

namespace threadline::linkage {

struct PhoneticKey {
  std::string primary;
  std::string alternate;
};

PhoneticKey DoubleMetaphone(std::string_view name);

// Packs a key of up to 4 characters into an integer (0 for empty) so that
// comparing keys costs one instruction.
uint32_t PackKey(std::string_view key);

}  // namespace threadline::linkage
