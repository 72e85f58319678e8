#include "access/audit_chain.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

namespace threadline::access {
namespace {

// The first byte hashed says how the previous hash is given.
constexpr char kPreviousAsBytes = 1;
constexpr char kPreviousAsText = 2;

constexpr size_t kHashBytes = 32;
static_assert(kHashBytes * 2 == kChainHashHexSize);
static_assert(crypto_generichash_BYTES == kHashBytes);

constexpr size_t kTextFields = 9;

void InitSodium() {
  // Selects the fastest BLAKE2b implementation for this processor.
  static const bool ok = sodium_init() >= 0;
  (void)ok;
}

char* PutBigEndian(uint64_t value, int bytes, char* at) {
  for (int i = bytes - 1; i >= 0; --i) {
    at[i] = static_cast<char>(value & 0xFF);
    value >>= 8;
  }
  return at + bytes;
}

char* PutField(std::string_view field, char* at) {
  at = PutBigEndian(field.size(), 4, at);
  if (!field.empty()) std::memcpy(at, field.data(), field.size());
  return at + field.size();
}

// Hex digit values (-1: not a lower-case hex digit), a table rather than
// branches: the digits of a hash are random, so branches mispredict.
constexpr std::array<int8_t, 256> kHexValues = [] {
  std::array<int8_t, 256> table{};
  for (auto& v : table) v = -1;
  for (int c = '0'; c <= '9'; ++c) table[c] = static_cast<int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) table[c] = static_cast<int8_t>(c - 'a' + 10);
  return table;
}();

// The 32 bytes of a well-formed hash (64 lower-case hex digits), or false.
bool DecodeHash(std::string_view hex, unsigned char (&out)[kHashBytes]) {
  if (hex.size() != kChainHashHexSize) return false;
  int bad = 0;
  for (size_t i = 0; i < kHashBytes; ++i) {
    const int hi = kHexValues[static_cast<unsigned char>(hex[2 * i])];
    const int lo = kHexValues[static_cast<unsigned char>(hex[2 * i + 1])];
    bad |= hi | lo;
    out[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return bad >= 0;
}

void HexInto(const unsigned char (&hash)[kHashBytes], char (&out)[kChainHashHexSize]) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (size_t i = 0; i < kHashBytes; ++i) {
    out[2 * i] = kDigits[hash[i] >> 4];
    out[2 * i + 1] = kDigits[hash[i] & 0x0F];
  }
}

void Blake2b(std::string_view input, unsigned char (&out)[kHashBytes]) {
  InitSodium();
  crypto_generichash(out, kHashBytes, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size(), nullptr, 0);
}

}  // namespace

void AppendCanonicalAuditEntry(const domain::AuditEntry& e, std::string& out) {
  const std::string_view fields[kTextFields] = {e.at,         e.actor_id,    e.agency_id,
                                                e.action,     e.record_type, e.record_id,
                                                e.request_id, e.source,      e.purpose};
  size_t size = 8 + 4 * kTextFields;
  for (const auto& f : fields) size += f.size();
  const size_t start = out.size();
  out.resize(start + size);
  char* at = PutBigEndian(static_cast<uint64_t>(e.seq), 8, out.data() + start);
  for (const auto& f : fields) at = PutField(f, at);
}

std::string CanonicalAuditEntry(const domain::AuditEntry& entry) {
  std::string out;
  AppendCanonicalAuditEntry(entry, out);
  return out;
}

namespace {

// The chain input up to the entry: format byte and previous hash.
void AppendChainPrefix(std::string_view previous_hash_hex, std::string& out) {
  unsigned char previous[kHashBytes];
  if (DecodeHash(previous_hash_hex, previous)) {
    out.push_back(kPreviousAsBytes);
    out.append(reinterpret_cast<const char*>(previous), sizeof previous);
  } else {
    out.push_back(kPreviousAsText);
    const size_t start = out.size();
    out.resize(start + 4 + previous_hash_hex.size());
    PutField(previous_hash_hex, out.data() + start);
  }
}

}  // namespace

void AppendChainInput(std::string_view previous_hash_hex, const domain::AuditEntry& entry,
                      std::string& out) {
  AppendChainPrefix(previous_hash_hex, out);
  AppendCanonicalAuditEntry(entry, out);
}

std::string ChainHash(std::string_view previous_hash_hex, const domain::AuditEntry& entry) {
  std::string input;
  AppendChainInput(previous_hash_hex, entry, input);
  unsigned char hash[kHashBytes];
  Blake2b(input, hash);
  char hex[kChainHashHexSize];
  HexInto(hash, hex);
  return std::string(hex, sizeof hex);
}

bool ChainInputMatches(std::string_view input, std::string_view hash_hex) {
  if (hash_hex.size() != kChainHashHexSize) return false;
  unsigned char hash[kHashBytes];
  Blake2b(input, hash);
  char hex[kChainHashHexSize];
  HexInto(hash, hex);
  return std::memcmp(hex, hash_hex.data(), kChainHashHexSize) == 0;
}

bool ChainLinkHolds(std::string_view previous_hash_hex, const domain::AuditEntry& entry,
                    std::string& scratch) {
  if (entry.hash.size() != kChainHashHexSize) return false;
  scratch.clear();
  AppendChainInput(previous_hash_hex, entry, scratch);
  return ChainInputMatches(scratch, entry.hash);
}

std::string_view ChainProblemKindName(ChainProblemKind kind) {
  switch (kind) {
    case ChainProblemKind::kAltered:
      return "altered";
    case ChainProblemKind::kRelinked:
      return "relinked";
    case ChainProblemKind::kMissing:
      return "missing";
    case ChainProblemKind::kOutOfOrder:
      return "out_of_order";
    case ChainProblemKind::kAnchorMismatch:
      return "anchor_mismatch";
    case ChainProblemKind::kTruncated:
      return "truncated";
  }
  return "unknown";
}

std::string ChainProblem::Describe() const {
  const std::string s = std::to_string(seq);
  const std::string o = std::to_string(other_seq);
  switch (kind) {
    case ChainProblemKind::kAltered:
      return "entry seq " + s + " altered";
    case ChainProblemKind::kRelinked:
      return "entries seq " + s + " to " + o +
             " do not follow each other (moved, replaced or inserted)";
    case ChainProblemKind::kMissing:
      return "entries missing after seq " + s + " (next present is seq " + o + ")";
    case ChainProblemKind::kOutOfOrder:
      return "entry seq " + s + " out of order (after seq " + o + ")";
    case ChainProblemKind::kAnchorMismatch:
      return "entry seq " + s + " does not match the recorded hash";
    case ChainProblemKind::kTruncated:
      return "entries missing after seq " + s + " (the log ends before recorded seq " + o + ")";
  }
  return "unknown problem at seq " + s;
}

ChainVerifier::ChainVerifier() : ChainVerifier(0, std::string(kGenesisHash)) {}

ChainVerifier::ChainVerifier(int64_t after_seq, std::string previous_hash_hex)
    : last_seq_(after_seq), previous_hash_(std::move(previous_hash_hex)) {
  scratch_.reserve(512);
}

void ChainVerifier::ExpectHash(int64_t seq, std::string hash_hex) {
  anchors_.emplace_back(seq, std::move(hash_hex));
}

void ChainVerifier::Add(const domain::AuditEntry& entry) {
  // The link is only meaningful for the next seq; AddChecked ignores it otherwise.
  const bool holds = entry.seq == last_seq_ + 1 && ChainLinkHolds(previous_hash_, entry, scratch_);
  AddChecked(entry, holds);
}

void ChainVerifier::AddChecked(int64_t seq, std::string_view stored_hash, bool link_holds) {
  ++entries_;
  if (seq <= last_seq_) {
    CloseRun();
    Report({ChainProblemKind::kOutOfOrder, seq, last_seq_});
    previous_hash_.assign(stored_hash);
    return;
  }
  if (seq != last_seq_ + 1) {
    // The entry's own link cannot be judged: its predecessor is gone.
    CloseRun();
    Report({ChainProblemKind::kMissing, last_seq_, seq});
  } else if (!link_holds) {
    if (run_first_ == 0) run_first_ = seq;
    run_last_ = seq;
  } else {
    CloseRun();
  }
  for (const auto& [anchor_seq, anchor_hash] : anchors_) {
    if (anchor_seq == seq && anchor_hash != stored_hash) {
      Report({ChainProblemKind::kAnchorMismatch, seq, 0});
    }
  }
  previous_hash_.assign(stored_hash);
  last_seq_ = seq;
}

void ChainVerifier::Finish() {
  CloseRun();
  for (const auto& [seq, hash] : anchors_) {
    if (seq > last_seq_) Report({ChainProblemKind::kTruncated, last_seq_, seq});
  }
  std::stable_sort(problems_.begin(), problems_.end(),
                   [](const ChainProblem& a, const ChainProblem& b) { return a.seq < b.seq; });
}

void ChainVerifier::CloseRun() {
  if (run_first_ == 0) return;
  // One failing link: that entry no longer matches its hash. Several in a
  // row: the stored hashes themselves do not follow each other.
  if (run_first_ == run_last_) {
    Report({ChainProblemKind::kAltered, run_first_, run_first_});
  } else {
    Report({ChainProblemKind::kRelinked, run_first_, run_last_});
  }
  run_first_ = run_last_ = 0;
}

void ChainVerifier::Report(ChainProblem problem) {
  ++problem_count_;
  if (problems_.size() < kMaxKeptProblems) problems_.push_back(problem);
}

namespace {

// Entries handed from the reading thread to the hashing thread: canonical
// bytes and stored hash of each, packed so that no entry allocates.
struct Batch {
  std::string previous;  // stored hash of the entry before the first one
  std::string entries;
  std::vector<size_t> entry_ends;
  std::string hashes;
  std::vector<size_t> hash_ends;
  std::vector<int64_t> seqs;
  bool last = false;

