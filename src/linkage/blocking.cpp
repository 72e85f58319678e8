#include "linkage/blocking.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

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
  // Tight rules first: each pairs records that agree on two or three
  // fields, so one wrong field (a typo, a nickname, a new surname, a move)
  // still leaves another rule to find the pair, and blocks stay small in a
  // population of millions.
  return {"given_dm+family_dm+dob_year", "given_dm+family_dm+postcode_area", "family_dm+dob",
          "given_dm+dob", "given_nick+family_initial+dob_year", "dob+postcode_area",
          "postcode+given_initial", "postcode+family_initial", "email", "email_local", "phone",
          "handle", "vehicle", "address+street_number",
          // Looser rules for partial or damaged records; in a large
          // population their pair budget leaves only their smaller blocks.
          "given_dm+family_dm", "family_dm+dob_year", "given_dm+dob_year", "dob",
          "dob_md+given_initial", "dob_md+family_initial", "given_nick+family_initial",
          "given+city", "family+city", "given_dm+postcode_area", "family_dm+postcode_area"};
}

std::vector<std::string> DefaultTrainingRules() {
  return {"given+family+dob",
          "given+family+postcode",
          "given+family+city",
          "dob+postcode",
          "dob+address",
          "dob+city",
          "email",
          "handle",
          "vehicle",
          "phone+dob_year"};
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

uint32_t Key32(uint64_t h) {
  const auto k = static_cast<uint32_t>(h ^ (h >> 32));
  return k == 0 ? 1 : k;
}

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

constexpr size_t kBatch = 4096;

// The largest block size a rule keeps: options.max_block_size, or less when
// the rule's blocks up to that size would hold more pairs than
// options.max_pairs_per_record allows for `records` records.
template <typename Run>
size_t SizeLimit(const std::vector<Run>& runs, const BlockingOptions& options, size_t records) {
  std::vector<size_t> sizes;
  uint64_t pairs = 0;
  for (const auto& run : runs) {
    const size_t k = run.end - run.start;
    if (k > options.max_block_size || k < 2) continue;
    sizes.push_back(k);
    pairs += uint64_t{k} * (k - 1) / 2;
  }
  const double budget = options.max_pairs_per_record * static_cast<double>(records);
  if (options.max_pairs_per_record <= 0 || static_cast<double>(pairs) <= budget) {
    return options.max_block_size;
  }
  std::sort(sizes.begin(), sizes.end(), std::greater<>());
  size_t i = 0;
  while (i < sizes.size() && static_cast<double>(pairs) > budget) {
    // Blocks of one size go together, so the limit is a size.
    const size_t k = sizes[i];
    for (; i < sizes.size() && sizes[i] == k; ++i) pairs -= uint64_t{k} * (k - 1) / 2;
  }
  return i < sizes.size() ? sizes[i] : 1;
}

}  // namespace

unsigned DefaultThreads() { return std::max(1u, std::thread::hardware_concurrency()); }

