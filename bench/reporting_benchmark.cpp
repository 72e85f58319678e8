// The accountability figures over a million-report store (about eight
// national years): every dashboard query is meant to answer in under
// 200 ms and the quarterly return (XLSX) to be produced in under 5 s, on
// SQLite through the sealing store, as in production.
//
// The database is built once: eight synthetic years of 125,000 reports
// each (synth::Generate, with their persons and outcomes, one screening in
// nine), and the programme's work on them: 1,100 referred cases a year
// with triage, actions, advocacy, Victims' Code decisions, orders, breaches
// and outcome measures, and panel nominations with harm scores.
//
//   BM_Stats/<measure>   StatsService::Get for the last full year, every
//                        force, as an analyst: access, reads, audit entry
//   BM_FunnelOneForce    the funnel of one force for the same year
//   BM_FunnelArea        the funnel of one area (several forces)
//   BM_ReturnXlsx        the commissioner's return for a quarter, as XLSX
//
// THREADLINE_BENCH_STATS_DB=FILE keeps the database in FILE (built when
// absent). Run with --benchmark_repetitions=5 and read the medians.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>

#include "bench_store.hpp"
#include "bench_support.hpp"
#include "domain/datetime.hpp"
#include "refdata/refdata.hpp"
#include "reporting/render.hpp"
#include "services/access_control.hpp"
#include "services/dataset_loader.hpp"
#include "services/stats_service.hpp"
#include "synth/synth.hpp"

