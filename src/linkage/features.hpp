#pragma once
// Precomputed comparison features of one record.
//
// Everything a comparison needs is normalised, hashed and encoded once per
// record, so scoring a candidate pair is a handful of integer compares plus
// an occasional Jaro-Winkler on short inline strings; no allocation.
// A hash of 0 always means "value missing".

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "linkage/nicknames.hpp"
#include "linkage/normalize.hpp"
#include "linkage/record.hpp"

namespace threadline::linkage {

// A string of at most 23 bytes stored inline (longer values are cut; only
// fuzzy comparisons see the cut, equality uses the full-value hash).
struct ShortText {
  uint8_t size = 0;
  char data[23] = {};
  std::string_view view() const { return {data, size}; }
  static ShortText From(std::string_view text) {
    ShortText s;
    s.size = static_cast<uint8_t>(text.size() < sizeof(data) ? text.size() : sizeof(data));
    std::memcpy(s.data, text.data(), s.size);
    return s;
  }
};

// 64-bit FNV-1a, never 0 for a non-empty input; 0 for empty input.
uint64_t HashText(std::string_view text);

struct NameFeature {
  ShortText text;            // tokens joined without separators
  uint64_t hash = 0;         // of the joined form
  uint64_t first_token = 0;  // hashes of the first and last tokens (double-barrelled)
  uint64_t last_token = 0;
  uint32_t phonetic_primary = 0;  // packed Double Metaphone keys
  uint32_t phonetic_alternate = 0;
  NicknameGroups nicknames{};
  uint8_t token_count = 0;
  bool initial_only = false;  // a single letter, e.g. "J."
  // LetterCounts(text.view()): most pairs of names are then ruled out of a
  // Jaro-Winkler band without reading the text.
  uint64_t letters = 0;
};

struct TextFeature {
  ShortText text;
  uint64_t hash = 0;
};

// Fields whose exact agreement is weighted by how common the value is.
enum TfSlot : uint8_t {
  kTfGiven,
  kTfFamily,
  kTfPostcode,
  kTfCity,
  kTfSuburb,
  kTfAddress2,
  kTfBirthPlace,
  kTfOccupation,
  kTfSlotCount,
};

// A date of birth as ParseDob gives it (0 for a part not given), in the few
// bytes its range needs.
struct CompactDob {
  int16_t year = 0;
  int8_t month = 0;
  int8_t day = 0;
  bool operator==(const CompactDob&) const = default;
};

struct Features {
  // The fields most data sets have come first, and the term frequencies
  // with them, so scoring a pair touches few cache lines of each record.
  NameFeature given, family;
  CompactDob dob;
  int32_t dob_days = 0;  // days since 1970 when the date is complete
  TextFeature postcode;
  uint64_t postcode_area = 0;
  TextFeature address;
  TextFeature email;  // canonical form
  uint64_t email_local = 0;
  std::array<uint64_t, 2> phones{}, handles{}, vehicles{};
  uint64_t gender = 0;
  // Relative frequency of this record's value in its data set, per TfSlot
  // (0 = unknown; filled by ComputeTermFrequencies or the online index).
  std::array<float, kTfSlotCount> tf{};
  TextFeature address2, city, suburb, birth_place, occupation;
  uint64_t street_number = 0, state = 0;

  bool has_dob() const { return dob.year != 0; }
};

// Builds the features of one record. Unusable values (absurd dates, phone
// numbers too short ...) are treated as missing; validation and reporting
// happen earlier, in column mapping.
Features BuildFeatures(const InputRecord& record, const NicknameTable& nicknames);

std::vector<Features> BuildAllFeatures(const std::vector<InputRecord>& records,
                                       const NicknameTable& nicknames);

// The hash of each TfSlot's value (0 when missing), for frequency counting.
std::array<uint64_t, kTfSlotCount> TfHashes(const Features& f);

// Below this many values in a slot a frequency says more about the sample
// than about the name: two records of one man among three would make
// "Gideon" look as common as "Smith" and push the pair apart. Such slots
// get no term-frequency adjustment (tf 0) and score on the model's u alone.
inline constexpr uint64_t kMinTfPopulation = 200;

// A value's relative frequency, or 0 when the slot's population is too small.
float TermFrequency(uint64_t count, uint64_t total);

// Sets Features::tf from value counts over `features` itself.
void ComputeTermFrequencies(std::vector<Features>& features);

}  // namespace threadline::linkage
