#pragma once
// The hash chain that makes the audit log tamper-evident (Data Protection Act
// 2018 Part 3, logging of processing operations).
//
// Every entry carries hash = BLAKE2b-256(previous entry's hash, canonical
// bytes of the entry). Changing a field of a stored entry, deleting one or
// moving one breaks the chain at that entry, and the verifier says where.
// The chain is unkeyed: someone able to write the database could recompute
// every hash after an edit, which is why the head hash is also recorded
// outside the database and checked against (ChainVerifier::ExpectHash).
//
// Pure: values in, values out. Used by the store (to chain each entry as it
// is appended) and by `threadline audit verify`.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/records.hpp"
#include "domain/result.hpp"

namespace threadline::access {

// The "previous hash" of the first entry: 64 zeros.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Hex digits in a chain hash (32 bytes).
inline constexpr size_t kChainHashHexSize = 64;

// Appends the canonical bytes of `entry` to `out`: `seq` as 8 bytes
// big-endian, then every text field in declaration order (at, actor_id,
// agency_id, action, record_type, record_id, request_id, source, purpose),
// each as a 4-byte big-endian length followed by its bytes. `hash` is not
// included.
void AppendCanonicalAuditEntry(const domain::AuditEntry& entry, std::string& out);
std::string CanonicalAuditEntry(const domain::AuditEntry& entry);

// Appends the exact bytes that are hashed for `entry` chained to
// `previous_hash_hex`: a format byte, the previous hash, then the canonical
// bytes of the entry. The previous hash is normally 64 lower-case hex digits
// and goes in as its 32 bytes (format byte 1); anything else (a damaged
// log) goes in as a 4-byte length and its text (format byte 2), so every
// input stays unambiguous.
void AppendChainInput(std::string_view previous_hash_hex, const domain::AuditEntry& entry,
                      std::string& out);

// Hex BLAKE2b-256 of AppendChainInput(previous_hash_hex, entry).
std::string ChainHash(std::string_view previous_hash_hex, const domain::AuditEntry& entry);

// True when the BLAKE2b-256 of `input` is `hash_hex`.
bool ChainInputMatches(std::string_view input, std::string_view hash_hex);

// True when the stored hash of `entry` is the hash of `entry` chained to
// `previous_hash_hex` (the stored hash of the entry before it). `scratch` is
// reused between calls to avoid allocating.
bool ChainLinkHolds(std::string_view previous_hash_hex, const domain::AuditEntry& entry,
                    std::string& scratch);

enum class ChainProblemKind {
  kAltered,         // one entry's content no longer matches its hash
  kRelinked,        // a run of entries that do not follow each other: moved, replaced, inserted
  kMissing,         // a gap in seq: entries deleted
  kOutOfOrder,      // seq not increasing
  kAnchorMismatch,  // an entry's hash differs from one recorded outside the database
  kTruncated,       // the log ends before an entry recorded outside the database
};

std::string_view ChainProblemKindName(ChainProblemKind kind);

struct ChainProblem {
  ChainProblemKind kind = ChainProblemKind::kAltered;
  // kAltered, kRelinked, kOutOfOrder, kAnchorMismatch: the first entry
  // affected. kMissing, kTruncated: the last entry present before the gap.
  int64_t seq = 0;
  // kRelinked: the last entry of the run. kMissing: the next entry present.
  // kOutOfOrder: the entry it came after. kTruncated: the recorded seq.
  int64_t other_seq = 0;

  // One line for people, e.g. "entry seq 1234 altered".
  std::string Describe() const;
};

// Checks a chain fed one entry at a time in the order the store holds them.
// Each entry is checked against the stored hash of the entry before it, so
// one altered entry is reported once, not as a break of everything after.
class ChainVerifier {
 public:
  // Problems kept in full; beyond this only counted.
  static constexpr size_t kMaxKeptProblems = 100;

  // Verifies a log from its first entry (seq 1, chained to the genesis hash).
  ChainVerifier();
  // Verifies the entries after one already verified (seq `after_seq` with
  // stored hash `previous_hash_hex`).
  ChainVerifier(int64_t after_seq, std::string previous_hash_hex);

  // Entry `seq` must carry `hash_hex`: a head hash recorded earlier, outside
  // the database. Catches a rewrite of the whole chain and a cut tail.
  void ExpectHash(int64_t seq, std::string hash_hex);

  void Add(const domain::AuditEntry& entry);
  // As Add, when the caller has already computed ChainLinkHolds for the
  // entry (so hashing can run on another thread).
  void AddChecked(const domain::AuditEntry& entry, bool link_holds) {
    AddChecked(entry.seq, entry.hash, link_holds);
  }
  void AddChecked(int64_t seq, std::string_view stored_hash, bool link_holds);
  // Call once after the last entry: closes an open run and checks anchors.
  void Finish();

  bool intact() const { return problem_count_ == 0; }
  int64_t entries() const { return entries_; }
  int64_t last_seq() const { return last_seq_; }
  // The stored hash of the last entry fed (the genesis hash when none).
  const std::string& head_hash() const { return previous_hash_; }
  int64_t problem_count() const { return problem_count_; }
  // The first kMaxKeptProblems problems, in seq order.
  const std::vector<ChainProblem>& problems() const { return problems_; }

 private:
  void Report(ChainProblem problem);
  void CloseRun();

  int64_t last_seq_ = 0;
  std::string previous_hash_;
  int64_t entries_ = 0;
  // A run of consecutive entries whose links fail (0 = none open).
  int64_t run_first_ = 0;
  int64_t run_last_ = 0;
  std::vector<std::pair<int64_t, std::string>> anchors_;
  std::vector<ChainProblem> problems_;
  int64_t problem_count_ = 0;
  std::string scratch_;
};

// Calls `fn` once per entry, in seq order; stops at fn's first error.
using AuditEntrySink = std::function<Status(const domain::AuditEntry&)>;

// Feeds `verifier` the entries that `scan` passes to its sink, reading on the
// calling thread while a second thread hashes: reading a long log and
// hashing it take about as long as each other, so they overlap. Call
// verifier.Finish() afterwards. Returns the status of `scan`.
Status VerifyConcurrently(ChainVerifier& verifier,
                          const std::function<Status(const AuditEntrySink&)>& scan);

}  // namespace threadline::access
