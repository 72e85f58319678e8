#pragma once
// Reading a finding back from the JSON that ToJson (render.hpp) wrote, for
// findings kept as records: a withdrawn finding is shown as it was last
// raised. Pure; never throws.

#include <optional>

#include <boost/json.hpp>

#include "linkage/conduct/conduct.hpp"

namespace threadline::linkage::conduct {

// The finding, or nullopt when `json` is not a finding as ToJson renders
// one (unknown type, a member of the wrong kind). Members ToJson always
// writes may be missing; they read as empty. Link strengths come back as
// rendered (to three decimals).
std::optional<Finding> FindingFromJson(const boost::json::value& json);

}  // namespace threadline::linkage::conduct
