// The cost of access control and read auditing on a single record read.
//
// One SQLite database in a temporary folder (removed at exit), wrapped by the
// sealing store under a fresh key file as in production, filled with 5,000
// synthetic reports and their persons. Every iteration reads one report
// picked at random among those of the force with the most reports:
//
//   BM_RawRead           store.Read + GetReport: no access check, no audit
//   BM_AccessChecksOnly  the same read, plus Require, Disclose and RedactReport
//                        (what ReportService::Get does before it audits)
//   BM_ReportServiceGet  ReportService::Get: access checks, then one audit
//                        entry appended in a durable write transaction
//
// partner:0 reads as an officer of the owning force; partner:1 as a
// probation officer through one information-sharing agreement (which withholds
// the narrative). The threads:8 runs show what group commit does for audited
// reads under load; compare their items_per_second.
#include <benchmark/benchmark.h>
#include <unistd.h>

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
#include "refdata/refdata.hpp"
#include "services/access_control.hpp"
#include "services/report_service.hpp"
#include "services/seed.hpp"
#include "services/synthetic_data.hpp"
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
    store_ = store::SealSensitiveFields(Must(store::OpenSqlite({db}), "opening the database"),
                                        std::move(keys));

    const refdata::RefData data;
    Must(SeedAgencies(*store_, data), "seeding agencies");
    synth::Config config;
    config.reports = kReports;
    Must(GenerateIntoStore(*store_, data, config), "generating reports");
    access_ = std::make_unique<AccessControl>(
        Must(AccessControl::Load(data, SystemClock()), "loading the roles table"));
    service_ = std::make_unique<ReportService>(*store_, *access_, SystemClock());

    PickReports();
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
    service_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  store::Store& store() { return *store_; }
  const AccessControl& access() const { return *access_; }
  ReportService& service() { return *service_; }
  const Actor& actor(bool partner) const { return partner ? partner_ : own_; }
  const domain::Id& force() const { return force_; }
  const std::vector<domain::Id>& ids() const { return ids_; }

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

  // The chosen force shares reports and persons with `to`, contact details
  // only (the narrative is withheld).
  void ShareWith(const domain::Id& to) {
    domain::SharingAgreement a;
    a.id = domain::NewId();
    a.code = "BENCH-SHARE-1";
    a.name = "Benchmark agreement";
    a.from_agency_id = force_;
    a.to_agency_id = to;
    a.record_types = {"report", "person"};
    a.fields = {"contact"};
    a.purpose = "Managing the risk posed by a supervised perpetrator";
    a.valid_from = "2000-01-01";
    Must(store_->Write([&](store::WriteTx& tx) { return tx.InsertAgreement(a); }),
         "inserting the agreement");
  }

  fs::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AccessControl> access_;
  std::unique_ptr<ReportService> service_;
  domain::Id force_;
  std::vector<domain::Id> ids_;
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
void BM_RawRead(benchmark::State& state) {
  Fixture& f = TheFixture();
  RandomIds ids(f.ids(), state.thread_index());
  for (auto _ : state) {
    const domain::Id& id = ids.Next();
    const Status s = f.store().Read([&](store::ReadTx& tx) {
      auto r = tx.GetReport(id);
      benchmark::DoNotOptimize(r);
      return r.status();
    });
    if (!s.ok()) {
      state.SkipWithError("read failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
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
      auto d = f.access().Disclose(tx, actor, "report", id, r->force_id, false);
      if (!d.ok()) return d.status();
      if (!d->visible) return NotFound("no such report");
      benchmark::DoNotOptimize(AuditPurpose(*d));
      shown = RedactReport(std::move(*r), *d);
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

// (c) and (d) The whole use case: access checks and a durable audit append.
void BM_ReportServiceGet(benchmark::State& state) {
  Fixture& f = TheFixture();
  const Actor& actor = f.actor(state.range(0) == 1);
  RandomIds ids(f.ids(), state.thread_index());
  for (auto _ : state) {
    auto shown = f.service().Get(actor, ids.Next());
    if (!shown.ok()) {
      state.SkipWithError("read failed");
      break;
    }
    benchmark::DoNotOptimize(shown);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ReportServiceGet)
    ->ArgName("partner")
    ->Arg(0)
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReportServiceGet)
    ->ArgName("partner")
    ->Arg(0)
    ->Threads(8)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace threadline::services

BENCHMARK_MAIN();
