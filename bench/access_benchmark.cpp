// The cost of access control and read auditing on a single record read.
//
// One SQLite database in a temporary folder (removed at exit), wrapped by the
// sealing store under a fresh key file and by the read-audit queue, as in
// production, filled with 5,000 synthetic reports and their persons. Every
// iteration reads one report picked at random among those of the force with
// the most reports:
//
//   BM_RawRead           store.Read + GetReport: no access check, no audit
//   BM_AccessChecksOnly  the same read, plus Require, Disclose and RedactReport
//                        (what ReportService::Get does before it audits)
//   BM_ReportServiceGet  ReportService::Get: access checks, then the audit
//                        entry queued; the time is until the reader has its
//                        answer (the writer runs meanwhile, on the same cores;
//                        the clock stops every 128 reads while the queue is
//                        made durable, so readers never wait for room)
//   BM_ReportServiceGetSustained
//                        the same, but each thread's last read also waits for
//                        every entry to be durable and in the chained log:
//                        the background writing (on SQLite, staging and
//                        merging) is paid for in the time, so its cost is not
//                        hidden
//   BM_DurableAuditGet   ReportService::Get on the store without the queue:
//                        each read waits for its own durable audit commit
//                        (how reads were audited before the queue)
//   BM_RawCaseRead       store.Read + GetCase: a case, no check, no audit
//   BM_CaseServiceGet    CaseService::Get, as BM_ReportServiceGet: one case
//                        per report of that force, each held by the force
//   BM_WhoLookedAtThisRecord
//                        one report's audit entries (a page of up to 100)
//                        from the log all the reads above have filled
//
// partner:0 reads as an officer of the owning force; partner:1 as a
// probation officer through one information-sharing agreement (reports,
// persons and cases; it withholds the narrative). The threads:8 runs show
// the same under load. At the end the ratios to the raw read are printed,
// and what the audit writer did: its batches, and the longest an entry
// waited to be durable (what a power cut at the worst moment could lose).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "access/field_crypto.hpp"
#include "bench_support.hpp"
#include "ratio_reporter.hpp"
#include "refdata/refdata.hpp"
#include "risk/tiering.hpp"
#include "services/access_control.hpp"
#include "services/audit.hpp"
#include "services/case_service.hpp"
#include "services/case_support.hpp"
#include "services/report_service.hpp"
#include "services/seed.hpp"
#include "services/synthetic_data.hpp"
#include "store/audit_queue.hpp"
#include "store/sealed_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::services {
namespace {

namespace fs = std::filesystem;
using bench::Fail;
using bench::Must;

constexpr size_t kReports = 5000;

class Fixture {
 public:
  Fixture() {
    dir_ = fs::temp_directory_path() / ("threadline_bench_access_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const std::string db = (dir_ / "bench.db").string();
    const std::string key_file = (dir_ / "bench.db.key").string();
    Must(access::CreateKeyFile(key_file), "creating the key file");
    auto keys = Must(access::KeyRing::FromFile(key_file), "reading the key file");
    auto sealed = store::SealSensitiveFields(Must(store::OpenSqlite({db}), "opening the database"),
                                             std::move(keys));
    durable_store_ = sealed.get();
    queue_ = store::QueueReadAudit(std::move(sealed));
    store_ = queue_.get();

    const refdata::RefData data;
    Must(SeedAgencies(*store_, data), "seeding agencies");
    synth::Config config;
    config.reports = kReports;
    Must(GenerateIntoStore(*store_, data, config), "generating reports");
    access_ = std::make_unique<AccessControl>(
        Must(AccessControl::Load(data, SystemClock()), "loading the roles table"));
    service_ = std::make_unique<ReportService>(*store_, *access_, SystemClock());
    durable_service_ = std::make_unique<ReportService>(*durable_store_, *access_, SystemClock());
    tiers_ = std::make_unique<risk::TierRules>(Must(risk::TierRules::Load(data), "tier rules"));
    calendar_ = std::make_unique<domain::WorkingCalendar>(
        Must(LoadWorkingCalendar(data), "the working calendar"));
    cases_ = std::make_unique<CaseService>(*store_, *access_, *tiers_, *calendar_, SystemClock());

    PickReports();
    AddCases();
    const domain::Id probation = AgencyId("probation-london");
    ShareWith(probation);
    own_ = {"U-BENCH-OFFICER", force_, "officer", "req-bench", "bench", {}};
    partner_ = {"U-BENCH-PROBATION", probation, "probation", "req-bench", "bench", {}};

    // The partner must see the report through the agreement, narrative withheld.
    auto shown = service_->Get(partner_, ids_.front());
    if (!shown.ok()) Fail("reading as the partner agency", shown.error());
    if (shown->basis.rfind("agreement ", 0) != 0 || shown->withheld.empty()) {
      Fail("reading as the partner agency", Internal("unexpected disclosure " + shown->basis));
    }
  }

  ~Fixture() {
    cases_.reset();
    service_.reset();
    durable_service_.reset();
    queue_.reset();
    fs::remove_all(dir_);
  }

  store::Store& store() { return *store_; }
  store::AuditQueueStore& queue() { return *queue_; }
  const AccessControl& access() const { return *access_; }
  ReportService& service() { return *service_; }
  ReportService& durable_service() { return *durable_service_; }
  const Actor& actor(bool partner) const { return partner ? partner_ : own_; }
  const domain::Id& force() const { return force_; }
  const std::vector<domain::Id>& ids() const { return ids_; }
  CaseService& cases() { return *cases_; }
  const std::vector<domain::Id>& case_ids() const { return case_ids_; }

 private:
  domain::Id AgencyId(const std::string& code) {
    domain::Id id;
    Must(store_->Read([&](store::ReadTx& tx) {
      auto a = tx.GetAgencyByCode(code);
      if (a.ok()) id = a->id;
      return a.status();
    }),
         "finding agency " + code);
    return id;
  }

  // The reports of the force with the most of them.
  void PickReports() {
    std::map<domain::Id, std::vector<domain::Id>> by_force;
    store::ReportFilter filter;
    filter.limit = 200;
    do {
      Must(store_->Read([&](store::ReadTx& tx) {
        auto page = tx.ListReports(filter);
        if (!page.ok()) return page.status();
        for (const auto& r : page->reports) by_force[r.force_id].push_back(r.id);
        filter.cursor = page->next_cursor;
        return Status::Ok();
      }),
           "listing reports");
    } while (!filter.cursor.empty());
    for (auto& [force, ids] : by_force) {
      if (ids.size() > ids_.size()) {
        force_ = force;
        ids_ = ids;
      }
    }
    if (ids_.empty()) Fail("listing reports", Internal("no reports"));
  }

  // One case per report of the chosen force, held by that force, each
  // about its report, as a referral from a police report makes it.
  void AddCases() {
    const std::string now = domain::FormatTimestamp(domain::NowSeconds());
    Must(store_->Write([&](store::WriteTx& tx) -> Status {
      for (size_t i = 0; i < ids_.size(); ++i) {
        domain::Case c;
        c.id = domain::NewId();
        c.reference = case_support::CaseReference(static_cast<int64_t>(i) + 1, now);
        c.owner_agency_id = force_;
        c.referred_by_agency_id = force_;
        c.source = "police_report";
        c.status = "referred";
        c.report_ids = {ids_[i]};
        c.referral_reason = "Repeated unwanted contact after the relationship ended.";
        c.created_at = now;
        c.updated_at = now;
        if (Status s = tx.InsertCase(c); !s.ok()) return s;
        case_ids_.push_back(c.id);
      }
      return Status::Ok();
    }),
         "inserting cases");
  }

  // The chosen force shares reports, persons and cases with `to`, contact
  // details only (the narrative is withheld).
  void ShareWith(const domain::Id& to) {
    domain::SharingAgreement a;
    a.id = domain::NewId();
    a.code = "BENCH-SHARE-1";
    a.name = "Benchmark agreement";
    a.from_agency_id = force_;
    a.to_agency_id = to;
    a.record_types = {"report", "person", "case"};
    a.fields = {"contact"};
    a.purpose = "Managing the risk posed by a supervised perpetrator";
    a.valid_from = "2000-01-01";
    Must(store_->Write([&](store::WriteTx& tx) { return tx.InsertAgreement(a); }),
         "inserting the agreement");
  }

  fs::path dir_;
  std::unique_ptr<store::AuditQueueStore> queue_;
  store::Store* store_ = nullptr;          // the queue
  store::Store* durable_store_ = nullptr;  // below the queue, owned by it
  std::unique_ptr<AccessControl> access_;
  std::unique_ptr<ReportService> service_;
  std::unique_ptr<ReportService> durable_service_;
  std::unique_ptr<risk::TierRules> tiers_;
  std::unique_ptr<domain::WorkingCalendar> calendar_;
  std::unique_ptr<CaseService> cases_;
  domain::Id force_;
  std::vector<domain::Id> ids_;
  std::vector<domain::Id> case_ids_;
  Actor own_;
  Actor partner_;
};

Fixture& TheFixture() {
  static Fixture fixture;
  return fixture;
}

// Picks report ids uniformly at random, one generator per benchmark thread.
class RandomIds {
 public:
  RandomIds(const std::vector<domain::Id>& ids, int thread)
      : ids_(ids), rng_(1234 + static_cast<uint64_t>(thread)), pick_(0, ids.size() - 1) {}
  const domain::Id& Next() { return ids_[pick_(rng_)]; }

