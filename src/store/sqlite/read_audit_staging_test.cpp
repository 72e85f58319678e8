// The SQLite backend's read-audit staging (read_audit_staging.hpp): staged
// entries leave the main file alone until merged; a merge brings each of
// them into the chained log once, in order, whatever happened in between
// (a crash before the merge, a crash before the prune, a replaced staging
// file, a log that refused them for a while).
#include "store/sqlite/read_audit_staging.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "../../../tests/support/sqlite_file.hpp"
#include "../../../tests/support/temp_dir.hpp"
#include "access/audit_chain.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::store::sqlite {
namespace {

namespace fs = std::filesystem;

domain::AuditEntry ReadOf(int n) {
  domain::AuditEntry e;
  e.at = "2026-11-24T09:00:00Z";
  e.actor_id = "U-STAGED";
  e.agency_id = "A-STAGED";
  e.action = "report.read";
  e.record_type = "report";
  e.record_id = "R-" + std::to_string(n);
  e.request_id = "req-" + std::to_string(n);
  e.source = "192.0.2.1";
  e.purpose = "own agency";
  return e;
}

std::vector<domain::AuditEntry> ReadsOf(int from, int count) {
  std::vector<domain::AuditEntry> out;
  for (int n = from; n < from + count; ++n) out.push_back(ReadOf(n));
  return out;
}

// PRAGMA data_version, as seen by a connection of its own: it changes when
// any other connection commits to the file.
class DataVersion {
 public:
  explicit DataVersion(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
  }
  ~DataVersion() { sqlite3_close(db_); }
  DataVersion(const DataVersion&) = delete;
  DataVersion& operator=(const DataVersion&) = delete;

  int64_t Now() const {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, "PRAGMA data_version", -1, &stmt, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    const int64_t v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return v;
  }

 private:
  sqlite3* db_ = nullptr;
};

class ReadAuditStagingTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  // By default no merge comes unasked during a test: only flushes and
  // closing merge.
  void Open(std::chrono::milliseconds merge_after = std::chrono::hours(1),
            int64_t max_staged = 65536) {
    store_.reset();
    SqliteOptions options{path_};
    options.audit_merge_after = merge_after;
    options.audit_max_staged = max_staged;
    auto opened = OpenSqlite(options);
    ASSERT_TRUE(opened.ok()) << opened.error().log_detail;
    store_ = std::move(*opened);
  }

  // The log as stored in the main file, without merging anything first.
  std::vector<domain::AuditEntry> Log(Store& store) {
    std::vector<domain::AuditEntry> out;
    EXPECT_TRUE(store
                    .Read([&](ReadTx& tx) {
                      return tx.ScanAudit(0, [&](const domain::AuditEntry& e) {
                        out.push_back(e);
                        return Status::Ok();
                      });
                    })
                    .ok());
    return out;
  }
  std::vector<domain::AuditEntry> Log() { return Log(*store_); }

  // The record ids of the log's reads, in log order.
  std::vector<std::string> RecordsRead(Store& store) {
    std::vector<std::string> out;
    for (const auto& e : Log(store)) {
      if (e.action == "report.read") out.push_back(e.record_id);
    }
    return out;
  }
  std::vector<std::string> RecordsRead() { return RecordsRead(*store_); }

  static std::vector<std::string> Records(int from, int count) {
    std::vector<std::string> out;
    for (const auto& e : ReadsOf(from, count)) out.push_back(e.record_id);
    return out;
  }

  void ExpectChainIntact(const std::vector<domain::AuditEntry>& log) {
    access::ChainVerifier verifier;
    for (const auto& e : log) verifier.Add(e);
    verifier.Finish();
    EXPECT_TRUE(verifier.intact()) << verifier.problems().front().Describe();
    EXPECT_EQ(verifier.last_seq(), static_cast<int64_t>(log.size())) << "no gap in seq";
  }

  // Entries in the staging file, merged or not.
  int64_t StagedRows() {
    const auto rows = StagingRows("SELECT coalesce(sum(entries), 0) FROM staged_read_audit");
    return rows.empty() ? -1 : std::stoll(rows.front());
  }

