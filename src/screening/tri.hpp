#pragma once
// Three-valued answers and the Kleene logic the classifier reasons with.
//
// "unknown" is a real answer, not a missing one: the classifier carries it
// through every rule, so an element of an offence that rests on an unknown
// answer stays unknown and is reported as an open question instead of being
// guessed. Kleene logic is monotone: replacing an unknown by yes or no can
// only settle conclusions, never reverse a settled one.

#include <cstdint>
#include <string_view>

namespace threadline::screening {

enum class Tri : uint8_t { kNo = 0, kUnknown = 1, kYes = 2 };

constexpr std::string_view TriName(Tri t) {
  return t == Tri::kYes ? "yes" : (t == Tri::kNo ? "no" : "unknown");
}
constexpr Tri FromBool(bool b) { return b ? Tri::kYes : Tri::kNo; }

}  // namespace threadline::screening
