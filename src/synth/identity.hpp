#pragma once
// Synthetic individuals (the hidden truth) and the records agencies make of
// them (what the linkage engine sees).

#include <optional>
#include <string>
#include <vector>

#include "domain/datetime.hpp"
#include "domain/records.hpp"
#include "synth/calibration.hpp"
#include "synth/random.hpp"
#include "synth/tables.hpp"

namespace threadline::synth {

struct Address {
  size_t place = 0;      // index into NameTables::places
  std::string line;      // "12 Oak Road"
  std::string postcode;  // "LS6 2AB"
};

// One synthetic individual.
struct Entity {
  std::string id;  // "E00000042"
  bool female = false;
  std::string given;
  std::string family;
  std::string former_family;  // a surname used before marriage; empty if none
  domain::Date dob;
  Address address;
  std::optional<Address> previous;
  std::vector<std::string> phones;  // national digits
  std::vector<std::string> emails;
  std::vector<std::string> handles;
  std::vector<std::string> vehicles;
};

// Which identifier makes an otherwise unknown suspect recognisable.
enum class IdentifierKind { kNone, kPhone, kHandle, kEmail, kVehicle };

struct EntitySpec {
  EntitySpec(int64_t at, int min, int max) : at_unix_s(at), min_age(min), max_age(max) {}
  int64_t at_unix_s = 0;  // ages are measured at this time
  int min_age = 16;
  int max_age = 85;
  std::optional<size_t> place = std::nullopt;  // home town; drawn by population when empty
  std::optional<bool> female = std::nullopt;   // drawn 50:50 when empty
};

Entity MakeEntity(const NameTables& tables, const Calibration& cal, Rng& rng, std::string id,
                  const EntitySpec& spec);

Address MakeAddress(const NameTables& tables, Rng& rng, size_t place);

// A town in a different force from `place` (or `place` itself when only one
// force has places).
size_t PlaceInOtherForce(const NameTables& tables, Rng& rng, size_t place);

// Moves the entity: the current address becomes the previous one.
void Relocate(Entity& entity, const NameTables& tables, Rng& rng, size_t new_place);

// Ensures the entity has at least one identifier of `kind`.
void EnsureIdentifier(Entity& entity, Rng& rng, IdentifierKind kind);

// How a summary names an unknown suspect's identifier ("the account @x").
std::string DescribeIdentifier(const Entity& entity, IdentifierKind kind);

enum class Detail {
  kVictim,          // full details, as a victim gives them
  kSuspect,         // fewer details: date of birth and address often unknown
  kIdentifierOnly,  // a suspect known only by one identifier
};

// What one agency records about the entity, with realistic variation
// (nicknames, typos, transposed dates, stale addresses, former surnames,
// phone formats, missing fields). Leaves id, agency_id and created_at empty.
domain::Person RenderPerson(const Entity& entity, const NameTables& tables, const Calibration& cal,
                            Rng& rng, Detail detail,
                            IdentifierKind identifier = IdentifierKind::kNone);

}  // namespace threadline::synth
