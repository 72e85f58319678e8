#include "synth/identity.hpp"

#include <cctype>
#include <cmath>

#include "synth/identifiers.hpp"

namespace threadline::synth {
namespace {

// Postcode units never use C, I, K, M, O or V.
constexpr std::string_view kUnitLetters = "ABDEFGHJLNPQRSTUWXYZ";

std::string Capitalise(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::string Upper(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x80) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return text;
}

std::string MakePostcode(const Place& place, Rng& rng) {
  std::string out = place.area;
  out += std::to_string(rng.Between(place.district_min, place.district_max));
  if (!place.district_letters.empty()) {
    out += place.district_letters[rng.Below(place.district_letters.size())];
  }
  out += ' ';
  out += static_cast<char>('0' + rng.Below(10));
  out += kUnitLetters[rng.Below(kUnitLetters.size())];
  out += kUnitLetters[rng.Below(kUnitLetters.size())];
  return out;
}

std::string RenderGiven(const Entity& e, const NameTables& tables, const Calibration& cal,
                        Rng& rng) {
  if (rng.Chance(cal.nickname)) {
    std::string key = e.given;
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto it = tables.informal.find(key);
    if (it != tables.informal.end()) return Capitalise(it->second[rng.Below(it->second.size())]);
  }
  if (rng.Chance(cal.given_typo)) return Typo(rng, e.given);
  return e.given;
}

std::string RenderFamily(const Entity& e, const Calibration& cal, Rng& rng) {
  std::string family = e.family;
  if (!e.former_family.empty() && rng.Chance(cal.former_name_used)) family = e.former_family;
  if (rng.Chance(cal.family_typo)) family = Typo(rng, family);
  if (rng.Chance(cal.upper_case_family)) family = Upper(family);
  return family;
}

std::string RenderDob(const Entity& e, const Calibration& cal, Rng& rng, Detail detail) {
  const double missing = detail == Detail::kSuspect ? cal.dob_missing_suspect : cal.dob_missing;
  if (rng.Chance(missing)) return {};
  domain::PartialDate d{e.dob.year, e.dob.month, e.dob.day};
  const double u = rng.Unit();
  if (u < cal.dob_partial) {
    d.day = 0;
    if (rng.Chance(0.5)) d.month = 0;
  } else if (u < cal.dob_partial + cal.dob_transposed && d.day <= 12 && d.day != d.month) {
    std::swap(d.day, d.month);
  } else if (u < cal.dob_partial + cal.dob_transposed + cal.dob_year_typo) {
    d.year += rng.Chance(0.5) ? 1 : -1;
    if (d.month == 2 && d.day == 29) d.day = 28;
  }
  return domain::FormatPartialDate(d);
}

void RenderAddress(const Entity& e, const NameTables& tables, const Calibration& cal, Rng& rng,
                   Detail detail, domain::Person& p) {
  const double missing =
      detail == Detail::kSuspect ? cal.address_missing_suspect : cal.address_missing;
  if (rng.Chance(missing)) return;
  const Address& a = e.previous && rng.Chance(cal.stale_address) ? *e.previous : e.address;
  std::string line = a.line;
  if (rng.Chance(0.2)) {
    // Abbreviate the street type as many systems do ("Road" -> "Rd").
    for (const auto& [full, shortened] :
         {std::pair{" Road", " Rd"}, {" Street", " St"}, {" Avenue", " Ave"}, {" Lane", " Ln"}}) {
      if (const auto at = line.rfind(full); at != std::string::npos) {
        line.replace(at, std::string_view(full).size(), shortened);
        break;
      }
    }
  }
  p.address = rng.Chance(0.85) ? line + ", " + tables.places[a.place].town : line;
  p.postcode = a.postcode;
  if (rng.Chance(cal.postcode_unspaced)) p.postcode.erase(p.postcode.find(' '), 1);
}

void RenderIdentifiers(const Entity& e, const Calibration& cal, Rng& rng, domain::Person& p) {
  for (size_t i = 0; i < e.phones.size(); ++i) {
    if (rng.Chance(i == 0 ? cal.phone_recorded : cal.phone_recorded / 2)) {
      p.phones.push_back(
          FormatPhone(e.phones[i], static_cast<PhoneStyle>(rng.Below(kPhoneStyles))));
    }
  }
  for (const auto& email : e.emails) {
    if (rng.Chance(cal.email_recorded)) p.emails.push_back(rng.Chance(0.1) ? Upper(email) : email);
  }
  for (const auto& handle : e.handles) {
    if (rng.Chance(cal.handle_recorded)) {
      p.handles.push_back(rng.Chance(0.3) ? handle.substr(1) : handle);
    }
  }
  for (const auto& vehicle : e.vehicles) {
    if (rng.Chance(cal.vehicle_recorded)) {
      std::string v = vehicle;
      if (rng.Chance(0.3)) v.erase(4, 1);
      p.vehicles.push_back(v);
    }
  }
}

domain::Person RenderIdentifierOnly(const Entity& e, Rng& rng, IdentifierKind kind) {
  domain::Person p;
  if (rng.Chance(0.6)) p.gender = e.female ? "female" : "male";
  switch (kind) {
    case IdentifierKind::kPhone:
      p.phones.push_back(
          FormatPhone(e.phones.front(), static_cast<PhoneStyle>(rng.Below(kPhoneStyles))));
      break;
    case IdentifierKind::kHandle:
      p.handles.push_back(e.handles.front());
      break;
    case IdentifierKind::kEmail:
      p.emails.push_back(e.emails.front());
      break;
    case IdentifierKind::kVehicle:
      p.vehicles.push_back(e.vehicles.front());
      break;
    case IdentifierKind::kNone:
      break;
  }
  return p;
}

}  // namespace

Address MakeAddress(const NameTables& tables, Rng& rng, size_t place) {
  Address a;
  a.place = place;
  std::string line;
  if (rng.Chance(0.15)) line = "Flat " + std::to_string(rng.Between(1, 40)) + ", ";
  line += std::to_string(rng.Between(1, 180)) + " ";
  line += tables.street_stems[rng.Below(tables.street_stems.size())] + " ";
  line += tables.street_suffixes[rng.Below(tables.street_suffixes.size())];
  a.line = std::move(line);
  a.postcode = MakePostcode(tables.places[place], rng);
  return a;
}

size_t PlaceInOtherForce(const NameTables& tables, Rng& rng, size_t place) {
  if (tables.forces.size() < 2) return place;
  for (;;) {
    const size_t other = tables.place_weights.Pick(rng);
    if (tables.places[other].force != tables.places[place].force) return other;
  }
}

void Relocate(Entity& entity, const NameTables& tables, Rng& rng, size_t new_place) {
  entity.previous = std::move(entity.address);
  entity.address = MakeAddress(tables, rng, new_place);
}

void EnsureIdentifier(Entity& e, Rng& rng, IdentifierKind kind) {
  switch (kind) {
    case IdentifierKind::kPhone:
      if (e.phones.empty()) e.phones.push_back(MakeMobile(rng));
      break;
    case IdentifierKind::kHandle:
      if (e.handles.empty()) e.handles.push_back(MakeHandle(rng, e.given, e.family));
      break;
    case IdentifierKind::kEmail:
      if (e.emails.empty()) e.emails.push_back(MakeEmail(rng, e.given, e.family));
      break;
    case IdentifierKind::kVehicle:
      if (e.vehicles.empty()) e.vehicles.push_back(MakeVehicle(rng));
      break;
    case IdentifierKind::kNone:
      break;
  }
}

Entity MakeEntity(const NameTables& tables, const Calibration& cal, Rng& rng, std::string id,
                  const EntitySpec& spec) {
  Entity e;
  e.id = std::move(id);
  e.female = spec.female.value_or(rng.Chance(0.5));
  e.given = e.female ? tables.female[tables.female_weights.Pick(rng)]
                     : tables.male[tables.male_weights.Pick(rng)];
  e.family = tables.surnames[tables.surname_weights.Pick(rng)];
  // Skewed towards younger adults, as victims and suspects are.
  const int age = spec.min_age +
                  static_cast<int>(std::pow(rng.Unit(), 1.6) * (spec.max_age - spec.min_age + 1));
  const domain::Date now = domain::CivilFromDays(spec.at_unix_s / 86400);
  const int64_t birthday = domain::DaysFromCivil({now.year - age, 1, 1}) + rng.Below(365);
  e.dob = domain::CivilFromDays(birthday);
  if (e.female && age > 25 && rng.Chance(cal.married_name)) {
    e.former_family = tables.surnames[tables.surname_weights.Pick(rng)];
    if (e.former_family == e.family) e.former_family.clear();
  }
  const size_t place = spec.place.value_or(tables.place_weights.Pick(rng));
  e.address = MakeAddress(tables, rng, place);
  if (rng.Chance(0.4)) {
    const size_t old = rng.Chance(0.7) ? place : tables.place_weights.Pick(rng);
    e.previous = MakeAddress(tables, rng, old);
  }
  if (rng.Chance(0.9)) e.phones.push_back(MakeMobile(rng));
  if (rng.Chance(0.25)) e.phones.push_back(MakeLandline(rng));
  if (rng.Chance(0.8)) e.emails.push_back(MakeEmail(rng, e.given, e.family));
  if (rng.Chance(0.15)) e.emails.push_back(MakeEmail(rng, e.given, e.family));
  if (rng.Chance(0.5)) e.handles.push_back(MakeHandle(rng, e.given, e.family));
  if (rng.Chance(0.4)) e.vehicles.push_back(MakeVehicle(rng));
  return e;
}

domain::Person RenderPerson(const Entity& e, const NameTables& tables, const Calibration& cal,
                            Rng& rng, Detail detail, IdentifierKind identifier) {
  if (detail == Detail::kIdentifierOnly) return RenderIdentifierOnly(e, rng, identifier);
  domain::Person p;
  p.given_name = RenderGiven(e, tables, cal, rng);
  p.family_name = RenderFamily(e, cal, rng);
  p.dob = RenderDob(e, cal, rng, detail);
  if (!rng.Chance(cal.gender_missing)) p.gender = e.female ? "female" : "male";
  RenderAddress(e, tables, cal, rng, detail, p);
  RenderIdentifiers(e, cal, rng, p);
  return p;
}

std::string DescribeIdentifier(const Entity& e, IdentifierKind kind) {
  switch (kind) {
    case IdentifierKind::kPhone:
      return FormatPhone(e.phones.front(), PhoneStyle::kSpaced);
    case IdentifierKind::kHandle:
      return "the account " + e.handles.front();
    case IdentifierKind::kEmail:
      return "the e-mail address " + e.emails.front();
    case IdentifierKind::kVehicle:
      return "a car registered " + e.vehicles.front();
    case IdentifierKind::kNone:
      break;
  }
  return {};
}

}  // namespace threadline::synth
