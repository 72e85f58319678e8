// `threadline synth`: writes a deterministic synthetic dataset to files, or
// straight into a database.
#include <algorithm>
#include <iostream>

#include "access/password.hpp"
#include "access/totp.hpp"
#include "app/commands.hpp"
#include "app/demo_fill.hpp"
#include "app/serve_common.hpp"
#include "domain/datetime.hpp"
#include "refdata/refdata.hpp"
#include "services/seed.hpp"
#include "services/synthetic_data.hpp"
#include "synth/synth.hpp"

namespace threadline::app {
namespace {

struct SynthOptions {
  uint64_t seed = 1;
  size_t reports = 1000;
  size_t persons = 0;
  int64_t span_days = 365;
  std::string start;
  std::string out;
  std::string db;
  std::string key_file;
  size_t cases = 36;
};

// The programme's staff who walk the cases: the demo accounts, with a
// password nobody is told. `threadline demo --db FILE` on the same file
// gives them a known one.
void SeedCaseWorkers(store::Store& store) {
  const auto data = refdata::FromEnvironment();
  auto logins = services::SeedDemoUsers(store, data, access::RandomPassword(),
                                        access::DefaultPasswordCost(), access::NewTotpSecret());
  if (logins.ok()) {
    if (auto agreements = services::SeedDemoAgreements(store, data); !agreements.ok()) {
      logins = agreements.error();
    }
  }
  if (!logins.ok()) {
    std::cerr << "threadline synth: cannot create the programme's staff: " << logins.error().message
              << "\n";
    throw CLI::RuntimeError(1);
  }
}

void LoadIntoDatabase(const SynthOptions& opt, const synth::Config& config) {
  if (opt.persons > 0) {
    std::cerr << "threadline synth: --persons writes files only; use --out\n";
    throw CLI::RuntimeError(2);
  }
  StoreFlags flags;
  flags.db = opt.db;
  flags.key_file = opt.key_file;
  auto store = OpenStoreOrExit(flags);
  auto loaded = services::GenerateIntoStore(*store, refdata::FromEnvironment(), config);
  if (!loaded.ok()) {
    std::cerr << "threadline synth: " << loaded.error().message << " " << loaded.error().log_detail
              << "\n";
    throw CLI::RuntimeError(loaded.error().code == ErrorCode::kInvalidArgument ? 2 : 1);
  }
  std::cout << "loaded " << loaded->persons << " persons, " << loaded->reports << " reports, "
            << loaded->outcomes << " outcomes into " << opt.db << "\n";
  if (opt.cases == 0) return;
  // Cases from the timeline's reports, but only those at least three months
  // old: a case's history must lie in the past.
  constexpr int64_t kDay = 86400;
  const int64_t to =
      std::min(config.start_unix_s + config.span_days * kDay, domain::NowSeconds() - 100 * kDay);
  SeedCaseWorkers(*store);
  FillWithDemoCases(*store, opt.cases, config.start_unix_s, to);
}

void RunSynth(const SynthOptions& opt) {
  synth::Config config;
  config.seed = opt.seed;
  config.reports = opt.reports;
  config.persons_only = opt.persons;
  config.span_days = opt.span_days;
  if (!opt.start.empty()) {
    const auto start = domain::ParseTimestamp(opt.start);
    if (!start) {
      std::cerr << "threadline synth: --start must be an ISO 8601 timestamp\n";
      throw CLI::RuntimeError(2);
    }
    config.start_unix_s = *start;
  }
  if (!opt.db.empty()) return LoadIntoDatabase(opt, config);
  const refdata::RefData refdata = refdata::FromEnvironment();
  // No database yet: agencies get ids derived from the seed.
  auto agencies = synth::MakeAgencies(refdata, opt.seed);
  if (!agencies.ok()) {
    std::cerr << "threadline synth: " << agencies.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  Status status;
  size_t persons = 0, reports = 0, outcomes = 0;
  if (opt.persons > 0) {
    status = synth::WritePersonsOnly(config, refdata, *agencies, opt.out);
    persons = opt.persons;
  } else {
    auto data = synth::Generate(config, refdata, *agencies);
    if (!data.ok()) {
      std::cerr << "threadline synth: " << data.error().message << " " << data.error().log_detail
                << "\n";
      throw CLI::RuntimeError(data.error().code == ErrorCode::kInvalidArgument ? 2 : 1);
    }
    status = synth::WriteFiles(*data, opt.out);
    persons = data->persons.size();
    reports = data->reports.size();
    outcomes = data->outcomes.size();
  }
  if (!status.ok()) {
    std::cerr << "threadline synth: " << status.error().message << " " << status.error().log_detail
              << "\n";
    throw CLI::RuntimeError(status.error().code == ErrorCode::kInvalidArgument ? 2 : 1);
  }
  std::cout << "wrote " << persons << " persons, " << reports << " reports, " << outcomes
            << " outcomes to " << opt.out << "\n";
}

}  // namespace

void RegisterSynthCommand(CLI::App& app) {
  auto opt = std::make_shared<SynthOptions>();
  auto* cmd = app.add_subcommand(
      "synth", "Write a deterministic synthetic dataset (persons, reports, outcomes, truth)");
  cmd->add_option("--seed", opt->seed, "Random seed; equal seeds give identical files")
      ->capture_default_str();
  cmd->add_option("--reports", opt->reports, "Reports to generate")->capture_default_str();
  cmd->add_option("--persons", opt->persons,
                  "Persons-only mode: this many person records, no reports");
  cmd->add_option("--span-days", opt->span_days, "Length of the timeline in days")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--start", opt->start, "Start of the timeline (default 2024-04-01T00:00:00Z)");
  auto* out = cmd->add_option("--out", opt->out, "Output directory for CSV and JSONL files");
  auto* db = cmd->add_option("--db", opt->db,
                             "Load into this SQLite database (or postgresql:// URL) instead");
  out->excludes(db);
  auto* cases =
      cmd->add_option("--cases", opt->cases,
                      "With --db: referrals and cases walked through the programme, at every "
                      "tier, from reports at least three months old (0: none)")
          ->capture_default_str();
  cases->needs(db);
  cmd->add_option("--key-file", opt->key_file, "Field-encryption key file for --db")
      ->envname("THREADLINE_KEY_FILE");
  cmd->callback([opt, out, db] {
    if (out->count() == 0 && db->count() == 0) {
      std::cerr << "threadline synth: give --out DIR or --db FILE\n";
      throw CLI::RuntimeError(2);
    }
    RunSynth(*opt);
  });
}

}  // namespace threadline::app
