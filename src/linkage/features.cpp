#include "linkage/features.hpp"

#include <algorithm>
#include <thread>
#include <unordered_map>

#include "domain/datetime.hpp"
#include "linkage/phonetic.hpp"
#include "linkage/string_metrics.hpp"

namespace threadline::linkage {
namespace {

NameFeature MakeName(const std::vector<std::string>& tokens, const NicknameTable& nicknames) {
  NameFeature n;
  if (tokens.empty()) return n;
  std::string joined;
  for (const auto& t : tokens) joined += t;
  n.text = ShortText::From(joined);
  n.hash = HashText(joined);
  n.first_token = HashText(tokens.front());
  n.last_token = HashText(tokens.back());
  n.token_count = static_cast<uint8_t>(tokens.size() > 255 ? 255 : tokens.size());
  const PhoneticKey key = DoubleMetaphone(joined);
  n.phonetic_primary = PackKey(key.primary);
  n.phonetic_alternate = PackKey(key.alternate);
  n.nicknames = nicknames.Groups(tokens.front());
  if (n.nicknames[0] == 0) n.nicknames = nicknames.Groups(joined);
  n.initial_only = joined.size() == 1;
  n.letters = LetterCounts(n.text.view());
  return n;
}

TextFeature MakeText(std::string_view normalised) {
  return {ShortText::From(normalised), HashText(normalised)};
}

template <typename Normaliser>
std::array<uint64_t, 2> MakeIdentifiers(std::string_view raw, Normaliser normalise) {
  std::array<uint64_t, 2> out{};
  size_t n = 0;
  for (auto value : SplitValues(raw)) {
    const uint64_t h = HashText(normalise(value));
    if (h != 0 && n < out.size() && (n == 0 || out[0] != h)) out[n++] = h;
  }
  return out;
}

void SetDob(const std::string& raw, Features& f) {
  auto dob = ParseDob(raw);
  if (!dob.ok()) return;
  // ParseDob's range (years 1850 to 2100) fits the compact form.
  f.dob = {static_cast<int16_t>(dob->year), static_cast<int8_t>(dob->month),
           static_cast<int8_t>(dob->day)};
  if (dob->month == 0 || dob->day == 0) return;
  const domain::Date date{dob->year, dob->month, dob->day};
  if (domain::IsValidDate(date)) f.dob_days = static_cast<int32_t>(domain::DaysFromCivil(date));
}

}  // namespace

uint64_t HashText(std::string_view text) {
  if (text.empty()) return 0;
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h == 0 ? 1 : h;
}

Features BuildFeatures(const InputRecord& r, const NicknameTable& nicknames) {
  Features f;
  std::vector<std::string> given = NameTokens(r[Role::kGivenName]);
  std::vector<std::string> family = NameTokens(r[Role::kFamilyName]);
  if (given.empty() && family.empty() && !r[Role::kFullName].empty()) {
    const SplitName split = SplitFullName(r[Role::kFullName]);
    given = NameTokens(split.given);
    family = NameTokens(split.family);
  }
  f.given = MakeName(given, nicknames);
  f.family = MakeName(family, nicknames);
  f.family.nicknames = {};
  SetDob(r[Role::kDob], f);
  const std::string postcode = NormalizePostcode(r[Role::kPostcode]);
  f.postcode = MakeText(postcode);
  f.postcode_area = HashText(PostcodeArea(postcode));
  f.address = MakeText(NormalizeText(r[Role::kAddress]));
  f.address2 = MakeText(NormalizeText(r[Role::kAddress2]));
  f.city = MakeText(NormalizeText(r[Role::kCity]));
  f.suburb = MakeText(NormalizeText(r[Role::kSuburb]));
  f.birth_place = MakeText(NormalizeText(r[Role::kBirthPlace]));
  f.occupation = MakeText(NormalizeText(r[Role::kOccupation]));
  f.street_number = HashText(NormalizeText(r[Role::kStreetNumber]));
  f.state = HashText(NormalizeText(r[Role::kState]));
  f.gender = HashText(NormalizeText(r[Role::kGender]));
  const auto emails = SplitValues(r[Role::kEmail]);
  if (!emails.empty()) {
    const std::string email = NormalizeEmail(emails.front());
    f.email = MakeText(email);
    f.email_local = HashText(std::string_view(email).substr(0, email.find('@')));
  }
  f.phones = MakeIdentifiers(r[Role::kPhone], NormalizePhone);
  f.handles = MakeIdentifiers(r[Role::kHandle], NormalizeHandle);
  f.vehicles = MakeIdentifiers(r[Role::kVehicle], NormalizeVehicle);
  return f;
}

std::vector<Features> BuildAllFeatures(const std::vector<InputRecord>& records,
                                       const NicknameTable& nicknames) {
  // Records are independent: one slice per hardware thread.
  std::vector<Features> out(records.size());
  const size_t threads = std::max(1u, std::thread::hardware_concurrency());
  const size_t slice = (records.size() + threads - 1) / threads;
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      const size_t end = std::min(records.size(), (t + 1) * slice);
      for (size_t i = t * slice; i < end; ++i) out[i] = BuildFeatures(records[i], nicknames);
    });
  }
  for (auto& th : pool) th.join();
  ComputeTermFrequencies(out);
  return out;
}

std::array<uint64_t, kTfSlotCount> TfHashes(const Features& f) {
  return {f.given.hash,  f.family.hash,   f.postcode.hash,    f.city.hash,
          f.suburb.hash, f.address2.hash, f.birth_place.hash, f.occupation.hash};
}

float TermFrequency(uint64_t count, uint64_t total) {
  if (total < kMinTfPopulation) return 0.0f;
  return static_cast<float>(count) / static_cast<float>(total);
}

void ComputeTermFrequencies(std::vector<Features>& features) {
  std::array<std::unordered_map<uint64_t, uint32_t>, kTfSlotCount> counts;
  std::array<uint64_t, kTfSlotCount> totals{};
  for (const auto& f : features) {
    const auto hashes = TfHashes(f);
    for (size_t s = 0; s < kTfSlotCount; ++s) {
      if (hashes[s] == 0) continue;
      ++counts[s][hashes[s]];
      ++totals[s];
    }
  }
  for (auto& f : features) {
    const auto hashes = TfHashes(f);
    for (size_t s = 0; s < kTfSlotCount; ++s) {
      f.tf[s] = hashes[s] == 0 ? 0.0f : TermFrequency(counts[s][hashes[s]], totals[s]);
    }
  }
}

}  // namespace threadline::linkage
