// Harm ranking end to end: PanelService::Rank over 1,000,000 reports of one
// force in SQLite (the target is under 2 s).
//
// The database is built once: the agencies, 300,000 synthetic person records
// (synth::StreamPersons), then 1,000,000 Met reports written in batches of
// 100,000 per transaction through the sealing store, as in production. Every
// report falls inside the ranking's look-back window, so the ranking reads
// them all. Suspects are drawn Zipf-like from 150,000 of the persons (a few
// prolific, most with one or two reports); each mostly targets the same one
// to three victims, sometimes a stranger; one report in ten has a second
// victim, one in five a witness.
//
//   BM_ScanOnly       the store's scan of the force's report parties alone
//   BM_Rank/top:N     PanelService::Rank as a Met lead: access check, scan,
//                     ranking, explanations, and one durable audit entry per
//                     person listed
//
// THREADLINE_BENCH_RANK_DB=FILE keeps the database in FILE (built when
// absent) so repeated runs skip the minutes of loading. Run with
// --benchmark_repetitions=5 and read the median.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "bench_store.hpp"
#include "bench_support.hpp"
#include "domain/datetime.hpp"
#include "domain/vocabulary.hpp"
#include "refdata/refdata.hpp"
#include "risk/harm_ranking.hpp"
#include "services/access_control.hpp"
#include "services/panel_service.hpp"
#include "synth/synth.hpp"

namespace threadline::services {
namespace {

namespace fs = std::filesystem;
using bench::Fail;
using bench::Must;

constexpr size_t kReports = 1'000'000;
constexpr size_t kPersons = 300'000;
constexpr size_t kSuspects = 150'000;  // the first kSuspects persons; the rest are victims
constexpr size_t kBatch = 100'000;
constexpr int kSpanDays = 1090;  // inside the 1095-day look-back window
constexpr int64_t kDay = 86400;

class Fixture {
 public:
  Fixture() {
    auto opened = bench::OpenBenchStore("THREADLINE_BENCH_RANK_DB", "rank");
    store_ = std::move(opened.store);
    dir_ = opened.temp_dir;
    const bool fresh = opened.fresh;
    const refdata::RefData data;
    Must(store_->Read([&](store::ReadTx& tx) {
      auto met = tx.GetAgencyByCode("met");
      if (met.ok()) met_ = met->id;
      return met.status();
    }),
         "finding the Met");
    if (fresh) Build(data);
    access_ = std::make_unique<AccessControl>(
        Must(AccessControl::Load(data, SystemClock()), "loading the roles table"));
    model_ = std::make_unique<risk::RfgvModel>(
        Must(risk::RfgvModel::Load(data), "loading the RFGV model"));
    service_ = std::make_unique<PanelService>(*store_, *access_, *model_, SystemClock());
    lead_ = {"U-BENCH-LEAD", met_, "lead", "req-bench", "bench", {}};
    int64_t reports = 0;
    Must(store_->Read([&](store::ReadTx& tx) {
      auto n = tx.Count(store::Table::kReports);
      if (n.ok()) reports = *n;
      return n.status();
    }),
         "counting reports");
    std::fprintf(stderr, "panel_benchmark: %lld reports of the Met\n",
                 static_cast<long long>(reports));
  }

