#pragma once
// Normalisers: turn the many ways agencies write the same value into one
// canonical form, so comparisons see through spelling noise.
//
// All functions are pure, total (any byte string is accepted, invalid UTF-8
// included) and return an empty string / nullopt for "no usable value".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace threadline::linkage {

// Lower-case ASCII: accented Latin letters lose their accents (é→e, ß→ss,
// Æ→ae, Ł→l); other non-ASCII code points and invalid bytes are dropped.
std::string AsciiFold(std::string_view text);

// Name tokens: folded, letters only; apostrophes vanish (O'Brien → obrien);
// spaces, hyphens, dots and commas separate tokens ("Smith-Jones" → smith,
// jones). Titles (mr, mrs, ms, miss, dr ...) are dropped when other tokens
// remain.
std::vector<std::string> NameTokens(std::string_view text);

// Splits a full name into given and family name: "Smith, John A" → (john,
// smith); "John A Smith" → (john, smith); a single token is a family name.
struct SplitName {
  std::string given;
  std::string family;
};
SplitName SplitFullName(std::string_view text);

// Free text (city, address): folded, alphanumerics and single spaces.
std::string NormalizeText(std::string_view text);

// A date of birth, possibly partial (month / day 0 when unknown).
struct Dob {
  int year = 0;
  int month = 0;
  int day = 0;
  bool operator==(const Dob&) const = default;
};
// Accepts YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, YYYY-MM, YYYY and the UK order
// DD/MM/YYYY (also with '-' or '.'). A month above 12 with a day of 12 or less
// is read as a day/month swap. kInvalidArgument for empty or absurd values
// (year outside 1850..2100, month or day out of range).
Result<Dob> ParseDob(std::string_view text);

// UK postcodes in the canonical "SW1A 1AA" form; other postcodes as their
// upper-case alphanumerics ("4011").
std::string NormalizePostcode(std::string_view text);
// The coarse area of a normalised postcode: the outward code for UK
// postcodes ("SW1A"), otherwise the value without its last two characters.
std::string PostcodeArea(std::string_view normalised);

// Phone numbers in E.164-like form: UK numbers written 07700 900123,
// 0044 7700 900123, +44 (0)7700 900123 or 447700900123 all become
// "+447700900123". Fewer than 7 digits: empty.
std::string NormalizePhone(std::string_view text);

// E-mail: lower case, "+tag" removed from the local part; for gmail.com and
// googlemail.com the dots in the local part are removed and the domain is
// gmail.com. Without exactly one '@' and both parts: empty.
std::string NormalizeEmail(std::string_view text);

// Social handle: lower case, without a leading '@' or profile URL prefix
// ("https://x.com/Jo_Bloggs/" → "jo_bloggs").
std::string NormalizeHandle(std::string_view text);

// Vehicle registration: upper-case alphanumerics ("ab12 cde" → "AB12CDE").
std::string NormalizeVehicle(std::string_view text);

// Splits a multi-valued field on ';' (empty items dropped).
std::vector<std::string_view> SplitValues(std::string_view text);

}  // namespace threadline::linkage
