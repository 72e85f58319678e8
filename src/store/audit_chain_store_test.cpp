// The audit chain as the store keeps it: appends are chained, rolled-back
// writes leave no hole, ScanAudit streams the log, entries written before
// the chain existed are chained at open, and tampering with the database
// behind the store's back is caught at the right entry. On both backends.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "../../tests/support/test_database.hpp"
#include "access/audit_chain.hpp"
#include "store/open_store.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace threadline::store {
namespace {

using access::ChainProblemKind;
using access::ChainVerifier;
using threadline::testing::Backend;
using threadline::testing::TestDatabase;

class AuditChainStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    Reopen();
  }
  void TearDown() override {
    store_.reset();
    db_.reset();
  }
  void Reopen() {
    store_.reset();
    auto opened = OpenStore(db_->url());
    ASSERT_TRUE(opened.ok()) << opened.error().log_detail;
    store_ = std::move(*opened);
  }

  static domain::AuditEntry Entry(int i) {
    domain::AuditEntry e;
    e.at = "2026-01-01T00:00:00Z";
    e.actor_id = "01HZZZZZZZZZZZZZZZZZZZZZZZ";
    e.action = "report.read";
    e.record_type = "report";
    e.record_id = "R" + std::to_string(i);
    e.source = "cli";
    return e;
  }

  // Appends `n` entries in one write.
  void Append(int n) {
    ASSERT_TRUE(store_
                    ->Write([&](WriteTx& tx) -> Status {
                      for (int i = 0; i < n; ++i) {
                        auto seq = tx.AppendAudit(Entry(next_++));
                        if (!seq.ok()) return seq.status();
                      }
                      return Status::Ok();
                    })
                    .ok());
  }

  ChainVerifier Verify() {
    ChainVerifier v;
    const Status s = store_->Read([&](ReadTx& tx) {
      return tx.ScanAudit(0, [&](const domain::AuditEntry& e) {
        v.Add(e);
        return Status::Ok();
      });
    });
    EXPECT_TRUE(s.ok()) << s.error().log_detail;
    v.Finish();
    return v;
  }

  std::vector<domain::AuditEntry> List() {
    std::vector<domain::AuditEntry> out;
    EXPECT_TRUE(store_
                    ->Read([&](ReadTx& tx) {
                      AuditFilter f;
                      f.limit = 1000;
                      auto got = tx.ListAudit(f);
                      if (got.ok()) out = *got;
                      return got.status();
                    })
                    .ok());
    return out;
  }

  // Runs SQL on the database directly, as someone with access to the
  // database (not the application) could.
  void Tamper(const std::string& sql) { ASSERT_EQ(db_->Exec(sql), ""); }

  // What such a person runs first: the log's guards against rewriting.
  std::string LiftTriggers() const {
    return db_->postgres() ? "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; "
                             "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_delete;"
                           : "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;";
  }

  // Runs `sql` with the update guard lifted, and puts the guard back: a
  // database written before the log had hashes.
  void UpdateUnguarded(const std::string& sql) {
    if (db_->postgres()) {
      Tamper("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; " + sql +
             "; ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;");
      return;
    }
    Tamper("DROP TRIGGER audit_log_no_update; " + sql +
           "; CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
           "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;");
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Store> store_;
  int next_ = 0;
};

TEST_P(AuditChainStoreTest, AppendsProduceAValidChain) {
  Append(1);
  Append(5);
  Append(3);
  const auto entries = List();
  ASSERT_EQ(entries.size(), 9U);
  std::string previous(access::kGenesisHash);
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].seq, static_cast<int64_t>(i) + 1);
    EXPECT_EQ(entries[i].hash, access::ChainHash(previous, entries[i]));
    previous = entries[i].hash;
  }
  const auto v = Verify();
  EXPECT_TRUE(v.intact());
  EXPECT_EQ(v.entries(), 9);
  EXPECT_EQ(v.last_seq(), 9);
  EXPECT_EQ(v.head_hash(), entries.back().hash);
}

TEST_P(AuditChainStoreTest, TheChainSurvivesReopen) {
  Append(4);
  Reopen();
  Append(4);
  const auto v = Verify();
  EXPECT_TRUE(v.intact());
  EXPECT_EQ(v.entries(), 8);
}

TEST_P(AuditChainStoreTest, ARolledBackWriteLeavesTheChainValid) {
  Append(3);
  const Status failed = store_->Write([&](WriteTx& tx) -> Status {
    for (int i = 0; i < 4; ++i) {
      if (auto seq = tx.AppendAudit(Entry(100 + i)); !seq.ok()) return seq.status();
    }
    return Conflict("changed my mind");
  });
  EXPECT_EQ(failed.error().code, ErrorCode::kConflict);
  Append(2);
  const auto v = Verify();
  EXPECT_TRUE(v.intact());
  EXPECT_EQ(v.entries(), 5);
  EXPECT_EQ(v.last_seq(), 5);
}