BlockingIndex::BlockingIndex(std::span<const Features> features, std::span<const uint8_t> sources,
                             std::span<const BlockingRule> rules, const BlockingOptions& options)
    : records_(features.size()),
      sources_(sources),
      link_only_(options.link_only && !sources.empty()),
      threads_(options.threads ? options.threads : DefaultThreads()) {
  for (const auto& rule : rules) {
    const bool multi = std::any_of(rule.parts.begin(), rule.parts.end(), MultiValued);
    const auto c0 = static_cast<int32_t>(columns_++);
    rule_columns_.push_back({c0, multi ? static_cast<int32_t>(columns_++) : -1});
    stats_.push_back({rule.text});
  }
  // Per rule, the key columns of the rules before it; and the multi-valued rules.
  uint64_t so_far = 0;
  for (size_t r = 0; r < rule_columns_.size(); ++r) {
    earlier_columns_.push_back(so_far);
    const auto [c0, c1] = rule_columns_[r];
    if (c0 < 64) so_far |= uint64_t{1} << c0;
    if (c1 >= 0) {
      if (c1 < 64) so_far |= uint64_t{1} << c1;
      multi_rules_.push_back(static_cast<uint32_t>(r));
    }
  }
  // Built a column per rule in parallel, then laid out row by row.
  std::vector<std::vector<uint32_t>> column(columns_, std::vector<uint32_t>(records_, 0));
  members_.resize(rules.size());
  std::vector<std::vector<Block>> rule_blocks(rules.size());
  std::vector<uint64_t> rule_bound(rules.size(), 0);
  ParallelFor(rules.size(), threads_, [&](size_t r, unsigned) {
    const auto [c0, c1] = rule_columns_[r];
    std::vector<uint64_t> sorted;  // key << 32 | record
    std::array<uint64_t, 2> keys{};
    for (size_t i = 0; i < records_; ++i) {
      const size_t count = BlockingKeys(rules[r], features[i], keys);
      for (size_t k = 0; k < count; ++k) {
        const uint32_t key = Key32(keys[k]);
        if (k == 1 && key == column[c0][i]) break;  // both values give one block
        column[k == 0 ? c0 : c1][i] = key;
        sorted.push_back(uint64_t{key} << 32 | i);
      }
    }
    std::sort(sorted.begin(), sorted.end());
    auto& stats = stats_[r];
    auto& members = members_[r];
    // The rule's blocks (runs of one key), and the size above which a block
    // is left out: max_block_size, lowered until the rule's pairs fit its
    // budget (the largest, least specific blocks go first).
    struct Run {
      size_t start, end;
    };
    std::vector<Run> runs;
    for (size_t start = 0; start < sorted.size();) {
      size_t end = start;
      while (end < sorted.size() && (sorted[end] >> 32) == (sorted[start] >> 32)) ++end;
      runs.push_back({start, end});
      start = end;
    }
    const size_t limit = SizeLimit(runs, options, records_);
    for (const Run& run : runs) {
      const auto key = static_cast<uint32_t>(sorted[run.start] >> 32);
      const size_t size = run.end - run.start;
      if (size > limit) {
        ++stats.oversized_blocks;
        // Forget the key: the block neither produces pairs nor claims them.
        for (size_t k = run.start; k < run.end; ++k) {
          const auto i = static_cast<uint32_t>(sorted[k]);
          if (column[c0][i] == key) column[c0][i] = 0;
          if (c1 >= 0 && column[c1][i] == key) column[c1][i] = 0;
        }
      } else if (size > 1) {
        const auto begin = static_cast<uint32_t>(members.size());
        for (size_t k = run.start; k < run.end; ++k) {
          members.push_back(static_cast<uint32_t>(sorted[k]));
        }
        rule_blocks[r].push_back(
            {static_cast<uint32_t>(r), begin, static_cast<uint32_t>(members.size()), key});
        ++stats.blocks;
        stats.largest_block = std::max(stats.largest_block, size);
        rule_bound[r] += uint64_t{size} * (size - 1) / 2;
      }
    }
    members.shrink_to_fit();
  });
  keys_.resize(records_ * columns_);
  for (size_t c = 0; c < columns_; ++c) {
    for (size_t i = 0; i < records_; ++i) keys_[i * columns_ + c] = column[c][i];
    std::vector<uint32_t>().swap(column[c]);
  }
  for (size_t r = 0; r < rules.size(); ++r) {
    blocks_.insert(blocks_.end(), rule_blocks[r].begin(), rule_blocks[r].end());
    pair_upper_bound_ += rule_bound[r];
  }
  // Largest blocks first, so the threads finish together.
  std::stable_sort(blocks_.begin(), blocks_.end(), [](const Block& x, const Block& y) {
    return x.end - x.begin > y.end - y.begin;
  });
}

size_t BlockingIndex::oversized_blocks() const {
  size_t n = 0;
  for (const auto& s : stats_) n += s.oversized_blocks;
  return n;
}

bool BlockingIndex::SameBlock(const uint32_t* row_a, const uint32_t* row_b, size_t rule) const {
  const auto [c0, c1] = rule_columns_[rule];
  const uint32_t a0 = row_a[c0], b0 = row_b[c0];
  if (a0 != 0 && a0 == b0) return true;
  if (c1 < 0) return false;
  const uint32_t a1 = row_a[c1], b1 = row_b[c1];
  return (a1 != 0 && (a1 == b0 || a1 == b1)) || (b1 != 0 && a0 == b1 && a0 != 0);
}

bool BlockingIndex::IsCandidate(uint32_t a, uint32_t b) const {
  if (a == b || (link_only_ && sources_[a] == sources_[b])) return false;
  const uint32_t* ra = &keys_[size_t{a} * columns_];
  const uint32_t* rb = &keys_[size_t{b} * columns_];
  for (size_t r = 0; r < rule_columns_.size(); ++r) {
    if (SameBlock(ra, rb, r)) return true;
  }
  return false;
}

uint32_t BlockingIndex::RuleMask(uint32_t a, uint32_t b) const {
  const uint32_t* ra = &keys_[size_t{a} * columns_];
  const uint32_t* rb = &keys_[size_t{b} * columns_];
  uint32_t mask = 0;
  for (size_t r = 0; r < rule_columns_.size(); ++r) {
    if (SameBlock(ra, rb, r)) mask |= 1u << std::min<size_t>(r, 31);
  }
  return mask;
}

