#pragma once
// Flags shared by `serve` and `demo`, and the code that opens the store and
// runs the HTTP server until it is told to stop.

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "api/server.hpp"
#include "store/store.hpp"

namespace threadline::app {

struct StoreFlags {
  std::string db = "var/threadline.db";
  std::string key_file;  // field-encryption keys; see app/field_keys.hpp for the default
};

struct ServeFlags {
  std::string listen = "127.0.0.1:8080";
  int threads = 0;        // 0 = see ServerThreads
  int write_threads = 0;  // 0 = see WriteThreads
  size_t body_limit = size_t{1024} * 1024;
  size_t header_limit = size_t{16} * 1024;
  int request_timeout_s = 30;
  size_t max_connections = 512;
  std::string port_file;  // written with the bound port once listening
  int idle_timeout_minutes = 30;
  int absolute_timeout_hours = 12;
  int login_attempts_per_minute = 30;  // per remote address
  int self_referrals_per_hour = 20;    // public self-referral attempts per remote address
  std::string tls_cert;                // with tls_key: serve HTTPS only
  std::string tls_key;
  std::string web_root;  // the built web application; empty = web/dist found beside the executable
};

void AddStoreFlags(CLI::App* cmd, StoreFlags& flags);
void AddServeFlags(CLI::App* cmd, ServeFlags& flags);

// Opens (creating the parent folder, applying migrations and seeding the
// agencies) or throws CLI::RuntimeError with a clear message. `concurrency`
// is how many threads may use the store at once (a server's threads): the
// database connections kept open are sized to it.
std::unique_ptr<store::Store> OpenStoreOrExit(const StoreFlags& flags, int concurrency = 0);

// Whether requests that change data run on fibers (api::ServerOptions::
// fibers): with SQLite, whose writes wait for their commit without a thread.
bool WritesOnFibers(std::string_view backend);
// The request threads a server runs: --threads, or by default one per core
// (at least two) when writes run on fibers, else two per core (at least
// four).
int ServerThreads(const ServeFlags& flags, bool writes_on_fibers);
// Threads for requests that change data when they do not run on fibers
// (api::ServerOptions::write_threads).
int WriteThreads(const ServeFlags& flags);
// How many threads of a server may use its store at once: what
// OpenStoreOrExit's `concurrency` wants.
int ServerConcurrency(const StoreFlags& store, const ServeFlags& flags);

// Serves until SIGINT/SIGTERM. `on_listening` runs once the port is bound.
void ServeOrExit(store::Store& store, const ServeFlags& flags,
                 const std::function<void(const std::string& url)>& on_listening);

// Sends one-line JSON logs to standard output.
void ConfigureLogging();

}  // namespace threadline::app
