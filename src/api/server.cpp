#include "api/server.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>

#include "api/problem.hpp"

namespace threadline::api {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string NewRequestId() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  uint64_t bits = engine();
  for (char& c : id) {
    c = kHex[bits & 15U];
    bits >>= 4;
  }
  return id;
}

// A client may pass its own request id, but only a short, plain one: it is
// written to the log as is.
bool IsSafeRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
  });
}

// Fills path and query from the request target; false when it is malformed.
bool ParseTarget(std::string_view target, HttpRequest& out) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return false;
  out.path = url->path();
  if (out.path.empty() || out.path.front() != '/') return false;
  for (const auto& param : url->params()) out.query[param.key] = param.value;
  return true;
}

void AddDefaultHeaders(http::response<http::string_body>& res, const HttpResponse& r) {
  res.set(http::field::server, "threadline");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Frame-Options", "DENY");
  bool has_csp = false;
  bool has_cache = false;
  for (const auto& [name, value] : r.headers) {
    has_csp = has_csp || beast::iequals(name, "Content-Security-Policy");
    has_cache = has_cache || beast::iequals(name, "Cache-Control");
    res.set(name, value);
  }
  if (!has_csp) res.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  if (!has_cache) res.set(http::field::cache_control, "no-store");
}

// The wire form of a handler's answer, with the headers every answer carries.
std::shared_ptr<http::response<http::string_body>> BuildResponse(HttpResponse r,
                                                                 const std::string& request_id,
                                                                 unsigned version,
                                                                 bool keep_alive) {
  auto res = std::make_shared<http::response<http::string_body>>(
      static_cast<http::status>(r.status), version);
  res->set(http::field::content_type, r.content_type);
  res->set("X-Request-Id", request_id);
  AddDefaultHeaders(*res, r);
  res->keep_alive(keep_alive);
  res->body() = std::move(r.body);
  res->prepare_payload();
  return res;
}

}  // namespace

class Session;

struct Server::Impl {
  Impl(ServerOptions o, RequestHandler h)
      : options(std::move(o)),
        handler(std::move(h)),
        acceptor(net::make_strand(ioc)),
        signals(ioc),
        drain_timer(acceptor.get_executor()) {}

  void Accept();
  void BeginShutdown();
  void Register(const std::shared_ptr<Session>& s);
  void Unregister(Session* s);

  ServerOptions options;
  RequestHandler handler;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer drain_timer;
  std::atomic<bool> stopping{false};
  std::atomic<size_t> connections{0};
  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& server) : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    const auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string();
  }
  ~Session() {
    server_.Unregister(this);
    --server_.connections;
  }

  void Start(bool reject) {
    net::dispatch(stream_.get_executor(), [self = shared_from_this(), reject] {
      if (reject) {
        self->RespondAndClose(503, "unavailable", "Service unavailable",
                              "Too many connections; retry shortly.", 11);
      } else {
        self->Read();
      }
    });
  }

  // Runs on the session's strand: an idle connection is closed at once, a
  // busy one closes after its response.
  void CloseIfIdle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) {
        beast::error_code ec;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        self->stream_.socket().close(ec);
      }
    });
  }

  void ForceClose() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->stream_.socket().close(ec);
    });
  }

 private:
  void Read() {
    if (server_.stopping) return Close();
    parser_.emplace();
    parser_->body_limit(server_.options.body_limit);
    parser_->header_limit(static_cast<uint32_t>(server_.options.header_limit));
    stream_.expires_after(server_.options.request_timeout);
    idle_ = true;
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    idle_ = false;
    const int version = 11;
    if (ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
        ec == beast::error::timeout || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == net::error::bad_descriptor) {
      return Close();
    }
    if (ec == http::error::body_limit) {
      return RespondAndClose(
          413, "too-large", "Request body too large",
          "The body exceeds " + std::to_string(server_.options.body_limit) + " bytes.", version);
    }
    if (ec == http::error::header_limit) {
      return RespondAndClose(431, "headers-too-large", "Request headers too large",
                             "The request headers are too large.", version);
    }
    if (ec) {
      return RespondAndClose(400, "bad-request", "Bad request",
                             "The request is not well-formed HTTP.", version);
    }
    Handle(parser_->release());
  }

  void Handle(http::request<http::string_body> req) {
    const auto started = std::chrono::steady_clock::now();
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.remote = remote_;
    for (const auto& field : req) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      request.headers[name] = std::string(field.value());
    }
    const std::string& given_id = request.Header("x-request-id");
    request.request_id = IsSafeRequestId(given_id) ? given_id : NewRequestId();
    request.body = std::move(req.body());

    HttpResponse response;
    if (!ParseTarget(req.target(), request)) {
      response =
          HttpProblem(400, "bad-target", "Bad request target",
                      "The request target is not a valid path and query.", request.request_id);
    } else {
      try {
        response = server_.handler(request);
      } catch (const std::exception& e) {
        spdlog::error("{{\"request_id\":\"{}\",\"msg\":\"handler threw\",\"what\":{}}}",
                      request.request_id, boost::json::serialize(boost::json::value(e.what())));
        response = ProblemResponse(Internal(e.what()), request.request_id);
      }
    }
    const bool keep_alive = req.keep_alive() && !server_.stopping;
    Log(request, response, started);
    Write(std::move(response), request.request_id, req.version(), keep_alive);
  }

  void Log(const HttpRequest& request, const HttpResponse& response,
           std::chrono::steady_clock::time_point started) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    boost::json::object line;
    line["time"] = domain_time();
    line["request_id"] = request.request_id;
    line["method"] = request.method;
    line["path"] = request.path;
    line["status"] = response.status;
    line["duration_us"] = static_cast<int64_t>(us);
    spdlog::info(boost::json::serialize(line));
  }

  static std::string domain_time() {
    const auto now = std::chrono::system_clock::now();
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms % 1000));
    return buf;
  }

  void Write(HttpResponse r, const std::string& request_id, unsigned version, bool keep_alive) {
    auto res = BuildResponse(std::move(r), request_id, version, keep_alive);
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res, keep_alive](beast::error_code ec, size_t) {
                        if (ec || !keep_alive) return self->Close();
                        self->Read();
                      });
  }

  // Answers a request the server refuses to read (too large, malformed) and
  // then closes gently: stop sending, then read and discard what the client
  // is still sending for a moment. Closing with unread data would make the
  // kernel send a reset that can destroy the answer before the client reads it.
  void RespondAndClose(unsigned status, const char* slug, const char* title,
                       const std::string& detail, unsigned version) {
    const std::string id = NewRequestId();
    auto res = BuildResponse(HttpProblem(status, slug, title, detail, id), id, version, false);
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, size_t) {
                        if (ec) return self->Close();
                        beast::error_code ignored;
                        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                        self->stream_.expires_after(std::chrono::seconds(2));
                        self->Drain();
                      });
  }

  void Drain() {
    drain_buffer_.resize(size_t{64} * 1024);
    stream_.async_read_some(net::buffer(drain_buffer_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > size_t{16} * 1024 * 1024)
                                return self->Close();
                              self->Drain();
                            });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string remote_;
  bool idle_ = false;
  std::vector<char> drain_buffer_;
  size_t drained_ = 0;
};

