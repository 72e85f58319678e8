#pragma once
// Field comparisons with graded agreement levels.
//
// Each field compares two records' features and returns a level: 0 means
// "no evidence" (the value is missing on either side) and contributes no
// weight; 1 is the strongest agreement; the last level is disagreement.
// Levels are ordered strongest first and the first level that holds wins.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "linkage/features.hpp"

namespace threadline::linkage {

enum class Field : uint8_t {
  kGivenName,
  kFamilyName,
  kDob,
  kPostcode,
  kAddress,
  kAddress2,
  kStreetNumber,
  kCity,
  kSuburb,
  kState,
  kEmail,
  kPhone,
  kHandle,
  kVehicle,
  kGender,
  kBirthPlace,
  kOccupation,
  kCount,
};
inline constexpr size_t kFieldCount = static_cast<size_t>(Field::kCount);
inline constexpr size_t kMaxLevels = 8;

struct FieldSpec {
  std::string_view name;
  std::span<const std::string_view> levels;  // levels[0] is "null"
  Role role;                                 // the input role it reads
  int tf_slot;                               // TfSlot for exact-level TF adjustment, or -1
};

const FieldSpec& Spec(Field field);
std::optional<Field> ParseField(std::string_view name);

// The level of `field` for a pair (0 when either side lacks the value).
uint8_t CompareField(Field field, const Features& a, const Features& b);

// A set of fields: bit i for Field i.
using FieldSet = uint32_t;

// levels[f] = CompareField(f, a, b) for each field f in `fields`; other
// entries are left as they are. One call for all of a pair's fields: the
// per-field calls and their dispatch cost more than most comparisons.
void CompareFields(FieldSet fields, const Features& a, const Features& b,
                   std::array<uint8_t, kFieldCount>& levels);

// How many bytes from the start of Features CompareField(field, ...) may
// read (Features puts the commonly compared fields first), so a caller can
// fetch them ahead of time.
size_t ComparedBytes(Field field);

// True when the record has a value for the field.
bool HasValue(Field field, const Features& f);

}  // namespace threadline::linkage