  std::vector<std::string> StagingRows(const std::string& sql) {
    std::vector<std::string> out;
    for (auto& row : testing::QueryFile(ReadAuditStagingPath(path_), sql)) {
      out.push_back(row.empty() ? "" : std::move(row.front()));
    }
    return out;
  }

  const testing::TempDir dir_;
  const std::string path_ = dir_.File("t.db");
  std::unique_ptr<Store> store_;
};

TEST_F(ReadAuditStagingTest, StagingLeavesTheMainFileAloneUntilTheMerge) {
  const DataVersion main(path_);
  const int64_t before = main.Now();
  ASSERT_TRUE(store_->StageReadAudit(ReadsOf(1, 3)).ok());
  ASSERT_TRUE(store_->StageReadAudit(ReadsOf(4, 2)).ok());
  EXPECT_EQ(main.Now(), before) << "staging committed to the main file";
  EXPECT_EQ(StagedRows(), 5);
  EXPECT_TRUE(RecordsRead().empty());

  ASSERT_TRUE(store_->FlushAudit().ok());
  EXPECT_NE(main.Now(), before);
  EXPECT_EQ(RecordsRead(), Records(1, 5));
  ExpectChainIntact(Log());
  EXPECT_EQ(StagedRows(), 0) << "merged rows are deleted from the staging file";
  const domain::AuditEntry first = Log().front();
  EXPECT_EQ(first.at, ReadOf(1).at);
  EXPECT_EQ(first.actor_id, ReadOf(1).actor_id);
  EXPECT_EQ(first.request_id, ReadOf(1).request_id);
  EXPECT_EQ(first.purpose, ReadOf(1).purpose);
}

TEST_F(ReadAuditStagingTest, AFlushWithNothingStagedDoesNotWriteTheMainFile) {
  const DataVersion main(path_);
  const int64_t before = main.Now();
  ASSERT_TRUE(store_->FlushAudit().ok());
  ASSERT_TRUE(store_->FlushAudit().ok());
  EXPECT_EQ(main.Now(), before);
}

TEST_F(ReadAuditStagingTest, EntriesStagedBeforeACrashAreMergedByTheNextProcess) {
  ASSERT_TRUE(store_->StageReadAudit(ReadsOf(1, 4)).ok());
  // The files as a power cut would leave them: staged, durable, not merged.
  const testing::TempDir copy("copy");
  for (const std::string& file : {path_, ReadAuditStagingPath(path_)}) {
    for (const char* suffix : {"", "-wal"}) {
      if (!fs::exists(file + suffix)) continue;
      fs::copy_file(file + suffix, copy.path() / (fs::path(file).filename().string() + suffix));
    }
  }
  SqliteOptions options{copy.File("t.db")};
  options.audit_merge_after = std::chrono::hours(1);
  auto reopened = OpenSqlite(options);
  ASSERT_TRUE(reopened.ok()) << reopened.error().log_detail;
  EXPECT_TRUE(RecordsRead(**reopened).empty());
  ASSERT_TRUE((*reopened)->FlushAudit().ok());
  EXPECT_EQ(RecordsRead(**reopened), Records(1, 4));
  ExpectChainIntact(Log(**reopened));
}

TEST_F(ReadAuditStagingTest, BatchesLeftBehindByAMergeAreNotMergedAgain) {
  ASSERT_TRUE(store_->StageReadAudit(ReadsOf(1, 2)).ok());
  ASSERT_TRUE(store_->StageReadAudit(ReadsOf(3, 1)).ok());
  store_.reset();  // merged and pruned at close
  // A crash between a merge's commit and its prune leaves the merged batches
  // in the staging file: put back the file as it was before that merge.
  const std::string staging = ReadAuditStagingPath(path_);
  {
    SqliteOptions options{path_};
    options.audit_merge_after = std::chrono::hours(1);
    auto opened = OpenSqlite(options);
    ASSERT_TRUE(opened.ok());
    ASSERT_TRUE((*opened)->StageReadAudit(ReadsOf(4, 2)).ok());
    for (const char* suffix : {"", "-wal"}) {
      if (fs::exists(staging + suffix)) fs::copy_file(staging + suffix, staging + suffix + ".kept");
    }
    ASSERT_TRUE((*opened)->FlushAudit().ok());
  }
  for (const char* suffix : {"-wal", "-shm"}) fs::remove(staging + suffix);
  for (const char* suffix : {"", "-wal"}) {
    if (fs::exists(staging + suffix + ".kept"))
      fs::rename(staging + suffix + ".kept", staging + suffix);
  }
  Open();
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_EQ(StagedRows(), 2) << "the merged batch is back in the staging file";
  ASSERT_TRUE(store_->StageReadAudit(ReadsOf(6, 1)).ok());
  ASSERT_TRUE(store_->FlushAudit().ok());
  EXPECT_EQ(RecordsRead(), Records(1, 6));
  EXPECT_EQ(StagedRows(), 0);
  ExpectChainIntact(Log());
}

