#include "app/serve_common.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <thread>

#include "api/handlers/routes.hpp"
#include "api/handlers/static_files.hpp"
#include "app/field_keys.hpp"
#include "refdata/refdata.hpp"
#include "reporting/reference.hpp"
#include "risk/harm_ranking.hpp"
#include "risk/tiering.hpp"
#include "screening/screener.hpp"
#include "services/case_service.hpp"
#include "services/clock.hpp"
#include "services/debounced_task.hpp"
#include "services/findings_service.hpp"
#include "services/link_service.hpp"
#include "services/panel_service.hpp"
#include "services/report_service.hpp"
#include "services/screening_service.hpp"
#include "services/seed.hpp"
#include "services/stats_service.hpp"
#include "store/audit_queue.hpp"
#include "store/open_store.hpp"
#include "store/sealed_store.hpp"

namespace threadline::app {

void AddStoreFlags(CLI::App* cmd, StoreFlags& flags) {
  cmd->add_option("--db", flags.db,
                  "SQLite database file (created when absent), or a postgresql:// URL")
      ->envname("THREADLINE_DB")
      ->capture_default_str();
  cmd->add_option("--key-file", flags.key_file,
                  "Field-encryption key file (default: THREADLINE_KEYS, else <db>.key)")
      ->envname("THREADLINE_KEY_FILE");
}

void AddServeFlags(CLI::App* cmd, ServeFlags& flags) {
  cmd->add_option("--listen", flags.listen, "Address and port to listen on (port 0 = any free)")
      ->envname("THREADLINE_LISTEN")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->capture_default_str();
  cmd->add_option("--threads", flags.threads,
                  "Server threads (0 = one per core, at least 2, with SQLite; two per core, at "
                  "least 4, with PostgreSQL)")
      ->envname("THREADLINE_THREADS")
      ->check(CLI::Range(0, 256));
  cmd->add_option("--write-threads", flags.write_threads,
                  "Threads for requests that change data, with PostgreSQL (0 = 32)")
      ->envname("THREADLINE_WRITE_THREADS")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--body-limit", flags.body_limit, "Largest request body in bytes")
      ->envname("THREADLINE_BODY_LIMIT")
      ->check(CLI::Range(size_t{1024}, size_t{64} * 1024 * 1024))
      ->capture_default_str();
  cmd->add_option("--header-limit", flags.header_limit, "Largest request header block in bytes")
      ->envname("THREADLINE_HEADER_LIMIT")
      ->check(CLI::Range(size_t{1024}, size_t{1024} * 1024))
      ->capture_default_str();
  cmd->add_option("--request-timeout", flags.request_timeout_s,
                  "Seconds a client has to send a request")
      ->envname("THREADLINE_REQUEST_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--max-connections", flags.max_connections, "Open connections at most")
      ->envname("THREADLINE_MAX_CONNECTIONS")
      ->check(CLI::Range(size_t{1}, size_t{100000}))
      ->capture_default_str();
  cmd->add_option("--port-file", flags.port_file, "Write the bound port to this file");
  cmd->add_option("--session-idle-minutes", flags.idle_timeout_minutes,
                  "Minutes without use after which a session ends")
      ->envname("THREADLINE_SESSION_IDLE_MINUTES")
      ->check(CLI::Range(1, 24 * 60))
      ->capture_default_str();
  cmd->add_option("--session-max-hours", flags.absolute_timeout_hours,
                  "Hours after sign-in after which a session ends whatever its use")
      ->envname("THREADLINE_SESSION_MAX_HOURS")
      ->check(CLI::Range(1, 7 * 24))
      ->capture_default_str();
  cmd->add_option("--login-attempts-per-minute", flags.login_attempts_per_minute,
                  "Sign-in attempts allowed from one address in a minute")
      ->envname("THREADLINE_LOGIN_ATTEMPTS_PER_MINUTE")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--self-referrals-per-hour", flags.self_referrals_per_hour,
                  "Public self-referrals (sent or refused) allowed from one address in an hour")
      ->envname("THREADLINE_SELF_REFERRALS_PER_HOUR")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--tls-cert", flags.tls_cert,
                  "PEM certificate (chain) file; with --tls-key, serve HTTPS only")
      ->envname("THREADLINE_TLS_CERT");
  cmd->add_option("--tls-key", flags.tls_key, "PEM private key file of --tls-cert (unencrypted)")
      ->envname("THREADLINE_TLS_KEY");
  cmd->add_option("--web-root", flags.web_root,
                  "Folder of the built web application served at / (default: the web/dist "
                  "of the source tree the executable was built in)")
      ->envname("THREADLINE_WEB_ROOT");
}

