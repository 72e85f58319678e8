// Migration 0014 moves the record index of the audit log to chunk-first
// keys, rebuilt from the log up to indexed_upto. A database whose index was
// written the old way (by migration 0011, its indexed part not ending on a
// chunk boundary) answers "who has looked at this record" exactly as
// before, once migrated: every entry, in order, paging across the indexed
// entries into the recent ones, and only the indexed ones in the index.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "../../../tests/support/sqlite_file.hpp"
#include "../../../tests/support/temp_dir.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::store {
namespace {

constexpr int kEntries = 100;
constexpr int kIndexedBefore = 60;  // indexed_upto of the old index

// Entry i (seq i + 1) is of record "R<i % 3>", none when i % 10 == 9.
domain::AuditEntry Entry(int i) {
  domain::AuditEntry e;
  e.at = "2026-06-01T09:00:00Z";
  e.actor_id = "U-TEST";
  e.action = "report.read";
  e.record_type = "report";
  e.record_id = i % 10 == 9 ? "" : "R" + std::to_string(i % 3);
  e.request_id = "req-" + std::to_string(i);
  e.source = "test";
  return e;
}

std::vector<int64_t> Listed(Store& store, const std::string& record, size_t page) {
  std::vector<int64_t> seqs;
  for (int64_t after = 0;;) {
    AuditFilter f;
    f.record_id = record;
    f.after_seq = after;
    f.limit = page;
    std::vector<domain::AuditEntry> got;
    const Status s = store.Read([&](ReadTx& tx) {
      auto listed = tx.ListAudit(f);
      if (listed.ok()) got = *listed;
      return listed.status();
    });
    EXPECT_TRUE(s.ok());
    for (const auto& e : got) seqs.push_back(e.seq);
    if (!s.ok() || got.size() < page) return seqs;
    after = got.back().seq;
  }
}

TEST(AuditRecordChunks, AnIndexWrittenTheOldWayIsMigratedWhole) {
  testing::TempDir dir;
  const std::string db = dir.File("old-index.db");
  {
    auto store = OpenSqlite({db});
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE((*store)
                    ->Write([&](WriteTx& tx) -> Status {
                      for (int i = 0; i < kEntries; ++i) {
                        if (auto seq = tx.AppendAudit(Entry(i)); !seq.ok()) return seq.status();
                      }
                      return Status::Ok();
                    })
                    .ok());
  }
  // As migration 0011 left it: every entry then in the log indexed by
  // record, and 40 appended since.
  testing::ExecuteOnFile(
      db,
      "DROP TABLE audit_record_chunks;"
      "CREATE TABLE audit_record_index (record_id TEXT NOT NULL, seq INTEGER NOT NULL, "
      "  PRIMARY KEY (record_id, seq)) STRICT, WITHOUT ROWID;"
      "INSERT INTO audit_record_index SELECT record_id, seq FROM audit_log "
      "  WHERE record_id <> '' AND seq <= " +
          std::to_string(kIndexedBefore) +
          ";"
          "UPDATE audit_record_index_state SET indexed_upto = " +
          std::to_string(kIndexedBefore) +
          ";"
          "DELETE FROM schema_migrations WHERE version = 14;");
  if (HasFatalFailure()) return;

  auto store = OpenSqlite({db});
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_TRUE(
      testing::QueryFile(db, "SELECT name FROM sqlite_master WHERE name = 'audit_record_index'")
          .empty());
  const auto chunks = testing::QueryFile(
      db, "SELECT chunk, count(*), max(seq) FROM audit_record_chunks GROUP BY 1");
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0][0], "0");
  EXPECT_EQ(chunks[0][1], "54");  // 60 entries, 6 of them of no record
  EXPECT_EQ(chunks[0][2], "59");  // seq 60 is of no record

  for (int r = 0; r < 3; ++r) {
    std::vector<int64_t> expected;
    for (int i = 0; i < kEntries; ++i) {
      if (Entry(i).record_id == "R" + std::to_string(r)) expected.push_back(i + 1);
    }
    const std::string record = "R" + std::to_string(r);
    EXPECT_EQ(Listed(**store, record, 1000), expected) << record;
    EXPECT_EQ(Listed(**store, record, 7), expected) << record << ", pages of 7";
  }
  EXPECT_TRUE(Listed(**store, "R9", 10).empty());
}

}  // namespace
}  // namespace threadline::store
