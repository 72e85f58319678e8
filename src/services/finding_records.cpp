#include "services/finding_records.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <set>

#include <boost/json.hpp>

#include "linkage/conduct/render.hpp"

namespace threadline::services {
namespace {

namespace conduct = linkage::conduct;

constexpr size_t kIdBytes = 16;

// Hex of a BLAKE2b hash of `text`, `bytes` long. Not keyed: ids and digests
// must agree across servers and restarts.
template <size_t bytes>
std::string HexHash(std::string_view domain, std::string_view text) {
  static const bool ready = sodium_init() >= 0;  // picks the fastest implementation
  (void)ready;
  std::array<unsigned char, bytes> digest{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, digest.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(domain.data()),
                            domain.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(text.data()),
                            text.size());
  crypto_generichash_final(&state, digest.data(), digest.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

// The person records a finding's links name: the records it takes as one
// individual, or as one suspect and one victim.
std::set<std::string> PersonsOf(const conduct::Finding& f) {
  std::set<std::string> out;
  for (const auto& l : f.links) {
    if (!l.person_a.empty()) out.insert(l.person_a);
    if (!l.person_b.empty()) out.insert(l.person_b);
  }
  return out;
}

bool Contains(const std::vector<domain::LinkDecision>& list, const domain::Id& id) {
  return std::any_of(list.begin(), list.end(), [&](const auto& d) { return d.id == id; });
}

}  // namespace

std::string FindingRecordId(std::string_view key) {
  return HexHash<kIdBytes>("threadline.finding.v1:", key);
}

bool IsWellFormedFindingId(std::string_view text) {
  return text.size() == kIdBytes * 2 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

domain::FindingRecord ToRecord(const conduct::Finding& finding, const domain::Id& owner_agency_id) {
  domain::FindingRecord r;
  r.key = finding.id;
  r.id = FindingRecordId(finding.id);
  r.type = std::string(conduct::FindingTypeName(finding.type));
  r.owner_agency_id = owner_agency_id;
  r.forces = finding.forces;
  for (const auto& report : finding.reports) r.report_ids.push_back(report.id);
  r.detail_json = boost::json::serialize(conduct::ToJson(finding));
  r.digest = HexHash<32>("threadline.finding.detail:", r.detail_json);
  return r;
}

std::string GeneralWithdrawalReason() {
  return "No longer raised when the findings were recomputed from the current reports, person "
         "records and practitioners' link decisions.";
}

std::vector<std::pair<std::string, std::string>> WithdrawalReasons(
    const std::vector<conduct::Finding>& before, const std::vector<std::string>& after_ids,
    const std::vector<domain::LinkDecision>& decisions_before,
    const std::vector<domain::LinkDecision>& decisions_after) {
  // Decisions that can break a finding: new "not the same person" ones and
  // undone "same person" ones.
  std::vector<std::pair<const domain::LinkDecision*, bool>> breaking;  // (decision, undone)
  for (const auto& d : decisions_after) {
    if (!d.same() && !Contains(decisions_before, d.id)) breaking.emplace_back(&d, false);
  }
  for (const auto& d : decisions_before) {
    if (d.same() && !Contains(decisions_after, d.id)) breaking.emplace_back(&d, true);
  }
  std::vector<std::pair<std::string, std::string>> out;
  if (breaking.empty()) return out;
  const std::set<std::string> still(after_ids.begin(), after_ids.end());
  for (const auto& f : before) {
    const std::string id = FindingRecordId(f.id);
    if (still.contains(id)) continue;
    const std::set<std::string> persons = PersonsOf(f);
    for (const auto& [d, undone] : breaking) {
      if (!persons.contains(d->person_a) || !persons.contains(d->person_b)) continue;
      out.emplace_back(
          id, undone
                  ? "Withdrawn after a practitioner undid their decision that two person records "
                    "it joined are the same person."
                  : "Withdrawn after a practitioner decided on " + d->decided_at.substr(0, 10) +
                        " that two person records it joined are not the same person.");
      break;
    }
  }
  return out;
}

}  // namespace threadline::services
