#pragma once
// A throw-away PostgreSQL server for tests: initdb into a fresh temp
// directory, started with pg_ctl on a Unix socket in that directory (no TCP,
// trust authentication, fsync off: test data only), stopped and removed
// when the test program ends, whether its tests passed or not.
//
// One server per test program (PostgresEnvironment, registered by the
// program), started only when a selected test needs it; each test gets a
// fresh database copied from a template that already holds the schema.
// Under CTest, where every test is a program run of its own, one server is
// shared by the whole run instead: a fixture starts it (postgres_server.cpp)
// and THREADLINE_TEST_PG_STATE names the file that says where it is.
//
// The server binaries are found with `pg_config --bindir` or under
// /usr/lib/postgresql/<version>/bin (THREADLINE_PG_BINDIR overrides both).
// Missing binaries are a test failure with a clear message, never a skip.
// initdb refuses to run as root, so as root the server runs as the
// `postgres` system user (runuser), which owns the temp directory.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/postgres/pg_store.hpp"

extern char** environ;

namespace threadline::testing {

class PostgresServer {
 public:
  // The server of this test program, started on first use; throws
  // std::runtime_error saying what is missing when it cannot start.
  static PostgresServer& Shared() {
    auto& server = Instance();
    std::lock_guard lock(server.mutex_);
    if (!server.started_ && !server.attached_) {
      const char* state = std::getenv("THREADLINE_TEST_PG_STATE");
      if (state != nullptr && *state != '\0') {
        server.Attach(state);
      } else {
        server.Start();
      }
    }
    return server;
  }

  // Starts a server that outlives this program and writes where it is to
  // `state_file` (the CTest fixture's set-up).
  static void StartDetached(const std::string& state_file) {
    auto& server = Instance();
    std::lock_guard lock(server.mutex_);
    server.Start();
    std::ofstream out(state_file, std::ios::trunc);
    out << server.dir_.string() << "\n" << server.bin_.string() << "\n";
    if (!out) throw std::runtime_error("cannot write " + state_file);
    std::printf("PostgreSQL test server started in %lld ms at %s\n",
                static_cast<long long>(server.start_time_.count()), server.dir_.c_str());
    server.attached_ = true;  // no longer ours to stop
    server.started_ = false;
    ServerPid() = 0;
  }

  // Stops the server `state_file` describes and removes its directory (the
  // fixture's clean-up).
  static void StopDetached(const std::string& state_file) {
    auto& server = Instance();
    std::lock_guard lock(server.mutex_);
    server.Attach(state_file);
    server.attached_ = false;
    server.started_ = true;
    server.Stop();
    std::filesystem::remove(state_file);
  }

  // Stops the shared server if it was started (the environment's TearDown).
  static void StopShared() {
    auto& server = Instance();
    std::lock_guard lock(server.mutex_);
    server.Stop();
  }

  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;
  ~PostgresServer() { Stop(); }

  // A connection URL for database `name` on this server.
  std::string Url(const std::string& name) const {
    return "postgresql:///" + name + "?host=" + dir_.string() + "&port=" + std::to_string(kPort) +
           "&user=postgres";
  }

  // A new database holding the schema (empty tables); returns its name.
  // Databases are not dropped one by one (each DROP forces a checkpoint):
  // they go with the server's directory.
  std::string CreateDatabase() {
    std::lock_guard lock(mutex_);
    // Unique across the programs that may share one server.
    std::string name =
        "threadline_test_" + std::to_string(::getpid()) + "_" + std::to_string(++databases_);
    AdminExec("CREATE DATABASE " + name + " TEMPLATE " + kTemplate);
    return name;
  }

