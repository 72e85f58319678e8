// Reads audited behind the answer (store/audit_queue.hpp), through the use
// cases, on both backends: every read still leaves one entry, visible to
// whoever reads the log; reads stop while the log cannot be written; the
// chain holds under concurrent reads and writes; shutdown loses nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "../../tests/support/server_process.hpp"
#include "../../tests/support/sqlite_file.hpp"
#include "../../tests/support/temp_dir.hpp"
#include "../../tests/support/test_database.hpp"
#include "access/audit_chain.hpp"
#include "access/password.hpp"
#include "domain/datetime.hpp"
#include "refdata/refdata.hpp"
#include "services/access_control.hpp"
#include "services/admin_service.hpp"
#include "services/report_service.hpp"
#include "services/seed.hpp"
#include "services/subject_access.hpp"
#include "store/audit_queue.hpp"
#include "store/open_store.hpp"
#include "store/sqlite/read_audit_staging.hpp"

namespace threadline::services {
namespace {

using testing::Backend;
using testing::TestDatabase;

// Makes every read-audit write fail, as a full or failed disk would, in the
// database itself: on PostgreSQL every insert into the log; on SQLite every
// insert into the staging file, where the queue's writer puts read audits
// (store/sqlite/read_audit_staging.hpp).
void RefuseReadAudit(TestDatabase& db) {
  if (db.postgres()) {
    ASSERT_EQ(db.Exec("CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
                      "$$ BEGIN RAISE EXCEPTION 'the audit log is unavailable'; END $$;"
                      "CREATE TRIGGER audit_log_refuse BEFORE INSERT ON audit_log "
                      "FOR EACH ROW EXECUTE FUNCTION refuse_audit();"),
              "");
    return;
  }
  testing::ExecuteOnFile(store::sqlite::ReadAuditStagingPath(db.url()),
                         "CREATE TRIGGER audit_log_refuse BEFORE INSERT ON staged_read_audit "
                         "BEGIN SELECT RAISE(ABORT, 'the audit log is unavailable'); END;");
}

void AcceptReadAudit(TestDatabase& db) {
  if (db.postgres()) {
    ASSERT_EQ(db.Exec("DROP TRIGGER audit_log_refuse ON audit_log"), "");
    return;
  }
  testing::ExecuteOnFile(store::sqlite::ReadAuditStagingPath(db.url()),
                         "DROP TRIGGER audit_log_refuse");
}

// Holds the write lock of where read audits are written until released, so
// that queued entries wait: on SQLite the staging file's, on PostgreSQL the
// audit lock, taken by a write of the store below the queue.
class WriterBlock {
 public:
  WriterBlock(store::Store& raw, const TestDatabase& db)
      : thread_([this, &raw, &db] {
          if (db.postgres()) {
            (void)raw.Write([&](store::WriteTx& tx) -> Status {
              domain::AuditEntry e;
              e.at = "2026-05-28T00:00:00Z";
              e.action = "test.block";
              if (auto seq = tx.AppendAudit(e); !seq.ok()) return seq.status();
              HoldUntilReleased();
              return Status::Ok();
            });
            return;
          }
          sqlite3* conn = nullptr;
          const std::string path = store::sqlite::ReadAuditStagingPath(db.url());
          EXPECT_EQ(sqlite3_open(path.c_str(), &conn), SQLITE_OK);
          EXPECT_EQ(sqlite3_exec(conn, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
          HoldUntilReleased();
          (void)sqlite3_exec(conn, "ROLLBACK", nullptr, nullptr, nullptr);
          sqlite3_close(conn);
        }) {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return held_; });
  }
  ~WriterBlock() { Release(); }
  WriterBlock(const WriterBlock&) = delete;
  WriterBlock& operator=(const WriterBlock&) = delete;

