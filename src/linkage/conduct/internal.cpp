#include "linkage/conduct/internal.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "domain/datetime.hpp"
#include "linkage/normalize.hpp"

namespace threadline::linkage::conduct::internal {
namespace {

template <typename Normalise>
void AddKeys(const std::vector<std::string>& values, std::string_view kind, Normalise normalise,
             std::vector<std::string>& out) {
  for (const auto& v : values) {
    std::string n = normalise(v);
    if (!n.empty()) out.push_back(std::string(kind) + ":" + n);
  }
}

std::vector<std::string> IdentifierKeys(const domain::Person& p) {
  std::vector<std::string> keys;
  AddKeys(p.phones, "phone", NormalizePhone, keys);
  AddKeys(p.emails, "email", NormalizeEmail, keys);
  AddKeys(p.handles, "handle", NormalizeHandle, keys);
  AddKeys(p.vehicles, "vehicle", NormalizeVehicle, keys);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

bool Named(const domain::Person& p) { return !p.given_name.empty() || !p.family_name.empty(); }

}  // namespace

std::optional<int64_t> ReportTime(const domain::Report& report) {
  if (auto t = domain::ParseTimestamp(report.occurred_at)) return t;
  return domain::ParseTimestamp(report.reported_at);
}

std::string DayOf(std::string_view timestamp) {
  return std::string(timestamp.substr(0, std::min<size_t>(10, timestamp.size())));
}

PartyIndex::PartyIndex(const Input& input) : input_(input) {
  person_index_.reserve(input.persons.size());
  entity_ids_.reserve(input.persons.size());
  person_entity_.reserve(input.persons.size());
  person_identifiers_.resize(input.persons.size());
  std::unordered_map<std::string, uint32_t> ident_ids;
  // (identifier, entity) pairs, to count distinct holders.
  std::vector<std::pair<uint32_t, uint32_t>> held;

  for (uint32_t i = 0; i < input.persons.size(); ++i) {
    const domain::Person& p = input.persons[i];
    const uint32_t entity = EntityOf(p.id);  // before indexing: resolves through the map
    person_index_.emplace(p.id, i);
    person_entity_.push_back(entity);
    for (auto& key : IdentifierKeys(p)) {
      auto [it, added] = ident_ids.emplace(key, static_cast<uint32_t>(identifiers_.size()));
      if (added) identifiers_.push_back(std::move(key));
      person_identifiers_[i].push_back(it->second);
      held.emplace_back(it->second, entity);
    }
  }
  std::sort(held.begin(), held.end());
  held.erase(std::unique(held.begin(), held.end()), held.end());
  holders_.assign(identifiers_.size(), 0);
  for (const auto& h : held) ++holders_[h.first];

  // The population against which an identifier's rarity is judged: every
  // entity interned so far is a person of Input::persons.
  population_ = std::max<size_t>(2, entities_.size());
}

uint32_t PartyIndex::Intern(const std::string& entity) {
  const auto it = entity_ids_.find(entity);
  if (it != entity_ids_.end()) return it->second;
  const auto id = static_cast<uint32_t>(entities_.size());
  entity_ids_.emplace(entities_.emplace_back(entity), id);
  return id;
}

uint32_t PartyIndex::EntityOf(const domain::Id& person_id) {
  if (const auto it = person_index_.find(person_id); it != person_index_.end()) {
    return person_entity_[it->second];
  }
  if (input_.entity_of != nullptr) {
    const auto it = input_.entity_of->find(person_id);
    if (it != input_.entity_of->end()) return Intern(it->second);
  }
  return Intern(person_id);
}

const domain::Person* PartyIndex::Person(const domain::Id& person_id) const {
  const auto it = person_index_.find(person_id);
  return it == person_index_.end() ? nullptr : &input_.persons[it->second];
}

const std::vector<uint32_t>& PartyIndex::IdentifiersOf(const domain::Id& person_id) const {
  static const std::vector<uint32_t> kEmpty;
  const auto it = person_index_.find(person_id);
  return it == person_index_.end() ? kEmpty : person_identifiers_[it->second];
}

double PartyIndex::IdentifierStrength(uint32_t identifier) const {
  const double h = static_cast<double>(holders_[identifier]);
  const double s = 1.0 - std::log(h) / std::log(static_cast<double>(population_));
  return std::clamp(s, 0.05, 1.0);
}

bool PartyIndex::IsNamed(const domain::Id& person_id) const {
  const domain::Person* p = Person(person_id);
  return p != nullptr && Named(*p);
}

std::string_view IdentifierKind(std::string_view key) { return key.substr(0, key.find(':')); }

UnionFind::UnionFind(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }

uint32_t UnionFind::Find(uint32_t x) {
  while (parent_[x] != x) {
    parent_[x] = parent_[parent_[x]];  // path halving
    x = parent_[x];
  }
  return x;
}

bool UnionFind::Union(uint32_t a, uint32_t b) {
  a = Find(a);
  b = Find(b);
  if (a == b) return false;
  // The smaller index is the root, so results do not depend on call order.
  if (b < a) std::swap(a, b);
  parent_[b] = a;
  return true;
}

ReportRef RefOf(const domain::Report& report) {
  return {report.id, report.force_code, report.reference, report.occurred_at, report.recorded_as};
}

}  // namespace threadline::linkage::conduct::internal
