// The audit chain as the store keeps it: appends are chained, rolled-back
// writes leave no hole, ScanAudit streams the log, entries written before
// the chain existed are chained at open, and tampering with the file behind
// the store's back is caught at the right entry.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "access/audit_chain.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::store {
namespace {

namespace fs = std::filesystem;
using access::ChainProblemKind;
using access::ChainVerifier;

class AuditChainStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("threadline_audit_chain_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Reopen();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void Reopen() {
    store_.reset();
    auto opened = OpenSqlite({path()});
    ASSERT_TRUE(opened.ok()) << opened.error().log_detail;
    store_ = std::move(*opened);
  }
  std::string path() const { return (dir_ / "t.db").string(); }

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

  // Runs SQL on the database file directly, as someone with access to the
  // file (not the application) could.
  void Tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    const std::string text = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << text;
  }

  static constexpr const char* kLiftTriggers =
      "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;";

  fs::path dir_;
  std::unique_ptr<Store> store_;
  int next_ = 0;
};

TEST_F(AuditChainStoreTest, AppendsProduceAValidChain) {
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

TEST_F(AuditChainStoreTest, TheChainSurvivesReopen) {
  Append(4);
  Reopen();
  Append(4);
  const auto v = Verify();
  EXPECT_TRUE(v.intact());
  EXPECT_EQ(v.entries(), 8);
}

TEST_F(AuditChainStoreTest, ARolledBackWriteLeavesTheChainValid) {
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

// Concurrent writes share one commit through savepoints; the ones that fail
// are rolled back to their savepoint between neighbours that succeed.
TEST_F(AuditChainStoreTest, FailedWritesInsideASharedCommitLeaveTheChainValid) {
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
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

TEST_F(AuditChainStoreTest, ScanStartsAfterASeqAndStopsOnError) {
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

TEST_F(AuditChainStoreTest, EntriesWithoutHashesAreChainedAtOpen) {
  Append(6);
  const auto before = List();
  store_.reset();
  // As a database written before the chain existed: no hashes.
  Tamper(
      "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET hash = ''; "
      "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
      "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;");
  Reopen();
  const auto after = List();
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i].hash, before[i].hash);
  Append(2);
  EXPECT_TRUE(Verify().intact());
  // The log is append-only again.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "UPDATE audit_log SET action = 'x'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
}

TEST_F(AuditChainStoreTest, ALongUnhashedLogIsChainedInBatches) {
  Append(25000);
  store_.reset();
  Tamper(
      "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET hash = '' WHERE seq > 7; "
      "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
      "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;");
  Reopen();
  const auto v = Verify();
  EXPECT_TRUE(v.intact());
  EXPECT_EQ(v.entries(), 25000);
}

TEST_F(AuditChainStoreTest, AlteredFieldIsReportedAtItsSeq) {
  Append(10);
  Tamper(std::string(kLiftTriggers) + "UPDATE audit_log SET actor_id = 'X' WHERE seq = 6;");
  const auto v = Verify();
  ASSERT_EQ(v.problem_count(), 1);
  EXPECT_EQ(v.problems()[0].kind, ChainProblemKind::kAltered);
  EXPECT_EQ(v.problems()[0].seq, 6);
}

TEST_F(AuditChainStoreTest, DeletedRowIsReportedAsMissing) {
  Append(10);
  Tamper(std::string(kLiftTriggers) + "DELETE FROM audit_log WHERE seq = 4;");
  const auto v = Verify();
  ASSERT_EQ(v.problem_count(), 1);
  EXPECT_EQ(v.problems()[0].kind, ChainProblemKind::kMissing);
  EXPECT_EQ(v.problems()[0].seq, 3);
  EXPECT_EQ(v.problems()[0].other_seq, 5);
  EXPECT_EQ(v.entries(), 9);
}

TEST_F(AuditChainStoreTest, SwappedRowsAreReportedAtTheFirstOfThem) {
  Append(10);
  Tamper(std::string(kLiftTriggers) +
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

TEST_F(AuditChainStoreTest, SwappedContentsUnderFixedHashesAreTwoAlterations) {
  Append(10);
  Tamper(std::string(kLiftTriggers) +
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

}  // namespace
}  // namespace threadline::store