  // How long the last start took (initdb, start, template), for reports.
  std::chrono::milliseconds start_time() const { return start_time_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  static constexpr int kPort = 5432;  // only names the socket file in our own directory
  static constexpr const char* kTemplate = "threadline_template";

  PostgresServer() = default;
  // The one object Shared() and StopShared() agree on, not started.
  static PostgresServer& Instance() {
    static PostgresServer server;
    return server;
  }

  static bool IsRoot() { return ::geteuid() == 0; }

  // Finds the directory holding initdb and pg_ctl.
  static std::filesystem::path BinDir() {
    namespace fs = std::filesystem;
    if (const char* env = std::getenv("THREADLINE_PG_BINDIR"); env != nullptr && *env != '\0') {
      return env;
    }
    std::vector<fs::path> candidates;
    if (FILE* p = ::popen("pg_config --bindir 2>/dev/null", "r"); p != nullptr) {
      char buffer[4096];
      std::string out;
      while (std::fgets(buffer, sizeof buffer, p) != nullptr) out += buffer;
      ::pclose(p);
      while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
      if (!out.empty()) candidates.emplace_back(out);
    }
    // Debian keeps each major version's server under its own directory:
    // prefer the newest.
    std::vector<fs::path> versions;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
      versions.push_back(entry.path() / "bin");
    }
    std::sort(versions.begin(), versions.end(), [](const fs::path& a, const fs::path& b) {
      return std::atoi(a.parent_path().filename().c_str()) >
             std::atoi(b.parent_path().filename().c_str());
    });
    candidates.insert(candidates.end(), versions.begin(), versions.end());
    for (const auto& dir : candidates) {
      if (fs::exists(dir / "initdb", ec) && fs::exists(dir / "pg_ctl", ec)) return dir;
    }
    throw std::runtime_error(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: install the `postgresql` "
        "package (scripts/install-deps.sh) or set THREADLINE_PG_BINDIR");
  }