bool BlockingIndex::CoveredEarlier(const uint32_t* row_a, const uint32_t* row_b,
                                   size_t rule) const {
  if (columns_ > 64) {
    for (size_t r = 0; r < rule; ++r) {
      if (SameBlock(row_a, row_b, r)) return true;
    }
    return false;
  }
  // Equal keys column by column in one pass (the compiler vectorises it);
  // only a multi-valued rule's crossed values (a's first phone is b's
  // second) need a look of their own.
  uint64_t equal = 0;
  for (size_t c = 0; c < columns_; ++c) {
    equal |= uint64_t{row_a[c] != 0 && row_a[c] == row_b[c]} << c;
  }
  if ((equal & earlier_columns_[rule]) != 0) return true;
  for (const uint32_t r : multi_rules_) {
    if (r >= rule) break;
    if (SameBlock(row_a, row_b, r)) return true;
  }
  return false;
}

std::vector<uint32_t> BlockingIndex::RuleMasks(std::span<const CandidatePair> pairs) const {
  std::vector<uint32_t> masks;
  masks.reserve(pairs.size());
  for (const auto& p : pairs) masks.push_back(RuleMask(p.a, p.b));
  return masks;
}

void BlockingIndex::EmitBlock(const Block& block, std::vector<uint32_t>& rows,
                              std::vector<CandidatePair>& batch, unsigned thread,
                              const Visit& visit, uint64_t& emitted) const {
  const uint32_t* members = &members_[block.rule][block.begin];
  const size_t size = block.end - block.begin;
  // The block's key rows side by side: the pair loop below then stays in cache.
  rows.resize(size * columns_);
  for (size_t x = 0; x < size; ++x) {
    std::copy_n(&keys_[size_t{members[x]} * columns_], columns_, &rows[x * columns_]);
  }
  const int32_t c1 = rule_columns_[block.rule][1];
  for (size_t x = 0; x < size; ++x) {
    const uint32_t a = members[x];
    const uint32_t* ra = &rows[x * columns_];
    for (size_t y = x + 1; y < size; ++y) {
      const uint32_t b = members[y];
      if (link_only_ && sources_[a] == sources_[b]) continue;
      const uint32_t* rb = &rows[y * columns_];
      if (CoveredEarlier(ra, rb, block.rule)) continue;
      if (c1 >= 0) {
        // Two records sharing both values of a multi-valued part meet in two
        // blocks of this rule: the block of the smaller shared key emits them.
        const int32_t c0 = rule_columns_[block.rule][0];
        uint32_t smallest = block.key;
        for (const uint32_t ka : {ra[c0], ra[c1]}) {
          if (ka != 0 && (ka == rb[c0] || ka == rb[c1])) smallest = std::min(smallest, ka);
        }
        if (smallest != block.key) continue;
      }
      batch.push_back({std::min(a, b), std::max(a, b)});
      ++emitted;
      if (batch.size() == kBatch) {
        visit(batch, thread);
        batch.clear();
      }
    }
  }
}

void BlockingIndex::ForEachPair(const Visit& visit) {
  std::vector<std::vector<uint64_t>> emitted(threads_, std::vector<uint64_t>(stats_.size(), 0));
  std::atomic<size_t> next{0};  // blocks are taken in order, largest first
  auto work = [&](unsigned t) {
    std::vector<uint32_t> rows;
    std::vector<CandidatePair> batch;
    batch.reserve(kBatch);
    for (size_t i = next++; i < blocks_.size(); i = next++) {
      const Block& block = blocks_[i];
      EmitBlock(block, rows, batch, t, visit, emitted[t][block.rule]);
    }
    if (!batch.empty()) visit(batch, t);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads_; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  for (size_t r = 0; r < stats_.size(); ++r) {
    stats_[r].pairs = 0;
    for (const auto& e : emitted) stats_[r].pairs += e[r];
  }
}

Candidates GenerateCandidates(std::span<const Features> features, std::span<const uint8_t> sources,
                              std::span<const BlockingRule> rules, const BlockingOptions& options) {
  BlockingIndex index(features, sources, rules, options);
  std::vector<std::vector<CandidatePair>> found(index.threads());
  index.ForEachPair([&](std::span<const CandidatePair> pairs, unsigned t) {
    found[t].insert(found[t].end(), pairs.begin(), pairs.end());
  });
  Candidates out;
  out.oversized_blocks = index.oversized_blocks();
  size_t total = 0;
  for (const auto& f : found) total += f.size();
  out.pairs.reserve(total);
  for (auto& f : found) {
    out.pairs.insert(out.pairs.end(), f.begin(), f.end());
    std::vector<CandidatePair>().swap(f);
  }
  std::sort(out.pairs.begin(), out.pairs.end());
  if (options.record_rules) out.rule_masks = index.RuleMasks(out.pairs);
  return out;
}

}  // namespace threadline::linkage
