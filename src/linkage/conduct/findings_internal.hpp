#pragma once
// Private: the finding builders shared between findings.cpp, escalation.cpp
// and serial.cpp.

#include <optional>
#include <string>
#include <vector>

#include "linkage/conduct/internal.hpp"

namespace threadline::linkage::conduct::internal {

// A finding of `type` about course `c`: reports, forces, victim, links.
Finding BaseFinding(FindingType type, const Input& input, const Course& c);
// force_code, else force_id.
std::string ForceCode(const domain::Report& report);

std::optional<Finding> Escalation(const Input& input, const Grouping& grouping, const Course& c,
                                  const Options& options);
std::vector<Finding> SerialPerpetrators(const Input& input, const Grouping& grouping,
                                        const Options& options);

}  // namespace threadline::linkage::conduct::internal
