#pragma once
// Private helpers of the course-of-conduct engine: the party index (persons,
// resolved entities, identifiers and how many people hold each) and a small
// union-find. Not part of the public API.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "linkage/conduct/conduct.hpp"

namespace threadline::linkage::conduct::internal {

inline constexpr uint32_t kNone = UINT32_MAX;
inline constexpr int64_t kDaySeconds = 86400;

// occurred_at, else reported_at, as seconds since the epoch.
std::optional<int64_t> ReportTime(const domain::Report& report);

// "2026-03-01" from a stored timestamp (its first ten characters).
std::string DayOf(std::string_view timestamp);

class PartyIndex {
 public:
  PartyIndex(const Input& input);

  // Interned resolved entity of a person id (entity_of, else the id itself).
  uint32_t EntityOf(const domain::Id& person_id);
  const std::string& EntityName(uint32_t entity) const { return entities_[entity]; }
  size_t entity_count() const { return entities_.size(); }

  // The person record, or null when the id is not among Input::persons.
  const domain::Person* Person(const domain::Id& person_id) const;
  // Interned identifiers ("phone:+447700900123", "email:...", "handle:...",
  // "vehicle:...") of a person id; empty for unknown persons.
  const std::vector<uint32_t>& IdentifiersOf(const domain::Id& person_id) const;
  const std::string& IdentifierKey(uint32_t identifier) const { return identifiers_[identifier]; }
  // Distinct resolved entities among the records holding the identifier.
  // An identifier-only record that identity resolution left on its own
  // counts as a holder too: that is the conservative reading, and the
  // within-victim limit is generous enough to absorb it.
  size_t Holders(uint32_t identifier) const { return holders_[identifier]; }
  // 0..1 weight of a shared identifier: 1 when one person holds it, falling
  // with the log of the number of holders relative to the population.
  double IdentifierStrength(uint32_t identifier) const;
  // True when the record has a given or family name.
  bool IsNamed(const domain::Id& person_id) const;

 private:
  uint32_t Intern(const std::string& entity);

  const Input& input_;
  std::unordered_map<std::string_view, uint32_t> person_index_;
  // A deque keeps the strings in place, so the map can key on views of them.
  std::deque<std::string> entities_;
  std::unordered_map<std::string_view, uint32_t> entity_ids_;
  std::vector<uint32_t> person_entity_;                    // parallel to Input::persons
  std::vector<std::vector<uint32_t>> person_identifiers_;  // parallel to Input::persons
  std::vector<std::string> identifiers_;
  std::vector<uint32_t> holders_;
  size_t population_ = 2;
};

// Gravity of a behaviour code on the escalation scale (0 when unknown).
int Gravity(std::string_view behaviour);
// Highest gravity among a report's behaviours.
int ReportGravity(const domain::Report& report);

// "phone" from "phone:+44...".
std::string_view IdentifierKind(std::string_view key);

class UnionFind {
 public:
  explicit UnionFind(size_t n);
  uint32_t Find(uint32_t x);
  // True when a and b were in different sets (and now are one).
  bool Union(uint32_t a, uint32_t b);

 private:
  std::vector<uint32_t> parent_;
};

// ReportRef of a report.
ReportRef RefOf(const domain::Report& report);

}  // namespace threadline::linkage::conduct::internal