  ~Fixture() {
    service_.reset();
    store_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  store::Store& store() { return *store_; }
  PanelService& service() { return *service_; }
  const Actor& lead() const { return lead_; }
  const domain::Id& met() const { return met_; }
  const risk::RfgvModel& model() const { return *model_; }

 private:
  void Build(const refdata::RefData& data) {
    const auto started = std::chrono::steady_clock::now();
    std::vector<domain::Agency> agencies;
    Must(store_->Read([&](store::ReadTx& tx) {
      auto all = tx.ListAgencies();
      if (all.ok()) agencies = *all;
      return all.status();
    }),
         "listing agencies");
    // Person records, streamed from the generator in batches.
    synth::Config config;
    config.seed = 20260528;
    config.persons_only = kPersons;
    std::vector<domain::Person> batch;
    std::vector<domain::Id> ids;
    ids.reserve(kPersons);
    auto flush = [&] {
      Must(store_->Write([&](store::WriteTx& tx) -> Status {
        for (const auto& p : batch) {
          if (Status s = tx.InsertPerson(p); !s.ok()) return s;
        }
        return Status::Ok();
      }),
           "inserting persons");
      batch.clear();
    };
    Must(synth::StreamPersons(config, data, agencies,
                              [&](const domain::Person& p, const std::string&) {
                                ids.push_back(p.id);
                                batch.push_back(p);
                                if (batch.size() == kBatch) flush();
                              }),
         "generating persons");
    flush();

    // Reports.
    std::mt19937_64 rng(20260528);
    std::vector<double> cdf(kSuspects);
    double total = 0;
    for (size_t k = 0; k < kSuspects; ++k) {
      total += 1.0 / std::pow(static_cast<double>(k + 1), 0.9);
      cdf[k] = total;
    }
    std::uniform_real_distribution<double> u(0, total);
    std::uniform_real_distribution<double> chance(0, 1);
    const size_t victims = ids.size() - kSuspects;
    // Mostly violence-free lesser offences, some grave ones.
    const std::vector<std::pair<std::string, double>> offences = {
        {"harassment_s2", 0.30}, {"malicious_communications", 0.20},
        {"stalking_s2a", 0.12},  {"stalking_s4a", 0.06},
        {"harassment_s4", 0.05}, {"coercive_control", 0.04},
        {"assault", 0.05},       {"criminal_damage", 0.06},
        {"theft", 0.02},         {"neighbour_dispute", 0.04},
        {"other", 0.03},         {"not_recorded", 0.03}};
    std::vector<double> offence_cdf;
    offence_cdf.reserve(offences.size());
    double acc = 0;
    for (const auto& [code, weight] : offences) offence_cdf.push_back(acc += weight);
    const int64_t now = domain::NowSeconds();
    const int64_t first = (now / kDay - kSpanDays) * kDay;
    const std::vector<std::string> behaviours = {
        "following", "contacting", "monitoring_communications", "loitering", "watching_spying"};
    std::vector<domain::Report> reports;
    reports.reserve(kBatch);
    for (size_t i = 0; i < kReports; ++i) {
      const auto rank =
          static_cast<size_t>(std::lower_bound(cdf.begin(), cdf.end(), u(rng)) - cdf.begin());
      const size_t suspect = std::min(rank, kSuspects - 1);
      // Each suspect's own victims: one to three, fixed by the suspect.
      const size_t own = 1 + (suspect * 2654435761U) % 3;
      auto victim = [&] {
        if (chance(rng) < 0.1) return kSuspects + rng() % victims;
        return kSuspects + (suspect * 7919 + rng() % own) % victims;
      };
      domain::Report r;
      const int64_t at = first + static_cast<int64_t>(rng() % (kSpanDays * kDay));
      r.id = domain::NextId(at * 1000, rng);
      r.force_id = met_;
      r.reference = "BENCH-" + std::to_string(i);
      r.occurred_at = domain::FormatTimestamp(at);
      r.reported_at = domain::FormatTimestamp(at + 3600);
      r.summary = "Synthetic report for the ranking benchmark.";
      const double o = chance(rng) * acc;
      r.recorded_as = offences[std::lower_bound(offence_cdf.begin(), offence_cdf.end(), o) -
                               offence_cdf.begin()]
                          .first;
      r.behaviours = {behaviours[rng() % behaviours.size()]};
      r.parties.push_back({"victim", ids[victim()]});
      r.parties.push_back({"suspect", ids[suspect]});
      if (chance(rng) < 0.1) {
        const domain::Id second = ids[victim()];
        if (second != r.parties.front().person_id) r.parties.push_back({"victim", second});
      }
      if (chance(rng) < 0.2) r.parties.push_back({"witness", ids[kSuspects + rng() % victims]});
      r.created_at = r.reported_at;
      reports.push_back(std::move(r));
      if (reports.size() == kBatch || i + 1 == kReports) {
        Must(store_->Write([&](store::WriteTx& tx) -> Status {
          for (const auto& report : reports) {
            if (Status s = tx.InsertReport(report); !s.ok()) return s;
          }
          return Status::Ok();
        }),
             "inserting reports");
        reports.clear();
      }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "panel_benchmark: built %zu persons and %zu reports in %.0f s\n",
                 ids.size(), kReports, seconds);
  }

  fs::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AccessControl> access_;
  std::unique_ptr<risk::RfgvModel> model_;
  std::unique_ptr<PanelService> service_;
  domain::Id met_;
  Actor lead_;
};

Fixture& TheFixture() {
  static Fixture fixture;
  return fixture;
}

// The scan the ranking is built on, alone: every party row of the window.
void BM_ScanOnly(benchmark::State& state) {
  Fixture& f = TheFixture();
  const int32_t today = static_cast<int32_t>(domain::NowSeconds() / kDay);
  const std::string from =
      domain::FormatTimestamp(int64_t{today - (f.model().config.lookback_days - 1)} * kDay);
  size_t rows = 0;
  for (auto _ : state) {
    rows = 0;
    Must(f.store().Read([&](store::ReadTx& tx) {
      return tx.ScanReportParties(f.met(), from, [&](const store::ReportPartyRow& row) {
        benchmark::DoNotOptimize(row);
        ++rows;
        return Status::Ok();
      });
    }),
         "scanning");
  }
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_ScanOnly)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_Rank(benchmark::State& state) {
  Fixture& f = TheFixture();
  const auto top = static_cast<size_t>(state.range(0));
  Ranking ranking;
  for (auto _ : state) {
    ranking = Must(f.service().Rank(f.lead(), {"met", top, ""}), "ranking");
  }
  state.counters["reports"] = static_cast<double>(ranking.reports);
  state.counters["perpetrators"] = static_cast<double>(ranking.perpetrators);
  state.counters["top_score"] = ranking.ranked.empty() ? 0 : ranking.ranked.front().score;
}
BENCHMARK(BM_Rank)->ArgName("top")->Arg(20)->Arg(500)->Iterations(1)->UseRealTime()->Unit(
    benchmark::kMillisecond);

}  // namespace
}  // namespace threadline::services

BENCHMARK_MAIN();
