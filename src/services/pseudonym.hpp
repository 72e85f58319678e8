#pragma once
// Pseudonyms for analysts: record ids and identifier values replaced by
// keyed hashes, so an analyst can follow one person through findings and
// rankings without learning who, or which record, it is.
//
// The key is random and lives only in this process: a pseudonym is stable
// while the server runs (the same person is "P-..." in every answer) and
// cannot be recomputed or reversed outside it, nor after a restart.

#include <string>
#include <string_view>

#include "services/actor.hpp"

namespace threadline::services {

class Pseudonymiser {
 public:
  // One shared by every service of the process, so pseudonyms agree across
  // findings and rankings. Thread-safe.
  static const Pseudonymiser& ForThisProcess();

  // "<kind>-" and 16 hex digits of a keyed hash of `kind` and `value`;
  // empty for an empty value. `kind` keeps different record types apart:
  // "P" persons, "R" reports, "I" identifiers, "C" courses, "F" findings.
  std::string operator()(std::string_view kind, std::string_view value) const;

  // Whether `actor` sees pseudonyms instead of record ids (analysts).
  static bool AppliesTo(const Actor& actor) { return actor.role == "analyst"; }

 private:
  Pseudonymiser();
  std::string key_;
};

}  // namespace threadline::services
