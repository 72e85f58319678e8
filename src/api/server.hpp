#pragma once
// The HTTP server: Boost.Beast on Asio, fixed pools of threads (one for I/O
// and reads, one for requests that change data), every
// connection bounded (body and header size, time to read a request, number
// of connections), one JSON log line per request, graceful shutdown.
//
// Shutdown (SIGINT/SIGTERM or Shutdown()): stop accepting, let requests in
// flight finish and be answered, close idle keep-alive connections, then
// return from Run(). Connections still busy after `drain_timeout` are cut.
//
// TLS: with a certificate and key the server speaks HTTPS only (TLS 1.2 or
// later, forward-secret AEAD cipher suites), and every answer carries
// Strict-Transport-Security. Without them it speaks plain HTTP.
//
// Every answer, errors included, carries the security headers: a
// Content-Security-Policy with a fresh nonce (HttpRequest::csp_nonce),
// X-Content-Type-Options, Referrer-Policy, X-Frame-Options, and
// Cache-Control: no-store unless the handler set its own Cache-Control. The
// server's Content-Security-Policy, X-Content-Type-Options, Referrer-Policy,
// X-Frame-Options and Strict-Transport-Security always replace a handler's,
// so no handler can weaken them by accident.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/http.hpp"
#include "domain/result.hpp"

namespace threadline::api {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0 = an ephemeral port, see Server::port()
  int threads = 2;
  // Requests that change data (POST, PUT, PATCH, DELETE) run on a pool of
  // this many threads of their own: their handlers wait for a commit to
  // reach the disk, and while waiting they should neither hold the threads
  // that answer reads nor limit how many writes share one commit. 0: they
  // run on the I/O threads like reads.
  int write_threads = 0;
  // Requests that change data run on fibers on the I/O threads instead: a
  // handler waiting for a commit is set aside (domain/awaiter.hpp) and
  // holds no thread. For stores whose writes wait that way (SQLite);
  // write_threads is then unused.
  bool fibers = false;
  size_t body_limit = size_t{1024} * 1024;
  size_t header_limit = size_t{16} * 1024;
  std::chrono::seconds request_timeout{30};
  size_t max_connections = 512;
  std::chrono::seconds drain_timeout{10};
  bool handle_signals = true;
  // Both set: HTTPS only. Both empty: plain HTTP. PEM files; the certificate
  // file may hold the chain (leaf first); the key must not be encrypted.
  std::string tls_cert_file;
  std::string tls_key_file;
};

// The Content-Security-Policy every answer carries, for a given nonce.
std::string ContentSecurityPolicy(const std::string& nonce);

using RequestHandler = std::function<HttpResponse(HttpRequest&)>;

class Server {
 public:
  Server(ServerOptions options, RequestHandler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads the TLS certificate and key (if any), binds and listens.
  // kInvalidArgument when a TLS file is missing, unreadable, not PEM, or the
  // key does not match the certificate; kUnavailable when the address cannot
  // be bound.
  Status Listen();
  // True when the server speaks HTTPS.
  bool secure() const;
  // The bound port (after Listen).
  uint16_t port() const;
  // Serves until shutdown; blocks the calling thread (which serves too).
  void Run();
  // Starts a graceful shutdown; safe from any thread, idempotent.
  void Shutdown();

 private:
  template <typename Stream>
  friend class Session;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace threadline::api