bool WritesOnFibers(std::string_view backend) { return backend == "sqlite"; }

int ServerThreads(const ServeFlags& flags, bool writes_on_fibers) {
  if (flags.threads > 0) return flags.threads;
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  // No thread waits for a commit, so one per core; more only take turns
  // with the commit thread. Measured on 2 cores with 32 clients: 2 threads
  // gave 10.1k screenings a second at p99 6.9 ms, 4 gave 9.8k at 8.1 ms
  // (and 11.5 to 24.6 ms in runs of screenings alone); reads were the same.
  if (writes_on_fibers) return std::max(2, cores);
  // Writes wait for their commit on threads of their own, so these need
  // only a few more than the cores, for a read waiting on the disk.
  // Measured on 2 cores, alternating: 4 threads answered as many reads as 8
  // or more (26.7k/27.7k against 23.6k/27.2k a second) and 2 no more.
  return std::max(4, 2 * cores);
}

int WriteThreads(const ServeFlags& flags) {
  // A write's handler sleeps until group commit makes it durable; the more
  // are waiting, the more share each commit's fsync. Measured on 2 cores
  // with 32 clients, screenings per second: about 3.0k with writes on the 8
  // I/O threads, 3.8k with 16 writers, 4.4k with 32, 3.5k with 64; reports
  // 4.1k on the I/O threads, 7.2k with 32 writers. Reads were unchanged,
  // where 32 I/O threads (the old way to more writes) cost them a quarter.
  if (flags.write_threads > 0) return flags.write_threads;
  return 32;
}

int ServerConcurrency(const StoreFlags& store, const ServeFlags& flags) {
  const bool fibers = WritesOnFibers(store::IsPostgresUrl(store.db) ? "postgres" : "sqlite");
  return ServerThreads(flags, fibers) + (fibers ? 0 : WriteThreads(flags));
}

