#pragma once
// Findings as the store keeps them (domain/finding_record.hpp): the record
// of a computed finding, its stable id, and why a finding a computation no
// longer raises was withdrawn. Pure apart from hashing.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/finding_record.hpp"
#include "domain/link_decision.hpp"
#include "linkage/conduct/conduct.hpp"

namespace threadline::services {

// The id of the finding whose engine key (Finding::id: type and course, or
// type and suspect) is `key`: 32 hex digits of a hash of it, so the same
// finding has the same id in every computation, on every server.
std::string FindingRecordId(std::string_view key);
// True when `text` has the shape FindingRecordId gives.
bool IsWellFormedFindingId(std::string_view text);

// The record of a computed finding, owned by `owner_agency_id` (the force of
// its earliest report): id, key, type, owner, forces, report ids, the
// rendered finding as detail_json and its digest. No dates: the store sets them.
domain::FindingRecord ToRecord(const linkage::conduct::Finding& finding,
                               const domain::Id& owner_agency_id);

// Said of a finding no longer raised when nothing more specific is known.
std::string GeneralWithdrawalReason();

// For each of `before` that `after_ids` (record ids) no longer holds and
// that a practitioner's decision made or undone between the two computations
// explains — "not the same person" on two person records it links, or an
// undone "same person" — its record id and why it was withdrawn. Decisions
// are the standing ones at each computation.
std::vector<std::pair<std::string, std::string>> WithdrawalReasons(
    const std::vector<linkage::conduct::Finding>& before, const std::vector<std::string>& after_ids,
    const std::vector<domain::LinkDecision>& decisions_before,
    const std::vector<domain::LinkDecision>& decisions_after);

}  // namespace threadline::services
