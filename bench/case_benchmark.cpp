// The case timeline: one case with 500 events from several agencies, read
// through CaseService::GetTimeline (access checks per agency, redaction, and
// the audit entry of the read in a durable write), as the Met lead that holds
// the case and as a probation officer who sees it through sharing agreements.
//
//   BM_Timeline/owner:1    the lead of the owning force
//   BM_Timeline/owner:0    probation, through MET-PROB-1 and PROB-MET-1
//   BM_TimelineEvents      the store's ListCaseEvents alone, for comparison
//
// The database is a sealed SQLite file in a temporary folder, removed at exit.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "access/field_crypto.hpp"
#include "access/password.hpp"
#include "bench_support.hpp"
#include "refdata/refdata.hpp"
#include "risk/tiering.hpp"
#include "services/access_control.hpp"
#include "services/case_service.hpp"
#include "services/seed.hpp"
#include "store/sealed_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace threadline::services {
namespace {

namespace fs = std::filesystem;
using bench::Fail;
using bench::Must;

constexpr int kEvents = 500;

class Fixture {
 public:
  Fixture() {
    dir_ = fs::temp_directory_path() / ("threadline_bench_case_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const std::string db = (dir_ / "bench.db").string();
    const std::string key_file = (dir_ / "bench.db.key").string();
    Must(access::CreateKeyFile(key_file), "key file");
    store_ = store::SealSensitiveFields(Must(store::OpenSqlite({db}), "opening the database"),
                                        Must(access::KeyRing::FromFile(key_file), "keys"));
    const refdata::RefData data;
    Must(SeedAgencies(*store_, data), "agencies");
    Must(SeedDemoUsers(*store_, data, "benchmark-password-1", access::MinimumPasswordCost()),
         "users");
    Must(SeedDemoAgreements(*store_, data), "agreements");
    access_ =
        std::make_unique<AccessControl>(Must(AccessControl::Load(data, SystemClock()), "roles"));
    tiers_ = std::make_unique<risk::TierRules>(Must(risk::TierRules::Load(data), "tiers"));
    calendar_ =
        std::make_unique<domain::WorkingCalendar>(Must(LoadWorkingCalendar(data), "calendar"));
    cases_ = std::make_unique<CaseService>(*store_, *access_, *tiers_, *calendar_, SystemClock());
    lead_ = ActorNamed("lead");
    probation_ = ActorNamed("probation");
    const Actor officer = ActorNamed("officer");

    const auto kase = Must(
        cases_->Refer(officer,
                      {{"source", "probation"}, {"to", "met"}, {"reason", "Benchmark referral"}}),
        "refer");
    case_id_ = kase.record.id;
    const KindSpec& note = *FindKind("note");
    const KindSpec& action = *FindKind("action");
    // Alternate agencies and field classes, as a real case's timeline does.
    for (int i = 1; i < kEvents; ++i) {
      if (i % 3 == 0) {
        Must(cases_->AddItem(probation_, case_id_, note, {{"text", "Supervision contact."}}),
             "probation note");
      } else if (i % 3 == 1) {
        Must(cases_->AddItem(officer, case_id_, action,
                             {{"title", "Check CCTV"},
                              {"category", "investigation"},
                              {"owner_agency", "met"},
                              {"due_on", "2027-01-01"}}),
             "action");
      } else {
        Must(cases_->AddItem(lead_, case_id_, note, {{"text", "Lead review."}}), "lead note");
      }
    }
  }
  ~Fixture() {
    cases_.reset();
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  Actor ActorNamed(const char* name) {
    Actor actor;
    const Status read = store_->Read([&](store::ReadTx& tx) -> Status {
      auto user = Must(tx.GetUserByName(name), name);
      actor = Actor{user.id, user.agency_id, user.role, "", "bench", {}};
      return Status::Ok();
    });
    if (!read.ok()) Fail("users", read.error());
    return actor;
  }

  fs::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AccessControl> access_;
  std::unique_ptr<risk::TierRules> tiers_;
  std::unique_ptr<domain::WorkingCalendar> calendar_;
  std::unique_ptr<CaseService> cases_;
  Actor lead_;
  Actor probation_;
  domain::Id case_id_;
};

Fixture& Shared() {
  static Fixture fixture;
  return fixture;
}

void BM_Timeline(benchmark::State& state) {
  Fixture& f = Shared();
  const Actor& viewer = state.range(0) == 1 ? f.lead_ : f.probation_;
  size_t shown = 0;
  for (auto _ : state) {
    auto t = Must(f.cases_->GetTimeline(viewer, f.case_id_), "timeline");
    shown = t.entries.size();
    benchmark::DoNotOptimize(t);
  }
  state.counters["events_shown"] = static_cast<double>(shown);
}
BENCHMARK(BM_Timeline)->ArgName("owner")->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

void BM_TimelineEvents(benchmark::State& state) {
  Fixture& f = Shared();
  for (auto _ : state) {
    const Status read = f.store_->Read([&](store::ReadTx& tx) -> Status {
      auto events = tx.ListCaseEvents(f.case_id_);
      benchmark::DoNotOptimize(events);
      return events.status();
    });
    if (!read.ok()) Fail("events", read.error());
  }
}
BENCHMARK(BM_TimelineEvents)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace threadline::services

BENCHMARK_MAIN();