// Concurrent writes (on SQLite sharing one commit through savepoints, on
// PostgreSQL in transactions of their own): the ones that fail are rolled
// back between neighbours that succeed.
TEST_P(AuditChainStoreTest, FailedWritesInsideASharedCommitLeaveTheChainValid) {
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const bool fail = (t + i) % 3 == 0;
        const Status s = store_->Write([&](WriteTx& tx) -> Status {
          for (int k = 0; k < 2; ++k) {
            if (auto seq = tx.AppendAudit(Entry(t * 1000 + i)); !seq.ok()) return seq.status();
          }
          return fail ? Conflict("rolled back") : Status::Ok();
        });
        if (s.ok()) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  const auto v = Verify();
  EXPECT_TRUE(v.intact()) << v.problems()[0].Describe();
  EXPECT_EQ(v.entries(), 2 * ok.load());
}

TEST_P(AuditChainStoreTest, ScanStartsAfterASeqAndStopsOnError) {
  Append(10);
  std::vector<int64_t> seen;
  ASSERT_TRUE(store_
                  ->Read([&](ReadTx& tx) {
                    return tx.ScanAudit(6, [&](const domain::AuditEntry& e) {
                      seen.push_back(e.seq);
                      return Status::Ok();
                    });
                  })
                  .ok());
  EXPECT_EQ(seen, (std::vector<int64_t>{7, 8, 9, 10}));
  seen.clear();
  const Status stopped = store_->Read([&](ReadTx& tx) {
    return tx.ScanAudit(0, [&](const domain::AuditEntry& e) -> Status {
      seen.push_back(e.seq);
      if (e.seq == 3) return NotFound("stop here");
      return Status::Ok();
    });
  });
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().message, "stop here");
  EXPECT_EQ(seen.size(), 3U);
}

TEST_P(AuditChainStoreTest, EntriesWithoutHashesAreChainedAtOpen) {
  Append(6);
  const auto before = List();
  store_.reset();
  // As a database written before the chain existed: no hashes.
  UpdateUnguarded("UPDATE audit_log SET hash = ''");
  Reopen();
  const auto after = List();
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i].hash, before[i].hash);
  Append(2);
  EXPECT_TRUE(Verify().intact());
  // The log is append-only again.
  EXPECT_NE(db_->Exec("UPDATE audit_log SET action = 'x'"), "");
}

TEST_P(AuditChainStoreTest, ALongUnhashedLogIsChainedInBatches) {
  Append(25000);
  store_.reset();
  UpdateUnguarded("UPDATE audit_log SET hash = '' WHERE seq > 7");
  Reopen();
  const auto v = Verify();
  EXPECT_TRUE(v.intact());
  EXPECT_EQ(v.entries(), 25000);
}

TEST_P(AuditChainStoreTest, AlteredFieldIsReportedAtItsSeq) {
  Append(10);
  Tamper(LiftTriggers() + "UPDATE audit_log SET actor_id = 'X' WHERE seq = 6;");
  const auto v = Verify();
  ASSERT_EQ(v.problem_count(), 1);
  EXPECT_EQ(v.problems()[0].kind, ChainProblemKind::kAltered);
  EXPECT_EQ(v.problems()[0].seq, 6);
}

TEST_P(AuditChainStoreTest, DeletedRowIsReportedAsMissing) {
  Append(10);
  Tamper(LiftTriggers() + "DELETE FROM audit_log WHERE seq = 4;");
  const auto v = Verify();
  ASSERT_EQ(v.problem_count(), 1);
  EXPECT_EQ(v.problems()[0].kind, ChainProblemKind::kMissing);
  EXPECT_EQ(v.problems()[0].seq, 3);
  EXPECT_EQ(v.problems()[0].other_seq, 5);
  EXPECT_EQ(v.entries(), 9);
}

TEST_P(AuditChainStoreTest, SwappedRowsAreReportedAtTheFirstOfThem) {
  Append(10);
  Tamper(LiftTriggers() +
         "CREATE TEMP TABLE saved AS SELECT * FROM audit_log WHERE seq IN (3, 8);"
         "UPDATE audit_log SET (at, actor_id, agency_id, action, record_type, record_id, "
         "request_id, source, purpose, hash) = (SELECT at, actor_id, agency_id, action, "
         "record_type, record_id, request_id, source, purpose, hash FROM saved "
         "WHERE saved.seq = 11 - audit_log.seq) WHERE seq IN (3, 8);");
  const auto v = Verify();
  ASSERT_EQ(v.problem_count(), 2);
  EXPECT_EQ(v.problems()[0].kind, ChainProblemKind::kRelinked);
  EXPECT_EQ(v.problems()[0].seq, 3);
  EXPECT_EQ(v.problems()[1].seq, 8);
}

