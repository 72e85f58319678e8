#include "linkage/blocking.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <unordered_set>

#include "linkage/comparison.hpp"

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

Field PartField(uint8_t part) {
  switch (part) {
    case kGiven:
    case kGivenDm:
    case kGivenInitial:
    case kGivenNick:
      return Field::kGivenName;
    case kFamily:
    case kFamilyDm:
    case kFamilyInitial:
      return Field::kFamilyName;
    case kDobFull:
    case kDobYear:
    case kDobMonthDay:
      return Field::kDob;
    case kPostcode:
    case kPostcodeArea:
      return Field::kPostcode;
    case kCity:
      return Field::kCity;
    case kSuburb:
      return Field::kSuburb;
    case kAddress:
      return Field::kAddress;
    case kStreetNumber:
      return Field::kStreetNumber;
    case kState:
      return Field::kState;
    case kEmail:
    case kEmailLocal:
      return Field::kEmail;
    case kPhone:
      return Field::kPhone;
    case kHandle:
      return Field::kHandle;
    default:
      return Field::kVehicle;
  }
}

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

uint32_t RuleFields(const BlockingRule& rule) {
  uint32_t mask = 0;
  for (uint8_t part : rule.parts) mask |= 1u << static_cast<unsigned>(PartField(part));
  return mask;
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

namespace {

// Per rule, every record's block keys cut to 32 bits (0: not blocked) and
// the records sorted by key. 32-bit keys can collide; a collision only adds
// a pair to a block, it never loses one.
struct RuleIndex {
  std::vector<uint32_t> key0, key1;  // key1 only for multi-valued rules
  std::vector<uint64_t> sorted;      // key << 32 | record, ascending
};

uint32_t Key32(uint64_t h) {
  const auto k = static_cast<uint32_t>(h ^ (h >> 32));
  return k == 0 ? 1 : k;
}

RuleIndex BuildRuleIndex(const BlockingRule& rule, std::span<const Features> features) {
  RuleIndex ix;
  const size_t n = features.size();
  ix.key0.assign(n, 0);
  const bool multi = std::any_of(rule.parts.begin(), rule.parts.end(), MultiValued);
  if (multi) ix.key1.assign(n, 0);
  std::array<uint64_t, 2> keys{};
  for (size_t i = 0; i < n; ++i) {
    const size_t count = BlockingKeys(rule, features[i], keys);
    for (size_t k = 0; k < count; ++k) {
      const uint32_t key = Key32(keys[k]);
      (k == 0 ? ix.key0 : ix.key1)[i] = key;
      ix.sorted.push_back(uint64_t{key} << 32 | i);
    }
  }
  std::sort(ix.sorted.begin(), ix.sorted.end());
  return ix;
}

bool SameBlock(const RuleIndex& ix, uint32_t a, uint32_t b) {
  const uint32_t a0 = ix.key0[a], b0 = ix.key0[b];
  if (a0 == 0 || b0 == 0) return false;
  if (a0 == b0) return true;
  if (ix.key1.empty()) return false;
  const uint32_t a1 = ix.key1[a], b1 = ix.key1[b];
  return (a1 != 0 && (a1 == b0 || a1 == b1)) || (b1 != 0 && a0 == b1);
}

struct Block {
  uint32_t rule, begin, end;  // a run of ix[rule].sorted
};

class PairEmitter {
 public:
  PairEmitter(const std::vector<RuleIndex>& ix, std::span<const uint8_t> sources,
              const BlockingOptions& options)
      : ix_(ix), sources_(sources), options_(options) {}

  // Emits the pairs of one block that no earlier rule has in a block of
  // its own (so each pair is emitted by its first rule only).
  void Emit(const Block& block, std::vector<uint64_t>& out) const {
    const auto& sorted = ix_[block.rule].sorted;
    for (uint32_t x = block.begin; x < block.end; ++x) {
      for (uint32_t y = x + 1; y < block.end; ++y) {
        const auto a = static_cast<uint32_t>(sorted[x]), b = static_cast<uint32_t>(sorted[y]);
        if (a == b) continue;
        if (options_.link_only && !sources_.empty() && sources_[a] == sources_[b]) continue;
        if (CoveredEarlier(block.rule, a, b)) continue;
        out.push_back(uint64_t{std::min(a, b)} << 32 | std::max(a, b));
      }
    }
  }

  uint32_t RuleMask(uint32_t a, uint32_t b) const {
    uint32_t mask = 0;
    for (size_t r = 0; r < ix_.size(); ++r) {
      if (SameBlock(ix_[r], a, b) && !oversized_[r].count(Key(r, a, b))) {
        mask |= 1u << std::min<size_t>(r, 31);
      }
    }
    return mask;
  }

  void MarkOversized(uint32_t rule, uint32_t key) { oversized_[rule].insert(key); }
  void Resize(size_t rules) { oversized_.resize(rules); }

 private:
  uint32_t Key(size_t r, uint32_t a, uint32_t b) const {
    const auto& ix = ix_[r];
    if (ix.key1.empty() || ix.key0[a] == ix.key0[b] || ix.key0[a] == ix.key1[b]) return ix.key0[a];
    return ix.key1[a];
  }
  bool CoveredEarlier(uint32_t rule, uint32_t a, uint32_t b) const {
    for (uint32_t r = 0; r < rule; ++r) {
      if (SameBlock(ix_[r], a, b) && (oversized_[r].empty() || !oversized_[r].count(Key(r, a, b))))
        return true;
    }
    return false;
  }

  const std::vector<RuleIndex>& ix_;
  std::span<const uint8_t> sources_;
  const BlockingOptions& options_;
  std::vector<std::unordered_set<uint32_t>> oversized_;
};

// Runs fn(item, thread) for items [0, count) on up to `threads` threads.
template <typename Fn>
void ParallelFor(size_t count, unsigned threads, Fn fn) {
  std::atomic<size_t> next{0};
  auto work = [&](unsigned t) {
    for (size_t i = next++; i < count; i = next++) fn(i, t);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
}

}  // namespace

unsigned DefaultThreads() { return std::max(1u, std::thread::hardware_concurrency()); }

Candidates GenerateCandidates(std::span<const Features> features, std::span<const uint8_t> sources,
                              std::span<const BlockingRule> rules, const BlockingOptions& options) {
  Candidates out;
  const unsigned threads = options.threads ? options.threads : DefaultThreads();
  std::vector<RuleIndex> ix(rules.size());
  ParallelFor(rules.size(), threads,
              [&](size_t r, unsigned) { ix[r] = BuildRuleIndex(rules[r], features); });
  PairEmitter emitter(ix, sources, options);
  emitter.Resize(rules.size());
  std::vector<Block> blocks;
  for (uint32_t r = 0; r < ix.size(); ++r) {
    const auto& sorted = ix[r].sorted;
    for (size_t start = 0; start < sorted.size();) {
      size_t end = start;
      while (end < sorted.size() && (sorted[end] >> 32) == (sorted[start] >> 32)) ++end;
      if (end - start > options.max_block_size) {
        ++out.oversized_blocks;
        emitter.MarkOversized(r, static_cast<uint32_t>(sorted[start] >> 32));
      } else if (end - start > 1) {
        blocks.push_back({r, static_cast<uint32_t>(start), static_cast<uint32_t>(end)});
      }
      start = end;
    }
  }
  std::vector<std::vector<uint64_t>> found(threads);
  ParallelFor(blocks.size(), threads,
              [&](size_t i, unsigned t) { emitter.Emit(blocks[i], found[t]); });
  std::vector<uint64_t> packed;
  size_t total = 0;
  for (const auto& f : found) total += f.size();
  packed.reserve(total);
  for (auto& f : found) {
    packed.insert(packed.end(), f.begin(), f.end());
    std::vector<uint64_t>().swap(f);
  }
  std::sort(packed.begin(), packed.end());
  packed.erase(std::unique(packed.begin(), packed.end()), packed.end());
  out.pairs.resize(packed.size());
  if (options.record_rules) out.rule_masks.resize(packed.size());
  ParallelFor(threads, threads, [&](size_t t, unsigned) {
    for (size_t i = t; i < packed.size(); i += threads) {
      const auto a = static_cast<uint32_t>(packed[i] >> 32), b = static_cast<uint32_t>(packed[i]);
      out.pairs[i] = {a, b};
      if (options.record_rules) out.rule_masks[i] = emitter.RuleMask(a, b);
    }
  });
  return out;
}

}  // namespace threadline::linkage