class DamagedBatchTest : public ReadAuditStagingTest,
                         public ::testing::WithParamInterface<const char*> {};

TEST_P(DamagedBatchTest, IsReportedAndNothingIsMerged) {
  ASSERT_TRUE(store_->StageReadAudit(ReadsOf(1, 2)).ok());
  testing::ExecuteOnFile(ReadAuditStagingPath(path_), GetParam());
  ASSERT_FALSE(HasFatalFailure());
  const Status flushed = store_->FlushAudit();
  ASSERT_FALSE(flushed.ok());
  EXPECT_NE(flushed.error().log_detail.find("damaged"), std::string::npos)
      << flushed.error().log_detail;
  EXPECT_TRUE(RecordsRead().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Staging, DamagedBatchTest,
    ::testing::Values("UPDATE staged_read_audit SET batch = substr(batch, 1, 30)",
                      "UPDATE staged_read_audit SET entries = entries + 1",
                      "UPDATE staged_read_audit SET entries = entries - 1"));

TEST_F(ReadAuditStagingTest, AReplacedStagingFileIsNotTakenForTheOldOne) {
  ASSERT_TRUE(store_->StageReadAudit(ReadsOf(1, 3)).ok());
  ASSERT_TRUE(store_->FlushAudit().ok());
  store_.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    fs::remove(ReadAuditStagingPath(path_) + suffix);
  }
  Open();
  ASSERT_FALSE(HasFatalFailure());
  // The new file's ids start again at 1, below what the log holds of the old.
  ASSERT_TRUE(store_->StageReadAudit(ReadsOf(4, 2)).ok());
  ASSERT_EQ(StagingRows("SELECT min(id) FROM staged_read_audit"), std::vector<std::string>{"1"});
  ASSERT_TRUE(store_->FlushAudit().ok());
  EXPECT_EQ(RecordsRead(), Records(1, 5));
  ExpectChainIntact(Log());
}

TEST_F(ReadAuditStagingTest, AStagingFileLeftBesideAReplacedDatabaseIsRefused) {
  ASSERT_TRUE(store_->StageReadAudit(ReadsOf(1, 2)).ok());
  // A crash leaves the entries staged; then the database is replaced.
  const testing::TempDir kept("kept");
  for (const char* suffix : {"", "-wal"}) {
    const std::string file = ReadAuditStagingPath(path_) + suffix;
    if (fs::exists(file)) fs::copy_file(file, kept.path() / fs::path(file).filename());
  }
  store_.reset();
  for (const char* suffix :
       {"", "-wal", "-shm", "-read-audit", "-read-audit-wal", "-read-audit-shm"}) {
    fs::remove(path_ + suffix);
  }
  for (const auto& file : fs::directory_iterator(kept.path())) {
    fs::copy_file(file.path(), dir_.path() / file.path().filename());
  }
  auto opened = OpenSqlite({path_});
  ASSERT_FALSE(opened.ok()) << "another database's staged reads would be merged";
  EXPECT_EQ(opened.error().code, ErrorCode::kConflict);
  EXPECT_NE(opened.error().message.find("belongs to another database"), std::string::npos)
      << opened.error().message;
  EXPECT_EQ(StagedRows(), 2) << "the staging file is left as it was";
}