TEST_P(AuditChainStoreTest, SwappedContentsUnderFixedHashesAreTwoAlterations) {
  Append(10);
  Tamper(LiftTriggers() +
         "CREATE TEMP TABLE saved AS SELECT * FROM audit_log WHERE seq IN (2, 5);"
         "UPDATE audit_log SET (record_id, request_id) = (SELECT record_id, request_id FROM saved "
         "WHERE saved.seq = 7 - audit_log.seq) WHERE seq IN (2, 5);");
  const auto v = Verify();
  ASSERT_EQ(v.problem_count(), 2);
  EXPECT_EQ(v.problems()[0].kind, ChainProblemKind::kAltered);
  EXPECT_EQ(v.problems()[0].seq, 2);
  EXPECT_EQ(v.problems()[1].kind, ChainProblemKind::kAltered);
  EXPECT_EQ(v.problems()[1].seq, 5);
}

// "Who has looked at this record" across more than two chunks of the SQLite
// record index (store/sqlite/sqlite_tx.hpp), with a write that would have
// completed a chunk rolled back: a record's history is whole, in order, and
// pages through the indexed entries into the recent ones without a gap or a
// repeat. PostgreSQL indexes every entry; the answers must be the same.
TEST_P(AuditChainStoreTest, ARecordsHistoryIsWholeAcrossIndexedAndRecentEntries) {
  constexpr int64_t kChunk = sqlite::kAuditIndexChunk;
  const int64_t total = 2 * kChunk + kChunk / 2;
  // Entry i (seq i + 1) is of record "A" when i % 7 == 0, of a person "A"
  // (same id, another type) when i % 13 == 0, otherwise of a record of its own.
  auto entry = [](int64_t i) {
    domain::AuditEntry e = Entry(static_cast<int>(i));
    if (i % 7 == 0) e.record_id = "A";
    if (i % 13 == 0) {
      e.record_id = "A";
      e.record_type = "person";
    }
    return e;
  };
  std::vector<int64_t> expected;  // seqs of report "A"
  std::vector<int64_t> any_type;  // seqs of "A", whatever its type
  auto append = [&](int64_t from, int64_t to, bool keep) -> Status {
    return store_->Write([&](WriteTx& tx) -> Status {
      for (int64_t i = from; i < to; ++i) {
        if (auto seq = tx.AppendAudit(entry(i)); !seq.ok()) return seq.status();
      }
      return keep ? Status::Ok() : Conflict("rolled back");
    });
  };
  // Up to just before the first chunk ends; then a write across its end,
  // rolled back; then the rest in writes of 1,000.
  ASSERT_TRUE(append(0, kChunk - 10, true).ok());
  ASSERT_FALSE(append(kChunk - 10, kChunk + 10, false).ok());
  for (int64_t from = kChunk - 10; from < total; from += 1000) {
    ASSERT_TRUE(append(from, std::min(total, from + 1000), true).ok());
  }
  for (int64_t i = 0; i < total; ++i) {
    const auto e = entry(i);
    if (e.record_id != "A") continue;
    any_type.push_back(i + 1);
    if (e.record_type == "report") expected.push_back(i + 1);
  }

  auto list = [&](const std::string& type, int64_t after, size_t limit) {
    std::vector<int64_t> seqs;
    EXPECT_TRUE(store_
                    ->Read([&](ReadTx& tx) {
                      AuditFilter f;
                      f.record_type = type;
                      f.record_id = "A";
                      f.after_seq = after;
                      f.limit = limit;
                      auto got = tx.ListAudit(f);
                      if (!got.ok()) return got.status();
                      for (const auto& e : *got) {
                        EXPECT_EQ(e.record_id, "A");
                        if (!type.empty()) {
                          EXPECT_EQ(e.record_type, type);
                        }
                        seqs.push_back(e.seq);
                      }
                      return Status::Ok();
                    })
                    .ok());
    return seqs;
  };
  EXPECT_EQ(list("report", 0, 100000), expected);
  EXPECT_EQ(list("", 0, 100000), any_type);
  // Pages of 100: the page that crosses from indexed to recent entries
  // continues exactly where the indexed ones end.
  std::vector<int64_t> paged;
  for (int64_t after = 0;;) {
    const auto page = list("report", after, 100);
    paged.insert(paged.end(), page.begin(), page.end());
    if (page.size() < 100) break;
    after = page.back();
  }
  EXPECT_EQ(paged, expected);
  EXPECT_TRUE(list("report", expected.back(), 100).empty());
  EXPECT_TRUE(Verify().intact());
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditChainStoreTest,
                         ::testing::ValuesIn(threadline::testing::AllBackends()),
                         threadline::testing::BackendParamName());

[[maybe_unused]] ::testing::Environment* const kPostgres =
    ::testing::AddGlobalTestEnvironment(new threadline::testing::PostgresEnvironment);

}  // namespace
}  // namespace threadline::store
