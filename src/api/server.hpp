#pragma once
// The HTTP server: Boost.Beast on Asio, a fixed pool of threads, every
// connection bounded (body and header size, time to read a request, number
// of connections), one JSON log line per request, graceful shutdown.
//
// Shutdown (SIGINT/SIGTERM or Shutdown()): stop accepting, let requests in
// flight finish and be answered, close idle keep-alive connections, then
// return from Run(). Connections still busy after `drain_timeout` are cut.

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
  size_t body_limit = size_t{1024} * 1024;
  size_t header_limit = size_t{16} * 1024;
  std::chrono::seconds request_timeout{30};
  size_t max_connections = 512;
  std::chrono::seconds drain_timeout{10};
  bool handle_signals = true;
};

using RequestHandler = std::function<HttpResponse(HttpRequest&)>;

class Server {
 public:
  Server(ServerOptions options, RequestHandler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. kUnavailable when the address cannot be bound.
  Status Listen();
  // The bound port (after Listen).
  uint16_t port() const;
  // Serves until shutdown; blocks the calling thread (which serves too).
  void Run();
  // Starts a graceful shutdown; safe from any thread, idempotent.
  void Shutdown();

 private:
  friend class Session;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace threadline::api