  void Clear() {
    previous.clear();
    entries.clear();
    entry_ends.clear();
    hashes.clear();
    hash_ends.clear();
    seqs.clear();
    last = false;
  }
};

// A blocking hand-over queue of batches.
class BatchQueue {
 public:
  void Push(Batch* batch) {
    {
      std::lock_guard lock(mutex_);
      batches_.push_back(batch);
    }
    cv_.notify_one();
  }
  Batch* Pop() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !batches_.empty(); });
    Batch* batch = batches_.front();
    batches_.pop_front();
    return batch;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Batch*> batches_;
};

}  // namespace

Status VerifyConcurrently(ChainVerifier& verifier,
                          const std::function<Status(const AuditEntrySink&)>& scan) {
  constexpr size_t kBatchEntries = 4096;
  constexpr size_t kBatches = 4;
  std::vector<Batch> batches(kBatches);
  BatchQueue free_batches;
  BatchQueue full_batches;
  for (auto& b : batches) free_batches.Push(&b);

  std::thread hasher([&] {
    std::string input;
    for (;;) {
      Batch* b = full_batches.Pop();
      size_t entry_begin = 0;
      size_t hash_begin = 0;
      std::string_view previous = b->previous;
      const std::string_view entries = b->entries;
      const std::string_view hashes = b->hashes;
      for (size_t i = 0; i < b->seqs.size(); ++i) {
        const auto entry = entries.substr(entry_begin, b->entry_ends[i] - entry_begin);
        const auto hash = hashes.substr(hash_begin, b->hash_ends[i] - hash_begin);
        input.clear();
        AppendChainPrefix(previous, input);
        input.append(entry);
        verifier.AddChecked(b->seqs[i], hash, ChainInputMatches(input, hash));
        previous = hash;
        entry_begin = b->entry_ends[i];
        hash_begin = b->hash_ends[i];
      }
      const bool last = b->last;
      free_batches.Push(b);
      if (last) return;
    }
  });

  // Each entry is chained to the stored hash of the one read before it, as
  // ChainVerifier::Add does; the hashing thread decodes and hashes.
  Batch* current = free_batches.Pop();
  current->Clear();
  current->previous = verifier.head_hash();
  const auto sink = [&](const domain::AuditEntry& e) -> Status {
    AppendCanonicalAuditEntry(e, current->entries);
    current->entry_ends.push_back(current->entries.size());
    current->hashes.append(e.hash);
    current->hash_ends.push_back(current->hashes.size());
    current->seqs.push_back(e.seq);
    if (current->seqs.size() == kBatchEntries) {
      full_batches.Push(current);
      current = free_batches.Pop();
      current->Clear();
      current->previous.assign(e.hash);
    }
    return Status::Ok();
  };
  Status status;
  try {
    status = scan(sink);
  } catch (...) {
    current->last = true;
    full_batches.Push(current);
    hasher.join();
    throw;
  }
  current->last = true;
  full_batches.Push(current);
  hasher.join();
  return status;
}

}  // namespace threadline::access