 private:
  const std::vector<domain::Id>& ids_;
  std::mt19937_64 rng_;
  std::uniform_int_distribution<size_t> pick_;
};

// (a) The read alone.
// Reads records picked at random among `all` straight from the store:
// `read(tx, id)` reads one and returns its status.
template <typename ReadFn>
void RawReads(benchmark::State& state, const std::vector<domain::Id>& all, ReadFn read) {
  Fixture& f = TheFixture();
  RandomIds ids(all, state.thread_index());
  for (auto _ : state) {
    const domain::Id& id = ids.Next();
    const Status s = f.store().Read([&](store::ReadTx& tx) { return read(tx, id); });
    if (!s.ok()) {
      state.SkipWithError("read failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_RawRead(benchmark::State& state) {
  RawReads(state, TheFixture().ids(), [](store::ReadTx& tx, const domain::Id& id) {
    auto r = tx.GetReport(id);
    benchmark::DoNotOptimize(r);
    return r.status();
  });
}
BENCHMARK(BM_RawRead)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RawRead)->Threads(8)->UseRealTime()->Unit(benchmark::kMicrosecond);

// (b) The read with every access check ReportService::Get makes, no audit.
void BM_AccessChecksOnly(benchmark::State& state) {
  Fixture& f = TheFixture();
  const Actor& actor = f.actor(state.range(0) == 1);
  RandomIds ids(f.ids(), state.thread_index());
  for (auto _ : state) {
    const domain::Id& id = ids.Next();
    Disclosed<domain::Report> shown;
    const Status s = f.store().Read([&](store::ReadTx& tx) -> Status {
      if (Status r = f.access().Require(actor, "report.read"); !r.ok()) return r;
      auto r = tx.GetReport(id);
      if (!r.ok()) return r.status();
      auto shared = f.access().DiscloseShared(tx, actor, "report", id, r->force_id, false);
      if (!shared.ok()) return shared.status();
      const access::Disclosure& d = **shared;
      if (!d.visible) return NotFound("no such report");
      benchmark::DoNotOptimize(AuditPurpose(d));
      shown = RedactReport(std::move(*r), d);
      return Status::Ok();
    });
    if (!s.ok()) {
      state.SkipWithError("read failed");
      break;
    }
    benchmark::DoNotOptimize(shown);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AccessChecksOnly)
    ->ArgName("partner")
    ->Arg(0)
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// Stops the benchmark when the audit log cannot be written.
bool Flushed(benchmark::State& state, store::Store& store) {
  if (store.FlushAudit().ok()) return true;
  state.SkipWithError("the audit log could not be written");
  return false;
}

// The same, up to the queue's durable point only: on SQLite the entries are
// staged and merged into the log later, as in production, rather than at
// every call.
bool Drained(benchmark::State& state, store::AuditQueueStore& queue) {
  if (queue.Drain().ok()) return true;
  state.SkipWithError("the audit log could not be written");
  return false;
}

// Reads per thread between two untimed drains in BM_ReportServiceGet: even
// eight threads' together fit in the queue, so readers never wait for room.
constexpr benchmark::IterationCount kReadsPerFlush = 128;

// (c) The whole use case: access checks, the audit entry queued; the time
// is until the reader has its answer. The writer runs meanwhile, on the same
// cores. Every kReadsPerFlush reads the clock stops while the queue is
// drained (made durable), so this is the answer's latency at a rate the
// writer keeps up with; BM_ReportServiceGetSustained is the rate when it
// must, merges into the log included. `get(id)` reads one record as its
// service does.
template <typename GetFn>
void QueuedReads(benchmark::State& state, const std::vector<domain::Id>& all, GetFn get) {
  Fixture& f = TheFixture();
  RandomIds ids(all, state.thread_index());
  if (!Flushed(state, f.store())) return;
  benchmark::IterationCount done = 0;
  for (auto _ : state) {
    auto shown = get(ids.Next());
    if (!shown.ok()) {
      state.SkipWithError("read failed");
      break;
    }
    benchmark::DoNotOptimize(shown);
    if (++done % kReadsPerFlush == 0) {
      state.PauseTiming();
      const bool drained = Drained(state, f.queue());
      state.ResumeTiming();
      if (!drained) break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  (void)Flushed(state, f.store());
}

void BM_ReportServiceGet(benchmark::State& state) {
  Fixture& f = TheFixture();
  const Actor& actor = f.actor(state.range(0) == 1);
  QueuedReads(state, f.ids(), [&](const domain::Id& id) { return f.service().Get(actor, id); });
}
BENCHMARK(BM_ReportServiceGet)
    ->ArgName("partner")
    ->Arg(0)
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
// (f) A case read, as (a) and (c): the case alone, then CaseService::Get
// (access checks, redaction, the audit entry queued), with the same pauses.
void BM_RawCaseRead(benchmark::State& state) {
  RawReads(state, TheFixture().case_ids(), [](store::ReadTx& tx, const domain::Id& id) {
    auto c = tx.GetCase(id);
    benchmark::DoNotOptimize(c);
    return c.status();
  });
}
BENCHMARK(BM_RawCaseRead)->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_CaseServiceGet(benchmark::State& state) {
  Fixture& f = TheFixture();
  const Actor& actor = f.actor(state.range(0) == 1);
  QueuedReads(state, f.case_ids(), [&](const domain::Id& id) { return f.cases().Get(actor, id); });
}
BENCHMARK(BM_CaseServiceGet)
    ->ArgName("partner")
    ->Arg(0)
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// No threads:8 run here: with the clock paused per thread for the flushes,
// eight threads' times do not add up to a time per read. Eight readers are
// measured by BM_ReportServiceGetSustained.

// (d) As (c) without the pauses, and the last read of each thread waits
// until every entry is durable: sustained throughput, the background writing
// included (readers wait for room when the writer falls behind).
void BM_ReportServiceGetSustained(benchmark::State& state) {
  Fixture& f = TheFixture();
  const Actor& actor = f.actor(state.range(0) == 1);
  RandomIds ids(f.ids(), state.thread_index());
  if (!Flushed(state, f.store())) return;
  benchmark::IterationCount done = 0;
  for (auto _ : state) {
    auto shown = f.service().Get(actor, ids.Next());
    if (!shown.ok()) {
      state.SkipWithError("read failed");
      break;
    }
    benchmark::DoNotOptimize(shown);
    if (++done == state.max_iterations && !Flushed(state, f.store())) break;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ReportServiceGetSustained)
    ->ArgName("partner")
    ->Arg(0)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReportServiceGetSustained)
    ->ArgName("partner")
    ->Arg(0)
    ->Threads(8)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// (e) The former way: every read waits for its own durable audit commit.
void BM_DurableAuditGet(benchmark::State& state) {
  Fixture& f = TheFixture();
  const Actor& actor = f.actor(state.range(0) == 1);
  RandomIds ids(f.ids(), state.thread_index());
  if (!Flushed(state, f.store())) return;
  for (auto _ : state) {
    auto shown = f.durable_service().Get(actor, ids.Next());
    if (!shown.ok()) {
      state.SkipWithError("read failed");
      break;
    }
    benchmark::DoNotOptimize(shown);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DurableAuditGet)
    ->ArgName("partner")
    ->Arg(0)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DurableAuditGet)
    ->ArgName("partner")
    ->Arg(0)
    ->Threads(8)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// (f) The audit writer alone: entries of reads of random reports queued as
// fast as the queue takes them, no reads made; the time per entry is the
// writer's (on SQLite, staging and merging), readers being held back only by
// the queue's room and the last waiting until every entry is in the log.
void BM_AuditWriterAlone(benchmark::State& state) {
  Fixture& f = TheFixture();
  RandomIds ids(f.ids(), state.thread_index());
  const Actor& actor = f.actor(false);
  if (!Flushed(state, f.store())) return;
  benchmark::IterationCount done = 0;
  for (auto _ : state) {
    if (!AuditRead(f.store(), actor, "report.read", "report", ids.Next(), 1795000000).ok()) {
      state.SkipWithError("queueing failed");
      break;
    }
    // The last one waits until every entry is in the chained log.
    if (++done == state.max_iterations && !Flushed(state, f.store())) break;
  }
}
BENCHMARK(BM_AuditWriterAlone)->UseRealTime()->Unit(benchmark::kMicrosecond);

// (g) "Who has looked at this record": one report's audit entries, the
// first page, from a log that by now holds every read above. Runs last, so
// the log is as long as the benchmark made it; the entry count is printed.
void BM_WhoLookedAtThisRecord(benchmark::State& state) {
  Fixture& f = TheFixture();
  RandomIds ids(f.ids(), state.thread_index());
  if (!Flushed(state, f.store())) return;
  size_t found = 0;
  for (auto _ : state) {
    store::AuditFilter filter;
    filter.record_type = "report";
    filter.record_id = ids.Next();
    const Status s = f.store().Read([&](store::ReadTx& tx) {
      auto entries = tx.ListAudit(filter);
      if (entries.ok()) found += entries->size();
      return entries.status();
    });
    if (!s.ok()) {
      state.SkipWithError("listing the audit failed");
      break;
    }
  }
  state.counters["entries_per_record"] =
      static_cast<double>(found) / static_cast<double>(std::max<int64_t>(1, state.iterations()));
  state.counters["log_entries"] = static_cast<double>(f.queue().stats().entries_written);
}
BENCHMARK(BM_WhoLookedAtThisRecord)->UseRealTime()->Unit(benchmark::kMicrosecond);

std::vector<bench::RatioReporter::Ratio> Ratios() {
  const std::string raw = "BM_RawRead/real_time";
  const std::string raw8 = "BM_RawRead/real_time/threads:8";
  return {
      {"access checks, own agency", "BM_AccessChecksOnly/partner:0/real_time", raw},
      {"access checks, through an agreement", "BM_AccessChecksOnly/partner:1/real_time", raw},
      {"checks + audit queued, own agency", "BM_ReportServiceGet/partner:0/real_time", raw},
      {"checks + audit queued, through an agreement", "BM_ReportServiceGet/partner:1/real_time",
       raw},
      {"case read, checks + audit queued, own agency", "BM_CaseServiceGet/partner:0/real_time",
       "BM_RawCaseRead/real_time"},
      {"case read, the same through an agreement", "BM_CaseServiceGet/partner:1/real_time",
       "BM_RawCaseRead/real_time"},
      {"sustained, log written, one reader", "BM_ReportServiceGetSustained/partner:0/real_time",
       raw},
      {"sustained, log written, eight readers",
       "BM_ReportServiceGetSustained/partner:0/real_time/threads:8", raw8},
      {"durable audit per read (before), one reader", "BM_DurableAuditGet/partner:0/real_time",
       raw},
      {"durable audit per read (before), eight readers",
       "BM_DurableAuditGet/partner:0/real_time/threads:8", raw8},
  };
}

void PrintWriter(const store::AuditQueueStats& s) {
  const double entries = static_cast<double>(std::max<int64_t>(1, s.entries_written));
  std::printf(
      "\nread-audit writer: %lld entries in %lld batches (largest %zu), %lld failed attempts\n"
      "  making them durable: %.1f us per entry (%.1f us CPU; on SQLite staging only, merging\n"
      "  into the log is in the sustained and writer-alone times); longest from queued to\n"
      "  durable %.1f ms\n",
      static_cast<long long>(s.entries_written), static_cast<long long>(s.batches_written),
      s.largest_batch, static_cast<long long>(s.failed_attempts),
      static_cast<double>(s.writing.count()) / entries,
      static_cast<double>(s.writing_cpu.count()) / entries,
      static_cast<double>(s.longest_wait.count()) / 1000.0);
}

}  // namespace
}  // namespace threadline::services

int main(int argc, char** argv) {
  namespace services = threadline::services;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  threadline::bench::RatioReporter reporter(services::Ratios());
  const size_t ran = benchmark::RunSpecifiedBenchmarks(&reporter);
  if (ran > 0) {
    reporter.PrintRatios();
    services::PrintWriter(services::TheFixture().queue().stats());
  }
  benchmark::Shutdown();
  return 0;
}