TEST_F(ReadAuditStagingTest, ALogThatRefusesEntriesKeepsThemStagedUntilItTakesThem) {
  const std::string refuse =
      "CREATE TRIGGER audit_log_refuse BEFORE INSERT ON audit_log "
      "BEGIN SELECT RAISE(ABORT, 'the audit log is unavailable'); END;";
  testing::ExecuteOnFile(path_, refuse);
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_TRUE(store_->StageReadAudit(ReadsOf(1, 2)).ok()) << "staging does not need the log";
  EXPECT_FALSE(store_->FlushAudit().ok());
  EXPECT_TRUE(RecordsRead().empty());
  EXPECT_EQ(StagedRows(), 2);

  testing::ExecuteOnFile(path_, "DROP TRIGGER audit_log_refuse");
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_TRUE(store_->FlushAudit().ok());
  EXPECT_EQ(RecordsRead(), Records(1, 2));
  ExpectChainIntact(Log());
}

TEST_F(ReadAuditStagingTest, StagingFarBehindTheLogMergesFirstAndFailsWhenTheLogRefuses) {
  Open(std::chrono::hours(1), /*max_staged=*/5);
  ASSERT_FALSE(HasFatalFailure());
  testing::ExecuteOnFile(path_,
                         "CREATE TRIGGER audit_log_refuse BEFORE INSERT ON audit_log "
                         "BEGIN SELECT RAISE(ABORT, 'the audit log is unavailable'); END;");
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_TRUE(store_->StageReadAudit(ReadsOf(1, 3)).ok());
  ASSERT_TRUE(store_->StageReadAudit(ReadsOf(4, 3)).ok()) << "6 staged: the bound is reached";
  EXPECT_FALSE(store_->StageReadAudit(ReadsOf(7, 1)).ok()) << "staged without bound";
  EXPECT_EQ(StagedRows(), 6);

  // The log takes entries again: the next staging merges the backlog first.
  testing::ExecuteOnFile(path_, "DROP TRIGGER audit_log_refuse");
  ASSERT_FALSE(HasFatalFailure());
  const DataVersion main(path_);
  const int64_t before = main.Now();
  ASSERT_TRUE(store_->StageReadAudit(ReadsOf(7, 1)).ok());
  EXPECT_NE(main.Now(), before) << "the backlog was not merged";
  EXPECT_EQ(RecordsRead(), Records(1, 6));
  ASSERT_TRUE(store_->FlushAudit().ok());
  EXPECT_EQ(RecordsRead(), Records(1, 7));
  ExpectChainIntact(Log());
}

TEST_F(ReadAuditStagingTest, ALargeMergeTakesSeveralTransactionsAndKeepsOrder) {
  const int total = static_cast<int>(kMergePerTransaction * 5 / 2);
  for (int from = 1; from <= total; from += 500) {
    ASSERT_TRUE(store_->StageReadAudit(ReadsOf(from, std::min(500, total - from + 1))).ok());
  }
  // Writes of the main file between stagings keep their own place in the log.
  ASSERT_TRUE(store_
                  ->Write([](WriteTx& tx) {
                    domain::AuditEntry e = ReadOf(0);
                    e.action = "report.create";
                    return tx.AppendAudit(e).status();
                  })
                  .ok());
  ASSERT_TRUE(store_->FlushAudit().ok());
  EXPECT_EQ(RecordsRead(), Records(1, total));
  const auto log = Log();
  ASSERT_EQ(log.size(), static_cast<size_t>(total) + 1);
  EXPECT_EQ(log.front().action, "report.create");
  ExpectChainIntact(log);
}

TEST_F(ReadAuditStagingTest, StagedEntriesJoinTheLogWithoutAFlush) {
  Open(std::chrono::milliseconds(50));
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_TRUE(store_->StageReadAudit(ReadsOf(1, 2)).ok());
  // Within about audit_merge_after; the deadline only stops a hang.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (RecordsRead().size() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(RecordsRead(), Records(1, 2));
}

TEST_F(ReadAuditStagingTest, ClosingTheStoreMergesWhatIsStaged) {
  ASSERT_TRUE(store_->StageReadAudit(ReadsOf(1, 3)).ok());
  store_.reset();
  EXPECT_EQ(StagedRows(), 0);
  Open();
  ASSERT_FALSE(HasFatalFailure());
  EXPECT_EQ(RecordsRead(), Records(1, 3));
}

}  // namespace
}  // namespace threadline::store::sqlite
