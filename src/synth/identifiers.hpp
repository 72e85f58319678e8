#pragma once
// Synthetic identifiers and the small corruptions that real records show.
//
// Every identifier made here is synthetic by construction:
//  - phone numbers come only from Ofcom's ranges reserved for TV and radio
//    drama (07700 900000-900999, 01632 960000-960999 and the city ranges
//    such as 0113 496 0000-0999), which Ofcom promises never to allocate;
//  - e-mail addresses use only reserved domains (example.com/.org/.net and
//    the .example and .test top-level domains, RFC 2606);
//  - vehicle registrations have the current UK shape (AB12 CDE) but always
//    contain a Q among the last three letters, which the DVLA never issues.
// The drama ranges hold only about 13,000 numbers, so in large datasets
// unrelated people share a number; linkage must not treat a phone match as
// proof on its own.

#include <string>
#include <string_view>

#include "synth/random.hpp"

namespace threadline::synth {

// A phone number as national digits ("07700900123"), mobile or landline.
std::string MakeMobile(Rng& rng);
std::string MakeLandline(Rng& rng);

// How an officer might write a number down.
enum class PhoneStyle {
  kSpaced,       // 07700 900123, 0113 496 0123, 020 7946 0123
  kCompact,      // 07700900123
  kIntlSpaced,   // +44 7700 900123
  kIntlCompact,  // +447700900123
  kBracketed,    // (07700)900123
  kDashed,       // 07700-900-123
};
inline constexpr int kPhoneStyles = 6;
std::string FormatPhone(std::string_view national_digits, PhoneStyle style);

// True when `text`, however written, is a number in one of the drama ranges.
bool IsSyntheticPhone(std::string_view text);

// A current-format registration with a Q in the random letters ("AB12 CQE").
std::string MakeVehicle(Rng& rng);
// True for such a registration, with or without the space, any case.
bool IsSyntheticVehicle(std::string_view text);

// "jo.bloggs84@example.org" style addresses from a name; `given` and
// `family` may hold any UTF-8, which is folded to a-z.
std::string MakeEmail(Rng& rng, std::string_view given, std::string_view family);
bool IsSyntheticEmail(std::string_view text);
// "@jbloggs_84" style social-media handles.
std::string MakeHandle(Rng& rng, std::string_view given, std::string_view family);

// One realistic typing error: a neighbouring key, a dropped or doubled
// letter, or two letters swapped. Text that is not plain ASCII, or shorter
// than three characters, comes back unchanged.
std::string Typo(Rng& rng, std::string_view text);

// Folds a name to lower-case a-z only ("O'Brien" -> "obrien", "Siân" -> "sian").
std::string AsciiFold(std::string_view text);

}  // namespace threadline::synth
