#include "store/audit_ring.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace threadline::store {
namespace {

using TimePoint = AuditRing::TimePoint;

domain::AuditEntry Entry(int n) {
  domain::AuditEntry e;
  e.at = "2026-06-01T09:00:00Z";
  e.action = "report.read";
  e.record_type = "report";
  e.record_id = "RECORD-" + std::to_string(n) + std::string(30, 'x');
  e.purpose = "purpose of read " + std::to_string(n);
  return e;
}

TimePoint At(int n) { return TimePoint(std::chrono::milliseconds(n)); }

std::vector<std::string> Ids(const std::vector<domain::AuditEntry>& entries) {
  std::vector<std::string> ids;
  ids.reserve(entries.size());
  for (const auto& e : entries) ids.push_back(e.record_id);
  return ids;
}

TEST(AuditRing, EntriesLeaveInTheOrderTheyCameAcrossTheWrap) {
  AuditRing ring(4);
  std::vector<domain::AuditEntry> out;
  std::vector<domain::AuditEntry> spare;
  std::vector<std::string> expected;
  // Seven rounds of three in, three out: the slots are reused round and round.
  for (int round = 0; round < 7; ++round) {
    for (int i = 0; i < 3; ++i) {
      ring.Push(Entry(round * 3 + i), At(round * 3 + i));
      expected.push_back(Entry(round * 3 + i).record_id);
    }
    EXPECT_EQ(ring.front_queued(), At(round * 3));
    ring.PopInto(3, out, spare);
    EXPECT_TRUE(ring.empty());
    for (auto& e : out) spare.push_back(std::move(e));
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(spare[spare.size() - 3 + i].record_id, expected[expected.size() - 3 + i]);
    }
    out.clear();
  }
}

TEST(AuditRing, GrowsWhenFullAndKeepsTheOrder) {
  AuditRing ring(2);
  std::vector<domain::AuditEntry> out;
  std::vector<domain::AuditEntry> spare;
  ring.Push(Entry(0), At(0));
  ring.Push(Entry(1), At(1));
  ring.PopInto(1, out, spare);  // the head moves, so growing must unwrap
  for (int i = 2; i < 9; ++i) ring.Push(Entry(i), At(i));
  EXPECT_EQ(ring.size(), 8u);
  EXPECT_EQ(ring.front_queued(), At(1));
  ring.PopInto(100, out, spare);  // more than queued: takes what there is
  EXPECT_TRUE(ring.empty());
  std::vector<std::string> expected;
  expected.reserve(9);
  for (int i = 0; i < 9; ++i) expected.push_back(Entry(i).record_id);
  EXPECT_EQ(Ids(out), expected);
}

TEST(AuditRing, ATakenEntryIsWholeAndTheSlotHoldsNothingOfIt) {
  AuditRing ring(1);
  std::vector<domain::AuditEntry> out;
  std::vector<domain::AuditEntry> spare;
  domain::AuditEntry old = Entry(99);
  spare.push_back(old);
  ring.Push(Entry(1), At(1));
  ring.PopInto(1, out, spare);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(spare.empty());
  const domain::AuditEntry want = Entry(1);
  EXPECT_EQ(out[0].record_id, want.record_id);
  EXPECT_EQ(out[0].purpose, want.purpose);
  EXPECT_EQ(out[0].action, want.action);
  // The next entry through the same slot (which now holds the spare's
  // buffers) comes out as itself, nothing of the spare's content left.
  domain::AuditEntry shorter;
  shorter.record_id = "R2";
  ring.Push(shorter, At(2));
  out.clear();
  ring.PopInto(1, out, spare);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].record_id, "R2");
  EXPECT_EQ(out[0].purpose, "");
  EXPECT_EQ(out[0].at, "");
}

TEST(AuditRing, AnEntryGivenAsViewsComesOutWholeWithNoHashOrSeq) {
  AuditRing ring(1);
  std::vector<domain::AuditEntry> out;
  std::vector<domain::AuditEntry> spare;
  domain::AuditEntry chained = Entry(1);
  chained.seq = 42;
  chained.hash = std::string(64, 'f');
  ring.Push(chained, At(1));
  ring.PopInto(1, out, spare);
  spare.push_back(std::move(out.front()));  // its buffers go back into the slot
  out.clear();
  const std::string record = "01J00000000000000000000001";
  ring.Push(ReadAuditEntry{"2026-06-02T10:00:00Z", "U-1", "AGENCY", "report.read", "report", record,
                           "req-9", "203.0.113.9", "own agency"},
            At(2));
  ring.PopInto(1, out, spare);
  ASSERT_EQ(out.size(), 1u);
  const domain::AuditEntry& e = out.front();
  EXPECT_EQ(e.seq, 0);
  EXPECT_EQ(e.hash, "");
  EXPECT_EQ(e.at, "2026-06-02T10:00:00Z");
  EXPECT_EQ(e.actor_id, "U-1");
  EXPECT_EQ(e.agency_id, "AGENCY");
  EXPECT_EQ(e.action, "report.read");
  EXPECT_EQ(e.record_type, "report");
  EXPECT_EQ(e.record_id, record);
  EXPECT_EQ(e.request_id, "req-9");
  EXPECT_EQ(e.source, "203.0.113.9");
  EXPECT_EQ(e.purpose, "own agency");
}

}  // namespace
}  // namespace threadline::store
