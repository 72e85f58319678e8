#pragma once
// A practitioner's decision about two person records: "the same person" or
// "not the same person". Human decisions win over the linkage model; an
// undo keeps the decision as history (who undid it, when and why).

#include <string>
#include <string_view>
#include <utility>

#include "domain/ids.hpp"

namespace threadline::domain {

inline constexpr std::string_view kSamePerson = "same";
inline constexpr std::string_view kDifferentPerson = "different";

struct LinkDecision {
  Id id;
  // The pair in canonical order: person_a < person_b (CanonicalPair).
  Id person_a;
  Id person_b;
  std::string decision;  // kSamePerson or kDifferentPerson
  std::string reason;
  Id decided_by;  // user id
  std::string decided_at;
  // Empty while the decision stands.
  Id undone_by;
  std::string undone_at;
  std::string undo_reason;

  bool active() const { return undone_at.empty(); }
  bool same() const { return decision == kSamePerson; }
  // The other record of the pair, seen from `person` (one of the two).
  const Id& Other(const Id& person) const { return person == person_a ? person_b : person_a; }
};

// The pair in the order it is stored.
inline std::pair<Id, Id> CanonicalPair(const Id& a, const Id& b) {
  return a < b ? std::pair<Id, Id>{a, b} : std::pair<Id, Id>{b, a};
}

}  // namespace threadline::domain
