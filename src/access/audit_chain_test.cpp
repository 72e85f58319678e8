#include "access/audit_chain.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <utility>
#include <vector>

namespace threadline::access {
namespace {

using domain::AuditEntry;

AuditEntry MakeEntry(int64_t seq) {
  AuditEntry e;
  e.seq = seq;
  e.at = "2026-01-01T00:00:" + std::string(seq < 10 ? "0" : "") + std::to_string(seq % 60) + "Z";
  e.actor_id = "01HZZZZZZZZZZZZZZZZZZZZZZZ";
  e.agency_id = "01HAAAAAAAAAAAAAAAAAAAAAAA";
  e.action = "report.read";
  e.record_type = "report";
  e.record_id = "01HR" + std::to_string(1000000 + seq) + "RRRRRRRRRRRRRRR";
  e.request_id = "req-" + std::to_string(seq);
  e.source = "127.0.0.1";
  return e;
}

// A correctly chained log of `n` entries, seq 1..n.
std::vector<AuditEntry> MakeChain(int n) {
  std::vector<AuditEntry> out;
  std::string previous(kGenesisHash);
  for (int i = 1; i <= n; ++i) {
    AuditEntry e = MakeEntry(i);
    e.hash = ChainHash(previous, e);
    previous = e.hash;
    out.push_back(std::move(e));
  }
  return out;
}

// Recomputes every hash from `from` (0-based) on, as someone able to write
// the database could.
void Rechain(std::vector<AuditEntry>& chain, size_t from) {
  std::string previous = from == 0 ? std::string(kGenesisHash) : chain[from - 1].hash;
  for (size_t i = from; i < chain.size(); ++i) {
    chain[i].hash = ChainHash(previous, chain[i]);
    previous = chain[i].hash;
  }
}

ChainVerifier Verify(const std::vector<AuditEntry>& chain,
                     std::vector<std::pair<int64_t, std::string>> anchors = {}) {
  ChainVerifier v;
  for (auto& [seq, hash] : anchors) v.ExpectHash(seq, hash);
  for (const auto& e : chain) v.Add(e);
  v.Finish();
  return v;
}

TEST(AuditChainTest, GenesisIsSixtyFourZeros) { EXPECT_EQ(kGenesisHash, std::string(64, '0')); }

TEST(AuditChainTest, SerialisationLengthPrefixesEveryField) {
  AuditEntry a = MakeEntry(7);
  AuditEntry b = a;
  // The same characters split differently between two fields.
  a.action = "report.rea";
  a.record_type = "dreport";
  b.action = "report.read";
  b.record_type = "report";
  EXPECT_NE(CanonicalAuditEntry(a), CanonicalAuditEntry(b));
  EXPECT_NE(ChainHash(std::string(kGenesisHash), a), ChainHash(std::string(kGenesisHash), b));
}

TEST(AuditChainTest, SerialisationLayout) {
  AuditEntry e;
  e.seq = 0x0102030405060708;
  e.at = "T";
  e.purpose = "ab";
  std::string expected = std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8);
  expected += std::string(3, '\0') + '\x01' + "T";
  for (int i = 0; i < 7; ++i) expected += std::string(4, '\0');  // seven empty fields
  expected += std::string(3, '\0') + '\x02' + "ab";
  EXPECT_EQ(CanonicalAuditEntry(e), expected);
}

TEST(AuditChainTest, ChainInputIsFormatBytePreviousHashAndEntry) {
  const AuditEntry e = MakeEntry(2);
  const std::string previous = "00ff" + std::string(60, 'a');
  std::string input;
  AppendChainInput(previous, e, input);
  std::string expected = "\x01";
  expected += std::string("\x00\xff", 2) + std::string(30, '\xaa');
  expected += CanonicalAuditEntry(e);
  EXPECT_EQ(input, expected);
  // A damaged previous hash goes in as text, distinct from any real one.
  std::string damaged;
  AppendChainInput("xyz", e, damaged);
  EXPECT_EQ(damaged.substr(0, 8), std::string("\x02\0\0\0\x03xyz", 8));
  EXPECT_NE(ChainHash("xyz", e), ChainHash("", e));
  EXPECT_NE(ChainHash(std::string(64, 'A'), e), ChainHash(std::string(64, 'a'), e));
}

TEST(AuditChainTest, EveryFieldAndSeqAndThePreviousHashChangeTheHash) {
  const AuditEntry base = MakeEntry(3);
  const std::string genesis(kGenesisHash);
  const std::string h = ChainHash(genesis, base);
  EXPECT_EQ(h.size(), kChainHashHexSize);
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(ChainHash(genesis, base), h) << "deterministic";

  const std::vector<std::string AuditEntry::*> fields = {
      &AuditEntry::at,         &AuditEntry::actor_id,    &AuditEntry::agency_id,
      &AuditEntry::action,     &AuditEntry::record_type, &AuditEntry::record_id,
      &AuditEntry::request_id, &AuditEntry::source,      &AuditEntry::purpose};
  for (auto field : fields) {
    AuditEntry e = base;
    e.*field += "x";
    EXPECT_NE(ChainHash(genesis, e), h);
  }
  AuditEntry moved = base;
  moved.seq = 4;
  EXPECT_NE(ChainHash(genesis, moved), h);
  EXPECT_NE(ChainHash(std::string(63, '0') + "1", base), h);
  // The stored hash is the output, never an input.
  AuditEntry with_hash = base;
  with_hash.hash = "whatever";
  EXPECT_EQ(ChainHash(genesis, with_hash), h);
}

TEST(AuditChainTest, HashIsBlake2bOfTheChainInput) {
  const AuditEntry e = MakeEntry(1);
  const std::string previous(kGenesisHash);
  std::string input;
  AppendChainInput(previous, e, input);
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  EXPECT_EQ(ChainHash(previous, e), std::string(hex));
  EXPECT_TRUE(ChainInputMatches(input, hex));
  EXPECT_FALSE(ChainInputMatches(input + "x", hex));
  EXPECT_FALSE(ChainInputMatches(input, ""));
}

// Pins the format: a change here makes every stored log unverifiable.
TEST(AuditChainTest, KnownAnswer) {
  EXPECT_EQ(ChainHash(kGenesisHash, MakeEntry(1)),
            "89b6c4e107bd08a9955d5bd798ab6c9668eaed92165b1ddc3e098d1329f065e9");
}

TEST(AuditChainTest, IntactChainVerifies) {
  const auto chain = MakeChain(10);
  const auto v = Verify(chain);
  EXPECT_TRUE(v.intact());
  EXPECT_EQ(v.entries(), 10);
  EXPECT_EQ(v.last_seq(), 10);
  EXPECT_EQ(v.head_hash(), chain.back().hash);
  EXPECT_EQ(v.problem_count(), 0);
}

TEST(AuditChainTest, EmptyLogIsIntactWithTheGenesisHead) {
  const auto v = Verify({});
  EXPECT_TRUE(v.intact());
  EXPECT_EQ(v.entries(), 0);
  EXPECT_EQ(v.last_seq(), 0);
  EXPECT_EQ(v.head_hash(), kGenesisHash);
}

TEST(AuditChainTest, AlteredEntryIsReportedOnceAtItsSeq) {
  auto chain = MakeChain(10);
  chain[3].purpose = "curiosity";  // seq 4
  const auto v = Verify(chain);
  ASSERT_FALSE(v.intact());
  ASSERT_EQ(v.problem_count(), 1);
  EXPECT_EQ(v.problems()[0].kind, ChainProblemKind::kAltered);
  EXPECT_EQ(v.problems()[0].seq, 4);
  EXPECT_EQ(v.problems()[0].Describe(), "entry seq 4 altered");
  EXPECT_EQ(v.entries(), 10);
}

TEST(AuditChainTest, AlteredLastEntryIsReported) {
  auto chain = MakeChain(5);
  chain[4].actor_id = "someone else";
  const auto v = Verify(chain);
  ASSERT_EQ(v.problem_count(), 1);
  EXPECT_EQ(v.problems()[0].kind, ChainProblemKind::kAltered);
  EXPECT_EQ(v.problems()[0].seq, 5);
}

TEST(AuditChainTest, AlteredEntryWithARecomputedHashBreaksTheNextLink) {
  auto chain = MakeChain(10);
  chain[3].record_id = "other";
  chain[3].hash = ChainHash(chain[2].hash, chain[3]);
  const auto v = Verify(chain);
  ASSERT_EQ(v.problem_count(), 1);
  EXPECT_EQ(v.problems()[0].kind, ChainProblemKind::kAltered);
  EXPECT_EQ(v.problems()[0].seq, 5);
}

TEST(AuditChainTest, DeletedEntryIsAGap) {
  auto chain = MakeChain(10);
  chain.erase(chain.begin() + 4);  // seq 5
  const auto v = Verify(chain);
  ASSERT_EQ(v.problem_count(), 1);
  EXPECT_EQ(v.problems()[0].kind, ChainProblemKind::kMissing);
  EXPECT_EQ(v.problems()[0].seq, 4);
  EXPECT_EQ(v.problems()[0].other_seq, 6);
  EXPECT_EQ(v.problems()[0].Describe(), "entries missing after seq 4 (next present is seq 6)");
  EXPECT_EQ(v.entries(), 9);
}

TEST(AuditChainTest, DeletedFirstEntryIsAGapAfterSeqZero) {
  auto chain = MakeChain(4);
  chain.erase(chain.begin());
  const auto v = Verify(chain);
  ASSERT_EQ(v.problem_count(), 1);
  EXPECT_EQ(v.problems()[0].kind, ChainProblemKind::kMissing);
  EXPECT_EQ(v.problems()[0].seq, 0);
}

TEST(AuditChainTest, DeletedEntryWithRenumberedTailIsRelinked) {
  auto chain = MakeChain(10);
  chain.erase(chain.begin() + 4);
  for (size_t i = 4; i < chain.size(); ++i) chain[i].seq = static_cast<int64_t>(i) + 1;
  const auto v = Verify(chain);
  ASSERT_GE(v.problem_count(), 1);
  EXPECT_EQ(v.problems()[0].kind, ChainProblemKind::kRelinked);
  EXPECT_EQ(v.problems()[0].seq, 5);
}

void SwapContents(AuditEntry& a, AuditEntry& b) {
  std::swap(a, b);
  std::swap(a.seq, b.seq);  // the positions (seq) stay where they were
}

TEST(AuditChainTest, SwappedEntriesBreakTheChainAtBothPlaces) {
  auto chain = MakeChain(10);
  SwapContents(chain[2], chain[6]);  // seq 3 and 7
  const auto v = Verify(chain);
  ASSERT_EQ(v.problem_count(), 2);
  EXPECT_EQ(v.problems()[0].kind, ChainProblemKind::kRelinked);
  EXPECT_EQ(v.problems()[0].seq, 3);
  EXPECT_EQ(v.problems()[0].other_seq, 4);
  EXPECT_EQ(v.problems()[1].kind, ChainProblemKind::kRelinked);
  EXPECT_EQ(v.problems()[1].seq, 7);
}

TEST(AuditChainTest, SwappedNeighboursAreOneRun) {
  auto chain = MakeChain(10);
  SwapContents(chain[2], chain[3]);  // seq 3 and 4
  const auto v = Verify(chain);
  ASSERT_EQ(v.problem_count(), 1);
  EXPECT_EQ(v.problems()[0].kind, ChainProblemKind::kRelinked);
  EXPECT_EQ(v.problems()[0].seq, 3);
  EXPECT_EQ(v.problems()[0].other_seq, 5);
}

TEST(AuditChainTest, SeqThatDoesNotIncreaseIsOutOfOrder) {
  auto chain = MakeChain(4);
  chain.push_back(chain[1]);  // seq 2 again, after seq 4
  const auto v = Verify(chain);
  ASSERT_EQ(v.problem_count(), 1);
  EXPECT_EQ(v.problems()[0].kind, ChainProblemKind::kOutOfOrder);
  EXPECT_EQ(v.problems()[0].seq, 2);
  EXPECT_EQ(v.problems()[0].other_seq, 4);
}

TEST(AuditChainTest, RewrittenChainPassesAloneButNotAgainstARecordedHead) {
  auto chain = MakeChain(10);
  const std::string head = chain.back().hash;
  chain[1].action = "report.create";
  Rechain(chain, 1);
  EXPECT_TRUE(Verify(chain).intact()) << "an unkeyed chain can be recomputed";
  const auto v = Verify(chain, {{10, head}});
  ASSERT_EQ(v.problem_count(), 1);
  EXPECT_EQ(v.problems()[0].kind, ChainProblemKind::kAnchorMismatch);
  EXPECT_EQ(v.problems()[0].seq, 10);
  EXPECT_TRUE(Verify(MakeChain(10), {{10, head}, {4, MakeChain(4).back().hash}}).intact());
}

TEST(AuditChainTest, CutTailIsCaughtByARecordedHead) {
  auto chain = MakeChain(10);
  const std::string head = chain.back().hash;
  chain.resize(7);
  EXPECT_TRUE(Verify(chain).intact());
  const auto v = Verify(chain, {{10, head}});
  ASSERT_EQ(v.problem_count(), 1);
  EXPECT_EQ(v.problems()[0].kind, ChainProblemKind::kTruncated);
  EXPECT_EQ(v.problems()[0].seq, 7);
  EXPECT_EQ(v.problems()[0].other_seq, 10);
}

TEST(AuditChainTest, VerifiesIncrementallyFromAKnownEntry) {
  const auto chain = MakeChain(10);
  ChainVerifier v(6, chain[5].hash);
  for (size_t i = 6; i < chain.size(); ++i) v.Add(chain[i]);
  v.Finish();
  EXPECT_TRUE(v.intact());
  EXPECT_EQ(v.entries(), 4);
  ChainVerifier wrong(6, chain[4].hash);
  for (size_t i = 6; i < chain.size(); ++i) wrong.Add(chain[i]);
  wrong.Finish();
  EXPECT_FALSE(wrong.intact());
}

TEST(AuditChainTest, KeepsTheFirstProblemsAndCountsTheRest) {
  auto chain = MakeChain(500);
  for (size_t i = 0; i < chain.size(); i += 2) chain[i].source = "forged";
  const auto v = Verify(chain);
  EXPECT_EQ(v.problem_count(), 250);
  EXPECT_EQ(v.problems().size(), ChainVerifier::kMaxKeptProblems);
  EXPECT_EQ(v.problems()[0].seq, 1);
}

TEST(AuditChainTest, AddCheckedAcceptsALinkComputedElsewhere) {
  const auto chain = MakeChain(5);
  ChainVerifier v;
  std::string scratch;
  std::string previous(kGenesisHash);
  for (const auto& e : chain) {
    v.AddChecked(e, ChainLinkHolds(previous, e, scratch));
    previous = e.hash;
  }
  v.Finish();
  EXPECT_TRUE(v.intact());
}

// The two-thread verifier must reach exactly the sequential verdict, across
// many hand-overs between its threads.
TEST(AuditChainTest, ConcurrentVerificationMatchesSequential) {
  auto chain = MakeChain(20000);
  chain[4095].purpose = "edited";            // the last entry of a batch
  chain.erase(chain.begin() + 9000);         // a gap
  SwapContents(chain[15000], chain[15001]);  // neighbours swapped
  const auto sequential = Verify(chain);
  ChainVerifier concurrent;
  const Status s = VerifyConcurrently(concurrent, [&](const AuditEntrySink& sink) -> Status {
    for (const auto& e : chain) {
      if (Status r = sink(e); !r.ok()) return r;
    }
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok());
  concurrent.Finish();
  EXPECT_EQ(concurrent.entries(), sequential.entries());
  EXPECT_EQ(concurrent.head_hash(), sequential.head_hash());
  ASSERT_EQ(concurrent.problem_count(), 3);
  ASSERT_EQ(sequential.problem_count(), 3);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(concurrent.problems()[i].Describe(), sequential.problems()[i].Describe());
  }
  EXPECT_EQ(concurrent.problems()[0].Describe(), "entry seq 4096 altered");
}

TEST(AuditChainTest, ConcurrentVerificationReturnsTheScanError) {
  ChainVerifier v;
  const auto chain = MakeChain(10);
  const Status s = VerifyConcurrently(v, [&](const AuditEntrySink& sink) -> Status {
    (void)sink(chain[0]);
    return Unavailable("disk gone");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(v.entries(), 1);
}

}  // namespace
}  // namespace threadline::access