namespace threadline::services {
namespace {

namespace fs = std::filesystem;
using bench::Fail;
using bench::Must;

constexpr int kYears = 8;
constexpr size_t kReportsPerYear = 125'000;
constexpr int kCasesPerYear = 1'100;
constexpr int64_t kDay = 86400;
constexpr int64_t kFirstYear = 1'522'540'800;  // 2018-04-01T00:00:00Z
const reporting::Period kLastYear{"2025-04-01", "2026-03-31"};
const reporting::Period kLastQuarter{"2026-01-01", "2026-03-31"};

class Fixture {
 public:
  Fixture() {
    auto opened = bench::OpenBenchStore("THREADLINE_BENCH_STATS_DB", "stats");
    store_ = std::move(opened.store);
    dir_ = opened.temp_dir;
    const bool fresh = opened.fresh;
    const refdata::RefData data;
    if (fresh) Build(data);
    access_ = std::make_unique<AccessControl>(
        Must(AccessControl::Load(data, SystemClock()), "loading the roles table"));
    domain::Id commissioner;
    Must(store_->Read([&](store::ReadTx& tx) {
      auto a = tx.ListAgencies();
      if (!a.ok()) return a.status();
      for (const auto& agency : *a) {
        if (agency.kind == "commissioner") commissioner = agency.id;
      }
      auto n = tx.Count(store::Table::kReports);
      if (n.ok()) reports_ = *n;
      return n.status();
    }),
         "counting reports");
    analyst_ = {"U-BENCH-ANALYST", commissioner, "analyst", "req-bench", "bench", {}};
    // A fixed "today" just after the last full year, so runs agree.
    stats_ = std::make_unique<StatsService>(
        *store_, *access_, Must(reporting::Reference::Load(data), "loading reference data"),
        [] { return int64_t{1'775'174'400}; });  // 2026-04-03
    std::fprintf(stderr, "reporting_benchmark: %lld reports\n", static_cast<long long>(reports_));
  }

  ~Fixture() {
    stats_.reset();
    store_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  reporting::Measure Get(const std::string& measure, const reporting::Period& p,
                         const std::string& force = "", const std::string& area = "") {
    return Must(stats_->Get(analyst_, {measure, p.from, p.to, force, area}), "stats " + measure);
  }
  int64_t reports() const { return reports_; }

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
    std::mt19937_64 rng(20261123);
    for (int year = 0; year < kYears; ++year) {
      synth::Config config;
      config.seed = 1000 + static_cast<uint64_t>(year);
      config.reports = kReportsPerYear;
      config.start_unix_s = kFirstYear + year * 365 * kDay;
      auto dataset = Must(synth::Generate(config, data, agencies), "generating a year");
      Must(LoadDataset(*store_, dataset.persons, dataset.reports, dataset.outcomes).status(),
           "loading a year");
      AddProgramme(dataset, year, rng);
      std::fprintf(
          stderr, "reporting_benchmark: year %d loaded after %.0f s\n", year + 1,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
  }

  // Screenings, cases, items, nominations and scores for one year.
  void AddProgramme(const synth::Dataset& d, int year, std::mt19937_64& rng) {
    std::vector<const domain::Report*> stalking;
    for (const auto& r : d.reports) {
      if (r.recorded_as.rfind("stalking", 0) == 0 || r.recorded_as.rfind("harassment", 0) == 0) {
        stalking.push_back(&r);
      }
    }
    Must(store_->Write([&](store::WriteTx& tx) -> Status {
      for (size_t i = 0; i < d.reports.size(); i += 9) {
        domain::Screening s;
        s.id = domain::NewId();
        s.report_id = d.reports[i].id;
        s.questionnaire_version = "v1";
        s.answers_json = s.result_json = "{}";
        s.classifications = (i / 9) % 3 == 0
                                ? std::vector<std::string>{"stalking_s2a"}
                                : std::vector<std::string>{"harassment_s2", "stalking_s4a"};
        s.principal = s.classifications.front();
        s.risk_level = "medium";
        s.created_at = d.reports[i].created_at;
        if (Status st = tx.InsertScreening(s); !st.ok()) return st;
      }
      const domain::Id owner = d.reports.front().force_id;
      for (int n = 0; n < kCasesPerYear && !stalking.empty(); ++n) {
        const domain::Report& r = *stalking[rng() % stalking.size()];
        const int64_t at = *domain::ParseTimestamp(r.occurred_at) + 3 * kDay;
        const std::string created = domain::FormatTimestamp(at);
        auto date = [&](int days) {
          return domain::FormatTimestamp(at + days * kDay).substr(0, 10);
        };
        domain::Case c;
        c.id = domain::NewId();
        c.reference = "STK-" + std::to_string(2018 + year) + "-" + std::to_string(100000 + n);
        c.owner_agency_id = r.force_id;
        c.referred_by_agency_id = r.force_id;
        c.source = n % 7 == 0 ? "probation" : "police_report";
        const int roll = static_cast<int>(rng() % 100);
        c.tier = roll < 45 ? 1 : roll < 90 ? 2 : roll < 96 ? 3 : 4;
        c.status = rng() % 3 == 0 ? "closed" : "open";
        c.case_type = "stranger";
        for (const auto& p : r.parties) {
          if (p.role == "victim" && c.victim_person_id.empty()) c.victim_person_id = p.person_id;
        }
        c.report_ids = {r.id};
        c.created_at = c.updated_at = created;
        if (Status st = tx.InsertCase(c); !st.ok()) return st;
        int item_n = 0;
        auto item = [&](const char* kind, const std::string& subtype, const std::string& status,
                        int days, const std::string& body, const std::string& due = "") {
          domain::CaseItem i;
          i.id = domain::NewId();
          i.case_id = c.id;
          i.kind = kind;
          i.subtype = subtype;
          i.agency_id = owner;
          i.field_class = "core";
          i.status = status;
          i.due_on = due;
          i.body_json = body;
          i.created_at = i.updated_at = domain::FormatTimestamp(at + days * kDay + ++item_n);
          return tx.InsertCaseItem(i);
        };
        Status st = item("triage", "tier_" + std::to_string(c.tier), "", 4, "{}");
        if (st.ok()) st = item("action", "", rng() % 2 ? "open" : "done", 5, "{}", date(30));
        if (st.ok()) st = item("action", "", "open", 5, "{}", date(60));
        if (st.ok()) {
          st = item("consent", "advocacy_referral", rng() % 4 ? "given" : "refused", 6,
                    R"({"purpose":"advocacy_referral","given":true})");
        }
        if (st.ok()) st = item("advocacy", "", rng() % 5 ? "allocated" : "declined", 7, "{}");
        if (st.ok()) {
          st = item("decision", "arrest", "informed", 8,
                    R"({"decision":"arrest","informed_on":")" + date(9 + rng() % 3) + "\"}",
                    date(9));
        }
        if (st.ok() && n % 10 == 0) {
          st = item("order", "spo", "full_granted", 10,
                    R"({"order_type":"spo","applied_on":")" + date(10) +
                        R"(","interim_granted_on":")" + date(14) + R"(","full_granted_on":")" +
                        date(60) + "\"}");
        }
        if (st.ok() && c.status == "closed") {
          st = item("outcome_measure", "", "", 90,
                    R"({"better_able_to_cope":"improved","feel_safer":"same"})");
        }
        if (!st.ok()) return st;
      }
      // A clinic a fortnight: four perpetrators each, scored before the
      // meeting and again three months on.
      domain::Panel panel{domain::NewId(),
                          "bench-clinic-" + std::to_string(year),
                          "Clinic",
                          "stalking_clinic",
                          owner,
                          "",
                          "fortnightly",
                          domain::FormatTimestamp(kFirstYear + year * 365 * kDay),
                          ""};
      if (Status st = tx.InsertPanel(panel); !st.ok()) return st;
      for (int meeting = 0; meeting < 26; ++meeting) {
        const int64_t on = kFirstYear + (year * 365 + meeting * 14 + 7) * kDay;
        for (int k = 0; k < 4; ++k) {
          const domain::Report& r = *stalking[rng() % stalking.size()];
          domain::Id suspect;
          for (const auto& p : r.parties) {
            if (p.role == "suspect") suspect = p.person_id;
          }
          if (suspect.empty()) continue;
          domain::Nomination n;
          n.id = domain::NewId();
          n.panel_id = panel.id;
          n.meeting_date = domain::FormatTimestamp(on).substr(0, 10);
          n.person_id = suspect;
          n.source = "ranking";
          n.agency_id = owner;
          n.created_at = domain::FormatTimestamp(on - 7 * kDay);
          if (Status st = tx.InsertNomination(n); !st.ok()) return st;
          for (const int64_t when : {on - 7 * kDay, on + 90 * kDay}) {
            domain::HarmScore h{domain::NewId(),
                                suspect,
                                r.force_id,
                                domain::FormatTimestamp(when).substr(0, 10),
                                static_cast<int>(20 + rng() % 60),
                                "rfgv-v1",
                                "",
                                domain::FormatTimestamp(when)};
            if (Status st = tx.InsertHarmScore(h); !st.ok()) return st;
          }
        }
      }
      return Status::Ok();
    }),
         "adding the programme's cases");
  }

  fs::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AccessControl> access_;
  std::unique_ptr<StatsService> stats_;
  Actor analyst_;
  int64_t reports_ = 0;
};

Fixture& TheFixture() {
  static Fixture fixture;
  return fixture;
}

void BM_Stats(benchmark::State& state, const char* measure) {
  Fixture& f = TheFixture();
  size_t rows = 0;
  for (auto _ : state) {
    const auto m = f.Get(measure, kLastYear);
    rows = 0;
    for (const auto& s : m.series) rows += s.rows.size();
    benchmark::DoNotOptimize(rows);
  }
  state.counters["store_reports"] = static_cast<double>(f.reports());
}

void BM_FunnelOneForce(benchmark::State& state) {
  Fixture& f = TheFixture();
  for (auto _ : state) benchmark::DoNotOptimize(f.Get("funnel", kLastYear, "met"));
}

void BM_FunnelArea(benchmark::State& state) {
  Fixture& f = TheFixture();
  for (auto _ : state) benchmark::DoNotOptimize(f.Get("funnel", kLastYear, "", "North West"));
}

void BM_ReturnXlsx(benchmark::State& state) {
  Fixture& f = TheFixture();
  size_t bytes = 0;
  for (auto _ : state) {
    const auto m = f.Get("return", kLastQuarter);
    bytes = Must(reporting::ToXlsx(m), "writing the workbook").size();
  }
  state.counters["xlsx_bytes"] = static_cast<double>(bytes);
}

BENCHMARK_CAPTURE(BM_Stats, funnel, "funnel")->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Stats, quality, "quality")->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Stats, programme, "programme")->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Stats, orders, "orders")->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Stats, victims, "victims")->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Stats, panels, "panels")->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Stats, return, "return")->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FunnelOneForce)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FunnelArea)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReturnXlsx)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace threadline::services

BENCHMARK_MAIN();
