#pragma once
// Report reference numbers and short incident narratives. The narratives
// name nobody: they speak of "the IP" (injured party) and "the suspect", as
// police summaries do, so they cannot describe a real person.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "synth/random.hpp"

namespace threadline::synth {

enum class Relationship {
  kExPartner,
  kPartner,
  kAcquaintance,
  kColleague,
  kNeighbour,
  kOnlineContact,
  kFamily,
  kStranger,
};

struct SummaryInput {
  Relationship relationship = Relationship::kStranger;
  bool victim_female = true;
  bool suspect_female = false;
  bool suspect_named = true;
  // For an unnamed suspect: the number, handle, e-mail or vehicle seen.
  std::string identifier = {};
  std::span<const std::string> behaviours = {};
  int earlier_reports = 0;  // reports already made in this course
};

std::string MakeSummary(Rng& rng, const SummaryInput& input);

// A force-style reference, unique per (force, serial): each force keeps one
// of a few formats ("WY-20240314-0412", "13/045123/24", "CAD 4521/14MAR24",
// "GMP24012345") chosen from its position in the agency list.
std::string MakeReference(std::string_view force_code, size_t force_index, int64_t unix_s,
                          uint64_t serial);

}  // namespace threadline::synth