  void Release() {
    {
      const std::lock_guard lock(mutex_);
      released_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void HoldUntilReleased() {
    std::unique_lock lock(mutex_);
    held_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return released_; });
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  bool held_ = false;
  bool released_ = false;
  std::thread thread_;
};

class ReadAuditTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    auto loaded = AccessControl::Load(refdata::RefData(), clock_);
    ASSERT_TRUE(loaded.ok());
    access_ = std::make_unique<AccessControl>(std::move(*loaded));
    Open();
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(SeedAgencies(*store_, refdata::RefData()).ok());
    domain::Id met;
    ASSERT_TRUE(store_
                    ->Read([&](store::ReadTx& tx) {
                      auto a = tx.GetAgencyByCode("met");
                      if (a.ok()) met = a->id;
                      return a.status();
                    })
                    .ok());
    officer_ = {"U-MET-1", met, "officer", "req-read-1", "192.0.2.7", {}};
    admin_ = {"U-ADMIN", met, "admin", "req-admin", "192.0.2.8", {}};
    auto report = Reports().Submit(officer_, ValidInput());
    ASSERT_TRUE(report.ok()) << report.error().message;
    report_id_ = report->id;
    victim_id_ = report->parties.front().person_id;
  }

  void TearDown() override {
    store_.reset();
    db_.reset();
  }

  // The store as a server opens it: the backend, behind the read-audit queue.
  void Open(store::AuditQueueOptions options = Options()) {
    store_.reset();
    auto opened = store::OpenStore(db_->url());
    ASSERT_TRUE(opened.ok()) << opened.error().log_detail;
    raw_ = opened->get();
    options.log = [this](const std::string& line) {
      const std::lock_guard lock(log_mutex_);
      log_.push_back(line);
    };
    store_ = store::QueueReadAudit(std::move(*opened), std::move(options));
  }

  static store::AuditQueueOptions Options() {
    store::AuditQueueOptions o;
    // Retried only when a flush asks, so that a test decides when.
    o.retry_interval = std::chrono::hours(1);
    return o;
  }

  ReportService Reports() { return ReportService(*store_, *access_, clock_); }
  AdminService Admin() {
    return AdminService(*store_, *access_, clock_, access::MinimumPasswordCost());
  }

  static domain::NewReport ValidInput() {
    domain::NewReport in;
    in.force = "met";
    in.occurred_at = "2026-05-01T21:30:00+01:00";
    in.recorded_as = "harassment_s2";
    in.behaviours = {"following"};
    domain::NewPerson victim;
    victim.given_name = "Ada";
    victim.family_name = "Example";
    domain::NewPerson suspect;
    suspect.phones = {"07700 900001"};
    in.parties = {{"victim", std::nullopt, victim}, {"suspect", std::nullopt, suspect}};
    return in;
  }

  // Every entry of the log, read from a store of its own (as another
  // process, `threadline audit verify`, would).
  std::vector<domain::AuditEntry> Log() {
    auto opened = store::OpenStore(db_->url());
    EXPECT_TRUE(opened.ok());
    std::vector<domain::AuditEntry> out;
    if (!opened.ok()) return out;
    EXPECT_TRUE((*opened)
                    ->Read([&](store::ReadTx& tx) {
                      return tx.ScanAudit(0, [&](const domain::AuditEntry& e) {
                        out.push_back(e);
                        return Status::Ok();
                      });
                    })
                    .ok());
    return out;
  }

  static size_t CountAction(const std::vector<domain::AuditEntry>& log, const std::string& action) {
    return static_cast<size_t>(
        std::count_if(log.begin(), log.end(), [&](const auto& e) { return e.action == action; }));
  }

  std::vector<std::string> Logged() {
    const std::lock_guard lock(log_mutex_);
    return log_;
  }