std::unique_ptr<store::Store> OpenStoreOrExit(const StoreFlags& flags, int concurrency) {
  if (!store::IsPostgresUrl(flags.db)) {
    const auto parent = std::filesystem::path(flags.db).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  // A thread finding no idle connection would open (and then close) one of
  // its own for every read.
  store::OpenOptions options;
  const size_t threads = static_cast<size_t>(std::max(concurrency, 0));
  options.max_readers = std::max(options.max_readers, threads);
  options.max_connections = std::max(options.max_connections, threads);
  auto store = store::OpenStore(flags.db, options);
  if (!store.ok()) {
    std::cerr << "threadline: cannot open the database " << store::DisplayName(flags.db) << ": "
              << store.error().message << " " << store.error().log_detail << "\n";
    throw CLI::RuntimeError(1);
  }
  // Sensitive fields are sealed on every write and opened on every read.
  auto keys = FieldKeysOrExit(flags.db, flags.key_file, **store);
  auto sealed = store::SealSensitiveFields(std::move(*store), std::move(keys));
  // Reads' audit entries are written behind the answer, in batches; reads
  // stop while they cannot be written (store/audit_queue.hpp).
  store::AuditQueueOptions audit;
  audit.log = [](const std::string& line) {
    spdlog::error(boost::json::serialize(boost::json::object{{"msg", line}}));
  };
  auto queued = store::QueueReadAudit(std::move(sealed), std::move(audit));
  // Every database holds the agencies of the reference data.
  if (auto seeded = services::SeedAgencies(*queued, refdata::FromEnvironment()); !seeded.ok()) {
    std::cerr << "threadline: cannot seed agencies: " << seeded.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  return queued;
}

void ConfigureLogging() {
  spdlog::set_pattern("%v");
  spdlog::flush_on(spdlog::level::info);
}

namespace {

// The web application's files: the folder given, which must hold an
// index.html, or else web/dist found from the executable's folder upwards.
// Without either, the API is served alone and "/" says how to build the rest.
api::WebFiles WebFilesOrExit(const ServeFlags& flags) {
  if (!flags.web_root.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(std::filesystem::path(flags.web_root) / "index.html",
                                          ec)) {
      std::cerr << "threadline: --web-root " << flags.web_root
                << " holds no index.html: build the web application first (make build)\n";
      throw CLI::RuntimeError(2);
    }
    return api::WebFiles(flags.web_root);
  }
  std::error_code ec;
  const auto executable = std::filesystem::read_symlink("/proc/self/exe", ec);
  api::WebFiles web(ec ? std::filesystem::path() : api::FindWebRoot(executable));
  if (!web.enabled()) {
    const std::string line =
        R"({"msg":"no built web application (web/dist) found; serving the API only",)"
        R"("hint":"make build, or --web-root DIR"})";
    spdlog::warn(line);
  }
  return web;
}

}  // namespace

void ServeOrExit(store::Store& store, const ServeFlags& flags,
                 const std::function<void(const std::string& url)>& on_listening) {
  api::ServerOptions options;
  const size_t colon = flags.listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "threadline: --listen must be ADDRESS:PORT\n";
    throw CLI::RuntimeError(2);
  }
  options.address = flags.listen.substr(0, colon);
  try {
    const int port = std::stoi(flags.listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    options.port = static_cast<uint16_t>(port);
  } catch (const std::exception&) {
    std::cerr << "threadline: --listen has no valid port\n";
    throw CLI::RuntimeError(2);
  }
  options.fibers = WritesOnFibers(store.backend());
  options.threads = ServerThreads(flags, options.fibers);
  options.write_threads = WriteThreads(flags);
  options.body_limit = flags.body_limit;
  options.header_limit = flags.header_limit;
  options.request_timeout = std::chrono::seconds(flags.request_timeout_s);
  options.max_connections = flags.max_connections;
  if (flags.tls_cert.empty() != flags.tls_key.empty()) {
    std::cerr << "threadline: --tls-cert and --tls-key go together: give both or neither\n";
    throw CLI::RuntimeError(2);
  }
  options.tls_cert_file = flags.tls_cert;
  options.tls_key_file = flags.tls_key;
  const api::WebFiles web = WebFilesOrExit(flags);

  auto screener = screening::Screener::Load(refdata::FromEnvironment());
  if (!screener.ok()) {
    std::cerr << "threadline: the screening questionnaire does not load: "
              << screener.error().message << "\n";
    for (const auto& f : screener.error().fields)
      std::cerr << "  " << f.field << ": " << f.message << "\n";
    throw CLI::RuntimeError(1);
  }
  auto access = services::AccessControl::Load(refdata::FromEnvironment(), services::SystemClock());
  if (!access.ok()) {
    std::cerr << "threadline: the roles table does not load: " << access.error().message << "\n";
    for (const auto& f : access.error().fields)
      std::cerr << "  " << f.field << ": " << f.message << "\n";
    throw CLI::RuntimeError(1);
  }
  auto links = services::LinkService::Create(store, *access, refdata::FromEnvironment(),
                                             services::SystemClock());
  if (!links.ok()) {
    std::cerr << "threadline: the linkage model does not load: " << links.error().message << " "
              << links.error().log_detail << "\n";
    throw CLI::RuntimeError(1);
  }
  services::LinkService& link_service = **links;
  // Set once the findings service exists: asks for fresh findings.
  std::function<void()> findings_changed;
  services::ReportService reports(
      store, *access, services::SystemClock(),
      [&link_service, &findings_changed](const std::vector<domain::Person>& created) {
        if (!created.empty()) link_service.Index(created);
        if (findings_changed) findings_changed();
      });
  services::ScreeningService screenings(store, *screener, *access, services::SystemClock());
  services::FindingsService findings(store, link_service, *access, services::SystemClock());
  auto tiers = risk::TierRules::Load(refdata::FromEnvironment());
  auto calendar = services::LoadWorkingCalendar(refdata::FromEnvironment());
  if (!tiers.ok() || !calendar.ok()) {
    const Error& e = !tiers.ok() ? tiers.error() : calendar.error();
    std::cerr << "threadline: the " << (!tiers.ok() ? "tiering rules" : "bank-holiday calendar")
              << " do not load: " << e.message << "\n";
    for (const auto& f : e.fields) std::cerr << "  " << f.field << ": " << f.message << "\n";
    throw CLI::RuntimeError(1);
  }
  services::CaseService cases(store, *access, *tiers, *calendar, services::SystemClock());
  // New linkage findings are considered on the open cases carrying their reports.
  findings.OnNewFindings([&cases](const std::vector<services::FindingNotice>& found) {
    return cases.ConsiderFindings(found).status();
  });
  // ... soon after reports arrive, not only when findings are next listed:
  // a burst of reports settles into one recomputation.
  services::DebouncedTask recompute_findings([&findings] { (void)findings.Recompute(); },
                                             std::chrono::milliseconds(1000));
  findings_changed = [&recompute_findings] { recompute_findings.Poke(); };
  auto rfgv = risk::RfgvModel::Load(refdata::FromEnvironment());
  if (!rfgv.ok()) {
    std::cerr << "threadline: the harm-ranking model does not load: " << rfgv.error().message
              << "\n";
    throw CLI::RuntimeError(1);
  }
  services::PanelService panels(store, *access, *rfgv, services::SystemClock());
  auto reference = reporting::Reference::Load(refdata::FromEnvironment());
  if (!reference.ok()) {
    std::cerr << "threadline: the reporting reference data do not load: "
              << reference.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  services::StatsService stats(store, *access, *reference, services::SystemClock(), &findings);
  services::SessionOptions session_options;
  session_options.idle_timeout = int64_t{flags.idle_timeout_minutes} * 60;
  session_options.absolute_timeout = int64_t{flags.absolute_timeout_hours} * 3600;
  session_options.attempts_per_address_per_minute = flags.login_attempts_per_minute;
  services::SessionService sessions(store, *access, services::SystemClock(), session_options);
  services::AdminService admin(store, *access, services::SystemClock(),
                               access::DefaultPasswordCost(), &sessions.cache());
  services::SelfReferralOptions self_referral_options;
  self_referral_options.per_address_per_hour = flags.self_referrals_per_hour;
  auto self_referrals = services::SelfReferralService::Create(
      store, refdata::FromEnvironment(), services::SystemClock(), self_referral_options);
  if (!self_referrals.ok()) {
    std::cerr << "threadline: the self-referral areas do not load: "
              << self_referrals.error().message << "\n";
    for (const auto& f : self_referrals.error().fields)
      std::cerr << "  " << f.field << ": " << f.message << "\n";
    throw CLI::RuntimeError(1);
  }
  // A deletion under retention review takes its persons out of linking.
  auto retention = services::RetentionService::Create(
      store, *access, refdata::FromEnvironment(), services::SystemClock(),
      [&link_service, &findings_changed](const std::vector<domain::Id>& persons) {
        link_service.ForgetPersons(persons);
        if (findings_changed) findings_changed();
      });
  if (!retention.ok()) {
    std::cerr << "threadline: the retention review periods do not load: "
              << retention.error().message << "\n";
    for (const auto& f : retention.error().fields)
      std::cerr << "  " << f.field << ": " << f.message << "\n";
    throw CLI::RuntimeError(1);
  }
  api::ApiContext context{store,      *access,          sessions,   admin, reports,
                          screenings, link_service,     findings,   cases, panels,
                          stats,      **self_referrals, **retention};
  api::Router router = api::BuildRouter(context, &web);
  api::Server server(options, [&router](api::HttpRequest& r) { return router.Dispatch(r); });
  if (Status s = server.Listen(); !s.ok()) {
    std::cerr << "threadline: " << s.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  const std::string url = std::string(server.secure() ? "https://" : "http://") + options.address +
                          ":" + std::to_string(server.port()) + "/";
  on_listening(url);
  // Written last, so whoever waits for it also finds the banner printed.
  if (!flags.port_file.empty()) {
    const std::string tmp = flags.port_file + ".tmp";
    std::ofstream(tmp) << server.port() << "\n";
    std::filesystem::rename(tmp, flags.port_file);  // readers never see a half-written file
  }
  server.Run();
  std::cout << "Threadline stopped cleanly.\n";
}

}  // namespace threadline::app