  // Runs a server program (as `postgres` when we are root), output to the
  // log; throws with the log when it fails.
  void RunTool(std::vector<std::string> args) const {
    if (IsRoot()) args.insert(args.begin(), {"runuser", "-u", "postgres", "--"});
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string log = (dir_ / "tools.log").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = -1;
    const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) throw std::runtime_error("cannot run " + args.front());
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::ifstream in(log);
      std::stringstream s;
      s << in.rdbuf();
      throw std::runtime_error("`" + args[IsRoot() ? 4 : 0] + "` failed:\n" + s.str());
    }
  }

  void Start() {
    namespace fs = std::filesystem;
    const auto began = std::chrono::steady_clock::now();
    const fs::path bin = BinDir();
    std::string pattern = (fs::temp_directory_path() / "threadline_pg_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot make a temp dir");
    dir_ = pattern;
    if (IsRoot()) {
      const passwd* pw = ::getpwnam("postgres");
      if (pw == nullptr) {
        throw std::runtime_error(
            "running as root, but there is no `postgres` user to run the test server as");
      }
      if (::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
        throw std::runtime_error("cannot give the temp dir to the postgres user");
      }
    }
    const fs::path data = dir_ / "data";
    RunTool({(bin / "initdb").string(), "-D", data.string(), "-U", "postgres", "--auth=trust",
             "--no-sync", "--encoding=UTF8", "--locale=C"});
    {
      std::ofstream conf(data / "postgresql.conf", std::ios::app);
      conf << "\nlisten_addresses = ''\n"
           << "unix_socket_directories = '" << dir_.string() << "'\n"
           << "port = " << kPort << "\n"
           << "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
           << "max_connections = 200\n";
    }
    RunTool({(bin / "pg_ctl").string(), "-D", data.string(), "-l", (dir_ / "server.log").string(),
             "-w", "-t", "30", "start"});
    started_ = true;
    bin_ = bin;
    StopOnSignals(data);
    AdminExec(std::string("CREATE DATABASE ") + kTemplate);
    {
      // The schema, applied once, then copied into every test's database.
      store::PostgresOptions options;
      options.url = Url(kTemplate);
      auto opened = store::OpenPostgres(options);
      if (!opened.ok()) {
        throw std::runtime_error("cannot migrate the template database: " +
                                 opened.error().log_detail);
      }
    }
    start_time_ = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - began);
  }

  void Attach(const std::string& state_file) {
    std::ifstream in(state_file);
    std::string dir;
    std::string bin;
    if (!std::getline(in, dir) || !std::getline(in, bin)) {
      throw std::runtime_error("no shared PostgreSQL test server described in " + state_file);
    }
    dir_ = dir;
    bin_ = bin;
    attached_ = true;
  }

  // A test program interrupted (Ctrl-C, a closed pipe, a timeout's SIGTERM)
  // skips its tear-down: these signals first tell the server to quit, the
  // one thing a signal handler can safely do. Only SIGKILL leaves it running.
  static void StopOnSignals(const std::filesystem::path& data) {
    std::ifstream pid_file(data / "postmaster.pid");
    long pid = 0;
    if (!(pid_file >> pid) || pid <= 0) return;
    ServerPid() = static_cast<pid_t>(pid);
    for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
      struct sigaction action {};
      action.sa_handler = [](int signo) {
        if (ServerPid() > 0) ::kill(ServerPid(), SIGQUIT);
        ::signal(signo, SIG_DFL);
        ::raise(signo);
      };
      ::sigemptyset(&action.sa_mask);
      ::sigaction(sig, &action, nullptr);
    }
  }
  static volatile pid_t& ServerPid() {
    static volatile pid_t pid = 0;
    return pid;
  }

  void Stop() {
    if (admin_ != nullptr) {
      PQfinish(admin_);
      admin_ = nullptr;
    }
    if (attached_) return;  // someone else's server
    if (started_) {
      started_ = false;
      ServerPid() = 0;
      try {
        RunTool({(bin_ / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-m", "immediate",
                 "-w", "stop"});
      } catch (const std::exception&) {
        // Removing its directory below is all that is left to do.
      }
    }
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
      dir_.clear();
    }
  }

  void AdminExec(const std::string& sql) {
    if (admin_ == nullptr) {
      admin_ = PQconnectdb(Url("postgres").c_str());
      if (PQstatus(admin_) != CONNECTION_OK) {
        const std::string message = PQerrorMessage(admin_);
        PQfinish(admin_);
        admin_ = nullptr;
        throw std::runtime_error("cannot connect to the test server: " + message);
      }
    }
    PGresult* result = PQexec(admin_, sql.c_str());
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    const std::string message = PQresultErrorMessage(result);
    PQclear(result);
    if (!ok) throw std::runtime_error(sql + ": " + message);
  }

  std::mutex mutex_;
  bool started_ = false;
  bool attached_ = false;  // a server started by another program
  std::filesystem::path dir_;
  std::filesystem::path bin_;
  PGconn* admin_ = nullptr;
  std::atomic<int> databases_{0};
  std::chrono::milliseconds start_time_{0};
};

// Starts the shared server before the first test when any selected test
// needs it (its name says postgres, in any case), and always stops it and removes its
// directory after the last, passed or failed.
class PostgresEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    if (!AnySelectedTestNeedsPostgres()) return;
    try {
      const auto& server = PostgresServer::Shared();
      std::printf("PostgreSQL test server started in %lld ms\n",
                  static_cast<long long>(server.start_time().count()));
    } catch (const std::exception& e) {
      GTEST_FAIL() << e.what();
    }
  }
  void TearDown() override { PostgresServer::StopShared(); }

 private:
  static bool AnySelectedTestNeedsPostgres() {
    const auto* unit = ::testing::UnitTest::GetInstance();
    for (int i = 0; i < unit->total_test_suite_count(); ++i) {
      const auto* suite = unit->GetTestSuite(i);
      for (int j = 0; j < suite->total_test_count(); ++j) {
        const auto* info = suite->GetTestInfo(j);
        std::string name = std::string(suite->name()) + "." + info->name();
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (info->should_run() && name.find("postgres") != std::string::npos) return true;
      }
    }
    return false;
  }
};

}  // namespace threadline::testing