  Clock clock_ = [] { return int64_t{1'780'000'000}; };  // 2026-05-28
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<AccessControl> access_;
  std::unique_ptr<store::AuditQueueStore> store_;
  store::Store* raw_ = nullptr;  // the backend below the queue, owned by it
  std::mutex log_mutex_;
  std::vector<std::string> log_;
  Actor officer_;
  Actor admin_;
  domain::Id report_id_;
  domain::Id victim_id_;
};

TEST_P(ReadAuditTest, AReadIsInTheLogAfterFlushWithWhoWhatWhenWhereAndWhy) {
  ASSERT_TRUE(Reports().Get(officer_, report_id_).ok());
  ASSERT_TRUE(store_->FlushAudit().ok());
  std::vector<domain::AuditEntry> reads;
  for (const auto& e : Log()) {
    if (e.action == "report.read") reads.push_back(e);
  }
  ASSERT_EQ(reads.size(), 1U);
  const auto& e = reads.front();
  EXPECT_EQ(e.actor_id, officer_.user_id);
  EXPECT_EQ(e.agency_id, officer_.agency_id);
  EXPECT_EQ(e.record_type, "report");
  EXPECT_EQ(e.record_id, report_id_);
  EXPECT_EQ(e.at, domain::FormatTimestamp(clock_()));  // when read, not when written
  EXPECT_EQ(e.source, officer_.source);
  EXPECT_EQ(e.request_id, officer_.request_id);
  EXPECT_EQ(e.purpose, "own agency");
  EXPECT_EQ(e.hash.size(), access::kChainHashHexSize);
}

TEST_P(ReadAuditTest, TheAuditApiAndTheSubjectExportShowReadsJustAnswered) {
  // No explicit flush: whatever reads the log flushes first.
  ASSERT_TRUE(Reports().Get(officer_, report_id_).ok());
  auto entries = Admin().RecordAudit(admin_, "report", report_id_, 0, 100);
  ASSERT_TRUE(entries.ok()) << entries.error().message;
  EXPECT_EQ(CountAction(*entries, "report.read"), 1U);

  ASSERT_TRUE(Reports().GetPerson(officer_, victim_id_).ok());
  auto exported = ExportSubject(*store_, Actor::System("cli"), victim_id_, clock_());
  ASSERT_TRUE(exported.ok()) << exported.error().message;
  EXPECT_NE(exported->find(R"("action":"person.read")"), std::string::npos) << *exported;
}

TEST_P(ReadAuditTest, ReadsAreRefusedWhileTheLogCannotBeWrittenAndResumeAfter) {
  RefuseReadAudit(*db_);
  ASSERT_FALSE(HasFatalFailure());
  // This read was answered before anyone knew: its entry is kept, not lost.
  ASSERT_TRUE(Reports().Get(officer_, report_id_).ok());
  const Status flushed = store_->FlushAudit();
  ASSERT_FALSE(flushed.ok());
  EXPECT_EQ(flushed.error().code, ErrorCode::kUnavailable);

  // Now every read is refused, and nothing of the record comes back.
  auto refused = Reports().Get(officer_, report_id_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  auto person = Reports().GetPerson(officer_, victim_id_);
  ASSERT_FALSE(person.ok());
  EXPECT_EQ(person.error().code, ErrorCode::kUnavailable);
  ReportQuery query;
  auto list = Reports().List(officer_, query);
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().code, ErrorCode::kUnavailable);
  auto trail = Admin().RecordAudit(admin_, "report", report_id_, 0, 100);
  ASSERT_FALSE(trail.ok());
  EXPECT_EQ(trail.error().code, ErrorCode::kUnavailable);

  // The failure is logged once, without who read what.
  const auto logged = Logged();
  ASSERT_EQ(logged.size(), 1U);
  EXPECT_NE(logged[0].find("reads are refused"), std::string::npos) << logged[0];
  for (const std::string& secret : {report_id_, officer_.user_id, officer_.source}) {
    EXPECT_EQ(logged[0].find(secret), std::string::npos) << logged[0];
  }

  // The disk is back: the kept entry goes in and reads are served again.
  AcceptReadAudit(*db_);
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_TRUE(store_->FlushAudit().ok());
  EXPECT_TRUE(Reports().Get(officer_, report_id_).ok());
  ASSERT_TRUE(store_->FlushAudit().ok());
  EXPECT_EQ(CountAction(Log(), "report.read"), 2U);
  EXPECT_EQ(Logged().size(), 2U) << "the recovery is logged";
}

TEST_P(ReadAuditTest, TheChainVerifiesAfterManyConcurrentReadsAndWrites) {
  constexpr int kReaders = 8;
  constexpr int kReadsEach = 150;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.reserve(kReaders + 1);
  for (int t = 0; t < kReaders; ++t) {
    threads.emplace_back([&, t] {
      Actor me = officer_;
      me.request_id = "req-" + std::to_string(t);
      ReportService reports = Reports();
      for (int i = 0; i < kReadsEach; ++i) {
        if (!reports.Get(me, report_id_).ok()) ++failures;
      }
    });
  }
  // State changes at the same time, their entries in their own transactions.
  threads.emplace_back([&] {
    ReportService reports = Reports();
    for (int i = 0; i < 10; ++i) {
      if (!reports.Submit(officer_, ValidInput()).ok()) ++failures;
    }
  });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_TRUE(store_->FlushAudit().ok());

  const auto log = Log();
  EXPECT_EQ(CountAction(log, "report.read"), static_cast<size_t>(kReaders) * kReadsEach);
  EXPECT_EQ(CountAction(log, "report.create"), 11U);
  access::ChainVerifier verifier;
  for (const auto& e : log) verifier.Add(e);
  verifier.Finish();
  EXPECT_TRUE(verifier.intact()) << verifier.problems().front().Describe();
  EXPECT_EQ(verifier.entries(), static_cast<int64_t>(log.size()));
  EXPECT_EQ(verifier.last_seq(), static_cast<int64_t>(log.size())) << "no gap in seq";
  EXPECT_GT(store_->stats().batches_written, 0);

  // And as an auditor checks it, with the command.
  const testing::TempDir dir;
  const auto run =
      testing::RunThreadline({"audit", "verify", "--db", db_->url()}, dir.File("verify.log"));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("audit chain intact: " + std::to_string(log.size()) + " entries"),
            std::string::npos)
      << run.output;
}

TEST_P(ReadAuditTest, ShutdownWritesEverythingStillQueued) {
  constexpr int kReads = 300;
  store::AuditQueueOptions options = Options();
  options.max_batch = 8;  // many small batches: most are still queued at shutdown
  Open(options);
  ASSERT_FALSE(HasFatalFailure());
  {
    WriterBlock block(*raw_, *db_);
    ReportService reports = Reports();
    for (int i = 0; i < kReads; ++i) ASSERT_TRUE(reports.Get(officer_, report_id_).ok());
    EXPECT_EQ(store_->stats().entries_written, 0) << "the entries are waiting";
  }
  store_.reset();  // no flush: shutting down writes them
  EXPECT_EQ(CountAction(Log(), "report.read"), size_t{kReads});
  access::ChainVerifier verifier;
  for (const auto& e : Log()) verifier.Add(e);
  verifier.Finish();
  EXPECT_TRUE(verifier.intact());
}

TEST_P(ReadAuditTest, AFullQueueMakesReadersWaitAndDropsNothing) {
  constexpr int kReads = 40;
  store::AuditQueueOptions options = Options();
  options.capacity = 8;
  Open(options);
  ASSERT_FALSE(HasFatalFailure());
  std::atomic<int> answered{0};
  std::thread reader;
  {
    WriterBlock block(*raw_, *db_);
    reader = std::thread([&] {
      ReportService reports = Reports();
      for (int i = 0; i < kReads; ++i) {
        if (reports.Get(officer_, report_id_).ok()) ++answered;
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    // The writer is held: at most the queue's capacity (and the batch the
    // writer took before it blocked) were answered.
    EXPECT_LE(answered.load(), 16);
    EXPECT_LT(answered.load(), kReads);
  }
  reader.join();
  EXPECT_EQ(answered.load(), kReads);
  ASSERT_TRUE(store_->FlushAudit().ok());
  EXPECT_EQ(CountAction(Log(), "report.read"), size_t{kReads});
}

INSTANTIATE_TEST_SUITE_P(Backends, ReadAuditTest, ::testing::ValuesIn(testing::AllBackends()),
                         testing::BackendParamName());

[[maybe_unused]] ::testing::Environment* const kPostgres =
    ::testing::AddGlobalTestEnvironment(new testing::PostgresEnvironment);

}  // namespace
}  // namespace threadline::services