void Server::Impl::Register(const std::shared_ptr<Session>& s) {
  std::lock_guard lock(sessions_mutex);
  sessions[s.get()] = s;
}

void Server::Impl::Unregister(Session* s) {
  std::lock_guard lock(sessions_mutex);
  sessions.erase(s);
  // The last connection gone during shutdown: no need to wait out the drain.
  if (stopping && sessions.empty()) {
    net::post(acceptor.get_executor(), [this] { drain_timer.cancel(); });
  }
}

void Server::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (!stopping && ec != net::error::operation_aborted) Accept();
      return;
    }
    const bool reject = ++connections > options.max_connections;
    auto session = std::make_shared<Session>(std::move(socket), *this);
    Register(session);
    session->Start(reject);
    if (!stopping) Accept();
  });
}

// Runs on the acceptor's strand, like the timer it arms.
void Server::Impl::BeginShutdown() {
  if (stopping.exchange(true)) return;
  beast::error_code ec;
  acceptor.close(ec);
  signals.cancel();
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& [raw, weak] : sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->CloseIfIdle();
  if (live.empty()) return;
  drain_timer.expires_after(options.drain_timeout);
  drain_timer.async_wait([this](beast::error_code ec) {
    if (ec) return;
    std::lock_guard lock(sessions_mutex);
    for (auto& [raw, weak] : sessions) {
      if (auto s = weak.lock()) s->ForceClose();
    }
  });
}

Server::Server(ServerOptions options, RequestHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() = default;

Status Server::Listen() {
  beast::error_code ec;
  const auto address = net::ip::make_address(impl_->options.address, ec);
  if (ec) return InvalidArgument("not an IP address: " + impl_->options.address);
  const tcp::endpoint endpoint{address, impl_->options.port};
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return MakeError(ErrorCode::kUnavailable, "cannot listen on " + impl_->options.address + ":" +
                                                  std::to_string(impl_->options.port) + ": " +
                                                  ec.message());
  }
  return Status::Ok();
}

uint16_t Server::port() const {
  beast::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

void Server::Run() {
  if (impl_->options.handle_signals) {
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGTERM);
    impl_->signals.async_wait([this](beast::error_code ec, int) {
      if (!ec) net::post(impl_->acceptor.get_executor(), [this] { impl_->BeginShutdown(); });
    });
  }
  impl_->Accept();
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.threads; ++i) {
    threads.emplace_back([this] { impl_->ioc.run(); });
  }
  impl_->ioc.run();
  for (auto& t : threads) t.join();
}

void Server::Shutdown() {
  net::post(impl_->acceptor.get_executor(), [this] { impl_->BeginShutdown(); });
}

}  // namespace threadline::api
