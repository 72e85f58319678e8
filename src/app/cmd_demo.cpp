#include <algorithm>
#include <cstdlib>
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

namespace threadline::app {
namespace {

struct DemoFlags {
  size_t reports = 2000;
  uint64_t seed = 2026;
};

// Fills an empty database with synthetic reports; leaves one that has data.
void FillWithSyntheticData(store::Store& store, const DemoFlags& flags) {
  int64_t existing = 0;
  const Status read = store.Read([&](store::ReadTx& tx) {
    auto n = tx.Count(store::Table::kReports);
    if (n.ok()) existing = *n;
    return n.status();
  });
  if (!read.ok()) {
    std::cerr << "threadline: cannot read the database: " << read.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  if (existing > 0 || flags.reports == 0) return;
  synth::Config config;
  config.seed = flags.seed;
  config.reports = flags.reports;
  // The last two years up to today, so the dashboards' default period (the
  // last twelve months) and its comparison both have something to show.
  constexpr int64_t kDay = 86400;
  config.span_days = 730;
  config.start_unix_s = (domain::NowSeconds() / kDay - config.span_days) * kDay;
  auto loaded = services::GenerateIntoStore(store, refdata::FromEnvironment(), config);
  if (!loaded.ok()) {
    std::cerr << "threadline: cannot create demo data: " << loaded.error().message << " "
              << loaded.error().log_detail << "\n";
    throw CLI::RuntimeError(1);
  }
  std::cout << "Loaded synthetic demo data: " << loaded->reports << " reports, " << loaded->persons
            << " person records, " << loaded->outcomes << " outcomes.\n";
  // An archive of records from thirteen years ago, past their review date,
  // so the retention review queue has something to show.
  synth::Config archive = config;
  archive.seed = flags.seed + 1;
  archive.reports = std::max<size_t>(12, flags.reports / 100);
  archive.start_unix_s = config.start_unix_s - int64_t{11} * 365 * kDay;
  auto archived = services::GenerateIntoStore(store, refdata::FromEnvironment(), archive);
  if (!archived.ok()) {
    std::cerr << "threadline: cannot create the demo archive: " << archived.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  std::cout << "Loaded " << archived->reports
            << " archived reports from thirteen years ago, due for retention review.\n";
}

}  // namespace

void RegisterDemoCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "demo", "Create a database with synthetic demo data and demo logins, then serve it");
  auto store_flags = std::make_shared<StoreFlags>();
  auto serve_flags = std::make_shared<ServeFlags>();
  auto demo_flags = std::make_shared<DemoFlags>();
  store_flags->db = "var/demo.db";
  AddStoreFlags(cmd, *store_flags);
  AddServeFlags(cmd, *serve_flags);
  cmd->add_option("--reports", demo_flags->reports, "Synthetic reports in a new demo database")
      ->check(CLI::Range(size_t{0}, size_t{2'000'000}))
      ->capture_default_str();
  cmd->add_option("--seed", demo_flags->seed, "Seed of the synthetic data")->capture_default_str();
  cmd->callback([store_flags, serve_flags, demo_flags] {
    ConfigureLogging();
    auto store = OpenStoreOrExit(*store_flags, ServerConcurrency(*store_flags, *serve_flags));
    const auto data = refdata::FromEnvironment();
    const char* fixed = std::getenv("THREADLINE_DEMO_PASSWORD");
    const std::string password =
        fixed != nullptr && *fixed != '\0' ? fixed : access::RandomPassword();
    // The printed password is not secret, so test runs may ask for the
    // cheapest hash; a real demo keeps the real cost.
    const char* cost_name = std::getenv("THREADLINE_DEMO_PASSWORD_COST");
    const bool cheap = cost_name != nullptr && std::string_view(cost_name) == "minimum";
    const char* fixed_totp = std::getenv("THREADLINE_DEMO_TOTP_SECRET");
    const std::string totp = fixed_totp != nullptr && *fixed_totp != '\0' ? std::string(fixed_totp)
                                                                          : access::NewTotpSecret();
    auto logins = services::SeedDemoUsers(
        *store, data, password,
        cheap ? access::MinimumPasswordCost() : access::DefaultPasswordCost(), totp);
    if (!logins.ok()) {
      std::cerr << "threadline: cannot create demo logins: " << logins.error().message << "\n";
      throw CLI::RuntimeError(1);
    }
    if (auto agreements = services::SeedDemoAgreements(*store, data); !agreements.ok()) {
      std::cerr << "threadline: cannot create demo agreements: " << agreements.error().message
                << "\n";
      throw CLI::RuntimeError(1);
    }
    FillWithSyntheticData(*store, *demo_flags);
    // Reports of the year before the last three months, so every case's
    // history (up to about three months long) lies in the past.
    constexpr int64_t kDay = 86400;
    const int64_t now = domain::NowSeconds();
    FillWithDemoCases(*store, 36, now - 465 * kDay, now - 100 * kDay);
    ServeOrExit(*store, *serve_flags, [&](const std::string& url) {
      std::cout << "\nThreadline demo is running at " << url << "\n\n"
                << "Demo logins (demo data only; the password is for this database):\n";
      for (const auto& l : *logins) {
        std::cout << "  " << l.username
                  << std::string(12 - std::min<size_t>(11, l.username.size()), ' ') << "role "
                  << l.role << ", agency " << l.agency_code << "\n";
      }
      std::cout << "  password    " << password
                << (fixed != nullptr && *fixed != '\0'
                        ? "  (from THREADLINE_DEMO_PASSWORD)"
                        : "  (set THREADLINE_DEMO_PASSWORD to fix it)")
                << "\n  second factor for admin: TOTP secret " << totp
                << " (add it to an authenticator app)"
                << "\n\nPress Ctrl-C to stop.\n"
                << std::endl;
    });
  });
}

}  // namespace threadline::app
