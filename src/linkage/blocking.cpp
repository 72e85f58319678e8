#include "linkage/blocking.hpp"

#include <algorithm>

namespace threadline::linkage {
namespace {

enum KeyPart : uint8_t {
  kGiven,
  kGivenDm,
  kGivenInitial,
  kGivenNick,
  kFamily,
  kFamilyDm,
  kFamilyInitial,
  kDobFull,
  kDobYear,
  kDobMonthDay,
  kPostcode,
  kPostcodeArea,
  kCity,
  kSuburb,
  kAddress,
  kStreetNumber,
  kState,
  kEmail,
  kEmailLocal,
  kPhone,
  kHandle,
  kVehicle,
  kPartCount,
};

constexpr std::string_view kPartNames[kPartCount] = {
    "given",          "given_dm", "given_initial", "given_nick",    "family",   "family_dm",
    "family_initial", "dob",      "dob_year",      "dob_md",        "postcode", "postcode_area",
    "city",           "suburb",   "address",       "street_number", "state",    "email",
    "email_local",    "phone",    "handle",        "vehicle"};

uint64_t Mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h;
}

// The single value of a part (0 = missing); multi-valued parts give value `which`.
uint64_t PartValue(uint8_t part, const Features& f, size_t which) {
  switch (part) {
    case kGiven:
      return f.given.hash;
    case kGivenDm:
      return f.given.phonetic_primary;
    case kGivenInitial:
      return f.given.hash ? static_cast<unsigned char>(f.given.text.data[0]) : 0;
    case kGivenNick:
      return f.given.nicknames[0] ? 0x100000000ull + f.given.nicknames[0] : f.given.hash;
    case kFamily:
      return f.family.hash;
    case kFamilyDm:
      return f.family.phonetic_primary;
    case kFamilyInitial:
      return f.family.hash ? static_cast<unsigned char>(f.family.text.data[0]) : 0;
    case kDobFull:
      return f.dob.day ? f.dob.year * 10000 + f.dob.month * 100 + f.dob.day : 0;
    case kDobYear:
      return static_cast<uint64_t>(f.dob.year);
    case kDobMonthDay:
      return f.dob.day ? f.dob.month * 100 + f.dob.day : 0;
    case kPostcode:
      return f.postcode.hash;
    case kPostcodeArea:
      return f.postcode_area;
    case kCity:
      return f.city.hash;
    case kSuburb:
      return f.suburb.hash;
    case kAddress:
      return f.address.hash;
    case kStreetNumber:
      return f.street_number;
    case kState:
      return f.state;
    case kEmail:
      return f.email.hash;
    case kEmailLocal:
      return f.email_local;
    case kPhone:
      return f.phones[which];
    case kHandle:
      return f.handles[which];
    case kVehicle:
      return f.vehicles[which];
    default:
      return 0;
  }
}

bool MultiValued(uint8_t part) { return part == kPhone || part == kHandle || part == kVehicle; }

}  // namespace

Result<BlockingRule> ParseBlockingRule(std::string_view text) {
  BlockingRule rule{std::string(text), {}};
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('+', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view name = text.substr(start, end - start);
    const auto* it = std::find(std::begin(kPartNames), std::end(kPartNames), name);
    if (it == std::end(kPartNames)) {
      return InvalidArgument("unknown blocking key part '" + std::string(name) + "'");
    }
    rule.parts.push_back(static_cast<uint8_t>(it - std::begin(kPartNames)));
    start = end + 1;
  }
  return rule;
}

Result<std::vector<BlockingRule>> ParseBlockingRules(std::span<const std::string> texts) {
  std::vector<BlockingRule> rules;
  for (const auto& t : texts) {
    auto rule = ParseBlockingRule(t);
    if (!rule.ok()) return rule.error();
    rules.push_back(std::move(*rule));
  }
  return rules;
}

std::vector<std::string> DefaultBlockingRules() {
  return {"given_dm+family_dm",
          "family_dm+dob_year",
          "given_dm+dob_year",
          "dob",
          "dob_md+given_initial",
          "dob_md+family_initial",
          "given_nick+family_initial",
          "postcode+given_initial",
          "postcode+family_initial",
          "email",
          "email_local",
          "phone",
          "handle",
          "vehicle",
          "address+street_number",
          "given+city",
          "family+city",
          "given_dm+postcode_area",
          "family_dm+postcode_area"};
}

size_t BlockingKeys(const BlockingRule& rule, const Features& f, std::array<uint64_t, 2>& keys) {
  size_t variants = 1;
  for (uint8_t part : rule.parts) {
    if (MultiValued(part) && PartValue(part, f, 1) != 0) variants = 2;
  }
  size_t n = 0;
  for (size_t which = 0; which < variants; ++which) {
    uint64_t h = 0x5bd1e995ull + rule.parts.size();
    bool complete = true;
    for (uint8_t part : rule.parts) {
      const uint64_t v = PartValue(part, f, MultiValued(part) ? which : 0);
      if (v == 0) {
        complete = false;
        break;
      }
      h = Mix(Mix(h, part), v);
    }
    if (complete) keys[n++] = h;
  }
  return n;
}

Candidates GenerateCandidates(std::span<const Features> features, std::span<const uint8_t> sources,
                              std::span<const BlockingRule> rules, const BlockingOptions& options) {
  Candidates out;
  std::vector<uint64_t> packed;
  std::vector<std::pair<uint64_t, uint32_t>> keyed;
  for (const auto& rule : rules) {
    keyed.clear();
    std::array<uint64_t, 2> keys{};
    for (size_t i = 0; i < features.size(); ++i) {
      const size_t n = BlockingKeys(rule, features[i], keys);
      for (size_t k = 0; k < n; ++k) keyed.emplace_back(keys[k], static_cast<uint32_t>(i));
    }
    std::sort(keyed.begin(), keyed.end());
    for (size_t start = 0; start < keyed.size();) {
      size_t end = start;
      while (end < keyed.size() && keyed[end].first == keyed[start].first) ++end;
      if (end - start > options.max_block_size) {
        ++out.oversized_blocks;
      } else {
        for (size_t x = start; x < end; ++x) {
          for (size_t y = x + 1; y < end; ++y) {
            const uint32_t a = keyed[x].second, b = keyed[y].second;
            if (a == b) continue;
            if (options.link_only && !sources.empty() && sources[a] == sources[b]) continue;
            packed.push_back(uint64_t{std::min(a, b)} << 32 | std::max(a, b));
          }
        }
      }
      start = end;
    }
  }
  std::sort(packed.begin(), packed.end());
  packed.erase(std::unique(packed.begin(), packed.end()), packed.end());
  out.pairs.reserve(packed.size());
  for (uint64_t p : packed) {
    out.pairs.push_back({static_cast<uint32_t>(p >> 32), static_cast<uint32_t>(p)});
  }
  return out;
}

}  // namespace threadline::linkage
